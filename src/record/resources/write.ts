/**
 * Writes through the FHIR API (http://hl7.org/fhir/R4/http.html): create, update and delete of
 * resources as records of the calling source system, in the same store and with the same versions,
 * timeline and search index as imported records. One call is one unit of work inside the caller's
 * transaction, so a transaction Bundle commits all of its changes or none.
 */
import { randomUUID } from 'node:crypto';
import { AppError, type Queryable } from '../../platform/index.js';
import { recordError } from '../errors.js';
import { fhirIdFor } from '../fhir-ids.js';
import type { FhirResource } from '../fhir/fhir-json.js';
import { mapResource } from '../fhir/resources.js';
import type { NormalisedRecord } from '../model.js';
import { type CurrentVersion, currentKey, storeRecords, supersession } from '../store.js';

export interface ResourceChange {
  method: 'create' | 'update' | 'delete';
  type: string;
  /** The logical id: for an update or delete the one addressed; for a create, leave it out to have one assigned. */
  id?: string;
  /** The resource to store (create and update). */
  resource?: FhirResource;
  /** The version the client last saw (If-Match): the change is refused if another is current. */
  ifMatch?: number;
}

export interface ChangeOutcome {
  type: string;
  id: string;
  /** created: a new resource; updated: a new version; unchanged: the same content as the current version; deleted; absent: a delete of nothing. */
  result: 'created' | 'updated' | 'unchanged' | 'deleted' | 'absent';
  version: number;
  lastUpdated: string;
  /** The resource as now served, when this change wrote it. */
  text?: string;
}

/** A change that cannot be made; `index` says which of the changes it was. */
export class ChangeError extends AppError {
  constructor(
    readonly index: number,
    cause: AppError,
  ) {
    super({ code: cause.code, status: cause.status, title: cause.title }, cause.message, { errors: cause.errors });
  }
}

interface Current {
  id: number;
  /** None for a record of the caller's with no FHIR form, found by its key. */
  fhir_type: string | null;
  fhir_id: string | null;
  source_id: string;
  source_key: string;
  resource_type: string;
  version: number;
  content_hash: string;
  deleted: boolean;
  identity_id: number | null;
  person_id: number | null;
  received_at: Date;
}

const subjectElements = ['subject', 'patient'];
const relativePatient = /^Patient\/([A-Za-z0-9.-]{1,64})$/;

/**
 * Applies the changes in order as records of `sourceId`. A source changes only its own records;
 * a new resource gets the logical id `<source>.<key>` (or the client's own id on update-as-create).
 */
export async function applyChanges(
  tx: Queryable,
  sourceId: string,
  changes: readonly ResourceChange[],
  options: { requestId?: string; at?: Date; today?: string } = {},
): Promise<ChangeOutcome[]> {
  const at = options.at ?? new Date();
  // A create without an id gets a new key, so nothing can be current under it.
  const newKeys = changes.map((c) => (c.method === 'create' && c.id === undefined ? randomUUID() : undefined));
  const ids = changes.map((c, i) => {
    const key = newKeys[i];
    return key !== undefined ? fhirIdFor(sourceId, key) : (c.id ?? '');
  });
  const sources = await otherSources(tx, sourceId, ids);
  const keys = changes.map((_, i) => newKeys[i] ?? keyForId(sourceId, ids[i] ?? '', sources, (error) => {
    throw new ChangeError(i, error);
  }));
  const lookups = changes.flatMap((c, i) => (newKeys[i] === undefined ? [{ type: c.type, id: ids[i] ?? '', key: keys[i] ?? '' }] : []));
  const { byId, byKey } = await currentRows(tx, sourceId, lookups);

  const outcomes: (ChangeOutcome | undefined)[] = new Array<ChangeOutcome | undefined>(changes.length);
  const writes: { index: number; record: NormalisedRecord }[] = [];
  const deletes: { index: number; row: Current }[] = [];
  changes.forEach((change, index) => {
    const id = ids[index] ?? '';
    const row = byId.get(`${change.type}/${id}`);
    const fail = (error: AppError): never => {
      throw new ChangeError(index, error);
    };
    if (row && row.source_id !== sourceId) {
      fail(recordError('resource_not_owned', `${change.type}/${id} is a record of source system "${row.source_id}"; a source system changes only its own records.`));
    }
    if (change.ifMatch !== undefined && (row === undefined || row.deleted || row.version !== change.ifMatch)) {
      fail(recordError('version_conflict', `${change.type}/${id} is at version ${row && !row.deleted ? row.version : 'none (it does not exist)'}, not ${change.ifMatch} as If-Match says.`));
    }
    if (change.method === 'delete') {
      if (row && !row.deleted) deletes.push({ index, row });
      else outcomes[index] = { type: change.type, id, result: 'absent', version: row?.version ?? 0, lastUpdated: (row?.received_at ?? at).toISOString() };
      return;
    }
    if (change.method === 'create' && row) fail(recordError('resource_exists', `${change.type}/${id} already exists.`));
    const key = row?.source_key ?? keys[index] ?? id;
    const resource = withoutServerMeta({ ...(change.resource ?? { resourceType: change.type }), id });
    const mapped = mapResource(resource, { sourceKey: key, location: {}, ...(options.today !== undefined ? { today: options.today } : {}) });
    const record = mapped.records[0] ?? { resourceType: change.type, sourceKey: key, payload: resource };
    // The record keeps the resource as sent, with the id it is known by.
    record.payload = resource;
    record.sourceKey = key;
    record.resourceType = row?.resource_type ?? change.type;
    record.fhir = { type: change.type, id, resource: resource as FhirResource & { id: string } };
    writes.push({ index, record });
  });

  // Patients first, so that the other records of the same changes can be linked to them.
  const patients = writes.filter((w) => w.record.fhir?.type === 'Patient');
  const others = writes.filter((w) => w.record.fhir?.type !== 'Patient');
  await store(tx, sourceId, patients, { byId, byKey }, outcomes, ids, { at, requestId: options.requestId });
  await linkSubjects(tx, others.map((w) => w.record));
  await store(tx, sourceId, others, { byId, byKey }, outcomes, ids, { at, requestId: options.requestId });
  if (deletes.length > 0) await deleteRows(tx, deletes.map((d) => d.row), at, options.requestId);
  for (const { index, row } of deletes) outcomes[index] = { type: row.fhir_type ?? '', id: row.fhir_id ?? '', result: 'deleted', version: row.version + 1, lastUpdated: at.toISOString() };
  return outcomes.map((o, i) => o ?? { type: changes[i]?.type ?? '', id: ids[i] ?? '', result: 'unchanged', version: 0, lastUpdated: at.toISOString() });
}

