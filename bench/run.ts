/**
 * Joined Up benchmarks (`npm run bench`): each result is compared with a baseline measured in the
 * same run, on the same machine, because machines here are noisy. Prints a Markdown section to
 * paste into docs/benchmarks.md.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { accessBench } from './access.js';
import { frailtyBench } from './frailty.js';
import { fundPositionBench } from './fund-position.js';
import { riskModelBench } from './risk-model.js';
import { riskPipelineBench } from './risk-pipeline.js';
import { fhirBench } from './fhir.js';
import { linkageBench } from './linkage.js';
import { liveLinkageBench } from './live-linkage.js';
import { ledgerFaultBench, ledgerPostBench } from './ledger.js';
import { recordBench } from './record.js';
import { cli, median, root, start } from './server.js';

async function startupBench(): Promise<string[]> {
  const fresh: number[] = [];
  const existing: number[] = [];
  const dirs: string[] = [];
  for (let i = 0; i < 3; i++) {
    const dir = mkdtempSync(path.join(tmpdir(), 'joinedup-bench-'));
    dirs.push(dir);
    const { server, readyMs } = await start([cli, 'serve', '--port', '0', '--host', '127.0.0.1', '--data-dir', dir]);
    fresh.push(readyMs);
    await server.stop();
  }
  const dir = dirs[0] ?? '';
  for (let i = 0; i < 5; i++) {
    const { server, readyMs } = await start([cli, 'serve', '--port', '0', '--host', '127.0.0.1', '--data-dir', dir]);
    existing.push(readyMs);
    await server.stop();
  }
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
  const fmt = (xs: number[]): string => `${(median(xs) / 1000).toFixed(2)} s (min ${(Math.min(...xs) / 1000).toFixed(2)}, max ${(Math.max(...xs) / 1000).toFixed(2)})`;
  return [
    `| start to /ready, fresh data dir (median of ${fresh.length}) | ${fmt(fresh)} | — |`,
    `| start to /ready, existing data dir (median of ${existing.length}) | ${fmt(existing)} | goal < 3 s: ${median(existing) < 3000 ? 'met' : 'NOT met'} |`,
  ];
}

/**
 * Requests per second from wrk (one client thread, 50 connections). wrk rather than a Node load
 * generator: on a 2-core machine the client shares the CPU with the server, and a Node client
 * spends more on parsing the full app's larger (security) headers than the server does.
 */
function load(url: string, seconds: number): number {
  const run = spawnSync('wrk', ['-t1', '-c50', `-d${seconds}s`, `${url}/health`], { encoding: 'utf8' });
  if (run.error) throw new Error('wrk is needed for the throughput benchmark: apt-get install wrk');
  const rate = /Requests\/sec:\s+([\d.]+)/.exec(run.stdout);
  if (!rate?.[1] || /Non-2xx|Socket errors/.test(run.stdout)) throw new Error(`wrk against ${url} failed:\n${run.stdout}${run.stderr}`);
  return Number(rate[1]);
}

async function throughputBench(): Promise<string[]> {
  const bareScript = path.join(root, 'bench/bare-fastify.ts');
  const servers = {
    bare: await start(['--import', 'tsx', bareScript]),
    headers: await start(['--import', 'tsx', bareScript, '--with-headers']),
    full: await start([cli, 'serve', '--port', '0', '--host', '127.0.0.1', '--data-dir', mkdtempSync(path.join(tmpdir(), 'joinedup-bench-'))]),
  };
  const rates = { bare: [] as number[], headers: [] as number[], full: [] as number[] };
  try {
    for (const s of Object.values(servers)) load(s.server.url, 2);
    for (let round = 0; round < 5; round++) {
      for (const key of ['bare', 'headers', 'full'] as const) rates[key].push(load(servers[key].server.url, 5));
    }
  } finally {
    for (const s of Object.values(servers)) await s.server.stop();
  }
  const ratio = median(rates.full) / median(rates.bare);
  const rate = (xs: number[]): string => `${Math.round(median(xs)).toLocaleString('en-GB')} req/s`;
  return [
    `| /health, bare Fastify (median of 5 × 5 s, wrk, 50 connections) | ${rate(rates.bare)} | baseline |`,
    `| /health, bare Fastify + Joined Up's security headers and request id | ${rate(rates.headers)} | ratio ${(median(rates.headers) / median(rates.bare)).toFixed(2)} |`,
    `| /health, full Joined Up app (same run) | ${rate(rates.full)} | ratio ${ratio.toFixed(2)} (goal ≥ 0.8: ${ratio >= 0.8 ? 'met' : 'NOT met'}); ${(median(rates.full) / median(rates.headers)).toFixed(2)} of the headers-only app |`,
  ];
}

interface SynthResult {
  seconds: number;
  peakMiB: number;
  people: number;
  events: number;
  bytes: number;
}

