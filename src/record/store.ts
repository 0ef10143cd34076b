/**
 * Storing normalised records: each batch resolves the identities it describes or refers to, keeps a
 * record that arrives unchanged as it is (so importing the same file twice changes nothing), stores a
 * changed one as a new version (the old one kept, no longer current), and rewrites the timeline and
 * summary lines of what changed, and writes the FHIR form and search index of each record that has
 * one (decision 0006). Statements are set-based (unnest arrays): after the lookups, one statement
 * retires what the batch supersedes and writes the new versions with their index and timeline rows,
 * so a batch costs a handful of round trips whatever its size.
 */
import { createHash } from 'node:crypto';
import { resolveIdentities, type IdentityInput } from '../people/index.js';
import type { Queryable } from '../platform/index.js';
import type { FhirForm, NormalisedRecord } from './model.js';
import { type PendingIndexEntry, extractIndex, searchIndexDeletes, searchIndexInserts, searchIndexPersonUpdates } from './search/index.js';

export interface StoreCounts {
  stored: number;
  unchanged: number;
  versioned: number;
}

/** What became of one record of the batch: the version now current (new, or the one it matched). */
export interface StoredVersion {
  resourceType: string;
  sourceKey: string;
  recordId: number;
  version: number;
  changed: boolean;
  /** The FHIR resource as served, for a record that has a FHIR form and was written now. */
  text?: string;
}

export interface StoreOptions {
  /** How the records arrived (default: a file import). */
  via?: 'import' | 'fhir';
  /** The API request that sent them. */
  requestId?: string;
  /** When they arrived: received_at and meta.lastUpdated (default: now). */
  at?: Date;
  /**
   * The current versions of the batch's records, keyed by currentKey, as the caller has already
   * read (and locked) them: a record not in it has none. When given, the store does not look again.
   */
  current?: ReadonlyMap<string, CurrentVersion>;
}

/** A record's current version, as the store compares what arrives with it. */
export interface CurrentVersion {
  id: number;
  content_hash: string;
  version: number;
}

/** The key of a record of one source in a batch and in StoreOptions.current. */
export const currentKey = (resourceType: string, sourceKey: string): string => `${resourceType}\u0000${sourceKey}`;

export interface StoreResult extends StoreCounts {
  versions: StoredVersion[];
}

interface Prepared {
  record: NormalisedRecord;
  payload: string;
  hash: string;
}

