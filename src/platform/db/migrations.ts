import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Capability } from '../capability.js';
import { type AppError, platformError } from '../errors.js';
import type { Db, Queryable } from './db.js';

/** A migration as the code knows it. */
export interface Migration {
  capability: string;
  version: number;
  name: string;
  checksum: string;
  sql: string;
}

/** A migration as the database records it. */
export interface AppliedMigration {
  capability: string;
  version: number;
  name: string;
  checksum: string;
  appliedAt: Date;
}

export interface MigrationState {
  applied: AppliedMigration[];
  pending: Migration[];
  /** Why the database must not be used with this code, if it must not. */
  problem: AppError | undefined;
}

const fileName = /^(\d{4})-([a-z0-9][a-z0-9-]*)\.sql$/;

/** sha256 of the migration text, line endings normalised so a checkout's CRLF changes nothing. */
export function migrationChecksum(sql: string): string {
  return createHash('sha256').update(sql.replace(/\r\n?/g, '\n')).digest('hex');
}

/** Reads every capability's migrations, in the order they must be applied. */
export function loadMigrations(capabilities: readonly Capability[]): Migration[] {
  const all: Migration[] = [];
  for (const capability of capabilities) {
    const files = readdirSync(capability.migrationsDir).filter((f) => f.endsWith('.sql')).sort();
    let previous = 0;
    for (const file of files) {
      const match = fileName.exec(file);
      if (!match?.[1] || !match[2]) {
        throw new Error(`Migration file ${capability.name}/${file} is not named NNNN-name.sql`);
      }
      const version = Number(match[1]);
      if (version === previous) throw new Error(`Two ${capability.name} migrations have version ${version}`);
      previous = version;
      const sql = readFileSync(path.join(capability.migrationsDir, file), 'utf8');
      all.push({ capability: capability.name, version, name: match[2], checksum: migrationChecksum(sql), sql });
    }
  }
  return all;
}

const bootstrap = `
CREATE SCHEMA IF NOT EXISTS platform;
CREATE TABLE IF NOT EXISTS platform.schema_migrations (
  capability text NOT NULL,
  version integer NOT NULL,
  name text NOT NULL,
  checksum text NOT NULL,
  applied_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (capability, version)
);`;

/** The migrations recorded in the database, oldest first (none if it was never migrated). */
export async function appliedMigrations(db: Queryable): Promise<AppliedMigration[]> {
  const exists = await db.query<{ table: string | null }>(`SELECT to_regclass('platform.schema_migrations')::text AS table`);
  if (exists.rows[0]?.table == null) return [];
  const result = await db.query<{ capability: string; version: number; name: string; checksum: string; applied_at: Date }>(
    'SELECT capability, version, name, checksum, applied_at FROM platform.schema_migrations ORDER BY applied_at, capability, version',
  );
  return result.rows.map((r) => ({ capability: r.capability, version: r.version, name: r.name, checksum: r.checksum, appliedAt: r.applied_at }));
}

/** Compares the database with the code: what is applied, what is pending, and any reason to refuse. */
export async function migrationState(db: Queryable, migrations: readonly Migration[]): Promise<MigrationState> {
  const applied = await appliedMigrations(db);
  return { applied, ...compare(applied, migrations) };
}

function compare(applied: readonly AppliedMigration[], migrations: readonly Migration[]): Omit<MigrationState, 'applied'> {
  const known = new Map(migrations.map((m) => [migrationKey(m), m]));
  const done = new Set(applied.map(migrationKey));
  for (const a of applied) {
    const m = known.get(migrationKey(a));
    if (m === undefined) {
      return {
        pending: [],
        problem: platformError('migrations_ahead', `The database has migration ${migrationKey(a)} (${a.name}), which this version of Joined Up does not have.`),
      };
    }
    if (m.checksum !== a.checksum) {
      return {
        pending: [],
        problem: platformError('migration_changed', `Migration ${migrationKey(a)} (${a.name}) was changed after it was applied.`),
      };
    }
  }
  const pending = migrations.filter((m) => !done.has(migrationKey(m)));
  for (const p of pending) {
    const later = applied.find((a) => a.capability === p.capability && a.version > p.version);
    if (later !== undefined) {
      return {
        pending,
        problem: platformError('migration_order', `Migration ${migrationKey(p)} is not applied but the later ${migrationKey(later)} is.`),
      };
    }
  }
  return { pending, problem: undefined };
}

/** The stable name of a migration: capability/NNNN. */
export function migrationKey(m: { capability: string; version: number }): string {
  return `${m.capability}/${String(m.version).padStart(4, '0')}`;
}

export interface MigrateOptions {
  /** Apply only these (capability/NNNN keys); the rest stay pending. */
  only?: ReadonlySet<string>;
  onApplied?: (migration: Migration, index: number, total: number) => void;
}

/**
 * Brings the database up to the code's migrations, each in its own transaction under an advisory
 * lock so that several processes starting at once apply each migration exactly once.
 * Refuses (throws) if the database is ahead of the code or an applied migration has changed.
 */
export async function migrate(db: Db, migrations: readonly Migration[], options: MigrateOptions = {}): Promise<Migration[]> {
  await db.transaction(async (tx) => {
    await tx.query('SELECT pg_advisory_xact_lock($1)', [migrationLockKey]);
    await tx.exec(bootstrap);
  });
  const state = await migrationState(db, migrations);
  if (state.problem) throw state.problem;
  const todo = state.pending.filter((m) => options.only?.has(migrationKey(m)) ?? true);
  const applied: Migration[] = [];
  for (const [index, migration] of todo.entries()) {
    const ran = await db.transaction(async (tx) => {
      await tx.query('SELECT pg_advisory_xact_lock($1)', [migrationLockKey]);
      const again = await tx.query('SELECT 1 FROM platform.schema_migrations WHERE capability = $1 AND version = $2', [
        migration.capability,
        migration.version,
      ]);
      if (again.rowCount > 0) return false;
      await tx.exec(migration.sql);
      await tx.query('INSERT INTO platform.schema_migrations (capability, version, name, checksum) VALUES ($1, $2, $3, $4)', [
        migration.capability,
        migration.version,
        migration.name,
        migration.checksum,
      ]);
      return true;
    });
    if (ran) applied.push(migration);
    options.onApplied?.(migration, index + 1, todo.length);
  }
  return applied;
}

/** Key of the advisory lock that serialises migrations across processes ("joinedup" as int). */
const migrationLockKey = 0x6a6f696e;

