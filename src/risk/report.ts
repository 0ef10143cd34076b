/**
 * One model's evaluation on one population, as `joinedup risk evaluate` writes it to report.json
 * (DOMAIN.md §9, "How a risk model is judged"): discrimination, calibration, yield at the team's
 * capacity, a decision curve, the same by subgroup, and, on synthetic data, every figure again for
 * the true risk (the oracle) side by side.
 */
import { auprc, auroc, brier, calibration, capacities, reliability, yieldAt } from './evaluation.js';

type Outcomes = Uint8Array | readonly number[];
type Values = Float64Array | readonly number[];

/** Keys of `ppv_at` and the like: the shares of capacities, as written in report.json. */
const shareKey = (share: number): string => String(share);

export interface Figures {
  people: number;
  events: number;
  event_rate: number;
  auroc: number;
  auroc_ci95: [number, number];
  auprc: number;
  brier: number;
  calibration_in_the_large: number;
  calibration_slope: number;
  /** Mean predicted risk (against `event_rate`). */
  mean_predicted: number;
  ppv_at: Record<string, number>;
  sensitivity_at: Record<string, number>;
  events_captured_at: Record<string, number>;
  people_at: Record<string, number>;
  reliability: { n: number; predicted: number; observed: number }[];
  /** Net benefit of treating everyone above each threshold, against treating all and none (Vickers & Elkin 2006). */
  decision_curve: { threshold: number; net_benefit: number; treat_all: number }[];
  /** Points of the ROC curve (false-positive rate, true-positive rate), thinned to at most 200. */
  roc: [number, number][];
}

export interface SubgroupFigures {
  /** E.g. "age", "sex", "deprivation quintile". */
  by: string;
  group: string;
  people: number;
  events: number;
  model: Pick<Figures, 'auroc' | 'calibration_in_the_large' | 'mean_predicted' | 'event_rate'> | null;
  oracle?: Pick<Figures, 'auroc' | 'calibration_in_the_large' | 'mean_predicted' | 'event_rate'> | null;
}

export interface EvaluationReport extends Figures {
  /** What was judged: the model version, the index date and the outcome window. */
  model: { id: string; version: number; trained_on: string; features: number };
  index_date: string;
  outcome: string;
  generated_at: string;
  /** Present on synthetic data: the true probabilities judged the same way. */
  auroc_oracle?: number;
  oracle?: Figures;
  subgroups: SubgroupFigures[];
}

const decisionThresholds = [0.02, 0.05, 0.1, 0.15, 0.2, 0.3, 0.4, 0.5];

function rocPoints(y: Outcomes, p: Values): [number, number][] {
  const order = Uint32Array.from({ length: p.length }, (_, i) => i).sort((a, b) => (p[b] ?? 0) - (p[a] ?? 0));
  let positives = 0;
  for (let i = 0; i < y.length; i++) positives += y[i] === 1 ? 1 : 0;
  const negatives = y.length - positives;
  const points: [number, number][] = [[0, 0]];
  const step = Math.max(1, Math.ceil(order.length / 200));
  let tp = 0;
  let fp = 0;
  let since = 0;
  for (let t = 0; t < order.length; t++) {
    if (y[order[t] ?? 0] === 1) tp++;
    else fp++;
    since++;
    // Points fall only between distinct scores, so tied people are never split.
    const next = order[t + 1];
    if (since >= step && next !== undefined && p[next] !== p[order[t] ?? 0]) {
      points.push([round(fp / negatives), round(tp / positives)]);
      since = 0;
    }
  }
  points.push([1, 1]);
  return points;
}

function decisionCurve(y: Outcomes, p: Values): Figures['decision_curve'] {
  const n = y.length;
  let events = 0;
  for (let i = 0; i < n; i++) events += y[i] === 1 ? 1 : 0;
  return decisionThresholds.map((threshold) => {
    let tp = 0;
    let fp = 0;
    for (let i = 0; i < n; i++) {
      if ((p[i] ?? 0) < threshold) continue;
      if (y[i] === 1) tp++;
      else fp++;
    }
    const odds = threshold / (1 - threshold);
    return { threshold, net_benefit: round((tp - fp * odds) / n), treat_all: round((events - (n - events) * odds) / n) };
  });
}

