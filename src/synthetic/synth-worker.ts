/** A worker thread that makes shards of the synthetic place on request (see generate.ts). */
import { parentPort, workerData } from 'node:worker_threads';
import { encodedShard } from './generate.js';
import type { SynthOptions } from './options.js';
import { buildPlace } from './place.js';

const { options } = workerData as { options: SynthOptions };
const place = buildPlace(options);
const port = parentPort;
if (!port) throw new Error('synth-worker must run as a worker thread');
port.on('message', (index: number) => {
  const shard = encodedShard(options, place, index);
  port.postMessage(shard, shard.files.map((f) => f.bytes.buffer as ArrayBuffer));
});