/** Stores one batch of records of one source inside the caller's transaction. */
export async function storeRecords(
  tx: Queryable,
  sourceId: string,
  importId: number | null,
  records: readonly NormalisedRecord[],
  options: StoreOptions = {},
): Promise<StoreResult> {
  // The last copy of a record in a batch is the one that counts (as a later submission would).
  const latest = new Map<string, Prepared>();
  for (const record of records) {
    const payload = JSON.stringify(record.payload);
    latest.set(currentKey(record.resourceType, record.sourceKey), { record, payload, hash: createHash('sha256').update(payload).digest('base64') });
  }
  const batch = [...latest.values()];
  const versionsOut: StoredVersion[] = [];
  if (batch.length === 0) return { stored: 0, unchanged: 0, versioned: 0, versions: versionsOut };

  const existing = options.current ?? (await currentVersions(tx, sourceId, batch.map((p) => p.record)));
  const changed: Prepared[] = [];
  const versions: number[] = [];
  const superseded: number[] = [];
  let unchanged = 0;
  for (const prepared of batch) {
    const before = existing.get(currentKey(prepared.record.resourceType, prepared.record.sourceKey));
    if (before?.content_hash === prepared.hash) {
      unchanged++;
      versionsOut.push({ resourceType: prepared.record.resourceType, sourceKey: prepared.record.sourceKey, recordId: before.id, version: before.version, changed: false });
      continue;
    }
    changed.push(prepared);
    versions.push(before ? before.version + 1 : 1);
    if (before) superseded.push(before.id);
  }
  if (changed.length === 0) return { stored: 0, unchanged, versioned: 0, versions: versionsOut };

  // Identities first: the people records describe, then the people records are about.
  const inputs: IdentityInput[] = [];
  for (const { record } of changed) {
    if (record.identity) inputs.push({ localId: record.sourceKey, details: record.identity });
  }
  for (const { record } of changed) if (record.subjectKey !== undefined && !record.identity && !record.subject) inputs.push({ localId: record.subjectKey });
  const identities = await resolveIdentities(tx, sourceId, inputs);
  const linkOf = (r: NormalisedRecord): { id: number; personId: number } | undefined =>
    r.subject ? { id: r.subject.identityId, personId: r.subject.personId } : identities.get(r.identity ? r.sourceKey : r.subjectKey ?? '\u0000');
  const identityOf = (r: NormalisedRecord): number | null => linkOf(r)?.id ?? null;
  const moved = [...identities.values()].filter((l) => l.movedFrom !== undefined);
  await moveRecordsOfIdentities(tx, moved.map((m) => m.id), moved.map((m) => m.personId));

  const at = options.at ?? new Date();
  const served = changed.map((p, i) => (p.record.fhir ? withMeta(p.record.fhir, versions[i] ?? 1, at) : null));
  const index: PendingIndexEntry[] = [];
  const lines: { ord: number; p: NormalisedRecord; identity: number; person: number }[] = [];
  changed.forEach((p, i) => {
    const link = linkOf(p.record);
    const form = p.record.fhir;
    if (form) index.push({ ord: i + 1, personId: link?.personId ?? null, resourceType: form.type, values: extractIndex(form.resource) });
    if (link !== undefined && (p.record.timeline !== undefined || p.record.summary !== undefined)) lines.push({ ord: i + 1, p: p.record, identity: link.id, person: link.personId });
  });
  // One statement: the records, then (by their place in the batch, `ord`) their search index and
  // timeline lines. Documents go as one JSON array each (not text[] literals, which would escape
  // every quote again).
  const params: unknown[] = [
    sourceId, importId,
    changed.map((p) => p.record.resourceType), changed.map((p) => p.record.sourceKey), versions, changed.map((p) => p.hash),
    changed.map((p) => p.record.subjectKey ?? null), changed.map((p) => identityOf(p.record)), changed.map((p) => linkOf(p.record)?.personId ?? null),
    `[${changed.map((p) => p.payload).join(',')}]`,
    JSON.stringify(changed.map((p) => ({ identity: p.record.identity, timeline: p.record.timeline, summary: p.record.summary }))),
    changed.map((p) => p.record.fhir?.type ?? null), changed.map((p) => p.record.fhir?.id ?? null), `[${served.map((t) => t ?? 'null').join(',')}]`,
    at, options.via ?? 'import', options.requestId ?? null,
  ];
  const parts = [
    ...(superseded.length > 0 ? supersession(params.push(superseded)) : []),
    `u AS (SELECT * FROM ROWS FROM (unnest($3::text[]), unnest($4::text[]), unnest($5::int4[]), unnest($6::text[]), unnest($7::text[]), unnest($8::int8[]), unnest($9::int8[]),
                                    json_array_elements($10::json), jsonb_array_elements($11::jsonb), unnest($12::text[]), unnest($13::text[]), json_array_elements($14::json))
                   WITH ORDINALITY AS u(t, s, v, h, sk, i, pe, p, n, ft, fi, r, ord))`,
    `ins AS (INSERT INTO record.source_record (source_id, import_id, resource_type, source_key, version, content_hash, subject_key, identity_id, person_id, payload, normalised,
                                                fhir_type, fhir_id, resource, received_at, via, request_id)
             SELECT $1, $2, t, s, v, h, sk, i, pe, p, n, ft, fi, nullif(r::text, 'null')::json, $15, $16, $17 FROM u
              ${superseded.length > 0 ? 'WHERE (SELECT count(*) FROM superseded) >= 0' : ''} ORDER BY ord
             RETURNING id, resource_type, source_key)`,
    // A batch holds each (resource_type, source_key) once, so the pair finds a record's place.
    `ids AS (SELECT u.ord, ins.id FROM ins JOIN u ON u.t = ins.resource_type AND u.s = ins.source_key)`,
    ...searchIndexInserts(index, params, 'ids'),
  ];
  if (lines.length > 0) {
    const first = params.length + 1;
    params.push(
      lines.map((l) => l.ord), lines.map((l) => l.identity), lines.map((l) => l.person),
      lines.map((l) => l.p.timeline?.kind ?? null), lines.map((l) => l.p.timeline?.date ?? null), lines.map((l) => l.p.timeline?.endDate ?? null),
      lines.map((l) => l.p.timeline?.title ?? null), lines.map((l) => (l.p.timeline?.detail ? JSON.stringify(l.p.timeline.detail) : null)),
      lines.map((l) => l.p.summary?.section ?? null), lines.map((l) => l.p.summary?.text ?? null), lines.map((l) => l.p.summary?.code ?? null),
      lines.map((l) => l.p.summary?.since ?? null), lines.map((l) => l.p.summary?.active ?? null),
    );
    const types = ['int4', 'int8', 'int8', 'text', 'text', 'text', 'text', 'text', 'text', 'text', 'text', 'text', 'bool'];
    parts.push(
      `entries AS (INSERT INTO record.entry (record_id, identity_id, person_id, source_id, kind, occurred, end_date, title, detail, summary_section, summary_text, summary_code, summary_since, summary_active)
                   SELECT x.id, i, pe, $1, k, o, e, t, d::jsonb, ss, st, sc, si, sa
                     FROM unnest(${types.map((type, n) => `$${first + n}::${type}[]`).join(', ')}) AS v(ord, i, pe, k, o, e, t, d, ss, st, sc, si, sa) JOIN ids x ON x.ord = v.ord)`,
    );
  }
  // The text depends only on which tables the batch writes: a few shapes, each prepared once.
  const inserted = await tx.query<{ ord: number; id: number }>(`WITH ${parts.join(',\n')} SELECT ord::int4 AS ord, id FROM ids`, params, { prepared: true });
  const idAt = new Map(inserted.rows.map((r) => [r.ord, r.id]));
  changed.forEach((p, i) => {
    const recordId = idAt.get(i + 1);
    if (recordId === undefined) throw new Error(`storeRecords: record ${i + 1} of the batch was not stored`);
    const text = served[i];
    versionsOut.push({ resourceType: p.record.resourceType, sourceKey: p.record.sourceKey, recordId, version: versions[i] ?? 1, changed: true, ...(text ? { text } : {}) });
  });
  return { stored: changed.length - superseded.length, unchanged, versioned: superseded.length, versions: versionsOut };
}

