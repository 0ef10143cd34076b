import { beforeEach, describe, expect, it } from 'vitest';
import { backends, freshDatabaseEach } from '../../../test/support/databases.js';
import { isAppError } from '../errors.js';
import type { Db } from './db.js';

describe.each(backends)('store on $name', (backend) => {
  const database = freshDatabaseEach(backend);
  let db: Db;
  beforeEach(() => {
    if (backend.available) db = database();
  });

  it.skipIf(!backend.available)('returns the same JavaScript values on every backend', async () => {
    const { rows } = await db.query(
      `SELECT 42::int4 AS int4, 9007199254740991::int8 AS int8, 9007199254740993::int8 AS big,
              12345678901234567890.123456789::numeric AS exact, 0.5::float8 AS float,
              true AS yes, 'Zoë O''Neill'::text AS name, '2024-02-29'::date AS born,
              '2026-11-23T04:40:00.123Z'::timestamptz AS instant, '2026-11-23 04:40:00'::timestamp AS local,
              '{"a":[1,2,{"b":null}]}'::jsonb AS doc, '\\x00ff10'::bytea AS bytes,
              ARRAY['x','y']::text[] AS texts, ARRAY[1,2]::int8[] AS ints, ARRAY['2024-01-01']::date[] AS dates,
              NULL::text AS nothing, $1::text AS param, $2::int8 AS int_param, $3::jsonb AS json_param`,
      ['given', 7, JSON.stringify({ k: 'v' })],
    );
    expect(rows[0]).toEqual({
      int4: 42,
      int8: 9007199254740991,
      big: 9007199254740993n,
      exact: '12345678901234567890.1234567890'.replace(/0$/, ''),
      float: 0.5,
      yes: true,
      name: "Zoë O'Neill",
      born: '2024-02-29',
      instant: new Date('2026-11-23T04:40:00.123Z'),
      local: '2026-11-23 04:40:00',
      doc: { a: [1, 2, { b: null }] },
      bytes: new Uint8Array([0, 255, 16]),
      texts: ['x', 'y'],
      ints: [1, 2],
      dates: ['2024-01-01'],
      nothing: null,
      param: 'given',
      int_param: 7,
      json_param: { k: 'v' },
    });
  });

  it.skipIf(!backend.available)('counts rows touched by a write', async () => {
    await db.exec('CREATE TABLE t (n int); INSERT INTO t VALUES (1), (2), (3);');
    expect((await db.query('UPDATE t SET n = n + 1 WHERE n > 1')).rowCount).toBe(2);
    expect((await db.query('SELECT * FROM t')).rowCount).toBe(3);
  });

  it.skipIf(!backend.available)('runs a prepared statement again and again, on the pool and in transactions, with each call\'s values', async () => {
    await db.exec('CREATE TABLE t (n int, word text); INSERT INTO t VALUES (1, \'one\'), (2, \'two\'), (3, \'three\');');
    const sql = 'SELECT word FROM t WHERE n = ANY($1::int[]) ORDER BY n';
    const words = async (q: Pick<Db, 'query'>, ns: number[]): Promise<string[]> => (await q.query<{ word: string }>(sql, [ns], { prepared: true })).rows.map((r) => r.word);
    // More calls than connections and than the calls after which a server may switch to a generic plan.
    for (let i = 0; i < 12; i++) expect(await words(db, [1 + (i % 3)])).toEqual([['one', 'two', 'three'][i % 3]]);
    expect(await db.transaction(async (tx) => [await words(tx, [1, 3]), await words(tx, [])])).toEqual([['one', 'three'], []]);
    // A prepared write is undone with its transaction like any other.
    await expect(db.transaction(async (tx) => {
      await tx.query('INSERT INTO t VALUES ($1, $2)', [4, 'four'], { prepared: true });
      throw new Error('undo');
    })).rejects.toThrow('undo');
    expect(await words(db, [4])).toEqual([]);
  });

  it.skipIf(!backend.available)('commits a transaction that succeeds and rolls back one that throws', async () => {
    await db.exec('CREATE TABLE t (n int)');
    await db.transaction(async (tx) => {
      await tx.query('INSERT INTO t VALUES (1)');
    });
    await expect(
      db.transaction(async (tx) => {
        await tx.query('INSERT INTO t VALUES (2)');
        throw new Error('changed my mind');
      }),
    ).rejects.toThrow('changed my mind');
    const { rows } = await db.query<{ n: number }>('SELECT n FROM t');
    expect(rows).toEqual([{ n: 1 }]);
  });

  it.skipIf(!backend.available)('keeps uncommitted writes invisible outside the transaction', async () => {
    await db.exec('CREATE TABLE t (n int)');
    let release: () => void = () => undefined;
    const held = new Promise<void>((r) => (release = r));
    let inside: Promise<void> | undefined;
    const writing = db.transaction(async (tx) => {
      await tx.query('INSERT INTO t VALUES (1)');
      inside = held;
      await held;
    });
    while (inside === undefined) await new Promise((r) => setTimeout(r, 5));
    const outside = db.query<{ n: number }>('SELECT count(*)::int AS n FROM t');
    const early = await Promise.race([outside, new Promise<'waiting'>((r) => setTimeout(() => { r('waiting'); }, 100))]);
    if (early !== 'waiting') expect(early.rows[0]?.n).toBe(0);
    release();
    await writing;
    expect((await db.query<{ n: number }>('SELECT count(*)::int AS n FROM t')).rows[0]?.n).toBe(1);
    await outside;
  });

  it.skipIf(!backend.available)('retries a transaction after a serialization failure, and only then', async () => {
    await db.exec('CREATE TABLE t (n int)');
    let attempts = 0;
    await db.transaction(async (tx) => {
      attempts++;
      await tx.query('INSERT INTO t VALUES ($1)', [attempts]);
      if (attempts < 3) throw Object.assign(new Error('could not serialize access'), { code: '40001' });
    }, { isolation: 'serializable' });
    expect(attempts).toBe(3);
    expect((await db.query<{ n: number }>('SELECT n FROM t')).rows).toEqual([{ n: 3 }]);

    let failures = 0;
    await expect(
      db.transaction(async () => {
        failures++;
        throw Object.assign(new Error('unique violation'), { code: '23505' });
      }),
    ).rejects.toThrow('unique violation');
    expect(failures).toBe(1);

    let giveUp = 0;
    await expect(
      db.transaction(async () => {
        giveUp++;
        throw Object.assign(new Error('deadlock'), { code: '40P01' });
      }, { retries: 2 }),
    ).rejects.toThrow('deadlock');
    expect(giveUp).toBe(3);
  });

  it.skipIf(!backend.available)('lands every one of many concurrent serializable read-modify-writes', async () => {
    await db.exec('CREATE TABLE counter (id int PRIMARY KEY, n int NOT NULL); INSERT INTO counter VALUES (1, 0);');
    await Promise.all(
      Array.from({ length: 8 }, () =>
        db.transaction(async (tx) => {
          const { rows } = await tx.query<{ n: number }>('SELECT n FROM counter WHERE id = 1');
          await new Promise((r) => setTimeout(r, 5));
          await tx.query('UPDATE counter SET n = $1 WHERE id = 1', [(rows[0]?.n ?? 0) + 1]);
        }, { isolation: 'serializable', retries: 20 }),
      ),
    );
    expect((await db.query<{ n: number }>('SELECT n FROM counter')).rows[0]?.n).toBe(8);
  });

  it.skipIf(!backend.available)('reports a failed statement with its SQLSTATE', async () => {
    const error: unknown = await db.query('SELECT * FROM no_such_table').catch((e: unknown) => e);
    expect(error).toMatchObject({ code: '42P01' });
    expect(isAppError(error)).toBe(false);
  });
});
