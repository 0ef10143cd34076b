/** Starting a Joined Up (or baseline) server process for a benchmark, and the statistics the benchmarks share. */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';

export const root = fileURLToPath(new URL('..', import.meta.url));
export const cli = path.join(root, 'dist/src/cli/main.js');

export interface Server {
  child: ChildProcess;
  url: string;
  /** What the server has written to standard error so far (its log, and why it stopped if it did). */
  output(): string;
  stop(): Promise<void>;
}

/** Starts a server process and resolves when it prints where it is ready, with the time taken. */
export function start(args: string[], env: Record<string, string> = {}): Promise<{ server: Server; readyMs: number }> {
  const began = performance.now();
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { cwd: root, stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, LOG_LEVEL: 'info', ...env } });
    let output = '';
    child.stderr.on('data', (d: Buffer) => {
      output += d.toString();
      const m = /ready at (http:\/\/\S+)/.exec(output);
      if (!m?.[1]) return;
      const url = m[1];
      void waitReady(url).then(() => {
        const stop = (): Promise<void> =>
          new Promise((done) => {
            child.once('close', () => { done(); });
            child.kill('SIGTERM');
          });
        resolve({ server: { child, url, output: () => output, stop }, readyMs: performance.now() - began });
      }, reject);
    });
    child.once('close', (code) => { reject(new Error(`server exited (${String(code)}): ${output}`)); });
  });
}

/** Waits for /ready to answer 200 (or 404: the bare Fastify baselines have no /ready). */
async function waitReady(url: string): Promise<void> {
  for (;;) {
    const res = await fetch(`${url}/ready`).catch(() => undefined);
    if (res?.status === 200 || res?.status === 404) return;
    await new Promise((r) => setTimeout(r, 20));
  }
}

export const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 === 1 ? (s[mid] ?? 0) : ((s[mid - 1] ?? 0) + (s[mid] ?? 0)) / 2;
};

/** The q-quantile (0–1) of a list of numbers. */
export const quantile = (xs: readonly number[], q: number): number => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * q))] ?? 0;

/** The PostgreSQL server the benchmarks use (BENCH_DATABASE_URL, default the local test server). */
export const benchServerUrl = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

/** A new database on the benchmark server for `work` (given its URL), dropped afterwards. */
export async function withServerDatabaseUrl<T>(work: (url: string) => Promise<T>): Promise<T> {
  const name = `joinedup_bench_${process.pid}_${Date.now()}`;
  const admin = new pg.Client({ connectionString: benchServerUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  const url = new URL(benchServerUrl);
  url.pathname = `/${name}`;
  try {
    return await work(url.toString());
  } finally {
    await admin.query(`DROP DATABASE ${name} WITH (FORCE)`);
    await admin.end();
  }
}

/** A system registered with `joinedup client create`, to call the API as an integration would. */
export interface SystemClient {
  clientId: string;
  secret: string;
  scopes: string;
}

/** Registers a system (before the server starts: the embedded database takes one process at a time). */
export function registerSystem(env: Record<string, string>, dataDirArgs: string[], scopes = 'system/*.cruds'): SystemClient {
  const result = spawnSync(process.execPath, [cli, 'client', 'create', '--name', 'Benchmark', '--scopes', scopes, ...dataDirArgs], { env: { ...process.env, ...env }, encoding: 'utf8' });
  const clientId = /client_id:\s+(\S+)/.exec(result.stdout)?.[1];
  const secret = /client_secret:\s+(\S+)/.exec(result.stdout)?.[1];
  if (result.status !== 0 || clientId === undefined || secret === undefined) throw new Error(`joinedup client create failed:\n${result.stderr}`);
  return { clientId, secret, scopes };
}

/** The Authorization header for a registered system, from the server's token endpoint (a token lasts 15 minutes). */
export async function systemAuthorization(base: string, client: SystemClient): Promise<string> {
  const res = await fetch(`${base}/oauth/token`, {
    method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ grant_type: 'client_credentials', client_id: client.clientId, client_secret: client.secret, scope: client.scopes }).toString(),
  });
  const answer = (await res.json()) as { access_token?: string };
  if (!res.ok || answer.access_token === undefined) throw new Error(`token request: ${res.status} ${JSON.stringify(answer)}`);
  return `Bearer ${answer.access_token}`;
}