/** Runs `joinedup synth` under GNU time for its wall time and peak resident memory (threads included). */
function synthRun(people: number, workers: number): SynthResult {
  const out = mkdtempSync(path.join(tmpdir(), 'joinedup-synth-bench-'));
  const began = performance.now();
  const run = spawnSync('/usr/bin/time', ['-f', 'peak-kib %M', process.execPath, cli, 'synth', '--people', String(people), '--seed', '1', '--out', path.join(out, 'place'), '--workers', String(workers)], { encoding: 'utf8', maxBuffer: 1 << 26 });
  const seconds = (performance.now() - began) / 1000;
  if (run.error || run.status !== 0) throw new Error(`synth failed (GNU time is needed: apt-get install time):\n${run.stderr}`);
  const summary = JSON.parse(spawnSync('cat', [path.join(out, 'place', 'manifest.json')], { encoding: 'utf8' }).stdout) as { files: { bytes: number }[] };
  const events = Number(/and ([\d,]+) events written/.exec(run.stderr)?.[1]?.replace(/,/g, '') ?? NaN);
  const peakKib = Number(/peak-kib (\d+)/.exec(run.stderr)?.[1] ?? NaN);
  rmSync(out, { recursive: true, force: true });
  // Let the disk finish writing back this run's files so the next run is not charged for them.
  spawnSync('sync');
  return { seconds, peakMiB: peakKib / 1024, people, events, bytes: summary.files.reduce((a, f) => a + f.bytes, 0) };
}

/** Seconds to write `bytes` to a file in 4 MiB blocks: what this disk allows, the ceiling for synth. */
function rawWrite(bytes: number): number {
  const dir = mkdtempSync(path.join(tmpdir(), 'joinedup-disk-bench-'));
  const began = performance.now();
  spawnSync('dd', ['if=/dev/zero', `of=${path.join(dir, 'blob')}`, 'bs=4M', `count=${Math.ceil(bytes / 4 / 2 ** 20)}`, 'status=none']);
  const seconds = (performance.now() - began) / 1000;
  rmSync(dir, { recursive: true, force: true });
  spawnSync('sync');
  return seconds;
}

function synthBench(): string[] {
  spawnSync('sync');
  const small = { one: synthRun(100_000, 0), two: synthRun(100_000, 2) };
  const big = synthRun(1_000_000, 2);
  const disk = rawWrite(big.bytes);
  const gib = (b: number): string => `${(b / 2 ** 30).toFixed(2)} GiB`;
  const rate = (n: number, s: number): string => Math.round(n / s).toLocaleString('en-GB');
  return [
    `| synth 100,000 people, 1 thread (baseline) | ${small.one.seconds.toFixed(1)} s, ${rate(small.one.people, small.one.seconds)} people/s | baseline |`,
    `| synth 100,000 people, 2 worker threads | ${small.two.seconds.toFixed(1)} s, ${rate(small.two.people, small.two.seconds)} people/s | ${(small.one.seconds / small.two.seconds).toFixed(2)}× the one-thread run |`,
    `| synth 1,000,000 people, 3 years, 2 worker threads | ${big.seconds.toFixed(1)} s; ${rate(big.people, big.seconds)} people/s, ${rate(big.events, big.seconds)} events/s; ${gib(big.bytes)} written; peak memory ${(big.peakMiB / 1024).toFixed(2)} GiB | goal ≤ 300 s: ${big.seconds <= 300 ? 'met' : 'NOT met'}; ≤ 4 GiB: ${big.peakMiB <= 4096 ? 'met' : 'NOT met'} |`,
    `| writing the same ${gib(big.bytes)} of zeros with dd (same run) | ${disk.toFixed(1)} s | synth takes ${(big.seconds / disk).toFixed(1)}× the raw disk write |`,
  ];
}

const only = process.argv[2];
const rows = [
  ...(only === undefined || only === 'startup' ? await startupBench() : []),
  ...(only === undefined || only === 'throughput' ? await throughputBench() : []),
  ...(only === undefined || only === 'synth' ? synthBench() : []),
  ...(only === undefined || only === 'record' ? await recordBench() : []),
  ...(only === undefined || only === 'fhir' ? await fhirBench() : []),
  ...(only === undefined || only === 'access' ? await accessBench() : []),
  ...(only === undefined || only === 'frailty' ? frailtyBench() : []),
  ...(only === undefined || only === 'fund-position' ? await fundPositionBench() : []),
  ...(only === undefined || only === 'risk-model' ? await riskModelBench() : []),
  ...(only === undefined || only === 'risk-pipeline' ? await riskPipelineBench() : []),
  ...(only === undefined || only === 'linkage' ? await linkageBench() : []),
  ...(only === undefined || only === 'linkage' || only === 'live-linkage' ? await liveLinkageBench() : []),
  ...(only === undefined || only === 'ledger-post' ? await ledgerPostBench() : []),
  ...(only === undefined || only === 'ledger-fault' ? await ledgerFaultBench() : []),
];
const cpu = cpus()[0]?.model ?? 'unknown CPU';
console.log(`\n### ${new Date().toISOString().slice(0, 10)} — ${cpus().length} × ${cpu}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}\n`);
console.log('| benchmark | result | against |');
console.log('|---|---|---|');
for (const row of rows) console.log(row);
