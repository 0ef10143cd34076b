/**
 * FHIR API benchmarks on a loaded synthetic locality (100,000 people on a PostgreSQL server,
 * BENCH_DATABASE_URL, default the local test server; 20,000 on the embedded database): with 32
 * concurrent clients (autocannon), read by id, Patient search by NHS number, Observation search by
 * patient and code, a create/read/update/delete mix and $everything for a person with 1,000
 * resources; and transaction Bundles posted by 4 clients (resources/s). Latencies are every
 * response's, recorded here, so p95 is exact.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import autocannon, { type Request } from 'autocannon';
import { cli, quantile, registerSystem, start, systemAuthorization, withServerDatabaseUrl } from './server.js';

const nhsSystem = 'https://fhir.nhs.uk/Id/nhs-number';
const loinc = ['8867-4', '8480-6', '8462-4', '29463-7'];
// Both carry the system's Authorization once the server has given it a token.
const json: Record<string, string> = { 'content-type': 'application/fhir+json', accept: 'application/fhir+json' };
/** What a request without a body sends. */
const accept: Record<string, string> = { accept: 'application/fhir+json' };

interface Load {
  rate: number;
  p50: number;
  p95: number;
  p99: number;
  /** Answers that were not 2xx, connection errors and time-outs: a run with any is not a valid result. */
  failures: number;
}

/** 32 connections for `seconds`, cycling through `requests`. */
async function load(base: string, requests: Request[], seconds = 10, connections = 32): Promise<Load> {
  const times: number[] = [];
  const instance = autocannon({ url: base, connections, duration: seconds, requests, headers: accept, timeout: 30 });
  instance.on('response', (_client, _status, _bytes, time) => { times.push(time); });
  const result = await instance;
  const failures = result.errors + result.non2xx + result.timeouts;
  return { rate: times.length / result.duration, p50: quantile(times, 0.5), p95: quantile(times, 0.95), p99: quantile(times, 0.99), failures };
}

const pick = <T>(xs: readonly T[]): T => xs[Math.floor(Math.random() * xs.length)] as T;

async function fhir(base: string, method: string, pathAndQuery: string, body?: unknown): Promise<Record<string, unknown>> {
  const res = await fetch(`${base}/fhir/r4/${pathAndQuery}`, { method, headers: json, ...(body !== undefined ? { body: JSON.stringify(body) } : {}) });
  const answer = (await res.json()) as Record<string, unknown>;
  if (!res.ok) throw new Error(`${method} ${pathAndQuery}: ${res.status} ${JSON.stringify(answer).slice(0, 400)}`);
  return answer;
}

function observations(patient: string, n: number): Record<string, unknown> {
  return {
    resourceType: 'Bundle', type: 'transaction',
    entry: Array.from({ length: n }, (_, i) => ({
      request: { method: 'POST', url: 'Observation' },
      resource: {
        resourceType: 'Observation', status: 'final', subject: { reference: `Patient/${patient}` },
        code: { coding: [{ system: 'http://loinc.org', code: loinc[i % loinc.length] }] },
        effectiveDateTime: new Date(Date.UTC(2024, 0, 1) + i * 3_600_000).toISOString(),
        valueQuantity: { value: 60 + (i % 40), unit: '/min', system: 'http://unitsofmeasure.org', code: '/min' },
      },
    })),
  };
}

/** Posts transaction Bundles with `clients` at a time; resources per second. */
async function postTransactions(base: string, bundles: readonly string[], clients: number): Promise<{ resources: number; perSecond: number }> {
  let next = 0;
  let resources = 0;
  const began = performance.now();
  await Promise.all(Array.from({ length: clients }, async () => {
    while (next < bundles.length) {
      const body = bundles[next++] ?? '';
      const res = await fetch(`${base}/fhir/r4`, { method: 'POST', headers: { ...json, prefer: 'return=minimal' }, body });
      const answer = (await res.json()) as { entry?: unknown[] };
      if (!res.ok) throw new Error(`transaction: ${res.status} ${JSON.stringify(answer).slice(0, 400)}`);
      resources += answer.entry?.length ?? 0;
    }
  }));
  return { resources, perSecond: resources / ((performance.now() - began) / 1000) };
}

function run(args: string[], env: Record<string, string>): void {
  const result = spawnSync(process.execPath, [cli, ...args], { env: { ...process.env, ...env }, encoding: 'utf8', maxBuffer: 1 << 28 });
  if (result.status !== 0) throw new Error(`joinedup ${args.join(' ')} failed:\n${result.stderr.slice(-2000)}`);
}

