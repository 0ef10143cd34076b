/**
 * The emergency-admission model (DOMAIN.md §9): a population's features on an index date, an
 * L2-regularised logistic regression fitted on them (features standardised for the fit, so that the
 * penalty weighs each alike; coefficients kept on the features' own scale), its scores, local
 * recalibration of a stored model (logit p′ = a + b·logit p, fitted on local outcomes and folded into
 * the coefficients), and why a person is on the list: each group of features' contribution
 * coefficient × (value − the training population's mean), largest first.
 */
import { describeGroup, eligible, featureRow, features, featureSetVersion, outcome, subgroupsOf, summarise, type PersonActivity, type Summary } from './features.js';
import { fitLogistic, predictLogistic } from './logistic.js';
import { fitLogisticOnThreads } from './logistic-threads.js';

export interface RiskModel {
  featureSet: string;
  /** Feature keys, in the order of `coefficients`. */
  features: string[];
  intercept: number;
  coefficients: number[];
  /** The training population's mean of each feature (what a contribution is measured from). */
  means: number[];
  lambda: number;
}

/** A population's rows on an index date. */
export interface Dataset {
  indexDate: string;
  n: number;
  k: number;
  /** n × k, row-major, in shared memory (the fit's worker threads read it in place). */
  x: Float64Array;
  /** 1 = an emergency admission in the 12 months from the index date (only meaningful once they have passed). */
  y: Uint8Array;
  ids: string[];
  groups: { age: string[]; sex: string[]; deprivation: string[] };
}

const k = features.length;

/** Collects the eligible people's features on `indexDate`, growing the matrix as it goes. */
export class DatasetBuilder {
  private x = new Float64Array(1024 * k);
  private y = new Uint8Array(1024);
  private n = 0;
  private readonly ids: string[] = [];
  private readonly groups: Dataset['groups'] = { age: [], sex: [], deprivation: [] };

  constructor(readonly indexDate: string) {}

  /** Adds the person when eligible on the index date; returns their summary, or undefined when left out. */
  add(a: PersonActivity): Summary | undefined {
    if (!eligible(a, this.indexDate)) return undefined;
    if (this.n === this.y.length) {
      const x = new Float64Array(this.x.length * 2);
      x.set(this.x);
      this.x = x;
      const y = new Uint8Array(this.y.length * 2);
      y.set(this.y);
      this.y = y;
    }
    const s = summarise(a, this.indexDate);
    featureRow(s, this.x, this.n * k);
    this.y[this.n] = outcome(a, this.indexDate);
    this.n++;
    this.ids.push(a.id);
    const g = subgroupsOf(s);
    this.groups.age.push(g.age);
    this.groups.sex.push(g.sex);
    this.groups.deprivation.push(g.deprivation);
    return s;
  }

  finish(): Dataset {
    const x = new Float64Array(new SharedArrayBuffer(this.n * k * 8));
    x.set(this.x.subarray(0, this.n * k));
    const y = new Uint8Array(new SharedArrayBuffer(this.n));
    y.set(this.y.subarray(0, this.n));
    this.x = new Float64Array(0);
    return { indexDate: this.indexDate, n: this.n, k, x, y, ids: this.ids, groups: this.groups };
  }
}

export interface TrainOptions {
  /** L2 penalty on the standardised coefficients; by default chosen by 5-fold cross-validation when events are few, else 1. */
  lambda?: number;
  threads?: number;
}

/** Penalties tried by cross-validation; with many events the smallest is as good as any. */
const lambdas = [1, 3, 10, 30, 100, 300, 1000];
const crossValidateBelowEvents = 5_000;

/** The penalty with the smallest held-out deviance over 5 folds (rows dealt to folds in turn), on standardised rows. */
function crossValidatedLambda(x: Float64Array, y: Uint8Array, n: number): number {
  const folds = 5;
  let best = { lambda: lambdas[0] ?? 1, deviance: Number.POSITIVE_INFINITY };
  for (const lambda of lambdas) {
    let deviance = 0;
    for (let f = 0; f < folds; f++) {
      const train = Array.from({ length: n }, (_, i) => i).filter((i) => i % folds !== f);
      const tx = new Float64Array(train.length * k);
      train.forEach((i, t) => { tx.set(x.subarray(i * k, (i + 1) * k), t * k); });
      const fit = fitLogistic({ x: tx, n: train.length, k, y: Uint8Array.from(train, (i) => y[i] ?? 0) }, { lambda, maxIterations: 100 });
      for (let i = f; i < n; i += folds) {
        const p = Math.min(Math.max(predictLogistic(fit, x.subarray(i * k, (i + 1) * k), 1)[0] ?? 0, 1e-12), 1 - 1e-12);
        deviance -= 2 * (y[i] === 1 ? Math.log(p) : Math.log(1 - p));
      }
    }
    if (deviance < best.deviance) best = { lambda, deviance };
  }
  return best.lambda;
}

