// Validation of incoming FHIR R4 resources: every official example of the types we serve is valid,
// then the rules case by case, each bad resource with the one issue it must give.
import { readFileSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { type ValidationIssue, isSummaryElement, knownResourceTypes, validateResource } from './index.js';
import { fromXsdRegex, publishedBase64Pattern } from './primitive-values.js';

const examples = path.dirname(createRequire(import.meta.url).resolve('hl7.fhir.r4.examples/package.json'));

const servedTypes = new Set([
  'Patient', 'Practitioner', 'PractitionerRole', 'Organization', 'Encounter', 'EpisodeOfCare', 'Condition', 'Observation',
  'MedicationRequest', 'MedicationStatement', 'AllergyIntolerance', 'Procedure', 'CarePlan', 'Goal', 'CareTeam', 'Task',
  'ServiceRequest', 'Consent', 'Flag', 'Questionnaire', 'QuestionnaireResponse', 'Provenance', 'AuditEvent', 'Bundle',
]);

/** Official examples that break a rule of the specification itself, with the issues they give. */
const exampleDefects: Readonly<Record<string, { why: string; issue: Pick<ValidationIssue, 'code' | 'expression'> }>> = {
  'Questionnaire-qs1.json': {
    why: 'generated from the Account definition; its display items have no linkId, which is 1..1 on every item',
    issue: { code: 'required', expression: 'Questionnaire.item[0].item[0].linkId' },
  },
};

interface Example {
  file: string;
  resource: unknown;
}

/** Every example of a served type, found by its resourceType rather than its file name. */
const served: Example[] = readdirSync(examples)
  .filter((file) => file.endsWith('.json') && file !== 'package.json')
  .map((file) => ({ file, resource: JSON.parse(readFileSync(path.join(examples, file), 'utf8')) as unknown }))
  .filter(({ resource }) => servedTypes.has((resource as { resourceType?: string }).resourceType ?? ''));

const codes = (issues: readonly ValidationIssue[]): [string, string][] => issues.map((i) => [i.code, i.expression]);

describe('official R4 examples', () => {
  it('finds the examples of every served type', () => {
    expect(served.length).toBeGreaterThan(300);
    const types = new Set(served.map(({ resource }) => (resource as { resourceType: string }).resourceType));
    expect([...servedTypes].filter((t) => !types.has(t))).toEqual([]);
  });

  it.each(served.filter(({ file }) => exampleDefects[file] === undefined).map((e) => [e.file, e] as const))('%s is valid', (_file, example) => {
    expect(validateResource(example.resource)).toEqual([]);
  });

  it.each(Object.entries(exampleDefects))('%s is a known defect', (file, defect) => {
    const example = served.find((e) => e.file === file);
    const issues = validateResource(example?.resource);
    expect(issues[0], defect.why).toMatchObject(defect.issue);
  });
});

const nhs = 'https://fhir.nhs.uk/Id/nhs-number';
const observation = { resourceType: 'Observation', status: 'final', code: { text: 'Pulse' } };
const patient = (rest: Record<string, unknown>): Record<string, unknown> => ({ resourceType: 'Patient', ...rest });
const obs = (rest: Record<string, unknown>): Record<string, unknown> => ({ ...observation, ...rest });
const question = (linkId: string, rest: Record<string, unknown> = {}): Record<string, unknown> => ({ linkId, type: 'group', ...rest });
const questionnaire = (item: unknown[]): Record<string, unknown> => ({ resourceType: 'Questionnaire', status: 'active', item });

describe('bad resources give the one issue they should', () => {
  it.each<[string, unknown, ValidationIssue['code'], string]>([
    ['unknown element', patient({ foo: 1 }), 'structure', 'Patient.foo'],
    ['unknown nested element', patient({ name: [{ fmaily: 'Smith' }] }), 'structure', 'Patient.name[0].fmaily'],
    ['a choice type not listed for the element', obs({ valueMoney: { value: 1 } }), 'structure', 'Observation.valueMoney'],
    ['a "_" twin of a complex element', patient({ _maritalStatus: { id: 'x' } }), 'structure', 'Patient._maritalStatus'],
    ['a boolean as a string', patient({ active: 'true' }), 'structure', 'Patient.active'],
    ['a date as a number', patient({ birthDate: 19740101 }), 'structure', 'Patient.birthDate'],
    ['an integer as a string', obs({ valueInteger: '5' }), 'structure', 'Observation.valueInteger'],
    ['a decimal as a string', obs({ valueQuantity: { value: '5.0' } }), 'structure', 'Observation.valueQuantity.value'],
    ['a string for a complex element', patient({ maritalStatus: 'M' }), 'structure', 'Patient.maritalStatus'],
    ['null for a single element', patient({ gender: null }), 'structure', 'Patient.gender'],
    ['null in an array of objects', patient({ name: [null] }), 'structure', 'Patient.name[0]'],
    ['month 13', patient({ birthDate: '2024-13-01' }), 'value', 'Patient.birthDate'],
    ['30 February (matches the regex)', patient({ birthDate: '2024-02-30' }), 'value', 'Patient.birthDate'],
    ['29 February in a common year', patient({ birthDate: '2023-02-29' }), 'value', 'Patient.birthDate'],
    ['a UK-style date', patient({ birthDate: '01/02/2024' }), 'value', 'Patient.birthDate'],
    ['a dateTime without seconds and zone', obs({ effectiveDateTime: '2024-02-10T10:00' }), 'value', 'Observation.effectiveDateTime'],
    ['a dateTime without a zone', obs({ effectiveDateTime: '2024-02-10T10:00:00' }), 'value', 'Observation.effectiveDateTime'],
    ['a dateTime on 30 February', obs({ effectiveDateTime: '2024-02-30T10:00:00Z' }), 'value', 'Observation.effectiveDateTime'],
    ['an instant without a time', obs({ issued: '2024-01-05' }), 'value', 'Observation.issued'],
    ['a time with a zone', obs({ valueTime: '10:00:00Z' }), 'value', 'Observation.valueTime'],
    ['an empty string', patient({ gender: '' }), 'value', 'Patient.gender'],
    ['an empty string in an array', patient({ name: [{ given: ['Ann', ''] }] }), 'value', 'Patient.name[0].given[1]'],
    ['a code with a leading space', patient({ gender: ' male' }), 'value', 'Patient.gender'],
    ['an id with a space', patient({ id: 'not ok' }), 'value', 'Patient.id'],
    ['an integer beyond 32 bits', patient({ multipleBirthInteger: 2147483648 }), 'value', 'Patient.multipleBirthInteger'],
    ['a fractional integer', patient({ multipleBirthInteger: 1.5 }), 'value', 'Patient.multipleBirthInteger'],
    [
      'a positiveInt of 0',
      { resourceType: 'MedicationRequest', status: 'active', intent: 'order', medicationCodeableConcept: { text: 'x' }, subject: { reference: 'Patient/1' }, dosageInstruction: [{ timing: { repeat: { count: 0 } } }] },
      'value',
      'MedicationRequest.dosageInstruction[0].timing.repeat.count',
    ],
    ['base64 with a broken quartet', { resourceType: 'Binary', contentType: 'text/plain', data: 'SGVsbG8' }, 'value', 'Binary.data'],
    ['an empty object', patient({ maritalStatus: {} }), 'structure', 'Patient.maritalStatus'],
    ['an empty array', patient({ name: [] }), 'structure', 'Patient.name'],
    ['an array for a 0..1 element', patient({ gender: ['male'] }), 'structure', 'Patient.gender'],
    ['an array for a 0..1 complex element', patient({ maritalStatus: [{ text: 'Married' }] }), 'structure', 'Patient.maritalStatus'],
    ['one object for a 0..* element', patient({ name: { family: 'Smith' } }), 'structure', 'Patient.name'],
    ['one string for a 0..* primitive', patient({ name: [{ given: 'Ann' }] }), 'structure', 'Patient.name[0].given'],
    ['Observation without status', { resourceType: 'Observation', code: { text: 'Pulse' } }, 'required', 'Observation.status'],
    ['Observation without code', { resourceType: 'Observation', status: 'final' }, 'required', 'Observation.code'],
    ['a required backbone element missing', { resourceType: 'Flag', status: 'active', code: { text: 'x' } }, 'required', 'Flag.subject'],
    ['two choice values', obs({ valueQuantity: { value: 72 }, valueString: '72' }), 'structure', 'Observation.valueString'],
    ['a choice value and the "_" of another', obs({ valueString: '72', _valueBoolean: { id: 'b' } }), 'structure', 'Observation.valueBoolean'],
    ['Patient.gender "femal"', patient({ gender: 'femal' }), 'code-invalid', 'Patient.gender'],
    ['Observation.status "done"', obs({ status: 'done' }), 'code-invalid', 'Observation.status'],
    ['a code of a datatype (Narrative.status)', patient({ text: { status: 'done', div: '<div xmlns="http://www.w3.org/1999/xhtml">x</div>' } }), 'code-invalid', 'Patient.text.status'],
    [
      'a CodeableConcept coding outside its required value set',
      { resourceType: 'Condition', subject: { reference: 'Patient/1' }, clinicalStatus: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/condition-clinical', code: 'cured' }] } },
      'code-invalid',
      'Condition.clinicalStatus.coding[0].code',
    ],
    ['NHS number 9434765918 (fails modulus 11)', patient({ identifier: [{ system: nhs, value: '9434765918' }] }), 'value', 'Patient.identifier[0].value'],
    ['an NHS number with spaces', patient({ identifier: [{ system: nhs, value: '943 476 5919' }] }), 'value', 'Patient.identifier[0].value'],
    ['an NHS number of nine digits', patient({ identifier: [{ use: 'official', system: nhs, value: '943476591' }] }), 'value', 'Patient.identifier[0].value'],
    ['an NHS number identifier with no value', patient({ identifier: [{ system: nhs }] }), 'required', 'Patient.identifier[0].value'],
    ['an invalid NHS number in a reference', obs({ subject: { identifier: { system: nhs, value: '9434765918' } } }), 'value', 'Observation.subject.identifier.value'],
    ['an extension without url', patient({ extension: [{ valueString: 'x' }] }), 'required', 'Patient.extension[0].url'],
    ['an extension with two values', patient({ extension: [{ url: 'http://example.org/x', valueString: 'x', valueCode: 'y' }] }), 'structure', 'Patient.extension[0].valueCode'],
    ['a modifierExtension without url', patient({ modifierExtension: [{ valueBoolean: true }] }), 'required', 'Patient.modifierExtension[0].url'],
    ['a nested extension without url', patient({ extension: [{ url: 'http://example.org/x', extension: [{ valueString: 'x' }] }] }), 'required', 'Patient.extension[0].extension[0].url'],
    ['an unknown key in a primitive\'s "_" object', patient({ birthDate: '1970-01-01', _birthDate: { foo: 1 } }), 'structure', 'Patient.birthDate.foo'],
    ['a null placeholder with no extension', patient({ name: [{ given: ['Ann', null] }] }), 'structure', 'Patient.name[0].given[1]'],
    ['"_" array not lined up with its values', patient({ name: [{ given: ['Ann', 'Bo'], _given: [null] }] }), 'structure', 'Patient.name[0].given'],
    ['an error in a contained resource', patient({ contained: [{ resourceType: 'Practitioner', id: 'p1', gender: 'femal' }] }), 'code-invalid', 'Patient.contained[0].gender'],
    ['a contained resource without resourceType', patient({ contained: [{ id: 'p1' }] }), 'structure', 'Patient.contained[0]'],
    [
      'an error in a Bundle entry',
      { resourceType: 'Bundle', type: 'transaction', entry: [{ resource: patient({}), request: { method: 'POST', url: 'Patient' } }, { resource: obs({ subject: { reference: 5 } }), request: { method: 'POST', url: 'Observation' } }] },
      'structure',
      'Bundle.entry[1].resource.subject.reference',
    ],
    [
      'a required element missing in the fourth Bundle entry',
      { resourceType: 'Bundle', type: 'collection', entry: [{ resource: patient({}) }, { resource: observation }, { resource: observation }, { resource: { resourceType: 'Observation', code: { text: 'x' } } }] },
      'required',
      'Bundle.entry[3].resource.status',
    ],
    [
      'an entry of an unknown type',
      { resourceType: 'Bundle', type: 'collection', entry: [{ resource: { resourceType: 'Patiant' } }] },
      'not-supported',
      'Bundle.entry[0].resource',
    ],
    [
      'an error in a Parameters resource',
      { resourceType: 'Parameters', parameter: [{ name: 'p', resource: patient({ gender: 'femal' }) }] },
      'code-invalid',
      'Parameters.parameter[0].resource.gender',
    ],
    ['an unknown resourceType', { resourceType: 'Patiant' }, 'not-supported', 'Resource'],
    ['a datatype as resourceType', { resourceType: 'HumanName', family: 'Smith' }, 'not-supported', 'Resource'],
    ['an abstract resourceType', { resourceType: 'DomainResource' }, 'not-supported', 'Resource'],
    ['no resourceType', { name: [{ family: 'Smith' }] }, 'structure', 'Resource'],
    ['a resourceType that is not a string', { resourceType: ['Patient'] }, 'structure', 'Resource'],
    ['null', null, 'structure', 'Resource'],
    ['an array', [patient({})], 'structure', 'Resource'],
    ['a number', 42, 'structure', 'Resource'],
    ['a string', '{"resourceType":"Patient"}', 'structure', 'Resource'],
    ['nothing', undefined, 'structure', 'Resource'],
    ['a __proto__ key', JSON.parse('{"resourceType":"Patient","__proto__":{"gender":"male"}}'), 'structure', 'Patient.__proto__'],
    ['a constructor key', patient({ constructor: 'x' }), 'structure', 'Patient.constructor'],
    ['a hasOwnProperty key in a datatype', patient({ name: [{ hasOwnProperty: 1 }] }), 'structure', 'Patient.name[0].hasOwnProperty'],
    ['a deep item without linkId', questionnaire([question('1', { item: [question('1.1'), question('1.2', { item: [{ type: 'display', text: 'x' }] })] })]), 'required', 'Questionnaire.item[0].item[1].item[0].linkId'],
    ['a deep item of an unknown type', questionnaire([question('1', { item: [question('1.1', { item: [question('1.1.1', { type: 'strin' })] })] })]), 'code-invalid', 'Questionnaire.item[0].item[0].item[0].type'],
    ['a deep item with an unknown element', questionnaire([question('1', { item: [question('1.1', { item: [question('1.1.1', { repeat: true })] })] })]), 'structure', 'Questionnaire.item[0].item[0].item[0].repeat'],
  ])('%s', (_name, resource, code, expression) => {
    const issues = validateResource(resource);
    expect(codes(issues)).toEqual([[code, expression]]);
    expect(issues[0]?.severity).toBe('error');
    expect(issues[0]?.diagnostics.length).toBeGreaterThan(20);
  });

  it('says what it saw and what it expected', () => {
    const [gender] = validateResource(patient({ gender: 'femal' }));
    expect(gender?.diagnostics).toBe('"femal" is not a code of the required value set http://hl7.org/fhir/ValueSet/administrative-gender (female, male, other, unknown)');
    const [date] = validateResource(patient({ birthDate: '2024-02-30' }));
    expect(date?.diagnostics).toBe('"2024-02-30" is not a real date: February 2024 has 29 days');
    const [unknown] = validateResource(patient({ birthdate: '1970-01-01' }));
    expect(unknown?.diagnostics).toBe('Unknown element "birthdate": Patient has no element of that name in FHIR R4; did you mean "birthDate"?');
    const [type] = validateResource(patient({ active: 'true' }));
    expect(type?.diagnostics).toBe('Expected true or false (a JSON boolean) for a boolean, got the string "true"');
    const [nhsNumber] = validateResource(patient({ identifier: [{ system: nhs, value: '9434765918' }] }));
    expect(nhsNumber?.diagnostics).toContain('"9434765918" is not a valid NHS number');
  });

  it('reports every issue of a resource, not just the first', () => {
    const issues = validateResource({ resourceType: 'Observation', status: 'done', valueQuantity: { value: '1' }, foo: true });
    expect(codes(issues)).toEqual([
      ['code-invalid', 'Observation.status'],
      ['structure', 'Observation.foo'],
      ['required', 'Observation.code'],
      ['structure', 'Observation.valueQuantity.value'],
    ]);
  });

  it('checks the resource against the type the request expects', () => {
    expect(codes(validateResource(observation, { expectedType: 'Patient' }))).toEqual([['invalid', 'Patient']]);
    expect(validateResource(observation, { expectedType: 'Observation' })).toEqual([]);
  });
});

describe('valid resources give no issue', () => {
  it.each<[string, unknown]>([
    ['a Patient with only a resourceType', { resourceType: 'Patient' }],
    ['29 February in a leap year', patient({ birthDate: '2024-02-29' })],
    ['a dateTime with seconds and zone', obs({ effectiveDateTime: '2024-02-10T10:00:00+01:00' })],
    ['a partial dateTime', obs({ effectiveDateTime: '2024-02' })],
    ['NHS number 9434765919', patient({ identifier: [{ system: nhs, value: '9434765919' }] })],
    ['a bad number in another system', patient({ identifier: [{ system: 'https://fhir.nhs.uk/Id/nhs-number-x', value: '9434765918' }] })],
    ['a no-break space in a string (XML Schema \\s is only space, tab, CR, LF)', patient({ name: [{ family: 'van\u00a0Dyke' }] })],
    ['a coding of another system in a required CodeableConcept', { resourceType: 'Condition', subject: { reference: 'Patient/1' }, clinicalStatus: { coding: [{ system: 'http://snomed.info/sct', code: '55561003' }] } }],
    ['a value with only an extension', patient({ _birthDate: { extension: [{ url: 'http://hl7.org/fhir/StructureDefinition/data-absent-reason', valueCode: 'unknown' }] } })],
    ['a required primitive given by its extension alone', { resourceType: 'Observation', _status: { extension: [{ url: 'http://example.org/x', valueString: 'x' }] }, code: { text: 'x' } }],
    ['null placeholders lining up values and extensions', patient({ name: [{ given: ['Ann', null], _given: [null, { extension: [{ url: 'http://example.org/x', valueString: 'Bo' }] }] }] })],
    ['base64 broken into lines', { resourceType: 'Binary', contentType: 'text/plain', data: 'SGVs\nbG8g\r\nd29y bGQ=' }],
    ['a transaction Bundle of several types', { resourceType: 'Bundle', type: 'transaction', entry: [{ fullUrl: 'urn:uuid:61ebe359-bfdc-4613-8bf2-c5e300945f0a', resource: patient({ gender: 'female' }), request: { method: 'POST', url: 'Patient' } }, { resource: { resourceType: 'Basic', code: { text: 'x' } }, request: { method: 'POST', url: 'Basic' } }] }],
    ['a Questionnaire with nested items', questionnaire([question('1', { item: [question('1.1', { item: [{ linkId: '1.1.1', type: 'string', text: 'Name' }] })] })])],
  ])('%s', (_name, resource) => {
    expect(validateResource(resource)).toEqual([]);
  });
});

describe('robustness', () => {
  const nested = (depth: number, leaf: Record<string, unknown>): Record<string, unknown> => {
    let item: Record<string, unknown> = leaf;
    for (let i = depth - 1; i >= 0; i--) item = question(`q${i}`, { item: [item] });
    return questionnaire([item]);
  };

  it('follows Questionnaire.item.item to any depth, on no call stack', () => {
    expect(validateResource(nested(20_000, { linkId: 'leaf', type: 'string' }))).toEqual([]);
    const [issue] = validateResource(nested(20_000, { linkId: 'leaf', type: 'strin' }));
    expect(issue?.code).toBe('code-invalid');
    expect(issue?.expression).toBe(`Questionnaire${'.item[0]'.repeat(20_001)}.type`);
  });

  it('tells a cycle from an object used twice, in resources built in code', () => {
    const cyclic: Record<string, unknown> = { url: 'http://example.org/x' };
    cyclic.extension = [cyclic];
    expect(codes(validateResource(patient({ extension: [cyclic] })))).toEqual([['structure', 'Patient.extension[0].extension[0]']]);
    const shared = { text: 'Married' };
    expect(validateResource(patient({ maritalStatus: shared, contact: [{ relationship: [shared] }] }))).toEqual([]);
  });

  it('never throws, whatever it is given', () => {
    const throwing = patient({});
    Object.defineProperty(throwing, 'gender', { enumerable: true, get: () => { throw new Error('no'); } });
    const cyclic: Record<string, unknown> = { url: 'http://example.org/x' };
    cyclic.extension = [cyclic];
    const junk: unknown[] = [
      throwing, patient({ extension: [cyclic] }), Symbol('x'), () => 1, 10n, new Date(), new Map(), Object.create(null),
      patient({ name: [[[[[]]]]], telecom: [{ system: { deep: [1, { a: null }] } }] }), patient({ birthDate: NaN, multipleBirthInteger: Infinity }),
      JSON.parse(`{"resourceType":"Bundle","entry":${'['.repeat(5000)}${']'.repeat(5000)}}`),
    ];
    for (const value of junk) {
      const issues = validateResource(value);
      expect(Array.isArray(issues)).toBe(true);
      expect(issues.length).toBeGreaterThan(0);
    }
  });

  it('survives random junk', () => {
    let seed = 20240229;
    const random = (): number => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
    const names = ['resourceType', 'Patient', 'name', 'given', '_given', 'extension', 'url', 'valueString', 'contained', 'entry', 'resource', 'item', '__proto__', 'id', 'Bundle', 'Questionnaire'];
    const pick = (): string => names[Math.floor(random() * names.length)] ?? 'id';
    const junk = (depth: number): unknown => {
      const r = random();
      if (depth > 6 || r < 0.3) return [null, true, 0, -1.5, '', 'x', pick()][Math.floor(random() * 7)];
      if (r < 0.5) return Array.from({ length: Math.floor(random() * 4) }, () => junk(depth + 1));
      return Object.fromEntries(Array.from({ length: Math.floor(random() * 5) }, () => [pick(), junk(depth + 1)]));
    };
    for (let i = 0; i < 2000; i++) {
      const value = random() < 0.5 ? { resourceType: random() < 0.5 ? 'Patient' : 'Bundle', ...(junk(0) as object) } : junk(0);
      expect(() => validateResource(value)).not.toThrow();
    }
  });

  it('checks long invalid base64 with line breaks quickly (the published regex backtracks exponentially)', () => {
    const start = performance.now();
    const issues = validateResource({ resourceType: 'Binary', contentType: 'text/plain', data: `${'QUFB\n'.repeat(10_000)}A` });
    expect(codes(issues)).toEqual([['value', 'Binary.data']]);
    expect(performance.now() - start).toBeLessThan(1000);
  });
});

describe('the R4 definitions', () => {
  const data = JSON.parse(readFileSync(new URL('./r4-structures.json', import.meta.url), 'utf8')) as { p: Record<string, { re?: string }> };

  it('knows every R4 resource type and nothing else', () => {
    const types = knownResourceTypes();
    expect(types.size).toBe(146);
    for (const t of ['Patient', 'Bundle', 'Parameters', 'Binary', 'QuestionnaireResponse']) expect(types.has(t)).toBe(true);
    for (const t of ['Resource', 'DomainResource', 'HumanName', 'string']) expect(types.has(t)).toBe(false);
  });

  it.each<[string, string, boolean]>([
    ['Patient', 'name', true],
    ['Patient', 'id', true],
    ['Patient', 'text', false],
    ['Patient', 'contact', false],
    ['Observation', 'valueQuantity', true],
    ['Observation', 'value[x]', true],
    ['Observation', 'note', false],
    ['Nothing', 'name', false],
  ])('%s.%s is a summary element: %s', (type, element, summary) => {
    expect(isSummaryElement(type, element)).toBe(summary);
  });

  it('stands in for the published base64Binary regex, and agrees with it', () => {
    expect(data.p.base64Binary?.re).toBe(publishedBase64Pattern);
    const published = fromXsdRegex(publishedBase64Pattern);
    for (const text of ['SGVsbG8=', 'SGVs bG8=', ' SGVsbG8= ', 'SGVs\r\nbG8=', 'SGV sbG8=', 'SGVsbG8', '', 'SGVsbG8=!', 'SG\nVs']) {
      const issues = validateResource({ resourceType: 'Binary', contentType: 'text/plain', ...(text === '' ? {} : { data: text }) });
      if (text !== '') expect(issues.length === 0, JSON.stringify(text)).toBe(published.test(text));
    }
  });

  it('reads the published regexes as XML Schema regexes: anchored, with \\s as space, tab, CR and LF', () => {
    const code = fromXsdRegex(data.p.code?.re ?? '');
    expect(code.test('entered-in-error')).toBe(true);
    expect(code.test('two words')).toBe(true);
    expect(code.test('two  spaces')).toBe(false);
    expect(code.test('no\u00a0break')).toBe(true);
    expect(code.test('x final')).toBe(true);
    expect(fromXsdRegex(data.p.id?.re ?? '').test(`a${'b'.repeat(64)}`)).toBe(false);
  });
});
