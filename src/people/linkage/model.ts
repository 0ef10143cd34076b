/**
 * The Fellegi–Sunter model: for each field and level, m (the chance of that level among true
 * matches) and u (among non-matches), and the prior λ (the chance that two records picked at random
 * match). This follows Splink's method (Linacre et al., UK Ministry of Justice):
 * - u from random pairs, which are almost all non-matches. For the exact level u is computed, not
 *   sampled: the chance that two random records agree is Σ over values of the product of their
 *   shares on each side, known exactly from the dictionary counts. The other levels share the rest
 *   in the proportions seen in the sample.
 * - m by expectation–maximisation with u fixed, in one session per training rule over the candidate
 *   pairs that rule selects. A field used by the session's rule is left out of that session (all its
 *   pairs agree on it by construction), and each field's m is the mean over the sessions that
 *   estimated it.
 * - λ from deterministic rules (pairs meeting them, divided by their expected recall, over all
 *   possible pairs), given outright, or by EM: the expected number of matches among the candidates,
 *   with m and u fixed, over all possible pairs.
 * EM runs over distinct comparison patterns with their counts, so it costs nothing next to blocking.
 * Pairs a reviewer decided join every session with their posterior fixed (see expectationMaximisation).
 */
import { type CandidatePairs, candidatePairs, pairsSatisfying } from './blocking.js';
import { compareRange, decodePattern, missingLevel, patternCounts } from './compare.js';
import { describeRule, type Features } from './features.js';
import { possiblePairs, randomPairs } from './random-pairs.js';
import type { LinkageSettings } from './settings.js';

export interface FieldModel {
  readonly name: string;
  readonly labels: readonly string[];
  readonly m: Float64Array;
  readonly u: Float64Array;
  /** log2(m/u) per level. */
  readonly weights: Float64Array;
  /** With term-frequency adjustment, the exact level's weight per dictionary value: log2(m / share of the value). */
  readonly tfWeights?: Float32Array;
}

export interface EmSession {
  readonly rule: string;
  readonly pairs: number;
  /** Labelled pairs (reviewers' decisions) that took part. */
  readonly labelled: number;
  readonly iterations: number;
  readonly converged: boolean;
  readonly lambda: number;
  readonly fieldsEstimated: readonly string[];
}

export interface LinkageModel {
  readonly fields: readonly FieldModel[];
  /** λ: the chance that two records picked at random match. */
  readonly prior: number;
  /** log2(λ / (1 − λ)), the weight every pair starts from. */
  readonly priorWeight: number;
  readonly sessions: readonly EmSession[];
}

/** A probability smaller than this is raised to it, so no level has an infinite weight. */
const floor = 1e-6;

/** u per field and level; see the module comment. */
export function estimateU(features: Features, settings: LinkageSettings): Float64Array[] {
  const sample = Math.max(1, Math.min(settings.uSamplePairs, possiblePairs(features)));
  const { a, b } = randomPairs(features, sample, settings.seed);
  const width = features.fields.length;
  const levels = new Uint8Array(sample * width);
  compareRange(features, a, b, 0, sample, levels);
  return features.fields.map((field, f) => {
    const labels = field.comparator.labels;
    const counts = new Float64Array(labels.length);
    for (let p = 0; p < sample; p++) {
      const l = levels[p * width + f] ?? missingLevel;
      if (l !== missingLevel) counts[l] = (counts[l] ?? 0) + 1;
    }
    const exact = exactAgreement(features, f);
    let others = 0;
    for (let l = 1; l < labels.length; l++) others += counts[l] ?? 0;
    const u = new Float64Array(labels.length);
    u[0] = Math.max(exact, floor);
    for (let l = 1; l < labels.length; l++) {
      const share = others === 0 ? 1 / (labels.length - 1) : (counts[l] ?? 0) / others;
      u[l] = Math.max(floor, (1 - exact) * share);
    }
    labels.forEach((label, l) => {
      const fixed = field.settings.u[label];
      if (fixed !== undefined) u[l] = Math.max(fixed, floor);
    });
    return u;
  });
}

