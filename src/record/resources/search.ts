/**
 * Running a FHIR search over the record: the current, undeleted records of one type that meet the
 * conditions, a page at a time in a stable order (the requested sort keys, then the logical id).
 * Pages are keyset pages: the next one starts after the last resource of this one, so resources
 * that arrive or go while a client pages through neither shift nor repeat what it has seen.
 */
import { everyone, type PersonScope, type Queryable } from '../../platform/index.js';
import { recordInScope, type StoredResource } from './read.js';

/** One sort key: a scalar SQL expression over `r`, its type, and its direction. */
export interface SortKey {
  sql: string;
  type: 'text' | 'timestamptz' | 'numeric';
  direction: 'asc' | 'desc';
}

export interface SearchPlan {
  type: string;
  /** Builds the AND of the search's conditions over `record.source_record r`, adding its values to params. */
  where: (params: unknown[]) => string;
  sort: readonly SortKey[];
}

export interface Match extends StoredResource {
  recordId: number;
}

export interface SearchPage {
  matches: Match[];
  /** Where the next page starts (opaque), when there is one. */
  next?: string;
  /** How many resources match, when asked for, or known without asking (a first page that holds them all). */
  total?: number;
}

interface Row {
  record_id: number;
  fhir_type: string;
  fhir_id: string;
  version: number;
  received_at: Date;
  source_id: string;
  text: string;
  [sortKey: `s${number}`]: unknown;
}

/** A sort key's value as the text the cursor keeps (instants to the millisecond, as the store writes them). */
function keyText(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  if (value instanceof Date) return value.toISOString();
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/** A page of matches. `cursor` is a `next` of an earlier page of the same search. */
export async function runSearch(
  db: Queryable,
  plan: SearchPlan,
  page: { count: number; cursor?: string; total: 'none' | 'estimate' | 'accurate' },
): Promise<SearchPage> {
  const params: unknown[] = [plan.type];
  const conditions = ['r.current', 'NOT r.deleted', 'r.fhir_type = $1'];
  const where = plan.where(params);
  if (where !== '') conditions.push(where);
  const filtered = [...conditions];
  const after = page.cursor === undefined ? undefined : decodeCursor(page.cursor, plan.sort.length);
  if (after !== undefined) conditions.push(keyset(plan.sort, after, params));
  const sortColumns = plan.sort.map((k, i) => `, (${k.sql}) AS s${i}`).join('');
  const order = [...plan.sort.map((k, i) => `s${i} ${k.direction.toUpperCase()} NULLS LAST`), 'r.fhir_id ASC'].join(', ');
  const limit = params.push(page.count + 1);
  const { rows } = await db.query<Row>(
    `SELECT r.id AS record_id, r.fhir_type, r.fhir_id, r.version, r.received_at, r.source_id, r.resource::text AS text${sortColumns}
       FROM record.source_record r WHERE ${conditions.join(' AND ')} ORDER BY ${order} LIMIT $${limit}`,
    params,
  );
  const pageRows = rows.slice(0, page.count);
  const last = pageRows[pageRows.length - 1];
  const result: SearchPage = {
    matches: pageRows.map((r) => ({
      recordId: r.record_id, type: r.fhir_type, id: r.fhir_id, version: r.version, lastUpdated: r.received_at.toISOString(), deleted: false,
      sourceId: r.source_id, text: r.text, method: r.version === 1 ? 'create' : 'update',
    })),
  };
  if (rows.length > page.count && last) result.next = encodeCursor([...plan.sort.map((_, i) => keyText(last[`s${i}`])), last.fhir_id]);
  if (page.total === 'accurate' && (after !== undefined || result.next !== undefined)) {
    const countParams = params.slice(0, limit - 1);
    const { rows: counted } = await db.query<{ n: number }>(`SELECT count(*)::int8 AS n FROM record.source_record r WHERE ${filtered.join(' AND ')}`, countParams);
    result.total = counted[0]?.n ?? 0;
  } else if (page.total !== 'none' && after === undefined && result.next === undefined) {
    result.total = result.matches.length;
  }
  return result;
}

/**
 * Rows after the cursor in the order (k1 dir1 NULLS LAST, …, fhir_id ASC): the usual expansion of a
 * row comparison into "equal on the first i keys and after on key i+1", since directions are mixed.
 */
function keyset(sort: readonly SortKey[], after: readonly (string | null)[], params: unknown[]): string {
  const alternatives: string[] = [];
  const equal: string[] = [];
  sort.forEach((key, i) => {
    const value = after[i] ?? null;
    if (value !== null) {
      const n = params.push(value);
      const op = key.direction === 'asc' ? '>' : '<';
      // NULLS LAST: a resource without the key comes after every one with it.
      alternatives.push([...equal, `((${key.sql}) ${op} $${n}::${key.type} OR (${key.sql}) IS NULL)`].join(' AND '));
      equal.push(`(${key.sql}) = $${n}::${key.type}`);
    } else {
      equal.push(`(${key.sql}) IS NULL`);
    }
  });
  const n = params.push(after[sort.length] ?? '');
  alternatives.push([...equal, `r.fhir_id > $${n}`].join(' AND '));
  return `(${alternatives.map((a) => `(${a})`).join(' OR ')})`;
}

function encodeCursor(values: readonly (string | null)[]): string {
  return Buffer.from(JSON.stringify(values)).toString('base64url');
}

/** Thrown for a cursor that is not one this search gave. */
export class CursorError extends Error {}

function decodeCursor(cursor: string, keys: number): (string | null)[] {
  try {
    const values: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(values) && values.length === keys + 1 && values.every((v) => v === null || typeof v === 'string')) return values as (string | null)[];
  } catch {
    // reported below
  }
  throw new CursorError('The _cursor parameter is not a page of this search; follow the links the server gave.');
}

