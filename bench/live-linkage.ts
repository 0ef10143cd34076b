/**
 * Live-linkage benchmark: identities arriving one at a time (each in its own transaction, as an
 * import batch of one or a FHIR create would) against a person index of 1,000,000 people on the
 * PostgreSQL server.
 *
 * The index is the left source of the linkage benchmark (bench/linkage.ts: 1,000,000 people, each a
 * GP identity) plus 100,000 records of its right source (a council's, with a council's errors)
 * already with their people, so that the re-link that trains the model sees true matches, as it
 * would in a real index. The arrivals are 1,000 more right-source records of people in the index and
 * 1,000 of people who are not, interleaved. Baseline from the same run: 2,000 other arrivals
 * resolved before any model exists (the NHS number rule alone).
 *
 * Runs in a child process with a larger heap (the re-link holds 1.1 million identities).
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { allMigrations } from '../src/joinedup.js';
import { type IdentityDetails, readSettings, relinkPeople, resolveIdentities } from '../src/people/index.js';
import { type Db, migrate, openDatabase } from '../src/platform/index.js';
import { moveRecordsOfIdentities } from '../src/record/index.js';
import { syntheticSources } from './linkage.js';
import { quantile, root, withServerDatabaseUrl } from './server.js';

const streets = ['Church Road', 'Station Road', 'Victoria Road', 'Park Road', 'Manor Road', 'The Crescent', 'Mill Lane', 'Queens Road', 'Kings Road', 'Highfield Road', 'Orchard Close', 'Fore Street'];

/** A house on a street of the postcode, the same for a person wherever the postcode is written. */
function addressOf(person: number, postcode: string): string {
  let h = 0;
  for (const c of postcode) h = (h * 31 + c.charCodeAt(0)) >>> 0;
  return `${1 + ((person * 7) % 150)} ${streets[h % streets.length] ?? 'High Street'}`;
}

const validDate = (s: string): boolean => /^\d{4}-\d{2}-\d{2}$/.test(s) && !Number.isNaN(Date.parse(`${s}T00:00:00Z`)) && new Date(`${s}T00:00:00Z`).toISOString().startsWith(s);

export interface Row {
  person: number;
  details: IdentityDetails;
}

function rowsOf(table: ReturnType<typeof syntheticSources>['left'], persons: Int32Array, from: number, to: number): Row[] {
  const col = (name: string, k: number): string => table.columns[name]?.[k] ?? '';
  const out: Row[] = [];
  for (let k = from; k < to; k++) {
    const person = persons[k] ?? 0;
    const postcode = col('postcode', k);
    const dob = col('dob', k);
    const sex = col('sex', k);
    const nhs = col('nhs', k);
    out.push({
      person,
      details: {
        given: [col('forename', k)], family: col('surname', k), ...(validDate(dob) ? { birthDate: dob } : {}),
        ...(sex === '' ? {} : { sex: sex === 'F' ? 'female' : 'male' }), postcode, addressLine: addressOf(person, postcode), ...(nhs === '' ? {} : { nhsNumber: nhs }),
      },
    });
  }
  return out;
}

/** Loads identities straight into people.identity, person i as person id i + 1. */
async function load(db: Db, source: string, prefix: string, rows: readonly Row[], linkedBy: string): Promise<void> {
  for (let at = 0; at < rows.length; at += 20_000) {
    const chunk = rows.slice(at, at + 20_000);
    const d = chunk.map((r) => r.details);
    await db.query(
      `INSERT INTO people.identity (source_id, local_id, person_id, linked_by, nhs_number, family, given, birth_date, sex, address_line, postcode, search_name, name_keys)
       SELECT $1, u.l, u.p, $4, u.n, u.f, u.g, u.b, u.s, u.a, u.pc, lower(u.g || ' ' || u.f), people.name_keys(lower(u.g || ' ' || u.f))
         FROM unnest($2::text[], $3::int8[], $5::text[], $6::text[], $7::text[], $8::date[], $9::text[], $10::text[], $11::text[]) AS u(l, p, n, f, g, b, s, a, pc)`,
      [
        source, chunk.map((_, i) => `${prefix}${at + i}`), chunk.map((r) => r.person + 1), linkedBy,
        d.map((x) => x.nhsNumber ?? null), d.map((x) => x.family ?? null), d.map((x) => x.given?.join(' ') ?? null), d.map((x) => x.birthDate ?? null),
        d.map((x) => x.sex ?? null), d.map((x) => x.addressLine ?? null), d.map((x) => x.postcode ?? null),
      ],
    );
  }
}

