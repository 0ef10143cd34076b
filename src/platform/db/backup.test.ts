import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gzipSync, gunzipSync } from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import { sampleCapabilities } from '../../../test/support/capabilities.js';
import { backends, type FreshDatabase, type TestBackend } from '../../../test/support/databases.js';
import { rejection } from '../../../test/support/errors.js';
import { checkBackup, restoreBackup, writeBackup } from './backup.js';
import type { Db } from './db.js';
import { loadMigrations, migrate } from './migrations.js';

const { capabilities } = sampleCapabilities();
const schemas = capabilities.map((c) => c.schema);
const opened: FreshDatabase[] = [];
afterEach(async () => {
  await Promise.all(opened.splice(0).map((f) => f.dispose()));
});

async function open(backend: TestBackend): Promise<Db> {
  const fresh = await backend.open();
  opened.push(fresh);
  return fresh.db;
}

function tempFile(name: string): string {
  return path.join(mkdtempSync(path.join(tmpdir(), 'joinedup-backup-')), name);
}

async function seed(db: Db): Promise<void> {
  await migrate(db, loadMigrations(capabilities));
  await db.exec(`
    INSERT INTO sample.household (postcode) VALUES ('TQ1 1AA'), ('TQ2 5ZZ');
    INSERT INTO sample.person (id, household_id, carer_id, name, born, seen_at, budget_pence, score, weight, alive, photo, details, tags) VALUES
      (2, 1, 1, 'Zoë "Zo" O''Neill', '1939-02-28', '2026-11-23T04:40:00.123456Z', 9007199254740993, 12345678901234567890.0123456789,
       0.1, true, '\\x00ff0a5c', '{"lives_alone": true, "notes": "line 1\\nline 2 \\u2603"}', ARRAY['frail', 'carer, unpaid']),
      (1, 1, NULL, 'Edith Smith', '1941-12-31', NULL, -250, NULL, NULL, NULL, NULL, NULL, NULL);
    SELECT setval(pg_get_serial_sequence('sample.person', 'id'), 2);
    INSERT INTO sample.person (household_id, name) VALUES (2, 'Next Identity');
    INSERT INTO sample.visit VALUES (1, '2026-01-02', 'first'), (2, '2026-01-03', NULL);
    SELECT nextval('sample.case_number'), nextval('sample.case_number');
  `);
}

async function snapshot(db: Db): Promise<unknown[]> {
  const tables = ['platform.installation', 'sample.household', 'sample.person', 'sample.visit'];
  const rows: unknown[] = [];
  for (const t of tables) rows.push((await db.query(`SELECT * FROM ${t} ORDER BY 1`)).rows);
  rows.push((await db.query(`SELECT last_value FROM sample.case_number`)).rows);
  return rows;
}

const pairs = backends.flatMap((from) => backends.map((to) => ({ from, to, label: `${from.name} → ${to.name}` })));

describe.each(pairs)('backup and restore $label', ({ from, to }) => {
  it.skipIf(!from.available || !to.available)('carries every row and value exactly, and the sequences', async () => {
    const source = await open(from);
    await seed(source);
    const file = tempFile('round-trip.jub.gz');
    const progress: number[] = [];
    const summary = await writeBackup(source, { file, schemas, appVersion: '0.1.0-test', onProgress: (done) => progress.push(done) });
    expect(summary).toMatchObject({ tables: 4, rows: 1 + 2 + 3 + 2 });
    expect(progress.at(-1)).toBe(8);

    const target = await open(to);
    const contents = await checkBackup(file);
    expect(contents.header.backend).toBe(from.name);
    const result = await restoreBackup(target, { file, migrations: loadMigrations(capabilities), schemas, replace: false, contents });
    expect(result).toEqual({ tables: 4, rows: 8, migrated: 0 });
    expect(await snapshot(target)).toEqual(await snapshot(source));
    // identity and sequences continue where the source left off
    const next = await target.query<{ id: number }>(`INSERT INTO sample.person (name) VALUES ('After restore') RETURNING id`);
    expect(next.rows[0]?.id).toBe(4);
    expect((await target.query<{ n: number }>(`SELECT nextval('sample.case_number') AS n`)).rows[0]?.n).toBe(1002);
  });
});

