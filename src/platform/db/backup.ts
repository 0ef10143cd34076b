/**
 * Logical backup and restore that work across backends: a backup taken from the embedded
 * database restores into a PostgreSQL server and back. The file is gzip-compressed NDJSON:
 * control lines are JSON arrays, row lines are the JSON objects PostgreSQL's row_to_json makes
 * (values are never parsed in JavaScript, so numeric precision and bytea survive), and the last
 * line carries a sha256 of everything before it. A restore reads the whole file and checks it
 * before it touches the database, then loads every table in one transaction.
 */
import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream, openSync, renameSync, rmSync, statSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { once } from 'node:events';
import { finished } from 'node:stream/promises';
import { createGzip, createGunzip } from 'node:zlib';
import { errorCode, platformError } from '../errors.js';
import type { Db, Queryable } from './db.js';
import { quoteIdent } from './introspect.js';
import { type AppliedMigration, type Migration, appliedMigrations, migrate, migrationKey } from './migrations.js';

const magic = 'joinedup-backup';
const formatVersion = 1;
const fetchSize = 2000;
const insertBatchBytes = 4 * 1024 * 1024;

export interface BackupHeader {
  appVersion: string;
  createdAt: string;
  backend: string;
  migrations: { capability: string; version: number; name: string; checksum: string }[];
}

export interface BackupSummary {
  tables: number;
  rows: number;
  bytes: number;
}

/** Progress of a long step: `done` of `total` units (rows or bytes), with what is being worked on. */
export type ProgressListener = (done: number, total: number, what: string) => void;

interface TableInfo {
  name: string;
  columns: string[];
}

/** Writes a backup of the given schemas to `file` (via a temporary file, renamed when complete). */
export async function writeBackup(
  db: Db,
  options: { file: string; schemas: readonly string[]; appVersion: string; onProgress?: ProgressListener },
): Promise<BackupSummary> {
  const partial = `${options.file}.partial`;
  let fd: number;
  try {
    fd = openSync(partial, 'w');
  } catch (error) {
    throw platformError('output_not_writable', `${options.file} cannot be written (${errorCode(error) ?? 'unknown error'}).`, { cause: error });
  }
  const gzip = createGzip();
  const out = createWriteStream(partial, { fd });
  gzip.pipe(out);
  const hash = createHash('sha256');
  const writeLine = async (line: string): Promise<void> => {
    const text = `${line}\n`;
    hash.update(text);
    if (!gzip.write(text)) await once(gzip, 'drain');
  };
  try {
    const summary = await db.transaction(
      async (tx) => {
        const migrations = await appliedMigrations(tx);
        const tables = await tablesInLoadOrder(tx, options.schemas);
        const total = await estimatedRows(tx, tables);
        const header: BackupHeader = {
          appVersion: options.appVersion,
          createdAt: new Date().toISOString(),
          backend: db.backend,
          migrations: migrations.map(({ capability, version, name, checksum }) => ({ capability, version, name, checksum })),
        };
        await writeLine(JSON.stringify([magic, formatVersion, header]));
        let rows = 0;
        for (const table of tables) {
          await writeLine(JSON.stringify(['table', table.name, table.columns]));
          const cols = table.columns.map(quoteIdent).join(', ');
          await tx.exec(`DECLARE backup_rows NO SCROLL CURSOR FOR SELECT row_to_json(t)::text AS j FROM (SELECT ${cols} FROM ${table.name}) t`);
          let tableRows = 0;
          for (;;) {
            const batch = await tx.query<{ j: string }>(`FETCH ${fetchSize} FROM backup_rows`);
            for (const row of batch.rows) await writeLine(row.j);
            tableRows += batch.rows.length;
            options.onProgress?.(rows + tableRows, Math.max(total, rows + tableRows), table.name);
            if (batch.rows.length < fetchSize) break;
          }
          await tx.exec('CLOSE backup_rows');
          await writeLine(JSON.stringify(['rows', tableRows]));
          rows += tableRows;
        }
        const sequences = await tx.query<{ name: string; value: number | null }>(
          `SELECT quote_ident(schemaname) || '.' || quote_ident(sequencename) AS name, last_value AS value
             FROM pg_sequences WHERE schemaname = ANY($1::text[]) ORDER BY 1`,
          [options.schemas],
        );
        await writeLine(JSON.stringify(['sequences', sequences.rows]));
        return { tables: tables.length, rows };
      },
      { isolation: 'repeatable read', readOnly: true, retries: 0 },
    );
    const end = JSON.stringify(['end', { tables: summary.tables, rows: summary.rows, sha256: hash.digest('hex') }]);
    gzip.end(`${end}\n`);
    await finished(out);
    renameSync(partial, options.file);
    return { ...summary, bytes: statSync(options.file).size };
  } catch (error) {
    gzip.destroy();
    out.destroy();
    rmSync(partial, { force: true });
    throw error;
  }
}

