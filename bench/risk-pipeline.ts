/**
 * The nightly case-finding pipeline on a PostgreSQL server (`npm run bench risk-pipeline`; goal: the
 * whole pipeline for 1,000,000 people ≤ 120 s): a synthetic locality of BENCH_RISK_PIPELINE_PEOPLE
 * (default 100,000) over four years is loaded with `joinedup import` (setup, not timed against the
 * goal), then `joinedup risk train` (features on two dates read from the record, the fit, the
 * temporal validation) and `joinedup risk score` (every person's features read from PostgreSQL,
 * scored and explained, scores and worklist ranks written back) are timed as a site runs them.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { cli, withServerDatabaseUrl } from './server.js';

function timed(args: string[], env: Record<string, string>): { seconds: number; stderr: string } {
  const began = performance.now();
  const result = spawnSync(process.execPath, [cli, ...args], { env: { ...process.env, LOG_LEVEL: 'warn', ...env }, encoding: 'utf8', maxBuffer: 1 << 28 });
  if (result.status !== 0) throw new Error(`joinedup ${args.join(' ')} failed:\n${result.stderr.slice(-2000)}`);
  return { seconds: (performance.now() - began) / 1000, stderr: result.stderr };
}

export async function riskPipelineBench(): Promise<string[]> {
  const people = Number(process.env.BENCH_RISK_PIPELINE_PEOPLE ?? 100_000);
  const work = mkdtempSync(path.join(tmpdir(), 'joinedup-risk-pipeline-'));
  const n = (x: number): string => x.toLocaleString('en-GB');
  try {
    const place = path.join(work, 'place');
    timed(['synth', '--people', String(people), '--seed', '5', '--start', '2021-04-01', '--years', '4', '--out', place], {});
    return await withServerDatabaseUrl(async (url) => {
      const env = { DATABASE_URL: url };
      const load = timed(['import', place], env);
      timed(['risk', 'areas', '--input', path.join(place, 'place/neighbourhoods.csv')], env);
      const train = timed(['risk', 'train', '--index-date', '2023-04-01', '--activate'], env);
      const score = timed(['risk', 'score', '--index-date', '2025-04-01'], env);
      const scored = Number(/scored ([\d,]+) people/.exec(score.stderr)?.[1]?.replaceAll(',', '') ?? Number.NaN);
      const perMillion = (score.seconds / scored) * 1_000_000;
      const goal = people >= 1_000_000 ? `goal ≤ 120 s: ${score.seconds <= 120 ? 'met' : 'NOT met'}` : `${perMillion.toFixed(0)} s per 1,000,000 if linear; goal ≤ 120 s at 1,000,000 not measured`;
      return [
        `| risk pipeline: locality of ${n(people)} people loaded by \`joinedup import\`, PostgreSQL server | ${load.seconds.toFixed(0)} s | setup |`,
        `| risk pipeline: \`joinedup risk train\` (features on two dates from PostgreSQL, fit, validation on the next year) | ${train.seconds.toFixed(1)} s | — |`,
        `| risk pipeline: \`joinedup risk score\`, ${n(scored)} people (features from PostgreSQL, scores, reasons and ranks written back) | ${score.seconds.toFixed(1)} s | ${goal} |`,
      ];
    });
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}
