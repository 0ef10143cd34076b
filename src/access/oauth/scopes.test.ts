// SMART scopes against the examples of SMART App Launch v2 "Scopes and Launch Context": v2 and v1
// forms, restrictions, what they grant, what a client may narrow to, and properties: formatting then
// parsing gives the scope back, and parsing any text either works or throws ScopeError naming it.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  ScopeError, describeScope, fhirInteractions, formatScope, interactionPermission, parseScope, parseScopes, permissionLetters, scopeContexts, scopeGrant,
  scopeWithin, scopesAllow, type ResourceScope, type Scope,
} from './scopes.js';

const resource = (context: ResourceScope['context'], resourceType: string, permissions: string, restrictions: ResourceScope['restrictions'] = []): ResourceScope => ({
  kind: 'resource', context, resourceType, permissions: permissionLetters.filter((p) => permissions.includes(p)), restrictions,
});

describe('parsing SMART scopes', () => {
  it.each([
    ['patient/Observation.rs', resource('patient', 'Observation', 'rs')],
    ['patient/*.rs', resource('patient', '*', 'rs')],
    ['user/*.cruds', resource('user', '*', 'cruds')],
    ['system/Patient.cruds', resource('system', 'Patient', 'cruds')],
    ['patient/Observation.c', resource('patient', 'Observation', 'c')],
    ['user/Appointment.cu', resource('user', 'Appointment', 'cu')],
    ['patient/Observation.rs?category=http://terminology.hl7.org/CodeSystem/observation-category|laboratory',
      resource('patient', 'Observation', 'rs', [{ name: 'category', value: 'http://terminology.hl7.org/CodeSystem/observation-category|laboratory' }])],
    ['patient/Condition.rs?category=http://terminology.hl7.org/CodeSystem/condition-category|health-concern',
      resource('patient', 'Condition', 'rs', [{ name: 'category', value: 'http://terminology.hl7.org/CodeSystem/condition-category|health-concern' }])],
    // SMART v1 forms and their v2 equivalents.
    ['patient/*.read', resource('patient', '*', 'rs')],
    ['user/Observation.write', resource('user', 'Observation', 'cud')],
    ['user/*.*', resource('user', '*', 'cruds')],
  ])('%s', (text, expected) => {
    expect(parseScope(text)).toEqual(expected);
  });

  it('accepts the scopes that ask for something other than resources', () => {
    expect(parseScopes('openid fhirUser launch launch/patient offline_access online_access').map((s) => s.kind)).toEqual(Array(6).fill('other'));
  });

  it('writes v1 scopes in their v2 form, and a list without repeats', () => {
    expect(formatScope(parseScope('patient/*.read'))).toBe('patient/*.rs');
    expect(formatScope(parseScope('user/*.write'))).toBe('user/*.cud');
    expect(parseScopes(' user/Patient.rs  user/Patient.read openid ').map(formatScope)).toEqual(['user/Patient.rs', 'openid']);
  });

  it.each([
    ['patient/Observation.sr', /c, r, u, d, s in that order/],
    ['patient/Observation.rr', /in that order/],
    ['patient/Observation.', /one or more of c, r, u, d, s/],
    ['patient/Observation.x', /one or more of c, r, u, d, s/],
    ['practitioner/Observation.rs', /context "practitioner" is not patient, user or system/],
    ['Observation.rs', /expected <patient\|user\|system>/],
    ['patient/observation.rs', /"observation" is not a FHIR resource type/],
    ['patient/Observation', /followed by a dot/],
    ['patient/Observation.rs?', /nothing follows the \?/],
    ['patient/Observation.rs?category', /"category" has no value/],
    ['patient/Observation.read?category=x', /v2 permissions only/],
    ['patient/Observation.rs?=x', /must be a search parameter name/],
  ])('refuses %s, naming it', (text, why) => {
    let error: unknown;
    try {
      parseScope(text);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ScopeError);
    expect((error as ScopeError).scope).toBe(text);
    expect((error as ScopeError).message).toMatch(why);
    expect((error as ScopeError).message).toContain(`"${text}"`);
  });

  it('names the bad scope in a list', () => {
    expect(() => parseScopes('user/Patient.rs user/Patient.sr')).toThrow(/"user\/Patient.sr"/);
  });
});