interface ChildResult {
  loadSeconds: number;
  relinkSeconds: number;
  identities: number;
  commitMs: number[];
  baselineMs: number[];
  liveMs: number[];
  liveBeforeCommitMs: number[];
  matchesLinkedRight: number;
  matchesLinkedWrong: number;
  strangersLinked: number;
  queued: number;
}

/**
 * Each arrival in its own transaction: the time to its commit, and the time before the commit (the
 * linking itself). Each is followed by a one-row insert and commit, whose time is the same run's
 * measure of what the machine charges any transaction (this VM's disk and CPU are shared and noisy).
 */
export async function arrive(db: Db, source: string, rows: readonly Row[]): Promise<{ ms: number[]; beforeCommitMs: number[]; commitMs: number[]; persons: number[] }> {
  const ms: number[] = [];
  const beforeCommitMs: number[] = [];
  const commitMs: number[] = [];
  const persons: number[] = [];
  await db.exec('CREATE TABLE IF NOT EXISTS bench_commit (x int)');
  for (const [i, row] of rows.entries()) {
    const began = performance.now();
    const linked = await db.transaction(async (tx) => {
      const out = await resolveIdentities(tx, source, [{ localId: `a${i}`, details: row.details }]);
      beforeCommitMs.push(performance.now() - began);
      return out;
    });
    ms.push(performance.now() - began);
    persons.push(linked.get(`a${i}`)?.personId ?? 0);
    const bare = performance.now();
    await db.transaction((tx) => tx.query('INSERT INTO bench_commit VALUES (1)'));
    commitMs.push(performance.now() - bare);
  }
  return { ms, beforeCommitMs, commitMs, persons };
}

const progress = (message: string): void => {
  process.stderr.write(`live linkage bench: ${message}\n`);
};

/** Loads the index (the left source and a tenth of the right, with their people) into a migrated database. */
export async function loadIndex(db: Db, size: number): Promise<{ sources: ReturnType<typeof syntheticSources>; people: number; indexed: number; seconds: number }> {
  const sources = syntheticSources(size, Math.round(size * 0.75));
  const began = performance.now();
  const people = 2 * size - sources.overlap;
  await db.query('INSERT INTO people.person (id) SELECT generate_series(1, $1::int)', [people]);
  await db.query(`SELECT setval(pg_get_serial_sequence('people.person', 'id'), $1::int8)`, [people]);
  await load(db, 'gp', 'g', rowsOf(sources.left, sources.leftPerson, 0, size), 'nhs-number');
  const indexed = Math.round(size / 10);
  await load(db, 'council', 'c', rowsOf(sources.right, sources.rightPerson, 0, indexed), 'reviewer');
  await db.exec('ANALYZE people.identity; ANALYZE people.person;');
  const seconds = (performance.now() - began) / 1000;
  progress(`index of ${size + indexed} identities loaded in ${seconds.toFixed(0)} s`);
  return { sources, people, indexed, seconds };
}

/** Re-links the index with the person-index settings, which trains and stores the model. */
export async function trainIndex(db: Db): Promise<number> {
  const began = performance.now();
  const settings = readSettings(JSON.parse(readFileSync(path.join(root, 'docs/linkage/person-index.json'), 'utf8')));
  await relinkPeople(db, settings, moveRecordsOfIdentities, { by: 'benchmark', onProgress: (stage, done, total) => { if (done === total) progress(`re-link: ${stage} done`); } });
  await db.exec('ANALYZE people.identity_block; ANALYZE people.linkage_tf;');
  const seconds = (performance.now() - began) / 1000;
  progress(`re-linked in ${seconds.toFixed(0)} s`);
  return seconds;
}

/** The arrivals: right-source records after the indexed ones are of people in the index until `overlap`, then of people who are not. */
export function arrivalsOf(index: Awaited<ReturnType<typeof loadIndex>>): { matches: Row[]; strangers: Row[] } {
  const { sources, indexed } = index;
  return {
    matches: rowsOf(sources.right, sources.rightPerson, indexed, indexed + 2_000),
    strangers: rowsOf(sources.right, sources.rightPerson, sources.overlap, sources.overlap + 2_000),
  };
}

