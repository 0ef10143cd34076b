import { Command, CommanderError, Option } from 'commander';
import { ConfigError, appVersion, environmentVariables, isAppError, type PlatformErrorCode, platformErrors } from '../platform/index.js';
import { backupCommand, restoreCommand } from './commands/backup.js';
import { migrateCommand } from './commands/migrate.js';
import { serveCommand } from './commands/serve.js';
import { type ExitCode, exitCodeFor, exitCodeHelp, exitCodes } from './exit-codes.js';

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
    const hint = error.code in platformErrors ? platformErrors[error.code as PlatformErrorCode].hint : undefined;
    process.stderr.write(`joinedup: ${error.title}.\n  ${error.message}\n${hint ? `  ${hint}\n` : ''}`);
    return error.code in platformErrors ? exitCodeFor(error.code as PlatformErrorCode) : exitCodes.unexpected;
  }
  process.stderr.write(`joinedup: unexpected failure: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  return exitCodes.unexpected;
}

