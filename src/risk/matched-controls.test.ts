// Matched controls against answers worked out by hand (a tiny worklist whose matches are obvious),
// the matching rules one at a time (strata, the enrolled never controls, without replacement, highest
// risk first, every case's first control before anyone's second, the caliper), and two simulated
// populations where the truth is known: one where enrolment does nothing, so the before-and-after
// fall is all regression to the mean (Roland et al., BMJ 2005), and one where it halves admissions.
import { describe, expect, it } from 'vitest';
import { Random } from '../synthetic/index.js';
import { type Candidate, matchedComparison } from './matched-controls.js';

const Z = 1.959963984540054;
const logit = (p: number): number => Math.log(p / (1 - p));
const expit = (x: number): number => 1 / (1 + Math.exp(-x));
const female = { sex: 'female' } as const;

/** A person followed for a full year unless told otherwise. */
const person = (id: string, risk: number, admissions = 0, followUpDays = 365, strata: Readonly<Record<string, string>> = female): Candidate => ({ id, risk, strata, admissions, followUpDays });

/** The project's seeded generator, as a function of no arguments. */
function random(seed: number): () => number {
  const stream = Random.stream(seed, 'risk-tests');
  return () => stream.float();
}

describe('a worklist small enough to work out by hand', () => {
  // Three women enrolled, two controls each (k = 2), caliper 0.25 on the logit. Each case's controls
  // are the two pool members on either side of it (logit distances about 0.04 to 0.08); the far
  // control (risk 0.05, 1.56 from C) is outside the caliper, the man is in another stratum.
  const enrolled = [person('A', 0.8, 2), person('B', 0.5, 0), person('C', 0.2, 1, 182.5)];
  const pool = [
    person('a1', 0.79, 1), person('a2', 0.81, 0),
    person('b1', 0.49, 1), person('b2', 0.52, 2, 182.5),
    person('c1', 0.21, 0), person('c2', 0.19, 0),
    person('far', 0.05, 3), person('man', 0.8, 5, 365, { sex: 'male' }),
  ];
  const result = matchedComparison(enrolled, pool, { controlsPerCase: 2, caliper: 0.25 });

  it('matches each case to its two neighbours, nearest first', () => {
    expect(result.sets).toEqual([
      { caseId: 'A', controlIds: ['a1', 'a2'] },
      { caseId: 'B', controlIds: ['b1', 'b2'] },
      { caseId: 'C', controlIds: ['c1', 'c2'] },
    ]);
    expect(result).toMatchObject({ enrolled: 3, matchedCases: 3, unmatchedCases: [], controls: 6 });
  });

  it('gives the shares admitted, the paired risk difference and its interval', () => {
    // Cases admitted: A yes, B no, C yes → 2/3. Controls, 1/2 each: A ½, B 1, C 0 → 1.5/3 = 1/2.
    // Per-set differences 1 − ½ = ½, 0 − 1 = −1, 1 − 0 = 1: mean 1/6; deviations 1/3, −7/6, 5/6;
    // sum of squares 4/36 + 49/36 + 25/36 = 13/6; sample variance 13/12; SE² = 13/12 / 3 = 13/36.
    expect(result.casesAdmittedShare).toBeCloseTo(2 / 3, 12);
    expect(result.controlsAdmittedShare).toBeCloseTo(1 / 2, 12);
    expect(result.riskDifference.estimate).toBeCloseTo(1 / 6, 12);
    const half = Z * (Math.sqrt(13) / 6);
    expect(result.riskDifference.ci95[0]).toBeCloseTo(1 / 6 - half, 12); // −1.01111
    expect(result.riskDifference.ci95[1]).toBeCloseTo(1 / 6 + half, 12); // 1.34444
  });

  it('gives the rates per person-year, their ratio and its delta-method interval', () => {
    // Cases: 2 + 0 + 1 = 3 admissions over 1 + 1 + ½ = 2.5 years → 1.2. Controls, ½ each:
    // admissions ½(1 + 0) + ½(1 + 2) + 0 = 2 over years ½(1 + 1) + ½(1 + ½) + ½(1 + 1) = 2.75 → 8/11.
    expect(result.casesRate).toBeCloseTo(1.2, 12);
    expect(result.controlsRate).toBeCloseTo(8 / 11, 12);
    const rr = result.rateRatio;
    expect(rr?.estimate).toBeCloseTo(1.65, 12);
    // Per-set means ā = 1, t̄ = 5/6, b̄ = 2/3, ū = 11/12; gᵢ = aᵢ/ā − tᵢ/t̄ − bᵢ/b̄ + uᵢ/ū:
    const gA = 2 - 6 / 5 - 3 / 4 + 12 / 11; // a 2, t 1, b ½, u 1
    const gB = 0 - 6 / 5 - 9 / 4 + 9 / 11; // a 0, t 1, b 3/2, u 3/4
    const gC = 1 - 3 / 5 - 0 + 12 / 11; // a 1, t ½, b 0, u 1
    expect(gA + gB + gC).toBeCloseTo(0, 12);
    const se = Math.sqrt((gA ** 2 + gB ** 2 + gC ** 2) / (3 * 2)); // 1.31978
    expect(rr?.ci95[0]).toBeCloseTo(1.65 * Math.exp(-Z * se), 10); // 0.1242
    expect(rr?.ci95[1]).toBeCloseTo(1.65 * Math.exp(Z * se), 10); // 21.92
  });

  it('gives the predicted share over each case’s follow-up, and balance after matching', () => {
    // A and B a full year: 0.8 and 0.5; C half a year: 1 − (1 − 0.2)^½ = 0.10557.
    expect(result.predictedShare).toBeCloseTo((0.8 + 0.5 + (1 - Math.sqrt(0.8))) / 3, 12);
    expect(Math.abs(result.balance.after)).toBeLessThan(0.01);
  });
});

