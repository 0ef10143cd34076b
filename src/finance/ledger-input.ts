/**
 * The ledger's pure rules: what makes a journal acceptable (double entry in whole pence, at least
 * two lines summing to exactly zero, a real accounting date), and the fingerprint of a request's
 * body by which a retry is told from a clash of idempotency keys.
 */
import { createHash } from 'node:crypto';
import type { ErrorLocation } from '../platform/index.js';

export type AccountKind = 'asset' | 'liability' | 'income' | 'expense' | 'equity';
export const accountKinds: readonly AccountKind[] = ['asset', 'liability', 'income', 'expense', 'equity'];

export interface Account {
  code: string;
  name: string;
  kind: AccountKind;
}

/** One line of a journal: debit positive, credit negative, in pence. */
export interface PostingLine {
  account: string;
  amountPence: number;
  personId?: number | null;
  schemeId?: string | null;
  funder?: string | null;
  memo?: string | null;
}

export interface JournalInput {
  idempotencyKey: string;
  /** YYYY-MM-DD, the accounting date (the period the journal belongs to). */
  date: string;
  description: string;
  by: string;
  lines: readonly PostingLine[];
}

/** A line as stored: every optional field present (null when not given), numbered from 1. */
export interface StoredLine {
  line: number;
  account: string;
  amountPence: number;
  personId: number | null;
  schemeId: string | null;
  funder: string | null;
  memo: string | null;
}

export const limits = { lines: 10_000, key: 200, description: 500, by: 200, memo: 500, tag: 200, reason: 400 } as const;
const accountCode = /^[A-Za-z0-9][A-Za-z0-9._:/-]{0,119}$/;

/** True for a real calendar date written YYYY-MM-DD (years 1900 to 9999). */
export function isIsoDate(text: unknown): text is string {
  if (typeof text !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(text) || text < '1900') return false;
  const d = new Date(`${text}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().startsWith(text);
}

/** True for a month written YYYY-MM. */
export const isPeriod = (text: unknown): text is string => typeof text === 'string' && /^\d{4}-(0[1-9]|1[0-2])$/.test(text) && text >= '1900';

/** The accounting period (YYYY-MM) a date falls in. */
export const periodOf = (date: string): string => date.slice(0, 7);

const text = (value: unknown, max: number): boolean => typeof value === 'string' && value.trim().length > 0 && value.length <= max;
const optionalText = (value: unknown, max: number): boolean => value === undefined || value === null || (typeof value === 'string' && value.length <= max);

/** Each problem with a journal (empty when it may be posted), each with its path under `prefix`. */
export function journalProblems(input: JournalInput, prefix = ''): ErrorLocation[] {
  const problems: ErrorLocation[] = [];
  const at = (path: string, message: string): void => { problems.push({ where: 'body', path: `${prefix}${path}`, message }); };
  if (!text(input.idempotencyKey, limits.key)) at('idempotencyKey', `an idempotency key of 1 to ${limits.key} characters is required`);
  if (!isIsoDate(input.date)) at('date', `must be a date, YYYY-MM-DD, not ${JSON.stringify(input.date)}`);
  if (!text(input.description, limits.description)) at('description', `a description of 1 to ${limits.description} characters is required`);
  if (!text(input.by, limits.by)) at('by', 'who is posting is required');
  const given: unknown = input.lines;
  if (!Array.isArray(given)) {
    at('lines', 'must be a list of lines');
    return problems;
  }
  if (input.lines.length < 2) at('lines', `a journal needs at least two lines (double entry), not ${input.lines.length}`);
  if (input.lines.length > limits.lines) at('lines', `at most ${limits.lines.toLocaleString('en-GB')} lines in one journal`);
  let sum = 0n;
  let summable = true;
  for (const [i, l] of input.lines.entries()) {
    const line = `lines/${i}/`;
    if (typeof l.account !== 'string' || !accountCode.test(l.account)) at(`${line}account`, `must be an account code, not ${JSON.stringify(l.account)}`);
    if (typeof l.amountPence !== 'number' || !Number.isSafeInteger(l.amountPence)) {
      at(`${line}amountPence`, `must be a whole number of pence, not ${JSON.stringify(l.amountPence)}`);
      summable = false;
    } else if (l.amountPence === 0) {
      at(`${line}amountPence`, 'must not be zero (debit positive, credit negative)');
    } else {
      sum += BigInt(l.amountPence);
    }
    if (l.personId !== undefined && l.personId !== null && (!Number.isSafeInteger(l.personId) || l.personId <= 0)) at(`${line}personId`, 'must be a person\'s id');
    if (!optionalText(l.schemeId, limits.tag)) at(`${line}schemeId`, `must be text of at most ${limits.tag} characters`);
    if (!optionalText(l.funder, limits.tag)) at(`${line}funder`, `must be text of at most ${limits.tag} characters`);
    if (!optionalText(l.memo, limits.memo)) at(`${line}memo`, `must be text of at most ${limits.memo} characters`);
  }
  if (summable && sum !== 0n && input.lines.length >= 2) at('lines', `debits and credits must sum to exactly 0; these sum to ${sum} pence`);
  return problems;
}

/** The lines as stored: numbered from 1, every optional field present. */
export const storedLines = (lines: readonly PostingLine[]): StoredLine[] =>
  lines.map((l, i) => ({ line: i + 1, account: l.account, amountPence: l.amountPence, personId: l.personId ?? null, schemeId: l.schemeId ?? null, funder: l.funder ?? null, memo: l.memo ?? null }));

/**
 * The sha256 of what a request asks to post (not who asks, nor its key): the same body sent again
 * is a retry, another body under the same key is a clash.
 */
export function bodyFingerprint(input: Pick<JournalInput, 'date' | 'description' | 'lines'>, reversesId: string | null = null): string {
  const canonical = [input.date, input.description, reversesId, storedLines(input.lines).map((l) => [l.account, l.amountPence, l.personId, l.schemeId, l.funder, l.memo])];
  return createHash('sha256').update(JSON.stringify(canonical)).digest('hex');
}
