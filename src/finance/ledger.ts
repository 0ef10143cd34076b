/**
 * The ledger: a double-entry, append-only journal in integer pence (docs/finance/ledger.md).
 * Every journal carries an idempotency key, so a retried request never posts twice; balances are
 * derived from the postings, never stored; a mistake is corrected by a reversal; a closed month
 * takes no more postings; `verifyLedger` checks every invariant. The pooled fund's host keeps its
 * accounts this way (section 75 NHS Act 2006; NHS Bodies and Local Authorities Partnership
 * Arrangements Regulations 2000, SI 2000/617, reg. 7: the pool's accounts, audited, reported quarterly).
 *
 * Gapless numbering: every posting transaction first takes the lock of the one-row table
 * finance.ledger_head (EXCLUSIVE mode, before it reads anything, so that under SERIALIZABLE its
 * snapshot already holds every journal committed before it), reads the last sequence, numbers its
 * journals after it and moves the head on. Postings are therefore numbered 1, 2, 3 … in commit
 * order: a transaction that rolls back (a crash, a refusal) leaves the head where it was, and the
 * next one takes the same numbers. Readers never wait for the lock. Inside a caller's transaction
 * that has read before, the head's update conflicts with a posting committed since (SQLSTATE 40001)
 * and the caller's transaction is retried, so numbering stays right there too.
 */
import type { ErrorLocation } from '../platform/index.js';
import type { Db, Queryable } from '../platform/index.js';
import { financeError } from './errors.js';
import {
  accountKinds, bodyFingerprint, isPeriod, journalProblems, limits, periodOf, storedLines,
  type Account, type JournalInput, type PostingLine, type StoredLine,
} from './ledger-input.js';

export { accountKinds, bodyFingerprint, isIsoDate, journalProblems, periodOf, type Account, type AccountKind, type JournalInput, type PostingLine, type StoredLine } from './ledger-input.js';
export { verifyLedger, type LedgerProblem, type LedgerVerification } from './ledger-verify.js';
export { balances, postings, type Posting, type PostingFilter } from './ledger-balances.js';

export interface Journal {
  id: string;
  sequence: number;
  date: string;
  description: string;
  postedAt: string;
  postedBy: string;
  reversesId: string | null;
  lines: (PostingLine & { line: number })[];
  /** True when the key had been posted before: this is the journal that first posting made. */
  replayed: boolean;
}

const isDb = (db: Db | Queryable): db is Db => typeof (db as Partial<Db>).transaction === 'function';
const serializable = { isolation: 'serializable' } as const;
/** Lines per INSERT statement: large enough to be fast, small enough for one message. */
const linesPerStatement = 20_000;

/** Adds accounts, or renames them; an account's kind never changes (refused with where). */
export async function ensureAccounts(db: Queryable, accounts: readonly Account[]): Promise<void> {
  const problems: ErrorLocation[] = [];
  accounts.forEach((a, i) => {
    if (typeof a.code !== 'string' || !/^[A-Za-z0-9][A-Za-z0-9._:/-]{0,119}$/.test(a.code)) problems.push({ where: 'body', path: `accounts/${i}/code`, message: `must be an account code (letters, digits and . _ : / -), not ${JSON.stringify(a.code)}` });
    if (typeof a.name !== 'string' || a.name.trim() === '' || a.name.length > 200) problems.push({ where: 'body', path: `accounts/${i}/name`, message: 'a name of 1 to 200 characters is required' });
    if (!accountKinds.includes(a.kind)) problems.push({ where: 'body', path: `accounts/${i}/kind`, message: `must be one of ${accountKinds.join(', ')}` });
  });
  if (problems.length > 0) throw financeError('finance_input_invalid', 'These accounts cannot be added.', problems);
  if (accounts.length === 0) return;
  const held = await db.query<{ code: string; kind: string }>('SELECT code, kind FROM finance.account WHERE code = ANY($1::text[])', [accounts.map((a) => a.code)]);
  const kindOf = new Map(held.rows.map((r) => [r.code, r.kind]));
  accounts.forEach((a, i) => {
    const kind = kindOf.get(a.code);
    if (kind !== undefined && kind !== a.kind) problems.push({ where: 'body', path: `accounts/${i}/kind`, message: `account ${a.code} is ${kind}; an account's kind never changes` });
  });
  if (problems.length > 0) throw financeError('finance_input_invalid', 'An account\'s kind cannot be changed.', problems);
  await db.query(
    `INSERT INTO finance.account (code, name, kind) SELECT * FROM unnest($1::text[], $2::text[], $3::text[])
     ON CONFLICT (code) DO UPDATE SET name = excluded.name WHERE finance.account.name <> excluded.name`,
    [accounts.map((a) => a.code), accounts.map((a) => a.name), accounts.map((a) => a.kind)],
  );
}

