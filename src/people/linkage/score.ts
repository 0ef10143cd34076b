/**
 * Match weights and their explanation. A pair's weight is the prior's log-odds plus, per field, the
 * weight of its level: log2(m/u), or for an exact agreement on a term-frequency field log2(m / share
 * of the value), so that agreeing on a rare surname counts for more than agreeing on "smith". A
 * missing value adds nothing. match_probability = 2^w / (1 + 2^w).
 */
import { missingLevel } from './compare.js';
import type { Features } from './features.js';
import type { LinkageModel } from './model.js';

/** Probability from a match weight. */
export function probabilityOf(weight: number): number {
  return 1 / (1 + 2 ** -weight);
}

/** Match weight from a probability (the thresholds in the settings are probabilities). */
export function weightOf(probability: number): number {
  if (probability >= 1) return Infinity;
  if (probability <= 0) return -Infinity;
  return Math.log2(probability / (1 - probability));
}

/** One field's part of a score. */
export interface FieldEvidence {
  readonly field: string;
  readonly level: string;
  readonly left: string | undefined;
  readonly right: string | undefined;
  readonly m: number | undefined;
  readonly u: number | undefined;
  /** u replaced by the value's share, with term-frequency adjustment. */
  readonly tfU: number | undefined;
  readonly weight: number;
}

export interface Explanation {
  readonly priorWeight: number;
  readonly fields: readonly FieldEvidence[];
  readonly weight: number;
  readonly probability: number;
}

/** The weight of field f at level l for records a and b. */
function fieldWeight(model: LinkageModel, features: Features, f: number, level: number, a: number): number {
  if (level === missingLevel) return 0;
  const fm = model.fields[f];
  if (!fm) return 0;
  if (level === 0 && fm.tfWeights) return fm.tfWeights[features.fields[f]?.values[a] ?? 0] ?? 0;
  return fm.weights[level] ?? 0;
}

/** Match weights of all pairs from their comparison levels. */
export function scorePairs(model: LinkageModel, features: Features, a: Int32Array, levels: Uint8Array): Float32Array {
  const width = features.fields.length;
  const n = a.length;
  const out = new Float32Array(n).fill(model.priorWeight);
  for (let f = 0; f < width; f++) {
    const fm = model.fields[f];
    if (!fm) continue;
    const weights = fm.weights;
    const tf = fm.tfWeights;
    const values = features.fields[f]?.values ?? new Int32Array(0);
    for (let p = 0; p < n; p++) {
      const l = levels[p * width + f] ?? missingLevel;
      if (l === missingLevel) continue;
      out[p] = (out[p] ?? 0) + (l === 0 && tf ? (tf[values[a[p] ?? 0] ?? 0] ?? 0) : (weights[l] ?? 0));
    }
  }
  return out;
}

/** A pair's score, field by field: the level, m, u and the weight each contributes. */
export function explainPair(model: LinkageModel, features: Features, a: number, b: number, levels: readonly number[]): Explanation {
  let weight = model.priorWeight;
  const fields = features.fields.map((field, f): FieldEvidence => {
    const fm = model.fields[f];
    const level = levels[f] ?? missingLevel;
    const w = fieldWeight(model, features, f, level, a);
    weight += w;
    const value = (r: number): string | undefined => field.dictionary[field.values[r] ?? -1];
    const missing = level === missingLevel;
    // The value's share that the term-frequency weight stands for (weight = log2(m / share)).
    const tfU = !missing && level === 0 && fm?.tfWeights ? (fm.m[0] ?? 0) / 2 ** w : undefined;
    return {
      field: field.settings.name,
      level: missing ? 'null' : (fm?.labels[level] ?? String(level)),
      left: value(a),
      right: value(b),
      m: missing ? undefined : fm?.m[level],
      u: missing ? undefined : fm?.u[level],
      tfU,
      weight: w,
    };
  });
  return { priorWeight: model.priorWeight, fields, weight, probability: probabilityOf(weight) };
}
