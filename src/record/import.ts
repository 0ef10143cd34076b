/**
 * Importing a file from a source system into the shared record: FHIR R4 (one Bundle or resource per
 * file, or NDJSON with one per line) and the CSV files of hospitals, community services and councils
 * (Client Level Data). Files are read as streams, so they may be larger than memory; work is
 * committed in batches, each in one transaction with its progress, so a failure never leaves half a
 * batch and a crashed import of the same file resumes where it stopped. Every row or resource that
 * cannot be taken as it is goes to the data-quality report with where it was and why.
 */
import { createReadStream } from 'node:fs';
import { open, stat } from 'node:fs/promises';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { parse } from 'csv-parse';
import type { Db, Queryable } from '../platform/index.js';
import { recordError } from './errors.js';
import { mapFhirDocument } from './fhir/bundle.js';
import { type CsvKind, csvKinds, detectCsvKind, headerIssues } from './csv/kinds.js';
import { mapCsvRow } from './csv/rows.js';
import { projectToFhir } from './csv/fhir-projection.js';
import type { DataQualityIssue, FhirForm, MapResult } from './model.js';
import { storeRecords } from './store.js';

export type ImportKind = 'fhir-json' | 'fhir-ndjson' | CsvKind;

/** Every kind of file the importer reads. */
export const importKinds: readonly ImportKind[] = ['fhir-json', 'fhir-ndjson', ...(Object.keys(csvKinds) as CsvKind[])];

export interface ImportOptions {
  sourceId: string;
  /** Path of the file to read. */
  file: string;
  /** The name to record for the file (default: its path). */
  label?: string;
  /** What the file holds; found from its name and content when not given. */
  kind?: ImportKind;
  /** Records per transaction. */
  batchSize?: number;
  onProgress?: (bytesRead: number, bytesTotal: number) => void;
  signal?: AbortSignal;
}

export interface ImportCounts {
  read: number;
  stored: number;
  unchanged: number;
  versioned: number;
  rejected: number;
  issues: number;
}

export interface ImportSummary {
  id: number;
  sourceId: string;
  file: string;
  kind: ImportKind | 'unknown';
  status: 'done' | 'failed';
  counts: ImportCounts;
  resumedFrom: number | null;
  /** Why a failed import failed (the file as a whole could not be read). */
  error: string | null;
}

/** Largest single JSON document read whole; bigger FHIR data must come as NDJSON. */
const maxJsonDocument = 512 * 2 ** 20;

interface Unit {
  /** 1-based line, or 0 for a whole-file document. */
  line: number;
  result: MapResult;
}

