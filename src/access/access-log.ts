/**
 * Reading the audit trail: a person's own "who looked at my record" (every read of them, of their
 * records through the FHIR API, and every emergency access to them, with who, which organisation,
 * when and why), and the information-governance lead's search of the whole trail.
 */
import type { Queryable } from '../platform/index.js';

export interface AccessLogEntry {
  seq: string;
  at: string;
  who: string;
  role: string | null;
  organisation: string | null;
  action: string;
  /** What happened, in words. */
  what: string;
  why: string;
  outcome: number;
  /** How many entries of the trail this is (the same look, repeated within a few minutes). */
  times: number;
}

/** Entries of the same person doing the same thing this close together are one look. */
const sameLookMs = 5 * 60_000;

export interface AuditEntry {
  seq: string;
  at: string;
  actor: string;
  action: string;
  resourceType: string | null;
  resourceId: string | null;
  outcome: number;
  reason: string;
  detail: string | null;
}

interface AuditRow {
  seq: string; at: Date; actor: string; action: string; resource_type: string | null; resource_id: string | null; outcome: number; reason: string; detail: string | null;
  organisation_name?: string | null;
}

/** "Dr Ada Okafor (GP, bayside-practice)" → its parts; a system's or an unknown actor's name stays whole. */
export function actorParts(actor: string): { who: string; role: string | null; organisation: string | null } {
  const match = /^(.*) \(([^,()]+)(?:, ([^()]+))?\)$/.exec(actor);
  if (!match?.[1] || !match[2]) return { who: actor, role: null, organisation: null };
  return { who: match[1], role: match[2] === 'system' ? 'System' : match[2], organisation: match[3] ?? null };
}

function what(action: string, resourceType: string | null, outcome: number): string {
  const refused = outcome >= 400 ? ' (refused)' : '';
  switch (action) {
    case 'read': return resourceType === 'Person' || resourceType === null ? `Looked at the record${refused}` : `Read a ${resourceType} record${refused}`;
    case 'vread': return `Read an earlier version of a ${resourceType ?? ''} record${refused}`;
    case 'history': return `Looked at the history of a ${resourceType ?? ''} record${refused}`;
    case 'everything': return `Fetched the whole record${refused}`;
    case 'break-glass': return `Emergency access${refused}`;
    case 'break-glass-review': return 'Review of an emergency access';
    case 'merge': return 'Joined two records of the person';
    case 'unmerge': return 'Undid the joining of two records';
    case 'consent-recorded': return 'Recorded a choice about sharing';
    case 'consent-withdrawn': return 'Withdrew a choice about sharing';
    case 'create': case 'update': case 'delete': return `${action[0]?.toUpperCase() ?? ''}${action.slice(1)}d a ${resourceType ?? ''} record${refused}`;
    default: return `${action}${refused}`;
  }
}

