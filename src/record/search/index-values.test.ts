// What each kind of element puts in the search index (R4 "Search" §3.1.1.4), one rule a case.
import { describe, expect, it } from 'vitest';
import { extractIndex } from './extract.js';
import { type IndexValues, indexedStringLength, normaliseString } from './index-values.js';

type Resource = { resourceType: string } & Record<string, unknown>;
const rows = (resource: Resource, table: keyof IndexValues, param: string): unknown[] =>
  extractIndex(resource)[table].filter((v) => v.param === param).map(({ param: _param, ...rest }) => rest);

describe('tokens', () => {
  const cases: readonly [string, Resource, string, unknown[]][] = [
    ['a code, with the system of its required binding', { resourceType: 'Patient', gender: 'female' }, 'gender', [{ system: 'http://hl7.org/fhir/administrative-gender', code: 'female' }]],
    ['a code whose binding draws on several systems, without one', { resourceType: 'Task', intent: 'order' }, 'intent', [{ system: null, code: 'order' }]],
    ['a Coding', { resourceType: 'Encounter', class: { system: 'http://terminology.hl7.org/CodeSystem/v3-ActCode', code: 'AMB' } }, 'class', [{ system: 'http://terminology.hl7.org/CodeSystem/v3-ActCode', code: 'AMB' }]],
    ['each coding of a CodeableConcept, not its text', { resourceType: 'Condition', code: { coding: [{ system: 'http://snomed.info/sct', code: '44054006' }, { code: 'E11' }], text: 'Diabetes' } }, 'code',
      [{ system: 'http://snomed.info/sct', code: '44054006' }, { system: null, code: 'E11' }]],
    ['an Identifier, with and without a system', { resourceType: 'Patient', identifier: [{ system: 'https://fhir.nhs.uk/Id/nhs-number', value: '9990000018' }, { value: 'X1' }, { system: 'urn:x' }] }, 'identifier',
      [{ system: 'https://fhir.nhs.uk/Id/nhs-number', code: '9990000018' }, { system: null, code: 'X1' }]],
    ['a ContactPoint, by its value', { resourceType: 'Patient', telecom: [{ system: 'email', value: 'a@b.org' }, { system: 'phone', value: '0113' }] }, 'email', [{ system: null, code: 'a@b.org' }]],
    ['a boolean', { resourceType: 'Patient', active: false }, 'active', [{ system: null, code: 'false' }]],
    ['a computed boolean (deceased: absent is false)', { resourceType: 'Patient' }, 'deceased', [{ system: null, code: 'false' }]],
    ['a deceased date is deceased', { resourceType: 'Patient', deceasedDateTime: '2020' }, 'deceased', [{ system: null, code: 'true' }]],
    ['a uri, as a code without a system', { resourceType: 'Questionnaire', url: 'http://example.org/q/1' }, 'url', [{ system: null, code: 'http://example.org/q/1' }]],
    ['a canonical in meta', { resourceType: 'Patient', meta: { profile: ['https://fhir.hl7.org.uk/StructureDefinition/UKCore-Patient'] } }, '_profile',
      [{ system: null, code: 'https://fhir.hl7.org.uk/StructureDefinition/UKCore-Patient' }]],
    ['a string used as a token', { resourceType: 'Questionnaire', version: '2.1' }, 'version', [{ system: null, code: '2.1' }]],
    ['the same value twice, once', { resourceType: 'Observation', code: { coding: [{ system: 'http://loinc.org', code: '1' }] }, component: [{ code: { coding: [{ system: 'http://loinc.org', code: '1' }] } }] }, 'combo-code',
      [{ system: 'http://loinc.org', code: '1' }]],
    ['a code too long to index', { resourceType: 'Patient', identifier: [{ value: 'x'.repeat(401) }] }, 'identifier', []],
  ];
  it.each(cases)('%s', (_name, resource, param, want) => {
    expect(rows(resource, 'tokens', param)).toEqual(want);
  });
});