async function measure(url: string, size: number): Promise<ChildResult> {
  const db = await openDatabase({ databaseUrl: url });
  try {
    await migrate(db, allMigrations());
    const index = await loadIndex(db, size);
    const { people, indexed } = index;
    const loadSeconds = index.seconds;
    const { matches, strangers } = arrivalsOf(index);
    const baseline = await arrive(db, 'community', [...matches.slice(1_000), ...strangers.slice(1_000)]);
    const relinkSeconds = await trainIndex(db);

    const arrivals = matches.slice(0, 1_000).flatMap((m, i) => [m, strangers[i] as Row]);
    const live = await arrive(db, 'hospital', arrivals);
    // The person each truth person is now (a re-link may have merged some).
    const { rows } = await db.query<{ id: number; into: number }>('SELECT id, coalesce(merged_into, id) AS into FROM people.person WHERE merged_into IS NOT NULL');
    const now = new Map(rows.map((r) => [r.id, r.into]));
    let right = 0;
    let wrong = 0;
    let strangersLinked = 0;
    arrivals.forEach((row, i) => {
      const got = live.persons[i] ?? 0;
      const truth = now.get(row.person + 1) ?? row.person + 1;
      if (i % 2 === 0) {
        if (got === truth) right++;
        else if (got <= people) wrong++;
      } else if (got <= people) strangersLinked++;
    });
    const queued = await db.query<{ n: number }>(`SELECT count(*)::int8 AS n FROM people.link_review r JOIN people.identity i ON i.id = r.identity_id WHERE i.source_id = 'hospital'`);
    return {
      loadSeconds, relinkSeconds, identities: size + indexed, commitMs: live.commitMs, baselineMs: baseline.ms, liveMs: live.ms, liveBeforeCommitMs: live.beforeCommitMs,
      matchesLinkedRight: right, matchesLinkedWrong: wrong, strangersLinked, queued: queued.rows[0]?.n ?? 0,
    };
  } finally {
    await db.close();
  }
}

/** Benchmark rows for docs/benchmarks.md. */
export async function liveLinkageBench(size = 1_000_000): Promise<string[]> {
  const script = fileURLToPath(import.meta.url);
  const r = await withServerDatabaseUrl(async (url) => {
    const run = spawnSync(process.execPath, ['--max-old-space-size=6000', '--import', 'tsx', script, url, String(size)], { encoding: 'utf8', maxBuffer: 1 << 26, cwd: root, stdio: ['ignore', 'pipe', 'inherit'] });
    if (run.error || run.status !== 0) throw new Error(`the live-linkage benchmark failed (status ${run.status ?? 'none'})`);
    return JSON.parse(run.stdout.trim().split('\n').pop() ?? '{}') as ChildResult;
  });
  const ms = (xs: number[], q: number): string => `${quantile(xs, q).toFixed(1)} ms`;
  const p95 = quantile(r.liveMs, 0.95);
  const n = (x: number): string => x.toLocaleString('en-GB');
  return [
    `| one-row insert and commit, after each live arrival (what any transaction costs on this machine; same run) | p50 ${ms(r.commitMs, 0.5)}, p95 ${ms(r.commitMs, 0.95)} | — |`,
    `| resolve one arriving identity, NHS number rule only, ${n(r.identities)} identities (baseline; PostgreSQL server) | p50 ${ms(r.baselineMs, 0.5)}, p95 ${ms(r.baselineMs, 0.95)} | baseline |`,
    `| live linkage of one arriving identity against ${n(size)} people (${n(r.identities)} identities), PostgreSQL server | to commit: p50 ${ms(r.liveMs, 0.5)}, p95 ${ms(r.liveMs, 0.95)}, p99 ${ms(r.liveMs, 0.99)}; before the commit (finding, scoring, writing): p50 ${ms(r.liveBeforeCommitMs, 0.5)}, p95 ${ms(r.liveBeforeCommitMs, 0.95)}; of 1,000 arrivals of people in the index ${r.matchesLinkedRight} linked to them, ${r.matchesLinkedWrong} to someone else; of 1,000 not in it ${r.strangersLinked} linked; ${r.queued} pairs queued (loading the index ${r.loadSeconds.toFixed(0)} s, re-link training the model ${r.relinkSeconds.toFixed(0)} s) | p95 ${(p95 / quantile(r.baselineMs, 0.95)).toFixed(1)}× the baseline, ${(p95 / quantile(r.commitMs, 0.95)).toFixed(1)}× a one-row commit; goal p95 ≤ 20 ms: ${p95 <= 20 ? 'met' : 'NOT met'} |`,
  ];
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href && process.argv[2] !== undefined) {
  console.log(JSON.stringify(await measure(process.argv[2], Number(process.argv[3] ?? 1_000_000))));
}
