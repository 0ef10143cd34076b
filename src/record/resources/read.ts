/**
 * Reading the FHIR view of the record: one resource (current or a version), history (of a
 * resource, a type, or everything), and a person's whole record across every source ($everything).
 * Resources come back as the JSON text stored when they were written, so serving them costs no parse.
 */
import { everyone, type PersonScope, type Queryable } from '../../platform/index.js';

/**
 * The condition a record of the FHIR view meets when the caller may see it: it is about no one (an
 * Organization, a Practitioner), or about a person within the scope. A record about someone the
 * index could not link to a person is seen only by callers who see everyone.
 */
export function recordInScope(scope: PersonScope, alias: string, params: unknown[]): string {
  if (scope === everyone) return 'true';
  const person = scope.condition(`${alias}.person_id`, params);
  const records = scope.records?.({ id: `${alias}.id`, sourceId: `${alias}.source_id`, personId: `${alias}.person_id` }, params);
  return `((${alias}.person_id IS NULL AND ${alias}.subject_key IS NULL) OR (${person}${records === undefined ? '' : ` AND ${records}`}))`;
}

/** One version of a resource. */
export interface StoredResource {
  type: string;
  id: string;
  version: number;
  /** ISO instant: meta.lastUpdated. */
  lastUpdated: string;
  deleted: boolean;
  sourceId: string;
  /** The resource as served (JSON text); null for a deletion. */
  text: string | null;
  /** How the version came to be, for history: a first version, a later one, or a deletion. */
  method: 'create' | 'update' | 'delete';
}

interface Row {
  fhir_type: string;
  fhir_id: string;
  version: number;
  received_at: Date;
  deleted: boolean;
  source_id: string;
  text: string | null;
}

const columns = `r.fhir_type, r.fhir_id, r.version, r.received_at, r.deleted, r.source_id, r.resource::text AS text`;

/** The source, type and key of the resource $1/$2: its versions are found by them, through their own unique index. */
const sameRecord = `SELECT c.source_id, c.resource_type, c.source_key FROM record.source_record c WHERE c.fhir_type = $1 AND c.fhir_id = $2 AND c.current`;

function toStored(row: Row): StoredResource {
  return {
    type: row.fhir_type, id: row.fhir_id, version: row.version, lastUpdated: row.received_at.toISOString(), deleted: row.deleted,
    sourceId: row.source_id, text: row.text, method: row.deleted ? 'delete' : row.version === 1 ? 'create' : 'update',
  };
}

/** The current version of a resource (a deletion when it was deleted), or a given version; undefined when there is none. */
export async function readResource(db: Queryable, type: string, id: string, version?: number, scope: PersonScope = everyone): Promise<StoredResource | undefined> {
  const params: unknown[] = version === undefined ? [type, id] : [type, id, version];
  // The current version says whose record it is (every version moves with its identity).
  const seen = scope === everyone ? '' : ` AND EXISTS (SELECT 1 FROM record.source_record s WHERE s.fhir_type = $1 AND s.fhir_id = $2 AND s.current AND ${recordInScope(scope, 's', params)})`;
  const { rows } = version === undefined
    ? await db.query<Row>(`SELECT ${columns} FROM record.source_record r WHERE r.fhir_type = $1 AND r.fhir_id = $2 AND r.current${seen}`, params, { prepared: true })
    : await db.query<Row>(`SELECT ${columns} FROM record.source_record r WHERE (r.source_id, r.resource_type, r.source_key) = (${sameRecord}) AND r.version = $3${seen}`, params, { prepared: true });
  const row = rows[0];
  return row ? toStored(row) : undefined;
}

/** Where a page of history ends: the instant and record id of its last entry. */
export interface HistoryCursor {
  at: string;
  record: number;
}

interface HistoryQuery {
  /** Only this type (type history) … */
  type?: string;
  /** … and only this resource (instance history). */
  id?: string;
  /** Only versions written at or after this instant (_since). */
  since?: string;
  /** Only versions written before this instant (_at's upper bound is not needed here: paging uses the cursor). */
  count: number;
  after?: HistoryCursor;
  /** Only these types (system history). */
  types?: readonly string[];
  /** Only records the caller may see. */
  scope?: PersonScope;
}

