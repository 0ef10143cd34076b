import { constants, createWriteStream } from 'node:fs';
import { access, readFile } from 'node:fs/promises';
import path from 'node:path';
import { finished } from 'node:stream/promises';
import {
  type Accuracy, type CsvRecords, evaluateClusters, evaluatePairs, explainCandidate, type LinkageSettings, LinkageInputError, LinkageSettingsError,
  LinkageTrainingError, type LinkResult, linkRecords, type LinkStage, missingColumns, pairKey, pairProbability, pairsAtOrAbove, probabilityOf,
  readCsvRecords, readSettings, readTruthPairs,
} from '../../people/index.js';
import { type ConfigFlags, loadConfig, migrate } from '../../platform/index.js';
import { moveRecordsOfIdentities } from '../../record/index.js';
import { allMigrations } from '../../joinedup.js';
import { relinkPeople } from '../../people/index.js';
import { withDatabase } from '../database.js';
import { type ExitCode, exitCodes } from '../exit-codes.js';
import { createProgress, formatAmount } from '../progress.js';

export interface LinkFlags extends Pick<ConfigFlags, 'dataDir'> {
  left?: string;
  right?: string;
  dedupe?: string;
  settings?: string;
  out?: string;
  threshold?: string;
  evaluate?: string;
  clusters?: string;
  model?: string;
  explain?: boolean;
}

/** A mistake in the command line or its files: reported in one message, exit 2. */
class LinkUsageError extends Error {}

async function loadSettings(file: string): Promise<LinkageSettings> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new LinkUsageError(`cannot read the settings file ${file} (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new LinkUsageError(`the settings file ${file} is not valid JSON: ${(error as Error).message}`);
  }
  try {
    return readSettings(json);
  } catch (error) {
    if (error instanceof LinkageSettingsError) throw new LinkUsageError(`the settings in ${file} cannot be used:\n${error.problems.map((p) => `  ${p.path}: ${p.message}`).join('\n')}`);
    throw error;
  }
}

async function readInput(file: string, settings: LinkageSettings, settingsFile: string): Promise<CsvRecords> {
  const columns = [...settings.fields.map((f) => f.column), ...[...settings.blocking, ...settings.training].flat().map((p) => p.column), ...(settings.prior.kind === 'deterministic' ? settings.prior.rules.flat().map((p) => p.column) : [])];
  const progress = createProgress(`link: reading ${file}`, 'bytes');
  const records = await readCsvRecords(file, settings.id, columns, (header) => {
    const problems = missingColumns(settings, header, file);
    if (problems.length > 0) throw new LinkUsageError(`${settingsFile} names columns that ${file} does not have:\n${problems.map((p) => `  ${p.path}: ${p.message}`).join('\n')}`);
  }, (done, total) => { progress.update(done, total, ''); });
  progress.finish(`${formatAmount(records.ids.length, 'rows')} read`);
  return records;
}

/** Fails before a long link, not after it, when an output file cannot be written. */
async function checkWritable(file: string): Promise<void> {
  try {
    await access(path.dirname(path.resolve(file)), constants.W_OK);
  } catch (error) {
    throw new LinkUsageError(`${file} cannot be written (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
  }
}

