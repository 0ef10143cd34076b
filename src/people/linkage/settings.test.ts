import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { LinkageSettingsError, missingColumns, readSettings, type SettingsProblem } from './settings.js';

const minimal = { id: 'id', fields: [{ column: 'surname', comparison: 'name', tf: true }], blocking: [['surname']] };

function problems(json: unknown): SettingsProblem[] {
  try {
    readSettings(json);
  } catch (error) {
    if (error instanceof LinkageSettingsError) return [...error.problems];
    throw error;
  }
  return [];
}

describe('linkage settings', () => {
  it('fills in defaults', () => {
    const s = readSettings(minimal);
    expect(s.fields[0]).toMatchObject({ name: 'surname', column: 'surname', comparison: 'name', tf: true, jaroWinkler: [0.92, 0.8] });
    expect(s.blocking).toEqual([[{ column: 'surname', key: 'value' }]]);
    expect(s.training).toEqual(s.blocking);
    expect(s.prior).toEqual({ kind: 'em' });
    expect(s.thresholds).toEqual({ link: 0.9, review: 0.5 });
  });

  it('reads derived blocking keys and a deterministic prior', () => {
    const s = readSettings({ ...minimal, blocking: [[{ column: 'surname', key: 'first-letter' }, { column: 'dob', key: 'year' }]], prior: { deterministic: [['nhs', 'dob']], recall: 0.8 } });
    expect(s.blocking[0]).toEqual([{ column: 'surname', key: 'first-letter' }, { column: 'dob', key: 'year' }]);
    expect(s.prior).toEqual({ kind: 'deterministic', rules: [[{ column: 'nhs', key: 'value' }, { column: 'dob', key: 'value' }]], recall: 0.8 });
  });

  it.each([
    [{ ...minimal, fields: [{ column: 'surname', comparison: 'fuzzy' }] }, '$.fields[0].comparison', /must be one of name, text/],
    [{ ...minimal, fields: [] }, '$.fields', /non-empty list/],
    [{ ...minimal, blocking: undefined }, '$.blocking', /non-empty list of blocking rules/],
    [{ ...minimal, blocking: [[{ column: 'surname', key: 'soundex' }]] }, '$.blocking[0][0].key', /must be one of value, first-letter/],
    [{ ...minimal, thresholds: { link: 0.5, review: 0.9 } }, '$.thresholds.review', /must not be above the link threshold/],
    [{ ...minimal, thresholds: { link: 2 } }, '$.thresholds.link', /from 0 to 1/],
    [{ ...minimal, colour: 'red' }, '$.colour', /is not a setting/],
    [{ ...minimal, fields: [{ column: 'surname', comparison: 'name', jaroWinkler: [0.8, 0.9] }] }, '$.fields[0].jaroWinkler', /highest first/],
    [{ ...minimal, fields: [{ column: 'a', comparison: 'name' }, { column: 'a', comparison: 'text' }] }, '$.fields[1].name', /used by an earlier field/],
    [{ ...minimal, fields: [{ column: 'surname', comparison: 'name', m: { exact: 1.5 } }] }, '$.fields[0].m.exact', /from 0 to 1/],
    [[], '$', /JSON object/],
  ])('reports a mistake with its JSON path (%#)', (json, path, message) => {
    const found = problems(json);
    expect(found.map((p) => p.path)).toContain(path);
    expect(found.find((p) => p.path === path)?.message).toMatch(message);
  });

  it('names a column the file does not have, with the file and its columns', () => {
    const s = readSettings({ ...minimal, blocking: [['surname'], ['postcode']] });
    expect(missingColumns(s, ['id', 'surname'], 'a.csv')).toEqual([{ path: '$.blocking[1][0]', message: 'column "postcode" is not in a.csv (its columns: id, surname)' }]);
  });

  it('accepts the FEBRL settings shipped in docs/linkage', () => {
    const file = fileURLToPath(new URL('../../../docs/linkage/febrl.json', import.meta.url));
    expect(() => readSettings(JSON.parse(readFileSync(file, 'utf8')))).not.toThrow();
  });
});
