/**
 * Fitting and scoring the admission model's arithmetic at a million people (`npm run bench
 * risk-model`; goals: fit 1,000,000 × 60 features ≤ 15 s on 2 cores, score 1,000,000 people ≤ 1 s).
 * The rows are made up (not timed): 20 continuous features and 40 binary ones (like conditions),
 * outcomes drawn from a known model with a 9% event rate. The fit runs on one thread and on two worker
 * threads in the same run, from the build (the worker is compiled JavaScript).
 */
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type * as Risk from '../src/risk/index.js';
import { Random } from '../src/synthetic/index.js';

export async function riskModelBench(): Promise<string[]> {
  const risk = (await import(pathToFileURL(path.resolve('dist/src/risk/index.js')).href)) as typeof Risk;
  const n = Number(process.env.BENCH_RISK_PEOPLE ?? 1_000_000);
  const k = 60;
  const random = Random.stream(21, 'risk-model-bench');
  const x = new Float64Array(new SharedArrayBuffer(n * k * 8));
  const y = new Uint8Array(new SharedArrayBuffer(n));
  const truth = Float64Array.from({ length: k }, (_, j) => (j < 20 ? 0.3 : 0.5) * (random.float() * 2 - 1));
  for (let i = 0; i < n; i++) {
    let eta = -2.6;
    for (let j = 0; j < k; j++) {
      const v = j < 20 ? random.normal() : random.chance(0.15) ? 1 : 0;
      x[i * k + j] = v;
      eta += (truth[j] ?? 0) * v;
    }
    y[i] = random.chance(1 / (1 + Math.exp(-eta))) ? 1 : 0;
  }
  const oneBegan = performance.now();
  const one = risk.fitLogistic({ x, n, k, y }, { lambda: 1, tolerance: 1e-8 });
  const oneSeconds = (performance.now() - oneBegan) / 1000;
  const twoBegan = performance.now();
  const two = await risk.fitLogisticOnThreads({ x, n, k, y }, { lambda: 1, tolerance: 1e-8 }, 2);
  const twoSeconds = (performance.now() - twoBegan) / 1000;
  const scoreBegan = performance.now();
  const p = risk.predictLogistic(two, x, n);
  const scoreSeconds = (performance.now() - scoreBegan) / 1000;
  const auc = risk.auroc(y, p).auroc;
  const largest = Math.max(...Array.from(two.coefficients, (c, j) => Math.abs(c - (one.coefficients[j] ?? 0))));
  const count = n.toLocaleString('en-GB');
  return [
    `| risk model: fit ${count} × ${k} features, L2 logistic regression by Newton, one thread (baseline) | ${oneSeconds.toFixed(1)} s, ${one.iterations} iterations | baseline |`,
    `| risk model: the same fit on 2 worker threads (same run) | ${twoSeconds.toFixed(1)} s, ${two.iterations} iterations; coefficients within ${largest.toExponential(1)} of one thread's; AUROC ${auc.toFixed(3)} | ${(oneSeconds / twoSeconds).toFixed(2)}× faster; goal ≤ 15 s: ${twoSeconds <= 15 ? 'met' : 'NOT met'} |`,
    `| risk model: score ${count} people (same run) | ${scoreSeconds.toFixed(2)} s | goal ≤ 1 s: ${scoreSeconds <= 1 ? 'met' : 'NOT met'} |`,
  ];
}
