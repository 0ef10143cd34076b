/**
 * L2-regularised logistic regression fitted by Newton's method (iteratively reweighted least
 * squares), written here because no TypeScript library does it well enough: the model is
 *
 *   logit P(y = 1) = offset + β₀ + Σⱼ βⱼ xⱼ,
 *
 * fitted by maximising Σᵢ wᵢ [yᵢ ηᵢ − log(1 + e^ηᵢ)] − (λ/2) Σⱼ≥₁ βⱼ² (the intercept is not
 * penalised). Each step solves (XᵀWX + λI′) Δ = Xᵀw(y − p) − λβ′ by Cholesky; it stops when the
 * largest change in β is below `tolerance`. Features are columns of a Float64Array, row-major.
 * Checked against closed forms (a single binary predictor's log odds ratio) and the score
 * equations in logistic.test.ts.
 */

export interface LogisticData {
  /** n × k features, row-major (no intercept column: it is added). */
  x: Float64Array;
  n: number;
  k: number;
  /** 0 or 1 for each row. */
  y: Uint8Array | readonly number[];
  /** A fixed term added to each row's linear predictor (e.g. logit of a stored model's risk, for recalibration). */
  offset?: Float64Array | readonly number[];
  /** A weight for each row (default 1). */
  weights?: Float64Array | readonly number[];
}

export interface LogisticOptions {
  /** L2 penalty λ on the coefficients (not the intercept); 0 for none. */
  lambda?: number;
  maxIterations?: number;
  tolerance?: number;
}

export interface LogisticFit {
  intercept: number;
  coefficients: Float64Array;
  iterations: number;
  converged: boolean;
  /** The penalised log-likelihood at the end. */
  logLikelihood: number;
}

const sigmoid = (eta: number): number => (eta >= 0 ? 1 / (1 + Math.exp(-eta)) : Math.exp(eta) / (1 + Math.exp(eta)));

/** log(1 + e^η), without overflow. */
const softplus = (eta: number): number => (eta > 0 ? eta + Math.log1p(Math.exp(-eta)) : Math.log1p(Math.exp(eta)));

/** Solves A z = b for symmetric positive definite A (m × m, row-major) by Cholesky; A is overwritten. */
export function choleskySolve(a: Float64Array, b: Float64Array, m: number): Float64Array {
  for (let j = 0; j < m; j++) {
    let d = a[j * m + j] ?? 0;
    for (let k = 0; k < j; k++) d -= (a[j * m + k] ?? 0) ** 2;
    if (!(d > 0)) throw new RangeError('the system is not positive definite: a feature is constant or duplicates others; use a penalty (lambda > 0)');
    const l = Math.sqrt(d);
    a[j * m + j] = l;
    for (let i = j + 1; i < m; i++) {
      let s = a[i * m + j] ?? 0;
      for (let k = 0; k < j; k++) s -= (a[i * m + k] ?? 0) * (a[j * m + k] ?? 0);
      a[i * m + j] = s / l;
    }
  }
  const z = Float64Array.from(b);
  for (let i = 0; i < m; i++) {
    let s = z[i] ?? 0;
    for (let k = 0; k < i; k++) s -= (a[i * m + k] ?? 0) * (z[k] ?? 0);
    z[i] = s / (a[i * m + i] ?? 1);
  }
  for (let i = m - 1; i >= 0; i--) {
    let s = z[i] ?? 0;
    for (let k = i + 1; k < m; k++) s -= (a[k * m + i] ?? 0) * (z[k] ?? 0);
    z[i] = s / (a[i * m + i] ?? 1);
  }
  return z;
}

export function fitLogistic(data: LogisticData, options: LogisticOptions = {}): LogisticFit {
  const { x, n, k, y } = data;
  const lambda = options.lambda ?? 0;
  const maxIterations = options.maxIterations ?? 50;
  const tolerance = options.tolerance ?? 1e-9;
  if (x.length !== n * k) throw new RangeError(`x holds ${x.length} values; n × k is ${n * k}`);
  if (y.length !== n) throw new RangeError(`y holds ${y.length} values; n is ${n}`);
  const m = k + 1;
  const beta = startingBeta(data);
  const hessian = new Float64Array(m * m);
  const gradient = new Float64Array(m);
  let iterations = 0;
  let converged = false;
  for (; iterations < maxIterations && !converged; iterations++) {
    hessian.fill(0);
    gradient.fill(0);
    accumulate(data, 0, n, beta, hessian, gradient);
    converged = newtonStep(hessian, gradient, beta, lambda, (b) => logLikelihoodOf(data, b, lambda)) < tolerance;
  }
  return { intercept: beta.at(0) ?? 0, coefficients: beta.slice(1), iterations, converged, logLikelihood: logLikelihoodOf(data, beta, lambda) };
}

