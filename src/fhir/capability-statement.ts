/**
 * The CapabilityStatement (GET [base]/metadata, http://hl7.org/fhir/R4/capabilitystatement.html):
 * exactly what this server does, built from the same lists the handlers use, so it cannot claim a
 * parameter or an interaction that is not there.
 */
import { appVersion } from '../platform/index.js';
import { fhirSearchTypes, searchParameters } from '../record/index.js';

/** Types clients may read and search but not write. */
export const readOnlyTypes: ReadonlySet<string> = new Set(['AuditEvent']);

/** AuditEvent is the audit trail itself (audit-events.ts): read and searched by these parameters only, with no history. */
export const auditEventParameters = [
  { name: 'patient', type: 'reference', definition: 'http://hl7.org/fhir/SearchParameter/clinical-patient' },
  { name: 'agent-name', type: 'string', definition: 'http://hl7.org/fhir/SearchParameter/AuditEvent-agent-name' },
  { name: 'subtype', type: 'token', definition: 'http://hl7.org/fhir/SearchParameter/AuditEvent-subtype' },
] as const;

/** Parameters common to every type (listed once, at rest level). */
const commonParameters = new Set(['_id', '_lastUpdated', '_tag', '_profile', '_security', '_source']);

export function capabilityStatement(base: string, now: Date): Record<string, unknown> {
  const resources = fhirSearchTypes.map((type) => {
    if (type === 'AuditEvent') {
      return {
        type, profile: 'http://hl7.org/fhir/StructureDefinition/AuditEvent', interaction: [{ code: 'read' }, { code: 'search-type' }],
        documentation: 'The audit trail of this installation, newest first: for information governance leads and systems granted AuditEvent scopes.',
        readHistory: false, updateCreate: false, conditionalCreate: false, conditionalRead: 'not-supported', conditionalUpdate: false, conditionalDelete: 'not-supported',
        searchParam: auditEventParameters.map((p) => ({ ...p })),
      };
    }
    const params = [...searchParameters(type).values()].filter((p) => !commonParameters.has(p.name));
    const references = params.filter((p) => p.type === 'reference');
    const writable = !readOnlyTypes.has(type);
    const interactions = writable
      ? ['read', 'vread', 'update', 'delete', 'history-instance', 'history-type', 'create', 'search-type']
      : ['read', 'vread', 'history-instance', 'history-type', 'search-type'];
    return {
      type,
      profile: `http://hl7.org/fhir/StructureDefinition/${type}`,
      interaction: interactions.map((code) => ({ code })),
      versioning: 'versioned-update',
      readHistory: true,
      updateCreate: writable,
      conditionalCreate: writable,
      conditionalRead: 'not-supported',
      conditionalUpdate: writable,
      conditionalDelete: writable ? 'single' : 'not-supported',
      searchInclude: ['*', ...references.map((p) => `${type}:${p.name}`)],
      searchRevInclude: revIncludesOf(type),
      searchParam: params.map((p) => ({ name: p.name, definition: p.url, type: p.type })),
      ...(type === 'Patient' ? { operation: [{ name: 'everything', definition: 'http://hl7.org/fhir/OperationDefinition/Patient-everything' }] } : {}),
    };
  });
  const common = [...(searchParameters('Patient').values())].filter((p) => commonParameters.has(p.name));
  return {
    resourceType: 'CapabilityStatement',
    status: 'active',
    date: now.toISOString(),
    publisher: 'Joined Up',
    kind: 'instance',
    software: { name: 'Joined Up', version: appVersion },
    implementation: { description: 'Joined Up FHIR R4 API: the shared care record of every source system', url: base },
    fhirVersion: '4.0.1',
    format: ['application/fhir+json', 'json'],
    rest: [{
      mode: 'server',
      documentation: 'Writes are records of the calling source system (X-Source-System header; "fhir" when absent). Search paging is keyset-based: follow the next links.',
      resource: resources,
      interaction: [{ code: 'transaction' }, { code: 'batch' }, { code: 'history-system' }],
      searchParam: common.map((p) => ({ name: p.name, definition: p.url, type: p.type })),
    }],
  };
}

/** `Source:param` for every reference parameter of every type that may point at `type`. */
function revIncludesOf(type: string): string[] {
  const out: string[] = [];
  for (const source of fhirSearchTypes) {
    for (const p of searchParameters(source).values()) {
      if (p.type === 'reference' && (p.targets.includes(type) || p.targets.includes('Resource'))) out.push(`${source}:${p.name}`);
    }
  }
  return out;
}
