/**
 * Records for linking from a CSV file with a header row. Header names and values are trimmed
 * (FEBRL files put a space after each comma), and only the columns the settings use are kept.
 */
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { parse } from 'csv-parse';
import type { RecordTable } from './features.js';

/** A file that cannot be read as records, with the file and line. */
export class LinkageInputError extends Error {
  override readonly name = 'LinkageInputError';
}

export interface CsvRecords extends RecordTable {
  readonly header: readonly string[];
}

/**
 * Reads the file's header, then the id column and `columns`; `check` sees the header first and may
 * throw (an unknown column is reported before the file is read).
 */
export async function readCsvRecords(file: string, idColumn: string, columns: readonly string[], check?: (header: readonly string[]) => void, onProgress?: (bytes: number, total: number) => void): Promise<CsvRecords> {
  let total: number;
  try {
    total = (await stat(file)).size;
  } catch (error) {
    throw new LinkageInputError(`Cannot read ${file}: ${(error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (error as Error).message}`);
  }
  const stream = createReadStream(file);
  let bytes = 0;
  stream.on('data', (chunk) => {
    bytes += chunk.length;
    onProgress?.(bytes, total);
  });
  const parser = stream.pipe(parse({ trim: true, skip_empty_lines: true, relax_column_count: true, bom: true }));
  let header: string[] | undefined;
  let indexes: number[] = [];
  let idIndex = -1;
  const ids: string[] = [];
  const wanted = [...new Set(columns)];
  const values: string[][] = wanted.map(() => []);
  const seen = new Set<string>();
  let line = 1;
  try {
    for await (const row of parser as AsyncIterable<string[]>) {
      if (!header) {
        header = row.map((h) => h.trim());
        check?.(header);
        idIndex = header.indexOf(idColumn);
        indexes = wanted.map((c) => (header as string[]).indexOf(c));
        continue;
      }
      line++;
      const id = row[idIndex] ?? '';
      if (id === '') throw new LinkageInputError(`${file}, record ${line - 1}: the id column "${idColumn}" is empty`);
      if (seen.has(id)) throw new LinkageInputError(`${file}, record ${line - 1}: id "${id}" is used by an earlier record; ids must be unique`);
      seen.add(id);
      ids.push(id);
      indexes.forEach((c, i) => (values[i] as string[]).push(row[c] ?? ''));
    }
  } catch (error) {
    stream.destroy();
    if (error instanceof LinkageInputError) throw error;
    if (error instanceof Error && 'code' in error && typeof error.code === 'string' && error.code.startsWith('CSV_')) throw new LinkageInputError(`${file}: not a readable CSV file (${error.message})`);
    throw error;
  }
  if (!header) throw new LinkageInputError(`${file} is empty: expected a header row and records`);
  return { header, ids, columns: Object.fromEntries(wanted.map((c, i) => [c, values[i] ?? []])) };
}

/** True pairs from a CSV of two id columns with a header row, as unordered pair keys. */
export async function readTruthPairs(file: string, key: (x: string, y: string) => string): Promise<Set<string>> {
  const pairs = new Set<string>();
  try {
    await stat(file);
  } catch {
    throw new LinkageInputError(`Cannot read ${file}: no such file`);
  }
  let first = true;
  for await (const row of createReadStream(file).pipe(parse({ trim: true, skip_empty_lines: true, relax_column_count: true, bom: true })) as AsyncIterable<string[]>) {
    if (first) {
      first = false;
      if (row.length < 2) throw new LinkageInputError(`${file}: expected two id columns, found ${row.length}`);
      continue;
    }
    const [x, y] = row;
    if (x && y) pairs.add(key(x, y));
  }
  return pairs;
}