async function currentVersions(tx: Queryable, sourceId: string, records: readonly NormalisedRecord[]): Promise<Map<string, CurrentVersion>> {
  const { rows } = await tx.query<CurrentVersion & { resource_type: string; source_key: string }>(
    `SELECT r.id, r.resource_type, r.source_key, r.content_hash, r.version
       FROM record.source_record r JOIN unnest($2::text[], $3::text[]) AS k(t, s) ON r.resource_type = k.t AND r.source_key = k.s
      WHERE r.source_id = $1 AND r.current`,
    [sourceId, records.map((r) => r.resourceType), records.map((r) => r.sourceKey)],
    { prepared: true },
  );
  return new Map(rows.map((row) => [currentKey(row.resource_type, row.source_key), row]));
}

/**
 * CTEs by which versions stop being current (superseded, or deleted through the API): they leave the
 * timeline and the search index, and `superseded` returns them (new values: current false). A
 * statement that then inserts their successors must read `superseded` first, as an InitPlan (e.g.
 * `WHERE (SELECT count(*) FROM superseded) >= 0`), so that no new current version meets an old one
 * in the unique index: the rows a statement has itself updated do not conflict.
 * `ids` is the number of the int8[] parameter holding their ids.
 */
export function supersession(ids: number): string[] {
  return [
    `superseded AS (UPDATE record.source_record SET current = false WHERE id = ANY($${ids}::int8[]) RETURNING *)`,
    `cleared_entries AS (DELETE FROM record.entry WHERE record_id = ANY($${ids}::int8[]))`,
    ...searchIndexDeletes(`$${ids}`),
  ];
}

/**
 * The resource as served: meta.versionId and meta.lastUpdated are the store's (FHIR R4 Resource.meta),
 * whatever else the sender put in meta (profiles, tags, security labels) is kept.
 */
function withMeta(form: FhirForm, version: number, at: Date): string {
  const { resourceType, id, meta, ...rest } = form.resource;
  const sent = typeof meta === 'object' && meta !== null && !Array.isArray(meta) ? (meta as Record<string, unknown>) : {};
  const { versionId: _v, lastUpdated: _l, ...kept } = sent;
  return JSON.stringify({ resourceType, id, meta: { versionId: String(version), lastUpdated: at.toISOString(), ...kept }, ...rest });
}

/**
 * Records about identities that moved to another person (by linkage, a merge or its undoing) move
 * with them: every version's person_id, their timeline and summary lines and their search index rows.
 * identityIds[i] now belongs to personIds[i]. What the sources sent is not touched.
 */
export async function moveRecordsOfIdentities(tx: Queryable, identityIds: readonly number[], personIds: readonly number[]): Promise<void> {
  if (identityIds.length !== personIds.length) throw new Error('moveRecordsOfIdentities: one person per identity');
  if (identityIds.length === 0) return;
  const parts = [
    'u AS (SELECT * FROM unnest($1::int8[], $2::int8[]) AS u(i, p))',
    'records AS (UPDATE record.source_record t SET person_id = u.p FROM u WHERE t.identity_id = u.i RETURNING t.id AS r, t.person_id AS p, t.current)',
    'entries AS (UPDATE record.entry t SET person_id = u.p FROM u WHERE t.identity_id = u.i)',
    // Only current versions have index rows.
    'moved AS (SELECT r, p FROM records WHERE current)',
    ...searchIndexPersonUpdates('moved'),
  ];
  await tx.query(`WITH ${parts.join(',\n')} SELECT 1`, [identityIds, personIds], { prepared: true });
}
