/**
 * Reading the ledger: balances derived from the postings (never stored), and the postings
 * themselves, filtered by account, date, scheme, person and funder.
 */
import type { Queryable } from '../platform/index.js';
import { financeError } from './errors.js';
import { isIsoDate, type StoredLine } from './ledger-input.js';

export interface PostingFilter {
  /** Accounts whose code starts with this. */
  accountPrefix?: string;
  /** Journals dated on or before this date. */
  asOf?: string;
  /** Journals dated on or after this date (postings only). */
  from?: string;
  schemeId?: string;
  personId?: number;
  funder?: string;
}

function where(filter: PostingFilter): { sql: string; params: unknown[]; needsJournal: boolean } {
  const clauses: string[] = [];
  const params: unknown[] = [];
  const add = (clause: string, value: unknown): void => { params.push(value); clauses.push(clause.replace('?', `$${params.length}`)); };
  if (filter.accountPrefix !== undefined) add(`l.account LIKE ? ESCAPE '\\'`, `${filter.accountPrefix.replace(/[\\%_]/g, (c) => `\\${c}`)}%`);
  if (filter.asOf !== undefined) add('j.accounting_date <= ?::date', filter.asOf);
  if (filter.from !== undefined) add('j.accounting_date >= ?::date', filter.from);
  if (filter.schemeId !== undefined) add('l.scheme_id = ?', filter.schemeId);
  if (filter.personId !== undefined) add('l.person_id = ?', filter.personId);
  if (filter.funder !== undefined) add('l.funder = ?', filter.funder);
  for (const [name, value] of [['asOf', filter.asOf], ['from', filter.from]] as const) {
    if (value !== undefined && !isIsoDate(value)) throw financeError('finance_input_invalid', `${name} must be a date.`, [{ where: 'query', path: name, message: `must be a date, YYYY-MM-DD, not ${JSON.stringify(value)}` }]);
  }
  return { sql: clauses.length > 0 ? `WHERE ${clauses.join(' AND ')}` : '', params, needsJournal: filter.asOf !== undefined || filter.from !== undefined };
}

/** Each account's balance (debit positive), the sum of its postings that match the filter; accounts with none are left out. */
export async function balances(db: Queryable, filter: Omit<PostingFilter, 'from'> = {}): Promise<{ account: string; balancePence: number }[]> {
  const w = where(filter);
  const { rows } = await db.query<{ account: string; balance: number | bigint }>(
    `SELECT l.account, sum(l.amount_pence)::int8 AS balance FROM finance.journal_line l
       ${w.needsJournal ? 'JOIN finance.journal j ON j.id = l.journal_id' : ''} ${w.sql} GROUP BY l.account ORDER BY l.account`,
    w.params,
  );
  return rows.map((r) => ({ account: r.account, balancePence: Number(r.balance) }));
}

export interface Posting extends StoredLine {
  journalId: string;
  sequence: number;
  date: string;
  description: string;
  reversesId: string | null;
}

/** The postings that match the filter, in date then journal order (at most `limit`, default 1,000). */
export async function postings(db: Queryable, filter: PostingFilter & { limit?: number } = {}): Promise<Posting[]> {
  const w = where(filter);
  const limit = Math.max(1, Math.min(filter.limit ?? 1000, 100_000));
  const { rows } = await db.query<{ journal_id: string; sequence: number; date: string; description: string; reverses_id: string | null; line: number; account: string; amount_pence: number; person_id: number | null; scheme_id: string | null; funder: string | null; memo: string | null }>(
    `SELECT j.id::text AS journal_id, j.sequence, j.accounting_date::text AS date, j.description, j.reverses_id::text AS reverses_id,
            l.line, l.account, l.amount_pence, l.person_id, l.scheme_id, l.funder, l.memo
       FROM finance.journal_line l JOIN finance.journal j ON j.id = l.journal_id ${w.sql}
      ORDER BY j.accounting_date, j.sequence, l.line LIMIT ${limit}`,
    w.params,
  );
  return rows.map((r) => ({
    journalId: r.journal_id, sequence: r.sequence, date: r.date, description: r.description, reversesId: r.reverses_id,
    line: r.line, account: r.account, amountPence: r.amount_pence, personId: r.person_id === null ? null : r.person_id, schemeId: r.scheme_id, funder: r.funder, memo: r.memo,
  }));
}
