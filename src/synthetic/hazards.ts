/**
 * The latent risk process. Each year a person has a constant emergency-admission rate λ and death
 * rate μ, set at the start of the year from age, latent frailty, a year-to-year shock (which is what
 * makes high users regress to the mean, Roland et al., BMJ 2005), coded deficits, care home residence
 * and deprivation. With both rates constant over the year and competing, the chance of at least one
 * emergency admission before death within 12 months is exactly λ/(λ+μ)·(1 − e^−(λ+μ)): the oracle
 * a risk model is judged against.
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
const admissionAge = curve([[0, -2.3], [5, -3.4], [18, -3.3], [45, -3.3], [65, -3.15], [75, -2.75], [85, -2.25], [95, -1.95]]);
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
  return Math.exp(admissionAge(f.age) + 0.75 * f.frailty + f.shock + 0.07 * f.deficits + (f.inCareHome ? 0.35 : 0) + 0.035 * (10 - f.deprivationDecile));
}

/** Yearly death hazard for these factors. */
export function deathRate(f: RiskFactors): number {
  return Math.exp(deathAge(f.age) + 0.5 * f.frailty + 0.035 * f.deficits + (f.inCareHome ? 0.65 : 0) + 0.02 * (10 - f.deprivationDecile) - 0.35);
}

/** P(at least one emergency admission before death, within one year), for constant competing rates. */
export function admissionProbability(lambda: number, mu: number): number {
  const total = lambda + mu;
  if (total <= 0) return 0;
  return (lambda / total) * -Math.expm1(-total);
}

/** Sd and year-to-year correlation of the shock. */
export const shockSd = 0.55;
export const shockCorrelation = 0.5;
