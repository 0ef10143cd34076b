/**
 * Conditions and frailty deficits over a life. Each person has a latent frailty z ~ N(0, 1) and, for
 * each condition, a fixed uniform threshold; the condition is present from the age at which
 * `sigmoid(intercept(age) + loading × z)` first exceeds the threshold. Intercepts are solved so that
 * the prevalence in each age band matches `reference/conditions.ts` over the population (integrating
 * over z), and are interpolated between band midpoints so that onsets come smoothly with age.
 */
import { conditionList, efiDeficits } from './reference/conditions.js';

const bandMidpoints = [9, 31, 55, 70, 80, 92];
const grid = Array.from({ length: 241 }, (_, i) => -6 + i * 0.05);
const gridWeights = (() => {
  const w = grid.map((z) => Math.exp(-0.5 * z * z));
  const total = w.reduce((a, b) => a + b, 0);
  return w.map((x) => x / total);
})();

const sigmoid = (x: number): number => 1 / (1 + Math.exp(-x));

/** The intercept a with E[sigmoid(a + loading·z)] = prevalence, z standard normal (bisection). */
export function solveIntercept(prevalence: number, loading: number): number {
  const target = Math.max(prevalence, 1e-5);
  let lo = -30;
  let hi = 30;
  for (let i = 0; i < 60; i++) {
    const mid = (lo + hi) / 2;
    let mean = 0;
    for (let g = 0; g < grid.length; g++) mean += (gridWeights[g] ?? 0) * sigmoid(mid + loading * (grid[g] ?? 0));
    if (mean < target) lo = mid;
    else hi = mid;
  }
  return (lo + hi) / 2;
}

/** Intercepts per condition per band, computed once. */
/** Loadings are damped so that deficits cluster in frail people without spreading too far (eFI severe ≈ 3%). */
const loadingScale = 0.7;
const intercepts: readonly (readonly number[])[] = conditionList.map((c) => c.prevalence.map((p) => solveIntercept(p, c.frailty * loadingScale)));

/** Intercept of condition `c` at `age` (years), interpolated between band midpoints. */
function interceptAt(c: number, age: number): number {
  const row = intercepts[c] ?? [];
  if (age <= (bandMidpoints[0] ?? 0)) return row[0] ?? -30;
  for (let b = 1; b < bandMidpoints.length; b++) {
    const hi = bandMidpoints[b] ?? 0;
    if (age <= hi) {
      const lo = bandMidpoints[b - 1] ?? 0;
      const t = (age - lo) / (hi - lo);
      return (row[b - 1] ?? -30) * (1 - t) + (row[b] ?? -30) * t;
    }
  }
  return row[row.length - 1] ?? -30;
}

/** Chance that condition `c` is present at `age` for someone with latent frailty `z`. */
export function conditionChance(c: number, age: number, z: number): number {
  return sigmoid(interceptAt(c, age) + (conditionList[c]?.frailty ?? 0) * loadingScale * z);
}

/** Index of each condition's eFI deficit in `efiDeficits`, or -1. */
export const conditionDeficit: readonly number[] = conditionList.map((c) => (c.efiDeficit ? efiDeficits.indexOf(c.efiDeficit) : -1));
export const polypharmacyDeficit = efiDeficits.indexOf('polypharmacy');

/** eFI bands in whole deficits (Clegg 2016): fit 0–4, mild 5–8, moderate 9–12, severe 13+. */
export function efiBand(deficits: number): 'fit' | 'mild' | 'moderate' | 'severe' {
  if (deficits <= 4) return 'fit';
  if (deficits <= 8) return 'mild';
  if (deficits <= 12) return 'moderate';
  return 'severe';
}

