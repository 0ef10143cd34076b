import { describe, expect, it } from 'vitest';
import { admissionProbability } from './hazards.js';
import { Random } from './random.js';

describe('the oracle', () => {
  it('is the chance of a first admission before death within a year, for competing constant rates', () => {
    // Simulate the two exponential clocks and compare with the closed form.
    const r = Random.stream(3, 'oracle');
    for (const [lambda, mu] of [[0.2, 0.05], [1.5, 0.4], [0.05, 0.001]] as const) {
      let hits = 0;
      const n = 200_000;
      for (let i = 0; i < n; i++) {
        const admission = -Math.log(1 - r.float()) / lambda;
        const death = -Math.log(1 - r.float()) / mu;
        if (admission < 1 && admission < death) hits++;
      }
      const p = admissionProbability(lambda, mu);
      expect(Math.abs(hits / n - p)).toBeLessThan(4 * Math.sqrt((p * (1 - p)) / n));
    }
  });

  it('is 1 − e^−λ without deaths and 0 without admissions', () => {
    expect(admissionProbability(0.3, 0)).toBeCloseTo(1 - Math.exp(-0.3), 12);
    expect(admissionProbability(0, 0.2)).toBe(0);
  });
});
