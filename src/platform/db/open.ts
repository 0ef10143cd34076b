import type { Db } from './db.js';

export interface OpenDatabaseOptions {
  /** PostgreSQL server URL; when set, the embedded database is not used. */
  databaseUrl?: string | undefined;
  /** Embedded database folder; undefined (with no databaseUrl) means in memory. */
  dataDir?: string | undefined;
  onIdleError?: (error: Error) => void;
}

/** Opens the configured backend. Drivers are loaded on demand so each start loads only one. */
export async function openDatabase(options: OpenDatabaseOptions): Promise<Db> {
  if (options.databaseUrl !== undefined) {
    const { openPostgres } = await import('./backends/postgres.js');
    return openPostgres(options.databaseUrl, options.onIdleError ? { onIdleError: options.onIdleError } : {});
  }
  const { openPglite } = await import('./backends/pglite.js');
  return openPglite(options.dataDir);
}
