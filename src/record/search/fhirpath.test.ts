// The FHIRPath subset: each supported form on a small resource, and each unsupported one refused
// by name when the expression is compiled (so the generator of the definitions reports it).
import { describe, expect, it } from 'vitest';
import { type ElementModel, FhirPathError, compileFhirPath, parseFhirPath, referenceType } from './fhirpath.js';
import { elementModel } from './parameters.js';

const patient = {
  resourceType: 'Patient', id: 'p1', name: [{ family: 'Chalmers', given: ['Peter', 'James'] }, { family: 'Windsor' }],
  telecom: [{ system: 'phone', value: '1' }, { system: 'email', value: 'p@example.org' }], deceasedDateTime: '2020', gender: 'male',
  generalPractitioner: [{ reference: 'Practitioner/dr1' }, { reference: 'https://x.example/fhir/Organization/o1' }, { reference: '#c1' }],
};
/** A model with the few elements these cases walk, and one element whose type is unknown. */
const model: ElementModel = {
  elementTypes: (key) => elementModel.elementTypes(key) ?? ({ 'Patient.generalPractitioner': ['Reference'] } as Record<string, string[]>)[key],
  codeSystem: (path) => elementModel.codeSystem(path),
};
const select = (expression: string): unknown[] => compileFhirPath(expression, 'Patient', model).select(patient).map((i) => i.value);

describe('supported forms', () => {
  const cases: readonly [string, unknown[]][] = [
    ['Patient.name.family', ['Chalmers', 'Windsor']],
    ['Patient.name.given', ['Peter', 'James']],
    ['Patient.name.family | Patient.name.given', ['Chalmers', 'Windsor', 'Peter', 'James']],
    ["Patient.telecom.where(system='email')", [{ system: 'email', value: 'p@example.org' }]],
    ['Patient.deceased', ['2020']],
    ['Patient.deceased.as(dateTime)', ['2020']],
    ['(Patient.deceased as dateTime)', ['2020']],
    ['Patient.deceased.ofType(boolean)', []],
    ['Patient.deceased.exists() and Patient.deceased != false', [true]],
    ['Patient.generalPractitioner.where(resolve() is Practitioner)', [{ reference: 'Practitioner/dr1' }]],
    ['Patient.generalPractitioner.where(resolve() is Organization)', [{ reference: 'https://x.example/fhir/Organization/o1' }]],
    ['Resource.id', ['p1']],
    ['Patient.birthDate', []],
  ];
  it.each(cases)('%s', (expression, want) => {
    expect(select(expression)).toEqual(want);
  });

  it('gives a code the system of its required binding, and says which types an expression selects', () => {
    const gender = compileFhirPath('Patient.gender', 'Patient', model);
    expect(gender.select(patient)).toEqual([{ value: 'male', type: 'code', system: 'http://hl7.org/fhir/administrative-gender' }]);
    expect(compileFhirPath('Patient.deceased', 'Patient', model).types).toEqual(['boolean', 'dateTime']);
  });

  it('reads the type a reference names', () => {
    expect(['Patient/1', 'Patient/1/_history/2', 'https://x/fhir/Patient/1', '#c1', 'urn:uuid:1'].map(referenceType)).toEqual(['Patient', 'Patient', 'Patient', undefined, undefined]);
  });
});

describe('unsupported forms are refused, naming what', () => {
  const cases: readonly [string, string][] = [
    ["Patient.extension('http://x')", 'unsupported function extension()'],
    ['Patient.name.first()', 'unsupported function first()'],
    ['Patient.name[0]', 'unsupported syntax'],
    ['Patient.name.count() > 1', 'unsupported syntax'],
    ['Patient.shoeSize', 'no element Patient.shoeSize'],
    ['Observation.code', 'starts with Observation, not Patient'],
    ['Patient.deceased.as(Period)', 'Period is never selected'],
    ['Patient.name.resolve()', 'resolve() on something other than a Reference'],
  ];
  it.each(cases)('%s', (expression, message) => {
    expect(() => compileFhirPath(expression, 'Patient', model)).toThrow(FhirPathError);
    expect(() => compileFhirPath(expression, 'Patient', model)).toThrow(message);
  });

  it('parses without the model, so the generator can tell syntax from elements', () => {
    expect(parseFhirPath('(A.b as T).c | A.d.where(resolve() is X)')).toMatchObject({ k: 'union' });
  });
});
