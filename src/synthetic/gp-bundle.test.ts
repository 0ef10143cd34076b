import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { gpBundle, gpPatientIdSystem, json, type GpBundleInput, type GpCodes } from './gp-bundle.js';
import type { History, Person, SourceIdentity } from './model.js';

/** A stand-in for the reference modules: the formatter only needs these lookups. */
const codes: GpCodes = {
  condition: (key) => ({ key, display: `Display of ${key}`, snomed: `${1000 + key.length}` }),
  medication: (key) => ({ key, display: `${key} 5mg tablets`, dmd: `3911361100000${key.length}` }),
  ethnicCategory: (index) => ['A', 'B', 'C', 'Q'][index] ?? '99',
};

const person: Person = {
  id: 'P0000042', index: 42, householdId: 'H0000017', sex: 'female', forename: 'Mary', middleName: 'Anne',
  surname: "O'Brien", birthSurname: 'Smith', dateOfBirth: '1941-07-03', ethnicity: 1, nhsNumber: '9990000018',
  practice: 'Z00001', addresses: [], dateOfDeath: '2024-11-30',
};

const identity: SourceIdentity = {
  source: 'gp', localId: 'EMIS-42', personId: person.id, nhsNumber: person.nhsNumber, forename: 'Mary',
  middleName: 'Anne', surname: "O'Brien", dateOfBirth: '1941-07-03', sex: 'female', line1: '14 Harbour View',
  town: 'Seaton', postcode: 'ZQ3 4LP', phone: '07700 900123', dateOfDeath: '2024-11-30', errors: [],
};

const history: History = {
  conditions: [{ condition: 'hypertension', onset: '2001-05-06' }, { condition: 'dementia', onset: '2019-02-01' }],
  medications: [
    { medication: 'amlodipine', start: '2001-05-06' },
    { medication: 'donepezil', start: '2019-02-01', end: '2024-11-30' },
  ],
  gpConsultations: [
    { id: 'GC1', date: '2023-01-10', mode: 'surgery' },
    { id: 'GC2', date: '2023-06-12', mode: 'telephone' },
    { id: 'GC3', date: '2024-10-01', mode: 'home visit' },
  ],
  aeAttendances: [], spells: [], outpatients: [], communityContacts: [], careEvents: [], risk: [],
};

/** Deterministic version-4-shaped UUIDs from the kind and index. */
function uuid(kind: string, n: number): string {
  let h = 2166136261;
  for (const ch of `${kind}/${n}`) h = Math.imul(h ^ ch.charCodeAt(0), 16777619) >>> 0;
  const hex = h.toString(16).padStart(8, '0');
  return `${hex}-0000-4000-8000-${String(n).padStart(12, '0')}`;
}

const input: GpBundleInput = { identity, person, history, practice: { code: 'Z00001', name: 'Harbour Surgery' }, uuid };

type Json = null | boolean | number | string | readonly Json[] | { readonly [key: string]: Json };
type JsonObject = { readonly [key: string]: Json };

function parse(line: string): JsonObject {
  return JSON.parse(line) as JsonObject;
}

function obj(value: Json | undefined): JsonObject {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) throw new Error(`Not an object: ${JSON.stringify(value)}`);
  return value as JsonObject;
}

function arr(value: Json | undefined): readonly Json[] {
  if (!Array.isArray(value)) throw new Error(`Not an array: ${JSON.stringify(value)}`);
  return value as readonly Json[];
}

function str(value: Json | undefined): string {
  if (typeof value !== 'string') throw new Error(`Not a string: ${JSON.stringify(value)}`);
  return value;
}

function resources(bundle: JsonObject, type: string): JsonObject[] {
  return arr(bundle.entry).map((e) => obj(obj(e).resource)).filter((r) => r.resourceType === type);
}

