import { describe, expect, it } from 'vitest';
import { patternCounts } from './compare.js';
import { buildFeatures, type RecordTable } from './features.js';
import { assembleModel, estimateU, expectationMaximisation, toPatterns } from './model.js';
import { seededUniform } from './random-pairs.js';
import { explainPair, probabilityOf, weightOf } from './score.js';
import { readSettings } from './settings.js';

/** Draws a level from a distribution over levels. */
function draw(p: readonly number[], x: number): number {
  let sum = 0;
  for (let l = 0; l < p.length; l++) {
    sum += p[l] ?? 0;
    if (x < sum) return l;
  }
  return p.length - 1;
}

describe('expectation–maximisation', () => {
  // Three fields with known m and u and 20% matches: EM with u fixed must find m and λ again.
  const m = [[0.85, 0.1, 0.05], [0.7, 0.2, 0.1], [0.9, 0.05, 0.05]];
  const u = [[0.01, 0.04, 0.95], [0.05, 0.15, 0.8], [0.002, 0.02, 0.978]];
  const lambda = 0.2;

  function simulate(pairs: number, seed: number): Uint8Array {
    const next = seededUniform(seed);
    const levels = new Uint8Array(pairs * 3);
    for (let p = 0; p < pairs; p++) {
      const match = next() < lambda;
      for (let f = 0; f < 3; f++) levels[p * 3 + f] = draw((match ? m : u)[f] ?? [], next());
    }
    return levels;
  }

  it('recovers the m probabilities and the share of matches it was simulated with', () => {
    const pairs = 200_000;
    const patterns = toPatterns(patternCounts(simulate(pairs, 7), 3, pairs, [true, true, true]), 3);
    const start = [[0.6, 0.2, 0.2], [0.6, 0.2, 0.2], [0.6, 0.2, 0.2]].map((x) => Float64Array.from(x));
    const result = expectationMaximisation(patterns, start, u.map((x) => Float64Array.from(x)), [true, true, true], [[], [], []], 200);
    expect(result.converged).toBe(true);
    expect(result.lambda).toBeCloseTo(lambda, 2);
    m.forEach((fm, f) => {
      fm.forEach((x, l) => {
        expect(Math.abs((result.m[f]?.[l] ?? 0) - x)).toBeLessThan(0.01);
      });
    });
  });

  it('keeps a field it was told not to estimate', () => {
    const pairs = 20_000;
    const patterns = toPatterns(patternCounts(simulate(pairs, 8), 3, pairs, [true, true, true]), 3);
    const start = [[0.6, 0.2, 0.2], [0.5, 0.3, 0.2], [0.6, 0.2, 0.2]].map((x) => Float64Array.from(x));
    const result = expectationMaximisation(patterns, start, u.map((x) => Float64Array.from(x)), [true, false, true], [[], [], []], 100);
    expect(Array.from(result.m[1] ?? [])).toEqual([0.5, 0.3, 0.2]);
  });
});

