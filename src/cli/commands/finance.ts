import os from 'node:os';
import { closedPeriods, closePeriod, defineFund, fundDefinitionOf, pounds, reverseJournal, verifyLedger, type FundDefinition } from '../../finance/index.js';
import { allMigrations } from '../../joinedup.js';
import { type ConfigFlags, isAppError, loadConfig, migrate } from '../../platform/index.js';
import { withDatabase } from '../database.js';
import { type ExitCode, exitCodes } from '../exit-codes.js';
import { readJsonInput, reportDocumentProblems } from '../json-input.js';

/** What `joinedup finance verify` checks, as it says before the result. */
const checks = [
  'each journal has all its lines (numbered 1 to n, at least two) and they sum to 0',
  'journals are numbered 1, 2, 3 … with no gap, up to the ledger\'s head',
  'each reversal is its original with the signs turned',
  'nothing was posted into a period after it was closed',
  'no idempotency key was posted twice',
  'the trial balance (every account\'s balance, summed from its postings) is 0',
];

/**
 * `joinedup finance verify`: checks every invariant of the ledger in one snapshot and lists each
 * problem with the journal or account it is in (exit 9), or says the books balance (exit 0).
 */
export async function financeVerifyCommand(flags: Pick<ConfigFlags, 'dataDir'>): Promise<ExitCode> {
  return withDatabase(loadConfig(flags), async (db) => {
    await migrate(db, allMigrations());
    const result = await verifyLedger(db);
    const n = (x: number): string => x.toLocaleString('en-GB');
    process.stdout.write(`checked ${n(result.journals)} journals and ${n(result.lines)} lines:\n${checks.map((c) => `  - ${c}\n`).join('')}`);
    if (!result.ok) {
      for (const p of result.problems) {
        const where = p.journal !== undefined ? `journal id ${p.journal}` : p.account !== undefined ? `account ${p.account}` : 'ledger';
        process.stdout.write(`${p.code}  ${where}  ${p.message}\n`);
      }
      process.stderr.write(`joinedup: finance verify: the books are wrong: ${n(result.problems.length)} problem(s) listed above\n`);
      return exitCodes.booksWrong;
    }
    process.stdout.write('ok: the books balance and every invariant holds\n');
    return exitCodes.ok;
  });
}

const operator = (): string => `${os.userInfo().username} (command line)`;

/**
 * `joinedup finance fund --input fund.json`: records a pooled fund — partners, funding streams,
 * schemes with their budgets, the risk-share agreement — from a document (docs/finance/pooled-fund.md).
 * A document with problems is refused with each one and its path (exit 2), and nothing is recorded.
 */
export async function financeFundCommand(flags: Pick<ConfigFlags, 'dataDir'> & { input: string }): Promise<ExitCode> {
  const read = await readJsonInput(flags.input);
  if (read === undefined) return exitCodes.usage;
  let definition: FundDefinition;
  try {
    definition = fundDefinitionOf(read.document);
  } catch (error) {
    if (!isAppError(error) || error.code !== 'finance_input_invalid') throw error;
    reportDocumentProblems(flags.input, error.errors, 'recorded');
    return exitCodes.usage;
  }
  return withDatabase(loadConfig(flags), async (db) => {
    await migrate(db, allMigrations());
    const fund = await defineFund(db, definition, operator());
    const budget = definition.schemes.reduce((a, s) => a + s.funding.reduce((b, f) => b + f.amountPence, 0), 0);
    process.stdout.write(`recorded ${fund.name} (${fund.id}), ${fund.startDate} to ${fund.endDate}: ${definition.partners.length} partners, ${definition.streams.length} streams, ${definition.schemes.length} schemes, budget ${pounds(budget)}\n`);
    return exitCodes.ok;
  });
}

/** `joinedup finance close --period YYYY-MM`: closes a month; the ledger refuses journals dated in it from then on. */
export async function financeCloseCommand(flags: Pick<ConfigFlags, 'dataDir'> & { period: string }): Promise<ExitCode> {
  return withDatabase(loadConfig(flags), async (db) => {
    await migrate(db, allMigrations());
    await closePeriod(db, { period: flags.period, by: operator() });
    const closed = await closedPeriods(db);
    process.stdout.write(`closed ${flags.period}; closed periods: ${closed.map((c) => c.period).join(', ')}\n`);
    return exitCodes.ok;
  });
}

/**
 * `joinedup finance reverse --journal ID --reason R [--date D]`: corrects a journal by posting its
 * reversal (the same lines with the signs turned), dated today unless told; running it again posts nothing more.
 */
export async function financeReverseCommand(flags: Pick<ConfigFlags, 'dataDir'> & { journal: string; reason: string; date?: string }): Promise<ExitCode> {
  return withDatabase(loadConfig(flags), async (db) => {
    await migrate(db, allMigrations());
    const reversal = await reverseJournal(db, flags.journal, {
      idempotencyKey: `reverse:${flags.journal}`, date: flags.date ?? new Date().toISOString().slice(0, 10), by: operator(), reason: flags.reason,
    });
    process.stdout.write(`${reversal.replayed ? 'already reversed by' : 'reversed by'} journal ${reversal.id} (number ${reversal.sequence}), dated ${reversal.date}: ${reversal.description}\n`);
    return exitCodes.ok;
  });
}
