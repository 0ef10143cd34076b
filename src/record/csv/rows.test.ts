import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseCsv } from '../../../test/support/csv.js';
import type { MapResult } from '../model.js';
import type { CsvKind } from './kinds.js';
import { mapCsvRow } from './rows.js';

type Row = Record<string, string>;
const fixtures = fileURLToPath(new URL('../../../test/fixtures/record/csv/synthetic/', import.meta.url));

/** The row of a synthetic locality file whose first column is `id`, as column name → text. */
function sampleRow(file: string, id: string): Row {
  const [header = [], ...rows] = parseCsv(readFileSync(fixtures + file, 'utf8'));
  const cells = rows.find((r) => r[0] === id);
  if (cells === undefined) throw new Error(`No row ${id} in ${file}`);
  return Object.fromEntries(header.map((name, i) => [name, cells[i] ?? '']));
}

const issuesOf = (result: MapResult) => result.issues.map((i) => [i.code, i.location.field, i.rejected]);

describe('patients and people rows', () => {
  it('maps a hospital patient to identity facts, keyed by the hospital number', () => {
    const row = sampleRow('hospital/patients.csv', 'RZQVCQLVS7');
    expect(mapCsvRow('hospital-patients', row, { file: 'hospital/patients.csv', line: 3 })).toEqual({
      records: [{
        resourceType: 'PasPatient', sourceKey: 'RZQVCQLVS7', payload: row,
        identity: {
          nhsNumber: '9996818608', family: 'Sheppard', given: ['Darcie'], birthDate: '2008-05-26', sex: 'female',
          addressLine: '130 Laburnum Road', town: 'Tormouth', postcode: 'ZQ1 3DN', phone: '07700 900477',
        },
      }],
      issues: [],
    });
  });

  it('maps a community patient recorded with sex unknown, and a council person with a postcode as the council holds it', () => {
    const community = mapCsvRow('community-patients', sampleRow('community/patients.csv', 'C69C33MT'), { line: 77 });
    expect(community.records[0]).toMatchObject({
      resourceType: 'CommunityPatient', sourceKey: 'C69C33MT',
      identity: { sex: 'unknown', given: ['Trevor', 'John'], addressLine: 'Seaview Care Home, Ash Court' },
    });
    const council = mapCsvRow('council-people', sampleRow('council/people.csv', 'LATP1IJAG'), { line: 2 });
    expect(council.records[0]).toMatchObject({ resourceType: 'CouncilPerson', sourceKey: 'LATP1IJAG', identity: { postcode: 'ZQ13GZ', nhsNumber: '9997013042' } });
    expect(council.issues).toEqual([]);
  });

  const patient = sampleRow('hospital/patients.csv', 'RZQ8NEYG7Q');
  it.each<[string, Row, unknown[][], Record<string, unknown> | undefined]>([
    ['an NHS number failing modulus 11 is left out', { nhs_number: '9990087106' }, [['invalid-nhs-number', 'nhs_number', false]], { nhsNumber: undefined }],
    ['an NHS number of nine digits is left out', { nhs_number: '999008710' }, [['invalid-nhs-number', 'nhs_number', false]], { nhsNumber: undefined }],
    ['an NHS number written 3-3-4 is taken', { nhs_number: '999 008 7105' }, [], { nhsNumber: '9990087105' }],
    ['an empty NHS number is no issue', { nhs_number: '' }, [], { nhsNumber: undefined }],
    ['an impossible date of birth rejects the row', { date_of_birth: '1986-02-30' }, [['impossible-date', 'date_of_birth', true]], undefined],
    ['a malformed date of birth rejects the row', { date_of_birth: '25th Feb 1986' }, [['impossible-date', 'date_of_birth', true]], undefined],
    ['a UK-style date of birth is read', { date_of_birth: '25/02/1986' }, [], { birthDate: '1986-02-25' }],
    ['an impossible date of death is left out', { date_of_death: '2024-13-01' }, [['impossible-date', 'date_of_death', false]], { deceased: undefined }],
    ['a death before birth is left out', { date_of_death: '1980-01-01' }, [['impossible-date', 'date_of_death', false]], { deceased: undefined }],
    ['a date of death is taken', { date_of_death: '2024-11-30' }, [], { deceased: '2024-11-30' }],
    ['an unknown sex is left out', { sex: 'q' }, [['unknown-code', 'sex', false]], { sex: undefined }],
    ['a one-letter sex is read', { sex: 'M' }, [], { sex: 'male' }],
    ['no hospital number rejects the row', { local_id: ' ' }, [['missing-value', 'local_id', true]], undefined],
  ])('%s', (_, change, issues, identity) => {
    const result = mapCsvRow('hospital-patients', { ...patient, ...change }, { file: 'patients.csv', line: 2 });
    expect(issuesOf(result)).toEqual(issues);
    expect(result.issues.every((i) => i.location.file === 'patients.csv' && i.location.line === 2)).toBe(true);
    if (identity === undefined) expect(result.records).toEqual([]);
    else {
      expect(result.records).toHaveLength(1);
      const facts: Record<string, unknown> = { ...result.records[0]?.identity };
      for (const [key, value] of Object.entries(identity)) expect(facts[key], key).toEqual(value);
    }
  });
});

