import { platformError } from '../errors.js';
import type { Db } from './db.js';

export interface OpenDatabaseOptions {
  /** PostgreSQL server URL; when set, the embedded database is not used. */
  databaseUrl?: string | undefined;
  /** Embedded database folder; undefined (with no databaseUrl) means in memory. */
  dataDir?: string | undefined;
  onIdleError?: (error: Error) => void;
  /** Refuse, rather than create, an embedded database that does not exist yet (backup). */
  mustExist?: boolean;
}

/** Opens the configured backend. Drivers are loaded on demand so each start loads only one. */
export async function openDatabase(options: OpenDatabaseOptions): Promise<Db> {
  if (options.databaseUrl !== undefined) {
    const { openPostgres } = await import('./backends/postgres.js');
    return openPostgres(options.databaseUrl, options.onIdleError ? { onIdleError: options.onIdleError } : {});
  }
  if (options.mustExist === true && options.dataDir !== undefined && !(await embeddedDatabaseExists(options.dataDir))) {
    throw platformError('database_unavailable', `There is no Joined Up database in ${options.dataDir}.`);
  }
  const { openPglite } = await import('./backends/pglite.js');
  return openPglite(options.dataDir);
}

/** True when the folder already holds an embedded database (false: opening it will create one). */
export async function embeddedDatabaseExists(dataDir: string): Promise<boolean> {
  const { pgliteClusterExists } = await import('./backends/pglite.js');
  return pgliteClusterExists(dataDir);
}