/** Imports one file; resolves to the summary (a failed file is a summary too, with its report). */
export async function importFile(db: Db, options: ImportOptions): Promise<ImportSummary> {
  const source = await db.query<{ id: string }>('SELECT id FROM people.source_system WHERE id = $1', [options.sourceId]);
  if (source.rows.length === 0) {
    const known = (await db.query<{ id: string }>('SELECT id FROM people.source_system ORDER BY id')).rows.map((r) => r.id);
    throw recordError('unknown_source', `There is no source system "${options.sourceId}"; the registered ones are ${known.join(', ')}.`);
  }
  const info = await stat(options.file).catch((error: unknown) => {
    throw recordError('import_file_unreadable', `Cannot read ${options.file}: ${(error as Error).message}`);
  });
  if (!info.isFile()) throw recordError('import_file_unreadable', `${options.file} is not a file.`);
  const label = options.label ?? options.file;
  const signature = `${info.size}:${Math.floor(info.mtimeMs)}`;
  const found = info.size === 0 ? { kind: undefined, header: undefined } : await sniffKind(options.file);
  const sniffed = options.kind === undefined ? found : { kind: options.kind, header: found.header, why: undefined };

  // Resume an unfinished import of the very same file from where it got to.
  const previous = await db.query<{ id: number; position: number }>(
    `SELECT id, position FROM record.import_run WHERE source_id = $1 AND file = $2 AND file_signature = $3 AND status <> 'done'
      ORDER BY id DESC LIMIT 1`,
    [options.sourceId, label, signature],
  );
  const resume = previous.rows[0];
  if (resume) await db.query(`UPDATE record.import_run SET status = 'failed', error = COALESCE(error, 'interrupted'), finished_at = COALESCE(finished_at, now()) WHERE id = $1`, [resume.id]);
  const run = await db.query<{ id: number }>(
    `INSERT INTO record.import_run (source_id, file, file_signature, kind, status, resumed_from) VALUES ($1, $2, $3, $4, 'running', $5) RETURNING id`,
    [options.sourceId, label, signature, sniffed.kind ?? 'unknown', resume?.id ?? null],
  );
  const importId = run.rows[0]?.id ?? 0;
  const counts: ImportCounts = { read: 0, stored: 0, unchanged: 0, versioned: 0, rejected: 0, issues: 0 };
  const summary = (status: 'done' | 'failed', error: string | null): ImportSummary => ({
    id: importId, sourceId: options.sourceId, file: label, kind: sniffed.kind ?? 'unknown', status, counts, resumedFrom: resume?.id ?? null, error,
  });
  /** Fails the file as a whole: nothing from it is stored, and the report says why. */
  const fail = async (...issues: DataQualityIssue[]): Promise<ImportSummary> => {
    const message = `${issues[0]?.message ?? 'The file cannot be imported.'}${issues.length > 1 ? ` (and ${issues.length - 1} more problem(s) in the report)` : ''}`;
    await db.transaction(async (tx) => {
      await insertIssues(tx, importId, issues);
      counts.issues += issues.length;
      counts.rejected += issues.length;
      await tx.query(
        `UPDATE record.import_run SET status = 'failed', finished_at = now(), error = $2, issues = issues + $3, rejected = rejected + $3 WHERE id = $1`,
        [importId, message, issues.length],
      );
    });
    return summary('failed', message);
  };

  if (info.size === 0) return fail({ location: { file: label }, code: 'empty-file', message: 'The file is empty.', rejected: true });
  if (sniffed.kind === undefined) {
    return fail({ location: { file: label, line: 1 }, code: 'wrong-kind', message: sniffed.why ?? 'The file is neither FHIR JSON, NDJSON nor a known CSV.', rejected: true });
  }
  const kind = sniffed.kind;
  if (kind !== 'fhir-json' && kind !== 'fhir-ndjson' && sniffed.header) {
    // A declared kind is checked against the header too: the wrong kind, missing or doubled columns.
    const problems = headerIssues(kind, sniffed.header, label).filter((p) => p.rejected);
    if (problems.length > 0) return fail(...problems);
  }
  if (kind === 'fhir-json' && info.size > maxJsonDocument) {
    return fail({ location: { file: label }, code: 'too-large', message: `A single JSON document of ${info.size} bytes is too large to read whole; send FHIR as NDJSON (one resource or Bundle per line).`, rejected: true });
  }

  const skip = resume?.position ?? 0;
  const batchSize = options.batchSize ?? 2_000;
  let pending: Unit[] = [];
  let pendingRecords = 0;
  let position = 0;
  // One batch is written while the next is read and mapped: the database and the parser overlap.
  let writing: Promise<void> = Promise.resolve();
  const write = async (units: readonly Unit[], upTo: number): Promise<void> => {
    const records = units.flatMap((u) => u.result.records);
    const issues = units.flatMap((u) => u.result.issues);
    const rejected = issues.filter((i) => i.rejected).length;
    const stored = await db.transaction(async (tx) => {
      const result = await storeRecords(tx, options.sourceId, importId, records);
      await insertIssues(tx, importId, issues);
      await tx.query(
        `UPDATE record.import_run SET position = $2, read = read + $3, stored = stored + $4, unchanged = unchanged + $5,
           versioned = versioned + $6, rejected = rejected + $7, issues = issues + $8 WHERE id = $1`,
        [importId, upTo, units.length, result.stored, result.unchanged, result.versioned, rejected, issues.length],
      );
      return result;
    });
    counts.read += units.length;
    counts.stored += stored.stored;
    counts.unchanged += stored.unchanged;
    counts.versioned += stored.versioned;
    counts.rejected += rejected;
    counts.issues += issues.length;
  };
  const flush = async (): Promise<void> => {
    if (pending.length === 0) return;
    const units = pending;
    pending = [];
    pendingRecords = 0;
    await writing;
    writing = write(units, position);
    // Observed here so that a failure waits, unreported, for the next await of `writing`.
    writing.catch(() => undefined);
  };
  const take = async (unit: Unit): Promise<void> => {
    position++;
    if (position <= skip) return;
    pending.push(unit);
    pendingRecords += Math.max(1, unit.result.records.length);
    if (pendingRecords >= batchSize) await flush();
  };

  try {
    const bytes = createReadStream(options.file);
    let read = 0;
    bytes.on('data', (chunk) => {
      read += chunk.length;
      options.onProgress?.(read, info.size);
    });
    options.signal?.addEventListener('abort', () => bytes.destroy(new Error('Import stopped')), { once: true });
    if (kind === 'fhir-json') {
      const chunks: Buffer[] = [];
      for await (const chunk of bytes) chunks.push(chunk as Buffer);
      await take({ line: 0, result: parseFhir(Buffer.concat(chunks).toString('utf8'), label, undefined, options.sourceId) });
    } else if (kind === 'fhir-ndjson') {
      let line = 0;
      for await (const text of createInterface({ input: bytes, crlfDelay: Infinity })) {
        line++;
        if (text.trim() === '') continue;
        await take({ line, result: parseFhir(text, label, line, options.sourceId) });
      }
    } else {
      const parser = bytes.pipe(parse({ columns: (header: string[]) => header.map((h) => h.trim()), bom: true, info: true, relax_column_count: true, skip_empty_lines: true }));
      for await (const item of parser as AsyncIterable<{ record: Record<string, string>; info: { lines: number; invalid_field_length: number } }>) {
        const line = item.info.lines;
        const width = Object.keys(item.record).length;
        const result = mapCsvRow(kind, item.record, { file: label, line });
        for (const record of result.records) {
          const resource = projectToFhir(record, options.sourceId);
          if (resource !== undefined) record.fhir = { type: resource.resourceType, id: String(resource.id), resource: resource as FhirForm['resource'] };
        }
        if (item.info.invalid_field_length > 0 || width === 0) {
          result.issues.push({ location: { file: label, line }, code: 'column-count', message: 'The row has a different number of fields from the header.', rejected: false });
        }
        await take({ line, result });
      }
    }
    await flush();
    await writing;
    await db.query(`UPDATE record.import_run SET status = 'done', finished_at = now() WHERE id = $1`, [importId]);
    if (await statisticsAreStale(db, counts.stored + counts.versioned)) await refreshStatistics(db);
    return summary('done', null);
  } catch (error) {
    await writing.catch(() => undefined);
    const message = error instanceof Error ? error.message : String(error);
    await db.query(`UPDATE record.import_run SET status = 'failed', finished_at = now(), error = $2 WHERE id = $1`, [importId, message]).catch(() => undefined);
    const csvError = /^Invalid|Quote|CSV/i.test(message) && kind !== 'fhir-json' && kind !== 'fhir-ndjson';
    if (csvError) return fail({ location: { file: label, line: position + 1 }, code: 'malformed-csv', message, rejected: true });
    throw error;
  }
}

