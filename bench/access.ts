/**
 * What enforcing legitimate relationships costs the FHIR API (`npm run bench access`): one synthetic
 * locality (`joinedup demo`, 20,000 people by default, BENCH_ACCESS_PEOPLE) on a PostgreSQL server,
 * read and searched (a) with a system token, which sees everyone (no relationship conditions in the
 * SQL), (b) with a token an app got for the demo GP (user/*.rs), whose practice's registrations and
 * care open part of the locality, and (c) with the GP's web session. All ask for the same resources,
 * in interleaved rounds of the same run: (b) against (a) is the cost of the conditions, with the same
 * kind of authentication; (c) adds the session's look-up. Then a fixed number of requests of all
 * three at once, to check that the audit trail holds exactly one entry for each.
 */
import { spawnSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import autocannon, { type Request } from 'autocannon';
import pg from 'pg';
import { cli, median, quantile, registerSystem, start, systemAuthorization, withServerDatabaseUrl } from './server.js';

const nhsSystem = 'https://fhir.nhs.uk/Id/nhs-number';
const accept = { accept: 'application/fhir+json' };
/** The demo's password (src/access/demo-staff.ts), for its staff accounts only. */
const demoPassword = 'joined-up-demo';

const pick = <T>(xs: readonly T[]): T => xs[Math.floor(Math.random() * xs.length)] as T;

function run(args: string[], env: Record<string, string>): void {
  const result = spawnSync(process.execPath, [cli, ...args], { env: { ...process.env, ...env }, encoding: 'utf8', maxBuffer: 1 << 28 });
  if (result.status !== 0) throw new Error(`joinedup ${args.join(' ')} failed:\n${result.stderr.slice(-2000)}`);
}

/** Latencies of every response of one load run, and the answers that were not 2xx. */
async function load(base: string, headers: Record<string, string>, requests: Request[], options: { seconds?: number; amount?: number; connections?: number }): Promise<{ times: number[]; failures: number; responses: number }> {
  const times: number[] = [];
  const instance = autocannon({
    url: base, connections: options.connections ?? 16, requests, headers: { ...accept, ...headers }, timeout: 30,
    ...(options.amount !== undefined ? { amount: options.amount } : { duration: options.seconds ?? 5 }),
  });
  instance.on('response', (_client, _status, _bytes, time) => { times.push(time); });
  const result = await instance;
  return { times, failures: result.errors + result.non2xx + result.timeouts, responses: result.requests.total };
}

async function json(base: string, path: string, headers: Record<string, string>, init: RequestInit = {}): Promise<Record<string, unknown>> {
  const res = await fetch(`${base}${path}`, { ...init, headers: { ...accept, ...headers, ...(init.headers as Record<string, string> | undefined) } });
  const answer = (await res.json()) as Record<string, unknown>;
  if (!res.ok) throw new Error(`${path}: ${res.status} ${JSON.stringify(answer).slice(0, 400)}`);
  return answer;
}

interface Workload { what: string; requests: Request[] }

/** Exactly `n` requests, `concurrency` at a time (autocannon may send a few more than it counts): how many answered 2xx, and how many did not. */
async function fixed(base: string, headers: Record<string, string>, path: () => string, n: number, concurrency: number): Promise<{ ok: number; failed: number }> {
  let next = 0;
  let ok = 0;
  let failed = 0;
  await Promise.all(Array.from({ length: concurrency }, async () => {
    while (next < n) {
      next++;
      const res = await fetch(`${base}${path()}`, { headers: { ...accept, ...headers } });
      await res.arrayBuffer();
      if (res.ok) ok++;
      else failed++;
    }
  }));
  return { ok, failed };
}

/** Registers a public app (PKCE) that acts for a person with user/*.rs. */
function registerApp(env: Record<string, string>): { clientId: string; redirectUri: string } {
  const redirectUri = 'https://bench.example/callback';
  const result = spawnSync(process.execPath, [cli, 'client', 'create', '--name', 'Benchmark app', '--app', '--public', '--redirect-uri', redirectUri, '--scopes', 'user/*.rs'], { env: { ...process.env, ...env }, encoding: 'utf8' });
  const clientId = /client_id:\s+(\S+)/.exec(result.stdout)?.[1];
  if (result.status !== 0 || clientId === undefined) throw new Error(`joinedup client create --app failed:\n${result.stderr}`);
  return { clientId, redirectUri };
}

/** A token the app gets for the signed-in person: approve (authorization code with PKCE), then exchange the code. */
async function personAuthorization(base: string, app: { clientId: string; redirectUri: string }, cookie: string, csrfToken: string): Promise<string> {
  const verifier = randomBytes(32).toString('base64url');
  const challenge = createHash('sha256').update(verifier).digest('base64url');
  const params = { response_type: 'code', client_id: app.clientId, redirect_uri: app.redirectUri, scope: 'user/*.rs', state: 'bench', code_challenge: challenge, code_challenge_method: 'S256', aud: `${base}/fhir/r4` };
  const approved = (await json(base, '/api/oauth/authorize', { cookie, 'x-csrf-token': csrfToken }, {
    method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ ...params, decision: 'allow' }),
  })) as { redirectTo: string };
  const code = new URL(approved.redirectTo).searchParams.get('code') ?? '';
  const token = await json(base, '/oauth/token', {}, {
    method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ grant_type: 'authorization_code', code, redirect_uri: app.redirectUri, client_id: app.clientId, code_verifier: verifier }).toString(),
  });
  return `Bearer ${String(token.access_token)}`;
}

