/**
 * Comparison vectors: the level of every field for every pair, in one Uint8Array (pair-major), with
 * `missingLevel` where either value is missing. This is the hot loop of a link; it touches only
 * typed arrays and the comparators' dictionary lookups, and allocates nothing per pair.
 */
import type { Features } from './features.js';

/** The level stored when either record lacks the field: no evidence, weight 0. */
export const missingLevel = 255;

/** Levels of the pairs from `from` to `to` into `out` (pair p's field f at p * fields + f). */
export function compareRange(features: Features, a: Int32Array, b: Int32Array, from: number, to: number, out: Uint8Array): void {
  const fields = features.fields;
  const width = fields.length;
  for (let f = 0; f < width; f++) {
    const field = fields[f];
    if (!field) continue;
    const { values, comparator } = field;
    const level = comparator.level;
    for (let p = from; p < to; p++) {
      const x = values[a[p] ?? 0] ?? -1;
      const y = values[b[p] ?? 0] ?? -1;
      out[p * width + f] = x < 0 || y < 0 ? missingLevel : x === y ? 0 : level(x, y);
    }
  }
}

/** Levels of every pair, reporting progress every million pairs. */
export function comparePairs(features: Features, a: Int32Array, b: Int32Array, onProgress?: (done: number, total: number) => void): Uint8Array {
  const out = new Uint8Array(a.length * features.fields.length);
  const step = 1 << 20;
  for (let from = 0; from < a.length; from += step) {
    compareRange(features, a, b, from, Math.min(a.length, from + step), out);
    onProgress?.(Math.min(a.length, from + step), a.length);
  }
  return out;
}

/**
 * A pair's levels as one number, four bits a field (missing is 15), so that pairs with the same
 * levels can be counted together: expectation–maximisation runs over distinct patterns, not pairs.
 * Fields not in `use` count as missing.
 */
export function patternCounts(levels: Uint8Array, width: number, pairs: number, use: readonly boolean[], include?: Uint8Array): Map<number, number> {
  const counts = new Map<number, number>();
  for (let p = 0; p < pairs; p++) {
    if (include && include[p] === 0) continue;
    let code = 0;
    for (let f = 0; f < width; f++) {
      const l = levels[p * width + f] ?? missingLevel;
      code = code * 16 + (l === missingLevel || !use[f] ? 15 : l);
    }
    counts.set(code, (counts.get(code) ?? 0) + 1);
  }
  return counts;
}

/** The levels of a pattern code, field by field (missingLevel for missing). */
export function decodePattern(code: number, width: number): number[] {
  const levels = new Array<number>(width);
  let c = code;
  for (let f = width - 1; f >= 0; f--) {
    const l = c % 16;
    levels[f] = l === 15 ? missingLevel : l;
    c = Math.floor(c / 16);
  }
  return levels;
}
