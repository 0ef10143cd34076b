/**
 * `verifyLedger`: every invariant of the ledger checked from the rows themselves, in one snapshot,
 * so that a ledger changed behind the application's back (guards disabled, rows edited, a restore
 * gone wrong) is found and each problem is said with where it is.
 */
import type { Db, Queryable } from '../platform/index.js';

export interface LedgerProblem {
  /** journal_unbalanced, journal_incomplete, line_without_journal, line_unknown_account, sequence_gap, head_mismatch, reversal_mismatch, posted_into_closed_period, idempotency_key_reused, trial_balance. */
  code: string;
  journal?: string;
  account?: string;
  message: string;
}

export interface LedgerVerification {
  ok: boolean;
  journals: number;
  lines: number;
  problems: LedgerProblem[];
}

/** Problems of one kind reported at most this often (the count says how many more). */
const perCheck = 100;

const isDb = (db: Db | Queryable): db is Db => typeof (db as Partial<Db>).transaction === 'function';

/**
 * Checks that each journal is whole (its line count, lines numbered 1…n, at least two) and
 * balances; that sequences run 1, 2, 3 … with no gap and end at the head; that each reversal is its
 * original with the signs turned; that nothing was posted into a period after it closed; that no
 * idempotency key was used twice; and that the trial balance (every account's balance, derived from
 * the postings) sums to zero.
 */
export async function verifyLedger(db: Db | Queryable): Promise<LedgerVerification> {
  return isDb(db) ? db.transaction((tx) => verifyIn(tx), { isolation: 'repeatable read', readOnly: true }) : verifyIn(db);
}