function parseFhir(text: string, file: string, line: number | undefined, sourceId: string): MapResult {
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch (error) {
    return { records: [], issues: [{ location: { file, ...(line !== undefined ? { line } : {}) }, code: 'invalid-json', message: `Not valid JSON: ${(error as Error).message}`, rejected: true }] };
  }
  return mapFhirDocument(document, { file, ...(line !== undefined ? { line } : {}) }, { sourceId });
}

async function insertIssues(tx: Queryable, importId: number, issues: readonly DataQualityIssue[]): Promise<void> {
  if (issues.length === 0) return;
  await tx.query(
    `INSERT INTO record.data_quality_issue (import_id, file, line, entry, field, code, message, rejected)
     SELECT $1, * FROM unnest($2::text[], $3::int4[], $4::int4[], $5::text[], $6::text[], $7::text[], $8::bool[])`,
    [
      importId, issues.map((i) => i.location.file ?? null), issues.map((i) => i.location.line ?? null), issues.map((i) => i.location.entry ?? null),
      issues.map((i) => i.location.field ?? null), issues.map((i) => i.code), issues.map((i) => i.message), issues.map((i) => i.rejected),
    ],
  );
}

/**
 * Fresh planner statistics after a large load, so that searches use the indexes at once: the
 * embedded database has no autovacuum, a server's may be off (as on our own CI machines) and
 * otherwise acts only after its delay. The whole database, because a load fills more than the
 * record's own tables (other capabilities' triggers keep tables of their own in step with it, such
 * as who may read whom). ANALYZE samples, so this takes about a second a large table whatever the size.
 */
