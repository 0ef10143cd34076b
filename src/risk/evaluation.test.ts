// The model-fitting and judging arithmetic against answers no one here made up: logistic regression
// against its closed form (one binary predictor: the intercept is the log odds of the unexposed, the
// coefficient the log odds ratio) and its score equations; AUROC and average precision on
// scikit-learn's documented example; AUROC ties counted as halves (Mann–Whitney); DeLong's
// variance against its definition, on Hanley & McNeil's worked example of radiologists' ratings;
// calibration of risks that are true by construction.
import { describe, expect, it } from 'vitest';
import { Random } from '../synthetic/index.js';
import { auprc, auroc, brier, calibration, reliability, yieldAt } from './evaluation.js';
import { fitLogistic, predictLogistic } from './logistic.js';

/** The project's seeded generator, as a function of no arguments. */
function random(seed: number): () => number {
  const stream = Random.stream(seed, 'risk-tests');
  return () => stream.float();
}

describe('logistic regression', () => {
  it('gives the log odds ratio of a 2 × 2 table for one binary predictor', () => {
    // Exposed: 30 events of 100; unexposed: 10 of 100. Odds 30/70 and 10/90.
    const rows: [number, number][] = [
      ...Array.from({ length: 30 }, (): [number, number] => [1, 1]), ...Array.from({ length: 70 }, (): [number, number] => [1, 0]),
      ...Array.from({ length: 10 }, (): [number, number] => [0, 1]), ...Array.from({ length: 90 }, (): [number, number] => [0, 0]),
    ];
    const fit = fitLogistic({ x: Float64Array.from(rows.map((r) => r[0])), n: rows.length, k: 1, y: rows.map((r) => r[1]) });
    expect(fit.converged).toBe(true);
    expect(fit.intercept).toBeCloseTo(Math.log(10 / 90), 10);
    expect(fit.coefficients[0]).toBeCloseTo(Math.log((30 / 70) / (10 / 90)), 10);
  });

  it('meets the score equations (Σ (y − p) x = 0 for each column) and, with a penalty, shrinks towards zero', () => {
    const next = random(7);
    const n = 2000;
    const k = 3;
    const x = new Float64Array(n * k);
    const y = new Uint8Array(n);
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < k; j++) x[i * k + j] = next() * 2 - 1;
      const eta = -1 + 1.5 * (x[i * k] ?? 0) - 0.8 * (x[i * k + 1] ?? 0);
      y[i] = next() < 1 / (1 + Math.exp(-eta)) ? 1 : 0;
    }
    const fit = fitLogistic({ x, n, k, y });
    const p = predictLogistic(fit, x, n);
    for (let j = -1; j < k; j++) {
      let score = 0;
      for (let i = 0; i < n; i++) score += ((y[i] ?? 0) - (p[i] ?? 0)) * (j < 0 ? 1 : (x[i * k + j] ?? 0));
      expect(Math.abs(score)).toBeLessThan(1e-6);
    }
    expect(fit.coefficients[0]).toBeGreaterThan(1);
    const penalised = fitLogistic({ x, n, k, y }, { lambda: 200 });
    for (let j = 0; j < k; j++) expect(Math.abs(penalised.coefficients[j] ?? 0)).toBeLessThan(Math.abs(fit.coefficients[j] ?? 0));
  });

  it('says when the features cannot be told apart, unless penalised', () => {
    const x = Float64Array.from([1, 1, 2, 2, 3, 3, 4, 4]);
    const y = [0, 1, 0, 1];
    expect(() => fitLogistic({ x, n: 4, k: 2, y })).toThrow(/not positive definite/);
    expect(fitLogistic({ x, n: 4, k: 2, y }, { lambda: 1 }).converged).toBe(true);
  });
});

