/**
 * Random pairs of records, for estimating u (how often non-matches agree). Seeded, so that a link
 * run twice gives the same model (SplitMix32-style mixing of a counter; not for security).
 */
import type { Features } from './features.js';

/** A seeded source of uniform numbers in [0, 1). */
export function seededUniform(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x9e3779b9) >>> 0;
    let z = state;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
    z = (z ^ (z >>> 16)) >>> 0;
    return z / 2 ** 32;
  };
}

/** All possible pairs: left × right for a link, n(n−1)/2 for a dedupe. */
export function possiblePairs(features: Features): number {
  const { size, leftSize, dedupe } = features;
  return dedupe ? (size * (size - 1)) / 2 : leftSize * (size - leftSize);
}

/** `count` pairs drawn uniformly (with replacement) from all possible pairs. */
export function randomPairs(features: Features, count: number, seed: number): { a: Int32Array; b: Int32Array } {
  const next = seededUniform(seed);
  const { size, leftSize, dedupe } = features;
  const a = new Int32Array(count);
  const b = new Int32Array(count);
  for (let p = 0; p < count; p++) {
    if (dedupe) {
      const x = Math.floor(next() * size);
      let y = Math.floor(next() * (size - 1));
      if (y >= x) y++;
      a[p] = Math.min(x, y);
      b[p] = Math.max(x, y);
    } else {
      a[p] = Math.floor(next() * leftSize);
      b[p] = leftSize + Math.floor(next() * (size - leftSize));
    }
  }
  return { a, b };
}