async function store(
  tx: Queryable,
  sourceId: string,
  writes: readonly { index: number; record: NormalisedRecord }[],
  current: CurrentRows,
  outcomes: (ChangeOutcome | undefined)[],
  ids: readonly string[],
  options: { at: Date; requestId: string | undefined },
): Promise<void> {
  if (writes.length === 0) return;
  const result = await storeRecords(tx, sourceId, null, writes.map((w) => w.record), {
    via: 'fhir', at: options.at, current: current.byKey, ...(options.requestId !== undefined ? { requestId: options.requestId } : {}),
  });
  const byKey = new Map(result.versions.map((v) => [`${v.resourceType}\u0000${v.sourceKey}`, v]));
  for (const { index, record } of writes) {
    const stored = byKey.get(`${record.resourceType}\u0000${record.sourceKey}`);
    const type = record.fhir?.type ?? record.resourceType;
    const id = ids[index] ?? '';
    const before = current.byId.get(`${type}/${id}`);
    const result: ChangeOutcome['result'] = !stored?.changed ? 'unchanged' : before && !before.deleted ? 'updated' : 'created';
    const lastUpdated = result === 'unchanged' && before ? before.received_at.toISOString() : options.at.toISOString();
    outcomes[index] = { type, id, result, version: stored?.version ?? before?.version ?? 1, lastUpdated, ...(stored?.text !== undefined ? { text: stored.text } : {}) };
  }
}

/** The resource without the meta the server sets (versionId, lastUpdated), so sending back what was read changes nothing. */
function withoutServerMeta(resource: FhirResource): FhirResource {
  const meta = resource.meta;
  if (typeof meta !== 'object' || meta === null || Array.isArray(meta)) return resource;
  const { versionId: _v, lastUpdated: _l, ...kept } = meta as Record<string, unknown>;
  const { meta: _m, ...rest } = resource;
  return (Object.keys(kept).length > 0 ? { ...rest, meta: kept } : rest);
}

/** The source key a client's id stands for: `<source>.<key>` is the caller's key; another source's form is reserved. */
function keyForId(sourceId: string, id: string, sources: readonly string[], fail: (error: AppError) => never): string {
  const dot = id.indexOf('.');
  if (dot > 0) {
    const prefix = id.slice(0, dot);
    const key = id.slice(dot + 1);
    if (sources.includes(prefix) && fhirIdFor(prefix, key) === id) {
      if (prefix === sourceId) return key;
      fail(recordError('resource_not_owned', `Ids of the form ${prefix}.<key> name records of source system "${prefix}".`));
    }
  }
  return id;
}