/** The chance that two random records, both with the field, have the same value. */
function exactAgreement(features: Features, f: number): number {
  const field = features.fields[f];
  if (!field) return 0;
  const { values, counts, dictionary } = field;
  if (features.dedupe) {
    let same = 0;
    for (const c of counts) same += c * (c - 1);
    return field.present > 1 ? same / (field.present * (field.present - 1)) : 0;
  }
  const left = new Float64Array(dictionary.length);
  let leftPresent = 0;
  for (let r = 0; r < features.leftSize; r++) {
    const v = values[r] ?? -1;
    if (v >= 0) {
      left[v] = (left[v] ?? 0) + 1;
      leftPresent++;
    }
  }
  const rightPresent = field.present - leftPresent;
  if (leftPresent === 0 || rightPresent === 0) return 0;
  let same = 0;
  for (let v = 0; v < dictionary.length; v++) same += (left[v] ?? 0) * ((counts[v] ?? 0) - (left[v] ?? 0));
  return same / (leftPresent * rightPresent);
}

interface Patterns {
  readonly levels: Uint8Array;
  readonly counts: Float64Array;
  readonly size: number;
}

export function toPatterns(counts: Map<number, number>, width: number): Patterns {
  const levels = new Uint8Array(counts.size * width);
  const out = new Float64Array(counts.size);
  let i = 0;
  for (const [code, n] of counts) {
    levels.set(decodePattern(code, width), i * width);
    out[i++] = n;
  }
  return { levels, counts: out, size: counts.size };
}

/** P(match | pattern) for each pattern. */
function posteriors(patterns: Patterns, m: readonly Float64Array[], u: readonly Float64Array[], lambda: number, out: Float64Array): void {
  const width = m.length;
  for (let i = 0; i < patterns.size; i++) {
    let log = Math.log(lambda) - Math.log(1 - lambda);
    for (let f = 0; f < width; f++) {
      const l = patterns.levels[i * width + f] ?? missingLevel;
      if (l !== missingLevel) log += Math.log(m[f]?.[l] ?? floor) - Math.log(u[f]?.[l] ?? floor);
    }
    out[i] = log > 700 ? 1 : 1 / (1 + Math.exp(-log));
  }
}

interface EmResult {
  readonly m: Float64Array[];
  readonly lambda: number;
  readonly iterations: number;
  readonly converged: boolean;
}

/** Pairs a person labelled: those decided the same person, and those decided different people. */
export interface LabelledPatterns {
  readonly same: Patterns;
  readonly different: Patterns;
}

/**
 * Expectation–maximisation of m and λ with u fixed; fields not in `estimate` keep their m. Pairs
 * labelled the same person add to the match mass of their levels with their posterior fixed at 1
 * (semi-supervised EM), so reviewers' decisions inform m beside the unlabelled pairs; with labels
 * alone, m is the share of each level among the pairs labelled the same. λ comes from the unlabelled
 * pairs (the decided ones were chosen for review, so their share of matches says nothing of λ).
 */
