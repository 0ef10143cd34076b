// Normalising single FHIR R4 resources: every official example of the types we read
// (npm package hl7.fhir.r4.examples), then the rules case by case.
import { readFileSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { EntryKind, MapResult, NormalisedRecord, SummaryFacet } from '../model.js';
import { mapFhirDocument } from './bundle.js';
import type { FhirResource } from './fhir-json.js';
import { type ResourceContext, mapResource } from './resources.js';

const examples = path.dirname(createRequire(import.meta.url).resolve('hl7.fhir.r4.examples/package.json'));

/** What each supported type gives: its timeline kinds and its summary section, if any. */
const expected: Readonly<Record<string, { kinds: readonly EntryKind[]; section?: SummaryFacet['section']; identity?: true }>> = {
  Patient: { kinds: [], identity: true },
  Practitioner: { kinds: [] },
  Organization: { kinds: [] },
  Encounter: { kinds: ['gp-contact', 'ae-attendance', 'admission', 'outpatient', 'community-visit'] },
  EpisodeOfCare: { kinds: ['other', 'care-service'] },
  Condition: { kinds: ['condition'], section: 'problem' },
  Observation: { kinds: ['observation'] },
  MedicationRequest: { kinds: ['medication'], section: 'medication' },
  MedicationStatement: { kinds: ['medication'], section: 'medication' },
  AllergyIntolerance: { kinds: ['allergy'], section: 'allergy' },
  Procedure: { kinds: ['procedure'] },
  CarePlan: { kinds: ['care-plan'] },
  Goal: { kinds: ['care-plan'] },
  CareTeam: { kinds: ['other'] },
  Flag: { kinds: ['alert'], section: 'alert' },
};

const files = readdirSync(examples).filter((f) => f.endsWith('.json') && Object.keys(expected).some((t) => f.startsWith(`${t}-`)));
const read = (file: string): FhirResource => JSON.parse(readFileSync(path.join(examples, file), 'utf8')) as FhirResource;
const mapExample = (file: string): MapResult => mapFhirDocument(read(file), { file });
const only = (result: MapResult): NormalisedRecord => {
  expect(result.records).toHaveLength(1);
  return result.records[0]!;
};

describe('every official example of a supported type', () => {
  it('finds examples of all fifteen types', () => {
    const types = new Set(files.map((f) => f.slice(0, f.indexOf('-'))));
    expect([...types].sort()).toEqual(Object.keys(expected).sort());
    expect(files.length).toBeGreaterThan(200);
  });

  it.each(files)('%s maps to one record holding the resource as received', (file) => {
    const resource = read(file);
    const result = mapFhirDocument(resource, { file });
    const record = only(result);
    expect(record.payload).toBe(resource);
    expect(record.payload).toEqual(read(file)); // and left unchanged
    expect(record.resourceType).toBe(resource.resourceType);
    expect(record.sourceKey).toBe(resource.id);
    expect(result.issues.filter((i) => i.rejected)).toEqual([]);

    const want = expected[resource.resourceType]!;
    if (record.timeline !== undefined) expect(want.kinds).toContain(record.timeline.kind);
    if (want.kinds.length === 0) expect(record.timeline).toBeUndefined();
    expect(record.summary?.section).toBe(want.section);
    expect(record.identity !== undefined).toBe(want.identity === true);
    if (resource.resourceType === 'Patient') expect(record.subjectKey).toBeUndefined();
    // Not on the timeline only for want of a date, and then said so.
    if (want.kinds.length > 0 && record.timeline === undefined) expect(result.issues.map((i) => i.code)).toContain('missing-date');
  });

  it('reports the odd ones as issues and keeps them: contained or display-only subjects', () => {
    const odd: Record<string, string[]> = {};
    for (const file of files) {
      const notes = mapExample(file).issues.filter((i) => i.code !== 'missing-date');
      if (notes.length > 0) odd[file] = notes.map((i) => `${i.code} ${i.location.field ?? ''}`);
    }
    const contained = ['unresolved-reference Observation.subject'];
    expect(odd).toEqual({
      'Observation-10minute-apgar-score.json': contained,
      'Observation-1minute-apgar-score.json': contained,
      'Observation-20minute-apgar-score.json': contained,
      'Observation-2minute-apgar-score.json': contained,
      'Observation-5minute-apgar-score.json': contained,
      'Observation-vp-oyster.json': ['unresolved-reference Observation.subject'],
      'Procedure-education.json': ['unresolved-reference Procedure.subject'],
      'Procedure-ob.json': ['unresolved-reference Procedure.subject'],
    });
  });
});

describe('values read from the official examples', () => {
  it('Patient-example: the official name, birth date, home address and phone', () => {
    const record = only(mapExample('Patient-example.json'));
    expect(record.identity).toEqual({
      family: 'Chalmers',
      given: ['Peter', 'James'],
      birthDate: '1974-12-25',
      sex: 'male',
      addressLine: '534 Erewhon St',
      town: 'PleasantVille',
      postcode: '3999',
      phone: '(03) 5555 6473',
    });
  });

  it('Patient-pat3: the date of death', () => {
    expect(only(mapExample('Patient-pat3.json')).identity?.deceased).toBe('2015-02-14T13:42:00+10:00');
  });

  it('Condition-example: an active problem, coded in SNOMED CT, about Patient/example', () => {
    const record = only(mapExample('Condition-example.json'));
    expect(record.subjectKey).toBe('example');
    expect(record.summary).toEqual({ section: 'problem', text: 'Burnt Ear', code: '39065001', system: 'http://snomed.info/sct', since: '2012-05-24', active: true });
    expect(record.timeline).toEqual({ kind: 'condition', date: '2012-05-24', title: 'Burnt Ear' });
  });

  it('Condition-f204: resolved, so not active, with the abatement as the end', () => {
    const record = only(mapExample('Condition-f204.json'));
    expect(record.summary?.active).toBe(false);
    expect(record.timeline?.endDate).toBe('2013-03-20');
  });

  it.each([
    ['Observation-blood-pressure.json', 'Blood pressure systolic & diastolic: 107/60 mmHg', '2012-09-17'],
    ['Observation-f001.json', 'Glucose [Moles/volume] in Blood: 6.3 mmol/l', '2013-04-02T09:30:10+01:00'],
    ['Observation-bloodgroup.json', 'Blood Group: A', '2018-03-11T16:07:54+00:00'],
    ['Observation-abdo-tender.json', 'Abdominal tenderness: yes', '2018-04-02T10:30:10+01:00'],
    ['Observation-vitals-panel.json', 'Vital signs Panel', '1999-07-02'],
  ])('%s is on the timeline as "%s"', (file, title, date) => {
    expect(only(mapExample(file)).timeline).toMatchObject({ kind: 'observation', title, date });
  });

  it('MedicationRequest-medrx0302: a current prescription named by its contained Medication', () => {
    const record = only(mapExample('MedicationRequest-medrx0302.json'));
    expect(record.summary).toMatchObject({ section: 'medication', text: 'Azithromycin 250mg capsule (product)', code: '324252006', active: true, since: '2015-01-15' });
    expect(record.timeline?.detail?.Dosage).toMatch(/^Two tablets at once/);
  });

  it('MedicationRequest-medrx0322/0323: a compound medicine by its display, else its ingredients', () => {
    expect(only(mapExample('MedicationRequest-medrx0322.json')).summary?.text).toBe('Potassium Chloride 20mEq in 1L Normal Saline');
    expect(only(mapExample('MedicationRequest-medrx0323.json')).summary?.text).toMatch(/^Clinimix .* \+ TPN Electrolytes .* \+ Intralipid 20% IV Fat Emulsion$/);
  });

  it('MedicationStatement-example005: completed, so not current', () => {
    expect(only(mapExample('MedicationStatement-example005.json')).summary).toMatchObject({ text: 'Amoxicillin (product)', active: false });
  });

  it('AllergyIntolerance-example: the reactions and criticality in the detail', () => {
    const record = only(mapExample('AllergyIntolerance-example.json'));
    expect(record.summary).toMatchObject({ section: 'allergy', text: 'Cashew nuts', active: true });
    expect(record.timeline).toMatchObject({ kind: 'allergy', detail: { Reaction: 'Anaphylactic reaction, Urticaria', Criticality: 'high' } });
  });

  it.each([
    ['Encounter-emerg.json', 'admission'],
    ['Encounter-home.json', 'community-visit'],
    ['Encounter-f203.json', 'admission'],
  ])('%s is a %s', (file, kind) => {
    expect(only(mapExample(file)).timeline?.kind).toBe(kind);
  });

  it('EpisodeOfCare-example: Home and Community Care is a social care service', () => {
    expect(only(mapExample('EpisodeOfCare-example.json')).timeline).toEqual({ kind: 'care-service', date: '2014-09-01', title: 'Home and Community Care' });
  });

  it('Goal, CarePlan, CareTeam and Flag', () => {
    expect(only(mapExample('Goal-stop-smoking.json')).timeline).toEqual({ kind: 'care-plan', date: '2015-04-05', title: 'Goal: Stop smoking' });
    expect(only(mapExample('CarePlan-example.json')).timeline).toMatchObject({ kind: 'care-plan', date: '2016-01-01', endDate: '2017-06-01', title: 'Manage obesity and weight loss' });
    expect(only(mapExample('CarePlan-gpvisit.json')).timeline?.title).toBe('Care plan: obesity');
    // The Dutch display of the condition addressed survives only as "?????".
    expect(only(mapExample('CarePlan-f001.json')).timeline?.title).toBe('Care plan');
    expect(only(mapExample('CareTeam-example.json')).timeline).toBeUndefined(); // a period with an end only
    const flag = only(mapExample('Flag-example.json'));
    expect(flag.summary).toMatchObject({ section: 'alert', active: false, since: '2015-01-17' });
    expect(flag.timeline).toMatchObject({ kind: 'alert', date: '2015-01-17', endDate: '2016-12-01' });
    expect(only(mapExample('Flag-example-encounter.json')).summary).toMatchObject({ text: 'Follow Level 3 Protocol', active: true });
  });

  it('a Group as subject (Observation-herd1) gives no subject key and no issue', () => {
    const result = mapExample('Observation-herd1.json');
    expect(only(result).subjectKey).toBeUndefined();
    expect(result.issues).toEqual([]);
  });
});

const at = { file: 'gp.json', line: 3 };
const context = (extra: Partial<ResourceContext> = {}): ResourceContext => ({ sourceKey: 'k1', subjectKey: 'p1', location: at, ...extra });
const nhs = (value: string): Record<string, unknown> => ({ system: 'https://fhir.nhs.uk/Id/nhs-number', value });
const ods = (value: string): Record<string, unknown> => ({ system: 'https://fhir.nhs.uk/Id/ods-organization-code', value });

describe('a UK Core Patient', () => {
  const patient = {
    resourceType: 'Patient',
    id: 'p1',
    identifier: [{ system: 'https://example.org/mrn', value: 'M1' }, nhs('943 476 5919')],
    name: [{ use: 'usual', given: ['Peggy'] }, { use: 'official', family: 'Jones', given: ['Margaret', 'Ann'] }],
    gender: 'female',
    birthDate: '1938-02-28',
    address: [{ use: 'work', line: ['1 Mill Lane'] }, { use: 'home', line: ['2 Church Street', 'Flat 3'], city: 'Leeds', postalCode: 'LS1 4AP' }],
    telecom: [{ system: 'email', value: 'm@example.org' }, { system: 'phone', value: '0113 496 0000' }],
    generalPractitioner: [{ type: 'Organization', identifier: ods('B86001') }],
  };

  it('gives the identity: NHS number without spaces, official name, home address, phone, practice', () => {
    const record = only(mapResource(patient, context({ subjectKey: undefined })));
    expect(record).toEqual({
      resourceType: 'Patient',
      sourceKey: 'k1',
      payload: patient,
      identity: {
        nhsNumber: '9434765919',
        family: 'Jones',
        given: ['Margaret', 'Ann'],
        sex: 'female',
        birthDate: '1938-02-28',
        addressLine: '2 Church Street, Flat 3',
        town: 'Leeds',
        postcode: 'LS1 4AP',
        phone: '0113 496 0000',
        practice: 'B86001',
      },
    });
  });

  it('takes the practice from the Organization the reference names, when it is in the input', () => {
    const gp = { resourceType: 'Organization', id: 'o1', identifier: [ods('Y01234')] };
    const withReference = { ...patient, generalPractitioner: [{ reference: 'Organization/o1' }] };
    const record = only(mapResource(withReference, context({ find: (ref) => (ref === 'Organization/o1' ? gp : undefined) })));
    expect(record.identity?.practice).toBe('Y01234');
  });

  it('ignores an NHS number under a misspelt system (ods-organisation-code style slips are not guessed)', () => {
    const misspelt = { ...patient, identifier: [{ system: 'https://fhir.nhs.uk/Id/nhs-numbers', value: '9434765919' }] };
    expect(only(mapResource(misspelt, context())).identity?.nhsNumber).toBeUndefined();
  });
});

describe('Encounter kinds', () => {
  const encounter = (cls: string, extra: Record<string, unknown> = {}): FhirResource => ({
    resourceType: 'Encounter',
    class: { system: 'http://terminology.hl7.org/CodeSystem/v3-ActCode', code: cls },
    period: { start: '2024-03-01T09:10:00Z' },
    ...extra,
  });
  const kindOf = (resource: FhirResource, extra: Partial<ResourceContext> = {}): EntryKind | undefined =>
    only(mapResource(resource, context(extra))).timeline?.kind;

  it.each<[string, Record<string, unknown>, EntryKind]>([
    ['EMER', {}, 'ae-attendance'],
    ['IMP', {}, 'admission'],
    ['ACUTE', {}, 'admission'],
    ['NONAC', {}, 'admission'],
    ['AMB', {}, 'outpatient'],
    ['VR', {}, 'outpatient'],
    ['HH', {}, 'community-visit'],
    ['AMB', { serviceProvider: { identifier: ods('B86001') } }, 'gp-contact'],
    ['VR', { serviceProvider: { identifier: ods('B86001') } }, 'gp-contact'],
    ['AMB', { serviceProvider: { identifier: ods('RR8') } }, 'outpatient'],
    ['HH', { type: [{ text: 'GP home visit' }] }, 'gp-contact'],
    ['AMB', { serviceProvider: { display: 'Church Street General Practice' } }, 'gp-contact'],
    ['AMB', { type: [{ coding: [{ display: 'Primary care consultation' }] }] }, 'gp-contact'],
    ['FLD', {}, 'gp-contact'],
  ])('class %s with %j is %s', (cls, extra, kind) => {
    expect(kindOf(encounter(cls, extra))).toBe(kind);
  });

  it('looks at the service provider in the input when only referenced', () => {
    const practice = { resourceType: 'Organization', id: 'o1', identifier: [ods('B86001')] };
    expect(kindOf(encounter('AMB', { serviceProvider: { reference: 'Organization/o1' } }), { find: () => practice })).toBe('gp-contact');
  });

  it('titles by type and reason', () => {
    const record = only(mapResource(encounter('EMER', { type: [{ text: 'Emergency attendance' }], reasonCode: [{ coding: [{ display: 'Chest pain' }] }] }), context()));
    expect(record.timeline).toEqual({ kind: 'ae-attendance', date: '2024-03-01T09:10:00Z', title: 'Emergency attendance: Chest pain' });
    expect(only(mapResource(encounter('IMP'), context())).timeline?.title).toBe('Hospital admission');
  });
});

describe('medication currency', () => {
  const statement = (status: string, end?: string): FhirResource => ({
    resourceType: 'MedicationStatement',
    status,
    medicationCodeableConcept: { coding: [{ system: 'https://dmd.nhs.uk', code: '39720311000001101', display: 'Ramipril 5mg capsules' }] },
    effectivePeriod: end === undefined ? { start: '2024-01-01' } : { start: '2024-01-01', end },
  });
  const active = (resource: FhirResource, today?: string): boolean | undefined =>
    only(mapResource(resource, context(today === undefined ? {} : { today }))).summary?.active;

  it.each<[string, string | undefined, string | undefined, boolean]>([
    ['active', undefined, undefined, true],
    ['intended', undefined, undefined, true],
    ['on-hold', undefined, undefined, true],
    ['completed', undefined, undefined, false],
    ['stopped', undefined, undefined, false],
    ['entered-in-error', undefined, undefined, false],
    ['active', '2024-06-30', '2024-07-01', false],
    ['active', '2024-06-30', '2024-06-30', true],
    ['active', '2024-06-30', undefined, true],
    ['active', '2024-06', '2024-06-15', true],
    ['active', '2024-06', '2024-07-01', false],
    ['active', '2024-06-30T23:00:00+01:00', '2024-07-01', false],
  ])('status %s ending %s on %s: current %s', (status, end, today, current) => {
    expect(active(statement(status, end), today)).toBe(current);
  });

  it('names a Medication held elsewhere in the input', () => {
    const medicine = { resourceType: 'Medication', id: 'm1', code: { text: 'Metformin 500mg tablets' } };
    const request = { resourceType: 'MedicationRequest', status: 'active', authoredOn: '2024-02-02', medicationReference: { reference: 'Medication/m1' } };
    expect(only(mapResource(request, context({ find: () => medicine }))).summary?.text).toBe('Metformin 500mg tablets');
  });
});

describe('impossible dates reject the record and name the element', () => {
  it.each([
    ['Patient', { birthDate: '2023-02-29' }, 'Patient.birthDate'],
    ['Patient', { birthDate: '1990-01-01T00:00:00Z' }, 'Patient.birthDate'],
    ['Patient', { deceasedDateTime: '2024-04-31' }, 'Patient.deceasedDateTime'],
    ['Condition', { onsetDateTime: '2023-02-30' }, 'Condition.onsetDateTime'],
    ['Condition', { recordedDate: '30/01/2023' }, 'Condition.recordedDate'],
    ['Observation', { effectivePeriod: { start: '2023-13-01' } }, 'Observation.effectivePeriod.start'],
    ['Observation', { effectiveDateTime: '2023-01-01T10:00' }, 'Observation.effectiveDateTime'],
    ['Encounter', { period: { start: '2023-01-01', end: 'tomorrow' } }, 'Encounter.period.end'],
    ['MedicationRequest', { authoredOn: 20230101 }, 'MedicationRequest.authoredOn'],
    ['Procedure', { performedDateTime: '0000-01-01' }, 'Procedure.performedDateTime'],
    ['Goal', { startDate: '2023-06-31' }, 'Goal.startDate'],
    ['Flag', { status: 'active', period: { start: '2023-11-31' } }, 'Flag.period.start'],
  ])('%s with %j', (resourceType, fields, field) => {
    const result = mapResource({ resourceType, ...fields }, context());
    expect(result.records).toEqual([]);
    expect(result.issues).toEqual([expect.objectContaining({ code: 'impossible-date', rejected: true, location: { ...at, field } })]);
  });
});

describe('other resource types', () => {
  it('are stored as they are, with their subject', () => {
    const report = { resourceType: 'DiagnosticReport', id: 'd1', status: 'final', code: { text: 'FBC' }, effectiveDateTime: 'not checked' };
    expect(mapResource(report, context())).toEqual({ records: [{ resourceType: 'DiagnosticReport', sourceKey: 'k1', subjectKey: 'p1', payload: report }], issues: [] });
  });
});