const round = (x: number, places = 6): number => Number(x.toFixed(places));
const byShare = <T>(rows: readonly ({ share: number } & T)[], pick: (row: T) => number): Record<string, number> =>
  Object.fromEntries(rows.map((row) => [shareKey(row.share), round(pick(row))]));

/** Every figure of DOMAIN.md §9 for outcomes `y` (1 = an emergency admission) and predicted risks `p`. */
export function figures(y: Outcomes, p: Values): Figures {
  const n = y.length;
  let events = 0;
  let predicted = 0;
  for (let i = 0; i < n; i++) {
    events += y[i] === 1 ? 1 : 0;
    predicted += p[i] ?? 0;
  }
  const a = auroc(y, p);
  const c = calibration(y, p);
  const top = yieldAt(y, p, capacities);
  return {
    people: n,
    events,
    event_rate: round(events / n),
    auroc: round(a.auroc),
    auroc_ci95: [round(a.ci95[0]), round(a.ci95[1])],
    auprc: round(auprc(y, p)),
    brier: round(brier(y, p)),
    calibration_in_the_large: round(c.inTheLarge),
    calibration_slope: round(c.slope),
    mean_predicted: round(predicted / n),
    ppv_at: byShare(top, (r) => r.ppv),
    sensitivity_at: byShare(top, (r) => r.sensitivity),
    events_captured_at: byShare(top, (r) => r.events),
    people_at: byShare(top, (r) => r.people),
    reliability: reliability(y, p).map((r) => ({ n: r.n, predicted: round(r.predicted), observed: round(r.observed) })),
    decision_curve: decisionCurve(y, p),
    roc: rocPoints(y, p),
  };
}

/** A subgroup's headline figures, or null when it has no events or no non-events (no AUROC to give). */
function headline(y: Outcomes, p: Values): SubgroupFigures['model'] {
  let events = 0;
  let predicted = 0;
  for (let i = 0; i < y.length; i++) {
    events += y[i] === 1 ? 1 : 0;
    predicted += p[i] ?? 0;
  }
  if (events === 0 || events === y.length) return null;
  return {
    auroc: round(auroc(y, p).auroc),
    calibration_in_the_large: round(calibration(y, p).inTheLarge),
    mean_predicted: round(predicted / y.length),
    event_rate: round(events / y.length),
  };
}

export interface ReportInput {
  model: EvaluationReport['model'];
  indexDate: string;
  outcome: string;
  y: Outcomes;
  p: Values;
  /** The true probabilities, on synthetic data. */
  oracle?: Values;
  /** Each person's group under each grouping, e.g. { age: ['65-74', …], sex: [...] }. */
  groups: Readonly<Record<string, readonly string[]>>;
  now: Date;
}

/** The report of one model on one population; every array of the input has one entry per person. */
export function evaluationReport(input: ReportInput): EvaluationReport {
  const { y, p, oracle } = input;
  const lengths = [['p', p.length], ['oracle', oracle?.length ?? y.length], ...Object.entries(input.groups).map(([by, labels]) => [`groups.${by}`, labels.length] as const)] as const;
  for (const [name, length] of lengths) if (length !== y.length) throw new RangeError(`${name} has ${length} entries for ${y.length} people`);
  const model = figures(y, p);
  const oracleFigures = oracle === undefined ? undefined : figures(y, oracle);
  const subgroups: SubgroupFigures[] = [];
  for (const [by, labels] of Object.entries(input.groups)) {
    const members = new Map<string, number[]>();
    labels.forEach((label, i) => {
      const list = members.get(label) ?? [];
      list.push(i);
      members.set(label, list);
    });
    for (const [group, rows] of [...members].sort(([a], [b]) => a.localeCompare(b, 'en', { numeric: true }))) {
      const ys = rows.map((i) => (y[i] === 1 ? 1 : 0));
      const row: SubgroupFigures = { by, group, people: rows.length, events: ys.reduce<number>((s, v) => s + v, 0), model: headline(ys, rows.map((i) => p[i] ?? 0)) };
      if (oracle !== undefined) row.oracle = headline(ys, rows.map((i) => oracle[i] ?? 0));
      subgroups.push(row);
    }
  }
  return {
    model: input.model,
    index_date: input.indexDate,
    outcome: input.outcome,
    generated_at: input.now.toISOString(),
    ...model,
    ...(oracleFigures === undefined ? {} : { auroc_oracle: oracleFigures.auroc, oracle: oracleFigures }),
    subgroups,
  };
}
