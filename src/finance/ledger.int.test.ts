// The ledger on each backend: double entry in pence, idempotent postings, gapless numbering in
// commit order, all-or-none batches, reversal, period close, the database refusing changes, balances
// derived from the postings, `verifyLedger` finding a ledger changed behind its back, and a backup
// of the finance schema that restores whole.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { backends, freshDatabaseEach } from '../../test/support/databases.js';
import { rejection } from '../../test/support/errors.js';
import { checkBackup, type Db, errorCode, loadMigrations, migrate, platformCapability, restoreBackup, writeBackup } from '../platform/index.js';
import {
  balances, closePeriod, ensureAccounts, getJournal, postings, postJournal, postJournals, reverseJournal, verifyLedger,
  type JournalInput, type PostingLine,
} from './ledger.js';

// The platform and finance alone: the ledger needs nothing else (finance's other tables come along).
const capabilities = [platformCapability, { name: 'finance', schema: 'finance', migrationsDir: fileURLToPath(new URL('./migrations/', import.meta.url)) }];
const allMigrations = () => loadMigrations(capabilities);
const allSchemas = () => capabilities.map((c) => c.schema);

const chart = [
  { code: 'bcf:bank', name: 'Pooled fund bank', kind: 'asset' },
  { code: 'bcf:contribution:icb', name: 'ICB contribution', kind: 'income' },
  { code: 'bcf:contribution:council', name: 'Council contribution', kind: 'income' },
  { code: 'bcf:spend:home-care', name: 'Home care', kind: 'expense' },
  { code: 'bcf:creditors', name: 'Creditors', kind: 'liability' },
] as const;

const journal = (key: string, lines: PostingLine[], date = '2025-05-01', description = 'Contribution'): JournalInput => ({ idempotencyKey: key, date, description, by: 'pat.fund (commissioner)', lines });
const pay = (key: string, pence: number, date = '2025-05-01', extra: Partial<PostingLine> = {}): JournalInput =>
  journal(key, [{ account: 'bcf:spend:home-care', amountPence: pence, ...extra }, { account: 'bcf:bank', amountPence: -pence, ...extra }], date, `Home care invoice ${key}`);

async function prepared(db: Db): Promise<void> {
  await migrate(db, allMigrations());
  await ensureAccounts(db, chart);
}

async function sequences(db: Db): Promise<number[]> {
  return (await db.query<{ sequence: number }>('SELECT sequence FROM finance.journal ORDER BY sequence')).rows.map((r) => r.sequence);
}

