// A pooled-budget manager's commands, on the embedded database: `finance fund` records the fund of the
// documented example (and refuses a document with problems, each with its path, recording nothing; and
// the same fund twice); `finance close` closes a month so the ledger refuses journals dated in it; and
// `finance reverse` corrects a journal once, however often it is run.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { runCli } from '../../test/support/cli.js';
import { fundPosition, listFunds, postActual } from '../finance/index.js';
import { type Db, openDatabase } from '../platform/index.js';

const dir = mkdtempSync(path.join(tmpdir(), 'joinedup-finance-fund-'));
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});
const dataDir = path.join(dir, 'db');
const run = (args: string[]) => runCli([...args, '--data-dir', dataDir]);
const withDb = async <T>(work: (db: Db) => Promise<T>): Promise<T> => {
  const db = await openDatabase({ dataDir });
  try {
    return await work(db);
  } finally {
    await db.close();
  }
};
const example = readFileSync(new URL('../../docs/finance/examples/fund.json', import.meta.url), 'utf8');

it('records a fund from a document, closes a month, and reverses a journal once', { timeout: 120_000 }, async () => {
  // A stream of no known kind, a budget in part pence, and a field the document does not have.
  const broken = example.replace('"kind": "nhs_minimum"', '"kind": "nhs"').replace('"amountPence": 550000000', '"amountPence": 12.5').replace(/^\{/, '{ "extra": true,');
  const brokenFile = path.join(dir, 'broken.json');
  writeFileSync(brokenFile, broken);
  const refused = await run(['finance', 'fund', '--input', brokenFile]);
  expect(refused.code).toBe(2);
  expect(refused.stderr).toMatch(/nothing was recorded/);
  for (const where of ['/streams/0/kind', '/schemes/1/funding/0/amountPence']) expect(refused.stderr).toContain(`  ${where}: `);
  expect(refused.stderr).toMatch(/extra/);
  expect(refused.stdout).toBe('');

  const file = path.join(dir, 'fund.json');
  writeFileSync(file, example);
  const recorded = await run(['finance', 'fund', '--input', file]);
  expect(recorded.code, recorded.stderr).toBe(0);
  // £4,500,000 + £5,500,000 + £1,000,000 + £2,000,000 + £2,000,000.
  expect(recorded.stdout).toBe('recorded Bayside Better Care Fund 2025-26 (bcf-2025-26), 2025-04-01 to 2026-03-31: 2 partners, 3 streams, 4 schemes, budget £15,000,000.00\n');
  const again = await run(['finance', 'fund', '--input', file]);
  expect(again.code).toBe(2);
  expect(again.stderr).toMatch(/already a pooled fund "bcf-2025-26"/);

  const invoice = await withDb(async (db) => {
    expect((await listFunds(db)).map((f) => f.id)).toEqual(['bcf-2025-26']);
    return postActual(db, 'bcf-2025-26', { schemeId: 'bcf-2025-26-reablement', kind: 'invoice', amountPence: 1_234_500, date: '2025-05-30', reference: 'INV-1', idempotencyKey: 'inv-1' }, 'test');
  });
  const closed = await run(['finance', 'close', '--period', '2025-05']);
  expect(closed.code, closed.stderr).toBe(0);
  expect(closed.stdout).toBe('closed 2025-05; closed periods: 2025-05\n');
  expect((await run(['finance', 'close', '--period', 'May'])).code).toBe(2);
  await withDb(async (db) => {
    const late = postActual(db, 'bcf-2025-26', { schemeId: 'bcf-2025-26-reablement', kind: 'invoice', amountPence: 100, date: '2025-05-31', reference: 'INV-2', idempotencyKey: 'inv-2' }, 'test');
    await expect(late).rejects.toMatchObject({ code: 'period_closed' });
  });

  // The correction of a closed month's journal is dated in an open one.
  const reversed = await run(['finance', 'reverse', '--journal', invoice.id, '--reason', 'invoice sent twice', '--date', '2025-06-02']);
  expect(reversed.code, reversed.stderr).toBe(0);
  expect(reversed.stdout).toMatch(new RegExp(`^reversed by journal \\d+ \\(number 2\\), dated 2025-06-02: `));
  const twice = await run(['finance', 'reverse', '--journal', invoice.id, '--reason', 'invoice sent twice', '--date', '2025-06-02']);
  expect(twice.code, twice.stderr).toBe(0);
  expect(twice.stdout).toMatch(/^already reversed by journal \d+ \(number 2\)/);
  await withDb(async (db) => {
    const position = await fundPosition(db, 'bcf-2025-26', '2025-06-30');
    expect(position.schemes.find((s) => s.id === 'bcf-2025-26-reablement')?.actualPence).toBe(0);
    expect((await fundPosition(db, 'bcf-2025-26', '2025-05-31')).schemes.find((s) => s.id === 'bcf-2025-26-reablement')?.actualPence).toBe(1_234_500);
  });
  const verify = await run(['finance', 'verify']);
  expect(verify.code, verify.stdout).toBe(0);
});