/** The chart of accounts, by code. */
export async function listAccounts(db: Queryable): Promise<Account[]> {
  return (await db.query<Account>('SELECT code, name, kind FROM finance.account ORDER BY code')).rows;
}

interface Pending {
  input: JournalInput;
  reversesId: string | null;
  fingerprint: string;
  /** Where its problems are reported: '' for one journal, 'journals/3/' in a batch. */
  prefix: string;
}

/** Posts one journal: in its own SERIALIZABLE transaction given the database, or inside the caller's. */
export async function postJournal(db: Db | Queryable, input: JournalInput): Promise<Journal> {
  const [journal] = await postPending(db, [pendingOf(input, '')]);
  if (journal === undefined) throw new Error('a posting returned no journal');
  return journal;
}

/** Posts many journals in one transaction: all of them or, if any is refused or the process dies, none. */
export async function postJournals(db: Db, inputs: readonly JournalInput[]): Promise<Journal[]> {
  return postPending(db, inputs.map((input, i) => pendingOf(input, `journals/${i}/`)));
}

function pendingOf(input: JournalInput, prefix: string): Pending {
  return { input, reversesId: null, fingerprint: '', prefix };
}

async function postPending(db: Db | Queryable, pending: Pending[]): Promise<Journal[]> {
  const problems = pending.flatMap((p) => journalProblems(p.input, p.prefix));
  if (problems.length > 0) throw financeError('finance_input_invalid', `${problems.length} problem(s); nothing was posted.`, problems.slice(0, 100));
  for (const p of pending) p.fingerprint = bodyFingerprint(p.input, p.reversesId);
  if (pending.length === 0) return [];
  return isDb(db) ? db.transaction((tx) => post(tx, pending), serializable) : post(db, pending);
}

/** Takes the head's lock; the first statement of a posting transaction (see the module comment). */
const lockHead = (tx: Queryable): Promise<unknown> => tx.exec('LOCK TABLE finance.ledger_head IN EXCLUSIVE MODE');

async function post(tx: Queryable, pending: readonly Pending[]): Promise<Journal[]> {
  await lockHead(tx);
  const keys = pending.map((p) => p.input.idempotencyKey);
  const seen = await tx.query<{ id: string; key: string; fingerprint: string; posted_at: Date }>(
    'SELECT id::text AS id, idempotency_key AS key, body_sha256 AS fingerprint, posted_at FROM finance.journal WHERE idempotency_key = ANY($1::text[])',
    [keys], { prepared: true },
  );
  const earlier = new Map(seen.rows.map((r) => [r.key, r]));
  const firstInBatch = new Map<string, Pending>();
  const conflicts: ErrorLocation[] = [];
  const fresh: Pending[] = [];
  for (const p of pending) {
    const key = p.input.idempotencyKey;
    const before = earlier.get(key);
    const sibling = firstInBatch.get(key);
    const fingerprint = before?.fingerprint ?? sibling?.fingerprint;
    if (fingerprint !== undefined && fingerprint !== p.fingerprint) {
      const when = before === undefined ? `earlier in this batch (${sibling?.prefix.slice(0, -1) ?? ''})` : `for journal ${before.id}, posted ${new Date(before.posted_at).toISOString()}`;
      conflicts.push({ where: 'body', path: `${p.prefix}idempotencyKey`, message: `the key ${JSON.stringify(key)} was used ${when} with another body` });
    } else if (fingerprint === undefined) {
      firstInBatch.set(key, p);
      fresh.push(p);
    }
  }
  if (conflicts.length > 0) throw financeError('idempotency_conflict', 'An idempotency key was used before for another posting; nothing was posted.', conflicts.slice(0, 100));
  await refuseUnpostable(tx, fresh);
  const made = await insert(tx, fresh);
  const byKey = new Map(made.map((j) => [j.key, j.journal]));
  const replayIds = [...earlier.values()].map((r) => r.id);
  const replayed = new Map((await journalsByIds(tx, replayIds)).map((j) => [j.id, { ...j, replayed: true }]));
  const answered = new Set<string>();
  return pending.map((p) => {
    const key = p.input.idempotencyKey;
    const before = earlier.get(key);
    const journal = before === undefined ? byKey.get(key) : replayed.get(before.id);
    if (journal === undefined) throw new Error(`journal for key ${key} not found after posting`);
    const again = answered.has(key);
    answered.add(key);
    return again ? { ...journal, replayed: true } : journal;
  });
}