/** FHIR R4 date and dateTime (http://hl7.org/fhir/R4/datatypes.html). */
const fhirDate = /^([0-9]([0-9]([0-9][1-9]|[1-9]0)|[1-9]00)|[1-9]000)(-(0[1-9]|1[0-2])(-(0[1-9]|[1-2][0-9]|3[0-1]))?)?$/;
const fhirDateTime = /^([0-9]([0-9]([0-9][1-9]|[1-9]0)|[1-9]00)|[1-9]000)(-(0[1-9]|1[0-2])(-(0[1-9]|[1-2][0-9]|3[0-1])(T([01][0-9]|2[0-3]):[0-5][0-9]:([0-5][0-9]|60)(\.[0-9]+)?(Z|(\+|-)((0[0-9]|1[0-3]):[0-5][0-9]|14:00)))?)?)?$/;

describe('gpBundle', () => {
  const line = gpBundle(input, codes);
  const bundle = parse(line);

  it('is one line of JSON holding a transaction Bundle', () => {
    expect(line).not.toContain('\n');
    expect(bundle.resourceType).toBe('Bundle');
    expect(bundle.type).toBe('transaction');
  });

  it('holds the Patient, then its Conditions, MedicationStatements and Encounters', () => {
    expect(arr(bundle.entry).map((e) => obj(obj(e).resource).resourceType)).toEqual([
      'Patient', 'Condition', 'Condition', 'MedicationStatement', 'MedicationStatement', 'Encounter', 'Encounter', 'Encounter',
    ]);
  });

  it('gives every entry a urn:uuid fullUrl from the uuid function and a POST of its type', () => {
    const entries = arr(bundle.entry).map(obj);
    expect(entries.map((e) => e.fullUrl)).toEqual([
      `urn:uuid:${uuid('Patient', 0)}`, `urn:uuid:${uuid('Condition', 0)}`, `urn:uuid:${uuid('Condition', 1)}`,
      `urn:uuid:${uuid('MedicationStatement', 0)}`, `urn:uuid:${uuid('MedicationStatement', 1)}`,
      `urn:uuid:${uuid('Encounter', 0)}`, `urn:uuid:${uuid('Encounter', 1)}`, `urn:uuid:${uuid('Encounter', 2)}`,
    ]);
    for (const e of entries) {
      expect(obj(e.request)).toMatchObject({ method: 'POST', url: obj(e.resource).resourceType });
    }
    expect(obj(entries[0]!.request).ifNoneExist).toBe(`identifier=${gpPatientIdSystem('Z00001')}|EMIS-42`);
  });

  it('resolves every reference to a fullUrl in the bundle', () => {
    const fullUrls = new Set(arr(bundle.entry).map((e) => obj(e).fullUrl));
    const references: Json[] = [];
    const walk = (value: Json): void => {
      if (Array.isArray(value)) { for (const v of value as Json[]) walk(v); return; }
      if (value === null || typeof value !== 'object') return;
      for (const [key, v] of Object.entries(value)) {
        if (key === 'reference') references.push(v);
        else walk(v);
      }
    };
    walk(bundle);
    expect(references).toHaveLength(7);
    for (const reference of references) expect(fullUrls).toContain(reference);
  });

  it('identifies the patient by NHS number, verified, and by the GP system id', () => {
    const [patient] = resources(bundle, 'Patient');
    expect(patient!.identifier).toEqual([
      {
        extension: [{
          url: 'https://fhir.hl7.org.uk/StructureDefinition/Extension-UKCore-NHSNumberVerificationStatus',
          valueCodeableConcept: { coding: [{ system: 'https://fhir.hl7.org.uk/CodeSystem/UKCore-NHSNumberVerificationStatusEngland', code: '01', display: 'Number present and verified' }] },
        }],
        system: 'https://fhir.nhs.uk/Id/nhs-number',
        value: '9990000018',
      },
      { system: 'https://joinedup.example/Id/gp/Z00001/patient', value: 'EMIS-42' },
    ]);
  });

  it('marks an NHS number that differs from the true one as not traced, and leaves out a missing one', () => {
    const wrong = resources(parse(gpBundle({ ...input, identity: { ...identity, nhsNumber: '9990000026' } }, codes)), 'Patient')[0]!;
    const nhs = obj(arr(wrong.identifier)[0]);
    expect(nhs.value).toBe('9990000026');
    expect(JSON.stringify(nhs.extension)).toContain('"code":"02","display":"Number present but not traced"');
    const { nhsNumber: _, ...withoutNumber } = identity;
    const missing = resources(parse(gpBundle({ ...input, identity: withoutNumber }, codes)), 'Patient')[0]!;
    expect(missing.identifier).toEqual([{ system: 'https://joinedup.example/Id/gp/Z00001/patient', value: 'EMIS-42' }]);
  });

  it('writes the demographics the GP system holds', () => {
    const [patient] = resources(bundle, 'Patient');
    expect(patient).toMatchObject({
      meta: { profile: ['https://fhir.hl7.org.uk/StructureDefinition/UKCore-Patient'] },
      extension: [{
        url: 'https://fhir.hl7.org.uk/StructureDefinition/Extension-UKCore-EthnicCategory',
        valueCodeableConcept: { coding: [{ system: 'https://fhir.hl7.org.uk/CodeSystem/UKCore-EthnicCategoryEngland', code: 'B', display: 'White - Irish' }] },
      }],
      name: [{ use: 'official', family: "O'Brien", given: ['Mary', 'Anne'] }],
      telecom: [{ system: 'phone', value: '07700 900123', use: 'mobile' }],
      gender: 'female',
      birthDate: '1941-07-03',
      deceasedDateTime: '2024-11-30',
      address: [{ use: 'home', line: ['14 Harbour View'], city: 'Seaton', postalCode: 'ZQ3 4LP' }],
      generalPractitioner: [{ type: 'Organization', identifier: { system: 'https://fhir.nhs.uk/Id/ods-organization-code', value: 'Z00001' }, display: 'Harbour Surgery' }],
    });
    expect(fhirDate.test(str(patient!.birthDate))).toBe(true);
    expect(fhirDateTime.test(str(patient!.deceasedDateTime))).toBe(true);
  });

  it('leaves out what the GP copy does not hold', () => {
    const sparse: SourceIdentity = { source: 'gp', localId: 'G1', personId: person.id, forename: 'Mo', surname: 'Ali', sex: 'unknown', errors: [] };
    const patient = resources(parse(gpBundle({ ...input, identity: sparse }, codes)), 'Patient')[0]!;
    expect(Object.keys(patient)).toEqual(['resourceType', 'meta', 'extension', 'identifier', 'name', 'gender', 'generalPractitioner']);
    expect(patient.gender).toBe('unknown');
    expect(patient.name).toEqual([{ use: 'official', family: 'Ali', given: ['Mo'] }]);
    const partial = resources(parse(gpBundle({ ...input, identity: { ...sparse, postcode: 'ZQ3 4LP' } }, codes)), 'Patient')[0]!;
    expect(partial.address).toEqual([{ use: 'home', postalCode: 'ZQ3 4LP' }]);
  });

  it('codes conditions in SNOMED CT as active problems of the patient', () => {
    const [condition] = resources(bundle, 'Condition');
    expect(condition).toEqual({
      resourceType: 'Condition',
      meta: { profile: ['https://fhir.hl7.org.uk/StructureDefinition/UKCore-Condition'] },
      clinicalStatus: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/condition-clinical', code: 'active', display: 'Active' }] },
      category: [{ coding: [{ system: 'http://terminology.hl7.org/CodeSystem/condition-category', code: 'problem-list-item', display: 'Problem List Item' }] }],
      code: { coding: [{ system: 'http://snomed.info/sct', code: '1012', display: 'Display of hypertension' }] },
      subject: { reference: `urn:uuid:${uuid('Patient', 0)}` },
      onsetDateTime: '2001-05-06',
    });
  });

  it('codes medicines in dm+d with the period taken and whether it is still taken', () => {
    const [current, stopped] = resources(bundle, 'MedicationStatement');
    expect(current).toMatchObject({
      meta: { profile: ['https://fhir.hl7.org.uk/StructureDefinition/UKCore-MedicationStatement'] },
      status: 'active',
      medicationCodeableConcept: { coding: [
        { system: 'https://dmd.nhs.uk', code: '391136110000010', display: 'amlodipine 5mg tablets' },
        { system: 'http://snomed.info/sct', code: '391136110000010', display: 'amlodipine 5mg tablets' },
      ] },
      effectivePeriod: { start: '2001-05-06' },
    });
    expect(stopped).toMatchObject({ status: 'completed', effectivePeriod: { start: '2019-02-01', end: '2024-11-30' } });
  });

  it('writes consultations as finished encounters of the class of their mode, provided by the practice', () => {
    const encounters = resources(bundle, 'Encounter');
    expect(encounters.map((e) => obj(e.class).code)).toEqual(['AMB', 'VR', 'HH']);
    expect(encounters[1]).toEqual({
      resourceType: 'Encounter',
      meta: { profile: ['https://fhir.hl7.org.uk/StructureDefinition/UKCore-Encounter'] },
      identifier: [{ system: 'https://joinedup.example/Id/gp/Z00001/consultation', value: 'GC2' }],
      status: 'finished',
      class: { system: 'http://terminology.hl7.org/CodeSystem/v3-ActCode', code: 'VR', display: 'virtual' },
      subject: { reference: `urn:uuid:${uuid('Patient', 0)}` },
      period: { start: '2023-06-12', end: '2023-06-12' },
      serviceProvider: { type: 'Organization', identifier: { system: 'https://fhir.nhs.uk/Id/ods-organization-code', value: 'Z00001' } },
    });
    for (const e of encounters) expect(fhirDateTime.test(str(obj(e.period).start))).toBe(true);
  });

  it('is the same text every time for the same input', () => {
    expect(gpBundle(input, codes)).toBe(line);
  });

  it('keeps names with quotes, backslashes and control characters intact', () => {
    const odd = { ...identity, surname: 'Say "Hi" \\ back', forename: 'Tab\there', middleName: 'Zoë 😀' };
    const patient = resources(parse(gpBundle({ ...input, identity: odd }, codes)), 'Patient')[0]!;
    expect(patient.name).toEqual([{ use: 'official', family: 'Say "Hi" \\ back', given: ['Tab\there', 'Zoë 😀'] }]);
  });

  it('refuses an ethnic category code that UK Core does not have', () => {
    expect(() => gpBundle({ ...input, person: { ...person, ethnicity: 3 } }, codes)).toThrow(RangeError);
  });
});

