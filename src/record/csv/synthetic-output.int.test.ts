// `joinedup synth` as a person runs it, then every row of every source file it writes mapped: none may
// be rejected, and no coded value may be one the importer does not know.
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseCsv } from '../../../test/support/csv.js';
import { type CsvKind, csvKindSpecs, detectCsvKind } from './kinds.js';
import { mapCsvRow } from './rows.js';

const root = fileURLToPath(new URL('../../..', import.meta.url));
const cli = path.join(root, 'dist/src/cli/main.js');
let out = '';
const kinds = Object.keys(csvKindSpecs) as CsvKind[];

describe.skipIf(!existsSync(cli))('the whole output of joinedup synth (1,000 people, seed 3)', () => {
  beforeAll(async () => {
    out = mkdtempSync(path.join(tmpdir(), 'joinedup-csv-'));
    await promisify(execFile)(process.execPath, [cli, 'synth', '--people', '1000', '--seed', '3', '--out', out], { maxBuffer: 1 << 24 });
  }, 120_000);
  afterAll(() => {
    if (out !== '') rmSync(out, { recursive: true, force: true });
  });

  it.each(kinds)('maps every row of the %s file with no rejection and no unknown code', (kind) => {
    const file = csvKindSpecs[kind].file;
    const [header = [], ...rows] = parseCsv(readFileSync(path.join(out, file), 'utf8'));
    expect(detectCsvKind(header, file)).toBe(kind);
    expect(rows.length).toBeGreaterThan(0);
    const problems: string[] = [];
    rows.forEach((cells, i) => {
      const result = mapCsvRow(kind, Object.fromEntries(header.map((name, c) => [name, cells[c] ?? ''])), { file, line: i + 2 });
      for (const issue of result.issues) {
        if (issue.rejected || issue.code === 'unknown-code') problems.push(`${file}:${i + 2} ${issue.code} ${issue.message}`);
      }
      if (result.records.length === 0) problems.push(`${file}:${i + 2} gave no record`);
    });
    expect(problems.slice(0, 10)).toEqual([]);
  });
});