describe('balance', () => {
  it('is the difference in mean logit over the pooled SD before matching, for both before and after', () => {
    // Cases at logits 1 and −1: mean 0, variance 2. Pool at 1, −1, 3, 3: mean 1.5, variance
    // (0.25 + 6.25 + 2.25 + 2.25)/3 = 11/3. Pooled SD √((2 + 11/3)/2) = √(17/6). After: exact matches.
    const result = matchedComparison([person('x', expit(1)), person('y', expit(-1))], [person('p', expit(1)), person('q', expit(-1)), person('r', expit(3)), person('s', expit(3))], { controlsPerCase: 1, caliper: 0.1 });
    expect(result.balance.before).toBeCloseTo(-1.5 / Math.sqrt(17 / 6), 10); // −0.891
    expect(result.balance.after).toBeCloseTo(0, 10);
  });
});

describe('the matching rules', () => {
  it('matches only within the same strata, whatever the order of their keys', () => {
    const strata = { sex: 'female', ageBand: '75-84' };
    const result = matchedComparison(
      [person('case', 0.5, 0, 365, strata), person('lonely', 0.5, 0, 365, { sex: 'female', ageBand: '85+' })],
      [
        person('man', 0.5, 0, 365, { sex: 'male', ageBand: '75-84' }),
        person('younger', 0.5, 0, 365, { sex: 'female', ageBand: '65-74' }),
        person('extra key', 0.5, 0, 365, { ...strata, practice: 'Z1' }),
        person('fewer keys', 0.5, 0, 365, { sex: 'female' }),
        person('same', 0.55, 0, 365, { ageBand: '75-84', sex: 'female' }),
      ],
      { controlsPerCase: 3, caliper: Infinity },
    );
    expect(result.sets).toEqual([{ caseId: 'case', controlIds: ['same'] }]);
    expect(result.unmatchedCases).toEqual(['lonely']);
  });

  it('never uses an enrolled person as a control, though the pool is the whole scoring run', () => {
    // E1 and E2 would be each other's perfect match; E1 (first of equal risk) takes C, E2 has none.
    const e1 = person('E1', 0.5);
    const e2 = person('E2', 0.5);
    const result = matchedComparison([e1, e2], [e1, e2, person('C', 0.6)], { controlsPerCase: 1, caliper: Infinity });
    expect(result.sets).toEqual([{ caseId: 'E1', controlIds: ['C'] }]);
    expect(result.unmatchedCases).toEqual(['E2']);
    expect(result.controls).toBe(1);
  });

  it('uses each control at most once', () => {
    // Both cases want X; the second gets the next nearest, Y; Z is outside the caliper.
    const result = matchedComparison([person('first', 0.5), person('second', 0.5)], [person('X', 0.5), person('Y', 0.55), person('Z', 0.9)], { controlsPerCase: 1, caliper: 0.3 });
    expect(result.sets).toEqual([{ caseId: 'first', controlIds: ['X'] }, { caseId: 'second', controlIds: ['Y'] }]);
  });

  it('takes cases from the highest risk down', () => {
    // The one control (risk 0.7, logit 0.847) is nearer the 0.6 case (0.442 away) than the 0.8 case
    // (0.539 away), but the 0.8 case comes first and takes it, though listed second.
    const result = matchedComparison([person('lower', 0.6), person('higher', 0.8)], [person('X', 0.7)], { controlsPerCase: 1, caliper: 1 });
    expect(result.sets).toEqual([{ caseId: 'higher', controlIds: ['X'] }]);
    expect(result.unmatchedCases).toEqual(['lower']);
  });

  it('gives every case its first control before any case its second, weighting each 1/k of its own k', () => {
    // H (0.8) takes X (0.79) in round one; L (0.6) then takes Y (0.72), though Y is nearer H; round two finds nothing.
    const result = matchedComparison([person('H', 0.8, 1), person('L', 0.6, 0)], [person('X', 0.79, 0), person('Y', 0.72, 1)], { controlsPerCase: 2, caliper: 1 });
    expect(result.sets).toEqual([{ caseId: 'H', controlIds: ['X'] }, { caseId: 'L', controlIds: ['Y'] }]);
    expect(result.controlsAdmittedShare).toBeCloseTo(0.5, 12);
  });

  it('leaves out a case with no control within the caliper', () => {
    // logit 0.5 = 0 and logit 0.6 = 0.405: outside a caliper of 0.4.
    const result = matchedComparison([person('A', 0.5, 1)], [person('X', 0.6)], { caliper: 0.4 });
    expect(result).toMatchObject({ enrolled: 1, matchedCases: 0, unmatchedCases: ['A'], controls: 0, rateRatio: null });
    expect(result.riskDifference.estimate).toBeNaN();
    expect(matchedComparison([person('A', 0.5, 1)], [person('X', 0.6)], { caliper: 0.41 }).matchedCases).toBe(1);
  });

  it('takes 0.2 × the SD of logit(risk) over everyone as the default caliper (Austin 2011)', () => {
    // Logits 0 (the case) and 0.5, 5, −5: mean 0.125, squares 0.015625 + 0.140625 + 23.765625 +
    // 26.265625 = 50.1875, SD √(50.1875/3) = 4.0901, caliper 0.818 > 0.5: matched.
    const far = [person('high', expit(5)), person('low', expit(-5))];
    expect(matchedComparison([person('A', 0.5)], [person('near', expit(0.5)), ...far]).sets).toEqual([{ caseId: 'A', controlIds: ['near'] }]);
    // With 0.9 for 0.5: mean 0.225, squares 0.050625 + 0.455625 + 22.800625 + 27.300625 = 50.6075,
    // SD 4.1072, caliper 0.821 < 0.9: unmatched (the far two are further still).
    expect(matchedComparison([person('A', 0.5)], [person('near', expit(0.9)), ...far]).unmatchedCases).toEqual(['A']);
  });

  it('keeps every rule on a larger random worklist', () => {
    const next = random(11);
    const bands = ['65-74', '75-84', '85+'];
    const draw = (id: string): Candidate => person(id, expit(-3 + 3 * next()), 0, 365, { sex: next() < 0.5 ? 'female' : 'male', ageBand: bands[Math.floor(next() * 3)] ?? '85+' });
    const enrolled = Array.from({ length: 300 }, (_, i) => draw(`e${i}`));
    const pool = [...enrolled.slice(0, 100), ...Array.from({ length: 2000 }, (_, i) => draw(`p${i}`))];
    const caliper = 0.05;
    const result = matchedComparison(enrolled, pool, { caliper });
    const byId = new Map(pool.map((p) => [p.id, p]));
    const enrolledById = new Map(enrolled.map((p) => [p.id, p]));
    const used = result.sets.flatMap((s) => s.controlIds);
    expect(new Set(used).size).toBe(used.length);
    expect(result.controls).toBe(used.length);
    expect(result.matchedCases + result.unmatchedCases.length).toBe(300);
    expect(result.unmatchedCases.length).toBeGreaterThan(0);
    for (const set of result.sets) {
      const c = enrolledById.get(set.caseId)!;
      expect(set.controlIds.length).toBeGreaterThan(0);
      expect(set.controlIds.length).toBeLessThanOrEqual(3);
      for (const id of set.controlIds) {
        const control = byId.get(id)!;
        expect(enrolledById.has(id)).toBe(false);
        expect(control.strata).toEqual(c.strata);
        expect(Math.abs(logit(control.risk) - logit(c.risk))).toBeLessThanOrEqual(caliper);
      }
    }
  });

  it.each([
    ['a risk above 1', [person('A', 1.2)], [], {}],
    ['a risk that is not a number', [], [person('X', Number.NaN)], {}],
    ['a fractional count of admissions', [person('A', 0.5, 0.5)], [], {}],
    ['more than a year of follow-up', [], [person('X', 0.5, 0, 400)], {}],
    ['the same enrolled person twice', [person('A', 0.5), person('A', 0.4)], [], {}],
    ['the same pool person twice', [], [person('X', 0.5), person('X', 0.4)], {}],
    ['no controls per case', [], [], { controlsPerCase: 0 }],
    ['a negative caliper', [], [], { caliper: -0.1 }],
  ])('refuses %s', (_name, enrolled: Candidate[], pool: Candidate[], options) => {
    expect(() => matchedComparison(enrolled, pool, options)).toThrow(RangeError);
  });
});

