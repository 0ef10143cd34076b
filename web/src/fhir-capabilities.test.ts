import { describe, expect, it } from 'vitest';
import { describeInteractions, fhirRelease, type Interaction, toCapabilities } from './fhir-capabilities.js';
import { toRecentChanges } from './fhir-history.js';

describe('describeInteractions', () => {
  it.each<[Interaction[], string]>([
    [['read', 'vread', 'create', 'update', 'delete', 'history', 'search'], 'read, write and search'],
    [['read', 'vread', 'history', 'search'], 'read and search only'],
    [['read', 'vread', 'history'], 'read only'],
    [['read', 'search'], 'read and search'],
    [['search', 'read', 'update'], 'read, update and search'],
    [[], 'none'],
  ])('describes %j as "%s"', (interactions, words) => {
    expect(describeInteractions(new Set(interactions))).toBe(words);
  });
});

describe('toCapabilities', () => {
  it('reads each type’s interactions, counting history-instance and history-type as one', () => {
    const capabilities = toCapabilities({
      resourceType: 'CapabilityStatement',
      fhirVersion: '4.0.1',
      software: { name: 'Joined Up', version: '1.2.3' },
      format: ['application/fhir+json', 'json'],
      rest: [
        {
          mode: 'server',
          resource: [
            {
              type: 'AuditEvent',
              interaction: ['read', 'vread', 'history-instance', 'history-type', 'search-type'].map((code) => ({ code })),
              searchParam: [{ name: 'date', type: 'date' }],
              searchInclude: ['*'],
            },
          ],
          interaction: [{ code: 'batch' }],
        },
      ],
    });
    expect(capabilities?.formats).toEqual(['application/fhir+json']);
    expect(capabilities?.systemInteractions).toEqual(['batch']);
    const [auditEvent] = capabilities?.types ?? [];
    expect([...(auditEvent?.interactions ?? [])].sort()).toEqual(['history', 'read', 'search', 'vread']);
    expect(auditEvent?.searchParameters).toEqual([{ name: 'date', type: 'date', definition: null }]);
    expect(auditEvent?.revIncludes).toEqual([]);
  });

  it('refuses a body that is not a server’s CapabilityStatement', () => {
    expect(toCapabilities({ resourceType: 'OperationOutcome' })).toBeUndefined();
    expect(toCapabilities({ resourceType: 'CapabilityStatement', fhirVersion: '4.0.1', rest: [{ mode: 'client' }] })).toBeUndefined();
  });
});

describe('fhirRelease', () => {
  it('names the release beside the version', () => {
    expect(fhirRelease('4.0.1')).toBe('4.0.1 (R4)');
    expect(fhirRelease('6.0.0-ballot')).toBe('6.0.0-ballot');
  });
});

describe('toRecentChanges', () => {
  it('reads creations, updates and deletions (which have no resource) in the Bundle’s order', () => {
    const base = 'https://joinedup.example/fhir/r4';
    const changes = toRecentChanges({
      resourceType: 'Bundle',
      type: 'history',
      entry: [
        {
          fullUrl: `${base}/Observation/gp.7`,
          request: { method: 'DELETE', url: 'Observation/gp.7' },
          response: { etag: 'W/"2"', lastModified: '2026-03-02T10:00:00Z' },
        },
        {
          fullUrl: `${base}/Patient/fhir.1`,
          resource: { resourceType: 'Patient', id: 'fhir.1' },
          request: { method: 'PUT', url: 'Patient/fhir.1' },
          response: { etag: 'W/"2"', lastModified: '2026-03-02T09:00:00Z' },
        },
        {
          fullUrl: `${base}/Patient/fhir.1`,
          request: { method: 'POST', url: 'Patient' },
          response: { etag: '"1"' },
        },
      ],
    });
    expect(changes).toEqual([
      { type: 'Observation', id: 'gp.7', change: 'deleted', version: '2', at: '2026-03-02T10:00:00Z' },
      { type: 'Patient', id: 'fhir.1', change: 'updated', version: '2', at: '2026-03-02T09:00:00Z' },
      { type: 'Patient', id: 'fhir.1', change: 'created', version: '1', at: null },
    ]);
  });

  it('takes a history with no entries as no changes, and anything else as not a history', () => {
    expect(toRecentChanges({ resourceType: 'Bundle', type: 'history' })).toEqual([]);
    expect(toRecentChanges({ resourceType: 'Bundle', type: 'searchset', entry: [] })).toBeUndefined();
  });
});
