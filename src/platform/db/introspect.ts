import type { Queryable } from './db.js';

export interface TableSize {
  schema: string;
  name: string;
  rows: number;
  /** True when the table is so large that the planner's estimate is shown instead of a count. */
  estimated: boolean;
}

/** Tables above this many (estimated) rows are not counted exactly: a count would scan them. */
const exactCountLimit = 1_000_000;

/** The base tables of the given schemas, in name order, with their row counts. */
export async function tableSizes(db: Queryable, schemas: readonly string[]): Promise<TableSize[]> {
  const tables = await db.query<{ schema: string; name: string; estimate: number }>(
    `SELECT n.nspname AS schema, c.relname AS name, c.reltuples::float8 AS estimate
       FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE c.relkind IN ('r', 'p') AND n.nspname = ANY($1::text[]) AND NOT c.relispartition
      ORDER BY n.nspname, c.relname`,
    [schemas],
  );
  const exact = tables.rows.filter((t) => t.estimate < exactCountLimit);
  const counts = new Map<string, number>();
  if (exact.length > 0) {
    const sql = exact
      .map((t, i) => `SELECT ${i} AS i, count(*)::int8 AS n FROM ${quoteIdent(t.schema)}.${quoteIdent(t.name)}`)
      .join(' UNION ALL ');
    const result = await db.query<{ i: number; n: number }>(sql);
    for (const row of result.rows) {
      const t = exact[row.i];
      if (t) counts.set(`${t.schema}.${t.name}`, row.n);
    }
  }
  return tables.rows.map((t) => {
    const n = counts.get(`${t.schema}.${t.name}`);
    return n === undefined
      ? { schema: t.schema, name: t.name, rows: Math.round(t.estimate), estimated: true }
      : { schema: t.schema, name: t.name, rows: n, estimated: false };
  });
}

/** Quotes an SQL identifier (as PostgreSQL's quote_ident does). */
export function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}
