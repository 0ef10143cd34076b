import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { columnKey } from './columns.js';
import { type CsvKind, csvKindCandidates, csvKinds, csvKindSpecs, detectCsvKind, headerIssues, missingColumns } from './kinds.js';

const fixtures = fileURLToPath(new URL('../../../test/fixtures/record/csv/synthetic/', import.meta.url));
/** The header line of a file of the synthetic locality (no name in them is quoted). */
const headerOf = (file: string): string[] => (readFileSync(fixtures + file, 'utf8').split('\n', 1)[0] ?? '').split(',');

const files: [string, CsvKind][] = [
  ['hospital/patients.csv', 'hospital-patients'],
  ['hospital/spells.csv', 'hospital-spells'],
  ['hospital/ae-attendances.csv', 'hospital-ae'],
  ['hospital/outpatients.csv', 'hospital-outpatients'],
  ['community/patients.csv', 'community-patients'],
  ['community/contacts.csv', 'community-contacts'],
  ['council/people.csv', 'council-people'],
  ['council/cld.csv', 'cld'],
];

const cldHeader = headerOf('council/cld.csv');
/** A CLD header as NHS England's processing code spells three of its columns. */
const nhseCldHeader = cldHeader.map((name) => ({
  Informal_Carer_Involved_In_Assessment: 'Informal_Carer_involved_in_Assessment',
  Cost_Frequency_Unit_Type: 'Cost_Frequency_(Unit_Type)',
  Planned_Units_Per_Week: 'Planned_units_per_week',
})[name] ?? name);

describe('recognising a CSV file from its header', () => {
  it.each(files)('knows %s as %s, with every required column present', (file, kind) => {
    const header = headerOf(file);
    expect(detectCsvKind(header, `/tmp/out/${file}`)).toBe(kind);
    expect(missingColumns(kind, header)).toEqual([]);
    expect(headerIssues(kind, header, file)).toEqual([]);
    expect(csvKindSpecs[kind].file).toBe(file);
  });

  it('tells the hospital and community patients files apart only by their path, taking the hospital when the path says nothing', () => {
    const header = headerOf('community/patients.csv');
    expect(csvKindCandidates(header).sort()).toEqual(['community-patients', 'hospital-patients']);
    expect(detectCsvKind(header, 'C:\\exports\\community\\patients.csv')).toBe('community-patients');
    expect(detectCsvKind(header, 'community-patients.csv')).toBe('community-patients');
    expect(detectCsvKind(header, '/data/hospital/patients.csv')).toBe('hospital-patients');
    expect(detectCsvKind(header)).toBe('hospital-patients');
  });

  it("accepts NHS England's spellings of the CLD columns, any case and a byte order mark", () => {
    expect(detectCsvKind(nhseCldHeader)).toBe('cld');
    expect(missingColumns('cld', nhseCldHeader)).toEqual([]);
    const shouted = cldHeader.map((name, i) => (i === 0 ? `\uFEFF${name.toUpperCase()}` : name.toLowerCase()));
    expect(detectCsvKind(shouted)).toBe('cld');
    expect(missingColumns('cld', shouted)).toEqual([]);
    expect(columnKey('Cost_Frequency_(Unit_Type)')).toBe(columnKey('Cost_Frequency_Unit_Type'));
    expect(columnKey(' LA Code ')).toBe(columnKey('LA_Code'));
  });

  it('lets optional columns be absent', () => {
    const spells = headerOf('hospital/spells.csv').filter((c) => !['site', 'discharge_ready_date', 'delay_reason', 'discharge_pathway'].includes(c));
    expect(missingColumns('hospital-spells', spells)).toEqual([]);
    const cld = cldHeader.filter((c) => !['LA_Name', 'Unit_Cost', 'Provider_Code', 'Cared_For_Person', 'Ethnicity'].includes(c));
    expect(headerIssues('cld', cld)).toEqual([]);
  });

  it.each<[CsvKind, string, string[]]>([
    ['hospital-spells', 'hospital/spells.csv', ['admission_date', 'discharge_date']],
    ['hospital-patients', 'hospital/patients.csv', ['nhs_number']],
    ['cld', 'council/cld.csv', ['Event_End_Date', 'Service_Type']],
    ['community-contacts', 'community/contacts.csv', ['date']],
  ])('names the required columns a %s header lacks', (kind, file, dropped) => {
    const header = headerOf(file).filter((c) => !dropped.includes(c));
    expect(missingColumns(kind, header)).toEqual(dropped);
    const issues = headerIssues(kind, header, file);
    expect(issues.map((i) => [i.code, i.location.field, i.rejected])).toEqual(dropped.map((c) => ['missing-column', c, true]));
    expect(issues[0]?.location).toMatchObject({ file, line: 1 });
  });

  it.each<[CsvKind, string]>([
    ['hospital-spells', 'hospital/ae-attendances.csv'],
    ['cld', 'council/people.csv'],
    ['council-people', 'council/cld.csv'],
    ['hospital-outpatients', 'community/contacts.csv'],
    ['community-contacts', 'hospital/patients.csv'],
  ])('says a file declared %s with the header of %s is of the wrong kind', (kind, file) => {
    const header = headerOf(file);
    expect(missingColumns(kind, header).length).toBeGreaterThan(0);
    const issues = headerIssues(kind, header, file);
    expect(issues).toHaveLength(1);
    expect(issues[0]).toMatchObject({ code: 'wrong-kind', rejected: true, location: { file, line: 1 } });
    expect(issues[0]?.message).toContain(csvKinds[kind]);
  });

  it('recognises no kind from a header of no kind, an empty header, or one of two kinds at once', () => {
    expect(detectCsvKind(['id', 'name', 'value'])).toBeUndefined();
    expect(detectCsvKind([])).toBeUndefined();
    expect(detectCsvKind([...headerOf('hospital/spells.csv'), 'attendance_id', 'arrival_date'])).toBeUndefined();
    expect(headerIssues('cld', [])).toMatchObject([{ code: 'empty-file', rejected: true }]);
    expect(headerIssues('cld', ['id', 'name']).every((i) => i.code === 'missing-column')).toBe(true);
  });

  it('rejects a header that names one column twice, since a row can keep only one of its values', () => {
    const header = [...headerOf('hospital/outpatients.csv'), 'ATTENDED'];
    expect(headerIssues('hospital-outpatients', header)).toMatchObject([
      { code: 'duplicate-column', rejected: true, location: { field: 'ATTENDED', line: 1 } },
    ]);
  });
});