describe('expectation–maximisation with labelled pairs', () => {
  const u = [[0.01, 0.04, 0.95], [0.05, 0.15, 0.8]].map((x) => Float64Array.from(x));
  const start = () => [[0.6, 0.2, 0.2], [0.6, 0.2, 0.2]].map((x) => Float64Array.from(x));
  const patternsOf = (rows: readonly (readonly number[])[], include?: Uint8Array) =>
    toPatterns(patternCounts(Uint8Array.from(rows.flat()), 2, rows.length, [true, true], include), 2);
  const none = patternsOf([]);

  it('with labels alone, m is the share of each level among the pairs labelled the same (the supervised estimate)', () => {
    // Ten pairs decided the same: field 0 at levels 0,0,0,0,0,0,1,1,2,0; field 1 missing in two of them.
    const same = patternsOf([[0, 0], [0, 0], [0, 1], [0, 0], [0, 255], [0, 2], [1, 0], [1, 1], [2, 255], [0, 0]]);
    const different = patternsOf([[2, 2], [2, 2], [1, 2]]);
    const result = expectationMaximisation(none, start(), u, [true, true], [[], []], 50, { same, different });
    expect(Array.from(result.m[0] ?? [])).toEqual([0.7, 0.2, 0.1].map((x) => expect.closeTo(x, 12) as number));
    expect(Array.from(result.m[1] ?? [])).toEqual([5 / 8, 2 / 8, 1 / 8].map((x) => expect.closeTo(x, 12) as number));
    // With nothing else to go on, λ is the decided pairs' share: 10 the same of 13.
    expect(result.lambda).toBeCloseTo(10 / 13, 12);
  });

  it('brings m nearer the truth than the unlabelled pairs alone can', () => {
    const m = [[0.6, 0.3, 0.1], [0.5, 0.3, 0.2]];
    const next = seededUniform(21);
    // A few unlabelled pairs, 5% matches: too few for EM to pin m down.
    const unlabelled: number[][] = [];
    for (let p = 0; p < 1_500; p++) {
      const match = next() < 0.05;
      unlabelled.push([0, 1].map((f) => draw(((match ? m : u.map((x) => Array.from(x)))[f]) ?? [], next())));
    }
    const labelled: number[][] = [];
    for (let p = 0; p < 300; p++) labelled.push([0, 1].map((f) => draw(m[f] ?? [], next())));
    const error = (estimate: readonly Float64Array[]): number => Math.max(...m.flatMap((fm, f) => fm.map((x, l) => Math.abs((estimate[f]?.[l] ?? 0) - x))));
    const alone = expectationMaximisation(patternsOf(unlabelled), start(), u, [true, true], [[], []], 200);
    const taught = expectationMaximisation(patternsOf(unlabelled), start(), u, [true, true], [[], []], 200, { same: patternsOf(labelled), different: none });
    expect(error(taught.m)).toBeLessThan(0.1);
    expect(error(taught.m)).toBeLessThan(error(alone.m) / 2);
  });
});

describe('term-frequency adjustment and u', () => {
  // 100 records: 40 Smiths, 2 Pengellys, and 58 people with surnames of their own.
  const surnames = [...Array<string>(40).fill('smith'), 'pengelly', 'pengelly', ...Array.from({ length: 58 }, (_, i) => `name${i}`)];
  const table: RecordTable = { ids: surnames.map((_, i) => `r${i}`), columns: { surname: surnames } };
  const settings = readSettings({ id: 'id', fields: [{ column: 'surname', comparison: 'exact', tf: true }], blocking: [['surname']], uSamplePairs: 1000 });
  const features = buildFeatures(settings, table);

  it('computes u for agreement exactly from the value counts', () => {
    const u = estimateU(features, settings);
    // Two random records agree: (40·39 + 2·1) / (100·99).
    expect(u[0]?.[0]).toBeCloseTo((40 * 39 + 2) / (100 * 99), 10);
  });

  it('weighs agreement on a rare surname above agreement on a common one', () => {
    const m = [Float64Array.from([0.9, 0.1])];
    const u = [Float64Array.from([0.16, 0.84])];
    const model = assembleModel(features, m, u, 0.01, []);
    const smiths = explainPair(model, features, 0, 1, [0]);
    const pengellys = explainPair(model, features, 40, 41, [0]);
    expect(smiths.fields[0]?.tfU).toBeCloseTo(0.4, 6);
    expect(smiths.fields[0]?.weight).toBeCloseTo(Math.log2(0.9 / 0.4), 5);
    expect(pengellys.fields[0]?.weight).toBeCloseTo(Math.log2(0.9 / 0.02), 5);
    expect(pengellys.probability).toBeGreaterThan(smiths.probability);
    // Disagreement is not adjusted; the weight is the prior plus the fields.
    const apart = explainPair(model, features, 0, 50, [1]);
    expect(apart.fields[0]?.level).toBe('else');
    expect(apart.weight).toBeCloseTo(Math.log2(0.01 / 0.99) + Math.log2(0.1 / 0.84), 5);
    expect(apart.probability).toBeCloseTo(probabilityOf(apart.weight), 10);
  });

  it('turns weights into probabilities and back', () => {
    expect(probabilityOf(0)).toBe(0.5);
    expect(weightOf(0.9)).toBeCloseTo(Math.log2(9), 10);
    expect(probabilityOf(weightOf(0.999))).toBeCloseTo(0.999, 10);
  });
});
