import { describe, expect, it } from 'vitest';
import { admissionProbability, admissionRate, deathRate, innovationSd, riskOnTheDay } from './hazards.js';
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

describe('the risk known on the index date', () => {
  it('allows for time still in hospital: simulated first admissions after the blocked part agree with the closed form', () => {
    const r = Random.stream(5, 'blocked');
    const [lambda, mu, blocked] = [0.8, 0.3, 0.25];
    let hits = 0;
    const n = 200_000;
    for (let i = 0; i < n; i++) {
      const admission = blocked + -Math.log(1 - r.float()) / lambda;
      const death = -Math.log(1 - r.float()) / mu;
      if (admission < 1 && admission < death) hits++;
    }
    const p = admissionProbability(lambda, mu, blocked);
    expect(Math.abs(hits / n - p)).toBeLessThan(4 * Math.sqrt((p * (1 - p)) / n));
    expect(admissionProbability(lambda, mu, 1)).toBe(0);
  });

  it('averages over the part of the shock not yet known (7-point quadrature against a fine trapezoidal integral)', () => {
    const factors = { age: 82, frailty: 0.4, shock: 0, deficits: 9, inCareHome: false, deprivationDecile: 3 };
    const [carried, sd] = [0.2, innovationSd(false)];
    let integral = 0;
    const steps = 4000;
    const h = (16 * sd) / steps;
    for (let i = 0; i <= steps; i++) {
      const e = -8 * sd + i * h;
      const f = { ...factors, shock: carried + e };
      const density = Math.exp(-(e * e) / (2 * sd * sd)) / (sd * Math.sqrt(2 * Math.PI));
      integral += (i === 0 || i === steps ? 0.5 : 1) * h * density * admissionProbability(admissionRate(f), deathRate(f));
    }
    expect(riskOnTheDay(factors, carried, sd, 0)).toBeCloseTo(integral, 6);
    // Not knowing the shock is not the same as a shock of 0: the average of a convex-then-concave curve.
    expect(riskOnTheDay(factors, carried, sd, 0)).not.toBeCloseTo(admissionProbability(admissionRate({ ...factors, shock: carried }), deathRate(factors)), 4);
  });
});
