// Calls to the access API: why you may see a record, emergency access and its review, who looked at a
// record, sharing choices, and the audit trail.
import { ApiError, getJson, postJson } from './api.js';
import {
  type AccessLog, type AuditPage, type AuditVerification, type BreakGlass, type BreakGlassList, type Consent, type ConsentDirective,
  isAccessLog, isAuditPage, isAuditVerification, isBreakGlass, isBreakGlassList, isConsent, isConsentDirective, isReasons,
} from './access.js';

function unexpected(what: string): ApiError {
  return new ApiError(`The server sent ${what} in a form this page does not understand.`, 200);
}

function checked<T>(body: unknown, check: (body: unknown) => body is T, what: string): T {
  if (!check(body)) throw unexpected(what);
  return body;
}

const person = (id: string): string => `/api/people/${encodeURIComponent(id)}`;

/** Why you may see this person's record (404 when you may not). */
export async function fetchAccessReasons(personId: string, signal?: AbortSignal): Promise<string[]> {
  return checked(await getJson(`${person(personId)}/access`, signal), isReasons, 'why you can see the record').reasons;
}

/** Emergency access to the person with this NHS number, for `hours`. */
export async function breakGlass(input: { nhsNumber: string; reason: string; hours: number }): Promise<BreakGlass> {
  return checked(await postJson('/api/break-glass', input), isBreakGlass, 'the emergency access');
}

/** Emergency accesses waiting for review, or all of them. */
export async function fetchBreakGlass(status: 'to-review' | 'all', signal?: AbortSignal): Promise<BreakGlassList> {
  return checked(await getJson(`/api/break-glass?status=${status}`, signal), isBreakGlassList, 'the emergency accesses');
}

/** Sent when an emergency access has been reviewed, so the header's count of those waiting is read again. */
export const breakGlassReviewedEvent = 'joinedup:break-glass-reviewed';

/** The IG lead's review of an emergency access. */
export async function reviewBreakGlass(id: string, review: { outcome: 'appropriate' | 'inappropriate'; note?: string }): Promise<BreakGlass> {
  return checked(await postJson(`/api/break-glass/${encodeURIComponent(id)}/review`, review), isBreakGlass, 'the review');
}

/** Entries of the audit trail shown on one page. */
export const auditPageSize = 50;

/** Who has looked at a person's record, newest first; `before` is the `next` of the page before. */
export async function fetchAccessLog(personId: string, before: string | null, signal?: AbortSignal): Promise<AccessLog> {
  const query = new URLSearchParams({ limit: String(auditPageSize) });
  if (before !== null) query.set('before', before);
  return checked(await getJson(`${person(personId)}/access-log?${query.toString()}`, signal), isAccessLog, 'who has looked at the record');
}

/** A person's sharing choices, and the organisations one may be kept out. */
export async function fetchConsent(personId: string, signal?: AbortSignal): Promise<Consent> {
  return checked(await getJson(`${person(personId)}/consent`, signal), isConsent, 'the sharing choices');
}

/** Records a sharing choice for the person. */
export async function recordConsent(personId: string, directive: { kind: 'dissent' | 'restrict'; organisationId?: string; note?: string }): Promise<ConsentDirective> {
  return checked(await postJson(`${person(personId)}/consent`, directive), isConsentDirective, 'the sharing choice');
}

/** Withdraws a sharing choice. */
export async function withdrawConsent(id: string): Promise<ConsentDirective> {
  return checked(await postJson(`/api/consent/${encodeURIComponent(id)}/withdraw`, {}), isConsentDirective, 'the sharing choice');
}

export interface AuditSearch {
  person: string;
  actor: string;
  action: string;
  before: string | null;
}

/** A page of the audit trail, newest first, narrowed to a person, an actor or an action. */
export async function searchAudit(search: AuditSearch, signal?: AbortSignal): Promise<AuditPage> {
  const query = new URLSearchParams({ limit: String(auditPageSize) });
  if (search.person !== '') query.set('person', search.person);
  if (search.actor !== '') query.set('actor', search.actor);
  if (search.action !== '') query.set('action', search.action);
  if (search.before !== null) query.set('before', search.before);
  return checked(await getJson(`/api/audit?${query.toString()}`, signal), isAuditPage, 'the audit trail');
}

/** Checks the audit trail's hash chain from the first entry to the head. */
export async function verifyAudit(signal?: AbortSignal): Promise<AuditVerification> {
  return checked(await getJson('/api/audit/verify', signal), isAuditVerification, 'the audit trail check');
}
