// Mapping whole FHIR documents: the official Bundle examples (npm package hl7.fhir.r4.examples),
// reference resolution inside a Bundle, and a table of bad input.
import { readFileSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { MapResult, NormalisedRecord } from '../model.js';
import { mapFhirDocument } from './bundle.js';
import { contentHash } from './canonical-json.js';

const examples = path.dirname(createRequire(import.meta.url).resolve('hl7.fhir.r4.examples/package.json'));
const bundles = readdirSync(examples).filter((f) => f.startsWith('Bundle-') && f.endsWith('.json'));
const read = (file: string): unknown => JSON.parse(readFileSync(path.join(examples, file), 'utf8'));
const entriesOf = (document: unknown): unknown[] => (document as { entry?: unknown[] }).entry ?? [];
const byKey = (result: MapResult, resourceType: string, key: string): NormalisedRecord | undefined =>
  result.records.find((r) => r.resourceType === resourceType && r.sourceKey === key);

describe('every official Bundle example', () => {
  it.each(bundles)('%s: each entry gives a record or a rejection saying why', (file) => {
    const bundle = read(file);
    const result = mapFhirDocument(bundle, { file });
    const rejected = result.issues.filter((i) => i.rejected);
    expect(result.records.length + rejected.length).toBe(entriesOf(bundle).length);
    for (const issue of result.issues) expect(issue.location.file).toBe(file);
    for (const issue of rejected) expect(issue.code).toBe('unsupported-entry');
    // Every payload is the entry's resource as received.
    const resources = entriesOf(bundle).map((e) => (e as { resource?: unknown }).resource);
    for (const record of result.records) expect(resources).toContain(record.payload);
    expect(result.issues.filter((i) => i.code === 'unresolved-reference')).toEqual([]);
  });
});

describe('Bundle-bundle-transaction (a transaction)', () => {
  const result = mapFhirDocument(read('Bundle-bundle-transaction.json'), { file: 'tx.json' });

  it('keys resources by id, else a Patient by its own (not NHS number) identifier, else by their urn:uuid', () => {
    expect(result.records.map((r) => `${r.resourceType}/${r.sourceKey}`)).toEqual([
      'Patient/61ebe359-bfdc-4613-8bf2-c5e300945f0a',
      'Patient/234234',
      'Patient/123',
      'Patient/456456',
      'Patient/123a',
      'Parameters/79378cb8-8f58-48e8-a5e8-60ac2755b674',
    ]);
    expect(result.records[0]?.identity).toMatchObject({ family: 'Chalmers', given: ['Peter', 'James'], birthDate: '1974-12-25' });
  });

  it('rejects the DELETE and GET entries, which carry no resource', () => {
    expect(result.issues.map((i) => [i.code, i.location.entry, i.rejected])).toEqual([
      ['unsupported-entry', 5, true],
      ['unsupported-entry', 6, true],
      ['unsupported-entry', 8, true],
      ['unsupported-entry', 9, true],
    ]);
    expect(result.issues[0]?.message).toContain('DELETE');
  });
});

describe('Bundle-bundle-references (a collection of reference forms)', () => {
  const result = mapFhirDocument(read('Bundle-bundle-references.json'), { file: 'refs.json' });
  const subjects = result.records.filter((r) => r.resourceType === 'Observation').map((r) => r.subjectKey);

  it('resolves relative, absolute, urn:uuid and versioned references to the source key', () => {
    expect(subjects).toEqual([
      '23', // Patient/23
      '23', // http://example.org/fhir/Patient/23
      '04121321-4af5-424c-a0e1-ed3aab1c349d', // urn:uuid of a Patient with no id
      '1', // http://example.org/fhir-2/Patient/1: not in the Bundle, but Type/id
      '23', // Patient/23, from another server's Observation/14
      '45', // Patient/45/_history/2
      '23', // by identifier only: Patient/23 carries http://example.org/ids|1234567
    ]);
    expect(result.issues.filter((i) => i.code === 'unresolved-reference')).toEqual([]);
  });

  it('notes two entries with the same type and id (Observation/14 from two servers, Patient/45 twice), keeping both', () => {
    const duplicates = result.issues.filter((i) => i.code === 'duplicate-key');
    expect(duplicates.map((i) => i.location.entry)).toEqual([6, 8]);
    expect(duplicates.every((i) => !i.rejected)).toBe(true);
    expect(result.records).toHaveLength(11);
  });
});

describe('other official Bundles', () => {
  it('Bundle-father (a document): every clinical entry is about Patient d1, by absolute URL', () => {
    const result = mapFhirDocument(read('Bundle-father.json'), {});
    const about = result.records.filter((r) => r.resourceType !== 'Patient' && r.resourceType !== 'Practitioner').map((r) => r.subjectKey);
    expect(about).toEqual(['d1', 'd1', 'd1', 'd1', 'd1', 'd1']);
    expect(byKey(result, 'MedicationRequest', '124a6916-5d84-4b8c-b250-10cefb8e6e86')?.summary?.section).toBe('medication');
  });

  it('Bundle-bundle-example (a searchset): the MedicationRequest is named by the Medication entry', () => {
    const result = mapFhirDocument(read('Bundle-bundle-example.json'), {});
    expect(byKey(result, 'MedicationRequest', '3123')).toMatchObject({ subjectKey: '347' });
    const medication = byKey(result, 'Medication', 'example');
    expect(medication).toBeDefined();
  });

  it('Bundle-hla-1 (a transaction of urn:uuid entries): references between entries all resolve', () => {
    const result = mapFhirDocument(read('Bundle-hla-1.json'), {});
    expect(result.records).toHaveLength(22);
    expect(result.records.every((r) => r.subjectKey === '119')).toBe(true);
    expect(result.issues).toEqual([]);
  });

  it('Bundle-xds: a DocumentReference about a Patient in the same transaction', () => {
    const result = mapFhirDocument(read('Bundle-xds.json'), {});
    expect(byKey(result, 'DocumentReference', '3fdc72f4-a11d-4a9d-9260-a9f745779e1d')?.subjectKey).toBe('a2');
  });
});

const nhsNumber = (value: string): Record<string, unknown> => ({ system: 'https://fhir.nhs.uk/Id/nhs-number', value });
const bundle = (...entry: unknown[]): unknown => ({ resourceType: 'Bundle', type: 'collection', entry });
const patientEntry = { fullUrl: 'urn:uuid:0e7b6c2a-6e38-4a5b-9f6d-3c8f7f6f0d01', resource: { resourceType: 'Patient', identifier: [nhsNumber('9434765919')] } };
const condition = (fields: Record<string, unknown>): unknown => ({
  resource: { resourceType: 'Condition', id: 'c1', code: { text: 'Asthma' }, recordedDate: '2020-01-02', ...fields },
});

describe('bad input', () => {
  const where = { file: 'upload.ndjson', line: 7 };

  it.each([
    ['null', null],
    ['a number', 42],
    ['a string', 'Patient'],
    ['an array', [{ resourceType: 'Patient' }]],
    ['an object without resourceType', { id: 'p1' }],
    ['an empty resourceType', { resourceType: '' }],
  ])('%s is the wrong kind of document', (_label, document) => {
    expect(mapFhirDocument(document, where)).toEqual({
      records: [],
      issues: [{ location: where, code: 'wrong-kind', message: expect.any(String) as string, rejected: true }],
    });
  });

  it.each<[string, unknown, { code: string; entry?: number; field?: string; rejected: boolean }[], number]>([
    ['a subject urn:uuid not in the Bundle', bundle(condition({ subject: { reference: 'urn:uuid:99999999-0000-0000-0000-000000000000' } })),
      [{ code: 'unresolved-reference', entry: 0, field: 'Condition.subject', rejected: false }], 1],
    ['a reference deep in an array', bundle(condition({ evidence: [{ detail: [{ reference: 'Observation/o1' }, { reference: 'urn:uuid:nowhere' }] }] })),
      [{ code: 'unresolved-reference', entry: 0, field: 'Condition.evidence[0].detail[1]', rejected: false }], 1],
    ['a contained reference to nothing', bundle(condition({ evidence: [{ detail: [{ reference: '#missing' }] }] })),
      [{ code: 'unresolved-reference', entry: 0, field: 'Condition.evidence[0].detail[0]', rejected: false }], 1],
    ['a subject by an identifier no Patient in the Bundle has', bundle(patientEntry, condition({ subject: { identifier: nhsNumber('9876543210') } })),
      [{ code: 'unresolved-reference', entry: 1, field: 'Condition.subject', rejected: false }], 2],
    ['a subject named by display only', bundle(condition({ subject: { display: 'Mrs Jones' } })),
      [{ code: 'unresolved-reference', entry: 0, field: 'Condition.subject', rejected: false }], 1],
    ['an NHS number failing modulus 11 (the UK Core example 9912003890)', bundle({ resource: { resourceType: 'Patient', id: 'p1', identifier: [nhsNumber('9912003890')] } }),
      [{ code: 'invalid-nhs-number', entry: 0, field: 'Patient.identifier[0].value', rejected: false }], 1],
    ['an impossible date', bundle(condition({ onsetDateTime: '2023-02-30' })),
      [{ code: 'impossible-date', entry: 0, field: 'Condition.onsetDateTime', rejected: true }], 0],
    ['a DELETE entry', bundle({ request: { method: 'DELETE', url: 'Patient/1' } }),
      [{ code: 'unsupported-entry', entry: 0, field: 'Bundle.entry.resource', rejected: true }], 0],
    ['a response-only entry', bundle({ response: { status: '201 Created' } }),
      [{ code: 'unsupported-entry', entry: 0, field: 'Bundle.entry.resource', rejected: true }], 0],
    ['an entry that is not an object', bundle('Patient/1'),
      [{ code: 'wrong-kind', entry: 0, field: 'Bundle.entry', rejected: true }], 0],
    ['an entry resource without resourceType', bundle({ resource: { id: 'x' } }),
      [{ code: 'wrong-kind', entry: 0, field: 'Bundle.entry.resource', rejected: true }], 0],
    ['entry that is not an array', { resourceType: 'Bundle', entry: { resource: {} } },
      [{ code: 'wrong-kind', entry: undefined, field: 'Bundle.entry', rejected: true }], 0],
  ])('%s', (_label, document, issues, records) => {
    const result = mapFhirDocument(document, where);
    expect(result.records).toHaveLength(records);
    expect(result.issues.map((i) => ({ code: i.code, entry: i.location.entry, field: i.location.field, rejected: i.rejected }))).toEqual(issues);
    for (const issue of result.issues) expect(issue.location).toMatchObject(where);
  });

  it('keeps a Patient whose NHS number fails the check, without the number', () => {
    const result = mapFhirDocument({ resourceType: 'Patient', id: 'p1', identifier: [nhsNumber('9434765918')], name: [{ family: 'Jones' }] }, where);
    expect(result.records[0]?.identity).toEqual({ family: 'Jones' });
  });

  it('keeps the record whose subject is unresolved, unlinked', () => {
    const result = mapFhirDocument(bundle(condition({ subject: { reference: 'urn:uuid:elsewhere' } })), where);
    expect(result.records[0]).toMatchObject({ resourceType: 'Condition', sourceKey: 'c1', summary: { text: 'Asthma' } });
    expect(result.records[0]?.subjectKey).toBeUndefined();
  });
});

describe('subjects and source keys', () => {
  it('links a subject given by NHS number identifier to the Patient in the Bundle that has it', () => {
    const result = mapFhirDocument(bundle(patientEntry, condition({ subject: { identifier: nhsNumber('9434765919') } })), {});
    expect(result.records[1]?.subjectKey).toBe('0e7b6c2a-6e38-4a5b-9f6d-3c8f7f6f0d01');
    expect(result.issues).toEqual([]);
  });

  it('gives no subject key, and no issue, for a subject that is not a Patient', () => {
    const result = mapFhirDocument({ resourceType: 'Condition', id: 'c1', code: { text: 'Asthma' }, recordedDate: '2020-01-02', subject: { reference: 'Group/g1' } }, {});
    expect(result.records[0]?.subjectKey).toBeUndefined();
    expect(result.issues).toEqual([]);
  });

  it('keys a resource with neither id nor fullUrl by a hash of its content, whatever the key order', () => {
    const one = mapFhirDocument(bundle({ resource: { resourceType: 'Basic', code: { text: 'x' }, created: '2020-01-01' } }), {});
    const two = mapFhirDocument({ created: '2020-01-01', code: { text: 'x' }, resourceType: 'Basic' }, {});
    const key = one.records[0]?.sourceKey;
    expect(key).toMatch(/^[0-9a-f]{64}$/);
    expect(two.records[0]?.sourceKey).toBe(key);
    expect(key).toBe(contentHash({ resourceType: 'Basic', code: { text: 'x' }, created: '2020-01-01' }));
  });

  it('keys by an absolute fullUrl when there is no id', () => {
    const result = mapFhirDocument(bundle({ fullUrl: 'https://gp.example/fhir/Basic/b1', resource: { resourceType: 'Basic' } }), {});
    expect(result.records[0]?.sourceKey).toBe('https://gp.example/fhir/Basic/b1');
  });

  it('passes today on, so an ended medication is not current', () => {
    const statement = { resourceType: 'MedicationStatement', id: 'm1', status: 'active', medicationCodeableConcept: { text: 'Ramipril' }, effectivePeriod: { start: '2024-01-01', end: '2024-02-01' } };
    expect(mapFhirDocument(statement, {}).records[0]?.summary?.active).toBe(true);
    expect(mapFhirDocument(statement, {}, { today: '2024-03-01' }).records[0]?.summary?.active).toBe(false);
  });

  it('stores a Bundle inside a Bundle as it is, without reading its entries', () => {
    const inner = { resourceType: 'Bundle', id: 'b2', type: 'searchset', entry: [{ fullUrl: 'urn:uuid:x', resource: { resourceType: 'Observation', subject: { reference: 'urn:uuid:y' } } }] };
    const result = mapFhirDocument(bundle({ resource: inner }), {});
    expect(result).toEqual({ records: [{ resourceType: 'Bundle', sourceKey: 'b2', payload: inner }], issues: [] });
  });

  it('an empty Bundle gives nothing and says nothing', () => {
    expect(mapFhirDocument({ resourceType: 'Bundle', type: 'searchset', total: 0 }, {})).toEqual({ records: [], issues: [] });
  });
});

describe('conditional references', () => {
  it('are taken as they are, without a data-quality issue (exporters such as Synthea use them for practitioners and organisations)', () => {
    const result = mapFhirDocument({
      resourceType: 'Bundle', type: 'transaction',
      entry: [
        { fullUrl: 'urn:uuid:aaaaaaaa-0000-4000-8000-000000000001', resource: { resourceType: 'Patient', name: [{ family: 'Test' }] }, request: { method: 'POST', url: 'Patient' } },
        {
          fullUrl: 'urn:uuid:aaaaaaaa-0000-4000-8000-000000000002',
          resource: {
            resourceType: 'Encounter', status: 'finished', class: { system: 'http://terminology.hl7.org/CodeSystem/v3-ActCode', code: 'AMB' },
            subject: { reference: 'urn:uuid:aaaaaaaa-0000-4000-8000-000000000001' }, period: { start: '2020-01-01T10:00:00+00:00' },
            serviceProvider: { reference: 'Organization?identifier=https://github.com/synthetichealth/synthea|b1d2' },
            participant: [{ individual: { reference: 'Practitioner?identifier=http://hl7.org/fhir/sid/us-npi|9999' } }],
          },
          request: { method: 'POST', url: 'Encounter' },
        },
      ],
    }, { file: 'synthea.json' });
    expect(result.issues).toEqual([]);
    expect(result.records[1]?.subjectKey).toBe(result.records[0]?.sourceKey);
  });
});
