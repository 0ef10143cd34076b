import { createHash } from 'node:crypto';
import pg from 'pg';
import { describeDatabaseUrl } from '../../config.js';
import { platformError } from '../../errors.js';
import { type Db, type Queryable, type QueryOptions, type QueryResult, type TransactionOptions, parseInt8, sharedParsers, transactionMode, withRetry } from '../db.js';

/** pg's own parser of a type's text form (we never ask for binary results). */
const pgTextParser = pg.types.getTypeParser.bind(pg.types) as (oid: number) => (text: string) => unknown;

/** pg's type parsers with ours on top, so results match the embedded backend's. */
const types = {
  getTypeParser(oid: number): (text: string) => unknown {
    const ours = sharedParsers[oid];
    if (ours !== undefined) return ours;
    switch (oid) {
      case 17: // bytea: Uint8Array, as PGlite gives
        return (text) => new Uint8Array(pgTextParser(17)(text) as Buffer);
      case 1016: // int8[]
        return (text) => (pgTextParser(1016)(text) as (string | null)[]).map((v) => (v === null ? null : parseInt8(v)));
      case 1182: // date[] and numeric[]: the elements' text, as for the scalars
      case 1231:
        return pgTextParser(1009);
      default:
        return pgTextParser(oid);
    }
  },
};

/** The name a prepared statement goes by on every connection: a digest of its text (so one text, one name). */
const statementNames = new Map<string, string>();
function statementName(sql: string): string {
  let name = statementNames.get(sql);
  if (name === undefined) {
    name = `q_${createHash('sha256').update(sql).digest('base64url').slice(0, 24)}`;
    statementNames.set(sql, name);
  }
  return name;
}

function queryable(client: pg.Pool | pg.PoolClient): Queryable {
  return {
    async query<R extends object>(sql: string, params: readonly unknown[] = [], options: QueryOptions = {}): Promise<QueryResult<R>> {
      const result = options.prepared === true
        ? await client.query<R & pg.QueryResultRow>({ name: statementName(sql), text: sql, values: [...params] })
        : await client.query<R & pg.QueryResultRow>(sql, [...params]);
      return { rows: result.rows, rowCount: result.rowCount ?? result.rows.length };
    },
    async exec(sql: string): Promise<void> {
      await client.query(sql);
    },
  };
}

export interface PostgresOptions {
  /** Connections in the pool (default 10). */
  max?: number;
  /** Called with errors of idle pooled connections (e.g. the server restarted). */
  onIdleError?: (error: Error) => void;
}

/** Connects to a PostgreSQL server through a pool, failing at once if it cannot be reached. */
export async function openPostgres(databaseUrl: string, options: PostgresOptions = {}): Promise<Db> {
  const location = describeDatabaseUrl(databaseUrl);
  const pool = new pg.Pool({
    connectionString: databaseUrl,
    max: options.max ?? 10,
    connectionTimeoutMillis: 5000,
    idleTimeoutMillis: 30_000,
    types,
  });
  pool.on('error', (error) => options.onIdleError?.(error));
  try {
    await pool.query('SELECT 1');
  } catch (error) {
    await pool.end().catch(() => undefined);
    const reason = error instanceof Error ? error.message : String(error);
    throw platformError('database_unavailable', `Cannot connect to PostgreSQL at ${location}: ${reason}`, { cause: error });
  }
  const base = queryable(pool);
  return {
    backend: 'postgres',
    location,
    query: base.query,
    exec: base.exec,
    transaction<T>(work: (tx: Queryable) => Promise<T>, txOptions: TransactionOptions = {}): Promise<T> {
      const mode = transactionMode(txOptions);
      return withRetry(async () => {
        const client = await pool.connect();
        let broken = false;
        try {
          await client.query('BEGIN');
          if (mode !== undefined) await client.query(mode);
          const result = await work(queryable(client));
          await client.query('COMMIT');
          return result;
        } catch (error) {
          await client.query('ROLLBACK').catch(() => {
            broken = true;
          });
          throw error;
        } finally {
          client.release(broken);
        }
      }, txOptions.retries ?? 5);
    },
    async close(): Promise<void> {
      await pool.end();
    },
  };
}