describe('hospital spells', () => {
  it('maps an emergency spell with a delay after the discharge ready date', () => {
    const row = sampleRow('hospital/spells.csv', 'SP5AEWKDD');
    expect(mapCsvRow('hospital-spells', row, { line: 9 })).toEqual({
      records: [{
        resourceType: 'HospitalSpell', sourceKey: 'SP5AEWKDD', subjectKey: 'RZQH7POC5T', payload: row,
        timeline: {
          kind: 'admission', date: '2025-07-09', endDate: '2025-07-25',
          title: 'Emergency admission (via A&E): N39.0, 16 days, discharge pathway 2 to an NHS hospital ward',
          detail: {
            'Admission date': '2025-07-09', 'Admission method': '21 Emergency: via A&E', Site: 'Acute hospital',
            'Discharge ready date': '2025-07-18', 'Discharge date': '2025-07-25', 'Length of stay': '16 days',
            'Delay after discharge ready date': '7 days', 'Delay reason': 'A Awaiting completion of assessment',
            'Discharge pathway': '2: a bed-based setting for recovery', 'Discharge destination': '51 NHS hospital ward (general)',
            'Primary diagnosis': 'N39.0', 'Secondary diagnoses': 'B96.2, I10, I48.9, M19.9, N39.0', Specialty: '300 General internal medicine',
          },
        },
      }],
      issues: [],
    });
  });

  const spell = sampleRow('hospital/spells.csv', 'SP0UZITQD');
  it.each<[string, Row, string]>([
    ['a transfer to the community hospital', {}, 'Transfer from another hospital to the community hospital: Z50.9, 16 days, discharge pathway 1 to usual residence'],
    ['an elective day case', { admission_method: '12', discharge_date: '2025-07-25', site: 'acute', discharge_pathway: '' }, 'Elective admission (booked): Z50.9, same day, to usual residence'],
    ['a death in hospital', { admission_method: '21', site: 'acute', discharge_pathway: '', discharge_destination: '79' }, 'Emergency admission (via A&E): Z50.9, 16 days, died'],
    ['a spell still open', { admission_method: '22', site: 'acute', discharge_date: '', discharge_pathway: '', discharge_destination: '' }, 'Emergency admission (via GP): Z50.9, still in hospital'],
    ['a discharge to a care home on pathway 3', { admission_method: '21', site: 'acute', discharge_pathway: '3', discharge_destination: '85' }, 'Emergency admission (via A&E): Z50.9, 16 days, discharge pathway 3 to a care home'],
  ])('titles %s', (_, change, title) => {
    const result = mapCsvRow('hospital-spells', { ...spell, ...change }, { line: 2 });
    expect(result.issues).toEqual([]);
    expect(result.records[0]?.timeline?.title).toBe(title);
    expect(result.records[0]?.timeline?.endDate).toBe(change.discharge_date === '' ? undefined : result.records[0]?.timeline?.detail?.['Discharge date']);
  });

  it.each<[string, Row, unknown[][], boolean]>([
    ['a discharge before the admission', { discharge_date: '2025-07-20' }, [['impossible-date', 'discharge_date', true]], false],
    ['an impossible admission date', { admission_date: '2025-06-31' }, [['impossible-date', 'admission_date', true]], false],
    ['no admission date', { admission_date: '' }, [['missing-value', 'admission_date', true]], false],
    ['no spell id', { spell_id: '' }, [['missing-value', 'spell_id', true]], false],
    ['an unknown admission method', { admission_method: '7' }, [['unknown-code', 'admission_method', false]], true],
    ['an unknown discharge destination', { discharge_destination: '42' }, [['unknown-code', 'discharge_destination', false]], true],
    ['an unknown pathway', { discharge_pathway: '4' }, [['unknown-code', 'discharge_pathway', false]], true],
    ['an unknown delay reason', { delay_reason: 'Z' }, [['unknown-code', 'delay_reason', false]], true],
    ['a discharge ready date after the discharge', { discharge_ready_date: '2025-08-11' }, [['impossible-date', 'discharge_ready_date', false]], true],
    ['a delay reason written "Dii"', { delay_reason: 'Dii' }, [], true],
  ])('%s', (_, change, issues, kept) => {
    const result = mapCsvRow('hospital-spells', { ...spell, ...change }, { file: 'spells.csv', line: 5 });
    expect(issuesOf(result)).toEqual(issues);
    expect(result.records).toHaveLength(kept ? 1 : 0);
  });

  it('reads D(ii) however it is written and leaves out a discharge ready date outside the spell', () => {
    const detail = mapCsvRow('hospital-spells', { ...spell, delay_reason: 'd (ii)' }, { line: 2 }).records[0]?.timeline?.detail;
    expect(detail?.['Delay reason']).toBe('D(ii) Awaiting nursing home placement or availability');
    const outside = mapCsvRow('hospital-spells', { ...spell, discharge_ready_date: '2025-07-01' }, { line: 2 }).records[0]?.timeline?.detail;
    expect(outside?.['Discharge ready date']).toBeUndefined();
    expect(outside?.['Delay after discharge ready date']).toBeUndefined();
  });

  it('reads columns whatever their case, and names the column as the file does', () => {
    const shouted = Object.fromEntries(Object.entries(spell).map(([k, v]) => [k.toUpperCase(), v]));
    const result = mapCsvRow('hospital-spells', { ...shouted, ADMISSION_METHOD: '7' }, { line: 2 });
    expect(result.records[0]?.timeline?.title).toContain('Z50.9, 16 days');
    expect(result.issues.map((i) => i.location.field)).toEqual(['ADMISSION_METHOD']);
  });
});

