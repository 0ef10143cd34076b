// `joinedup risk frailty --input people.json` as a script runs it: the eFI and HFRS of each person,
// as JSON on standard output; a file with problems is refused (exit 2) with each problem and where
// it is, and nothing is printed.
import path from 'node:path';
import { expect, it } from 'vitest';
import { inputFiles, runCli } from '../../test/support/cli.js';

const { dir, file } = inputFiles('joinedup-risk-');

it('prints the eFI and HFRS of each person', async () => {
  const input = file('people.json', {
    index_date: '2026-06-15',
    people: [
      {
        id: 'p1', birth_date: '1940-03-02', efi_deficits: ['falls', 'hearing impairment', 'housebound', 'urinary incontinence'],
        conditions: [{ system: 'http://snomed.info/sct', code: '84114007' }], active_medications: 7,
        admissions: [{ start: '2025-11-02', end: '2025-11-09', method: 'emergency', diagnoses: ['I50.9', 'F05.9', 'R26.8'] }],
      },
      { id: 'p2', birth_date: '1980-01-01', active_medications: 0, admissions: [] },
    ],
  });
  const { code, stdout } = await runCli(['risk', 'frailty', '--input', input]);
  expect(code).toBe(0);
  expect(JSON.parse(stdout)).toEqual({
    people: [
      { id: 'p1', efi: { deficits: ['falls', 'hearing impairment', 'heart failure', 'housebound', 'polypharmacy', 'urinary incontinence'], score: 6 / 36, band: 'mild' }, hfrs: { score: 5.8, band: 'intermediate' } },
      { id: 'p2', efi: { deficits: [], score: 0, band: 'fit' }, hfrs: null },
    ],
  });
});

it('refuses a file with problems, naming each, and prints nothing', async () => {
  const bad = file('bad.json', {
    index_date: '15/06/2026',
    people: [{ id: 'p1', birth_date: '1940-03-02', efi_deficits: ['frailty'], active_medications: -1, admissions: [{ start: '2025-11-02', method: 'urgent', diagnoses: ['heart failure'] }] }],
  });
  const refused = await runCli(['risk', 'frailty', '--input', bad]);
  expect(refused.code).toBe(2);
  expect(refused.stdout).toBe('');
  for (const where of ['index_date', 'people[0].efi_deficits[0]', 'people[0].active_medications', 'people[0].admissions[0].method', 'people[0].admissions[0].diagnoses']) {
    expect(refused.stderr).toContain(`  ${where}: `);
  }
  expect((await runCli(['risk', 'frailty', '--input', file('not.json', '{"index_date": ')])).stderr).toMatch(/is not JSON/);
  expect((await runCli(['risk', 'frailty', '--input', path.join(dir, 'missing.json')])).code).toBe(2);
});