export function expectationMaximisation(
  patterns: Patterns, mStart: readonly Float64Array[], u: readonly Float64Array[], estimate: readonly boolean[], fixed: readonly (readonly boolean[])[], maxIterations: number,
  labelled?: LabelledPatterns,
): EmResult {
  const width = mStart.length;
  const m = mStart.map((x) => Float64Array.from(x));
  let lambda = 0.1;
  const p = new Float64Array(patterns.size);
  const add = (from: Patterns, i: number, w: number, mass: Float64Array[]): void => {
    for (let f = 0; f < width; f++) {
      const l = from.levels[i * width + f] ?? missingLevel;
      if (l !== missingLevel) (mass[f] as Float64Array)[l] = ((mass[f] as Float64Array)[l] ?? 0) + w;
    }
  };
  for (let iteration = 1; iteration <= maxIterations; iteration++) {
    posteriors(patterns, m, u, lambda, p);
    let matched = 0;
    let total = 0;
    const mass = m.map((x) => new Float64Array(x.length));
    for (let i = 0; i < patterns.size; i++) {
      const n = patterns.counts[i] ?? 0;
      const w = n * (p[i] ?? 0);
      matched += w;
      total += n;
      add(patterns, i, w, mass);
    }
    if (labelled) {
      // Decided pairs are a chosen few, not a sample: they inform m, and λ only when nothing else can.
      const alone = total === 0;
      for (let i = 0; i < labelled.same.size; i++) {
        const n = labelled.same.counts[i] ?? 0;
        if (alone) {
          matched += n;
          total += n;
        }
        add(labelled.same, i, n, mass);
      }
      if (alone) for (let i = 0; i < labelled.different.size; i++) total += labelled.different.counts[i] ?? 0;
    }
    let change = Math.abs(matched / total - lambda);
    lambda = Math.min(1 - floor, Math.max(floor, matched / total));
    for (let f = 0; f < width; f++) {
      if (!estimate[f]) continue;
      const fm = m[f] as Float64Array;
      const fmass = mass[f] as Float64Array;
      const sum = fmass.reduce((s, x) => s + x, 0);
      if (sum <= 0) continue;
      for (let l = 0; l < fm.length; l++) {
        if (fixed[f]?.[l]) continue;
        const next = Math.max(floor, (fmass[l] ?? 0) / sum);
        change = Math.max(change, Math.abs(next - (fm[l] ?? 0)));
        fm[l] = next;
      }
    }
    if (change < 1e-6) return { m, lambda, iterations: iteration, converged: true };
  }
  return { m, lambda, iterations: maxIterations, converged: false };
}

/** A start for m: most matches agree exactly, the rest spread over the other levels. */
function startingM(features: Features): Float64Array[] {
  return features.fields.map((field) => {
    const labels = field.comparator.labels;
    const m = Float64Array.from(labels, (_, l) => (l === 0 ? 0.8 : 0.2 / (labels.length - 1)));
    labels.forEach((label, l) => {
      const fixed = field.settings.m[label];
      if (fixed !== undefined) m[l] = Math.max(fixed, floor);
    });
    return m;
  });
}

/** Thrown when the settings leave a field's m impossible to estimate. */
export class LinkageTrainingError extends Error {
  override readonly name = 'LinkageTrainingError';
}

/** Pairs of records a person labelled, with their comparison levels (pair-major, as compare.ts). */
export interface LabelledPairs {
  readonly count: number;
  readonly levels: Uint8Array;
  /** 1 where the pair was decided the same person, 0 where different people. */
  readonly same: Uint8Array;
}

/**
 * m per field and level from EM sessions over the candidate pairs of each training rule, with any
 * labelled pairs in every session (a field the session's rule uses is left out for them too).
 */
