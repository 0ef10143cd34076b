// Writing, clearing and moving the search index on each backend: each one round trip,
// nothing sent when there is nothing to do, and the rows as the search reads them.
import { beforeEach, describe, expect, it } from 'vitest';
import { backends, freshDatabaseEach } from '../../../test/support/databases.js';
import { allMigrations } from '../../joinedup.js';
import { type Db, type Queryable, migrate } from '../../platform/index.js';
import { extractIndex } from './extract.js';
import { clearSearchIndex, writeSearchIndex } from '../../../test/support/search-index.js';
import { moveRecordsOfIdentities } from '../store.js';
import { searchIndexTables } from './index-store.js';
import type { IndexValues } from './index-values.js';

const observation = (id: string, subject: string): { resourceType: string; id: string } & Record<string, unknown> => ({
  resourceType: 'Observation', id, status: 'final', code: { coding: [{ system: 'http://loinc.org', code: '8867-4' }], text: 'Heart rate' },
  subject: { reference: subject }, effectivePeriod: { start: '2024-03-05T10:30:00Z' }, valueQuantity: { value: 72.50, system: 'http://unitsofmeasure.org', code: '/min' },
  note: [{ text: 'at rest' }], meta: { tag: [{ code: 'x' }] }, valueString: 'a second value, for value-string',
});
const noValues: IndexValues = { tokens: [], strings: [], dates: [], references: [], quantities: [] };

/** The database, counting the statements sent through it. */
function counting(db: Db): { tx: Queryable; sent: () => number } {
  let sent = 0;
  return {
    tx: { query: (sql, params) => { sent++; return db.query(sql, params); }, exec: (sql) => { sent++; return db.exec(sql); } },
    sent: () => sent,
  };
}

describe.each(backends)('the search index on $name', (backend) => {
  const database = freshDatabaseEach(backend, (db) => migrate(db, allMigrations()));
  let db: Db;
  beforeEach(() => {
    if (backend.available) db = database();
  });

  async function records(count: number, identityId: number | null = null): Promise<number[]> {
    const { rows } = await db.query<{ id: number }>(
      `INSERT INTO record.source_record (source_id, resource_type, source_key, version, content_hash, payload, normalised, fhir_type, fhir_id, identity_id)
       SELECT 'gp', 'Observation', 'o' || n || '-' || $2::text, 1, 'x', '{}', '{}', 'Observation', 'o' || n || '-' || $2::text, $3::int8 FROM generate_series(1, $1::int4) AS n RETURNING id`,
      [count, String(identityId ?? 0), identityId],
    );
    return rows.map((r) => r.id);
  }
  const personOf = async (table: string): Promise<(number | null)[]> =>
    (await db.query<{ person_id: number | null }>(`SELECT DISTINCT person_id FROM ${table} ORDER BY person_id`)).rows.map((r) => r.person_id);
  const counts = async (): Promise<number[]> =>
    Promise.all(searchIndexTables.map(async (t) => (await db.query<{ n: number }>(`SELECT count(*)::int8 AS n FROM ${t}`)).rows[0]?.n ?? -1));

  it.skipIf(!backend.available)('writes all five tables in one statement, as extracted', async () => {
    const [id] = await records(1);
    const { tx, sent } = counting(db);
    await writeSearchIndex(tx, [{ recordId: id!, personId: 7, resourceType: 'Observation', values: extractIndex(observation('o1', 'Patient/p1')) }]);
    expect(sent()).toBe(1);
    expect(await counts()).toEqual([4, 1, 1, 2, 2]); // code, combo-code, status, _tag; value-string; date; subject, patient; (combo-)value-quantity
    const { rows } = await db.query<{ param: string; value: string; low: Date; high: string }>(
      `SELECT q.param, q.value::text AS value, d.low, d.high::text AS high FROM record.search_quantity q JOIN record.search_date d USING (record_id) ORDER BY q.param`,
    );
    expect(rows).toEqual([
      { param: 'combo-value-quantity', value: '72.5', low: new Date('2024-03-05T10:30:00Z'), high: 'infinity' },
      { param: 'value-quantity', value: '72.5', low: new Date('2024-03-05T10:30:00Z'), high: 'infinity' },
    ]);
    expect(await personOf('record.search_reference')).toEqual([7]);
  });

  it.skipIf(!backend.available)('keeps text exactly, whatever characters it holds', async () => {
    const [id] = await records(1);
    const texts = ['a "quoted" \\ back\\slash', '{braces}, commas', 'NULL', '', 'Zoë 🙂 ✓'];
    await writeSearchIndex(db, [{ recordId: id!, personId: null, resourceType: 'Observation', values: { ...noValues, tokens: texts.map((code) => ({ param: 'identifier', system: code, code })) } }]);
    const { rows } = await db.query<{ system: string | null; code: string }>('SELECT system, code FROM record.search_token');
    expect(rows.sort((a, b) => (a.code < b.code ? -1 : 1))).toEqual([...texts].sort().map((t) => ({ system: t, code: t })));
  });

  it.skipIf(!backend.available)('sends nothing when there is nothing to write, clear or move', async () => {
    const [id] = await records(1);
    const { tx, sent } = counting(db);
    await writeSearchIndex(tx, []);
    await writeSearchIndex(tx, [{ recordId: id!, personId: null, resourceType: 'Observation', values: noValues }]);
    await clearSearchIndex(tx, []);
    await moveRecordsOfIdentities(tx, [], []);
    expect(sent()).toBe(0);
  });

  it.skipIf(!backend.available)('writes a batch of thousands in one statement, and clears some of it in another', async () => {
    const ids = await records(2000);
    const { tx, sent } = counting(db);
    await writeSearchIndex(tx, ids.map((recordId, i) => ({ recordId, personId: i % 10, resourceType: 'Observation', values: extractIndex(observation(`o${i}`, `Patient/p${i % 10}`)) })));
    expect(sent()).toBe(1);
    expect(await counts()).toEqual([8000, 2000, 2000, 4000, 4000]);
    await clearSearchIndex(tx, ids.slice(0, 500));
    expect(sent()).toBe(2);
    expect(await counts()).toEqual([6000, 1500, 1500, 3000, 3000]);
  });

  it.skipIf(!backend.available)('moves the records of an identity to another person, every version, timeline line and index row, in one statement', async () => {
    const { rows: [person] } = await db.query<{ id: number }>('INSERT INTO people.person DEFAULT VALUES RETURNING id');
    const { rows: [identity] } = await db.query<{ id: number }>(
      `INSERT INTO people.identity (source_id, local_id, person_id, linked_by) VALUES ('gp', 'l1', $1, 'own-record') RETURNING id`, [person!.id]);
    const ids = await records(2, identity!.id);
    const other = await records(1);
    await writeSearchIndex(db, [...ids, ...other].map((recordId) => ({ recordId, personId: 1, resourceType: 'Observation', values: extractIndex(observation('o', 'Patient/p1')) })));
    const { tx, sent } = counting(db);
    await moveRecordsOfIdentities(tx, [identity!.id], [9]);
    expect(sent()).toBe(1);
    for (const table of searchIndexTables) expect(await personOf(table)).toEqual([1, 9]);
    expect(await personOf('record.source_record')).toEqual([9, null]);
  });
});
