/**
 * Writes a whole synthetic place to a folder, streaming: shards are made on worker threads (or in
 * this thread), come back as encoded bytes, and are appended to the output files strictly in shard
 * order, so the files are byte-identical however many threads ran. At most two shards per thread are
 * in flight, so memory stays flat whatever the population. Everything is written into a hidden
 * folder beside the target and renamed into place only when complete: a failed or interrupted run
 * leaves nothing half-written behind.
 */
import { createHash, type Hash } from 'node:crypto';
import { once } from 'node:events';
import { createWriteStream, type WriteStream } from 'node:fs';
import { mkdir, readdir, rename, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { appVersion } from '../platform/index.js';
import { calibrationReport, mergeTally, type CalibrationReport, type CalibrationTally } from './calibration.js';
import { csvHeader } from './csv.js';
import { gpBundlesPath } from './gp-bundle.js';
import type { SynthOptions } from './options.js';
import { csvOutputFiles, placeNeighbourhoods, placeOrganisations } from './output-files.js';
import { buildPlace, type Place } from './place.js';
import { shardSize } from './population.js';
import { generateShard, type ShardOutput } from './shard.js';
import type { SourceSystem } from './model.js';

/** Why a run could not write its output. */
export class SynthOutputError extends Error {
  constructor(readonly reason: 'not_empty' | 'not_writable' | 'stopped', message: string) {
    super(message);
    this.name = 'SynthOutputError';
  }
}

export interface SynthRun {
  readonly options: SynthOptions;
  readonly out: string;
  /** Replace an existing, non-empty output folder. */
  readonly force?: boolean;
  /** Worker threads; 0 makes everything in this thread. Default: one per CPU. */
  readonly workers?: number;
  readonly onProgress?: (peopleDone: number, people: number) => void;
  /** Stops the run between shards; what was written so far is removed. */
  readonly signal?: AbortSignal;
}

export interface OutputFile {
  readonly path: string;
  readonly rows: number;
  readonly bytes: number;
  readonly sha256: string;
}

export interface SynthSummary {
  readonly people: number;
  readonly events: number;
  readonly bytes: number;
  readonly files: readonly OutputFile[];
  readonly calibration: CalibrationReport;
  readonly workers: number;
}

/** A shard's output as bytes per file, ready to append. */
export interface EncodedShard {
  readonly index: number;
  readonly people: number;
  readonly files: readonly { readonly path: string; readonly bytes: Uint8Array }[];
  readonly tally: CalibrationTally;
  readonly population: readonly number[];
}

const encoder = new TextEncoder();

/** Makes shard `index` and encodes it (used in this thread and in workers alike). */
export function encodedShard(options: SynthOptions, place: Place, index: number): EncodedShard {
  const shard: ShardOutput = generateShard(options, place, index);
  const people = Math.min(options.people, (index + 1) * shardSize) - index * shardSize;
  return { index, people, files: Object.entries(shard.chunks).map(([p, text]) => ({ path: p, bytes: encoder.encode(text) })), tally: shard.tally, population: shard.population };
}

class OutputSink {
  private readonly streams = new Map<string, { stream: WriteStream; hash: Hash; bytes: number; rows: number; header: number }>();

  constructor(private readonly dir: string) {}

  async open(file: string, header = ''): Promise<void> {
    const full = path.join(this.dir, file);
    await mkdir(path.dirname(full), { recursive: true });
    const stream = createWriteStream(full);
    const entry = { stream, hash: createHash('sha256'), bytes: 0, rows: 0, header: header ? 1 : 0 };
    this.streams.set(file, entry);
    if (header) await this.write(file, encoder.encode(header));
  }

  async write(file: string, bytes: Uint8Array): Promise<void> {
    const entry = this.streams.get(file);
    if (!entry) throw new Error(`No output file ${file}`);
    entry.hash.update(bytes);
    entry.bytes += bytes.length;
    for (let at = bytes.indexOf(10); at !== -1; at = bytes.indexOf(10, at + 1)) entry.rows++;
    if (!entry.stream.write(bytes)) await once(entry.stream, 'drain');
  }

  async close(): Promise<OutputFile[]> {
    const files: OutputFile[] = [];
    for (const [file, entry] of this.streams) {
      await new Promise<void>((resolve, reject) => {
        entry.stream.once('error', reject);
        entry.stream.end(resolve);
      });
      files.push({ path: file, rows: entry.rows - entry.header, bytes: entry.bytes, sha256: entry.hash.digest('hex') });
    }
    return files;
  }

  destroy(): void {
    for (const entry of this.streams.values()) entry.stream.destroy();
  }
}

async function prepareOutput(out: string, force: boolean): Promise<string> {
  const existing = await stat(out).catch(() => undefined);
  if (existing && !existing.isDirectory()) throw new SynthOutputError('not_empty', `${out} exists and is not a folder`);
  if (existing && !force && (await readdir(out)).length > 0) {
    throw new SynthOutputError('not_empty', `${out} exists and is not empty; choose another folder or pass --force to replace it`);
  }
  const temporary = path.join(path.dirname(out), `.${path.basename(out)}.partial-${process.pid}`);
  try {
    await rm(temporary, { recursive: true, force: true });
    await mkdir(temporary, { recursive: true });
  } catch (error) {
    throw new SynthOutputError('not_writable', `Cannot write to ${path.dirname(out)}: ${(error as Error).message}`);
  }
  return temporary;
}

/** Generates the place described by `run.options` into `run.out`. */
export async function synthesise(run: SynthRun): Promise<SynthSummary> {
  const { options } = run;
  const out = path.resolve(run.out);
  const temporary = await prepareOutput(out, run.force === true);
  const sink = new OutputSink(temporary);
  const shards = Math.ceil(options.people / shardSize);
  const canUseWorkers = import.meta.url.endsWith('.js');
  const workers = canUseWorkers ? Math.max(0, Math.min(run.workers ?? os.availableParallelism(), shards)) : 0;
  try {
    const place = buildPlace(options);
    await sink.open(gpBundlesPath);
    for (const file of csvOutputFiles) await sink.open(file.path, csvHeader(file));
    const population = place.neighbourhoods.map(() => 0);
    const tally: CalibrationTally = {};
    let done = 0;
    const take = async (shard: EncodedShard): Promise<void> => {
      if (run.signal?.aborted) throw new SynthOutputError('stopped', `Stopped before the end; nothing was left in ${out}`);
      for (const file of shard.files) await sink.write(file.path, file.bytes);
      mergeTally(tally, shard.tally);
      shard.population.forEach((n, i) => (population[i] = (population[i] ?? 0) + n));
      done += shard.people;
      run.onProgress?.(done, options.people);
    };
    if (workers === 0) {
      for (let i = 0; i < shards; i++) await take(encodedShard(options, place, i));
    } else {
      await runOnWorkers(options, shards, workers, take);
    }

    for (const h of place.neighbourhoods) {
      const row = { index: h.index, sector: h.sector, district: h.district, town: h.town, deprivationDecile: h.deprivationDecile, population: population[h.index] ?? 0 };
      await sink.write(placeNeighbourhoods.path, encoder.encode(placeNeighbourhoods.line(row)));
    }
    for (const o of place.organisations) await sink.write(placeOrganisations.path, encoder.encode(placeOrganisations.line(o)));
    const nhsMissing = Object.fromEntries(Object.entries(options.sourceErrors).map(([s, rates]) => [s, rates.nhsNumberMissing])) as Record<SourceSystem, number>;
    const calibration = calibrationReport(tally, { olderShare: options.olderShare, nhsMissing, careHomeBeds: place.careHomes.map((h) => h.beds ?? 0) });
    await sink.open('calibration.json', `${JSON.stringify(calibration, null, 2)}\n`);
    const files = await sink.close();
    const manifest = { version: appVersion, options, files: [...files].sort((a, b) => (a.path < b.path ? -1 : 1)) };
    const manifestSink = new OutputSink(temporary);
    await manifestSink.open('manifest.json', `${JSON.stringify(manifest, null, 2)}\n`);
    await manifestSink.close();
    await rm(out, { recursive: true, force: true });
    await rename(temporary, out);
    return { people: options.people, events: calibration.counts.events, bytes: files.reduce((a, f) => a + f.bytes, 0), files, calibration, workers };
  } catch (error) {
    sink.destroy();
    await rm(temporary, { recursive: true, force: true });
    throw error;
  }
}

/**
 * Runs shards on a pool of worker threads, one shard per thread at a time, handing results to `take`
 * in shard order. Threads run at most two shards per thread ahead of the writer.
 */
async function runOnWorkers(options: SynthOptions, shards: number, count: number, take: (shard: EncodedShard) => Promise<void>): Promise<void> {
  const script = new URL('./synth-worker.js', import.meta.url);
  const pool = Array.from({ length: count }, () => new Worker(script, { workerData: { options } }));
  const ready = new Map<number, EncodedShard>();
  const idle: Worker[] = [...pool];
  let next = 0;
  let written = 0;
  let failed: Error | undefined;
  let wake: (() => void) | undefined;
  const notify = (): void => {
    wake?.();
    wake = undefined;
  };
  const feed = (): void => {
    while (idle.length > 0 && next < shards && next < written + 2 * count) idle.pop()?.postMessage(next++);
  };
  try {
    for (const worker of pool) {
      worker.on('message', (shard: EncodedShard) => {
        ready.set(shard.index, shard);
        idle.push(worker);
        feed();
        notify();
      });
      worker.on('error', (error) => {
        failed = error;
        notify();
      });
      worker.on('exit', (code) => {
        if (code !== 0 && written < shards) failed ??= new Error(`A synthesis worker stopped with exit code ${code}`);
        notify();
      });
    }
    feed();
    while (written < shards) {
      if (failed) throw failed;
      const shard = ready.get(written);
      if (!shard) {
        await new Promise<void>((resolve) => (wake = resolve));
        continue;
      }
      ready.delete(written);
      await take(shard);
      written++;
      feed();
    }
  } finally {
    await Promise.all(pool.map((w) => w.terminate()));
  }
}