describe('strings', () => {
  const name = { prefix: ['Dr'], given: ['Zoë', 'Anne'], family: "O'Brien", suffix: ['PhD'], text: 'Dr Zoë  Anne O\'Brien PhD' };
  const address = { line: ['1 High St', 'Flat 2'], city: 'Leeds', district: 'West Yorkshire', state: 'England', postalCode: 'LS1 1AA', country: 'UK', text: '1 High St, Leeds' };
  const cases: readonly [string, Resource, string, string[]][] = [
    ['a HumanName: family, given, prefix, suffix and text', { resourceType: 'Patient', name: [name] }, 'name', ["o'brien", 'zoe', 'anne', 'dr', 'phd', "dr zoe anne o'brien phd"]],
    ['family only', { resourceType: 'Patient', name: [name] }, 'family', ["o'brien"]],
    ['an Address: each line, city, district, state, postcode, country, text', { resourceType: 'Patient', address: [address] }, 'address',
      ['1 high st', 'flat 2', 'leeds', 'west yorkshire', 'england', 'ls1 1aa', 'uk', '1 high st, leeds']],
    ['a plain string', { resourceType: 'Organization', name: 'St. Mary’s  Hospital', alias: ['Mary’s'] }, 'name', ['st. mary’s hospital', 'mary’s']],
  ];
  it.each(cases)('%s', (_name, resource, param, want) => {
    expect(extractIndex(resource).strings.filter((s) => s.param === param).map((s) => s.norm)).toEqual(want);
  });

  it('keeps the text as written for :exact, and folds case, accents and whitespace for the rest', () => {
    expect(rows({ resourceType: 'Patient', name: [{ family: '  Brontë\tÅsa ' }] }, 'strings', 'family')).toEqual([{ norm: 'bronte asa', exact: '  Brontë\tÅsa ' }]);
    expect(normaliseString('ÉLODIE-Ségolène  Ñúñez')).toBe('elodie-segolene nunez');
  });

  it('indexes the first characters of a long text only', () => {
    const [row] = extractIndex({ resourceType: 'Questionnaire', description: 'a'.repeat(300) }).strings;
    expect(row?.norm).toHaveLength(indexedStringLength);
    expect(row?.exact).toHaveLength(300);
  });
});

describe('dates', () => {
  const cases: readonly [string, Resource, string, unknown[]][] = [
    ['a partial date covers its year', { resourceType: 'Patient', birthDate: '1974' }, 'birthdate', [{ low: '1974-01-01T00:00:00Z', high: '1975-01-01T00:00:00Z' }]],
    ['a dateTime with a zone', { resourceType: 'Observation', effectiveDateTime: '2024-03-05T10:30:00+01:00' }, 'date', [{ low: '2024-03-05T09:30:00Z', high: '2024-03-05T09:30:01Z' }]],
    ['an instant', { resourceType: 'Observation', effectiveInstant: '2024-03-05T10:30:00.123Z' }, 'date', [{ low: '2024-03-05T10:30:00.123000Z', high: '2024-03-05T10:30:00.124000Z' }]],
    ['a Period with an open end', { resourceType: 'Encounter', period: { start: '2024-03-05' } }, 'date', [{ low: '2024-03-05T00:00:00Z', high: 'infinity' }]],
    ['a Period with an open start', { resourceType: 'Encounter', period: { end: '2024-03' } }, 'date', [{ low: '-infinity', high: '2024-04-01T00:00:00Z' }]],
    ['a Timing: each event and its bounds', { resourceType: 'ServiceRequest', occurrenceTiming: { event: ['2024-01-01', '2024-02-01'], repeat: { boundsPeriod: { start: '2024-01', end: '2024-06' } } } }, 'occurrence', [
      { low: '2024-01-01T00:00:00Z', high: '2024-01-02T00:00:00Z' }, { low: '2024-02-01T00:00:00Z', high: '2024-02-02T00:00:00Z' }, { low: '2024-01-01T00:00:00Z', high: '2024-07-01T00:00:00Z' }]],
    ['a date that is not one gives nothing', { resourceType: 'Patient', birthDate: '1974-02-30' }, 'birthdate', []],
    ['a schedule written as text gives nothing', { resourceType: 'CarePlan', activity: [{ detail: { scheduledString: 'daily' } }] }, 'activity-date', []],
  ];
  it.each(cases)('%s', (_name, resource, param, want) => {
    expect(rows(resource, 'dates', param)).toEqual(want);
  });
});