describe.each(backends)('restore on $name', (backend) => {
  it.skipIf(!backend.available)('applies migrations newer than the backup after loading it', async () => {
    const older = sampleCapabilities();
    const source = await open(backend);
    await migrate(source, loadMigrations(older.capabilities));
    await source.exec(`INSERT INTO sample.household (postcode) VALUES ('TQ1 1AA')`);
    const file = tempFile('older.jub.gz');
    await writeBackup(source, { file, schemas, appVersion: '0.0.9' });

    older.write('0003-household-size.sql', 'ALTER TABLE sample.household ADD COLUMN size int NOT NULL DEFAULT 1;');
    const target = await open(backend);
    const result = await restoreBackup(target, {
      file,
      migrations: loadMigrations(older.capabilities),
      schemas,
      replace: false,
      contents: await checkBackup(file),
    });
    expect(result.migrated).toBe(1);
    expect((await target.query('SELECT postcode, size FROM sample.household')).rows).toEqual([{ postcode: 'TQ1 1AA', size: 1 }]);
  });

  it.skipIf(!backend.available)('refuses to overwrite an installation unless told to, then replaces it whole', async () => {
    const source = await open(backend);
    await seed(source);
    const file = tempFile('replace.jub.gz');
    await writeBackup(source, { file, schemas, appVersion: '0.1.0' });
    const target = await open(backend);
    await migrate(target, loadMigrations(capabilities));
    await target.exec(`INSERT INTO sample.household (postcode) VALUES ('EX1 1AA')`);
    const before = await snapshot(target);
    const options = { file, migrations: loadMigrations(capabilities), schemas, contents: await checkBackup(file) };

    const refused = await rejection(restoreBackup(target, { ...options, replace: false }));
    expect(refused.code).toBe('restore_target_not_empty');
    expect(await snapshot(target)).toEqual(before);

    await restoreBackup(target, { ...options, replace: true });
    expect(await snapshot(target)).toEqual(await snapshot(source));
  });

  it.skipIf(!backend.available)('refuses a backup taken at a migration this version does not have', async () => {
    const newer = sampleCapabilities();
    newer.write('0003-future.sql', 'CREATE TABLE sample.future (n int);');
    const source = await open(backend);
    await migrate(source, loadMigrations(newer.capabilities));
    const file = tempFile('newer.jub.gz');
    await writeBackup(source, { file, schemas, appVersion: '9.9.9' });
    const target = await open(backend);
    const error = await rejection(
      restoreBackup(target, { file, migrations: loadMigrations(capabilities), schemas, replace: false, contents: await checkBackup(file) }),
    );
    expect(error.code).toBe('backup_incompatible');
    expect(error.message).toContain('sample/0003');
    expect((await target.query(`SELECT to_regclass('platform.schema_migrations')::text AS t`)).rows[0]).toEqual({ t: null });
  });
});

describe('a backup file that cannot be trusted', () => {
  async function goodBackup(): Promise<string> {
    const db = await open(backends[0]!);
    await seed(db);
    const file = tempFile('good.jub.gz');
    await writeBackup(db, { file, schemas, appVersion: '0.1.0' });
    return file;
  }

  function rewrite(file: string, change: (text: string) => string): string {
    const out = tempFile('changed.jub.gz');
    writeFileSync(out, gzipSync(change(gunzipSync(readFileSync(file)).toString('utf8'))));
    return out;
  }

  it('is rejected with what is wrong, before anything is read into a database', async () => {
    const good = await goodBackup();
    await expect(checkBackup(good)).resolves.toMatchObject({ tables: 4, rows: 8 });

    const cases: [string, string, RegExp][] = [
      ['missing', path.join(tmpdir(), 'no-such-backup.jub.gz'), /does not exist/],
      ['not gzip', (() => { const f = tempFile('plain.txt'); writeFileSync(f, 'hello\n'); return f; })(), /not a readable gzip file/],
      ['foreign', (() => { const f = tempFile('foreign.gz'); writeFileSync(f, gzipSync('{"some":"json"}\n')); return f; })(), /not written by `joinedup backup`/],
      ['edited value', rewrite(good, (t) => t.replace('Edith Smith', 'Edith Smyth')), /checksum does not match/],
      ['truncated', rewrite(good, (t) => t.split('\n').slice(0, -3).join('\n') + '\n'), /ends early|row count/],
      ['damaged gzip', (() => { const b = readFileSync(good); const f = tempFile('damaged.jub.gz'); const at = Math.floor(b.length / 2); b[at] = (b[at] ?? 0) ^ 0xff; writeFileSync(f, b); return f; })(), /gzip|checksum|damaged/],
      ['empty', (() => { const f = tempFile('empty.jub.gz'); writeFileSync(f, gzipSync('')); return f; })(), /empty/],
    ];
    for (const [what, file, message] of cases) {
      const error = await rejection(checkBackup(file));
      expect(error.code, what).toBe('backup_invalid');
      expect(error.message, what).toMatch(message);
    }
  });
});
