/**
 * The store: one small interface over PostgreSQL, with two backends (embedded PGlite and a
 * PostgreSQL server) that run the same SQL and return the same JavaScript values.
 */
import { errorCode } from '../errors.js';

export type Backend = 'pglite' | 'postgres';

export interface QueryResult<R> {
  rows: R[];
  /** Rows returned by a SELECT, or touched by INSERT/UPDATE/DELETE. */
  rowCount: number;
}

/** Something SQL can be sent to: the database itself or an open transaction. */
export interface QueryOptions {
  /**
   * The statement's text is fixed (values only ever as $n parameters), it runs often, and its best
   * plan does not depend on the values: a PostgreSQL server keeps it prepared on each connection, so
   * it is parsed and planned once rather than every time (measured on the FHIR API: writes 25% and
   * reads by id 48% more a second). Never for a search, whose best plan does depend on the values
   * (a generic plan made the Observation search thirty times slower). The embedded database, in
   * process, plans every statement.
   */
  prepared?: boolean;
}

export interface Queryable {
  /** One statement with $1… parameters. */
  query: <R extends object = Record<string, unknown>>(sql: string, params?: readonly unknown[], options?: QueryOptions) => Promise<QueryResult<R>>;
  /** Several statements without parameters (migrations, DDL). */
  exec: (sql: string) => Promise<void>;
}

export type IsolationLevel = 'read committed' | 'repeatable read' | 'serializable';

export interface TransactionOptions {
  isolation?: IsolationLevel;
  readOnly?: boolean;
  /** Attempts after the first on serialization failure or deadlock (default 5). */
  retries?: number;
}

export interface Db extends Queryable {
  readonly backend: Backend;
  /** Where the data lives, safe to show: a folder, "memory", or host:port/database. */
  readonly location: string;
  /**
   * Runs `work` in one transaction: committed if it resolves, rolled back if it throws.
   * Retried from the start on serialization failure (40001) or deadlock (40P01), so `work`
   * must have no effects outside the database.
   */
  transaction<T>(work: (tx: Queryable) => Promise<T>, options?: TransactionOptions): Promise<T>;
  close(): Promise<void>;
}

/** SQLSTATE codes after which a whole transaction can safely be run again. */
const retryableCodes = new Set(['40001', '40P01']);

function isRetryable(error: unknown): boolean {
  return retryableCodes.has(errorCode(error) ?? '');
}

/** Runs `attempt` again after retryable failures, with growing jittered back-off. */
export async function withRetry<T>(attempt: () => Promise<T>, retries: number): Promise<T> {
  for (let tries = 0; ; tries++) {
    try {
      return await attempt();
    } catch (error) {
      if (!isRetryable(error) || tries >= retries) throw error;
      const backoff = Math.min(1000, 5 * 2 ** tries) * (0.5 + Math.random());
      await new Promise((resolve) => setTimeout(resolve, backoff));
    }
  }
}

/** The SET TRANSACTION statement for the options, or undefined for the defaults. */
export function transactionMode(options: TransactionOptions): string | undefined {
  const parts: string[] = [];
  if (options.isolation !== undefined) parts.push(`ISOLATION LEVEL ${options.isolation.toUpperCase()}`);
  if (options.readOnly === true) parts.push('READ ONLY');
  return parts.length > 0 ? `SET TRANSACTION ${parts.join(', ')}` : undefined;
}

/**
 * Type parsers shared by both backends so the same query returns the same values:
 * int8 as a number (bigint only beyond 2^53), numeric as an exact string, date as an ISO date
 * string, timestamp without time zone as its text (instants are timestamptz, parsed to Date).
 */
export const sharedParsers: Readonly<Record<number, (text: string) => unknown>> = {
  20: parseInt8,
  1700: (text) => text,
  1082: (text) => text,
  1114: (text) => text,
};

export function parseInt8(text: string): number | bigint {
  const n = Number(text);
  return Number.isSafeInteger(n) ? n : BigInt(text);
}