describe('references', () => {
  const gp = (...references: unknown[]): Resource => ({ resourceType: 'Patient', generalPractitioner: references.map((r) => (typeof r === 'string' ? { reference: r } : r)) });
  const cases: readonly [string, Resource, string, unknown[]][] = [
    ['Type/id', gp('Practitioner/dr1'), 'general-practitioner', [{ targetType: 'Practitioner', targetId: 'dr1', url: 'Practitioner/dr1' }]],
    ['a version', gp('Practitioner/dr1/_history/2'), 'general-practitioner', [{ targetType: 'Practitioner', targetId: 'dr1', url: 'Practitioner/dr1/_history/2' }]],
    ['an absolute URL ending in Type/id', gp('https://x.example/fhir/Organization/o1'), 'general-practitioner', [{ targetType: 'Organization', targetId: 'o1', url: 'https://x.example/fhir/Organization/o1' }]],
    ['any other absolute URL, as written', gp('urn:uuid:7d3c0c3c-1b1a-4c1e-9c1e-1b1a4c1e9c1e'), 'general-practitioner', [{ targetType: null, targetId: null, url: 'urn:uuid:7d3c0c3c-1b1a-4c1e-9c1e-1b1a4c1e9c1e' }]],
    ['a contained reference, nothing', gp('#p1'), 'general-practitioner', []],
    ['a logical reference (an identifier only), nothing', gp({ identifier: { system: 'urn:x', value: '1' } }), 'general-practitioner', []],
    ['where(resolve() is Patient): only references to a Patient', { resourceType: 'Observation', subject: { reference: 'Group/g1' } }, 'patient', []],
    ['a canonical', { resourceType: 'CarePlan', instantiatesCanonical: ['http://example.org/fhir/PlanDefinition/kdn|1.0'] }, 'instantiates-canonical',
      [{ targetType: 'PlanDefinition', targetId: 'kdn', url: 'http://example.org/fhir/PlanDefinition/kdn|1.0' }]],
  ];
  it.each(cases)('%s', (_name, resource, param, want) => {
    expect(rows(resource, 'references', param)).toEqual(want);
  });
});

describe('quantities', () => {
  const cases: readonly [string, Resource, string, unknown[]][] = [
    ['a Quantity with a coded unit', { resourceType: 'Observation', valueQuantity: { value: 7.20, unit: 'mmol/L', system: 'http://unitsofmeasure.org', code: 'mmol/L' } }, 'value-quantity',
      [{ value: '7.2', system: 'http://unitsofmeasure.org', code: 'mmol/L' }]],
    ['a unit without a code', { resourceType: 'Observation', valueQuantity: { value: 5, unit: 'tablets' } }, 'value-quantity', [{ value: '5', system: null, code: 'tablets' }]],
    ['a Duration', { resourceType: 'Encounter', length: { value: 90, system: 'http://unitsofmeasure.org', code: 'min' } }, 'length', [{ value: '90', system: 'http://unitsofmeasure.org', code: 'min' }]],
    ['a Range, as its two ends', { resourceType: 'Condition', onsetRange: { low: { value: 10, code: 'a' }, high: { value: 20, code: 'a' } } }, 'onset-age',
      [{ value: '10', system: null, code: 'a' }, { value: '20', system: null, code: 'a' }]],
    ['a very small number, exactly', { resourceType: 'Observation', valueQuantity: { value: 1e-22 } }, 'value-quantity', [{ value: '1e-22', system: null, code: null }]],
    ['SampledData is a series, not indexed', { resourceType: 'Observation', valueSampledData: { origin: { value: 1 }, period: 1, dimensions: 1, data: '1 2' } }, 'value-quantity', []],
  ];
  it.each(cases)('%s', (_name, resource, param, want) => {
    expect(rows(resource, 'quantities', param)).toEqual(want);
  });
});

it('leaves _id and _lastUpdated to the record\'s columns, and a type not served to nothing', () => {
  const values = extractIndex({ resourceType: 'Patient', id: 'p1', meta: { lastUpdated: '2024-01-01T00:00:00Z' } });
  expect([...values.tokens, ...values.dates].map((v) => v.param)).toEqual(['deceased']);
  expect(extractIndex({ resourceType: 'Device', id: 'd1' })).toEqual({ tokens: [], strings: [], dates: [], references: [], quantities: [] });
});
