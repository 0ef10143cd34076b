// Parsing searches: what each form of value becomes, the result parameters, and the problems the
// server reports (strict handling makes errors of what lenient handling ignores with a warning).
import { describe, expect, it } from 'vitest';
import type { ParsedSearch, SearchOptions, SearchProblem } from './parsed-search.js';
import { parseSearch } from './query.js';

const now = new Date('2024-06-15T00:00:00Z');
const query = (text: string): [string, string][] => [...new URLSearchParams(text)];
const parse = (type: string, text: string, options: Partial<SearchOptions> = {}): ReturnType<typeof parseSearch> =>
  parseSearch(type, query(text), { strict: true, now, base: 'https://joinedup.example/fhir/r4/', ...options });
function parsed(type: string, text: string, options: Partial<SearchOptions> = {}): ParsedSearch {
  const result = parse(type, text, options);
  if (!result.ok) throw new Error(result.problems.map((p) => p.diagnostics).join('; '));
  return result;
}
const first = (type: string, text: string): unknown => parsed(type, text).conditions[0];

describe('values as parsed', () => {
  const cases: readonly [string, string, string, unknown][] = [
    ['a token code', 'Patient', 'gender=male', { kind: 'token', resourceType: 'Patient', param: 'gender', not: false, values: [{ code: 'male' }] }],
    ['system|code', 'Patient', 'identifier=https://fhir.nhs.uk/Id/nhs-number|9990000018', { values: [{ system: 'https://fhir.nhs.uk/Id/nhs-number', code: '9990000018' }] }],
    ['|code (no system)', 'Patient', 'identifier=|X1', { values: [{ system: null, code: 'X1' }] }],
    ['system| (any code)', 'Patient', 'identifier=urn:x|', { values: [{ system: 'urn:x' }] }],
    ['escaped comma and pipe', 'Patient', 'identifier=urn:x|a\\,b\\|c', { values: [{ system: 'urn:x', code: 'a,b|c' }] }],
    ['an OR list', 'Patient', 'gender=male,female,', { values: [{ code: 'male' }, { code: 'female' }] }],
    [':not', 'Patient', 'gender:not=male', { not: true }],
    ['a string, kept as written', 'Patient', 'family=Brontë', { kind: 'string', match: 'start', values: ['Brontë'] }],
    [':exact and :contains', 'Patient', 'family:contains=ron', { match: 'contains' }],
    ['a year', 'Patient', 'birthdate=1974', { kind: 'date', values: [{ prefix: 'eq', low: '1974-01-01T00:00:00Z', high: '1975-01-01T00:00:00Z' }] }],
    ['a month', 'Patient', 'birthdate=lt2024-02', { values: [{ prefix: 'lt', low: '2024-02-01T00:00:00Z', high: '2024-03-01T00:00:00Z' }] }],
    ['a day', 'Patient', 'birthdate=ge2024-02-29', { values: [{ prefix: 'ge', low: '2024-02-29T00:00:00Z', high: '2024-03-01T00:00:00Z' }] }],
    ['a minute without zone (UTC)', 'Patient', 'birthdate=2024-02-29T23:59', { values: [{ prefix: 'eq', low: '2024-02-29T23:59:00Z', high: '2024-03-01T00:00:00Z' }] }],
    ['a second with a zone', 'Patient', 'birthdate=sa2024-01-01T01:00:00%2B02:00', { values: [{ prefix: 'sa', low: '2023-12-31T23:00:00Z', high: '2023-12-31T23:00:01Z' }] }],
    ['a zone whose + arrived as a space', 'Patient', 'birthdate=2024-01-01T01:00:00+02:00', { values: [{ prefix: 'eq', low: '2023-12-31T23:00:00Z', high: '2023-12-31T23:00:01Z' }] }],
    ['a fraction of a second', 'Patient', 'birthdate=eb2024-01-01T00:00:00.25Z', { values: [{ prefix: 'eb', low: '2024-01-01T00:00:00.250000Z', high: '2024-01-01T00:00:00.260000Z' }] }],
    ['ap: a tenth of the gap to now either side', 'Patient', 'birthdate=ap2014-06-15', { values: [{ prefix: 'ap', low: '2013-06-14T16:48:00Z', high: '2015-06-16T07:12:00Z' }] }],
    ['a number: 100 is [99.5, 100.5)', 'Observation', 'value-quantity=100', { kind: 'number', values: [{ prefix: 'eq', value: '100', low: '995e-1', high: '1005e-1' }] }],
    ['100.00 is [99.995, 100.005)', 'Observation', 'value-quantity=100.00', { values: [{ prefix: 'eq', value: '10000e-2', low: '99995e-3', high: '100005e-3' }] }],
    ['1e2 has one significant figure: [50, 150)', 'Observation', 'value-quantity=1e2', { values: [{ prefix: 'eq', value: '1e2', low: '5e1', high: '15e1' }] }],
    ['a negative number', 'Observation', 'value-quantity=gt-0.5', { values: [{ prefix: 'gt', value: '-5e-1', low: '-55e-2', high: '-45e-2' }] }],
    ['ap on a number: a tenth either side', 'Observation', 'value-quantity=ap80', { values: [{ prefix: 'ap', value: '80', low: '720e-1', high: '880e-1' }] }],
    ['value|system|code', 'Observation', 'value-quantity=le5.4|http://unitsofmeasure.org|mg', { values: [{ prefix: 'le', value: '54e-1', low: '535e-2', high: '545e-2', system: 'http://unitsofmeasure.org', code: 'mg' }] }],
    ['value||code', 'Observation', 'value-quantity=5.4||mg', { values: [{ prefix: 'eq', value: '54e-1', low: '535e-2', high: '545e-2', code: 'mg' }] }],
    ['Type/id', 'Observation', 'subject=Patient/p1', { kind: 'reference', values: [{ kind: 'local', type: 'Patient', id: 'p1' }] }],
    ['an id, of any type when the parameter has several', 'Observation', 'subject=p1', { values: [{ kind: 'local', id: 'p1' }] }],
    ['an id of the one target type', 'Encounter', 'practitioner=dr1', { values: [{ kind: 'local', type: 'Practitioner', id: 'dr1' }] }],
    [':Type and an id', 'Observation', 'subject:Patient=p1', { values: [{ kind: 'local', type: 'Patient', id: 'p1' }] }],
    ['a versioned reference', 'Observation', 'subject=Patient/p1/_history/3', { values: [{ kind: 'local', type: 'Patient', id: 'p1' }] }],
    ['an absolute URL elsewhere', 'Observation', 'subject=https://other.example/fhir/Patient/p1', { values: [{ kind: 'url', url: 'https://other.example/fhir/Patient/p1' }] }],
    ['a URL under our base is local', 'Observation', 'subject=https://joinedup.example/fhir/r4/Patient/p1', { values: [{ kind: 'local', type: 'Patient', id: 'p1' }] }],
    ['a uri', 'Patient', '_profile:below=http://example.org/', { kind: 'uri', match: 'below', values: ['http://example.org/'] }],
    [':missing', 'Patient', 'birthdate:missing=true', { kind: 'missing', type: 'date', missing: true, param: 'birthdate' }],
    ['_id', 'Patient', '_id=a,b', { kind: 'id', not: false, values: ['a', 'b'] }],
    ['_lastUpdated', 'Patient', '_lastUpdated=gt2024', { kind: 'lastUpdated', values: [{ prefix: 'gt', low: '2024-01-01T00:00:00Z', high: '2025-01-01T00:00:00Z' }] }],
    ['a chain', 'Observation', 'subject.name=peter', { kind: 'chain', param: 'subject', targets: [{ resourceType: 'Patient', condition: { kind: 'string', resourceType: 'Patient', param: 'name', match: 'start', values: ['peter'] } }] }],
    ['a chain through several target types that all have the parameter', 'Encounter', 'participant.identifier=X', {
      kind: 'chain', targets: ['Practitioner', 'PractitionerRole'].map((t) => ({ resourceType: t, condition: { kind: 'token', resourceType: t, param: 'identifier', not: false, values: [{ code: 'X' }] } })),
    }],
  ];
  it.each(cases.map(([name, type, text, want]) => ({ name, type, text, want })))('$name: $type?$text', ({ type, text, want }) => {
    expect(first(type, text)).toMatchObject(want as object);
  });

  it('treats a repeated parameter as AND, and ignores one with no value', () => {
    const search = parsed('Patient', 'family=a,b&family=c&given=');
    expect(search.conditions).toHaveLength(2);
    expect(search.conditions.map((c) => ('values' in c ? c.values : []))).toEqual([['a', 'b'], ['c']]);
  });
});

