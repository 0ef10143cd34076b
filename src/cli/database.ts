import { type Config, type Db, openDatabase } from '../platform/index.js';

/** Runs `work` on the configured database (server or embedded), closing it whatever happens. */
export async function withDatabase<T>(config: Config, work: (db: Db) => Promise<T>, options: { mustExist?: boolean } = {}): Promise<T> {
  const db = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, ...options });
  try {
    return await work(db);
  } finally {
    await db.close();
  }
}
