/**
 * How a risk model is judged (DOMAIN.md §9): discrimination (AUROC by Mann–Whitney with tied
 * ranks, its 95% interval by DeLong's method, AUPRC as average precision), calibration
 * (calibration-in-the-large, the intercept of logit(y) ~ offset(logit(p)); the calibration slope,
 * β of logit(y) ~ logit(p); reliability by deciles; the Brier score), and the yield at a team's
 * capacity (PPV, sensitivity and events captured in the top 0.5%, 1%, 2%, 5%). Checked against
 * worked examples in evaluation.test.ts.
 */
import { fitLogistic } from './logistic.js';

type Values = Float64Array | readonly number[];
type Outcomes = Uint8Array | readonly number[];

/** Midranks (1-based) of the values, ties sharing the mean of their ranks. */
function midranks(values: Values, order: Uint32Array): Float64Array {
  const ranks = new Float64Array(values.length);
  let i = 0;
  while (i < order.length) {
    let j = i;
    const v = values[order[i] ?? 0] ?? 0;
    while (j + 1 < order.length && values[order[j + 1] ?? 0] === v) j++;
    const rank = (i + j) / 2 + 1;
    for (let t = i; t <= j; t++) ranks[order[t] ?? 0] = rank;
    i = j + 1;
  }
  return ranks;
}

const ascending = (values: Values): Uint32Array => Uint32Array.from({ length: values.length }, (_, i) => i).sort((a, b) => (values[a] ?? 0) - (values[b] ?? 0));

export interface Auroc {
  auroc: number;
  /** DeLong's variance, and the 95% interval from it (clipped to [0, 1]). */
  variance: number;
  ci95: [number, number];
}

/** AUROC with DeLong's 95% interval (DeLong, DeLong & Clarke-Pearson 1988; midrank form of Sun & Xu 2014). */
export function auroc(y: Outcomes, p: Values): Auroc {
  const positives: number[] = [];
  const negatives: number[] = [];
  for (let i = 0; i < y.length; i++) (y[i] === 1 ? positives : negatives).push(i);
  const n1 = positives.length;
  const n0 = negatives.length;
  if (n1 === 0 || n0 === 0) throw new RangeError('AUROC needs both outcomes: there are no events or no non-events');
  const all = midranks(p, ascending(p));
  const ofPositives = positives.map((i) => p[i] ?? 0);
  const ofNegatives = negatives.map((i) => p[i] ?? 0);
  const withinPositives = midranks(ofPositives, ascending(ofPositives));
  const withinNegatives = midranks(ofNegatives, ascending(ofNegatives));
  // V10: for each event, the share of non-events it outranks; V01: for each non-event, the share of events that outrank it.
  const v10 = positives.map((i, t) => ((all[i] ?? 0) - (withinPositives[t] ?? 0)) / n0);
  const v01 = negatives.map((i, t) => 1 - ((all[i] ?? 0) - (withinNegatives[t] ?? 0)) / n1);
  const area = v10.reduce((a, b) => a + b, 0) / n1;
  const sampleVariance = (xs: readonly number[], mean: number): number => (xs.length < 2 ? 0 : xs.reduce((s, x) => s + (x - mean) ** 2, 0) / (xs.length - 1));
  const variance = sampleVariance(v10, area) / n1 + sampleVariance(v01, area) / n0;
  const half = 1.959963984540054 * Math.sqrt(variance);
  return { auroc: area, variance, ci95: [Math.max(0, area - half), Math.min(1, area + half)] };
}

/** Area under the precision–recall curve as average precision: Σ (recallₖ − recallₖ₋₁) · precisionₖ over thresholds, ties taken together. */
export function auprc(y: Outcomes, p: Values): number {
  const order = ascending(p).reverse();
  let events = 0;
  for (let i = 0; i < y.length; i++) events += y[i] === 1 ? 1 : 0;
  if (events === 0) throw new RangeError('AUPRC needs at least one event');
  let area = 0;
  let truePositives = 0;
  let seen = 0;
  let i = 0;
  while (i < order.length) {
    const v = p[order[i] ?? 0];
    let tp = 0;
    let count = 0;
    while (i < order.length && p[order[i] ?? 0] === v) {
      tp += y[order[i] ?? 0] === 1 ? 1 : 0;
      count++;
      i++;
    }
    truePositives += tp;
    seen += count;
    area += (tp / events) * (truePositives / seen);
  }
  return area;
}

export function brier(y: Outcomes, p: Values): number {
  let s = 0;
  for (let i = 0; i < y.length; i++) s += ((p[i] ?? 0) - (y[i] ?? 0)) ** 2;
  return s / y.length;
}

const clamp = (p: number): number => Math.min(Math.max(p, 1e-12), 1 - 1e-12);
const logit = (p: number): number => Math.log(clamp(p) / (1 - clamp(p)));

/** Calibration-in-the-large (intercept α of logit(y) = α + logit(p)) and slope (β of logit(y) = a + β·logit(p)); perfect is 0 and 1. */
export function calibration(y: Outcomes, p: Values): { inTheLarge: number; slope: number } {
  const lp = Float64Array.from({ length: y.length }, (_, i) => logit(p[i] ?? 0));
  const inTheLarge = fitLogistic({ x: new Float64Array(0), n: y.length, k: 0, y, offset: lp }).intercept;
  const slope = fitLogistic({ x: lp, n: y.length, k: 1, y }).coefficients[0] ?? 0;
  return { inTheLarge, slope };
}

/** Observed against predicted in ten groups of equal size, lowest risk first. */
export function reliability(y: Outcomes, p: Values, groups = 10): { n: number; predicted: number; observed: number }[] {
  const order = ascending(p);
  return Array.from({ length: groups }, (_, g) => {
    const from = Math.floor((g * order.length) / groups);
    const to = Math.floor(((g + 1) * order.length) / groups);
    let predicted = 0;
    let observed = 0;
    for (let t = from; t < to; t++) {
      predicted += p[order[t] ?? 0] ?? 0;
      observed += y[order[t] ?? 0] ?? 0;
    }
    const n = to - from;
    return { n, predicted: n === 0 ? 0 : predicted / n, observed: n === 0 ? 0 : observed / n };
  });
}

export const capacities = [0.005, 0.01, 0.02, 0.05] as const;

/** PPV, sensitivity and events captured among the highest-risk share of people (the top ⌈share × n⌉, highest first). */
export function yieldAt(y: Outcomes, p: Values, shares: readonly number[] = capacities): { share: number; people: number; events: number; ppv: number; sensitivity: number }[] {
  const order = ascending(p).reverse();
  let total = 0;
  for (let i = 0; i < y.length; i++) total += y[i] === 1 ? 1 : 0;
  return shares.map((share) => {
    const people = Math.ceil(share * order.length);
    let events = 0;
    for (let t = 0; t < people; t++) events += y[order[t] ?? 0] === 1 ? 1 : 0;
    return { share, people, events, ppv: people === 0 ? 0 : events / people, sensitivity: total === 0 ? 0 : events / total };
  });
}
