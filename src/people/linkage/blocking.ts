/**
 * Candidate pairs from blocking rules combined with OR. Each rule's key groups the records (a
 * counting sort into one index array, no map of lists); a pair is made within each group, left
 * record × right record for a link or every two records for a dedupe. A pair that an earlier rule
 * already made is not made again (checked by comparing the earlier rules' keys, as Splink does),
 * so pairs are unique without a set of seen pairs. A group that would make more pairs than the cap
 * is skipped and reported: one common surname must not take the run's time and memory.
 */
import { blockingKeys, describeKey, describeRule, type Features } from './features.js';
import { IntVector } from './int-vector.js';
import type { BlockingRule } from './settings.js';

export interface SkippedBlock {
  readonly rule: string;
  readonly key: string;
  readonly pairs: number;
}

export interface CandidatePairs {
  /** Record indexes of each pair; a < b, and for a link a is in the left file and b in the right. */
  readonly a: Int32Array;
  readonly b: Int32Array;
  /** Index of the rule that made each pair. */
  readonly rule: Uint8Array;
  readonly pairsPerRule: readonly number[];
  readonly skipped: readonly SkippedBlock[];
}

interface Groups {
  readonly offsets: Int32Array;
  readonly members: Int32Array;
}

/** Records grouped by key: members of key k are members[offsets[k]..offsets[k+1]), in record order. */
function groupByKey(keys: Int32Array): Groups {
  let keyCount = 0;
  for (const k of keys) if (k >= keyCount) keyCount = k + 1;
  const offsets = new Int32Array(keyCount + 1);
  for (const k of keys) if (k >= 0) offsets[k + 1] = (offsets[k + 1] ?? 0) + 1;
  for (let k = 0; k < keyCount; k++) offsets[k + 1] = (offsets[k + 1] ?? 0) + (offsets[k] ?? 0);
  const fill = offsets.slice(0, keyCount);
  const members = new Int32Array(offsets[keyCount] ?? 0);
  for (let r = 0; r < keys.length; r++) {
    const k = keys[r] ?? -1;
    if (k >= 0) members[(fill[k] = (fill[k] ?? 0) + 1) - 1] = r;
  }
  return { offsets, members };
}

export interface PairOptions {
  readonly maxBlockPairs: number;
  /** Count the pairs only (for the deterministic prior); nothing is stored. */
  readonly countOnly?: boolean;
  readonly onProgress?: (done: number, total: number) => void;
}

/** Candidate pairs for the rules, each made once. */
export function candidatePairs(features: Features, rules: readonly BlockingRule[], options: PairOptions): CandidatePairs & { readonly count: number } {
  const keysPerRule = rules.map((rule) => blockingKeys(features, rule));
  const outA = new IntVector(options.countOnly ? 16 : 1 << 16);
  const outB = new IntVector(options.countOnly ? 16 : 1 << 16);
  const outRule = new IntVector(options.countOnly ? 16 : 1 << 16);
  const skipped: SkippedBlock[] = [];
  const skippedKeys: Uint8Array[] = [];
  const pairsPerRule: number[] = [];
  const { leftSize, dedupe } = features;
  let count = 0;
  for (let r = 0; r < rules.length; r++) {
    const keys = keysPerRule[r] ?? new Int32Array(0);
    const { offsets, members } = groupByKey(keys);
    const tooBig = new Uint8Array(offsets.length);
    skippedKeys.push(tooBig);
    const earlier = keysPerRule.slice(0, r);
    const earlierSkipped = skippedKeys.slice(0, r);
    const madeBefore = (a: number, b: number): boolean => {
      for (let e = 0; e < earlier.length; e++) {
        const ka = earlier[e]?.[a] ?? -1;
        if (ka >= 0 && ka === earlier[e]?.[b] && earlierSkipped[e]?.[ka] === 0) return true;
      }
      return false;
    };
    let made = 0;
    const groups = offsets.length - 1;
    for (let k = 0; k < groups; k++) {
      const from = offsets[k] ?? 0;
      const to = offsets[k + 1] ?? 0;
      const n = to - from;
      if (n < 2) continue;
      // Members are in record order, so the left file's records come first.
      let split = from;
      if (!dedupe) while (split < to && (members[split] ?? 0) < leftSize) split++;
      const pairs = dedupe ? (n * (n - 1)) / 2 : (split - from) * (to - split);
      if (pairs === 0) continue;
      if (pairs > options.maxBlockPairs) {
        tooBig[k] = 1;
        skipped.push({ rule: describeRule(rules[r] ?? []), key: describeKey(features, rules[r] ?? [], members[from] ?? 0), pairs });
        continue;
      }
      if (r === 0 && options.countOnly) {
        made += pairs;
        continue;
      }
      for (let i = from; i < (dedupe ? to : split); i++) {
        const a = members[i] ?? 0;
        for (let j = dedupe ? i + 1 : split; j < to; j++) {
          const b = members[j] ?? 0;
          if (r > 0 && madeBefore(a, b)) continue;
          made++;
          if (options.countOnly) continue;
          outA.push(a);
          outB.push(b);
          outRule.push(r);
        }
      }
      options.onProgress?.(r * features.size + to, rules.length * features.size);
    }
    options.onProgress?.((r + 1) * features.size, rules.length * features.size);
    pairsPerRule.push(made);
    count += made;
  }
  return { a: outA.toArray(), b: outB.toArray(), rule: Uint8Array.from(outRule.toArray()), pairsPerRule, skipped, count };
}

/** For each pair, whether it satisfies the rule (all parts present and equal). */
export function pairsSatisfying(features: Features, pairs: Pick<CandidatePairs, 'a' | 'b'>, rule: BlockingRule): Uint8Array {
  const keys = blockingKeys(features, rule);
  const out = new Uint8Array(pairs.a.length);
  for (let p = 0; p < out.length; p++) {
    const k = keys[pairs.a[p] ?? 0] ?? -1;
    out[p] = k >= 0 && k === keys[pairs.b[p] ?? 0] ? 1 : 0;
  }
  return out;
}
