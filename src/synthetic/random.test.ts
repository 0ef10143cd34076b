import { describe, expect, it } from 'vitest';
import { Random, cumulative } from './random.js';

const draws = (r: Random, n: number, draw: (r: Random) => number): number[] => Array.from({ length: n }, () => draw(r));
const mean = (xs: readonly number[]): number => xs.reduce((a, b) => a + b, 0) / xs.length;
const variance = (xs: readonly number[]): number => {
  const m = mean(xs);
  return xs.reduce((a, b) => a + (b - m) ** 2, 0) / (xs.length - 1);
};

describe('random streams', () => {
  it('give the same draws for the same seed and keys, whatever else was drawn before', () => {
    const a = draws(Random.stream(7, 'person', 41_207), 50, (r) => r.float());
    Random.stream(7, 'person', 1).float();
    const b = draws(Random.stream(7, 'person', 41_207), 50, (r) => r.float());
    expect(b).toEqual(a);
  });

  it('differ between seeds and between neighbouring keys', () => {
    const first = (seed: number, ...keys: (string | number)[]): number => Random.stream(seed, ...keys).float();
    const values = new Set([first(7, 'person', 1), first(7, 'person', 2), first(8, 'person', 1), first(7, 'persons', 1), first(7, 'person', '1')]);
    expect(values.size).toBe(5);
    // neighbouring streams are uncorrelated: correlation of first draws over 20,000 neighbours
    const xs = Array.from({ length: 20_000 }, (_, i) => first(1, 'p', i));
    const ys = Array.from({ length: 20_000 }, (_, i) => first(1, 'p', i + 1));
    const mx = mean(xs);
    const my = mean(ys);
    const cov = xs.reduce((s, x, i) => s + (x - mx) * ((ys[i] ?? 0) - my), 0) / xs.length;
    expect(Math.abs(cov / Math.sqrt(variance(xs) * variance(ys)))).toBeLessThan(0.03);
  });

  it('refuse a seed that is not a whole number', () => {
    expect(() => Random.stream(1.5)).toThrow(RangeError);
  });
});

// Tolerances are 5 standard errors of each statistic, so a correct generator fails about once in
// 3 million runs; the seeds are fixed, so these runs are the same every time.
describe('distributions', () => {
  const n = 100_000;

  it('float is uniform on [0, 1): mean 1/2, variance 1/12', () => {
    const xs = draws(Random.stream(11, 'float'), n, (r) => r.float());
    expect(Math.min(...xs)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...xs)).toBeLessThan(1);
    expect(Math.abs(mean(xs) - 0.5)).toBeLessThan(5 * Math.sqrt(1 / 12 / n));
    expect(Math.abs(variance(xs) - 1 / 12)).toBeLessThan(5 * Math.sqrt(1 / 180 / n));
  });

  it('int covers its range evenly (chi-square, 9 degrees of freedom)', () => {
    const counts = new Array<number>(10).fill(0);
    const r = Random.stream(12, 'int');
    for (let i = 0; i < n; i++) {
      const k = r.int(1, 10);
      counts[k - 1] = (counts[k - 1] ?? 0) + 1;
    }
    const expected = n / 10;
    const chi = counts.reduce((s, c) => s + (c - expected) ** 2 / expected, 0);
    expect(chi).toBeLessThan(27.88); // p = 0.001
  });

  it('weightedIndex draws in proportion to the weights and never a zero weight', () => {
    const weights = [1, 0, 3, 6];
    const sums = cumulative(weights);
    const counts = [0, 0, 0, 0];
    const r = Random.stream(13, 'weighted');
    for (let i = 0; i < n; i++) {
      const k = r.weightedIndex(sums);
      counts[k] = (counts[k] ?? 0) + 1;
    }
    expect(counts[1]).toBe(0);
    weights.forEach((w, i) => {
      const p = w / 10;
      expect(Math.abs((counts[i] ?? 0) / n - p)).toBeLessThanOrEqual(5 * Math.sqrt((p * (1 - p)) / n));
    });
    expect(() => cumulative([1, -1])).toThrow(RangeError);
  });

  it('normal has the mean and standard deviation asked for', () => {
    const xs = draws(Random.stream(14, 'normal'), n, (r) => r.normal(70, 12));
    expect(Math.abs(mean(xs) - 70)).toBeLessThan(5 * (12 / Math.sqrt(n)));
    expect(Math.abs(Math.sqrt(variance(xs)) - 12)).toBeLessThan(5 * (12 / Math.sqrt(2 * n)));
  });

  it.each([0.3, 4, 150])('poisson(%s) has mean and variance lambda', (lambda) => {
    const xs = draws(Random.stream(15, 'poisson', lambda), n, (r) => r.poisson(lambda));
    expect(xs.every((x) => Number.isInteger(x) && x >= 0)).toBe(true);
    expect(Math.abs(mean(xs) - lambda)).toBeLessThan(5 * Math.sqrt(lambda / n));
    expect(Math.abs(variance(xs) / lambda - 1)).toBeLessThan(0.05);
  });
});