/** Knuth's Poisson sampler (fine for the small means here). */
function poisson(next: () => number, mean: number): number {
  const limit = Math.exp(-mean);
  let count = -1;
  let product = 1;
  do {
    count++;
    product *= next();
  } while (product > limit);
  return count;
}

interface Simulated {
  enrolled: Candidate[];
  everyone: Candidate[];
  /** Mean admissions of the enrolled in the year before enrolment. */
  pastMean: number;
}

/**
 * A population whose risk model is exactly right. Each person has a known expected rate μ (from sex,
 * age band and a frailty score) and an unknown frailty u ~ Gamma(2, 2), so admissions are
 * Poisson(μu). Given last year's count p the posterior of u is Gamma(2 + p, 2 + μ), so the true risk
 * of one or more admissions next year is 1 − ((2 + μ) / (2 + 2μ))^(2 + p). A fifth of those with 2+
 * admissions last year are enrolled; enrolment multiplies their rate by `effect`; 5% die during the year.
 */
function simulate(seed: number, size: number, effect: number): Simulated {
  const next = random(seed);
  const shape = 2;
  const baseRate: Record<string, number> = { '65-74': 0.12, '75-84': 0.25, '85+': 0.45 };
  const enrolled: Candidate[] = [];
  const everyone: Candidate[] = [];
  let past = 0;
  for (let i = 0; i < size; i++) {
    const sex = next() < 0.55 ? 'female' : 'male';
    const ageBand = next() < 0.5 ? '65-74' : next() < 0.6 ? '75-84' : '85+';
    const mu = (baseRate[ageBand] ?? 0) * (sex === 'male' ? 1.2 : 1) * Math.exp(1.2 * next());
    const u = -Math.log(1 - next()) / shape - Math.log(1 - next()) / shape;
    const lastYear = poisson(next, mu * u);
    const risk = 1 - ((shape + mu) / (shape + 2 * mu)) ** (shape + lastYear);
    const isEnrolled = lastYear >= 2 && next() < 0.2;
    const followUpDays = next() < 0.05 ? 1 + Math.floor(next() * 364) : 365;
    const admissions = poisson(next, mu * u * (isEnrolled ? effect : 1) * (followUpDays / 365));
    const candidate: Candidate = { id: `p${i}`, risk, strata: { sex, ageBand, pastUse: lastYear >= 2 ? '2+' : String(lastYear) }, admissions, followUpDays };
    everyone.push(candidate);
    if (isEnrolled) {
      enrolled.push(candidate);
      past += lastYear;
    }
  }
  return { enrolled, everyone, pastMean: past / enrolled.length };
}

