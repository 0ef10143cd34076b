import { mkdirSync, accessSync, constants, writeFileSync, rmSync, existsSync } from 'node:fs';
import path from 'node:path';
import { PGlite, type Transaction } from '@electric-sql/pglite';
import { fuzzystrmatch } from '@electric-sql/pglite/contrib/fuzzystrmatch';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { errorCode, platformError } from '../../errors.js';
import { type Db, type Queryable, type QueryResult, type TransactionOptions, sharedParsers, transactionMode, withRetry } from '../db.js';
import { acquireDataDirLock } from './data-dir-lock.js';

type PgliteLike = Pick<PGlite | Transaction, 'query' | 'exec'>;

/** Extensions the migrations may create (the server has them from PostgreSQL's contrib package). */
const extensions = { fuzzystrmatch, pg_trgm };

function queryable(target: PgliteLike): Queryable {
  return {
    async query<R extends object>(sql: string, params: readonly unknown[] = []): Promise<QueryResult<R>> {
      const result = await target.query<R>(sql, [...params]);
      return { rows: result.rows, rowCount: result.affectedRows ? result.affectedRows : result.rows.length };
    },
    async exec(sql: string): Promise<void> {
      await target.exec(sql);
    },
  };
}

/** The folder inside the data dir that holds the embedded PostgreSQL cluster. */
export function pgliteClusterDir(dataDir: string): string {
  return path.join(dataDir, 'postgres');
}

/**
 * Opens the embedded database: in memory when `dataDir` is undefined, else persisted under it.
 * The data dir is locked to this process: PGlite is single-process, so a second process
 * (another server, or a CLI backup) is refused rather than allowed to corrupt it.
 */
export async function openPglite(dataDir: string | undefined): Promise<Db> {
  let release = (): void => undefined;
  let pg: PGlite;
  if (dataDir === undefined) {
    pg = await createInMemory();
  } else {
    ensureWritable(dataDir);
    release = acquireDataDirLock(dataDir);
    try {
      pg = await PGlite.create(pgliteClusterDir(dataDir), { parsers: sharedParsers, extensions });
    } catch (error) {
      release();
      throw platformError('database_unavailable', `The embedded database in ${dataDir} could not be opened.`, { cause: error });
    }
  }
  const base = queryable(pg);
  return {
    backend: 'pglite',
    location: dataDir ?? 'memory',
    query: base.query,
    exec: base.exec,
    transaction<T>(work: (tx: Queryable) => Promise<T>, options: TransactionOptions = {}): Promise<T> {
      const mode = transactionMode(options);
      return withRetry(
        () =>
          pg.transaction(async (tx) => {
            if (mode !== undefined) await tx.exec(mode);
            return work(queryable(tx));
          }),
        options.retries ?? 5,
      );
    },
    async close(): Promise<void> {
      try {
        if (!pg.closed) await pg.close();
      } finally {
        release();
      }
    },
  };
}

/**
 * A freshly initialised cluster, kept per process: initdb is most of the cost of a new embedded
 * database, so later in-memory databases (tests, `--data-dir`-less tools) start from this copy.
 */
let initialised: Promise<Blob> | undefined;

async function createInMemory(): Promise<PGlite> {
  if (initialised === undefined) {
    const first = await PGlite.create({ parsers: sharedParsers, extensions });
    initialised = first.dumpDataDir('none');
    await initialised;
    return first;
  }
  return PGlite.create({ parsers: sharedParsers, extensions, loadDataDir: await initialised });
}

/** Creates the data dir if needed and proves it can be written, before PGlite touches it. */
function ensureWritable(dataDir: string): void {
  try {
    makeDirectory(dataDir);
    accessSync(dataDir, constants.W_OK);
    const probe = path.join(dataDir, `.write-test-${process.pid}`);
    writeFileSync(probe, '');
    rmSync(probe);
  } catch (error) {
    throw platformError('database_unavailable', `The data directory ${dataDir} is not writable (${errorCode(error) ?? 'unknown error'}).`, { cause: error });
  }
}

/**
 * mkdir -p one level at a time: Node's recursive mkdir never returns on some special file
 * systems (it loops on /proc/…), where a plain mkdir fails at once with a clear code.
 */
function makeDirectory(dir: string): void {
  const missing: string[] = [];
  let at = path.resolve(dir);
  while (!existsSync(at)) {
    missing.unshift(at);
    const parent = path.dirname(at);
    if (parent === at) break;
    at = parent;
  }
  for (const level of missing) mkdirSync(level);
}

/** True when the data dir already holds an embedded database cluster. */
export function pgliteClusterExists(dataDir: string): boolean {
  return existsSync(path.join(pgliteClusterDir(dataDir), 'PG_VERSION'));
}