export async function refreshStatistics(db: Db): Promise<void> {
  await db.exec('ANALYZE');
}

/**
 * Whether a load of `changed` records calls for fresh statistics: at least 5,000, and more than a
 * tenth of the records the statistics last counted (autovacuum's own rule, analyze_scale_factor 0.1),
 * so that many files into a large record do not each pay for an ANALYZE.
 */
async function statisticsAreStale(db: Db, changed: number): Promise<boolean> {
  if (changed < 5_000) return false;
  const { rows } = await db.query<{ n: number }>(`SELECT greatest(reltuples, 0)::float8 AS n FROM pg_class WHERE oid = 'record.source_record'::regclass`);
  return changed > 0.1 * (rows[0]?.n ?? 0);
}

/** What a file holds, from its name and first bytes. */
export async function sniffKind(file: string): Promise<{ kind: ImportKind | undefined; header: string[] | undefined; why?: string }> {
  const handle = await open(file, 'r');
  let head: string;
  try {
    const buffer = Buffer.alloc(64 * 1024);
    const { bytesRead } = await handle.read(buffer, 0, buffer.length, 0);
    head = buffer.subarray(0, bytesRead).toString('utf8').replace(/^\uFEFF/, '');
  } finally {
    await handle.close();
  }
  const ext = path.extname(file).toLowerCase();
  const trimmed = head.trimStart();
  if (ext === '.ndjson' || ext === '.jsonl') return { kind: 'fhir-ndjson', header: undefined };
  if (trimmed.startsWith('{') || trimmed.startsWith('[')) {
    if (ext === '.json') return { kind: 'fhir-json', header: undefined };
    const firstLine = trimmed.split('\n', 1)[0] ?? '';
    try {
      JSON.parse(firstLine);
      return { kind: trimmed.includes('\n') && trimmed.indexOf('\n') < trimmed.length - 1 ? 'fhir-ndjson' : 'fhir-json', header: undefined };
    } catch {
      return { kind: 'fhir-json', header: undefined };
    }
  }
  const firstLine = head.split(/\r?\n/, 1)[0] ?? '';
  const header = firstLine.split(',').map((h) => h.trim().replace(/^"|"$/g, ''));
  const kind = detectCsvKind(header, file);
  if (kind === undefined) {
    return { kind: undefined, header, why: header.length > 1 ? `The CSV header (${header.slice(0, 6).join(', ')}${header.length > 6 ? ', …' : ''}) is not one of a known kind: hospital, community or council patients, spells, A&E, outpatients, community contacts, or Client Level Data.` : 'The file is neither FHIR JSON, NDJSON nor CSV with a header.' };
  }
  return { kind, header };
}
