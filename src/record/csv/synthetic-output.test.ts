// Every row of the synthetic locality's source files maps with no issue: the files are written to the
// formats of docs/formats/, so an issue here means the importer and the generator disagree.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseCsv } from '../../../test/support/csv.js';
import type { DataQualityIssue } from '../model.js';
import { detectCsvKind, headerIssues } from './kinds.js';
import { mapCsvRow } from './rows.js';

const fixtures = fileURLToPath(new URL('../../../test/fixtures/record/csv/synthetic/', import.meta.url));
const files = [
  'hospital/patients.csv', 'hospital/spells.csv', 'hospital/ae-attendances.csv', 'hospital/outpatients.csv',
  'community/patients.csv', 'community/contacts.csv', 'council/people.csv', 'council/cld.csv',
];

describe('the committed sample of synthetic output (first 200 rows of each file, 1,000 people, seed 3)', () => {
  it.each(files)('maps every row of %s with no issue', (file) => {
    const [header = [], ...rows] = parseCsv(readFileSync(fixtures + file, 'utf8'));
    const kind = detectCsvKind(header, file);
    if (kind === undefined) throw new Error(`${file} is of no known kind`);
    expect(headerIssues(kind, header, file)).toEqual([]);
    const issues: DataQualityIssue[] = [];
    let records = 0;
    rows.forEach((cells, i) => {
      const result = mapCsvRow(kind, Object.fromEntries(header.map((name, c) => [name, cells[c] ?? ''])), { file, line: i + 2 });
      issues.push(...result.issues);
      records += result.records.length;
    });
    expect(issues).toEqual([]);
    expect(records).toBe(kind === 'cld' ? 2 * rows.length : rows.length);
  });
});