function csvField(value: string): string {
  return /[",\n\r]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

async function writeText(file: string, lines: Iterable<string>): Promise<void> {
  const out = createWriteStream(file);
  const failed = new Promise<never>((_, reject) => out.on('error', (error: NodeJS.ErrnoException) => { reject(new LinkUsageError(`${file} cannot be written (${error.code ?? error.message})`)); }));
  const writing = (async () => {
    for (const line of lines) {
      if (!out.write(line)) await new Promise<void>((r) => out.once('drain', () => { r(); }));
    }
    out.end();
    await finished(out);
  })();
  await Promise.race([writing, failed]);
}

function* pairLines(result: LinkResult, chosen: Int32Array, explain: boolean): Generator<string> {
  const { features, pairs } = result;
  const names = features.fields.map((f) => f.settings.name);
  yield `id_l,id_r,match_weight,match_probability${explain ? names.map((n) => `,${n}_level,${n}_weight`).join('') : ''}\n`;
  for (const p of chosen) {
    const line = `${csvField(features.ids(pairs.a[p] ?? 0))},${csvField(features.ids(pairs.b[p] ?? 0))},${(result.weights[p] ?? 0).toFixed(4)},${pairProbability(result, p).toPrecision(6)}`;
    yield explain ? `${line}${explainCandidate(result, p).fields.map((f) => `,${f.level},${f.weight.toFixed(4)}`).join('')}\n` : `${line}\n`;
  }
}

function modelJson(result: LinkResult): string {
  const { model } = result;
  return `${JSON.stringify({
    prior: model.prior,
    priorWeight: model.priorWeight,
    fields: model.fields.map((f) => ({ name: f.name, levels: f.labels.map((label, l) => ({ label, m: f.m[l], u: f.u[l], weight: f.weights[l] })), tf: f.tfWeights !== undefined })),
    sessions: model.sessions,
  }, null, 2)}\n`;
}

const percent = (x: number): string => `${(x * 100).toFixed(2)}%`;
const accuracyLine = (a: Accuracy): string =>
  `precision ${a.precision.toFixed(4)}, recall ${a.recall.toFixed(4)}, F1 ${a.f1.toFixed(4)} (${formatAmount(a.truePositives, 'pairs')} right of ${formatAmount(a.predicted, 'pairs')} predicted; ${formatAmount(a.truePairs, 'pairs')} true)`;

function checkFlags(flags: LinkFlags): { threshold?: number } {
  if (!flags.settings) throw new LinkUsageError('--settings <file> is required (see docs/linkage/README.md)');
  if (!flags.out) throw new LinkUsageError('--out <file> is required');
  if (flags.dedupe !== undefined && (flags.left !== undefined || flags.right !== undefined)) throw new LinkUsageError('give either --dedupe <file>, or --left <file> and --right <file>, not both');
  if (flags.dedupe === undefined && (flags.left === undefined || flags.right === undefined)) throw new LinkUsageError('give --left <file> and --right <file> to link two files, or --dedupe <file> to find duplicates within one');
  if (flags.clusters !== undefined && flags.dedupe === undefined) throw new LinkUsageError('--clusters is for --dedupe');
  if (flags.threshold === undefined) return {};
  const threshold = Number(flags.threshold);
  if (flags.threshold.trim() === '' || !(threshold >= 0 && threshold <= 1)) throw new LinkUsageError(`--threshold must be a match probability from 0 to 1, not ${flags.threshold}`);
  return { threshold };
}

const stageNames: Record<LinkStage, string> = {
  features: 'preparing records', blocking: 'making candidate pairs (records × rules)', comparing: 'comparing pairs',
  training: 'estimating m, u and the prior', scoring: 'scoring', clustering: 'clustering',
};

/** A progress line per stage of the link, each finished with its time. */
function stageProgress(): { update: (stage: LinkStage, done: number, total: number) => void; end: () => void } {
  let current: { name: LinkStage; progress: ReturnType<typeof createProgress>; began: number } | undefined;
  const end = (): void => {
    if (current) current.progress.finish(`${stageNames[current.name]}: done in ${((performance.now() - current.began) / 1000).toFixed(1)} s`);
    current = undefined;
  };
  return {
    update(name, done, total) {
      if (current?.name !== name) {
        end();
        current = { name, progress: createProgress('link', name === 'comparing' ? 'pairs' : 'rows'), began: performance.now() };
      }
      if (name === 'blocking' || name === 'comparing') current.progress.update(done, total, stageNames[name]);
    },
    end,
  };
}

/** The settings `joinedup link` re-links the person index with when none are given. */
const personIndexSettings = new URL('../../../../docs/linkage/person-index.json', import.meta.url);

/**
 * `joinedup link` with no files: re-links the whole person index in the database. People whose
 * identities cluster above the link threshold are merged (each merge can be undone from the person's
 * page), and the uncertain pairs go to the review queue.
 */
async function relinkIndex(flags: LinkFlags): Promise<ExitCode> {
  for (const [flag, value] of [['--out', flags.out], ['--threshold', flags.threshold], ['--evaluate', flags.evaluate], ['--clusters', flags.clusters], ['--model', flags.model], ['--explain', flags.explain]] as const) {
    if (value !== undefined) throw new LinkUsageError(`${flag} is for linking files (--left and --right, or --dedupe); re-linking the person index writes to the database`);
  }
  const settingsFile = flags.settings ?? path.relative(process.cwd(), personIndexSettings.pathname);
  const settings = await loadSettings(flags.settings ?? personIndexSettings.pathname);
  return withDatabase(loadConfig(flags), async (db) => {
    await migrate(db, allMigrations());
    const stages = stageProgress();
    let steps: ReturnType<typeof createProgress> | undefined;
    const summary = await relinkPeople(db, settings, moveRecordsOfIdentities, {
      onProgress: (stage, done, total) => {
        if (stage === 'indexing' || stage === 'merging' || stage === 'queueing') {
          stages.end();
          steps ??= createProgress('link', 'rows');
          steps.update(done, total, { indexing: 'indexing blocking keys for live linkage', merging: 'merging people', queueing: 'queueing pairs for review' }[stage]);
        } else stages.update(stage, done, total);
      },
    });
    stages.end();
    (steps ?? createProgress('link', 'rows')).finish(
      `person index re-linked with ${settingsFile}: ${summary.identities.toLocaleString('en-GB')} identities, ${formatAmount(summary.candidatePairs, 'pairs')} compared; ` +
        `${summary.merged} people merged into others, ${summary.queued} pairs queued for review` +
        `${summary.heldApart > 0 ? `, ${summary.heldApart} clusters held apart by earlier decisions` : ''} in ${summary.seconds.toFixed(1)} s; ` +
        'identities arriving from now on are linked with this model',
    );
    return exitCodes.ok;
  });
}

/** `joinedup link --left A.csv --right B.csv | --dedupe A.csv --settings S.json --out pairs.csv`, or `joinedup link` to re-link the person index. */
export async function linkCommand(flags: LinkFlags): Promise<ExitCode> {
  try {
    if (flags.left === undefined && flags.right === undefined && flags.dedupe === undefined) return await relinkIndex(flags);
    const { threshold } = checkFlags(flags);
    for (const file of [flags.out, flags.clusters, flags.model]) if (file !== undefined) await checkWritable(file);
    const settingsFile = flags.settings ?? '';
    const settings = await loadSettings(settingsFile);
    const left = await readInput(flags.dedupe ?? flags.left ?? '', settings, settingsFile);
    const right = flags.dedupe === undefined ? await readInput(flags.right ?? '', settings, settingsFile) : undefined;
    const truth = flags.evaluate !== undefined ? await readTruthPairs(flags.evaluate, pairKey) : undefined;
    const started = performance.now();
    const stages = stageProgress();
    const result = linkRecords({ settings, left, ...(right ? { right } : {}), onProgress: stages.update });
    stages.end();
    const progress = createProgress('link', 'pairs');
    const cutoff = threshold ?? settings.thresholds.review;
    const chosen = pairsAtOrAbove(result, cutoff);
    await writeText(flags.out ?? '', pairLines(result, chosen, flags.explain === true));
    const linked = chosen.filter((p) => pairProbability(result, p) >= settings.thresholds.link).length;
    progress.finish(
      `${right ? `${formatAmount(left.ids.length, 'rows')} × ${formatAmount(right.ids.length, 'rows')}` : formatAmount(left.ids.length, 'rows')}: ` +
        `${formatAmount(result.pairs.a.length, 'pairs')} compared of ${formatAmount(result.possiblePairs, 'pairs')} possible; prior λ ${result.model.prior.toPrecision(3)}; ` +
        `${formatAmount(chosen.length, 'pairs')} at or above ${cutoff} written to ${flags.out ?? ''} (${formatAmount(linked, 'pairs')} at or above the link threshold ${settings.thresholds.link}) in ${((performance.now() - started) / 1000).toFixed(1)} s`,
    );
    for (const s of result.skipped) process.stderr.write(`link: block too big, skipped: ${s.rule} with ${s.key} would make ${formatAmount(s.pairs, 'pairs')} (more than maxBlockPairs ${formatAmount(settings.maxBlockPairs, 'pairs')})\n`);
    if (result.skipped.length > 0) process.stderr.write(`link: ${result.skipped.length} block(s) skipped, ${formatAmount(result.skipped.reduce((n, s) => n + s.pairs, 0), 'pairs')} not compared (pairs in them may still come from other rules)\n`);
    if (flags.model) await writeText(flags.model, [modelJson(result)]);
    if (flags.clusters && result.clusters) await writeClusters(flags.clusters, result, result.clusters);
    if (truth) printEvaluation(result, truth, threshold ?? settings.thresholds.link, settings.thresholds.link);
    return exitCodes.ok;
  } catch (error) {
    if (error instanceof LinkUsageError || error instanceof LinkageInputError || error instanceof LinkageTrainingError) {
      process.stderr.write(`joinedup link: ${error.message}\n`);
      return exitCodes.usage;
    }
    throw error;
  }
}

async function writeClusters(file: string, result: LinkResult, clusters: Int32Array): Promise<void> {
  const ids = result.features.ids;
  await writeText(file, (function* () {
    yield 'id,cluster_id\n';
    for (let r = 0; r < clusters.length; r++) yield `${csvField(ids(r))},${csvField(ids(clusters[r] ?? r))}\n`;
  })());
}

/** Precision, recall and F1 at the threshold and at the best threshold (and of the clusters), on stdout. */
function printEvaluation(result: LinkResult, truth: ReadonlySet<string>, threshold: number, linkThreshold: number): void {
  const { features, pairs } = result;
  const e = evaluatePairs((p) => [features.ids(pairs.a[p] ?? 0), features.ids(pairs.b[p] ?? 0)], Array.from(result.weights, probabilityOf), truth, threshold);
  process.stdout.write(`At threshold ${e.atThreshold.threshold}: ${accuracyLine(e.atThreshold)}\n`);
  process.stdout.write(`Best threshold ${e.best.threshold.toPrecision(6)}: ${accuracyLine(e.best)}\n`);
  if (result.clusters) {
    const ids = Array.from({ length: features.size }, (_, r) => features.ids(r));
    process.stdout.write(`Clusters at the link threshold ${linkThreshold}: ${accuracyLine(evaluateClusters(ids, result.clusters, truth))}\n`);
  }
  process.stdout.write(`Recall ceiling of the blocking rules: ${percent(e.best.truePairs === 0 ? 1 : countTrueCandidates(result, truth) / e.best.truePairs)} of true pairs are candidates\n`);
}

function countTrueCandidates(result: LinkResult, truth: ReadonlySet<string>): number {
  const { features, pairs } = result;
  let n = 0;
  for (let p = 0; p < pairs.a.length; p++) if (truth.has(pairKey(features.ids(pairs.a[p] ?? 0), features.ids(pairs.b[p] ?? 0)))) n++;
  return n;
}