describe('simulated populations with a known truth', () => {
  it('sees through regression to the mean: a large before-and-after fall, no matched difference', () => {
    const { enrolled, everyone, pastMean } = simulate(2005, 200_000, 1);
    const result = matchedComparison(enrolled, everyone);
    expect(enrolled.length).toBeGreaterThan(1000);
    expect(result.matchedCases / result.enrolled).toBeGreaterThan(0.95);
    // Before and after on the same people, with no effect at all: admissions fall by more than 40% (2.5 a year before, 1.2 after).
    expect(1 - result.casesRate / pastMean).toBeGreaterThan(0.4);
    // Against matched controls and against their own predicted risk, nothing happened.
    expect(result.riskDifference.ci95[0]).toBeLessThan(0);
    expect(result.riskDifference.ci95[1]).toBeGreaterThan(0);
    expect(Math.abs(result.riskDifference.estimate)).toBeLessThan(0.03);
    expect(result.rateRatio!.ci95[0]).toBeLessThan(1);
    expect(result.rateRatio!.ci95[1]).toBeGreaterThan(1);
    expect(Math.abs(result.casesAdmittedShare - result.predictedShare)).toBeLessThan(0.03);
    expect(Math.abs(result.balance.before)).toBeGreaterThan(1);
    expect(Math.abs(result.balance.after)).toBeLessThan(0.1);
  });

  it('detects a true effect: enrolment halving admissions', () => {
    const { enrolled, everyone } = simulate(2005, 200_000, 0.5);
    const result = matchedComparison(enrolled, everyone);
    expect(result.riskDifference.ci95[1]).toBeLessThan(0);
    expect(result.casesAdmittedShare).toBeLessThan(result.predictedShare - 0.1);
    const rr = result.rateRatio!;
    expect(rr.ci95[1]).toBeLessThan(1);
    expect(rr.ci95[0]).toBeLessThan(0.5);
    expect(rr.ci95[1]).toBeGreaterThan(0.5);
  });
});

describe('size', () => {
  it('matches 5,000 enrolled against a pool of 200,000 in a few seconds', () => {
    const next = random(5000);
    const bands = ['65-74', '75-84', '85+', '95+'];
    const draw = (id: string, shift: number): Candidate => ({
      id,
      risk: expit(-2.5 + shift + next() * 2 - 1),
      strata: { sex: next() < 0.5 ? 'female' : 'male', ageBand: bands[Math.floor(next() * 4)] ?? '95+', practice: `P${Math.floor(next() * 10)}` },
      admissions: poisson(next, 0.3),
      followUpDays: 365,
    });
    const enrolled = Array.from({ length: 5000 }, (_, i) => draw(`e${i}`, 0.5));
    const pool = Array.from({ length: 200_000 }, (_, i) => draw(`p${i}`, 0));
    const start = performance.now();
    const result = matchedComparison(enrolled, pool);
    const elapsed = performance.now() - start;
    expect(result.matchedCases).toBeGreaterThan(3500);
    expect(result.controls).toBeGreaterThan(3 * 3500);
    expect(Math.abs(result.balance.after)).toBeLessThan(0.1);
    expect(elapsed, `took ${elapsed.toFixed(0)} ms`).toBeLessThan(4000);
  }, 30_000);
});