export function trainM(
  features: Features, settings: LinkageSettings, pairs: CandidatePairs, levels: Uint8Array, u: readonly Float64Array[], labelled?: LabelledPairs,
): { m: Float64Array[]; sessions: EmSession[] } {
  const width = features.fields.length;
  const start = startingM(features);
  const fixed = features.fields.map((field) => field.comparator.labels.map((label) => field.settings.m[label] !== undefined));
  const sums = start.map((x) => new Float64Array(x.length));
  const estimatedIn = new Array<number>(width).fill(0);
  const sessions: EmSession[] = [];
  for (const rule of settings.training) {
    const columns = new Set(rule.map((p) => p.column));
    const estimate = features.fields.map((field, f) => !columns.has(field.settings.column) && !fixed[f]?.every(Boolean));
    const include = pairsSatisfying(features, pairs, rule);
    const counts = patternCounts(levels, width, pairs.a.length, estimate, include);
    let selected = 0;
    for (const n of counts.values()) selected += n;
    const name = describeRule(rule);
    if (selected === 0 && !labelled?.count) {
      sessions.push({ rule: name, pairs: 0, labelled: 0, iterations: 0, converged: false, lambda: 0, fieldsEstimated: [] });
      continue;
    }
    const known = labelled?.count
      ? {
          same: toPatterns(patternCounts(labelled.levels, width, labelled.count, estimate, labelled.same), width),
          different: toPatterns(patternCounts(labelled.levels, width, labelled.count, estimate, labelled.same.map((x) => 1 - x)), width),
        }
      : undefined;
    const result = expectationMaximisation(toPatterns(counts, width), start, u, estimate, fixed, settings.maxIterations, known);
    for (let f = 0; f < width; f++) {
      if (!estimate[f]) continue;
      estimatedIn[f] = (estimatedIn[f] ?? 0) + 1;
      const mf = result.m[f] ?? new Float64Array(0);
      mf.forEach((x, l) => ((sums[f] as Float64Array)[l] = ((sums[f] as Float64Array)[l] ?? 0) + x));
    }
    sessions.push({
      rule: name, pairs: selected, labelled: labelled?.count ?? 0, iterations: result.iterations, converged: result.converged, lambda: result.lambda,
      fieldsEstimated: features.fields.filter((_, f) => estimate[f]).map((field) => field.settings.name),
    });
  }
  const m = start.map((s, f) => {
    const n = estimatedIn[f] ?? 0;
    const field = features.fields[f];
    if (n === 0) {
      if (fixed[f]?.every(Boolean)) return s;
      throw new LinkageTrainingError(`The m probabilities of field "${field?.settings.name ?? f}" cannot be estimated: its column is in every training rule (or no training rule selects any pair). Add a training rule that does not use it, or fix its m in the settings.`);
    }
    return Float64Array.from(sums[f] ?? [], (x, l) => (fixed[f]?.[l] ? (s[l] ?? floor) : Math.max(floor, x / n)));
  });
  return { m, sessions };
}

/** λ per the settings; see the module comment. */
export function estimatePrior(features: Features, settings: LinkageSettings, levels: Uint8Array, candidates: number, m: readonly Float64Array[], u: readonly Float64Array[]): number {
  const possible = Math.max(1, possiblePairs(features));
  const prior = settings.prior;
  switch (prior.kind) {
    case 'probability':
      return prior.probability;
    case 'deterministic': {
      const { count } = candidatePairs(features, prior.rules, { maxBlockPairs: Number.MAX_SAFE_INTEGER, countOnly: true });
      return clampPrior(count / prior.recall / possible);
    }
    case 'em': {
      const width = features.fields.length;
      const all = new Array<boolean>(width).fill(true);
      const patterns = toPatterns(patternCounts(levels, width, candidates, all), width);
      const p = new Float64Array(patterns.size);
      let lambda = 0.1;
      for (let i = 0; i < 200; i++) {
        posteriors(patterns, m, u, lambda, p);
        let matched = 0;
        for (let k = 0; k < patterns.size; k++) matched += (patterns.counts[k] ?? 0) * (p[k] ?? 0);
        const next = Math.min(1 - floor, Math.max(floor, matched / Math.max(candidates, 1)));
        if (Math.abs(next - lambda) < 1e-9) break;
        lambda = next;
      }
      return clampPrior((lambda * candidates) / possible);
    }
  }
}

function clampPrior(p: number): number {
  return Math.min(0.5, Math.max(1e-15, p));
}

/** The full model: weights per level and, for term-frequency fields, per value. */
export function assembleModel(features: Features, m: readonly Float64Array[], u: readonly Float64Array[], prior: number, sessions: readonly EmSession[]): LinkageModel {
  const fields = features.fields.map((field, f): FieldModel => {
    const fm = m[f] ?? new Float64Array(0);
    const fu = u[f] ?? new Float64Array(0);
    const weights = Float64Array.from(fm, (x, l) => Math.log2(x / (fu[l] ?? floor)));
    const base = { name: field.settings.name, labels: field.comparator.labels, m: fm, u: fu, weights };
    if (!field.settings.tf) return base;
    const present = Math.max(1, field.present);
    const tfWeights = Float32Array.from(field.counts, (c) => Math.log2((fm[0] ?? floor) / Math.max(c / present, 1 / present)));
    return { ...base, tfWeights };
  });
  return { fields, prior, priorWeight: Math.log2(prior / (1 - prior)), sessions };
}
