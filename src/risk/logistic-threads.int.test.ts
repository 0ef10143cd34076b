// The Newton fit shared out between worker threads gives the fit on one thread. The threads run the
// compiled worker script, so this uses the build (`npm test` builds first).
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { expect, it } from 'vitest';
import type { fitLogisticOnThreads as OnThreads } from './index.js';
import { fitLogistic } from './logistic.js';

const built = path.resolve(import.meta.dirname, '../../dist/src/risk/index.js');

it('fits on two worker threads exactly as on one', async () => {
  const { fitLogisticOnThreads } = (await import(pathToFileURL(built).href)) as { fitLogisticOnThreads: typeof OnThreads };
  let seed = 3;
  const next = (): number => {
    seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
    return seed / 2 ** 31;
  };
  const n = 30_000;
  const k = 6;
  const x = new Float64Array(new SharedArrayBuffer(n * k * 8));
  const y = new Uint8Array(new SharedArrayBuffer(n));
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < k; j++) x[i * k + j] = j % 2 === 0 ? next() * 2 - 1 : next() < 0.3 ? 1 : 0;
    const eta = -2 + (x[i * k] ?? 0) + 0.7 * (x[i * k + 1] ?? 0) - 0.5 * (x[i * k + 2] ?? 0);
    y[i] = next() < 1 / (1 + Math.exp(-eta)) ? 1 : 0;
  }
  const one = fitLogistic({ x, n, k, y }, { lambda: 1 });
  const two = await fitLogisticOnThreads({ x, n, k, y }, { lambda: 1 }, 2);
  expect(two.converged).toBe(true);
  expect(two.iterations).toBe(one.iterations);
  expect(two.intercept).toBeCloseTo(one.intercept, 9);
  for (let j = 0; j < k; j++) expect(two.coefficients[j]).toBeCloseTo(one.coefficients[j] ?? 0, 9);
  expect(two.logLikelihood).toBeCloseTo(one.logLikelihood, 6);
});