/** Versions newest first, a page at a time; `next` is set when there are more. */
export async function resourceHistory(db: Queryable, query: HistoryQuery): Promise<{ entries: StoredResource[]; next?: HistoryCursor }> {
  const params: unknown[] = [];
  const where: string[] = ['r.fhir_type IS NOT NULL'];
  const param = (value: unknown): string => {
    params.push(value);
    return `$${params.length}`;
  };
  if (query.type !== undefined && query.id !== undefined) {
    param(query.type);
    param(query.id);
    where.push(`(r.source_id, r.resource_type, r.source_key) = (${sameRecord})`);
  } else if (query.type !== undefined) where.push(`r.fhir_type = ${param(query.type)}`);
  else if (query.types !== undefined) where.push(`r.fhir_type = ANY(${param(query.types)}::text[])`);
  if (query.since !== undefined) where.push(`r.received_at >= ${param(query.since)}::timestamptz`);
  if (query.after !== undefined) where.push(`(r.received_at, r.id) < (${param(query.after.at)}::timestamptz, ${param(query.after.record)}::int8)`);
  if (query.scope !== undefined && query.scope !== everyone) {
    // Versions move with their identity, so each version's person is the current one's.
    where.push(recordInScope(query.scope, 'r', params));
  }
  const { rows } = await db.query<Row & { id: number; at: string }>(
    `SELECT ${columns}, r.id, r.received_at::text AS at FROM record.source_record r WHERE ${where.join(' AND ')}
      ORDER BY r.received_at DESC, r.id DESC LIMIT ${param(query.count + 1)}`,
    params,
  );
  const page = rows.slice(0, query.count);
  const last = page[page.length - 1];
  return { entries: page.map(toStored), ...(rows.length > query.count && last ? { next: { at: last.at, record: last.id } } : {}) };
}

/** The person a Patient resource belongs to (every source's identities of them are linked to that person). */
export async function personOfPatient(db: Queryable, id: string, scope: PersonScope = everyone): Promise<{ personId: number | null; deleted: boolean } | undefined> {
  const params: unknown[] = [id];
  const { rows } = await db.query<{ person_id: number | null; deleted: boolean }>(
    `SELECT r.person_id, r.deleted FROM record.source_record r WHERE r.fhir_type = 'Patient' AND r.fhir_id = $1 AND r.current AND ${recordInScope(scope, 'r', params)}`,
    params,
    { prepared: true },
  );
  const row = rows[0];
  return row ? { personId: row.person_id, deleted: row.deleted } : undefined;
}

/** Where a page of a person's record ends: its last resource. */
export interface EverythingCursor {
  /** 0 for the person's Patient resources (they come first), 1 for the rest. */
  rank: number;
  type: string;
  id: string;
}

/**
 * A page of every current resource, from every source, of the person (FHIR R4 Patient/$everything):
 * their Patient resources first, then the rest by type and id, optionally only of some types or
 * changed since an instant.
 */
export async function personRecords(
  db: Queryable,
  personId: number,
  query: { count: number; types: readonly string[]; since?: string; after?: EverythingCursor; scope?: PersonScope },
): Promise<{ entries: StoredResource[]; next?: EverythingCursor }> {
  const params: unknown[] = [personId, query.types, query.count + 1];
  const where = ['r.person_id = $1', 'r.current', 'NOT r.deleted', 'r.fhir_type = ANY($2::text[])'];
  const records = query.scope?.records?.({ id: 'r.id', sourceId: 'r.source_id', personId: 'r.person_id' }, params);
  if (records !== undefined) where.push(records);
  if (query.since !== undefined) {
    params.push(query.since);
    where.push(`r.received_at >= $${params.length}::timestamptz`);
  }
  if (query.after !== undefined) {
    params.push(query.after.rank, query.after.type, query.after.id);
    const n = params.length;
    where.push(`((r.fhir_type <> 'Patient')::int, r.fhir_type, r.fhir_id) > ($${n - 2}::int, $${n - 1}::text, $${n}::text)`);
  }
  const { rows } = await db.query<Row>(
    `SELECT ${columns} FROM record.source_record r WHERE ${where.join(' AND ')}
      ORDER BY (r.fhir_type <> 'Patient')::int, r.fhir_type, r.fhir_id LIMIT $3`,
    params,
  );
  const page = rows.slice(0, query.count);
  const last = page[page.length - 1];
  return {
    entries: page.map(toStored),
    ...(rows.length > query.count && last ? { next: { rank: last.fhir_type === 'Patient' ? 0 : 1, type: last.fhir_type, id: last.fhir_id } } : {}),
  };
}

/** The current versions of several resources at once (in no particular order; missing ones left out). */
export async function readResources(db: Queryable, refs: readonly { type: string; id: string }[]): Promise<StoredResource[]> {
  if (refs.length === 0) return [];
  const { rows } = await db.query<Row>(
    `SELECT ${columns} FROM record.source_record r JOIN unnest($1::text[], $2::text[]) AS k(t, i) ON r.fhir_type = k.t AND r.fhir_id = k.i WHERE r.current`,
    [refs.map((r) => r.type), refs.map((r) => r.id)],
    { prepared: true },
  );
  return rows.map(toStored);
}
