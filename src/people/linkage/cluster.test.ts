import { describe, expect, it } from 'vitest';
import { clusterRecords, type ScoredPairs } from './cluster.js';

const options = { linkWeight: 3, conflictWeight: -10, bridgeWeight: 10 };

function pairs(list: readonly (readonly [number, number, number])[]): ScoredPairs {
  return {
    a: Int32Array.from(list, (p) => p[0]),
    b: Int32Array.from(list, (p) => p[1]),
    weight: Float32Array.from(list, (p) => p[2]),
  };
}

describe('clustering a dedupe', () => {
  it('links a chain of strong links into one cluster', () => {
    expect(Array.from(clusterRecords(4, pairs([[0, 1, 20], [1, 2, 18]]), options))).toEqual([0, 0, 0, 3]);
  });

  it('cuts a weak bridge between two groups', () => {
    // 0–1 and 2–3 are strong pairs; 1–2 is just above the link threshold and the only link between them.
    const cut = clusterRecords(4, pairs([[0, 1, 20], [2, 3, 20], [1, 2, 4]]), options);
    expect(Array.from(cut)).toEqual([0, 0, 2, 2]);
    // With a second link between the groups they are one person.
    const held = clusterRecords(4, pairs([[0, 1, 20], [2, 3, 20], [1, 2, 4], [0, 3, 5]]), options);
    expect(Array.from(held)).toEqual([0, 0, 0, 0]);
    // A strong bridge is enough on its own.
    expect(Array.from(clusterRecords(4, pairs([[0, 1, 20], [2, 3, 20], [1, 2, 15]]), options))).toEqual([0, 0, 0, 0]);
  });

  it('keeps one record apart from a cluster when a pair inside would be clearly two people', () => {
    // 0–1 strong, 1–2 a link, but 0–2 has strong negative evidence: 2 stays apart.
    const split = clusterRecords(3, pairs([[0, 1, 20], [1, 2, 8], [0, 2, -25]]), options);
    expect(Array.from(split)).toEqual([0, 0, 2]);
    // Mild disagreement between 0 and 2 does not split.
    expect(Array.from(clusterRecords(3, pairs([[0, 1, 20], [1, 2, 8], [0, 2, -2]]), options))).toEqual([0, 0, 0]);
  });

  it('gives the same clusters whatever the order of the pairs', () => {
    const list: [number, number, number][] = [[0, 1, 20], [2, 3, 20], [1, 2, 4], [4, 5, 12], [5, 6, 11], [4, 6, -30], [3, 7, 9]];
    const once = Array.from(clusterRecords(8, pairs(list), options));
    expect(Array.from(clusterRecords(8, pairs([...list].reverse()), options))).toEqual(once);
    expect(once).toEqual([0, 0, 2, 2, 4, 4, 6, 2]);
  });
});
