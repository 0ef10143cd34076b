/**
 * The same Newton fit as fitLogistic, with the rows shared out between worker threads: each thread
 * adds its rows' gradient and Hessian at the current β, the main thread sums them and takes the
 * step. The rows are read in place (features, outcomes, offsets and weights are copied into
 * SharedArrayBuffers once, unless they are in one already). Run from TypeScript sources (the
 * tests), where the worker's compiled script does not exist, it fits on this thread.
 */
import { Worker } from 'node:worker_threads';
import { fitLogistic, type LogisticData, type LogisticFit, type LogisticOptions, logLikelihoodOf, newtonStep, startingBeta } from './logistic.js';

function shared<T extends Float64Array | Uint8Array>(values: T | readonly number[], make: (buffer: SharedArrayBuffer, length: number) => T, bytes: number): T {
  if (!Array.isArray(values) && (values as T).buffer instanceof SharedArrayBuffer) return values as T;
  const out = make(new SharedArrayBuffer(values.length * bytes), values.length);
  out.set(values);
  return out;
}

export async function fitLogisticOnThreads(data: LogisticData, options: LogisticOptions = {}, threads = 2): Promise<LogisticFit> {
  const script = new URL('./logistic-worker.js', import.meta.url);
  if (threads <= 1 || import.meta.url.endsWith('.ts') || data.n < 10_000) return fitLogistic(data, options);
  const f64 = (b: SharedArrayBuffer, n: number) => new Float64Array(b, 0, n);
  const u8 = (b: SharedArrayBuffer, n: number) => new Uint8Array(b, 0, n);
  const sharedData: LogisticData = {
    x: shared(data.x, f64, 8), n: data.n, k: data.k, y: shared(data.y, u8, 1),
    ...(data.offset !== undefined ? { offset: shared(data.offset, f64, 8) } : {}),
    ...(data.weights !== undefined ? { weights: shared(data.weights, f64, 8) } : {}),
  };
  const lambda = options.lambda ?? 0;
  const maxIterations = options.maxIterations ?? 50;
  const tolerance = options.tolerance ?? 1e-9;
  const m = data.k + 1;
  const workers = Array.from({ length: threads }, (_, t) => new Worker(script, {
    workerData: { data: sharedData, from: Math.floor((t * data.n) / threads), to: Math.floor(((t + 1) * data.n) / threads) },
  }));
  try {
    const beta = startingBeta(sharedData);
    let iterations = 0;
    let converged = false;
    for (; iterations < maxIterations && !converged; iterations++) {
      const parts = await Promise.all(workers.map((w) => new Promise<{ hessian: Float64Array; gradient: Float64Array }>((resolve, reject) => {
        w.once('message', resolve);
        w.once('error', reject);
        w.postMessage(beta);
      })));
      const hessian = new Float64Array(m * m);
      const gradient = new Float64Array(m);
      for (const part of parts) {
        for (let i = 0; i < hessian.length; i++) hessian[i] = (hessian[i] ?? 0) + (part.hessian[i] ?? 0);
        for (let i = 0; i < m; i++) gradient[i] = (gradient[i] ?? 0) + (part.gradient[i] ?? 0);
      }
      converged = newtonStep(hessian, gradient, beta, lambda, (b) => logLikelihoodOf(sharedData, b, lambda)) < tolerance;
    }
    return { intercept: beta.at(0) ?? 0, coefficients: beta.slice(1), iterations, converged, logLikelihood: logLikelihoodOf(sharedData, beta, lambda) };
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
  }
}