interface BackupEnd {
  tables: number;
  rows: number;
  sha256: string;
}

/** What a valid backup holds, learned by reading it through once. */
export interface BackupContents {
  header: BackupHeader;
  tables: number;
  rows: number;
}

/** Reads the whole backup and checks its structure and checksum; touches no database. */
export async function checkBackup(file: string, onProgress?: ProgressListener): Promise<BackupContents> {
  const hash = createHash('sha256');
  let header: BackupHeader | undefined;
  let end: BackupEnd | undefined;
  let current: { name: string; rows: number } | undefined;
  let tables = 0;
  let rows = 0;
  for await (const { line, number } of readLines(file, onProgress)) {
    if (end !== undefined) throw invalid(file, `line ${number} follows the end marker`);
    if (number === 1) {
      header = parseHeader(file, line);
    } else if (line.startsWith('{')) {
      if (current === undefined) throw invalid(file, `line ${number} is a row outside any table`);
      current.rows++;
    } else {
      const control = parseControl(file, line, number);
      const [kind, value] = control;
      if (kind === 'table') {
        if (current !== undefined) throw invalid(file, `line ${number} starts a table before ${current.name} ended`);
        current = { name: String(value), rows: 0 };
      } else if (kind === 'rows') {
        if (current === undefined || current.rows !== value) throw invalid(file, `line ${number}: row count does not match the rows before it`);
        tables++;
        rows += current.rows;
        current = undefined;
      } else if (kind === 'end') {
        end = value as BackupEnd;
        const expected = hash.digest('hex');
        if (end.sha256 !== expected || end.rows !== rows || end.tables !== tables) {
          throw invalid(file, 'its checksum does not match its contents (the file was changed or damaged)');
        }
        continue;
      } else if (kind !== 'sequences') {
        throw invalid(file, `line ${number} is not a known kind of line`);
      }
    }
    hash.update(`${line}\n`);
  }
  if (header === undefined) throw invalid(file, 'it is empty');
  if (end === undefined) throw invalid(file, 'it ends early (the end marker is missing): the backup is incomplete');
  return { header, tables, rows };
}

/**
 * Restores a checked backup. The target must be a database with no installation (or `replace`
 * must be set): migrations the backup was taken at are applied, all tables are loaded in one
 * transaction, then any newer migrations of this version run on the restored data.
 */