async function verifyIn(db: Queryable): Promise<LedgerVerification> {
  const problems: LedgerProblem[] = [];
  const counts = await db.query<{ journals: number; lines: number; head: number | null; top: number | null }>(
    `SELECT (SELECT count(*) FROM finance.journal)::int8 AS journals, (SELECT count(*) FROM finance.journal_line)::int8 AS lines,
            (SELECT sequence FROM finance.ledger_head) AS head, (SELECT max(sequence) FROM finance.journal) AS top`,
  );
  const c = counts.rows[0];
  const journals = c?.journals ?? 0;
  const lines = c?.lines ?? 0;

  const whole = await db.query<{ id: string; sequence: number; line_count: number; n: number; total: string; lo: number | null; hi: number | null }>(
    `SELECT j.id::text AS id, j.sequence, j.line_count, count(l.line)::int8 AS n, coalesce(sum(l.amount_pence), 0)::text AS total, min(l.line) AS lo, max(l.line) AS hi
       FROM finance.journal j LEFT JOIN finance.journal_line l ON l.journal_id = j.id
      GROUP BY j.id
     HAVING coalesce(sum(l.amount_pence), 0) <> 0 OR count(l.line) <> j.line_count OR min(l.line) IS DISTINCT FROM 1 OR max(l.line) IS DISTINCT FROM j.line_count OR count(l.line) < 2
      ORDER BY j.sequence LIMIT ${perCheck + 1}`,
  );
  for (const r of whole.rows.slice(0, perCheck)) {
    if (r.total !== '0') problems.push({ code: 'journal_unbalanced', journal: r.id, message: `journal ${r.sequence} (id ${r.id}) does not balance: its lines sum to ${r.total} pence` });
    if (r.n !== r.line_count || r.lo !== 1 || r.hi !== r.line_count || r.n < 2) {
      problems.push({ code: 'journal_incomplete', journal: r.id, message: `journal ${r.sequence} (id ${r.id}) should have lines 1 to ${r.line_count}; it has ${r.n}${r.lo === null ? '' : ` (lines ${r.lo} to ${r.hi})`}` });
    }
  }
  more(problems, whole.rows.length, 'journal_incomplete', 'more journals are unbalanced or incomplete');

  const orphans = await db.query<{ journal_id: string; n: number }>(
    `SELECT l.journal_id::text AS journal_id, count(*)::int8 AS n FROM finance.journal_line l
      WHERE NOT EXISTS (SELECT 1 FROM finance.journal j WHERE j.id = l.journal_id) GROUP BY l.journal_id ORDER BY 1 LIMIT ${perCheck}`,
  );
  for (const r of orphans.rows) problems.push({ code: 'line_without_journal', journal: r.journal_id, message: `${r.n} line(s) belong to journal id ${r.journal_id}, which does not exist` });

  const unknown = await db.query<{ account: string; n: number }>(
    `SELECT l.account, count(*)::int8 AS n FROM finance.journal_line l
      WHERE NOT EXISTS (SELECT 1 FROM finance.account a WHERE a.code = l.account) GROUP BY l.account ORDER BY 1 LIMIT ${perCheck}`,
  );
  for (const r of unknown.rows) problems.push({ code: 'line_unknown_account', account: r.account, message: `${r.n} line(s) name account ${r.account}, which is not in the chart of accounts` });

  const gaps = await db.query<{ id: string; sequence: number; previous: number }>(
    `SELECT id, sequence, previous FROM (
       SELECT id::text AS id, sequence, lag(sequence, 1, 0::int8) OVER (ORDER BY sequence) AS previous FROM finance.journal) s
      WHERE sequence <> previous + 1 ORDER BY sequence LIMIT ${perCheck + 1}`,
  );
  for (const r of gaps.rows.slice(0, perCheck)) {
    const sequence = r.sequence;
    const previous = r.previous;
    problems.push({
      code: 'sequence_gap', journal: r.id,
      message: sequence === previous ? `two journals are numbered ${sequence}` : `journal ${sequence} (id ${r.id}) follows journal ${previous}: ${sequence === previous + 2 ? `journal ${previous + 1} is` : `journals ${previous + 1} to ${sequence - 1} are`} missing`,
    });
  }
  more(problems, gaps.rows.length, 'sequence_gap', 'more gaps in the sequence');
  const head = c?.head === null || c?.head === undefined ? null : c.head;
  const top = c?.top === null || c?.top === undefined ? 0 : c.top;
  if (head === null) problems.push({ code: 'head_mismatch', message: 'the ledger has no head (finance.ledger_head is empty)' });
  else if (head !== top) problems.push({ code: 'head_mismatch', message: `the head says ${head} journal(s) were posted; the last journal is numbered ${top}` });

  const mirrors = await db.query<{ id: string; sequence: number; original: number }>(
    `SELECT r.id::text AS id, r.sequence, o.sequence AS original FROM finance.journal r JOIN finance.journal o ON o.id = r.reverses_id
      WHERE r.line_count <> o.line_count OR EXISTS (
        SELECT 1 FROM finance.journal_line rl LEFT JOIN finance.journal_line ol ON ol.journal_id = o.id AND ol.line = rl.line
         WHERE rl.journal_id = r.id
           AND (ol.line IS NULL OR rl.account <> ol.account OR rl.amount_pence <> -ol.amount_pence
                OR rl.person_id IS DISTINCT FROM ol.person_id OR rl.scheme_id IS DISTINCT FROM ol.scheme_id OR rl.funder IS DISTINCT FROM ol.funder))
      ORDER BY r.sequence LIMIT ${perCheck}`,
  );
  for (const r of mirrors.rows) problems.push({ code: 'reversal_mismatch', journal: r.id, message: `journal ${r.sequence} (id ${r.id}) reverses journal ${r.original} but its lines are not that journal's with the signs turned` });

  const late = await db.query<{ id: string; sequence: number; date: string; period: string }>(
    `SELECT j.id::text AS id, j.sequence, j.accounting_date::text AS date, p.period FROM finance.journal j
       JOIN finance.period_close p ON p.period = to_char(j.accounting_date, 'YYYY-MM')
      WHERE j.posted_at >= p.closed_at ORDER BY j.sequence LIMIT ${perCheck}`,
  );
  for (const r of late.rows) problems.push({ code: 'posted_into_closed_period', journal: r.id, message: `journal ${r.sequence} (id ${r.id}), dated ${r.date}, was posted after ${r.period} was closed` });

  const reused = await db.query<{ key: string; n: number }>(
    `SELECT idempotency_key AS key, count(*)::int8 AS n FROM finance.journal GROUP BY idempotency_key HAVING count(*) > 1 ORDER BY 1 LIMIT ${perCheck}`,
  );
  for (const r of reused.rows) problems.push({ code: 'idempotency_key_reused', message: `the idempotency key ${JSON.stringify(r.key)} was posted ${r.n} times` });

  const trial = await db.query<{ account: string; balance: string }>(
    'SELECT account, sum(amount_pence)::text AS balance FROM finance.journal_line GROUP BY account ORDER BY account',
  );
  const total = trial.rows.reduce((sum, r) => sum + BigInt(r.balance), 0n);
  if (total !== 0n) {
    problems.push({ code: 'trial_balance', message: `the balances of all ${trial.rows.length} accounts sum to ${total} pence, not 0: debits and credits differ` });
  }
  return { ok: problems.length === 0, journals, lines, problems };
}

function more(problems: LedgerProblem[], found: number, code: string, what: string): void {
  if (found > perCheck) problems.push({ code, message: `… and ${what} (only the first ${perCheck} are listed)` });
}
