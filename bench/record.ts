/**
 * Shared-record benchmarks, on the embedded database and on a PostgreSQL server (BENCH_DATABASE_URL,
 * default the local test server): import throughput of the synthetic locality's GP FHIR bundles
 * (resources/s) and hospital CSVs (rows/s); person search p95 with 100,000 and 1,000,000 people in
 * the index; the person page (story and first timeline page) p95 for a person with 2,000 records,
 * with 100,000 people in the index (4,000 of them with their full synthetic records).
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { allMigrations } from '../src/joinedup.js';
import { resolveIdentities, searchPeople, type IdentityInput } from '../src/people/index.js';
import { migrate, openDatabase, type Db } from '../src/platform/index.js';
import { importFile, personStory, personTimeline } from '../src/record/index.js';
import { Random, resolveSynthOptions, synthesise } from '../src/synthetic/index.js';
import { drawName } from '../src/synthetic/names.js';
import { withServerDatabaseUrl } from './server.js';

async function withServerDatabase<T>(work: (db: Db) => Promise<T>): Promise<T> {
  return withServerDatabaseUrl(async (url) => {
    const db = await openDatabase({ databaseUrl: url });
    try {
      return await work(db);
    } finally {
      await db.close();
    }
  });
}

async function withEmbeddedDatabase<T>(work: (db: Db) => Promise<T>): Promise<T> {
  const dir = mkdtempSync(path.join(tmpdir(), 'joinedup-bench-db-'));
  const db = await openDatabase({ dataDir: dir });
  try {
    return await work(db);
  } finally {
    await db.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

const p95 = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length * 0.95)] ?? 0;

async function timeEach(n: number, work: (i: number) => Promise<unknown>): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < n; i++) {
    const t = performance.now();
    await work(i);
    times.push(performance.now() - t);
  }
  return times;
}

/** Identities for `people` people, named from the synthetic locality's UK name frequencies. */
function identities(people: number, offset: number): IdentityInput[] {
  const r = Random.stream(7, 'bench-identities', offset);
  return Array.from({ length: people }, (_, i) => {
    const n = offset + i;
    const year = 1925 + r.int(0, 95);
    const name = drawName(r, r.chance(0.5) ? 'female' : 'male', year, 0);
    return {
      localId: `B${n}`,
      details: {
        family: name.surname, given: [name.forename], birthDate: `${year}-${String(r.int(1, 12)).padStart(2, '0')}-${String(r.int(1, 28)).padStart(2, '0')}`,
        postcode: `ZQ${r.int(1, 40)} ${r.int(1, 9)}${r.pick(['AB', 'LP', 'XT', 'QR', 'SW'])}`,
      },
    };
  });
}

async function loadIdentities(db: Db, total: number, from: number): Promise<void> {
  for (let at = from; at < total; at += 5_000) {
    const batch = identities(Math.min(5_000, total - at), at);
    await db.transaction((tx) => resolveIdentities(tx, 'gp', batch));
  }
  // What autovacuum does on a server after a bulk load: statistics, and the GIN pending lists merged.
  await db.exec('VACUUM ANALYZE people.identity');
}

async function searchP95(db: Db): Promise<{ name: number; other: number }> {
  const names = ['Margret Smith', 'Jon Jones', 'Patrica Willams', 'Olivai Tayler', 'Harry Brwon', 'Susan Davis', 'Robert Eavns', 'Lnda Wilson'];
  await timeEach(20, (i) => searchPeople(db, names[i % names.length] ?? 'Smith'));
  const name = await timeEach(200, (i) => searchPeople(db, names[i % names.length] ?? 'Smith'));
  const other = await timeEach(200, (i) => searchPeople(db, i % 2 === 0 ? `19${30 + (i % 60)}-0${1 + (i % 9)}-1${i % 9}` : `ZQ${1 + (i % 40)} ${1 + (i % 9)}AB`));
  return { name: p95(name), other: p95(other) };
}