interface CurrentRows {
  /** By Type/id. */
  byId: ReadonlyMap<string, Current>;
  /** The calling source's own, by currentKey(resource_type, source_key), as the store wants them. */
  byKey: ReadonlyMap<string, CurrentVersion>;
}

/**
 * The current rows (locked) of the resources addressed, found by logical id, and of the calling
 * source's records under the keys the changes would write: one statement, nothing sent for none.
 */
async function currentRows(tx: Queryable, sourceId: string, lookups: readonly { type: string; id: string; key: string }[]): Promise<CurrentRows> {
  const byId = new Map<string, Current>();
  const byKey = new Map<string, CurrentVersion>();
  if (lookups.length === 0) return { byId, byKey };
  const { rows } = await tx.query<Current>(
    `SELECT r.id, r.fhir_type, r.fhir_id, r.source_id, r.source_key, r.resource_type, r.version, r.content_hash, r.deleted, r.identity_id, r.person_id, r.received_at
       FROM record.source_record r
      WHERE r.id IN (SELECT c.id FROM record.source_record c JOIN unnest($1::text[], $2::text[]) AS k(t, i) ON c.fhir_type = k.t AND c.fhir_id = k.i WHERE c.current
                     UNION
                     SELECT c.id FROM record.source_record c JOIN unnest($1::text[], $3::text[]) AS k(t, s) ON c.resource_type = k.t AND c.source_key = k.s
                      WHERE c.source_id = $4 AND c.current)
        FOR UPDATE OF r`,
    [lookups.map((l) => l.type), lookups.map((l) => l.id), lookups.map((l) => l.key), sourceId],
    { prepared: true },
  );
  for (const row of rows) {
    if (row.fhir_type !== null && row.fhir_id !== null) byId.set(`${row.fhir_type}/${row.fhir_id}`, row);
    if (row.source_id === sourceId) byKey.set(currentKey(row.resource_type, row.source_key), row);
  }
  return { byId, byKey };
}

/** The other source systems, when a change's id has the form <source>.<key> of one (keyForId needs them); none asked for otherwise. */
async function otherSources(tx: Queryable, sourceId: string, ids: readonly string[]): Promise<string[]> {
  if (!ids.some((id) => id.includes('.') && !id.startsWith(`${sourceId}.`))) return [];
  return (await tx.query<{ id: string }>('SELECT id FROM people.source_system')).rows.map((r) => r.id);
}

/** Links each record to the person its subject (or patient) names, when that Patient is held here. */
async function linkSubjects(tx: Queryable, records: readonly NormalisedRecord[]): Promise<void> {
  const wanted = new Map<NormalisedRecord, string>();
  for (const record of records) {
    const resource = record.fhir?.resource;
    for (const element of subjectElements) {
      const value = resource?.[element];
      const subject: unknown = Array.isArray(value) ? value[0] : value;
      const reference = typeof subject === 'object' && subject !== null ? (subject as { reference?: unknown }).reference : undefined;
      const match = typeof reference === 'string' ? relativePatient.exec(reference) : null;
      if (match?.[1] !== undefined) {
        wanted.set(record, match[1]);
        break;
      }
    }
  }
  if (wanted.size === 0) return;
  const { rows } = await tx.query<{ fhir_id: string; identity_id: number | null; person_id: number | null }>(
    `SELECT fhir_id, identity_id, person_id FROM record.source_record WHERE current AND NOT deleted AND fhir_type = 'Patient' AND fhir_id = ANY($1::text[])`,
    [[...new Set(wanted.values())]],
    { prepared: true },
  );
  const found = new Map(rows.map((r) => [r.fhir_id, r]));
  for (const [record, id] of wanted) {
    const row = found.get(id);
    if (row?.identity_id != null && row.person_id != null) record.subject = { identityId: row.identity_id, personId: row.person_id };
    // A subject not held here leaves the record unlinked, as an import would.
    delete record.subjectKey;
  }
}

/** A delete is a version of its own: no resource, kept in history; the record leaves the timeline and the search index. */
async function deleteRows(tx: Queryable, rows: readonly Current[], at: Date, requestId: string | undefined): Promise<void> {
  await tx.query(
    `WITH ${supersession(1).join(',\n')}
     INSERT INTO record.source_record (source_id, resource_type, source_key, version, content_hash, subject_key, identity_id, person_id, payload, normalised,
                                       fhir_type, fhir_id, resource, deleted, received_at, via, request_id)
     SELECT o.source_id, o.resource_type, o.source_key, o.version + 1, 'deleted', o.subject_key, o.identity_id, o.person_id, 'null'::json, '{}'::jsonb,
            o.fhir_type, o.fhir_id, NULL, true, $2, 'fhir', $3
       FROM superseded o`,
    [rows.map((r) => r.id), at, requestId ?? null],
    { prepared: true },
  );
}