/** Newest first, a page at a time (`before` is the seq of the last entry of the previous page). */
export async function personAccessLog(db: Queryable, personId: number, page: { limit?: number; before?: number } = {}): Promise<{ entries: AccessLogEntry[]; next: string | null }> {
  const limit = Math.min(Math.max(page.limit ?? 100, 1), 500);
  const { rows } = await db.query<AuditRow>(
    `WITH theirs AS (
       SELECT 'Person'::text AS t, $1::int8::text AS i
       UNION SELECT r.fhir_type, r.fhir_id FROM record.source_record r WHERE r.person_id = $1::int8 AND r.current AND r.fhir_type IS NOT NULL)
     SELECT e.seq::text AS seq, e.at, e.actor, e.action, e.resource_type, e.resource_id, e.outcome, e.reason, e.detail, o.name AS organisation_name
       FROM theirs JOIN access.audit_event e ON e.resource_type = theirs.t AND e.resource_id = theirs.i
       LEFT JOIN access.organisation o ON o.id = substring(e.actor FROM ', ([^,()]+)\\)$')
      WHERE ($2::int8 IS NULL OR e.seq < $2) AND e.action <> 'search'
      ORDER BY e.seq DESC LIMIT $3`,
    [personId, page.before ?? null, limit + 1],
  );
  const newest = rows.slice(0, limit);
  // One look is several requests (a page loads the record, its timeline and more): the same person
  // doing the same thing within a few minutes is one entry, with how many times.
  const entries: AccessLogEntry[] = [];
  for (const r of newest) {
    const parts = actorParts(r.actor);
    const entry = {
      seq: r.seq, at: r.at.toISOString(), who: parts.who, role: parts.role, organisation: r.organisation_name ?? parts.organisation,
      action: r.action, what: what(r.action, r.resource_type, r.outcome), why: r.reason, outcome: r.outcome, times: 1,
    };
    const newer = entries[entries.length - 1];
    if (newer && newer.who === entry.who && newer.role === entry.role && newer.what === entry.what && newer.why === entry.why
        && Date.parse(newer.at) - Date.parse(entry.at) <= sameLookMs) {
      newer.times++;
    } else {
      entries.push(entry);
    }
  }
  return { entries, next: rows.length > limit ? (newest[newest.length - 1]?.seq ?? null) : null };
}

/** The IG lead's search of the trail, newest first: by person (their reads and records), actor (part of the name), action. */
export async function searchAudit(
  db: Queryable,
  q: { personId?: number; actor?: string; action?: string; before?: number; limit?: number },
): Promise<{ entries: AuditEntry[]; next: string | null }> {
  const limit = Math.min(Math.max(q.limit ?? 100, 1), 500);
  const params: unknown[] = [];
  const where: string[] = [];
  const p = (v: unknown): string => `$${params.push(v)}`;
  if (q.personId !== undefined) {
    const person = p(q.personId);
    where.push(`(e.resource_type, e.resource_id) IN (SELECT 'Person', ${person}::int8::text UNION SELECT r.fhir_type, r.fhir_id FROM record.source_record r WHERE r.person_id = ${person}::int8 AND r.current AND r.fhir_type IS NOT NULL)`);
  }
  if (q.actor !== undefined && q.actor.trim() !== '') where.push(`e.actor ILIKE '%' || ${p(q.actor.trim().replace(/[\\%_]/g, (c) => `\\${c}`))} || '%'`);
  if (q.action !== undefined && q.action.trim() !== '') where.push(`e.action = ${p(q.action.trim())}`);
  if (q.before !== undefined) where.push(`e.seq < ${p(q.before)}`);
  const { rows } = await db.query<AuditRow>(
    `SELECT e.seq::text AS seq, e.at, e.actor, e.action, e.resource_type, e.resource_id, e.outcome, e.reason, e.detail FROM access.audit_event e
      ${where.length > 0 ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY e.seq DESC LIMIT ${p(limit + 1)}`,
    params,
  );
  const entries = rows.slice(0, limit).map((r) => ({
    seq: r.seq, at: r.at.toISOString(), actor: r.actor, action: r.action, resourceType: r.resource_type, resourceId: r.resource_id, outcome: r.outcome, reason: r.reason, detail: r.detail,
  }));
  return { entries, next: rows.length > limit ? (entries[entries.length - 1]?.seq ?? null) : null };
}

/** One entry of the trail by its place in the chain. */
export async function auditEntry(db: Queryable, seq: number): Promise<AuditEntry | undefined> {
  const { rows } = await db.query<AuditRow>(
    'SELECT e.seq::text AS seq, e.at, e.actor, e.action, e.resource_type, e.resource_id, e.outcome, e.reason, e.detail FROM access.audit_event e WHERE e.seq = $1',
    [seq],
  );
  const r = rows[0];
  return r ? { seq: r.seq, at: r.at.toISOString(), actor: r.actor, action: r.action, resourceType: r.resource_type, resourceId: r.resource_id, outcome: r.outcome, reason: r.reason, detail: r.detail } : undefined;
}
