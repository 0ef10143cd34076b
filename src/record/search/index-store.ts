/**
 * Writing the search index: the values of each current record's search parameters, one table per
 * kind of value (migration 0003). The five tables are written, cleared or moved together by
 * data-modifying CTEs over unnest arrays, which the store puts in the statement that writes, retires
 * or moves the records themselves: one statement whatever the batch size.
 */
import type { IndexValues } from './index-values.js';

export interface IndexEntry {
  /** The source_record row (the version) the values were extracted from. */
  recordId: number;
  /** That record's person, kept on every index row so person-scoped rows can be sharded by person. */
  personId: number | null;
  resourceType: string;
  values: IndexValues;
}

type Column = readonly unknown[];

interface Table {
  name: string;
  /** Columns after record_id, person_id and resource_type, with the array type of each. */
  columns: readonly (readonly [string, string])[];
  rows(values: IndexValues): readonly (readonly unknown[])[];
}

const tables: readonly Table[] = [
  { name: 'search_token', columns: [['param', 'text'], ['system', 'text'], ['code', 'text']], rows: (v) => v.tokens.map((t) => [t.param, t.system, t.code]) },
  { name: 'search_string', columns: [['param', 'text'], ['norm', 'text'], ['exact', 'text']], rows: (v) => v.strings.map((s) => [s.param, s.norm, s.exact]) },
  { name: 'search_date', columns: [['param', 'text'], ['low', 'timestamptz'], ['high', 'timestamptz']], rows: (v) => v.dates.map((d) => [d.param, d.low, d.high]) },
  {
    name: 'search_reference',
    columns: [['param', 'text'], ['target_type', 'text'], ['target_id', 'text'], ['url', 'text']],
    rows: (v) => v.references.map((r) => [r.param, r.targetType, r.targetId, r.url]),
  },
  {
    name: 'search_quantity',
    columns: [['param', 'text'], ['value', 'numeric'], ['system', 'text'], ['code', 'text']],
    rows: (v) => v.quantities.map((q) => [q.param, q.value, q.system, q.code]),
  },
];

/** The index tables, for those who clear or inspect them. */
export const searchIndexTables: readonly string[] = tables.map((t) => `record.${t.name}`);

/** The values of one record to index, by its place in a batch (`ord`, from 1), before its id is known. */
export interface PendingIndexEntry extends Omit<IndexEntry, 'recordId'> {
  ord: number;
}

/**
 * Data-modifying CTEs that add the index rows of a batch, taking each row's record_id from the CTE
 * `ids` (columns ord, id) that the caller's statement defines: so a record and its index go in one
 * statement. Values are pushed on `params`; no CTE for a table with nothing to write.
 */
export function searchIndexInserts(entries: readonly PendingIndexEntry[], params: unknown[], ids: string): string[] {
  const parts: string[] = [];
  for (const table of tables) {
    const ords: number[] = [];
    const personIds: (number | null)[] = [];
    const types: string[] = [];
    const columns: unknown[][] = table.columns.map(() => []);
    for (const entry of entries) {
      for (const row of table.rows(entry.values)) {
        ords.push(entry.ord);
        personIds.push(entry.personId);
        types.push(entry.resourceType);
        row.forEach((value, i) => columns[i]?.push(value));
      }
    }
    if (ords.length === 0) continue;
    const arrays: [Column, string][] = [[ords, 'int4'], [personIds, 'int8'], [types, 'text'], ...columns.map((c, i): [Column, string] => [c, table.columns[i]?.[1] ?? 'text'])];
    const placeholders = arrays.map(([values, type]) => {
      params.push(values);
      return `$${params.length}::${type}[]`;
    });
    const names = table.columns.map(([name]) => name);
    parts.push(
      `${table.name} AS (INSERT INTO record.${table.name} (record_id, person_id, resource_type, ${names.join(', ')})
         SELECT i.id, v.person_id, v.resource_type, ${names.map((n) => `v.${n}`).join(', ')}
           FROM unnest(${placeholders.join(', ')}) AS v(ord, person_id, resource_type, ${names.join(', ')}) JOIN ${ids} i ON i.ord = v.ord)`,
    );
  }
  return parts;
}

/** Data-modifying CTEs (named cleared_<table>) that remove the index rows of the records whose ids are the int8[] parameter `ids` (e.g. '$1'). */
export function searchIndexDeletes(ids: string): string[] {
  return tables.map((t) => `cleared_${t.name} AS (DELETE FROM record.${t.name} WHERE record_id = ANY(${ids}::int8[]))`);
}

/**
 * Data-modifying CTEs that set the person of the index rows of the records in the CTE `moved`
 * (columns r, the record id, and p, its person): when linkage, a merge or its undoing moves them.
 */
export function searchIndexPersonUpdates(moved: string): string[] {
  return tables.map((t) => `moved_${t.name} AS (UPDATE record.${t.name} x SET person_id = m.p FROM ${moved} m WHERE x.record_id = m.r)`);
}