describe('result parameters', () => {
  it('has defaults, from the options', () => {
    expect(parsed('Patient', '')).toMatchObject({ count: 20, sort: [], include: [], revinclude: [], summary: undefined, elements: undefined, total: undefined, cursor: undefined, warnings: [] });
    expect(parsed('Patient', '', { defaultCount: 50 }).count).toBe(50);
  });

  it('reads _count, _sort, _summary, _elements, _total and passes _cursor through', () => {
    const search = parsed('Observation', '_count=0&_sort=-date,status,_id&_summary=count&_elements=id,status&_total=accurate&_cursor=opaque%3D1&_format=json');
    expect(search).toMatchObject({
      count: 0, summary: 'count', elements: ['id', 'status'], total: 'accurate', cursor: 'opaque=1', warnings: [],
      sort: [{ param: 'date', type: 'date', descending: true }, { param: 'status', type: 'token', descending: false }, { param: '_id', type: 'token', descending: false }],
    });
  });

  it('reduces a _count above the maximum, with a warning', () => {
    const search = parsed('Patient', '_count=5000', { maxCount: 100 });
    expect(search.count).toBe(100);
    expect(search.warnings).toEqual([expect.objectContaining({ severity: 'warning', expression: '_count' })]);
  });

  it('reads _include and _revinclude, with :iterate', () => {
    const search = parsed('Observation', '_include=Observation:subject&_include=Observation:subject:Patient&_include:iterate=Patient:general-practitioner&_include=*&_revinclude=Provenance:target');
    expect(search.include).toEqual([
      { sourceType: 'Observation', param: 'subject', iterate: false }, { sourceType: 'Observation', param: 'subject', targetType: 'Patient', iterate: false },
      { sourceType: 'Patient', param: 'general-practitioner', iterate: true }, { sourceType: 'Observation', param: '*', iterate: false },
    ]);
    expect(search.revinclude).toEqual([{ sourceType: 'Provenance', param: 'target', iterate: false }]);
  });
});

