// `joinedup finance verify` as an operator runs it, on each backend: it says what it checked and that
// the books balance (exit 0); on a ledger changed behind its back it lists each problem with where
// it is (exit 9). A backup of the installation restores a ledger that verifies and takes postings.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../../test/support/cli.js';
import { backends } from '../../test/support/databases.js';
import { ensureAccounts, postJournal, postJournals, reverseJournal } from '../finance/index.js';
import { allMigrations } from '../joinedup.js';
import { type Db, migrate, openDatabase } from '../platform/index.js';

const dir = mkdtempSync(path.join(tmpdir(), 'joinedup-finance-cli-'));
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

const invoice = (key: string, pence: number) => ({
  idempotencyKey: key, date: '2025-06-02', description: `Invoice ${key}`, by: 'cli-test',
  lines: [{ account: 'bcf:spend', amountPence: pence, schemeId: 'reablement' }, { account: 'bcf:bank', amountPence: -pence }],
});

describe.each(backends.filter((b) => b.available))('joinedup finance verify ($name)', (backend) => {
  const dataDir = path.join(dir, `db-${backend.name}`);
  let env: Record<string, string> = {};
  let dispose: (() => Promise<void>) | undefined;
  const run = (args: string[], at = dataDir) => runCli([...args, ...(backend.name === 'pglite' ? ['--data-dir', at] : [])], env);
  const withDb = async <T>(work: (db: Db) => Promise<T>): Promise<T> => {
    const db = await openDatabase(backend.name === 'pglite' ? { dataDir } : { databaseUrl: env.DATABASE_URL ?? '' });
    try {
      return await work(db);
    } finally {
      await db.close();
    }
  };
  afterAll(async () => {
    await dispose?.();
  });

  it('says the books balance, then lists each problem with where it is when they do not (exit 9)', { timeout: 120_000 }, async () => {
    if (backend.name === 'postgres') {
      const fresh = await backend.open();
      env = { DATABASE_URL: fresh.url ?? '' };
      dispose = () => fresh.dispose();
    }
    const empty = await run(['finance', 'verify']);
    expect(empty.code, empty.stderr).toBe(0);
    expect(empty.stdout).toMatch(/^checked 0 journals and 0 lines:/);

    const ids = await withDb(async (db) => {
      await migrate(db, allMigrations());
      await ensureAccounts(db, [{ code: 'bcf:bank', name: 'Bank', kind: 'asset' }, { code: 'bcf:spend', name: 'Spend', kind: 'expense' }]);
      const posted = await postJournals(db, Array.from({ length: 40 }, (_, i) => invoice(`inv-${i}`, 1000 + i)));
      await reverseJournal(db, posted[3]?.id ?? '', { idempotencyKey: 'rev-3', date: '2025-06-03', by: 'cli-test', reason: 'duplicate invoice' });
      return posted.map((j) => j.id);
    });
    const good = await run(['finance', 'verify']);
    expect(good.code, good.stderr).toBe(0);
    expect(good.stdout).toMatch(/^checked 41 journals and 82 lines:\n {2}- each journal has all its lines/);
    expect(good.stdout).toMatch(/no gap/);
    expect(good.stdout).toMatch(/ok: the books balance and every invariant holds\n$/);

    // A backup of the whole installation restores into a new database whose ledger verifies and goes on.
    if (backend.name === 'pglite') {
      const file = path.join(dir, 'site.jub.gz');
      expect((await run(['backup', file])).code).toBe(0);
      const restoredDir = path.join(dir, 'restored');
      const restored = await run(['restore', file], restoredDir);
      expect(restored.code, restored.stderr).toBe(0);
      const again = await run(['finance', 'verify'], restoredDir);
      expect(again.code, again.stderr).toBe(0);
      expect(again.stdout).toMatch(/^checked 41 journals and 82 lines/);
      const db = await openDatabase({ dataDir: restoredDir });
      try {
        expect((await postJournal(db, invoice('after-restore', 5))).sequence).toBe(42);
      } finally {
        await db.close();
      }
    }

    await withDb(async (db) => {
      for (const sql of [
        'ALTER TABLE finance.journal_line DISABLE TRIGGER USER',
        `UPDATE finance.journal_line SET amount_pence = amount_pence + 1 WHERE journal_id = ${ids[7]} AND line = 1`,
        `DELETE FROM finance.journal_line WHERE journal_id = ${ids[9]} AND line = 2`,
        'ALTER TABLE finance.journal_line ENABLE TRIGGER USER',
      ]) await db.exec(sql);
    });
    const bad = await run(['finance', 'verify']);
    expect(bad.code).toBe(9);
    expect(bad.stdout).toContain(`journal_unbalanced  journal id ${ids[7]}  journal 8 (id ${ids[7]}) does not balance: its lines sum to 1 pence`);
    expect(bad.stdout).toContain(`journal_incomplete  journal id ${ids[9]}  journal 10 (id ${ids[9]}) should have lines 1 to 2; it has 1`);
    expect(bad.stdout).toMatch(/trial_balance {2}ledger {2}the balances of all 2 accounts sum to 1010 pence/);
    expect(bad.stderr).toMatch(/the books are wrong: \d+ problem\(s\) listed above/);
  });
});

it('documents exit code 9 in the help', async () => {
  const help = await runCli(['--help']);
  expect(help.stdout).toMatch(/^ {2}9 {2}finance verify: the ledger breaks an invariant/m);
  const verify = await runCli(['finance', 'verify', '--help']);
  expect(verify.stdout.replace(/\s+/g, ' ')).toMatch(/list each problem with where it is \(exit 9\)/);
});
