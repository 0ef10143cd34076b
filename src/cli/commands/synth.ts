import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { resolveSynthOptions, synthesise, SynthOptionError, SynthOutputError, type SynthOptionsInput } from '../../synthetic/index.js';
import { type ExitCode, exitCodes } from '../exit-codes.js';
import { createProgress, formatAmount } from '../progress.js';

export interface SynthFlags {
  people?: string;
  seed?: string;
  out?: string;
  force?: boolean;
  years?: string;
  start?: string;
  olderShare?: string;
  postcodeArea?: string;
  sourceErrors?: string;
  workers?: string;
}

function fail(message: string, code: ExitCode): ExitCode {
  process.stderr.write(`joinedup synth: ${message}\n`);
  return code;
}

/** Generates a synthetic locality into a folder and prints what it made and how it calibrates. */
export async function synthCommand(flags: SynthFlags): Promise<ExitCode> {
  if (flags.people === undefined) return fail('--people is required (1,000 to 2,000,000)', exitCodes.usage);
  if (flags.out === undefined) return fail('--out is required (a new or empty folder)', exitCodes.usage);
  let sourceErrors: SynthOptionsInput['sourceErrors'];
  if (flags.sourceErrors !== undefined) {
    try {
      sourceErrors = JSON.parse(await readFile(flags.sourceErrors, 'utf8')) as SynthOptionsInput['sourceErrors'];
    } catch (error) {
      return fail(`--source-errors: cannot read ${flags.sourceErrors} as JSON (${(error as Error).message})`, exitCodes.usage);
    }
  }
  const workers = flags.workers === undefined ? undefined : Number(flags.workers);
  if (workers !== undefined && !(Number.isInteger(workers) && workers >= 0 && workers <= 64)) return fail(`--workers must be a whole number from 0 to 64, not "${flags.workers ?? ''}"`, exitCodes.usage);
  try {
    const options = resolveSynthOptions({
      people: flags.people, seed: flags.seed ?? '1', start: flags.start, years: flags.years, olderShare: flags.olderShare, postcodeArea: flags.postcodeArea, sourceErrors,
    });
    const out = path.resolve(flags.out);
    const progress = createProgress('synth', 'people');
    const started = performance.now();
    // Ctrl-C or a termination request stops at the next shard and removes what was written.
    const stop = new AbortController();
    const onSignal = (): void => { stop.abort(); };
    process.once('SIGINT', onSignal);
    process.once('SIGTERM', onSignal);
    const summary = await synthesise({
      options, out, force: flags.force === true, ...(workers !== undefined ? { workers } : {}), signal: stop.signal,
      onProgress: (done, total) => { progress.update(done, total, ''); },
    }).finally(() => {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
    });
    const seconds = (performance.now() - started) / 1000;
    progress.finish(
      `${formatAmount(summary.people, 'people')} and ${formatAmount(summary.events, 'rows').replace('rows', 'events')} written to ${out} ` +
        `(${formatAmount(summary.bytes, 'bytes')}) in ${seconds.toFixed(1)} s: ${Math.round(summary.people / seconds).toLocaleString('en-GB')} people/s, ` +
        `${Math.round(summary.events / seconds).toLocaleString('en-GB')} events/s, ${summary.workers} worker thread(s)`,
    );
    const misses = summary.calibration.checks.filter((c) => !c.pass);
    for (const c of summary.calibration.checks) process.stdout.write(`${c.pass ? 'ok  ' : 'MISS'}  ${c.name}: ${c.value} (target ${c.target})\n`);
    process.stdout.write(`oracle AUROC ${summary.calibration.oracleAuroc}; ${misses.length === 0 ? 'every calibration check is within tolerance' : `${misses.length} calibration check(s) outside tolerance`} (details in calibration.json)\n`);
    return exitCodes.ok;
  } catch (error) {
    if (error instanceof SynthOptionError) return fail(error.message, exitCodes.usage);
    if (error instanceof SynthOutputError) {
      return fail(error.message, error.reason === 'not_empty' ? exitCodes.targetNotEmpty : error.reason === 'stopped' ? exitCodes.interrupted : exitCodes.usage);
    }
    throw error;
  }
}
