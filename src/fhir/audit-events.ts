/**
 * The audit trail as FHIR R4 AuditEvent (http://hl7.org/fhir/R4/auditevent.html), read-only: one
 * AuditEvent per entry, its id the entry's place in the chain. Search by patient (every entry about
 * the person the Patient belongs to), agent-name (part of who acted), subtype (this product's action:
 * read, search, break-glass, sign-in…), newest first, paged. Only information-governance leads and
 * systems granted AuditEvent scopes read it (policy.ts).
 */
import { auditEntry, searchAudit, type AuditEntry } from '../access/index.js';
import { personOfPatient } from '../record/index.js';
import { bundleText, entryText, pageLinks } from './bundle-text.js';
import { type FhirContext, type FhirResponse, fhirJson } from './context.js';
import { fhirError } from './outcome.js';
import { pageSize } from './parameters.js';

const actionSystem = 'https://joinedup.example/CodeSystem/audit-action';
const restful = new Map<string, { code: string; action: 'C' | 'R' | 'U' | 'D' | 'E' }>([
  ['read', { code: 'read', action: 'R' }], ['vread', { code: 'vread', action: 'R' }], ['search', { code: 'search-type', action: 'E' }],
  ['history', { code: 'history-instance', action: 'R' }], ['everything', { code: 'operation', action: 'E' }], ['capabilities', { code: 'capabilities', action: 'R' }],
  ['create', { code: 'create', action: 'C' }], ['update', { code: 'update', action: 'U' }], ['delete', { code: 'delete', action: 'D' }],
]);
const authentication = new Set(['sign-in', 'failed-sign-in', 'sign-out', 'failed-two-step-code']);

/** One audit entry as an AuditEvent. */
export function auditEvent(e: AuditEntry): Record<string, unknown> & { resourceType: 'AuditEvent' } {
  const rest = restful.get(e.action);
  const type = rest !== undefined
    ? { system: 'http://terminology.hl7.org/CodeSystem/audit-event-type', code: 'rest', display: 'RESTful Operation' }
    : authentication.has(e.action)
      ? { system: 'http://dicom.nema.org/resources/ontology/DCM', code: '110114', display: 'User Authentication' }
      : { system: actionSystem, code: e.action };
  const entity = e.resourceType === null || e.resourceId === null ? undefined
    : e.resourceType === 'Person'
      ? { what: { identifier: { system: 'https://joinedup.example/Id/person', value: e.resourceId }, display: `Person ${e.resourceId}` } }
      : { what: { reference: `${e.resourceType}/${e.resourceId}` } };
  return {
    resourceType: 'AuditEvent',
    id: e.seq,
    meta: { lastUpdated: e.at },
    type,
    subtype: [...(rest !== undefined ? [{ system: 'http://hl7.org/fhir/restful-interaction', code: rest.code }] : []), { system: actionSystem, code: e.action }],
    action: rest?.action ?? 'E',
    recorded: e.at,
    outcome: e.outcome < 400 ? '0' : e.outcome < 500 ? '4' : '8',
    outcomeDesc: `${e.outcome}: ${e.reason}`,
    ...(e.action === 'break-glass' ? { purposeOfEvent: [{ coding: [{ system: 'http://terminology.hl7.org/CodeSystem/v3-ActReason', code: 'BTG', display: 'break the glass' }], text: e.reason }] } : {}),
    agent: [{ who: { display: e.actor }, name: e.actor, requestor: true }],
    source: { observer: { display: 'Joined Up' }, type: [{ system: 'http://terminology.hl7.org/CodeSystem/security-source-type', code: '4', display: 'Application Server' }] },
    ...(entity !== undefined ? { entity: [{ ...entity, ...(e.detail !== null ? { description: e.detail } : {}) }] } : {}),
  };
}

const parameters = new Set(['patient', 'agent-name', 'subtype', '_count', '_cursor', '_format', '_pretty']);

export async function searchAuditEvents(ctx: FhirContext, query: readonly [string, string][]): Promise<FhirResponse> {
  let personId: number | undefined;
  let actor: string | undefined;
  let action: string | undefined;
  let before: number | undefined;
  for (const [name, value] of query) {
    if (!parameters.has(name)) throw fhirError(400, 'not-supported', `AuditEvent is searched by patient, agent-name and subtype; ${name} is not supported.`, name);
    if (name === 'patient') {
      const id = value.replace(/^Patient\//, '');
      const patient = await personOfPatient(ctx.db, id);
      if (patient?.personId == null) throw fhirError(404, 'not-found', `There is no Patient/${id}.`, 'patient');
      personId = patient.personId;
    }
    if (name === 'agent-name') actor = value;
    if (name === 'subtype') action = value.includes('|') ? value.split('|')[1] : value;
    if (name === '_cursor') {
      if (!/^\d{1,18}$/.test(value)) throw fhirError(400, 'invalid', 'The _cursor parameter is not a page of this search; follow the links the server gave.', '_cursor');
      before = Number(value);
    }
  }
  const page = await searchAudit(ctx.db, {
    limit: pageSize(query, 50, 500), ...(personId !== undefined ? { personId } : {}), ...(actor !== undefined ? { actor } : {}),
    ...(action !== undefined ? { action } : {}), ...(before !== undefined ? { before } : {}),
  });
  const entries = page.entries.map((e) => entryText(ctx.base, { type: 'AuditEvent', id: e.seq, text: JSON.stringify(auditEvent(e)) }, { search: { mode: 'match' } }));
  return {
    status: 200,
    headers: { 'content-type': fhirJson },
    body: bundleText({ type: 'searchset', links: pageLinks(`${ctx.base}/AuditEvent`, query, page.next ?? undefined), entries, now: ctx.now }),
  };
}

export async function readAuditEvent(ctx: FhirContext, id: string): Promise<FhirResponse> {
  const entry = /^\d{1,18}$/.test(id) ? await auditEntry(ctx.db, Number(id)) : undefined;
  if (entry === undefined) throw fhirError(404, 'not-found', `There is no AuditEvent/${id}.`);
  return { status: 200, headers: { 'content-type': fhirJson, etag: 'W/"1"' }, body: JSON.stringify(auditEvent(entry)) };
}
