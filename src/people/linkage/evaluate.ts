/**
 * Accuracy against known true pairs: precision, recall and F1 at a threshold, and the threshold
 * that gives the best F1. Recall counts every true pair, including those blocking never proposed.
 */

export interface Accuracy {
  readonly threshold: number;
  readonly predicted: number;
  readonly truePositives: number;
  readonly truePairs: number;
  readonly precision: number;
  readonly recall: number;
  readonly f1: number;
}

/** The key of an unordered pair of ids. */
export function pairKey(x: string, y: string): string {
  return x < y ? `${x}\u0000${y}` : `${y}\u0000${x}`;
}

function accuracy(threshold: number, predicted: number, truePositives: number, truePairs: number): Accuracy {
  const precision = predicted === 0 ? 1 : truePositives / predicted;
  const recall = truePairs === 0 ? 1 : truePositives / truePairs;
  const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
  return { threshold, predicted, truePositives, truePairs, precision, recall, f1 };
}

export interface Evaluation {
  readonly atThreshold: Accuracy;
  readonly best: Accuracy;
}

/**
 * Scores pairs (ids and match probabilities) against the true pairs; `threshold` is a match
 * probability. The best threshold is searched over the pairs' own probabilities.
 */
export function evaluatePairs(ids: (pair: number) => readonly [string, string], probabilities: ArrayLike<number>, truth: ReadonlySet<string>, threshold: number): Evaluation {
  const n = probabilities.length;
  const isTrue = new Uint8Array(n);
  const seen = new Set<string>();
  let predicted = 0;
  let tp = 0;
  for (let p = 0; p < n; p++) {
    const [x, y] = ids(p);
    const key = pairKey(x, y);
    if (truth.has(key) && !seen.has(key)) {
      isTrue[p] = 1;
      seen.add(key);
    }
    if ((probabilities[p] ?? 0) >= threshold) {
      predicted++;
      tp += isTrue[p] ?? 0;
    }
  }
  const order = Int32Array.from({ length: n }, (_, i) => i).sort((x, y) => (probabilities[y] ?? 0) - (probabilities[x] ?? 0));
  let best = accuracy(1, 0, 0, truth.size);
  let count = 0;
  let hits = 0;
  for (let i = 0; i < n; i++) {
    const p = order[i] ?? 0;
    count++;
    hits += isTrue[p] ?? 0;
    const here = probabilities[p] ?? 0;
    const nextProbability = i + 1 < n ? (probabilities[order[i + 1] ?? 0] ?? 0) : -1;
    if (nextProbability === here) continue;
    const a = accuracy(here, count, hits, truth.size);
    if (a.f1 > best.f1) best = a;
  }
  return { atThreshold: accuracy(threshold, predicted, tp, truth.size), best };
}

/** Accuracy of the pairs that clusters imply (every two records in one cluster) against the true pairs. */
export function evaluateClusters(ids: readonly string[], cluster: Int32Array, truth: ReadonlySet<string>): Accuracy {
  const sizes = new Map<number, number>();
  for (const c of cluster) sizes.set(c, (sizes.get(c) ?? 0) + 1);
  let predicted = 0;
  for (const s of sizes.values()) predicted += (s * (s - 1)) / 2;
  const clusterOf = new Map<string, number>();
  ids.forEach((id, r) => clusterOf.set(id, cluster[r] ?? r));
  let tp = 0;
  for (const key of truth) {
    const [x, y] = key.split('\u0000');
    const cx = clusterOf.get(x ?? '');
    if (cx !== undefined && cx === clusterOf.get(y ?? '')) tp++;
  }
  return accuracy(NaN, predicted, tp, truth.size);
}
