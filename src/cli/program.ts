import { Command, CommanderError, Option } from 'commander';
import type { ConfigFlags } from '../platform/index.js';
import { ConfigError, appVersion, environmentVariables, isAppError, type PlatformErrorCode, platformErrors } from '../platform/index.js';
import { backupCommand, restoreCommand } from './commands/backup.js';
import { migrateCommand } from './commands/migrate.js';
import { serveCommand } from './commands/serve.js';
import { synthCommand, type SynthFlags } from './commands/synth.js';
import { importCommand, type ImportFlags } from './commands/import.js';
import { demoCommand } from './commands/demo.js';
import { linkCommand, type LinkFlags } from './commands/link.js';
import { auditVerifyCommand } from './commands/audit.js';
import { financeCloseCommand, financeFundCommand, financeReverseCommand, financeVerifyCommand } from './commands/finance.js';
import { chargeCommand } from './commands/charge.js';
import {
  riskAreasCommand, riskEvaluateCommand, riskFrailtyCommand, riskImpactCommand, riskModelsCommand, riskRecalibrateCommand, riskScoreCommand, riskTrainCommand,
} from './commands/risk.js';
import { accountCreateCommand, accountResetTwoStepCommand, organisationCreateCommand, teamAddCommand, teamCreateCommand } from './commands/account.js';
import { clientCreateCommand, clientDisableCommand, clientListCommand, tokenCommand, type ClientCreateFlags } from './commands/client.js';
import { identityProviderAddCommand, type IdentityProviderAddFlags, identityProviderEnableCommand, identityProviderListCommand } from './commands/identity-provider.js';
import { type ExitCode, exitCodeFor, exitCodeHelp, exitCodes } from './exit-codes.js';
import { importKinds } from '../record/index.js';
import { capabilities } from '../joinedup.js';

const dataDirOption = (): Option =>
  new Option('--data-dir <dir>', 'folder of the embedded database (default ./data; ignored when DATABASE_URL is set)');

