// What the access API sends: why you may see a record, emergency access and its review, who looked
// at a record, a person's sharing choices, and the audit trail. Each has a check that an answer is
// in the form the pages expect.

/** Emergency ("break-glass") access to one person's record, and the IG lead's review of it. */
export interface BreakGlass {
  id: string;
  personId: string;
  accountId: string;
  by: string;
  role: string;
  organisation: string | null;
  reason: string;
  starts: string;
  ends: string;
  person: { name: string; nhsNumber: string | null; birthDate: string | null };
  review: { by: string; at: string; outcome: 'appropriate' | 'inappropriate'; note: string | null } | null;
}

export interface BreakGlassList {
  toReview: number;
  items: BreakGlass[];
}

/** One look at (or change to) a person's record, as the person and the IG lead see it. */
export interface AccessLogEntry {
  at: string;
  who: string;
  /** The role in words ("GP"), or null for a system. */
  role: string | null;
  organisation: string | null;
  action: string;
  /** What happened, in words ("Looked at the record"), when the server says. */
  what?: string;
  why: string | null;
  outcome: number | string | null;
  /** How many times the same look was repeated within five minutes (shown as one entry); 1 or absent for once. */
  times?: number;
}

export interface AccessLog {
  entries: AccessLogEntry[];
  next: string | null;
}

/** A person's choice about sharing: objecting to it (dissent), or keeping one organisation out (restrict). */
export interface ConsentDirective {
  id: string | number;
  kind: 'dissent' | 'restrict';
  organisation: { id: string; name: string } | null;
  note: string | null;
  recordedBy: string;
  recordedAt: string;
  withdrawnAt: string | null;
  withdrawnBy: string | null;
}

export interface Organisation {
  id: string;
  name: string;
  kind: string;
}

export interface Consent {
  directives: ConsentDirective[];
  organisations: Organisation[];
}

export interface AuditEntry {
  seq: number | string;
  at: string;
  actor: string;
  action: string;
  resourceType: string | null;
  resourceId: string | null;
  outcome: number | string | null;
  reason: string | null;
  detail: string | null;
}

export interface AuditPage {
  entries: AuditEntry[];
  next: string | null;
}

export interface AuditVerification {
  ok: boolean;
  entries: number;
  /** The last entry and its hash (or the hash alone). */
  head: { seq: number | string; hash: string } | string | null;
  breaks: { seq: number | string; kind?: string; problem?: string; message: string }[];
}

type Fields = Record<string, unknown>;

const isObject = (value: unknown): value is Fields => typeof value === 'object' && value !== null;
const isString = (value: unknown): value is string => typeof value === 'string';
const isStringOrNull = (value: unknown): value is string | null => value === null || typeof value === 'string';
const isNextCursor = (value: unknown): value is string | null => value === null || value === undefined || typeof value === 'string';
const everyOf = <T,>(value: unknown, check: (item: unknown) => item is T): value is T[] => Array.isArray(value) && value.every(check);

export function isReasons(body: unknown): body is { reasons: string[] } {
  return isObject(body) && everyOf(body.reasons, isString);
}

export function isBreakGlass(body: unknown): body is BreakGlass {
  return isObject(body) && isString(body.id) && isString(body.personId) && isString(body.by) && isString(body.role) && isString(body.reason)
    && isString(body.starts) && isString(body.ends) && isObject(body.person) && isString(body.person.name) && (body.review === null || isObject(body.review));
}

export function isBreakGlassList(body: unknown): body is BreakGlassList {
  return isObject(body) && typeof body.toReview === 'number' && everyOf(body.items, isBreakGlass);
}

function isAccessLogEntry(value: unknown): value is AccessLogEntry {
  return isObject(value) && isString(value.at) && isString(value.who) && isString(value.action);
}

export function isAccessLog(body: unknown): body is AccessLog {
  return isObject(body) && everyOf(body.entries, isAccessLogEntry) && isNextCursor(body.next);
}

export function isConsentDirective(value: unknown): value is ConsentDirective {
  return isObject(value) && (isString(value.id) || typeof value.id === 'number') && (value.kind === 'dissent' || value.kind === 'restrict')
    && (value.organisation === null || value.organisation === undefined || isObject(value.organisation)) && isString(value.recordedAt)
    && (value.withdrawnAt === null || value.withdrawnAt === undefined || isString(value.withdrawnAt));
}

function isOrganisation(value: unknown): value is Organisation {
  return isObject(value) && isString(value.id) && isString(value.name);
}

export function isConsent(body: unknown): body is Consent {
  return isObject(body) && everyOf(body.directives, isConsentDirective) && everyOf(body.organisations, isOrganisation);
}

function isAuditEntry(value: unknown): value is AuditEntry {
  return isObject(value) && (typeof value.seq === 'number' || isString(value.seq)) && isString(value.at) && isString(value.actor) && isString(value.action);
}

export function isAuditPage(body: unknown): body is AuditPage {
  return isObject(body) && everyOf(body.entries, isAuditEntry) && isNextCursor(body.next);
}

export function isAuditVerification(body: unknown): body is AuditVerification {
  const head = body === null || typeof body !== 'object' ? undefined : (body as Fields).head ?? null;
  return isObject(body) && typeof body.ok === 'boolean' && typeof body.entries === 'number' && (isStringOrNull(head) || isObject(head)) && Array.isArray(body.breaks);
}

/**
 * A reason the server gives for seeing a record, in words: "care-team" → "You are on the person’s
 * care team"; emergency access with when it ends and why.
 */
export function describeReason(reason: string): { text: string; emergency?: { until: string; why: string } } {
  const breakGlass = /^break-glass until (\d{4}-\d{2}-\d{2}) (\d{2}:\d{2}) UTC: ([\s\S]*)$/.exec(reason);
  if (breakGlass !== null) {
    const [, day = '', time = '', why = ''] = breakGlass;
    return { text: 'Emergency access', emergency: { until: `${day}T${time}:00Z`, why } };
  }
  if (reason === 'care-team') return { text: 'On the care team' };
  if (reason === 'carer') return { text: 'An authorised carer' };
  if (reason === 'their own record') return { text: 'This is your own record' };
  return { text: reason.charAt(0).toUpperCase() + reason.slice(1) };
}
