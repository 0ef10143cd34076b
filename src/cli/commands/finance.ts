import { verifyLedger } from '../../finance/index.js';
import { allMigrations } from '../../joinedup.js';
import { type ConfigFlags, loadConfig, migrate } from '../../platform/index.js';
import { withDatabase } from '../database.js';
import { type ExitCode, exitCodes } from '../exit-codes.js';

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