/** Resources that matches refer to through a reference parameter (`_include`), or that refer to them (`_revinclude`). */
export interface Inclusion {
  /** The type whose reference parameter is followed. */
  sourceType: string;
  /** The parameter, or '*' for every reference parameter. */
  param: string;
  /** Only targets (or sources) of this type. */
  targetType?: string;
  reverse: boolean;
}

/** The resources the inclusions reach from the matches, once each, leaving out the matches themselves. */
export async function includedResources(db: Queryable, matches: readonly Match[], inclusions: readonly Inclusion[], scope: PersonScope = everyone): Promise<Match[]> {
  const seen = new Set(matches.map((m) => `${m.type}/${m.id}`));
  const out: Match[] = [];
  if (matches.length === 0) return out;
  for (const inclusion of inclusions) {
    const params: unknown[] = [];
    let sql: string;
    if (!inclusion.reverse) {
      const from = matches.filter((m) => m.type === inclusion.sourceType).map((m) => m.recordId);
      if (from.length === 0) continue;
      params.push(from, inclusion.param, inclusion.targetType ?? null);
      sql = `SELECT DISTINCT t.id AS record_id, t.fhir_type, t.fhir_id, t.version, t.received_at, t.source_id, t.resource::text AS text
               FROM record.search_reference ref
               JOIN record.source_record t ON t.fhir_type = ref.target_type AND t.fhir_id = ref.target_id AND t.current AND NOT t.deleted
              WHERE ref.record_id = ANY($1::int8[]) AND ($2 = '*' OR ref.param = $2) AND ($3::text IS NULL OR ref.target_type = $3) AND ${recordInScope(scope, 't', params)}`;
    } else {
      const to = inclusion.targetType === undefined ? matches : matches.filter((m) => m.type === inclusion.targetType);
      if (to.length === 0) continue;
      params.push(inclusion.sourceType, inclusion.param, to.map((m) => m.type), to.map((m) => m.id));
      sql = `SELECT DISTINCT t.id AS record_id, t.fhir_type, t.fhir_id, t.version, t.received_at, t.source_id, t.resource::text AS text
               FROM record.search_reference ref
               JOIN unnest($3::text[], $4::text[]) AS m(ty, id) ON ref.target_type = m.ty AND ref.target_id = m.id
               JOIN record.source_record t ON t.id = ref.record_id AND t.current AND NOT t.deleted
              WHERE ref.resource_type = $1 AND ($2 = '*' OR ref.param = $2) AND ${recordInScope(scope, 't', params)}`;
    }
    const { rows } = await db.query<Row>(sql, params);
    for (const r of rows) {
      const key = `${r.fhir_type}/${r.fhir_id}`;
      if (seen.has(key)) continue;
      seen.add(key);
      out.push({
        recordId: r.record_id, type: r.fhir_type, id: r.fhir_id, version: r.version, lastUpdated: r.received_at.toISOString(), deleted: false,
        sourceId: r.source_id, text: r.text, method: r.version === 1 ? 'create' : 'update',
      });
    }
  }
  return out;
}

/** Only the number of matches (`_summary=count`, `_count=0`). */
export async function countMatches(db: Queryable, plan: SearchPlan): Promise<number> {
  const params: unknown[] = [plan.type];
  const where = plan.where(params);
  const { rows } = await db.query<{ n: number }>(
    `SELECT count(*)::int8 AS n FROM record.source_record r WHERE r.current AND NOT r.deleted AND r.fhir_type = $1${where === '' ? '' : ` AND ${where}`}`,
    params,
  );
  return rows[0]?.n ?? 0;
}