/** Builds the `joinedup` command line; each action resolves to the process exit code. */
function buildProgram(setExit: (code: ExitCode) => void): Command {
  const program = new Command('joinedup')
    .description('Joined Up: one record, one plan, one team around the person.')
    .version(appVersion, '-V, --version', 'print the version')
    .helpOption('-h, --help', 'show help for a command')
    .showHelpAfterError('(run with --help to see the options)')
    .exitOverride()
    .configureOutput({ outputError: (text, write) => { write(`joinedup: ${text.replace(/^error: /, '')}`); } })
    .addHelpText(
      'after',
      `\nEnvironment:\n${Object.entries(environmentVariables).map(([k, v]) => `  ${k.padEnd(18)} ${v}`).join('\n')}\n\n${exitCodeHelp}`,
    );

  program
    .command('serve')
    .description('start the server: web UI, JSON API and API docs (what `npm start` runs)')
    .option('--port <port>', 'HTTP port (default 8080, or PORT)')
    .option('--host <host>', 'address to listen on (default localhost, or HOST)')
    .addOption(dataDirOption())
    .option('--log-level <level>', 'fatal, error, warn, info, debug, trace or silent (default info)')
    .action(async (flags: { port?: string; host?: string; dataDir?: string; logLevel?: string }) => {
      setExit(await serveCommand(flags));
    });

  program
    .command('migrate')
    .description('bring the database schema up to this version (also done by serve at start)')
    .addOption(dataDirOption())
    .option('--check', 'change nothing: list pending migrations and exit 4 if there are any')
    .action(async (flags: { dataDir?: string; check?: boolean }) => {
      setExit(await migrateCommand(flags));
    });

  program
    .command('backup')
    .description('write a backup of every capability\'s data to a file (restores into either backend)')
    .argument('<file>', 'backup file to write (gzip-compressed; .jub.gz by convention)')
    .addOption(dataDirOption())
    .action(async (file: string, flags: { dataDir?: string }) => {
      setExit(await backupCommand(file, flags));
    });

  program
    .command('restore')
    .description('restore a backup into a new database (or over an existing one with --replace)')
    .argument('<file>', 'backup file written by `joinedup backup`')
    .addOption(dataDirOption())
    .option('--replace', 'overwrite the data of an existing installation')
    .action(async (file: string, flags: { dataDir?: string; replace?: boolean }) => {
      setExit(await restoreCommand(file, flags));
    });

  program
    .command('import')
    .description('import records from a source system: FHIR JSON or NDJSON, or the hospital, community and council CSVs; a folder imports every file in it')
    .argument('<path>', 'a file, a folder of one source\'s files, or the folder of a synthetic locality (its gp/, hospital/, community/ and council/ go to those sources)')
    .option('--source <id>', 'the source system the records come from (gp, hospital, community, council, or one registered with POST /api/sources)')
    .option('--kind <kind>', `what the file holds when it cannot be told from its name and header: ${importKinds.join(', ')}`)
    .addOption(dataDirOption())
    .action(async (target: string, flags: ImportFlags) => {
      setExit(await importCommand(target, flags));
    });

  program
    .command('demo')
    .description('generate a synthetic locality (20,000 people) and load it through the importers, so that the server shows a living place')
    .option('--people <n>', 'people in the place (default 20,000)')
    .option('--seed <n>', 'random seed (default 1)')
    .addOption(dataDirOption())
    .action(async (flags: { people?: string; seed?: string; dataDir?: string }) => {
      setExit(await demoCommand(flags));
    });

  program
    .command('synth')
    .description('generate a synthetic locality: people, records from every source system (with their errors), the truth, and a calibration report')
    .option('--people <n>', 'people in the place, 1,000 to 2,000,000 (required)')
    .option('--seed <n>', 'random seed; the same seed and options give byte-identical output (default 1)')
    .option('--out <dir>', 'output folder, new or empty (required)')
    .option('--force', 'replace the output folder if it is not empty')
    .option('--years <n>', 'years of history, 3 to 10 (default 3)')
    .option('--start <date>', 'first day of the period, YYYY-MM-DD (default 2023-04-01)')
    .option('--older-share <share>', 'share aged 65+, 0.05 to 0.5 (default 0.27, an older coastal place)')
    .option('--postcode-area <letters>', 'postcode area of the place (default ZQ, which is no real area)')
    .option('--source-errors <file>', 'JSON file of error rates per source system, e.g. {"council":{"nhsNumberMissing":0.1}}')
    .option('--workers <n>', 'worker threads (default: one per CPU; 0 runs in one thread)')
    .action(async (flags: SynthFlags) => {
      setExit(await synthCommand(flags));
    });

  program
    .command('link')
    .description('probabilistic record linkage: with no files, re-link the person index (merging people, queueing uncertain pairs for review); or link two CSV files of person records, or find the duplicates within one (settings: docs/linkage/README.md)')
    .addOption(dataDirOption())
    .option('--left <file>', 'first CSV file to link')
    .option('--right <file>', 'second CSV file to link')
    .option('--dedupe <file>', 'CSV file to find duplicates within (instead of --left and --right)')
    .option('--settings <file>', 'linkage settings, JSON (required for files, e.g. docs/linkage/febrl.json; the person index uses docs/linkage/person-index.json unless given)')
    .option('--out <file>', 'CSV of pairs to write: id_l,id_r,match_weight,match_probability (required)')
    .option('--threshold <p>', 'write pairs with at least this match probability (default: the review threshold in the settings)')
    .option('--evaluate <file>', 'CSV of true pairs (two id columns): print precision, recall and F1, and the best threshold')
    .option('--clusters <file>', 'with --dedupe, also write each record\'s cluster: id,cluster_id')
    .option('--model <file>', 'also write the estimated model (m, u and weight per level, prior) as JSON')
    .option('--explain', 'add each field\'s level and weight to the pairs file')
    .action(async (flags: LinkFlags) => {
      setExit(await linkCommand(flags));
    });

  program
    .command('organisation')
    .description('organisations people work for')
    .command('create')
    .description('add an organisation (a GP practice, trust, council, care provider, voluntary organisation or ICB)')
    .addOption(dataDirOption())
    .option('--id <id>', 'short id, e.g. bay-practice')
    .option('--name <name>', 'its name')
    .option('--kind <kind>', 'gp-practice, nhs-trust, community-provider, council, care-provider, voluntary or icb')
    .option('--ods-code <code>', 'its ODS code, if it has one (a GP practice\'s registered patients are found by it)')
    .option('--sources <ids>', 'the source systems it runs, comma-separated: the care their records show is its care')
    .action(async (flags: Pick<ConfigFlags, 'dataDir'> & { id?: string; name?: string; kind?: string; odsCode?: string; sources?: string }) => {
      setExit(await organisationCreateCommand(flags));
    });

  const team = program.command('team').description('teams of staff who work together around people (a practice-aligned multidisciplinary team)');
  team
    .command('create')
    .description('add a team hosted by an organisation (its members may come from others)')
    .addOption(dataDirOption())
    .option('--id <id>', 'short id, e.g. bay-north-mdt')
    .option('--name <name>', 'its name, e.g. "Bay North integrated team"')
    .option('--organisation <id>', 'the organisation that hosts it')
    .action(async (flags: Pick<ConfigFlags, 'dataDir'> & { id?: string; name?: string; organisation?: string }) => {
      setExit(await teamCreateCommand(flags));
    });
  team
    .command('add')
    .description('add staff to a team: a team on a person\'s care team lets every member see their record')
    .addOption(dataDirOption())
    .option('--team <id>', 'the team')
    .option('--usernames <names>', 'the staff to add, comma-separated')
    .action(async (flags: Pick<ConfigFlags, 'dataDir'> & { team?: string; usernames?: string }) => {
      setExit(await teamAddCommand(flags));
    });

  const account = program.command('account').description('accounts: staff, the person\'s own and carers\'');
  account
    .command('create')
    .description('create an account; the password is read from standard input (not shown on a terminal)')
    .addOption(dataDirOption())
    .option('--username <username>', 'what they sign in with, e.g. ada.okafor')
    .option('--name <name>', 'their name as records show it, e.g. "Dr Ada Okafor"')
    .option('--role <role>', 'gp, practice-nurse, district-nurse, social-worker, occupational-therapist, care-coordinator, home-care-provider, discharge-team, commissioner, ig-lead, administrator, person (their own account) or carer')
    .option('--organisation <id>', 'the organisation they work for (joinedup organisation create)')
    .option('--nhs-number <number>', 'with --role person: whose account it is')
    .option('--without-password', 'no password: they sign in only through an identity provider (joinedup identity-provider add)')
    .action(async (flags: Pick<ConfigFlags, 'dataDir'> & { username?: string; name?: string; role?: string; organisation?: string; nhsNumber?: string; withoutPassword?: boolean }) => {
      setExit(await accountCreateCommand(flags));
    });
  account
    .command('reset-two-step')
    .description('turn two-step verification off for an account (a lost phone); they can set it up again on their Account page')
    .addOption(dataDirOption())
    .option('--username <username>', 'the account\'s username')
    .action(async (flags: Pick<ConfigFlags, 'dataDir'> & { username?: string }) => {
      setExit(await accountResetTwoStepCommand(flags));
    });

  const identityProvider = program.command('identity-provider').description('OpenID Connect identity providers staff can sign in through (NHS CIS2, a council\'s own)');
  identityProvider
    .command('add')
    .description('add an identity provider; the client secret is read from standard input (not shown on a terminal; empty for none)')
    .addOption(dataDirOption())
    .option('--id <id>', 'short id, in the sign-in address: /api/sign-in/ID/callback is the redirect URI to register at the provider')
    .option('--name <name>', 'its name, as the sign-in button shows it: "Sign in with NAME"')
    .option('--issuer <url>', 'its issuer URL (https; its /.well-known/openid-configuration must answer)')
    .option('--client-id <id>', 'the client id the provider gave this site')
    .option('--scopes <scopes>', 'scopes to ask for, separated by spaces (default "openid profile email")')
    .option('--claim <claim>', 'the claim whose value is the account\'s username here (default preferred_username; e.g. email)')
    .action(async (flags: IdentityProviderAddFlags) => {
      setExit(await identityProviderAddCommand(flags));
    });
  identityProvider
    .command('list')
    .description('list the identity providers: id, name, issuer, client id, scopes, claim, enabled (tab-separated; never the secret)')
    .addOption(dataDirOption())
    .action(async (flags: Pick<ConfigFlags, 'dataDir'>) => {
      setExit(await identityProviderListCommand(flags));
    });
  for (const [name, enabled] of [['enable', true], ['disable', false]] as const) {
    identityProvider
      .command(name)
      .description(enabled ? 'offer sign-in through an identity provider again' : 'stop offering sign-in through an identity provider (its links to accounts are kept)')
      .addOption(dataDirOption())
      .option('--id <id>', 'the provider\'s id')
      .action(async (flags: Pick<ConfigFlags, 'dataDir'> & { id?: string }) => {
        setExit(await identityProviderEnableCommand(flags, enabled));
      });
  }

  const client = program.command('client').description('systems and apps that use the API with OAuth 2.0 (docs/access/oauth.md)');
  client
    .command('create')
    .description('register a system (client credentials) or, with --app, an app (authorization code with PKCE); prints the client id and, once, the secret')
    .addOption(dataDirOption())
    .option('--name <name>', 'its name, e.g. "Bayside Hospital PAS" (the client id is made from it)')
    .option('--scopes <scopes>', 'the SMART scopes it may be given, space-separated, e.g. "system/*.rs system/Patient.cruds" (an app: user/ scopes)')
    .option('--app', 'an app acting for the person who approves it, rather than a system acting as itself')
    .option('--public', 'with --app: an app that cannot keep a secret (in a browser or on a phone); it proves itself with PKCE alone')
    .option('--redirect-uri <url>', 'with --app: where the person is sent back with the code (repeat for more than one)', (value: string, previous: string[]) => [...previous, value], [] as string[])
    .action(async (flags: ClientCreateFlags) => {
      setExit(await clientCreateCommand(flags));
    });
  client
    .command('list')
    .description('list the registered clients, their scopes and whether they are disabled')
    .addOption(dataDirOption())
    .action(async (flags: Pick<ConfigFlags, 'dataDir'>) => {
      setExit(await clientListCommand(flags));
    });
  client
    .command('disable')
    .description('disable a client: it gets no more tokens, and the ones it has stop working within 30 seconds')
    .addOption(dataDirOption())
    .option('--client <id>', 'the client id (joinedup client list)')
    .action(async (flags: Pick<ConfigFlags, 'dataDir'> & { client?: string }) => {
      setExit(await clientDisableCommand(flags));
    });

  program
    .command('token')
    .description('print a 15-minute access token for a system, for scripts and integrations (as POST /oauth/token gives it)')
    .addOption(dataDirOption())
    .option('--client <client>', 'the system\'s client id or name')
    .option('--scopes <scopes>', 'narrower scopes than the client\'s own, space-separated (default: all of them)')
    .action(async (flags: Pick<ConfigFlags, 'dataDir'> & { client?: string; scopes?: string }) => {
      setExit(await tokenCommand(flags));
    });

  const audit = program.command('audit').description('the audit trail of every interaction with person data');
  audit
    .command('verify')
    .description('recompute the audit trail\'s hash chain and say where it breaks (exit 8); prints the head hash to keep elsewhere')
    .addOption(dataDirOption())
    .option('--expect <hash>', 'the head hash kept from an earlier run: a rewritten trail ends with another')
    .action(async (flags: Pick<ConfigFlags, 'dataDir'> & { expect?: string }) => {
      setExit(await auditVerifyCommand(flags));
    });

  program
    .command('charge')
    .description('the Care Act financial assessment of a JSON document, as JSON on standard output: weekly charge, what the council pays, the calculation line by line (docs/finance/charging.md)')
    .requiredOption('--input <file>', 'JSON: {"setting", "financial_year", "person", "capital_pence", "income": [{"type", "amount_pence", "period"}], "housing_costs", "dre", "weekly_cost_pence", "policy"}')
    .action(async (flags: { input: string }) => {
      setExit(await chargeCommand(flags));
    });

  const finance = program.command('finance').description('the pooled fund\'s ledger: double-entry, append-only, in pence (docs/finance/ledger.md)');
  finance
    .command('verify')
    .description('check every invariant of the ledger (each journal whole and balanced, no gaps in the sequence, reversals, closed periods, the trial balance) and list each problem with where it is (exit 9)')
    .addOption(dataDirOption())
    .action(async (flags: Pick<ConfigFlags, 'dataDir'>) => {
      setExit(await financeVerifyCommand(flags));
    });

  finance
    .command('fund')
    .description('record a pooled fund — partners, funding streams, schemes with their budgets, the risk-share agreement — from a JSON document (docs/finance/pooled-fund.md); a document with problems is refused with each one and its path (exit 2)')
    .requiredOption('--input <file>', 'the fund document (JSON)')
    .addOption(dataDirOption())
    .action(async (flags: Pick<ConfigFlags, 'dataDir'> & { input: string }) => {
      setExit(await financeFundCommand(flags));
    });
  finance
    .command('close')
    .description('close an accounting month: the ledger refuses journals dated in it from then on (a correction goes in an open month)')
    .requiredOption('--period <YYYY-MM>', 'the month to close')
    .addOption(dataDirOption())
    .action(async (flags: Pick<ConfigFlags, 'dataDir'> & { period: string }) => {
      setExit(await financeCloseCommand(flags));
    });
  finance
    .command('reverse')
    .description('correct a journal by posting its reversal (its lines with the signs turned); a journal is reversed once')
    .requiredOption('--journal <id>', 'the journal\'s id')
    .requiredOption('--reason <text>', 'why it is reversed (kept with the reversal)')
    .option('--date <YYYY-MM-DD>', 'the reversal\'s accounting date (default today)')
    .addOption(dataDirOption())
    .action(async (flags: Pick<ConfigFlags, 'dataDir'> & { journal: string; reason: string; date?: string }) => {
      setExit(await financeReverseCommand(flags));
    });

  const risk = program.command('risk').description('case-finding: frailty and the risk of emergency admission');
  risk
    .command('frailty')
    .description('the eFI and HFRS of each person in a JSON file, as JSON on standard output (docs/risk/frailty.md)')
    .requiredOption('--input <file>', 'JSON: {"index_date", "people": [{"id", "birth_date", "efi_deficits", "conditions", "active_medications", "admissions"}]}')
    .action(async (flags: { input: string }) => {
      setExit(await riskFrailtyCommand(flags));
    });
  risk
    .command('areas')
    .description('load the deprivation decile of each postcode sector (IMD; a synthetic locality\'s place/neighbourhoods.csv)')
    .addOption(dataDirOption())
    .requiredOption('--input <file>', 'CSV with columns postcode_sector and deprivation_decile (or imd_decile), 1 = most deprived')
    .action(async (flags: Pick<ConfigFlags, 'dataDir'> & { input: string }) => {
      setExit(await riskAreasCommand(flags));
    });
  risk
    .command('train')
    .description('fit the emergency-admission model on the record: features on --index-date, admissions in the 12 months after; stored as a new version, tested on the next year when it has passed')
    .addOption(dataDirOption())
    .option('--index-date <date>', 'YYYY-MM-DD; its 12 months must have passed')
    .option('--validate-on <date>', 'a later index date to test on (temporal validation; default a year later, when that year has passed)')
    .option('--synthetic <people>', 'instead of the record: train on a synthetic locality of this many people, simulated in memory (a starting model to recalibrate locally)')
    .option('--seed <n>', 'with --synthetic: the locality\'s seed (default 2026)')
    .option('--activate', 'score the population with this version from now on')
    .action(async (flags: Pick<ConfigFlags, 'dataDir'> & { indexDate?: string; validateOn?: string; activate?: boolean; synthetic?: string; seed?: string }) => {
      setExit(await riskTrainCommand(flags));
    });
  risk
    .command('recalibrate')
    .description('recalibrate a stored model on local outcomes (its intercept and slope), as a new version')
    .addOption(dataDirOption())
    .requiredOption('--index-date <date>', 'YYYY-MM-DD: the local year to recalibrate on; its 12 months must have passed')
    .option('--model <version>', 'the version to recalibrate (default the active one)')
    .option('--activate', 'score the population with the recalibrated version from now on')
    .action(async (flags: Pick<ConfigFlags, 'dataDir'> & { indexDate: string; model?: string; activate?: boolean }) => {
      setExit(await riskRecalibrateCommand(flags));
    });
  risk
    .command('score')
    .description('score everyone alive on the index date and write the case-finding worklists (run it nightly)')
    .addOption(dataDirOption())
    .option('--model <version>', 'the version to score with (default the active one)')
    .option('--index-date <date>', 'YYYY-MM-DD (default today)')
    .action(async (flags: Pick<ConfigFlags, 'dataDir'> & { model?: string; indexDate?: string }) => {
      setExit(await riskScoreCommand(flags));
    });
  risk
    .command('impact')
    .description('judge case management: the people enrolled from a scoring run against matched controls (never before and after), over the year after its index date')
    .addOption(dataDirOption())
    .requiredOption('--out <file>', 'where to write the comparison as JSON')
    .option('--run <id>', 'the scoring run (default the latest with anyone enrolled from it)')
    .action(async (flags: Pick<ConfigFlags, 'dataDir'> & { out: string; run?: string }) => {
      setExit(await riskImpactCommand(flags));
    });
  risk
    .command('models')
    .description('list the stored model versions, newest first, with their temporal validation')
    .addOption(dataDirOption())
    .action(async (flags: Pick<ConfigFlags, 'dataDir'>) => {
      setExit(await riskModelsCommand(flags));
    });
  risk
    .command('evaluate')
    .description('judge a model (docs/risk/README.md): report.json and, with --html, a page with plots; beside the true risk with --truth or --synthetic')
    .addOption(dataDirOption())
    .requiredOption('--out <file>', 'where to write report.json')
    .option('--html <file>', 'also write the report as an HTML page with plots')
    .option('--model <version>', 'the stored version to judge (default the active one)')
    .option('--index-date <date>', 'YYYY-MM-DD: features on this date, admissions in the 12 months after')
    .option('--truth <dir>', 'a synthetic locality\'s folder: put its true risk (the oracle) beside the model')
    .option('--synthetic <people>', 'no database: simulate a locality of this many people, train on one year and test on the next, beside the truth')
    .option('--seed <n>', 'with --synthetic: the locality\'s seed (default 2026)')
    .action(async (flags: Pick<ConfigFlags, 'dataDir'> & { out: string; html?: string; model?: string; indexDate?: string; truth?: string; synthetic?: string; seed?: string }) => {
      setExit(await riskEvaluateCommand(flags));
    });

  return program;
}