async function onBackend(label: string, people: number, env: Record<string, string>, dataDirArgs: string[]): Promise<string[]> {
  const work = mkdtempSync(path.join(tmpdir(), 'joinedup-fhir-bench-'));
  try {
    run(['synth', '--people', String(people), '--seed', '5', '--out', path.join(work, 'place')], {});
    run(['synth', '--people', '2000', '--seed', '6', '--out', path.join(work, 'more')], {});
    const loadBegan = performance.now();
    run(['import', path.join(work, 'place'), ...dataDirArgs], env);
    const loadSeconds = (performance.now() - loadBegan) / 1000;
    // The benchmark calls as a registered system with every permission, as an integration would.
    const client = registerSystem(env, dataDirArgs);
    const { server } = await start([cli, 'serve', '--port', '0', '--host', '127.0.0.1', ...dataDirArgs], { ...env, LOG_LEVEL: 'warn' });
    const base = server.url;
    try {
      const authorization = await systemAuthorization(base, client);
      json.authorization = authorization;
      accept.authorization = authorization;
      const sample = (await fhir(base, 'GET', 'Patient?_count=1000&_elements=identifier')) as { entry: { resource: { id: string; identifier?: { system: string; value: string }[] } }[] };
      const ids = sample.entry.map((e) => e.resource.id);
      const numbers = sample.entry.flatMap((e) => (e.resource.identifier ?? []).filter((i) => i.system === nhsSystem).map((i) => i.value));

      // Transactions: the second locality's GP records as their GP system would post them, then Observations.
      const gpBundles = readFileSync(path.join(work, 'more', 'gp', 'bundles.ndjson'), 'utf8').split('\n').filter((l) => l.trim() !== '');
      const gp = await postTransactions(base, gpBundles, 4);
      const observed = ids.slice(0, 500);
      const obs = await postTransactions(base, observed.map((id) => JSON.stringify(observations(id, 20))), 4);

      // A person with 1,000 resources: one Patient with 999 Observations.
      const big = (await fhir(base, 'POST', 'Patient', { resourceType: 'Patient', name: [{ family: 'Thousand' }], birthDate: '1940-01-01' })) as { id: string };
      for (let i = 0; i < 9; i++) await fhir(base, 'POST', '', observations(big.id, i < 8 ? 111 : 111));
      const everythingPath = `/fhir/r4/Patient/${big.id}/$everything`;
      const check = (await fhir(base, 'GET', `Patient/${big.id}/$everything`)) as { entry: unknown[] };
      if (check.entry.length !== 1000) throw new Error(`$everything gave ${check.entry.length} resources, not 1,000`);

      const read = await load(base, [{ method: 'GET', setupRequest: (r) => ({ ...r, path: `/fhir/r4/Patient/${pick(ids)}` }) }]);
      const byNumber = await load(base, [{ method: 'GET', setupRequest: (r) => ({ ...r, path: `/fhir/r4/Patient?identifier=${encodeURIComponent(`${nhsSystem}|${pick(numbers)}`)}` }) }]);
      const byCode = await load(base, [{
        method: 'GET',
        setupRequest: (r) => ({ ...r, path: `/fhir/r4/Observation?subject=Patient/${pick(observed)}&code=${encodeURIComponent(`http://loinc.org|${pick(loinc)}`)}` }),
      }]);
      const created = (body: string, context: Record<string, unknown>, headers: Record<string, string>): void => {
        context.location = (headers.location ?? '').replace(/^https?:\/\/[^/]+/, '').replace(/\/_history\/\d+$/, '');
        context.body = body;
      };
      const observation = JSON.stringify((observations(pick(observed), 1).entry as { resource: unknown }[])[0]?.resource);
      // Each connection cycles create → read → update → delete on its own resource; a step whose
      // create has not answered yet starts the cycle again (autocannon: a falsy request restarts it).
      const crud = await load(base, [
        { method: 'POST', path: '/fhir/r4/Observation', headers: json, body: observation, onResponse: (_s, body, context, headers) => { created(body, context, headers); } },
        { method: 'GET', setupRequest: (r, context) => (typeof context.location === 'string' ? { ...r, path: context.location } : undefined) },
        {
          method: 'PUT',
          setupRequest: (r, context) => {
            if (typeof context.location !== 'string' || typeof context.body !== 'string') return undefined;
            const resource = JSON.parse(context.body) as Record<string, unknown>;
            return { ...r, path: context.location, headers: json, body: JSON.stringify({ ...resource, status: 'amended' }) };
          },
        },
        { method: 'DELETE', setupRequest: (r, context) => (typeof context.location === 'string' ? { ...r, path: context.location } : undefined) },
      ]);
      const everythingLoad = await load(base, [{ method: 'GET', path: everythingPath }], 10);
      const single: number[] = [];
      for (let i = 0; i < 100; i++) {
        const began = performance.now();
        const res = await fetch(`${base}${everythingPath}`, { headers: json });
        await res.arrayBuffer();
        single.push(performance.now() - began);
      }

      const n = (x: number): string => Math.round(x).toLocaleString('en-GB');
      const ms = (x: number): string => `${x.toFixed(1)} ms`;
      const row = (what: string, l: Load, goal: string, goalMet?: boolean): string =>
        `| FHIR ${what}, ${label} (32 clients, 10 s) | ${n(l.rate)} req/s; p50 ${ms(l.p50)}, p95 ${ms(l.p95)}, p99 ${ms(l.p99)}${l.failures > 0 ? `; ${n(l.failures)} FAILED requests: not a valid result` : ''} | ${goal}${goalMet === undefined ? '' : `: ${goalMet && l.failures === 0 ? 'met' : 'NOT met'}`} |`;
      const server = label === 'PostgreSQL server';
      return [
        `| FHIR: locality of ${n(people)} people loaded by \`joinedup import\`, ${label} | ${loadSeconds.toFixed(0)} s | setup |`,
        row('read by id', read, server ? 'goal ≥ 1,000 req/s' : '—', server ? read.rate >= 1000 : undefined),
        row('Patient search by NHS number', byNumber, server ? 'goal ≥ 1,000 req/s' : '—', server ? byNumber.rate >= 1000 : undefined),
        row('Observation search by patient and code', byCode, server ? 'goal ≥ 1,000 req/s' : '—', server ? byCode.rate >= 1000 : undefined),
        row('create/read/update/delete mix', crud, server ? 'goal ≥ 1,500 req/s' : '—', server ? crud.rate >= 1500 : undefined),
        `| FHIR transaction Bundles, ${label} (4 clients): ${n(gpBundles.length)} GP records | ${n(gp.perSecond)} resources/s (${n(gp.resources)} resources) | ${server ? `goal ≥ 5,000 resources/s: ${gp.perSecond >= 5000 ? 'met' : 'NOT met'}` : '—'} |`,
        `| FHIR transaction Bundles, ${label} (4 clients): ${n(observed.length)} × 20 Observations | ${n(obs.perSecond)} resources/s | ${server ? `goal ≥ 5,000 resources/s: ${obs.perSecond >= 5000 ? 'met' : 'NOT met'}` : '—'} |`,
        `| FHIR $everything, person with 1,000 resources, ${label}, one client (100 requests) | p50 ${ms(quantile(single, 0.5))}, p95 ${ms(quantile(single, 0.95))}, p99 ${ms(quantile(single, 0.99))} | ${server ? `goal p95 < 50 ms: ${quantile(single, 0.95) < 50 ? 'met' : 'NOT met'}` : '—'} |`,
        row('$everything, person with 1,000 resources', everythingLoad, 'throughput under load'),
      ];
    } catch (error) {
      throw new Error(`${(error as Error).message}\nThe server's log ends:\n${server.output().slice(-3000)}`, { cause: error });
    } finally {
      await server.stop();
    }
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

/** Both backends (or one: BENCH_FHIR_BACKEND=server|embedded); each one's rows go to standard error as soon as they are measured. */
export async function fhirBench(): Promise<string[]> {
  const only = process.env.BENCH_FHIR_BACKEND;
  const rows: string[] = [];
  const done = (measured: string[]): void => {
    rows.push(...measured);
    console.error(measured.join('\n'));
  };
  if (only !== 'embedded') {
    const people = Number(process.env.BENCH_FHIR_PEOPLE ?? 100_000);
    done(await withServerDatabaseUrl((url) => onBackend('PostgreSQL server', people, { DATABASE_URL: url }, [])));
  }
  if (only !== 'server') {
    const dir = mkdtempSync(path.join(tmpdir(), 'joinedup-fhir-bench-db-'));
    try {
      done(await onBackend('embedded', Number(process.env.BENCH_FHIR_EMBEDDED_PEOPLE ?? 20_000), {}, ['--data-dir', dir]));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
  return rows;
}