describe('A&E, outpatient and community rows', () => {
  it('maps an A&E attendance that led to an admission', () => {
    const row = sampleRow('hospital/ae-attendances.csv', 'AER5GZ2IV');
    expect(mapCsvRow('hospital-ae', row, { line: 6 }).records).toEqual([{
      resourceType: 'AeAttendance', sourceKey: 'AER5GZ2IV', subjectKey: 'RZQ0MCXRAV', payload: row,
      timeline: { kind: 'ae-attendance', date: '2025-02-06', title: 'A&E attendance: R10, admitted', detail: { 'Arrival date': '2025-02-06', Diagnosis: 'R10', Admitted: 'Yes' } },
    }]);
  });

  it('maps an outpatient appointment the patient did not attend', () => {
    const row = sampleRow('hospital/outpatients.csv', 'OPOVKVZHN');
    expect(mapCsvRow('hospital-outpatients', row, { line: 25 }).records).toEqual([{
      resourceType: 'OutpatientAppointment', sourceKey: 'OPOVKVZHN', subjectKey: 'RZQ4FTBYX8', payload: row,
      timeline: {
        kind: 'outpatient', date: '2026-01-13', title: 'Outpatient appointment (320 Cardiology): did not attend',
        detail: { Date: '2026-01-13', Specialty: '320 Cardiology', Attended: 'No (did not attend)' },
      },
    }]);
  });

  it('maps a community contact at home', () => {
    const row = sampleRow('community/contacts.csv', 'CCJZUBXQ8');
    expect(mapCsvRow('community-contacts', row, { line: 10 }).records).toEqual([{
      resourceType: 'CommunityContact', sourceKey: 'CCJZUBXQ8', subjectKey: 'CCQ0R5XV', payload: row,
      timeline: { kind: 'community-visit', date: '2023-05-22', title: 'District nursing contact at home', detail: { Date: '2023-05-22', Service: 'District nursing', Setting: 'home' } },
    }]);
  });

  it.each<[CsvKind, string, string, Row, unknown[][], number]>([
    ['hospital-ae', 'hospital/ae-attendances.csv', 'AER5GZ2IV', { admitted: 'maybe' }, [['unknown-code', 'admitted', false]], 1],
    ['hospital-ae', 'hospital/ae-attendances.csv', 'AER5GZ2IV', { arrival_date: '2025-02-30' }, [['impossible-date', 'arrival_date', true]], 0],
    ['hospital-ae', 'hospital/ae-attendances.csv', 'AER5GZ2IV', { local_id: '' }, [['missing-value', 'local_id', true]], 0],
    ['hospital-outpatients', 'hospital/outpatients.csv', 'OPOVKVZHN', { attended: 'Y' }, [], 1],
    ['hospital-outpatients', 'hospital/outpatients.csv', 'OPOVKVZHN', { date: '' }, [['missing-value', 'date', true]], 0],
    ['community-contacts', 'community/contacts.csv', 'CCJZUBXQ8', { date: '22/05/2023' }, [], 1],
    ['community-contacts', 'community/contacts.csv', 'CCJZUBXQ8', { date: '2023-05-32' }, [['impossible-date', 'date', true]], 0],
  ])('%s %s with %o', (kind, file, id, change, issues, records) => {
    const result = mapCsvRow(kind, { ...sampleRow(file, id), ...change }, { line: 2 });
    expect(issuesOf(result)).toEqual(issues);
    expect(result.records).toHaveLength(records);
  });
});