/** Refuses journals naming unknown accounts, dated in a closed period, or reversing a journal already reversed. */
async function refuseUnpostable(tx: Queryable, fresh: readonly Pending[]): Promise<void> {
  if (fresh.length === 0) return;
  const codes = [...new Set(fresh.flatMap((p) => p.input.lines.map((l) => l.account)))];
  const known = new Set((await tx.query<{ code: string }>('SELECT code FROM finance.account WHERE code = ANY($1::text[])', [codes], { prepared: true })).rows.map((r) => r.code));
  const problems: ErrorLocation[] = [];
  for (const p of fresh) {
    p.input.lines.forEach((l, i) => {
      if (!known.has(l.account)) problems.push({ where: 'body', path: `${p.prefix}lines/${i}/account`, message: `there is no account ${JSON.stringify(l.account)}` });
    });
  }
  if (problems.length > 0) throw financeError('finance_input_invalid', `${problems.length} problem(s); nothing was posted.`, problems.slice(0, 100));
  const periods = [...new Set(fresh.map((p) => periodOf(p.input.date)))];
  const closed = new Set((await tx.query<{ period: string }>('SELECT period FROM finance.period_close WHERE period = ANY($1::text[])', [periods], { prepared: true })).rows.map((r) => r.period));
  const inClosed = fresh.filter((p) => closed.has(periodOf(p.input.date)));
  if (inClosed.length > 0) {
    throw financeError('period_closed', `${[...new Set(inClosed.map((p) => periodOf(p.input.date)))].join(', ')} is closed; nothing was posted.`,
      inClosed.slice(0, 100).map((p) => ({ where: 'body', path: `${p.prefix}date`, message: `${p.input.date} is in ${periodOf(p.input.date)}, which is closed` })));
  }
  const reversing = fresh.filter((p) => p.reversesId !== null);
  if (reversing.length > 0) {
    const ids = reversing.map((p) => p.reversesId);
    const done = new Set((await tx.query<{ id: string }>('SELECT reverses_id::text AS id FROM finance.journal WHERE reverses_id = ANY($1::int8[])', [ids])).rows.map((r) => r.id));
    const twice = reversing.filter((p, i) => done.has(p.reversesId ?? '') || ids.indexOf(p.reversesId) !== i);
    if (twice.length > 0) throw financeError('journal_already_reversed', `Journal ${twice.map((p) => p.reversesId).join(', ')} has already been reversed; nothing was posted.`);
  }
}

interface Made {
  key: string;
  journal: Journal;
}

/** Numbers the journals after the head, moves the head on and writes journals and lines. */
async function insert(tx: Queryable, fresh: readonly Pending[]): Promise<Made[]> {
  if (fresh.length === 0) return [];
  const head = await tx.query<{ last: number }>('UPDATE finance.ledger_head SET sequence = sequence + $1 RETURNING sequence - $1 AS last', [fresh.length], { prepared: true });
  const last = head.rows[0]?.last ?? Number.NaN;
  if (!Number.isSafeInteger(last)) throw new Error('the ledger has no head: run the finance migrations');
  const made: Made[] = [];
  for (let start = 0; start < fresh.length;) {
    let end = start;
    let lines = 0;
    while (end < fresh.length && (end === start || lines + (fresh[end]?.input.lines.length ?? 0) <= linesPerStatement)) lines += fresh[end++]?.input.lines.length ?? 0;
    made.push(...(await insertChunk(tx, fresh.slice(start, end), last + start)));
    start = end;
  }
  return made;
}