async function personPageP95(db: Db): Promise<number> {
  const dir = mkdtempSync(path.join(tmpdir(), 'joinedup-bench-person-'));
  const lines = [JSON.stringify({ resourceType: 'Patient', id: 'busy', identifier: [{ system: 'https://fhir.nhs.uk/Id/nhs-number', value: '9990000018' }], name: [{ family: 'Busy', given: ['Betty'] }], birthDate: '1930-01-01' })];
  for (let i = 0; i < 1_999; i++) {
    const day = `20${10 + (i % 15)}-${String(1 + (i % 12)).padStart(2, '0')}-${String(1 + (i % 28)).padStart(2, '0')}`;
    lines.push(JSON.stringify(i % 3 === 0
      ? { resourceType: 'Condition', id: `c${i}`, clinicalStatus: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/condition-clinical', code: 'active' }] }, code: { coding: [{ system: 'http://snomed.info/sct', code: String(1000 + i), display: `Problem ${i}` }] }, subject: { reference: 'Patient/busy' }, onsetDateTime: day }
      : { resourceType: 'Encounter', id: `e${i}`, status: 'finished', class: { system: 'http://terminology.hl7.org/CodeSystem/v3-ActCode', code: 'AMB' }, subject: { reference: 'Patient/busy' }, period: { start: day, end: day } }));
  }
  const file = path.join(dir, 'busy.ndjson');
  writeFileSync(file, `${lines.join('\n')}\n`);
  await importFile(db, { sourceId: 'gp', file });
  rmSync(dir, { recursive: true, force: true });
  const id = (await db.query<{ person_id: number }>("SELECT person_id FROM people.identity WHERE local_id = 'busy'")).rows[0]?.person_id ?? 0;
  await timeEach(10, async () => Promise.all([personStory(db, id), personTimeline(db, id)]));
  return p95(await timeEach(100, async () => Promise.all([personStory(db, id), personTimeline(db, id)])));
}

async function importRates(db: Db, place: string): Promise<{ resources: number; resourcesPerSecond: number; rows: number; rowsPerSecond: number }> {
  await migrate(db, allMigrations());
  const bundles = path.join(place, 'gp', 'bundles.ndjson');
  const resources = readFileSync(bundles, 'utf8').split('"fullUrl"').length - 1;
  let t = performance.now();
  await importFile(db, { sourceId: 'gp', file: bundles });
  const fhirSeconds = (performance.now() - t) / 1000;
  let rows = 0;
  t = performance.now();
  for (const f of ['patients.csv', 'spells.csv', 'ae-attendances.csv', 'outpatients.csv']) {
    const summary = await importFile(db, { sourceId: 'hospital', file: path.join(place, 'hospital', f) });
    rows += summary.counts.read;
  }
  const csvSeconds = (performance.now() - t) / 1000;
  return { resources, resourcesPerSecond: resources / fhirSeconds, rows, rowsPerSecond: rows / csvSeconds };
}

export async function recordBench(): Promise<string[]> {
  const dir = mkdtempSync(path.join(tmpdir(), 'joinedup-bench-place-'));
  const place = path.join(dir, 'place');
  await synthesise({ options: resolveSynthOptions({ people: 4_000, seed: 3 }), out: place, workers: 2 });
  const rows: string[] = [];
  const rate = (n: number): string => Math.round(n).toLocaleString('en-GB');
  try {
    for (const [name, open, goal] of [['PostgreSQL server', withServerDatabase, 10_000], ['embedded (PGlite)', withEmbeddedDatabase, 3_000]] as const) {
      // Imports are timed three times, each into a new database, and the median kept: on two
      // shared cores one run can be a third slower than the next.
      const runs: Awaited<ReturnType<typeof importRates>>[] = [];
      for (let i = 0; i < 3; i++) runs.push(await open((db) => importRates(db, place)));
      const median = (pick: (r: (typeof runs)[number]) => number): number => [...runs.map(pick)].sort((a, b) => a - b)[1] ?? 0;
      const imported = { ...runs[0], resourcesPerSecond: median((r) => r.resourcesPerSecond), rowsPerSecond: median((r) => r.rowsPerSecond) };
      const spread = (pick: (r: (typeof runs)[number]) => number): string => `${rate(Math.min(...runs.map(pick)))}–${rate(Math.max(...runs.map(pick)))}`;
      const result = await open(async (db) => {
        await importRates(db, place);
        await loadIdentities(db, 100_000, 0);
        const page = await personPageP95(db);
        const search100k = await searchP95(db);
        let search1m: { name: number; other: number } | undefined;
        if (name === 'PostgreSQL server') {
          await loadIdentities(db, 1_000_000, 100_000);
          search1m = await searchP95(db);
        }
        return { page, search100k, search1m };
      });
      const { page, search100k, search1m } = result;
      rows.push(
        `| import FHIR bundles into ${name} (4,000 people's GP records; median of 3) | ${rate(imported.resourcesPerSecond)} resources/s (${rate(imported.resources ?? 0)} resources; runs ${spread((r) => r.resourcesPerSecond)}) | goal ≥ ${rate(goal)}/s: ${imported.resourcesPerSecond >= goal ? 'met' : 'NOT met'} |`,
        `| import hospital CSVs into ${name} (median of 3) | ${rate(imported.rowsPerSecond)} rows/s (${rate(imported.rows ?? 0)} rows; runs ${spread((r) => r.rowsPerSecond)}) | goal ≥ ${rate(goal)}/s: ${imported.rowsPerSecond >= goal ? 'met' : 'NOT met'} |`,
        `| person page (story + first timeline page) of a person with 2,000 records, 100,000 people, ${name} | p95 ${page.toFixed(1)} ms | goal < 50 ms: ${page < 50 ? 'met' : 'NOT met'} |`,
        `| person search, 100,000 people, ${name} | p95 ${search100k.name.toFixed(1)} ms by name, ${search100k.other.toFixed(1)} ms by date of birth or postcode | goal < 30 ms: ${Math.max(search100k.name, search100k.other) < 30 ? 'met' : 'NOT met'} |`,
      );
      if (search1m) rows.push(`| person search, 1,000,000 people, ${name} | p95 ${search1m.name.toFixed(1)} ms by name, ${search1m.other.toFixed(1)} ms by date of birth or postcode | goal < 30 ms: ${Math.max(search1m.name, search1m.other) < 30 ? 'met' : 'NOT met'} |`);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return rows;
}
