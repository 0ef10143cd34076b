/**
 * The latent risk process. Each year a person has a constant emergency-admission rate λ and death
 * rate μ, set at the start of the year from age, latent frailty, a year-to-year shock (which is what
 * makes high users regress to the mean, Roland et al., BMJ 2005), coded deficits, care home residence
 * and deprivation. With both rates constant over the year and competing, the chance of at least one
 * emergency admission before death within 12 months is λ/(λ+μ)·(1 − e^−(λ+μ)) for a known shock.
 *
 * The oracle a risk model is judged against is the true risk on the index date: that chance averaged
 * over the part of the year's shock that is not yet known on the day (its innovation; the part carried
 * over from last year is known), by Gauss–Hermite quadrature. A year's shock is the year's fortune,
 * and no one (not even the truth) knows it on the first day of the year.
 *
 * Frailty acts on admissions partly directly and partly through the deficits it brings (conditions,
 * and GP and outpatient care, see life.ts), so that what a good record holds predicts admissions
 * about as well as the published record-based models do (DOMAIN.md §9: SPARRA, QAdmissions).
 *
 * The age curves are tuned so that the population's rates land on DOMAIN.md §11 (emergency
 * admissions of people 65+ ≈ 18,000–28,000 per 100,000 a year; deaths 65+ ≈ 4–5%, 85+ ≈ 15%).
 */

/** Piecewise-linear curve through (age, value) points. */
function curve(points: readonly (readonly [number, number])[]): (age: number) => number {
  return (age) => {
    const first = points[0];
    if (!first || age <= first[0]) return first?.[1] ?? 0;
    for (let i = 1; i < points.length; i++) {
      const [x1, y1] = points[i] ?? [0, 0];
      const [x0, y0] = points[i - 1] ?? [0, 0];
      if (age <= x1) return y0 + ((age - x0) / (x1 - x0)) * (y1 - y0);
    }
    return points[points.length - 1]?.[1] ?? 0;
  };
}

/** log of the emergency admission rate before the person-level terms. */
const admissionAge = curve([[0, -2.5], [5, -3.6], [18, -3.5], [45, -3.5], [65, -3.4], [75, -3.0], [85, -2.5], [95, -2.2]]);
/** log of the yearly death rate before the person-level terms (Gompertz above 40). */
const deathAge = curve([[0, -7.0], [1, -8.8], [18, -8.2], [40, -6.9], [65, -4.7], [75, -3.65], [85, -2.65], [95, -1.7], [105, -0.8]]);

export interface RiskFactors {
  readonly age: number;
  /** Latent frailty, standard normal. */
  readonly frailty: number;
  /** This year's shock. */
  readonly shock: number;
  /** eFI deficits coded at the start of the year. */
  readonly deficits: number;
  readonly inCareHome: boolean;
  readonly deprivationDecile: number;
}

/** Emergency admissions a year expected for these factors. */
export function admissionRate(f: RiskFactors): number {
  return Math.exp(admissionAge(f.age) + 0.3 * f.frailty + f.shock + 0.15 * f.deficits + (f.inCareHome ? 0.35 : 0) + 0.035 * (10 - f.deprivationDecile));
}

/** Yearly death hazard for these factors. */
export function deathRate(f: RiskFactors): number {
  return Math.exp(deathAge(f.age) + 0.5 * f.frailty + 0.035 * f.deficits + (f.inCareHome ? 0.65 : 0) + 0.02 * (10 - f.deprivationDecile) - 0.35);
}

/**
 * P(at least one emergency admission before death, within one year), for constant competing rates,
 * when the person cannot be admitted for the first `blocked` years (still in hospital from before):
 * ∫ from b to 1 of λe^−λ(t−b)·e^−μt dt = λ/(λ+μ)·e^−μb·(1 − e^−(λ+μ)(1−b)).
 */
export function admissionProbability(lambda: number, mu: number, blocked = 0): number {
  const total = lambda + mu;
  const b = Math.min(Math.max(blocked, 0), 1);
  if (total <= 0 || b >= 1) return 0;
  return (lambda / total) * Math.exp(-mu * b) * -Math.expm1(-total * (1 - b));
}

/** Sd and year-to-year correlation of the shock. */
export const shockSd = 0.55;
export const shockCorrelation = 0.3;

/** Sd of the year's innovation: the whole shock in the first year, then what the carried-over part leaves. */
export function innovationSd(firstYear: boolean): number {
  return firstYear ? shockSd : shockSd * Math.sqrt(1 - shockCorrelation ** 2);
}

/** Nodes and weights of 7-point Gauss–Hermite quadrature (∫ e^−x² f(x) dx ≈ Σ wᵢ f(xᵢ)), Abramowitz & Stegun table 25.10. */
const hermite: readonly (readonly [number, number])[] = [
  [-2.651961356835233, 0.000971781245099519], [-1.673551628767471, 0.05451558281912703], [-0.8162878828589647, 0.4256072526101278],
  [0, 0.8102646175568073], [0.8162878828589647, 0.4256072526101278], [1.673551628767471, 0.05451558281912703], [2.651961356835233, 0.000971781245099519],
];

/**
 * The oracle: P(an emergency admission before death within the year) on its first day, when the
 * shock is `carried` (known) plus an innovation N(0, sd²) not yet known, for a person still in
 * hospital for the first `blocked` years.
 */
export function riskOnTheDay(f: RiskFactors, carried: number, sd: number, blocked: number): number {
  const mu = deathRate(f);
  let p = 0;
  for (const [x, w] of hermite) p += w * admissionProbability(admissionRate({ ...f, shock: carried + Math.SQRT2 * sd * x }), mu, blocked);
  return p / Math.sqrt(Math.PI);
}
