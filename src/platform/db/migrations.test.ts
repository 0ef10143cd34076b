import { rmSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { sampleCapabilities } from '../../../test/support/capabilities.js';
import { backends, type FreshDatabase } from '../../../test/support/databases.js';
import { rejection } from '../../../test/support/errors.js';
import { openDatabase } from './open.js';
import { appliedMigrations, loadMigrations, migrate, migrationChecksum, migrationState } from './migrations.js';

describe('migration files', () => {
  it('are read in capability order then version order, with checksums that ignore CRLF', () => {
    const { capabilities } = sampleCapabilities();
    const migrations = loadMigrations(capabilities);
    expect(migrations.map((m) => `${m.capability}/${m.version}/${m.name}`)).toEqual([
      'platform/1/installation',
      'sample/1/sample',
      'sample/2/visits',
    ]);
    expect(migrationChecksum('a\r\nb')).toBe(migrationChecksum('a\nb'));
    expect(migrationChecksum('a\nb')).not.toBe(migrationChecksum('a\nc'));
  });

  it('must be named NNNN-name.sql', () => {
    const sample = sampleCapabilities();
    sample.write('3-bad name.sql', 'SELECT 1');
    expect(() => loadMigrations(sample.capabilities)).toThrow(/NNNN-name\.sql/);
  });
});

describe.each(backends)('migrations on $name', (backend) => {
  let fresh: FreshDatabase;
  beforeEach(async () => {
    if (backend.available) fresh = await backend.open();
  });
  afterEach(async () => {
    if (backend.available) await fresh.dispose();
  });

  it.skipIf(!backend.available)('applies every migration once, in order, each in its own schema', async () => {
    const { capabilities } = sampleCapabilities();
    const migrations = loadMigrations(capabilities);
    const seen: string[] = [];
    const applied = await migrate(fresh.db, migrations, { onApplied: (m, i, n) => seen.push(`${m.name} ${i}/${n}`) });
    expect(applied).toHaveLength(3);
    expect(seen).toEqual(['installation 1/3', 'sample 2/3', 'visits 3/3']);
    expect(await migrate(fresh.db, migrations)).toEqual([]);
    const state = await migrationState(fresh.db, migrations);
    expect(state.pending).toEqual([]);
    expect(state.problem).toBeUndefined();
    expect(state.applied.map((a) => a.checksum)).toEqual(migrations.map((m) => m.checksum));

    const schemas = await fresh.db.query<{ schema: string }>(
      `SELECT DISTINCT table_schema AS schema FROM information_schema.tables
        WHERE table_schema NOT IN ('pg_catalog', 'information_schema') ORDER BY 1`,
    );
    expect(schemas.rows.map((r) => r.schema)).toEqual(['platform', 'sample']);
  });

  it.skipIf(!backend.available)('applies a migration added later, and refuses one slotted in below an applied one', async () => {
    const sample = sampleCapabilities();
    await migrate(fresh.db, loadMigrations(sample.capabilities));
    sample.write('0003-notes.sql', 'ALTER TABLE sample.visit ADD COLUMN by_whom text;');
    expect((await migrate(fresh.db, loadMigrations(sample.capabilities))).map((m) => m.name)).toEqual(['notes']);

    const gap = sampleCapabilities();
    rmSync(path.join(gap.migrationsDir, '0002-visits.sql'));
    const fresh2 = await backend.open();
    try {
      await migrate(fresh2.db, loadMigrations(gap.capabilities));
      gap.write('0003-notes.sql', 'CREATE TABLE sample.notes (n text);');
      await migrate(fresh2.db, loadMigrations(gap.capabilities));
      gap.write('0002-visits.sql', 'CREATE TABLE sample.visit (n text);');
      const error = await rejection(migrate(fresh2.db, loadMigrations(gap.capabilities)));
      expect(error.code).toBe('migration_order');
      expect(error.message).toContain('sample/0002');
    } finally {
      await fresh2.dispose();
    }
  });

  it.skipIf(!backend.available)('refuses a database migrated by a newer version, and a changed migration', async () => {
    const sample = sampleCapabilities();
    sample.write('0003-newer.sql', 'CREATE TABLE sample.newer (n int);');
    await migrate(fresh.db, loadMigrations(sample.capabilities));

    rmSync(path.join(sample.migrationsDir, '0003-newer.sql'));
    const older = loadMigrations(sample.capabilities);
    const ahead = await rejection(migrate(fresh.db, older));
    expect(ahead.code).toBe('migrations_ahead');
    expect(ahead.message).toContain('sample/0003');
    expect((await migrationState(fresh.db, older)).problem?.code).toBe('migrations_ahead');

    sample.write('0003-newer.sql', 'CREATE TABLE sample.newer (n bigint);');
    const changed = await rejection(migrate(fresh.db, loadMigrations(sample.capabilities)));
    expect(changed.code).toBe('migration_changed');
    expect(changed.message).toContain('sample/0003');
  });

  it.skipIf(!backend.available)('leaves nothing behind when a migration fails', async () => {
    const sample = sampleCapabilities();
    sample.write('0003-broken.sql', 'CREATE TABLE sample.half (n int);\nSELECT no_such_function();');
    await expect(migrate(fresh.db, loadMigrations(sample.capabilities))).rejects.toMatchObject({ code: '42883' });
    expect((await appliedMigrations(fresh.db)).map((m) => `${m.capability}/${m.version}`)).toEqual(['platform/1', 'sample/1', 'sample/2']);
    const half = await fresh.db.query<{ t: string | null }>(`SELECT to_regclass('sample.half')::text AS t`);
    expect(half.rows[0]?.t).toBeNull();
  });

  // Only a server has several connections; the embedded database serialises everything anyway.
  if (backend.name === 'postgres') it.skipIf(!backend.available)('applies each migration exactly once when several processes start together', async () => {
    const { capabilities } = sampleCapabilities();
    const migrations = loadMigrations(capabilities);
    const others = await Promise.all([1, 2, 3].map(() => openDatabase({ databaseUrl: fresh.url })));
    try {
      const results = await Promise.all([fresh.db, ...others].map((db) => migrate(db, migrations)));
      expect(results.reduce((n, r) => n + r.length, 0)).toBe(migrations.length);
      expect(await appliedMigrations(fresh.db)).toHaveLength(migrations.length);
    } finally {
      await Promise.all(others.map((db) => db.close()));
    }
  });
});