async function insertChunk(tx: Queryable, chunk: readonly Pending[], after: number): Promise<Made[]> {
  const journals = await tx.query<{ id: number; sequence: number; posted_at: Date }>(
    `INSERT INTO finance.journal (sequence, idempotency_key, body_sha256, accounting_date, description, posted_by, reverses_id, line_count)
     SELECT * FROM unnest($1::int8[], $2::text[], $3::text[], $4::date[], $5::text[], $6::text[], $7::int8[], $8::int4[])
     RETURNING id, sequence, posted_at`,
    [
      chunk.map((_, i) => after + i + 1), chunk.map((p) => p.input.idempotencyKey), chunk.map((p) => p.fingerprint), chunk.map((p) => p.input.date),
      chunk.map((p) => p.input.description), chunk.map((p) => p.input.by), chunk.map((p) => p.reversesId), chunk.map((p) => p.input.lines.length),
    ],
    { prepared: true },
  );
  const bySequence = new Map(journals.rows.map((r) => [r.sequence, r]));
  const cols = { journal: [] as number[], line: [] as number[], account: [] as string[], amount: [] as number[], person: [] as (number | null)[], scheme: [] as (string | null)[], funder: [] as (string | null)[], memo: [] as (string | null)[] };
  const made = chunk.map((p, i): Made => {
    const row = bySequence.get(after + i + 1);
    if (row === undefined) throw new Error('a journal was not written');
    const lines = storedLines(p.input.lines);
    for (const l of lines) {
      cols.journal.push(row.id); cols.line.push(l.line); cols.account.push(l.account); cols.amount.push(l.amountPence);
      cols.person.push(l.personId); cols.scheme.push(l.schemeId); cols.funder.push(l.funder); cols.memo.push(l.memo);
    }
    return {
      key: p.input.idempotencyKey,
      journal: {
        id: String(row.id), sequence: row.sequence, date: p.input.date, description: p.input.description, postedAt: new Date(row.posted_at).toISOString(),
        postedBy: p.input.by, reversesId: p.reversesId, lines, replayed: false,
      },
    };
  });
  await tx.query(
    `INSERT INTO finance.journal_line (journal_id, line, account, amount_pence, person_id, scheme_id, funder, memo)
     SELECT * FROM unnest($1::int8[], $2::int4[], $3::text[], $4::int8[], $5::int8[], $6::text[], $7::text[], $8::text[])`,
    [cols.journal, cols.line, cols.account, cols.amount, cols.person, cols.scheme, cols.funder, cols.memo],
    { prepared: true },
  );
  return made;
}

interface JournalRow {
  id: string;
  sequence: number;
  date: string;
  description: string;
  posted_at: Date;
  posted_by: string;
  reverses_id: string | null;
  /** Null for a journal without lines (which only a ledger changed behind its back can have). */
  lines: { line: number; account: string; amount_pence: number; person_id: number | null; scheme_id: string | null; funder: string | null; memo: string | null }[] | null;
}

async function journalsByIds(db: Queryable, ids: readonly string[]): Promise<Journal[]> {
  if (ids.length === 0) return [];
  const { rows } = await db.query<JournalRow>(
    `SELECT j.id::text AS id, j.sequence, j.accounting_date::text AS date, j.description, j.posted_at, j.posted_by, j.reverses_id::text AS reverses_id,
            (SELECT json_agg(json_build_object('line', l.line, 'account', l.account, 'amount_pence', l.amount_pence, 'person_id', l.person_id,
                    'scheme_id', l.scheme_id, 'funder', l.funder, 'memo', l.memo) ORDER BY l.line)
               FROM finance.journal_line l WHERE l.journal_id = j.id) AS lines
       FROM finance.journal j WHERE j.id = ANY($1::int8[]) ORDER BY j.sequence`,
    [ids],
  );
  return rows.map((r) => ({
    id: r.id, sequence: r.sequence, date: r.date, description: r.description, postedAt: new Date(r.posted_at).toISOString(), postedBy: r.posted_by, reversesId: r.reverses_id,
    lines: (r.lines ?? []).map((l): StoredLine => ({ line: l.line, account: l.account, amountPence: l.amount_pence, personId: l.person_id === null ? null : l.person_id, schemeId: l.scheme_id, funder: l.funder, memo: l.memo })),
    replayed: false,
  }));
}