describe.each(backends)('the ledger on $name', (backend) => {
  const db = freshDatabaseEach(backend, prepared);
  const test = it.skipIf(!backend.available);

  test('posts a journal once, answers a retry with the same journal, and refuses the key with another body', async () => {
    const first = await postJournal(db(), journal('icb-may', [{ account: 'bcf:bank', amountPence: 1_250_000_00 }, { account: 'bcf:contribution:icb', amountPence: -1_250_000_00, funder: 'icb' }]));
    expect(first).toMatchObject({ sequence: 1, date: '2025-05-01', description: 'Contribution', postedBy: 'pat.fund (commissioner)', reversesId: null, replayed: false });
    expect(first.lines).toEqual([
      { line: 1, account: 'bcf:bank', amountPence: 1_250_000_00, personId: null, schemeId: null, funder: null, memo: null },
      { line: 2, account: 'bcf:contribution:icb', amountPence: -1_250_000_00, personId: null, schemeId: null, funder: 'icb', memo: null },
    ]);
    const again = await postJournal(db(), journal('icb-may', [{ account: 'bcf:bank', amountPence: 1_250_000_00 }, { account: 'bcf:contribution:icb', amountPence: -1_250_000_00, funder: 'icb' }]));
    expect(again).toEqual({ ...first, replayed: true });
    const clash = await rejection(postJournal(db(), journal('icb-may', [{ account: 'bcf:bank', amountPence: 1 }, { account: 'bcf:contribution:icb', amountPence: -1 }])));
    expect(clash.code).toBe('idempotency_conflict');
    expect(clash.status).toBe(409);
    expect(clash.errors.map((e) => [e.where, e.path])).toEqual([['body', 'idempotencyKey']]);
    expect(clash.errors[0]?.message).toMatch(/"icb-may" was used for journal \d+, posted 20\d\d-.*with another body/);
    expect(await sequences(db())).toEqual([1]);
    expect(await balances(db())).toEqual([{ account: 'bcf:bank', balancePence: 1_250_000_00 }, { account: 'bcf:contribution:icb', balancePence: -1_250_000_00 }]);
    expect(await getJournal(db(), first.id)).toEqual(first);
    expect(await getJournal(db(), 'nope')).toBeNull();
  });

  test('refuses a journal that is not double entry in whole pence, saying where each problem is, and posts nothing', async () => {
    const cases: [JournalInput, string[]][] = [
      [journal('one-line', [{ account: 'bcf:bank', amountPence: 100 }]), ['lines']],
      [journal('unbalanced', [{ account: 'bcf:bank', amountPence: 100 }, { account: 'bcf:creditors', amountPence: -99 }]), ['lines']],
      [journal('bad-amounts', [{ account: 'bcf:bank', amountPence: 10.5 }, { account: 'bcf:creditors', amountPence: 0 }, { account: 'bcf:creditors', amountPence: Number.NaN }]), ['lines/0/amountPence', 'lines/1/amountPence', 'lines/2/amountPence']],
      [{ ...pay('bad-date', 100), date: '2025-02-30' }, ['date']],
      [{ ...pay('', 100), description: ' ', by: '' }, ['idempotencyKey', 'description', 'by']],
      [pay('bad-person', 100, '2025-05-01', { personId: -3 }), ['lines/0/personId', 'lines/1/personId']],
      [journal('unknown-account', [{ account: 'bcf:bank', amountPence: 100 }, { account: 'bcf:nowhere', amountPence: -100 }]), ['lines/1/account']],
    ];
    for (const [input, paths] of cases) {
      const error = await rejection(postJournal(db(), input));
      expect(error.code, input.idempotencyKey).toBe('finance_input_invalid');
      expect(error.status).toBe(400);
      expect(error.errors.map((e) => e.path), input.idempotencyKey).toEqual(paths);
      for (const e of error.errors) expect(e.message.length).toBeGreaterThan(5);
    }
    expect(await sequences(db())).toEqual([]);
    expect((await postJournal(db(), pay('after-refusals', 100))).sequence).toBe(1);
  });

  test('posts a batch all or none, numbering journals 1, 2, 3 … with no gap left by a refused batch', async () => {
    const posted = await postJournals(db(), [pay('b1', 100), pay('b2', 200), pay('b1', 100)]);
    expect(posted.map((j) => [j.sequence, j.replayed])).toEqual([[1, false], [2, false], [1, true]]);
    const refused = await rejection(postJournals(db(), [pay('b3', 300), journal('b4', [{ account: 'bcf:bank', amountPence: 5 }, { account: 'bcf:missing', amountPence: -5 }])]));
    expect(refused.errors.map((e) => e.path)).toEqual(['journals/1/lines/1/account']);
    const clash = await rejection(postJournals(db(), [pay('b5', 500), pay('b5', 501)]));
    expect(clash.code).toBe('idempotency_conflict');
    expect(clash.errors.map((e) => e.path)).toEqual(['journals/1/idempotencyKey']);
    expect(await sequences(db())).toEqual([1, 2]);
    const next = await postJournals(db(), [pay('b3', 300), pay('b2', 200)]);
    expect(next.map((j) => [j.sequence, j.replayed])).toEqual([[3, false], [2, true]]);
    expect(await balances(db(), { accountPrefix: 'bcf:spend' })).toEqual([{ account: 'bcf:spend:home-care', balancePence: 600 }]);
  });

  test('a posting inside the caller\'s transaction rolls back with it and leaves no number taken', async () => {
    await postJournal(db(), pay('kept', 100));
    const failure = await db().transaction(async (tx) => {
      await postJournal(tx, pay('rolled-back', 250));
      throw new Error('the caller changed its mind');
    }).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(Error);
    expect(await db().query('SELECT 1 FROM finance.journal WHERE idempotency_key = $1', ['rolled-back'])).toMatchObject({ rowCount: 0 });
    expect((await postJournal(db(), pay('next', 100))).sequence).toBe(2);
    expect(await verifyLedger(db())).toMatchObject({ ok: true, journals: 2, lines: 4 });
  });

  test('corrects by reversal: the signs turned, once, idempotent, naming what it reverses', async () => {
    const wrong = await postJournal(db(), pay('inv-1', 12_345, '2025-05-03', { schemeId: 'reablement', personId: 42 }));
    const reversal = await reverseJournal(db(), wrong.id, { idempotencyKey: 'rev-inv-1', date: '2025-05-04', by: 'pat.fund', reason: 'invoice entered twice' });
    expect(reversal).toMatchObject({ sequence: 2, reversesId: wrong.id, date: '2025-05-04', description: 'Reversal of journal 1: invoice entered twice', replayed: false });
    expect(reversal.lines.map((l) => [l.account, l.amountPence, l.schemeId, l.personId])).toEqual([['bcf:spend:home-care', -12_345, 'reablement', 42], ['bcf:bank', 12_345, 'reablement', 42]]);
    expect(await balances(db())).toEqual([{ account: 'bcf:bank', balancePence: 0 }, { account: 'bcf:spend:home-care', balancePence: 0 }]);
    expect(await balances(db(), { asOf: '2025-05-03' })).toEqual([{ account: 'bcf:bank', balancePence: -12_345 }, { account: 'bcf:spend:home-care', balancePence: 12_345 }]);
    const retried = await reverseJournal(db(), wrong.id, { idempotencyKey: 'rev-inv-1', date: '2025-05-04', by: 'pat.fund', reason: 'invoice entered twice' });
    expect(retried).toEqual({ ...reversal, replayed: true });
    expect((await rejection(reverseJournal(db(), wrong.id, { idempotencyKey: 'rev-inv-1b', date: '2025-05-04', by: 'pat.fund', reason: 'again' }))).code).toBe('journal_already_reversed');
    expect((await rejection(reverseJournal(db(), '999999', { idempotencyKey: 'rev-x', date: '2025-05-04', by: 'pat.fund', reason: 'x' }))).code).toBe('journal_not_found');
    expect((await rejection(reverseJournal(db(), wrong.id, { idempotencyKey: 'rev-y', date: '2025-05-04', by: 'pat.fund', reason: '' }))).errors.map((e) => e.path)).toEqual(['reason']);
    expect(await verifyLedger(db())).toMatchObject({ ok: true, journals: 2, lines: 4, problems: [] });
  });

  test('closes a month: postings and reversals dated in it are refused; a correction goes in an open month', async () => {
    const april = await postJournal(db(), pay('apr', 500, '2025-04-30'));
    await closePeriod(db(), { period: '2025-04', by: 'pat.fund' });
    await closePeriod(db(), { period: '2025-04', by: 'pat.fund' });
    const late = await rejection(postJournal(db(), pay('apr-late', 700, '2025-04-15')));
    expect(late.code).toBe('period_closed');
    expect(late.errors).toEqual([{ where: 'body', path: 'date', message: '2025-04-15 is in 2025-04, which is closed' }]);
    expect((await rejection(postJournals(db(), [pay('may-ok', 1, '2025-05-01'), pay('apr-2', 1, '2025-04-01')]))).errors.map((e) => e.path)).toEqual(['journals/1/date']);
    expect((await rejection(reverseJournal(db(), april.id, { idempotencyKey: 'rev-apr', date: '2025-04-30', by: 'pat.fund', reason: 'wrong month' }))).code).toBe('period_closed');
    const corrected = await reverseJournal(db(), april.id, { idempotencyKey: 'rev-apr', date: '2025-05-01', by: 'pat.fund', reason: 'wrong month' });
    expect(corrected.sequence).toBe(2);
    // A retry of a posting made before the close is still answered with its journal.
    expect((await postJournal(db(), pay('apr', 500, '2025-04-30'))).replayed).toBe(true);
    expect((await rejection(closePeriod(db(), { period: '2025-13', by: 'pat.fund' }))).errors.map((e) => e.path)).toEqual(['period']);
    expect(await verifyLedger(db())).toMatchObject({ ok: true, journals: 2 });
  });

  test('the database refuses to change or remove journals, lines, closes and the head', async () => {
    await postJournal(db(), pay('x', 100));
    await closePeriod(db(), { period: '2025-01', by: 'pat.fund' });
    for (const sql of [
      'UPDATE finance.journal SET description = $$tidied$$', 'DELETE FROM finance.journal', 'TRUNCATE finance.journal CASCADE',
      'UPDATE finance.journal_line SET amount_pence = 1', 'DELETE FROM finance.journal_line', 'TRUNCATE finance.journal_line',
      'DELETE FROM finance.period_close', 'UPDATE finance.ledger_head SET sequence = 0', 'DELETE FROM finance.ledger_head',
      `UPDATE finance.account SET kind = 'asset' WHERE code = 'bcf:creditors'`, `DELETE FROM finance.account WHERE code = 'bcf:creditors'`,
    ]) {
      const error = await db().exec(sql).then(() => undefined, (e: unknown) => e);
      expect(errorCode(error), sql).toBe('42501');
    }
    // Lines added to a journal later, or a journal's lines that do not balance, are refused by the database too.
    const id = (await db().query<{ id: string }>('SELECT id::text AS id FROM finance.journal')).rows[0]?.id;
    const added = await db().exec(`INSERT INTO finance.journal_line (journal_id, line, account, amount_pence) VALUES (${id}, 3, 'bcf:bank', 1), (${id}, 4, 'bcf:bank', -1)`).then(() => undefined, (e: unknown) => e);
    expect(errorCode(added)).toBe('23514');
    const orphan = await db().exec(`INSERT INTO finance.journal_line (journal_id, line, account, amount_pence) VALUES (999, 1, 'bcf:bank', 1), (999, 2, 'bcf:bank', -1)`).then(() => undefined, (e: unknown) => e);
    expect(errorCode(orphan)).toBe('23503');
    await db().exec(`INSERT INTO finance.journal (sequence, idempotency_key, body_sha256, accounting_date, description, posted_by, line_count)
      VALUES (2, 'by-hand', repeat('0', 64), '2025-05-01', 'by hand', 'someone', 2)`);
    const byHand = (await db().query<{ id: string }>(`SELECT id::text AS id FROM finance.journal WHERE idempotency_key = 'by-hand'`)).rows[0]?.id;
    const unknownAccount = await db().exec(`INSERT INTO finance.journal_line (journal_id, line, account, amount_pence) VALUES (${byHand}, 1, 'bcf:bank', 1), (${byHand}, 2, 'nowhere', -1)`).then(() => undefined, (e: unknown) => e);
    expect(errorCode(unknownAccount)).toBe('23503');
    // The journal written by hand without its lines (and without moving the head) is found by verify.
    expect((await verifyLedger(db())).problems.map((p) => p.code).sort()).toEqual(['head_mismatch', 'journal_incomplete']);
  });

  test('keeps the chart of accounts: names may change, kinds may not', async () => {
    await ensureAccounts(db(), [{ code: 'bcf:bank', name: 'Pooled fund current account', kind: 'asset' }]);
    expect((await db().query('SELECT name FROM finance.account WHERE code = $1', ['bcf:bank'])).rows).toEqual([{ name: 'Pooled fund current account' }]);
    const changed = await rejection(ensureAccounts(db(), [{ code: 'bcf:ok', name: 'Fine', kind: 'asset' }, { code: 'bcf:bank', name: 'Bank', kind: 'expense' }]));
    expect(changed.errors).toEqual([{ where: 'body', path: 'accounts/1/kind', message: 'account bcf:bank is asset; an account\'s kind never changes' }]);
    const bad = await rejection(ensureAccounts(db(), [{ code: 'has space', name: '', kind: 'cash' as 'asset' }]));
    expect(bad.errors.map((e) => e.path)).toEqual(['accounts/0/code', 'accounts/0/name', 'accounts/0/kind']);
    expect((await db().query('SELECT 1 FROM finance.account WHERE code = $1', ['bcf:ok'])).rowCount).toBe(0);
  });

  test('derives balances and postings by account, date, scheme, person and funder', async () => {
    await postJournals(db(), [
      pay('p1', 1000, '2025-05-01', { schemeId: 'reablement', personId: 7, funder: 'icb' }),
      pay('p2', 2000, '2025-06-01', { schemeId: 'reablement', personId: 8, funder: 'council' }),
      pay('p3', 4000, '2025-06-02', { schemeId: 'hospital-discharge', personId: 7, funder: 'pooled' }),
    ]);
    const spend = (filter: Parameters<typeof balances>[1]) => balances(db(), { accountPrefix: 'bcf:spend:', ...filter }).then((b) => b[0]?.balancePence ?? 0);
    expect(await spend({})).toBe(7000);
    expect(await spend({ asOf: '2025-05-31' })).toBe(1000);
    expect(await spend({ schemeId: 'reablement' })).toBe(3000);
    expect(await spend({ personId: 7 })).toBe(5000);
    expect(await spend({ funder: 'council' })).toBe(2000);
    expect(await spend({ schemeId: 'reablement', asOf: '2025-06-01', personId: 8 })).toBe(2000);
    expect(await balances(db(), { accountPrefix: 'bcf:spend_' })).toEqual([]);
    const person = await postings(db(), { personId: 7, accountPrefix: 'bcf:spend' });
    expect(person.map((p) => [p.date, p.amountPence, p.schemeId, p.funder, p.description])).toEqual([
      ['2025-05-01', 1000, 'reablement', 'icb', 'Home care invoice p1'],
      ['2025-06-02', 4000, 'hospital-discharge', 'pooled', 'Home care invoice p3'],
    ]);
    expect((await postings(db(), { from: '2025-06-01', asOf: '2025-06-01' })).map((p) => p.amountPence)).toEqual([2000, -2000]);
    expect((await rejection(balances(db(), { asOf: '2025-6-1' }))).errors.map((e) => e.path)).toEqual(['asOf']);
  });

  test('numbers concurrent postings gaplessly in commit order and posts a key sent by many at once only once', async () => {
    const writers = Array.from({ length: 8 }, (_, w) => (async () => {
      for (let i = 0; i < 15; i++) await postJournal(db(), pay(`w${w}-${i}`, 100 + w));
    })());
    const same = Array.from({ length: 6 }, () => postJournal(db(), pay('shared-key', 999)));
    await Promise.all(writers);
    const answers = await Promise.all(same);
    expect(new Set(answers.map((a) => a.id)).size).toBe(1);
    expect(answers.filter((a) => !a.replayed)).toHaveLength(1);
    const seq = await sequences(db());
    expect(seq).toEqual(Array.from({ length: 8 * 15 + 1 }, (_, i) => i + 1));
    // Commit order: each writer's postings, made one after another, are numbered in that order.
    const byKey = new Map((await db().query<{ key: string; sequence: number }>('SELECT idempotency_key AS key, sequence FROM finance.journal')).rows.map((r) => [r.key, r.sequence]));
    for (let w = 0; w < 8; w++) {
      const mine = Array.from({ length: 15 }, (_, i) => byKey.get(`w${w}-${i}`) ?? Number.NaN);
      expect(mine, `writer ${w}`).toEqual([...mine].sort((x, y) => x - y));
    }
    expect(await verifyLedger(db())).toMatchObject({ ok: true, journals: 121, lines: 242 });
  });

  test('verify finds every kind of damage done behind the ledger\'s back, and says where', async () => {
    await closePeriod(db(), { period: '2025-03', by: 'pat.fund' });
    const [a, b, c, d] = await postJournals(db(), [pay('a', 100), pay('b', 200), pay('c', 300), pay('d', 400)]);
    const r = await reverseJournal(db(), d?.id ?? '', { idempotencyKey: 'rev-d', date: '2025-05-02', by: 'pat.fund', reason: 'duplicate' });
    // As a superuser could: the guards stood aside, rows edited.
    for (const sql of [
      'ALTER TABLE finance.journal DISABLE TRIGGER USER', 'ALTER TABLE finance.journal_line DISABLE TRIGGER USER',
      `UPDATE finance.journal_line SET amount_pence = 150 WHERE journal_id = ${a?.id} AND line = 1`,
      `DELETE FROM finance.journal_line WHERE journal_id = ${b?.id} AND line = 2`,
      `UPDATE finance.journal_line SET amount_pence = -amount_pence WHERE journal_id = ${b?.id}`,
      `DELETE FROM finance.journal_line WHERE journal_id = ${c?.id}`,
      `DELETE FROM finance.journal WHERE id = ${c?.id}`,
      `UPDATE finance.journal_line SET account = 'bcf:creditors' WHERE journal_id = ${r.id} AND line = 2`,
      `UPDATE finance.journal SET accounting_date = '2025-03-31' WHERE id = ${d?.id}`,
      `UPDATE finance.journal_line SET account = 'ghost:account' WHERE journal_id = ${d?.id} AND line = 1`,
      'ALTER TABLE finance.journal ENABLE TRIGGER USER', 'ALTER TABLE finance.journal_line ENABLE TRIGGER USER',
    ]) await db().exec(sql);
    const result = await verifyLedger(db());
    expect(result.ok).toBe(false);
    expect(result.journals).toBe(4);
    const found = result.problems.map((p) => [p.code, p.journal ?? null]);
    expect(found).toEqual(expect.arrayContaining([
      ['journal_unbalanced', a?.id], ['journal_unbalanced', b?.id], ['journal_incomplete', b?.id], ['sequence_gap', d?.id],
      ['reversal_mismatch', r.id], ['posted_into_closed_period', d?.id], ['line_unknown_account', null], ['trial_balance', null],
    ]));
    expect(result.problems.find((p) => p.code === 'sequence_gap')?.message).toBe(`journal 4 (id ${d?.id}) follows journal 2: journal 3 is missing`);
    expect(result.problems.find((p) => p.code === 'journal_unbalanced' && p.journal === a?.id)?.message).toMatch(/journal 1 .* sum to 50 pence/);
    expect(result.problems.find((p) => p.code === 'head_mismatch')).toBeUndefined();
    expect(result.problems.find((p) => p.code === 'line_unknown_account')).toMatchObject({ account: 'ghost:account', message: '1 line(s) name account ghost:account, which is not in the chart of accounts' });
  });

  test('a backup of every schema restores the ledger whole: verified, and posting continues after it', async () => {
    await postJournals(db(), Array.from({ length: 30 }, (_, i) => pay(`bk${i}`, 10 + i)));
    const reversed = await reverseJournal(db(), (await getJournal(db(), '1'))?.id ?? '1', { idempotencyKey: 'rev-bk', date: '2025-05-02', by: 'pat.fund', reason: 'test' });
    await closePeriod(db(), { period: '2025-04', by: 'pat.fund' });
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'joinedup-ledger-backup-')), 'ledger.jub.gz');
    await writeBackup(db(), { file, schemas: allSchemas(), appVersion: '0.1.0-test' });
    const target = await backend.open();
    try {
      await restoreBackup(target.db, { file, migrations: allMigrations(), schemas: allSchemas(), replace: false, contents: await checkBackup(file) });
      expect(await verifyLedger(target.db)).toMatchObject({ ok: true, journals: 31, lines: 62 });
      expect(await balances(target.db)).toEqual(await balances(db()));
      expect((await getJournal(target.db, reversed.id))?.reversesId).toBe('1');
      expect((await postJournal(target.db, pay('after-restore', 5))).sequence).toBe(32);
      expect((await rejection(postJournal(target.db, pay('closed', 5, '2025-04-02')))).code).toBe('period_closed');
      expect(errorCode(await target.db.exec('DELETE FROM finance.journal_line').catch((e: unknown) => e))).toBe('42501');
    } finally {
      await target.dispose();
    }
  });
});
