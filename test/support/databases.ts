/**
 * The backends every store test runs on: embedded PGlite always, a PostgreSQL server when
 * TEST_DATABASE_URL is set. Each `open()` makes a fresh, empty database (a new in-memory PGlite,
 * or a new database on the server, dropped afterwards) so tests and parallel runs never collide.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterEach, beforeEach } from 'vitest';
import { type Db, openDatabase } from '../../src/platform/index.js';

export const serverUrl: string | undefined = process.env.TEST_DATABASE_URL?.trim() || undefined;

if (serverUrl === undefined && process.env.CI === 'true') {
  throw new Error('TEST_DATABASE_URL must be set in CI so the store suite runs on the PostgreSQL server too');
}

export interface FreshDatabase {
  db: Db;
  /** Connection URL of the database (server backend only). */
  url: string | undefined;
  /** Closes the database and, on the server, drops it. */
  dispose(): Promise<void>;
}

export interface TestBackend {
  name: 'pglite' | 'postgres';
  available: boolean;
  open(): Promise<FreshDatabase>;
}

async function admin<T>(work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** A new, empty database on the test server, and how to drop it. */
export async function createServerDatabase(): Promise<{ url: string; drop(): Promise<void> }> {
  if (serverUrl === undefined) throw new Error('TEST_DATABASE_URL is not set');
  const name = `joinedup_test_${process.pid}_${randomBytes(4).toString('hex')}`;
  await admin((c) => c.query(`CREATE DATABASE ${name}`));
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: () => admin((c) => c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)).then(() => undefined),
  };
}

export const backends: readonly TestBackend[] = [
  {
    name: 'pglite',
    available: true,
    async open() {
      const db = await openDatabase({});
      return { db, url: undefined, dispose: () => db.close() };
    },
  },
  {
    name: 'postgres',
    available: serverUrl !== undefined,
    async open() {
      const created = await createServerDatabase();
      const db = await openDatabase({ databaseUrl: created.url });
      return {
        db,
        url: created.url,
        dispose: async () => {
          await db.close();
          await created.drop();
        },
      };
    },
  },
];

/**
 * A fresh database on `backend` for each test of the calling suite, prepared by `prepare` (say,
 * migrated); the returned function gives the current test's database.
 */
export function freshDatabaseEach(backend: TestBackend, prepare: (db: Db) => Promise<unknown> = async () => undefined): () => Db {
  let fresh: FreshDatabase | undefined;
  beforeEach(async () => {
    if (!backend.available) return;
    fresh = await backend.open();
    await prepare(fresh.db);
  });
  afterEach(async () => {
    await fresh?.dispose();
    fresh = undefined;
  });
  return () => {
    if (!fresh) throw new Error(`No database: the ${backend.name} backend is not available`);
    return fresh.db;
  };
}