export async function restoreBackup(
  db: Db,
  options: { file: string; migrations: readonly Migration[]; schemas: readonly string[]; replace: boolean; onProgress?: ProgressListener; contents: BackupContents },
): Promise<{ tables: number; rows: number; migrated: number }> {
  const { header } = options.contents;
  const known = new Map(options.migrations.map((m) => [migrationKey(m), m]));
  for (const m of header.migrations) {
    const mine = known.get(migrationKey(m));
    if (mine === undefined) {
      throw platformError('backup_incompatible', `The backup was taken at migration ${migrationKey(m)} (${m.name}), which this version does not have (backup from Joined Up ${header.appVersion}).`);
    }
    if (mine.checksum !== m.checksum) {
      throw platformError('backup_incompatible', `The backup's migration ${migrationKey(m)} differs from this version's.`);
    }
  }
  const backupKeys = new Set(header.migrations.map(migrationKey));
  const present = await appliedMigrations(db);
  if (present.length > 0) {
    if (!options.replace) {
      throw platformError('restore_target_not_empty', `The target database (${db.location}) already holds an installation.`);
    }
    const newer = present.find((a: AppliedMigration) => !backupKeys.has(migrationKey(a)));
    if (newer !== undefined) {
      throw platformError('backup_incompatible', `The target database is already at migration ${migrationKey(newer)}, newer than the backup: restore into a new database instead.`);
    }
  }
  await migrate(db, options.migrations, { only: backupKeys });
  const total = options.contents.rows;
  await db.transaction(async (tx) => {
    const tables = await tablesInLoadOrder(tx, options.schemas);
    // A restore replaces the whole installation, so the guards a capability sets on its own tables
    // (the audit trail refuses truncation and changes) stand aside until the backup is in; foreign
    // keys are system triggers and stay. Being in the transaction, a failed restore puts them back too.
    if (tables.length > 0) {
      for (const t of tables) await tx.exec(`ALTER TABLE ${t.name} DISABLE TRIGGER USER`);
      await tx.exec(`TRUNCATE ${tables.map((t) => t.name).join(', ')}`);
    }
    let loaded = 0;
    let table: TableInfo | undefined;
    let batch: string[] = [];
    let batchBytes = 0;
    const flush = async (): Promise<void> => {
      if (table === undefined || batch.length === 0) return;
      const cols = table.columns.map(quoteIdent).join(', ');
      await tx.query(
        `INSERT INTO ${table.name} (${cols}) OVERRIDING SYSTEM VALUE
         SELECT ${cols} FROM json_populate_recordset(NULL::${table.name}, $1::json)`,
        [`[${batch.join(',')}]`],
      );
      loaded += batch.length;
      options.onProgress?.(loaded, total, table.name);
      batch = [];
      batchBytes = 0;
    };
    for await (const { line, number } of readLines(options.file)) {
      if (number === 1) continue;
      if (line.startsWith('{')) {
        batch.push(line);
        batchBytes += line.length;
        if (batchBytes >= insertBatchBytes) await flush();
        continue;
      }
      const [kind, value, columns] = parseControl(options.file, line, number);
      if (kind === 'table') {
        table = { name: String(value), columns: (columns as string[] | undefined) ?? [] };
      } else if (kind === 'rows') {
        await flush();
        table = undefined;
      } else if (kind === 'sequences') {
        for (const s of value as { name: string; value: number | null }[]) {
          await tx.query('SELECT setval($1::regclass, $2, $3)', [s.name, s.value ?? 1, s.value !== null]);
        }
      }
    }
    // Deferred foreign keys are checked now (a table with pending checks cannot be altered).
    await tx.exec('SET CONSTRAINTS ALL IMMEDIATE');
    for (const t of tables) await tx.exec(`ALTER TABLE ${t.name} ENABLE TRIGGER USER`);
  });
  const later = await migrate(db, options.migrations);
  return { tables: options.contents.tables, rows: options.contents.rows, migrated: later.length };
}