describe('json', () => {
  it.each(['', 'plain', 'quote " and \\', 'line\nbreak\ttab\u0001', 'Zoë 😀', 'lone \ud800 surrogate', '\u2028'])(
    'writes %j exactly as JSON.stringify does', (value) => {
      expect(json(value)).toBe(JSON.stringify(value));
    },
  );
});

/**
 * The shape of our resources against the official FHIR R4 examples (npm package hl7.fhir.r4.examples):
 * every element path we write that the examples also use must have the same JSON type and the same
 * array-ness, so a field name or cardinality slip shows up here.
 */
describe('shape against the official FHIR R4 examples', () => {
  const examples = dirname(createRequire(import.meta.url).resolve('hl7.fhir.r4.examples/package.json'));
  const files = readdirSync(examples);

  /** Leaf paths ("name[].given[]") and their JSON types. */
  function leaves(value: Json, path: string, out: Map<string, Set<string>>): Map<string, Set<string>> {
    if (Array.isArray(value)) {
      for (const v of value as Json[]) leaves(v, `${path}[]`, out);
    } else if (value !== null && typeof value === 'object') {
      for (const [key, v] of Object.entries(value)) {
        if (key !== 'text' && key !== 'contained') leaves(v, path === '' ? key : `${path}.${key}`, out);
      }
    } else {
      const types = out.get(path) ?? new Set<string>();
      types.add(typeof value);
      out.set(path, types);
    }
    return out;
  }

  function official(prefixes: readonly string[]): Map<string, Set<string>> {
    const out = new Map<string, Set<string>>();
    for (const file of files) {
      if (!prefixes.some((p) => file.startsWith(`${p}-`)) || !file.endsWith('.json')) continue;
      leaves(JSON.parse(readFileSync(join(examples, file), 'utf8')) as Json, '', out);
    }
    return out;
  }

  /** Datatypes (Period, Meta, Coding, Identifier …) as the examples of several resources use them. */
  const general = official(['Observation', 'Patient', 'Encounter', 'Condition', 'MedicationStatement', 'Composition']);
  const suffixes = new Map<string, Set<string>>();
  for (const [path, types] of general) suffixes.set(path.split('.').slice(-2).join('.'), types);

  const bundle = parse(gpBundle(input, codes));

  /** Paths we write that the examples of the same resource type do not show, each checked as a datatype. */
  const notInTypeExamples: Readonly<Record<string, readonly string[]>> = {
    Patient: [
      'extension[].valueCodeableConcept.coding[].code', 'extension[].valueCodeableConcept.coding[].display',
      'extension[].valueCodeableConcept.coding[].system', 'generalPractitioner[].identifier.system',
      'generalPractitioner[].identifier.value', 'generalPractitioner[].type', 'identifier[].extension[].url',
      'identifier[].extension[].valueCodeableConcept.coding[].code',
      'identifier[].extension[].valueCodeableConcept.coding[].display',
      'identifier[].extension[].valueCodeableConcept.coding[].system', 'meta.profile[]',
    ],
    Condition: ['clinicalStatus.coding[].display', 'meta.profile[]'],
    MedicationStatement: ['effectivePeriod.end', 'effectivePeriod.start', 'meta.profile[]'],
    Encounter: ['meta.profile[]', 'serviceProvider.identifier.system', 'serviceProvider.identifier.value', 'serviceProvider.type'],
  };
  /** Reference.type (R4, a uri) appears in no official example beside a logical identifier. */
  const referenceType = new Set(['generalPractitioner[].type', 'serviceProvider.type']);

  it.each(['Patient', 'Condition', 'MedicationStatement', 'Encounter'])('%s uses the element names and types of the examples', (type) => {
    const ours = new Map<string, Set<string>>();
    for (const resource of resources(bundle, type)) leaves(resource, '', ours);
    const theirs = official([type]);
    const missing: string[] = [];
    for (const [path, types] of ours) {
      const known = theirs.get(path);
      if (known === undefined) { missing.push(path); continue; }
      for (const t of types) expect(known, `${type}.${path}`).toContain(t);
    }
    expect(missing.sort()).toEqual(notInTypeExamples[type]);
    for (const path of missing) {
      if (referenceType.has(path)) { expect(ours.get(path)).toEqual(new Set(['string'])); continue; }
      const known = suffixes.get(path.split('.').slice(-2).join('.'));
      expect(known, `${type}.${path} as a datatype`).toBeDefined();
      for (const t of ours.get(path)!) expect(known, `${type}.${path}`).toContain(t);
    }
  });

  it('the Bundle and its entries are shaped like the official transaction example', () => {
    const transaction = leaves(JSON.parse(readFileSync(join(examples, 'Bundle-bundle-transaction.json'), 'utf8')) as Json, '', new Map());
    const ours = leaves(bundle, '', new Map());
    for (const [path, types] of ours) {
      if (path.startsWith('entry[].resource.')) continue;
      const known = transaction.get(path);
      expect(known, path).toBeDefined();
      for (const t of types) expect(known, path).toContain(t);
    }
    expect([...ours.keys()].filter((p) => !p.startsWith('entry[].resource.')).sort()).toEqual([
      'entry[].fullUrl', 'entry[].request.ifNoneExist', 'entry[].request.method', 'entry[].request.url', 'resourceType', 'type',
    ]);
  });
});