export async function accessBench(): Promise<string[]> {
  const people = Number(process.env.BENCH_ACCESS_PEOPLE ?? 20_000);
  return withServerDatabaseUrl(async (url) => {
    const env = { DATABASE_URL: url };
    const loadBegan = performance.now();
    run(['demo', '--people', String(people), '--seed', '5'], env);
    const loadSeconds = (performance.now() - loadBegan) / 1000;
    const client = registerSystem(env, [], 'system/*.rs');
    const app = registerApp(env);
    const { server } = await start([cli, 'serve', '--port', '0', '--host', '127.0.0.1'], { ...env, LOG_LEVEL: 'warn' });
    const db = new pg.Client({ connectionString: url });
    await db.connect();
    try {
      const base = server.url;
      const system = { authorization: await systemAuthorization(base, client) };
      const signIn = await fetch(`${base}/api/session`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'gp', password: demoPassword }) });
      if (!signIn.ok) throw new Error(`signing in as the demo GP: ${signIn.status} ${await signIn.text()}`);
      const session = (await signIn.json()) as { csrfToken: string };
      const gpSession = { cookie: (signIn.headers.get('set-cookie') ?? '').split(';')[0] ?? '' };
      const gp = { authorization: await personAuthorization(base, app, gpSession.cookie, session.csrfToken) };

      const count = async (path: string, headers: Record<string, string>): Promise<number> => Number((await json(base, `/fhir/r4/${path}`, headers)).total);
      const share = { patients: [await count('Patient?_summary=count', gp), await count('Patient?_summary=count', system)], encounters: [await count('Encounter?_summary=count', gp), await count('Encounter?_summary=count', system)] };
      // The resources every caller asks for: ones the GP may see, so that all get the same answers.
      const sample = (await json(base, '/fhir/r4/Patient?_count=1000&_elements=identifier', gp)) as { entry?: { resource: { id: string; identifier?: { system: string; value: string }[] } }[] };
      const ids = (sample.entry ?? []).map((e) => e.resource.id);
      const numbers = (sample.entry ?? []).flatMap((e) => (e.resource.identifier ?? []).filter((i) => i.system === nhsSystem).map((i) => i.value));
      if (ids.length === 0 || numbers.length === 0) throw new Error('the demo GP sees no one: the benchmark needs a relationship to measure');
      const get = (path: () => string): Request[] => [{ method: 'GET', setupRequest: (r) => ({ ...r, path: path() }) }];
      const workloads: Workload[] = [
        { what: 'Patient read by id', requests: get(() => `/fhir/r4/Patient/${pick(ids)}`) },
        { what: 'Patient search by NHS number', requests: get(() => `/fhir/r4/Patient?identifier=${encodeURIComponent(`${nhsSystem}|${pick(numbers)}`)}`) },
        { what: 'Encounter search by patient', requests: get(() => `/fhir/r4/Encounter?subject=Patient/${pick(ids)}&_count=20`) },
        { what: 'Patient search by birth year (a list: 20 of many)', requests: get(() => `/fhir/r4/Patient?birthdate=${1930 + Math.floor(Math.random() * 60)}&_count=20`) },
      ];

      const rows: string[] = [];
      const ms = (x: number): string => `${x.toFixed(1)} ms`;
      const pct = (a: number, b: number): string => `${((100 * a) / Math.max(b, 1)).toFixed(1)}%`;
      rows.push(`| access: demo locality of ${people.toLocaleString('en-GB')} people loaded by \`joinedup demo\`, PostgreSQL server; the GP sees ${share.patients[0]?.toLocaleString('en-GB')} of ${share.patients[1]?.toLocaleString('en-GB')} Patient resources (${pct(share.patients[0] ?? 0, share.patients[1] ?? 0)}), ${pct(share.encounters[0] ?? 0, share.encounters[1] ?? 0)} of Encounters | ${loadSeconds.toFixed(0)} s | setup |`);
      for (const w of workloads) {
        const callers = { system, gp, session: gpSession };
        const times = { system: [] as number[], gp: [] as number[], session: [] as number[] };
        for (const headers of Object.values(callers)) await load(base, headers, w.requests, { seconds: 2 });
        let failures = 0;
        // Interleaved rounds, the order turning, so that drift in the machine falls on each caller alike.
        const order = ['system', 'gp', 'session'] as const;
        for (let round = 0; round < 4; round++) {
          for (let k = 0; k < order.length; k++) {
            const who = order[(round + k) % order.length] ?? 'system';
            const result = await load(base, callers[who], w.requests, { seconds: 4 });
            times[who].push(...result.times);
            failures += result.failures;
          }
        }
        const p95 = { system: quantile(times.system, 0.95), gp: quantile(times.gp, 0.95), session: quantile(times.session, 0.95) };
        const ratio = p95.gp / p95.system;
        const line = (who: keyof typeof times): string => `p50 ${ms(median(times[who]))}, p95 ${ms(p95[who])} (${times[who].length.toLocaleString('en-GB')} requests)`;
        const failed = failures > 0 ? `; ${failures} FAILED requests: not a valid result` : '';
        rows.push(`| access: FHIR ${w.what}, system token, no relationship conditions (16 clients, 4 × 4 s) | ${line('system')}${failed} | baseline |`);
        rows.push(`| access: FHIR ${w.what}, the GP's app token (user/*.rs), within relationships (same rounds, interleaved) | ${line('gp')} | p95 ratio ${ratio.toFixed(2)} (goal ≤ 1.10: ${ratio <= 1.1 && failures === 0 ? 'met' : 'NOT met'}) |`);
        rows.push(`| access: FHIR ${w.what}, the GP's web session (cookie), within relationships (same rounds) | ${line('session')} | p95 ratio ${(p95.session / p95.system).toFixed(2)}; ${(p95.session / p95.gp).toFixed(2)} of the token's |`);
        console.error(rows.slice(-3).join('\n'));
      }

      // Every request audited: a fixed number of reads and searches by all three callers at once, then count the entries.
      const seqNow = async (): Promise<number> => Number((await db.query<{ seq: string }>('SELECT coalesce(max(seq), 0)::text AS seq FROM access.audit_event')).rows[0]?.seq);
      // Requests the last load run left in flight are answered (and audited) after it stops: wait until the trail is still.
      let before = await seqNow();
      for (let still = 0; still < 5;) {
        await new Promise((r) => setTimeout(r, 200));
        const now = await seqNow();
        still = now === before ? still + 1 : 0;
        before = now;
      }
      const each = 4_000;
      const sent = await Promise.all([system, gp, gpSession].map((headers, i) => fixed(base, headers, i === 1 ? () => `/fhir/r4/Patient?identifier=${encodeURIComponent(`${nhsSystem}|${pick(numbers)}`)}` : () => `/fhir/r4/Patient/${pick(ids)}`, each, 12)));
      const answered = sent.reduce((n, r) => n + r.ok, 0);
      const failed = sent.reduce((n, r) => n + r.failed, 0);
      let entries = -1;
      for (let tries = 0; tries < 100; tries++) {
        await new Promise((r) => setTimeout(r, 100));
        const now = Number((await db.query<{ n: string }>(`SELECT count(*)::text AS n FROM access.audit_event WHERE seq > $1 AND action IN ('read', 'search')`, [before])).rows[0]?.n);
        if (now === entries && now >= answered) break;
        entries = now;
      }
      rows.push(`| access: audit under load, ${answered.toLocaleString('en-GB')} FHIR reads and searches (system, app token and web session at once, 36 clients) | ${entries.toLocaleString('en-GB')} audit entries written${failed > 0 ? `; ${failed} requests failed` : ''} | ${entries === answered && failed === 0 ? 'none lost, none extra: met' : 'NOT met'} |`);
      console.error(rows.at(-1));
      return rows;
    } catch (error) {
      throw new Error(`${(error as Error).message}\nThe server's log ends:\n${server.output().slice(-3000)}`, { cause: error });
    } finally {
      await db.end();
      await server.stop();
    }
  });
}