/** Base tables of the schemas (except the migration ledger), parents before the tables that refer to them. */
async function tablesInLoadOrder(db: Queryable, schemas: readonly string[]): Promise<TableInfo[]> {
  const columns = await db.query<{ name: string; columns: string[] }>(
    `SELECT quote_ident(c.table_schema) || '.' || quote_ident(c.table_name) AS name,
            array_agg(c.column_name::text ORDER BY c.ordinal_position) AS columns
       FROM information_schema.columns c
       JOIN information_schema.tables t ON t.table_schema = c.table_schema AND t.table_name = c.table_name
      WHERE c.table_schema = ANY($1::text[]) AND t.table_type = 'BASE TABLE' AND c.is_generated = 'NEVER'
        AND NOT (c.table_schema = 'platform' AND c.table_name = 'schema_migrations')
      GROUP BY c.table_schema, c.table_name ORDER BY 1`,
    [schemas],
  );
  const references = await db.query<{ child: string; parent: string }>(
    `SELECT quote_ident(cn.nspname) || '.' || quote_ident(c.relname) AS child,
            quote_ident(pn.nspname) || '.' || quote_ident(p.relname) AS parent
       FROM pg_constraint k
       JOIN pg_class c ON c.oid = k.conrelid JOIN pg_namespace cn ON cn.oid = c.relnamespace
       JOIN pg_class p ON p.oid = k.confrelid JOIN pg_namespace pn ON pn.oid = p.relnamespace
      WHERE k.contype = 'f' AND cn.nspname = ANY($1::text[])`,
    [schemas],
  );
  const parents = new Map<string, Set<string>>();
  for (const r of references.rows) {
    if (r.child !== r.parent) parents.set(r.child, (parents.get(r.child) ?? new Set()).add(r.parent));
  }
  const byName = new Map(columns.rows.map((t) => [t.name, t]));
  const ordered: TableInfo[] = [];
  const seen = new Set<string>();
  const visit = (name: string): void => {
    if (seen.has(name)) return;
    seen.add(name);
    for (const parent of parents.get(name) ?? []) visit(parent);
    const table = byName.get(name);
    if (table) ordered.push({ name: table.name, columns: table.columns });
  };
  for (const name of byName.keys()) visit(name);
  return ordered;
}

async function estimatedRows(db: Queryable, tables: readonly TableInfo[]): Promise<number> {
  if (tables.length === 0) return 0;
  const result = await db.query<{ n: number }>(
    'SELECT coalesce(sum(greatest(reltuples, 0)), 0)::float8 AS n FROM pg_class WHERE oid = ANY($1::regclass[])',
    [tables.map((t) => t.name)],
  );
  return Math.round(result.rows[0]?.n ?? 0);
}

async function* readLines(file: string, onProgress?: ProgressListener): AsyncGenerator<{ line: string; number: number }> {
  let size: number;
  try {
    size = statSync(file).size;
  } catch {
    throw invalid(file, 'it does not exist or cannot be read');
  }
  const raw = createReadStream(file);
  const gunzip = createGunzip();
  let failure: Error | undefined;
  gunzip.on('error', (error) => {
    failure = error;
  });
  raw.on('error', (error) => {
    failure = error;
    gunzip.destroy(error);
  });
  const lines = createInterface({ input: raw.pipe(gunzip), crlfDelay: Infinity });
  let number = 0;
  try {
    for await (const line of lines) {
      number++;
      if (onProgress && number % 10_000 === 0) onProgress(raw.bytesRead, size, 'checking');
      yield { line, number };
    }
  } catch (error) {
    throw invalid(file, `it is not a readable gzip file (${error instanceof Error ? error.message : String(error)})`);
  } finally {
    lines.close();
    raw.destroy();
  }
  if (failure !== undefined) throw invalid(file, `it is not a readable gzip file (${failure.message})`);
  onProgress?.(size, size, 'checking');
}

function parseHeader(file: string, line: string): BackupHeader {
  let parsed: unknown;
  try {
    parsed = JSON.parse(line);
  } catch {
    parsed = undefined;
  }
  if (!Array.isArray(parsed) || parsed[0] !== magic) throw invalid(file, 'it was not written by `joinedup backup`');
  if (parsed[1] !== formatVersion) {
    throw platformError('backup_incompatible', `${file} is in backup format ${String(parsed[1])}; this version reads format ${formatVersion}.`);
  }
  const header = parsed[2] as BackupHeader | undefined;
  if (typeof header?.appVersion !== 'string' || !Array.isArray(header.migrations)) throw invalid(file, 'its header is damaged');
  return header;
}

function parseControl(file: string, line: string, number: number): unknown[] {
  try {
    const parsed: unknown = JSON.parse(line);
    if (Array.isArray(parsed) && typeof parsed[0] === 'string') return parsed as unknown[];
  } catch {
    // reported below
  }
  throw invalid(file, `line ${number} is damaged`);
}

function invalid(file: string, why: string): Error {
  return platformError('backup_invalid', `${file} cannot be restored: ${why}.`);
}