describe('discrimination', () => {
  it('matches scikit-learn\'s documented example (roc_auc_score 0.75, average_precision_score 0.8333…)', () => {
    const y = [0, 0, 1, 1];
    const p = [0.1, 0.4, 0.35, 0.8];
    expect(auroc(y, p).auroc).toBeCloseTo(0.75, 12);
    expect(auprc(y, p)).toBeCloseTo(0.8333333333333333, 12);
  });

  it('counts a tie between an event and a non-event as half', () => {
    expect(auroc([0, 1, 0, 1], [0.2, 0.2, 0.1, 0.9]).auroc).toBeCloseTo((1 + 0.5 + 1 + 1) / 4, 12);
  });

  it('gives DeLong\'s variance by its definition, on Hanley & McNeil\'s radiology example (AUROC 0.893)', () => {
    // Hanley & McNeil, Radiology 1982, Table 1: ratings 1–5 of 58 normal and 51 abnormal images.
    const normal = [33, 6, 6, 11, 2];
    const abnormal = [3, 2, 2, 11, 33];
    const y: number[] = [];
    const p: number[] = [];
    normal.forEach((count, rating) => { for (let c = 0; c < count; c++) { y.push(0); p.push(rating + 1); } });
    abnormal.forEach((count, rating) => { for (let c = 0; c < count; c++) { y.push(1); p.push(rating + 1); } });
    const result = auroc(y, p);
    expect(result.auroc).toBeCloseTo(0.8932, 4);
    // DeLong et al. 1988 by the definition: ψ over every pair, V10 and V01 as row and column means.
    const ones = p.filter((_, i) => y[i] === 1);
    const zeros = p.filter((_, i) => y[i] === 0);
    const psi = (a: number, b: number): number => (a > b ? 1 : a === b ? 0.5 : 0);
    const v10 = ones.map((a) => zeros.reduce((s, b) => s + psi(a, b), 0) / zeros.length);
    const v01 = zeros.map((b) => ones.reduce((s, a) => s + psi(a, b), 0) / ones.length);
    const variance = (xs: number[]) => { const m = xs.reduce((s, x) => s + x, 0) / xs.length; return xs.reduce((s, x) => s + (x - m) ** 2, 0) / (xs.length - 1); };
    expect(result.variance).toBeCloseTo(variance(v10) / ones.length + variance(v01) / zeros.length, 12);
    // Hanley & McNeil's own closed-form approximation gives a standard error of 0.032 for these data.
    const A = result.auroc;
    const q1 = A / (2 - A);
    const q2 = (2 * A * A) / (1 + A);
    const hanley = Math.sqrt((A * (1 - A) + (ones.length - 1) * (q1 - A * A) + (zeros.length - 1) * (q2 - A * A)) / (ones.length * zeros.length));
    expect(hanley).toBeCloseTo(0.032, 3);
    expect(Math.abs(Math.sqrt(result.variance) - hanley) / hanley).toBeLessThan(0.1);
    expect(result.ci95[0]).toBeLessThan(A);
    expect(result.ci95[1]).toBeGreaterThan(A);
  });
});

describe('calibration and yield', () => {
  const next = random(11);
  const n = 40_000;
  const p = Float64Array.from({ length: n }, () => 0.02 + 0.5 * next() ** 3);
  const y = Uint8Array.from(p, (risk) => (next() < risk ? 1 : 0));

  it('finds risks that are true by construction calibrated: in the large near 0, slope near 1', () => {
    const { inTheLarge, slope } = calibration(y, p);
    expect(Math.abs(inTheLarge)).toBeLessThan(0.05);
    expect(slope).toBeGreaterThan(0.9);
    expect(slope).toBeLessThan(1.1);
    // Risks twice as high as the truth: too high in the large.
    expect(calibration(y, Float64Array.from(p, (r) => Math.min(1, 2 * r))).inTheLarge).toBeLessThan(-0.3);
  });

  it('reports the Brier score, ten equal groups and the yield at the top shares', () => {
    expect(brier([0, 1], [0.2, 0.6])).toBeCloseTo((0.04 + 0.16) / 2, 12);
    const groups = reliability(y, p);
    expect(groups.map((g) => g.n)).toEqual(Array(10).fill(4000));
    for (const g of groups) expect(Math.abs(g.observed - g.predicted)).toBeLessThan(0.03);
    const top = yieldAt([0, 1, 1, 0, 1, 0, 0, 0, 0, 0], [0.1, 0.9, 0.8, 0.7, 0.2, 0.1, 0.1, 0.1, 0.1, 0.1], [0.1, 0.3]);
    expect(top).toEqual([
      { share: 0.1, people: 1, events: 1, ppv: 1, sensitivity: 1 / 3 },
      { share: 0.3, people: 3, events: 2, ppv: 2 / 3, sensitivity: 2 / 3 },
    ]);
  });
});
