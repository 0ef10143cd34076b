import { describe, expect, it } from 'vitest';
import { efiBand, solveIntercept } from './frailty.js';
import { Random } from './random.js';

describe('condition prevalence', () => {
  it('solves the intercept so that the population prevalence is the target, whatever the frailty loading', () => {
    const r = Random.stream(5, 'frailty');
    const zs = Array.from({ length: 100_000 }, () => r.normal());
    for (const [target, loading] of [[0.42, 0.6], [0.03, 1.5], [0.6, 1.2]] as const) {
      const a = solveIntercept(target, loading);
      const mean = zs.reduce((s, z) => s + 1 / (1 + Math.exp(-(a + loading * z))), 0) / zs.length;
      expect(mean).toBeCloseTo(target, 2);
    }
  });
});

describe('eFI bands', () => {
  it('cut whole deficit counts at 4, 8 and 12 (Clegg 2016), avoiding the 0.12 × 36 float trap', () => {
    expect([0, 4, 5, 8, 9, 12, 13, 36].map(efiBand)).toEqual(['fit', 'fit', 'mild', 'mild', 'moderate', 'moderate', 'severe', 'severe']);
  });
});
