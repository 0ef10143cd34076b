/**
 * One probabilistic link or dedupe, start to end: features, candidate pairs, comparison levels,
 * u from random pairs, m by EM, the prior, weights, and (for a dedupe) clusters. Each stage reports
 * progress and its time.
 */
import { candidatePairs, type CandidatePairs, type SkippedBlock } from './blocking.js';
import { clusterRecords } from './cluster.js';
import { comparePairs, compareRange } from './compare.js';
import { buildFeatures, type Features, type RecordTable } from './features.js';
import { assembleModel, estimatePrior, estimateU, type LabelledPairs, type LinkageModel, trainM } from './model.js';
import { possiblePairs } from './random-pairs.js';
import { explainPair, type Explanation, probabilityOf, scorePairs, weightOf } from './score.js';
import type { LinkageSettings } from './settings.js';

export type LinkStage = 'features' | 'blocking' | 'comparing' | 'training' | 'scoring' | 'clustering';

export interface LinkInput {
  readonly settings: LinkageSettings;
  readonly left: RecordTable;
  /** The second file of a link; without it, the left file is deduplicated. */
  readonly right?: RecordTable;
  /**
   * Pairs of records (indexes: left records first, then right) a person decided: `same` is 1 where
   * they are the same person. They join the estimation of m (see model.ts).
   */
  readonly labelled?: { readonly a: Int32Array; readonly b: Int32Array; readonly same: Uint8Array };
  readonly onProgress?: (stage: LinkStage, done: number, total: number) => void;
}

export interface LinkResult {
  readonly features: Features;
  readonly model: LinkageModel;
  readonly pairs: CandidatePairs;
  /** Comparison levels, pair-major (see compare.ts). */
  readonly levels: Uint8Array;
  /** Match weight of each candidate pair. */
  readonly weights: Float32Array;
  readonly possiblePairs: number;
  readonly skipped: readonly SkippedBlock[];
  /** For a dedupe, each record's cluster (its lowest-numbered member), at the link threshold. */
  readonly clusters?: Int32Array;
  readonly seconds: Readonly<Record<LinkStage, number>>;
}

/** Links two sets of records, or deduplicates one. */
export function linkRecords(input: LinkInput): LinkResult {
  const { settings, onProgress } = input;
  const seconds: Record<LinkStage, number> = { features: 0, blocking: 0, comparing: 0, training: 0, scoring: 0, clustering: 0 };
  const timed = <T>(stage: LinkStage, work: () => T): T => {
    const started = performance.now();
    const out = work();
    seconds[stage] = (performance.now() - started) / 1000;
    return out;
  };
  onProgress?.('features', 0, 1);
  const features = timed('features', () => buildFeatures(settings, input.left, input.right));
  const pairs = timed('blocking', () => candidatePairs(features, settings.blocking, { maxBlockPairs: settings.maxBlockPairs, onProgress: (d, t) => onProgress?.('blocking', d, t) }));
  onProgress?.('comparing', 0, pairs.a.length);
  const levels = timed('comparing', () => comparePairs(features, pairs.a, pairs.b, (d, t) => onProgress?.('comparing', d, t)));
  onProgress?.('training', 0, 1);
  const model = timed('training', () => {
    const u = estimateU(features, settings);
    const { m, sessions } = trainM(features, settings, pairs, levels, u, labelledLevels(features, input.labelled));
    const prior = estimatePrior(features, settings, levels, pairs.a.length, m, u);
    onProgress?.('training', 1, 1);
    return assembleModel(features, m, u, prior, sessions);
  });
  onProgress?.('scoring', 0, 1);
  const weights = timed('scoring', () => scorePairs(model, features, pairs.a, levels));
  if (features.dedupe) onProgress?.('clustering', 0, 1);
  const clusters = features.dedupe
    ? timed('clustering', () =>
        clusterRecords(features.size, { a: pairs.a, b: pairs.b, weight: weights }, {
          linkWeight: weightOf(settings.thresholds.link),
          conflictWeight: weightOf(settings.cluster.conflictProbability),
          bridgeWeight: weightOf(settings.cluster.bridgeProbability),
        }))
    : undefined;
  return { features, model, pairs, levels, weights, possiblePairs: possiblePairs(features), skipped: pairs.skipped, seconds, ...(clusters ? { clusters } : {}) };
}

function labelledLevels(features: Features, labelled: LinkInput['labelled']): LabelledPairs | undefined {
  if (!labelled || labelled.a.length === 0) return undefined;
  const levels = new Uint8Array(labelled.a.length * features.fields.length);
  compareRange(features, labelled.a, labelled.b, 0, labelled.a.length, levels);
  return { count: labelled.a.length, levels, same: labelled.same };
}

/** Indexes of the candidate pairs whose match probability is at least `probability`, strongest first. */
export function pairsAtOrAbove(result: LinkResult, probability: number): Int32Array {
  const bound = weightOf(probability);
  const chosen: number[] = [];
  result.weights.forEach((w, p) => {
    if (w >= bound) chosen.push(p);
  });
  return Int32Array.from(chosen).sort((x, y) => (result.weights[y] ?? 0) - (result.weights[x] ?? 0) || x - y);
}

/** Match probability of candidate pair p. */
export function pairProbability(result: LinkResult, p: number): number {
  return probabilityOf(result.weights[p] ?? -Infinity);
}

/** Candidate pair p's score, field by field. */
export function explainCandidate(result: LinkResult, p: number): Explanation {
  const width = result.features.fields.length;
  return explainPair(result.model, result.features, result.pairs.a[p] ?? 0, result.pairs.b[p] ?? 0, Array.from(result.levels.subarray(p * width, (p + 1) * width)));
}
