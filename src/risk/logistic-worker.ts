/** A worker thread of fitLogisticOnThreads: its share of the rows' gradient and Hessian at each β it is sent. */
import { parentPort, workerData } from 'node:worker_threads';
import { accumulate, type LogisticData } from './logistic.js';

const { data, from, to } = workerData as { data: LogisticData; from: number; to: number };
const m = data.k + 1;
parentPort?.on('message', (beta: Float64Array) => {
  const hessian = new Float64Array(m * m);
  const gradient = new Float64Array(m);
  accumulate(data, from, to, beta, hessian, gradient);
  parentPort?.postMessage({ hessian, gradient }, [hessian.buffer, gradient.buffer]);
});