/** Where Newton's method starts: the overall rate as the intercept, no coefficients, so that the first step is already near. */
export function startingBeta(data: LogisticData): Float64Array {
  const beta = new Float64Array(data.k + 1);
  let events = 0;
  let total = 0;
  for (let i = 0; i < data.n; i++) {
    const w = data.weights?.[i] ?? 1;
    events += w * (data.y[i] ?? 0);
    total += w;
  }
  const rate = Math.min(Math.max(events / total, 1e-6), 1 - 1e-6);
  beta[0] = Math.log(rate / (1 - rate)) - (data.offset === undefined ? 0 : mean(data.offset));
  return beta;
}

/**
 * Adds rows [from, to) to the gradient and the lower triangle of the Hessian of the unpenalised
 * log-likelihood at β (what each worker thread does with its share of the rows).
 */
export function accumulate(data: LogisticData, from: number, to: number, beta: Float64Array, hessian: Float64Array, gradient: Float64Array): void {
  const { x, k, y } = data;
  const m = k + 1;
  const row = new Float64Array(m);
  for (let i = from; i < to; i++) {
    row[0] = 1;
    for (let j = 0; j < k; j++) row[j + 1] = x[i * k + j] ?? 0;
    let eta = data.offset?.[i] ?? 0;
    for (let j = 0; j < m; j++) eta += (beta[j] ?? 0) * (row[j] ?? 0);
    const p = sigmoid(eta);
    const w = data.weights?.[i] ?? 1;
    const residual = w * ((y[i] ?? 0) - p);
    const curvature = w * p * (1 - p);
    for (let a = 0; a < m; a++) {
      const ra = row[a] ?? 0;
      if (ra === 0) continue;
      gradient[a] = (gradient[a] ?? 0) + residual * ra;
      const base = a * m;
      const c = curvature * ra;
      for (let b = 0; b <= a; b++) hessian[base + b] = (hessian[base + b] ?? 0) + c * (row[b] ?? 0);
    }
  }
}

/**
 * One Newton step from the summed gradient and lower-triangle Hessian (both overwritten): adds the
 * penalty, solves and moves β, halving the step while the penalised log-likelihood `objective` would
 * fall (step-halving, as R's glm.fit does: a full step can overshoot when a rare feature nearly
 * separates the outcomes); returns the largest change.
 */
export function newtonStep(hessian: Float64Array, gradient: Float64Array, beta: Float64Array, lambda: number, objective: (beta: Float64Array) => number): number {
  const m = beta.length;
  for (let a = 0; a < m; a++) for (let b = 0; b < a; b++) hessian[b * m + a] = hessian[a * m + b] ?? 0;
  for (let j = 1; j < m; j++) {
    gradient[j] = (gradient[j] ?? 0) - lambda * (beta[j] ?? 0);
    hessian[j * m + j] = (hessian[j * m + j] ?? 0) + lambda;
  }
  const step = choleskySolve(hessian, gradient, m);
  const before = objective(beta);
  const start = beta.slice();
  for (let halvings = 0; ; halvings++) {
    for (let j = 0; j < m; j++) beta[j] = (start[j] ?? 0) + (step[j] ?? 0);
    if (halvings === 30 || objective(beta) >= before - 1e-9 * Math.abs(before)) break;
    for (let j = 0; j < m; j++) step[j] = (step[j] ?? 0) / 2;
  }
  let largest = 0;
  for (let j = 0; j < m; j++) largest = Math.max(largest, Math.abs(step[j] ?? 0));
  return largest;
}

function mean(values: Float64Array | readonly number[]): number {
  let s = 0;
  for (const v of values) s += v;
  return values.length === 0 ? 0 : s / values.length;
}

/** The penalised log-likelihood at β. */
export function logLikelihoodOf(data: LogisticData, beta: Float64Array, lambda: number): number {
  const { x, n, k, y } = data;
  let sum = 0;
  for (let i = 0; i < n; i++) {
    let eta = (data.offset?.[i] ?? 0) + (beta[0] ?? 0);
    for (let j = 0; j < k; j++) eta += (beta[j + 1] ?? 0) * (x[i * k + j] ?? 0);
    sum += (data.weights?.[i] ?? 1) * ((y[i] ?? 0) * eta - softplus(eta));
  }
  let penalty = 0;
  for (let j = 1; j < beta.length; j++) penalty += (beta[j] ?? 0) ** 2;
  return sum - (lambda / 2) * penalty;
}

/** The risk the fitted model gives each row of x (n × k, row-major), with the offset when given. */
export function predictLogistic(fit: Pick<LogisticFit, 'intercept' | 'coefficients'>, x: Float64Array, n: number, offset?: Float64Array | readonly number[]): Float64Array {
  const k = fit.coefficients.length;
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let eta = fit.intercept + (offset?.[i] ?? 0);
    for (let j = 0; j < k; j++) eta += (fit.coefficients[j] ?? 0) * (x[i * k + j] ?? 0);
    out[i] = sigmoid(eta);
  }
  return out;
}