describe('what scopes grant', () => {
  it.each([
    [['patient/Observation.rs'], { resourceType: 'Observation', interaction: 'r' }, true],
    [['patient/Observation.rs'], { resourceType: 'Observation', interaction: 's' }, true],
    [['patient/Observation.rs'], { resourceType: 'Observation', interaction: 'c' }, false],
    [['patient/Observation.rs'], { resourceType: 'Condition', interaction: 'r' }, false],
    [['patient/Observation.rs'], { context: 'user', resourceType: 'Observation', interaction: 'r' }, false],
    [['user/*.cruds'], { context: 'user', resourceType: 'Encounter', interaction: 'd' }, true],
    [['patient/*.read'], { resourceType: 'MedicationRequest', interaction: 's' }, true],
    [['patient/*.read'], { resourceType: 'MedicationRequest', interaction: 'u' }, false],
    [['user/*.write'], { resourceType: 'Patient', interaction: 'u' }, true],
    [['system/*.rs', 'system/Patient.cud'], { resourceType: 'Patient', interaction: 'c' }, true],
    [['openid', 'fhirUser'], { resourceType: 'Patient', interaction: 'r' }, false],
    [['not a scope'], { resourceType: 'Patient', interaction: 'r' }, false],
  ] as const)('%j for %j: %s', (scopes, query, allowed) => {
    expect(scopesAllow(scopes, query)).toBe(allowed);
  });

  it('grants a restricted scope only for what meets its restrictions', () => {
    const lab = 'patient/Observation.rs?category=http://terminology.hl7.org/CodeSystem/observation-category|laboratory';
    expect(scopesAllow([lab], { resourceType: 'Observation', interaction: 's' })).toBe(false);
    expect(scopeGrant([lab], { resourceType: 'Observation', interaction: 's' })).toEqual({
      anyOf: [[{ name: 'category', value: 'http://terminology.hl7.org/CodeSystem/observation-category|laboratory' }]],
    });
    expect(scopeGrant([lab, 'patient/Observation.r'], { resourceType: 'Observation', interaction: 'r' })).toBe('all');
    expect(scopeGrant([lab], { resourceType: 'Observation', interaction: 'c' })).toBe('none');
  });

  it('maps each FHIR interaction to the permission it needs', () => {
    expect(Object.fromEntries(fhirInteractions.map((i) => [i, interactionPermission(i)]))).toEqual({
      read: 'r', vread: 'r', search: 's', history: 's', create: 'c', update: 'u', patch: 'u', delete: 'd', everything: 's', capabilities: null,
    });
  });

  it('says what a scope lets an app do in plain words', () => {
    expect(describeScope(parseScope('user/*.rs'))).toBe('Read and search every kind of record you can see');
    expect(describeScope(parseScope('user/Patient.cruds'))).toBe('Create, read, update, delete and search Patient records you can see');
    expect(describeScope(parseScope('patient/Observation.rs?category=laboratory'))).toBe('Read and search Observation records of the person open (only where category is laboratory)');
  });
});

describe('narrowing to a client\'s scopes', () => {
  const allowed = parseScopes('system/*.rs system/Patient.cruds system/Observation.rs?category=laboratory');
  it.each([
    ['system/Patient.rs', true],
    ['system/Encounter.r', true],
    ['system/Patient.cruds', true],
    ['system/Encounter.c', false],
    ['user/Patient.rs', false],
    ['system/*.cruds', false],
    ['system/Observation.rs?category=laboratory', true],
    ['system/Observation.rs?category=laboratory&code=1234-5', true],
  ])('%s within system/*.rs system/Patient.cruds: %s', (asked, within) => {
    expect(scopeWithin(parseScope(asked), allowed)).toBe(within);
  });

  it('keeps a client\'s restriction: dropping it asks for more', () => {
    const onlyLab = parseScopes('system/Observation.rs?category=laboratory');
    expect(scopeWithin(parseScope('system/Observation.rs'), onlyLab)).toBe(false);
  });
});

describe('properties', () => {
  const restriction = fc.record({
    name: fc.stringMatching(/^[A-Za-z_][A-Za-z0-9_.-]{0,10}(:[a-z-]{1,8})?$/),
    value: fc.string({ unit: 'grapheme', minLength: 1, maxLength: 20 }),
  });
  const scope: fc.Arbitrary<Scope> = fc.oneof(
    fc.record({
      kind: fc.constant('resource' as const),
      context: fc.constantFrom(...scopeContexts),
      resourceType: fc.oneof(fc.constant('*'), fc.stringMatching(/^[A-Z][A-Za-z]{0,20}$/)),
      permissions: fc.subarray([...permissionLetters], { minLength: 1 }),
      restrictions: fc.array(restriction, { maxLength: 3 }),
    }),
    fc.record({ kind: fc.constant('other' as const), scope: fc.constantFrom('openid', 'fhirUser', 'launch', 'launch/patient', 'offline_access', 'online_access') }),
  );

  it('parsing a formatted scope gives it back', () => {
    fc.assert(fc.property(scope, (s) => {
      expect(parseScope(formatScope(s))).toEqual(s);
    }));
  });

  it('parsing any text either works, giving a scope that formats and parses to itself, or throws ScopeError naming it', () => {
    const text = fc.oneof(
      fc.string({ unit: 'binary', maxLength: 40 }),
      fc.tuple(fc.constantFrom('patient/', 'user/', 'system/', 'x/', ''), fc.constantFrom('Observation', '*', 'obs', ''), fc.constantFrom('.', ''), fc.string({ maxLength: 8 }), fc.constantFrom('', '?', '?a=', '?a=b', '?%zz=1', '?a=%E0%A4%A'))
        .map((parts) => parts.join('')),
      // Names every object has: never taken for permissions.
      fc.constantFrom('patient/Observation.valueOf', 'user/*.constructor', 'system/Patient.toString', 'user/Patient.__proto__', 'patient/*.hasOwnProperty'),
    );
    fc.assert(fc.property(text, (t) => {
      try {
        const parsed = parseScope(t);
        expect(parseScope(formatScope(parsed))).toEqual(parsed);
      } catch (error) {
        expect(error).toBeInstanceOf(ScopeError);
        expect((error as ScopeError).scope).toBe(t);
      }
    }), { numRuns: 2000 });
  });
});