type Expected = Pick<SearchProblem, 'severity' | 'code' | 'expression'> & { says: string };
const problemCases: readonly [string, string, string, boolean, Expected][] = [
  ['an unknown parameter, strict', 'Patient', 'shoe-size=9', true, { severity: 'error', code: 'not-found', expression: 'shoe-size', says: 'Patient has no search parameter shoe-size' }],
  ['an unknown parameter, lenient', 'Patient', 'shoe-size=9', false, { severity: 'warning', code: 'not-found', expression: 'shoe-size', says: 'ignored' }],
  ['an unknown modifier, strict', 'Patient', 'family:fuzzy=x', true, { severity: 'error', code: 'not-supported', expression: 'family:fuzzy', says: ':fuzzy' }],
  ['an unknown modifier, lenient', 'Patient', 'family:fuzzy=x', false, { severity: 'warning', code: 'not-supported', expression: 'family:fuzzy', says: 'ignored' }],
  ['token :text', 'Observation', 'code:text=pulse', true, { severity: 'error', code: 'not-supported', expression: 'code:text', says: ':text is not supported' }],
  ['token :in', 'Observation', 'code:in=http://x/vs', false, { severity: 'warning', code: 'not-supported', expression: 'code:in', says: ':in' }],
  ['reference :identifier', 'Observation', 'subject:identifier=urn:x|1', true, { severity: 'error', code: 'not-supported', expression: 'subject:identifier', says: ':identifier' }],
  ['a composite parameter', 'Observation', 'code-value-quantity=x$5', true, { severity: 'error', code: 'not-supported', expression: 'code-value-quantity', says: 'composite' }],
  ['_text', 'Patient', '_text=x', true, { severity: 'error', code: 'not-supported', expression: '_text', says: 'full-text' }],
  ['_has', 'Patient', '_has:Observation:patient:code=x', false, { severity: 'warning', code: 'not-supported', expression: '_has:Observation:patient:code', says: 'reverse chaining' }],
  ['_filter', 'Patient', '_filter=name eq x', true, { severity: 'error', code: 'not-supported', expression: '_filter', says: 'filter' }],
  ['a month that does not exist', 'Patient', 'birthdate=1974-13', false, { severity: 'error', code: 'value', expression: 'birthdate', says: "birthdate: '1974-13' is not a date" }],
  ['a day that does not exist', 'Patient', 'birthdate=2023-02-29', false, { severity: 'error', code: 'value', expression: 'birthdate', says: "'2023-02-29'" }],
  ['a prefix without a date', 'Patient', 'birthdate=gt', false, { severity: 'error', code: 'value', expression: 'birthdate', says: "'gt' is not a date" }],
  ['a date modifier', 'Patient', 'birthdate:exact=2024', true, { severity: 'error', code: 'not-supported', expression: 'birthdate:exact', says: ':exact' }],
  ['ap without the time now', 'Patient', 'birthdate=ap2024', false, { severity: 'error', code: 'value', expression: 'birthdate', says: 'ap' }],
  ['not a number', 'Observation', 'value-quantity=abc', false, { severity: 'error', code: 'value', expression: 'value-quantity', says: "'abc' is not a number" }],
  ['a quantity with a system and no code', 'Observation', 'value-quantity=5|http://unitsofmeasure.org', false, { severity: 'error', code: 'value', expression: 'value-quantity', says: 'not a quantity' }],
  ['a reference to a type it cannot refer to', 'Observation', 'patient=Encounter/e1', false, { severity: 'error', code: 'value', expression: 'patient', says: 'does not refer to Encounter' }],
  ['a reference that is not one', 'Observation', 'subject=Patient/', false, { severity: 'error', code: 'value', expression: 'subject', says: 'is not a reference' }],
  [':Type it cannot refer to', 'Observation', 'patient:Practitioner=x', false, { severity: 'error', code: 'value', expression: 'patient:Practitioner', says: 'does not refer to Practitioner' }],
  [':missing neither true nor false', 'Patient', 'gender:missing=maybe', false, { severity: 'error', code: 'value', expression: 'gender:missing', says: 'neither true nor false' }],
  ['a chain through several types, not all with the parameter', 'Patient', 'general-practitioner.name=smith', false, { severity: 'error', code: 'invalid', expression: 'general-practitioner.name', says: 'general-practitioner:Organization.name' }],
  ['a chain through a parameter that is not a reference', 'Patient', 'family.name=x', false, { severity: 'error', code: 'invalid', expression: 'family.name', says: 'not a reference' }],
  ['a chain to types not held here', 'Observation', 'device.name=x', false, { severity: 'error', code: 'not-supported', expression: 'device.name', says: 'cannot be searched here' }],
  ['a chain too long', 'Observation', 'subject:Patient.organization.partof.partof.name=x', false, { severity: 'error', code: 'not-supported', expression: 'subject:Patient.organization.partof.partof.name', says: 'at most 3' }],
  ['a chain to an unknown parameter, lenient', 'Observation', 'subject:Patient.shoe=9', false, { severity: 'warning', code: 'not-found', expression: 'subject:Patient.shoe', says: 'Patient has no search parameter shoe' }],
  ['a bad _count', 'Patient', '_count=ten', false, { severity: 'error', code: 'value', expression: '_count', says: "'ten'" }],
  ['a bad _summary', 'Patient', '_summary=maybe', false, { severity: 'error', code: 'value', expression: '_summary', says: 'true, text, data, count, false' }],
  ['a bad _total', 'Patient', '_total=all', false, { severity: 'error', code: 'value', expression: '_total', says: 'none, estimate, accurate' }],
  ['a bad _elements', 'Patient', '_elements=name,na-me', false, { severity: 'error', code: 'value', expression: '_elements', says: "'na-me'" }],
  ['sorting by an unknown parameter', 'Patient', '_sort=shoe', true, { severity: 'error', code: 'not-found', expression: '_sort', says: 'shoe' }],
  ['sorting by a reference', 'Patient', '_sort=organization', false, { severity: 'warning', code: 'not-supported', expression: '_sort', says: 'reference parameter organization' }],
  ['_include of another type', 'Observation', '_include=Patient:organization', true, { severity: 'error', code: 'invalid', expression: '_include', says: ':iterate' }],
  ['_include of a parameter that is not a reference', 'Observation', '_include=Observation:code', true, { severity: 'error', code: 'not-found', expression: '_include', says: 'no reference parameter code' }],
  ['_include with a target it cannot refer to', 'Observation', '_include=Observation:patient:Practitioner', true, { severity: 'error', code: 'invalid', expression: '_include', says: 'does not refer to Practitioner' }],
  ['_include that is not Type:param', 'Observation', '_include=subject', true, { severity: 'error', code: 'invalid', expression: '_include', says: 'Type:parameter' }],
  ['_revinclude of a parameter not referring to the type', 'Patient', '_revinclude=Observation:encounter', true, { severity: 'error', code: 'invalid', expression: '_revinclude', says: 'does not refer to Patient' }],
  ['_include:recurse, the R3 name', 'Observation', '_include:recurse=Observation:has-member', true, { severity: 'warning', code: 'invalid', expression: '_include:recurse', says: ':iterate' }],
  ['a modifier on _count', 'Patient', '_count:x=1', false, { severity: 'error', code: 'invalid', expression: '_count:x', says: 'no modifier' }],
  ['a type not served', 'Device', 'name=x', false, { severity: 'error', code: 'not-supported', expression: 'Device', says: 'Device cannot be searched here' }],
];

describe('problems', () => {
  it.each(problemCases.map(([name, type, text, strict, want]) => ({ name, type, text, strict, want })))('$name: $type?$text', ({ type, text, strict, want }) => {
    const result = parse(type, text, { strict, now: text.includes('ap2024') ? undefined : now });
    const problems = result.ok ? result.warnings : result.problems;
    expect(result.ok).toBe(want.severity === 'warning');
    expect(problems).toEqual([expect.objectContaining({ severity: want.severity, code: want.code, expression: want.expression, diagnostics: expect.stringContaining(want.says) as unknown })]);
  });

  it('reports every problem of a search at once', () => {
    const result = parse('Patient', 'birthdate=nope&shoe=1&gender:missing=x', { strict: true });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.problems.map((p) => p.expression)).toEqual(['birthdate', 'shoe', 'gender:missing']);
  });

  it('keeps the valid conditions of a lenient search that has warnings', () => {
    const search = parsed('Patient', 'shoe=1&family=chal', { strict: false });
    expect(search.conditions).toHaveLength(1);
    expect(search.warnings).toHaveLength(1);
  });
});