/** Runs the CLI with the given arguments and returns the exit code; never throws. */
export async function run(argv: readonly string[]): Promise<ExitCode> {
  let code: ExitCode = exitCodes.ok;
  const program = buildProgram((c) => (code = c));
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return code;
  } catch (error) {
    return reportFailure(error);
  }
}

function reportFailure(error: unknown): ExitCode {
  if (error instanceof CommanderError) {
    return error.code === 'commander.helpDisplayed' || error.code === 'commander.version' || error.code === 'commander.help' ? exitCodes.ok : exitCodes.usage;
  }
  if (error instanceof ConfigError) {
    process.stderr.write(`joinedup: ${error.message}\n`);
    return exitCodes.usage;
  }
  if (isAppError(error)) {
    // Each capability's catalogue has the hint for its codes.
    const hint = (error.code in platformErrors ? platformErrors[error.code as PlatformErrorCode] : capabilities.map((c) => c.errors?.[error.code]).find((e) => e !== undefined))?.hint;
    process.stderr.write(`joinedup: ${error.title}.\n  ${error.message}\n${error.errors.map((e) => `  ${e.path}: ${e.message}\n`).join('')}${hint ? `  ${hint}\n` : ''}`);
    if (error.code in platformErrors) return exitCodeFor(error.code as PlatformErrorCode);
    return error.status < 500 ? exitCodes.usage : exitCodes.unexpected;
  }
  process.stderr.write(`joinedup: unexpected failure: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  return exitCodes.unexpected;
}

