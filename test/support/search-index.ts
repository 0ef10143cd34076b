// Writing and clearing search-index rows of records already stored, for tests that build the index
// by hand: the same CTEs the store puts in its own statements (src/record/search/index-store.ts).
import type { Queryable } from '../../src/platform/index.js';
import { type IndexEntry, searchIndexDeletes, searchIndexInserts } from '../../src/record/search/index.js';

/** Adds the index rows of records in one statement; nothing is sent when there is nothing to write. */
export async function writeSearchIndex(tx: Queryable, entries: readonly IndexEntry[]): Promise<void> {
  const params: unknown[] = [entries.map((e) => e.recordId)];
  const parts = searchIndexInserts(entries.map(({ recordId: _, ...entry }, i) => ({ ...entry, ord: i + 1 })), params, 'ids');
  if (parts.length === 0) return;
  await tx.query(`WITH ids AS (SELECT * FROM unnest($1::int8[]) WITH ORDINALITY AS u(id, ord)),\n${parts.join(',\n')} SELECT 1`, params);
}

/** Removes the index rows of records in one statement. */
export async function clearSearchIndex(tx: Queryable, recordIds: readonly number[]): Promise<void> {
  if (recordIds.length === 0) return;
  await tx.query(`WITH ${searchIndexDeletes('$1').join(',\n')} SELECT 1`, [recordIds]);
}