/** The journal with this id, or null. */
export async function getJournal(db: Queryable, id: string): Promise<Journal | null> {
  if (!/^\d{1,18}$/.test(id)) return null;
  return (await journalsByIds(db, [id]))[0] ?? null;
}

/**
 * Reverses a journal: a new journal, dated `date` (in an open period), whose lines are the
 * original's with the signs turned. The original stays as it was; it can be reversed only once.
 */
export async function reverseJournal(db: Db | Queryable, journalId: string, input: { idempotencyKey: string; date: string; by: string; reason: string }): Promise<Journal> {
  if (typeof input.reason !== 'string' || input.reason.trim() === '' || input.reason.length > limits.reason) {
    throw financeError('finance_input_invalid', 'A reversal needs its reason.', [{ where: 'body', path: 'reason', message: `a reason of 1 to ${limits.reason} characters is required` }]);
  }
  const work = async (tx: Queryable): Promise<Journal> => {
    await lockHead(tx);
    const original = await getJournal(tx, journalId);
    if (original === null) throw financeError('journal_not_found', `There is no journal ${JSON.stringify(journalId)}.`, [{ where: 'path', path: 'journalId', message: 'no such journal' }]);
    const reversal: Pending = {
      input: {
        idempotencyKey: input.idempotencyKey, date: input.date, by: input.by, description: `Reversal of journal ${original.sequence}: ${input.reason}`,
        lines: original.lines.map((l) => ({ account: l.account, amountPence: -l.amountPence, personId: l.personId, schemeId: l.schemeId, funder: l.funder, memo: l.memo })),
      },
      reversesId: original.id, fingerprint: '', prefix: '',
    };
    const problems = journalProblems(reversal.input);
    if (problems.length > 0) throw financeError('finance_input_invalid', `${problems.length} problem(s); nothing was posted.`, problems);
    reversal.fingerprint = bodyFingerprint(reversal.input, reversal.reversesId);
    const [journal] = await post(tx, [reversal]);
    if (journal === undefined) throw new Error('a reversal returned no journal');
    return journal;
  };
  return isDb(db) ? db.transaction(work, serializable) : work(db);
}

/** Closes a month (YYYY-MM): journals dated in it are refused from now on (`period_closed`). Closing it again changes nothing. */
export async function closePeriod(db: Db, input: { period: string; by: string }): Promise<void> {
  const problems: ErrorLocation[] = [];
  if (!isPeriod(input.period)) problems.push({ where: 'body', path: 'period', message: `must be a month, YYYY-MM, not ${JSON.stringify(input.period)}` });
  if (typeof input.by !== 'string' || input.by.trim() === '' || input.by.length > limits.by) problems.push({ where: 'body', path: 'by', message: 'who is closing the period is required' });
  if (problems.length > 0) throw financeError('finance_input_invalid', 'The period cannot be closed.', problems);
  await db.transaction(async (tx) => {
    await lockHead(tx);
    // clock_timestamp(), not the transaction's start: every journal posted before the lock was taken
    // then has posted_at < closed_at (verifyLedger checks it).
    const added = await tx.query('INSERT INTO finance.period_close (period, closed_by, closed_at) VALUES ($1, $2, clock_timestamp()) ON CONFLICT (period) DO NOTHING', [input.period, input.by]);
    if (added.rowCount > 0) await tx.query('UPDATE finance.ledger_head SET closes = closes + 1');
  }, serializable);
}

/** The closed months, earliest first. */
export async function closedPeriods(db: Queryable): Promise<{ period: string; closedAt: string; closedBy: string }[]> {
  const { rows } = await db.query<{ period: string; closed_at: Date; closed_by: string }>('SELECT period, closed_at, closed_by FROM finance.period_close ORDER BY period');
  return rows.map((r) => ({ period: r.period, closedAt: new Date(r.closed_at).toISOString(), closedBy: r.closed_by }));
}