/** Fits the model on a dataset whose outcome year has passed. The rows are standardised in place for the fit and put back after. */
export async function trainModel(data: Dataset, options: TrainOptions = {}): Promise<RiskModel> {
  const { n, x } = data;
  if (n === 0) throw new RangeError(`No one to train on at ${data.indexDate}`);
  const means = new Float64Array(k);
  const sds = new Float64Array(k);
  for (let i = 0; i < n; i++) for (let j = 0; j < k; j++) means[j] = (means[j] ?? 0) + (x[i * k + j] ?? 0);
  for (let j = 0; j < k; j++) means[j] = (means[j] ?? 0) / n;
  for (let i = 0; i < n; i++) for (let j = 0; j < k; j++) sds[j] = (sds[j] ?? 0) + ((x[i * k + j] ?? 0) - (means[j] ?? 0)) ** 2;
  // A feature no one in the population has (sd 0) is left at 0: its coefficient stays 0.
  for (let j = 0; j < k; j++) sds[j] = Math.sqrt((sds[j] ?? 0) / n) || Number.POSITIVE_INFINITY;
  const standardise = (forward: boolean): void => {
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < k; j++) {
        const at = i * k + j;
        const sd = sds[j] ?? 1;
        const mean = means[j] ?? 0;
        x[at] = forward ? ((x[at] ?? 0) - mean) / sd : Number.isFinite(sd) ? (x[at] ?? 0) * sd + mean : mean;
      }
    }
  };
  let events = 0;
  for (let i = 0; i < n; i++) events += data.y[i] ?? 0;
  standardise(true);
  let fit;
  let lambda = options.lambda ?? 1;
  try {
    if (options.lambda === undefined && events < crossValidateBelowEvents) lambda = crossValidatedLambda(x, data.y, n);
    fit = await fitLogisticOnThreads({ x, n, k, y: data.y }, { lambda, maxIterations: 100 }, options.threads ?? 2);
  } finally {
    standardise(false);
  }
  if (!fit.converged) throw new Error(`The fit at ${data.indexDate} did not converge in ${fit.iterations} iterations`);
  const coefficients = Array.from(fit.coefficients, (b, j) => b / (sds[j] ?? 1));
  const intercept = fit.intercept - coefficients.reduce((sum, b, j) => sum + b * (means[j] ?? 0), 0);
  return { featureSet: featureSetVersion, features: features.map((f) => f.key), intercept, coefficients, means: Array.from(means), lambda };
}

/** Checks that a stored model reads the features this code makes. */
export function assertCompatible(model: RiskModel): void {
  const keys = features.map((f) => f.key);
  if (model.featureSet !== featureSetVersion || model.features.length !== keys.length || model.features.some((f, j) => f !== keys[j])) {
    throw new RangeError(`The model was made for feature set ${model.featureSet}; this version computes ${featureSetVersion}: train a new model`);
  }
}

export function scoreDataset(model: RiskModel, data: Dataset): Float64Array {
  assertCompatible(model);
  return predictLogistic({ intercept: model.intercept, coefficients: Float64Array.from(model.coefficients) }, data.x, data.n);
}

/**
 * Local recalibration (Steyerberg, Clinical Prediction Models, ch. 20): logit p′ = a + b·logit p fitted on
 * this population's outcomes, folded into the model: intercept′ = a + b·intercept, coefficients′ = b·coefficients.
 */
export function recalibrate(model: RiskModel, data: Dataset): { model: RiskModel; a: number; b: number } {
  const p = scoreDataset(model, data);
  const lp = Float64Array.from(p, (v) => Math.log(v / (1 - v)));
  const fit = fitLogistic({ x: lp, n: data.n, k: 1, y: data.y });
  const a = fit.intercept;
  const b = fit.coefficients[0] ?? 1;
  return { model: { ...model, intercept: a + b * model.intercept, coefficients: model.coefficients.map((c) => b * c) }, a, b };
}

export interface Factor {
  group: string;
  text: string;
  /** Contribution to the log odds, against the population's average. */
  contribution: number;
}

/** The groups of features that raise this person's risk most above the population's, largest first. */
export function explain(model: RiskModel, s: Summary, top = 4): Factor[] {
  const row = new Float64Array(k);
  featureRow(s, row);
  const byGroup = new Map<string, number>();
  for (let j = 0; j < k; j++) {
    const group = (features[j] as (typeof features)[number]).group;
    byGroup.set(group, (byGroup.get(group) ?? 0) + (model.coefficients[j] ?? 0) * ((row[j] ?? 0) - (model.means[j] ?? 0)));
  }
  return [...byGroup]
    .filter(([, c]) => c > 0.05)
    .sort((a, b) => b[1] - a[1])
    .slice(0, top)
    .map(([group, contribution]) => ({ group, text: describeGroup(group, s), contribution: Number(contribution.toFixed(3)) }));
}
