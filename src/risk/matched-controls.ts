/**
 * Did case management reduce emergency admissions? (DOMAIN.md §9, "How a risk model is judged".)
 *
 * Never by before-and-after on the same people: people picked for high past use fall back towards
 * the mean the next year with no help at all (Roland, Dusheiko, Gravelle & Parker, BMJ
 * 2005;330:289–92: people 65+ with 2+ emergency admissions had 38% of the index year's admissions
 * but under 10% of the next year's). Instead each enrolled person's later admissions are set against
 * matched controls (people not enrolled, with the same predicted risk at the same scoring run and the
 * same exact strata) and against their own predicted risk.
 *
 * Matching is greedy nearest-neighbour on logit(risk), without replacement, within a caliper of
 * 0.2 × the SD of logit(risk) (Austin, Pharm Stat 2011;10:150–61, the width that removed most bias
 * for differences in proportions) and within exact strata. The pool is sorted by logit once per
 * stratum and each case searches outward from a binary-search position, skipping used controls
 * through "next unused" pointers, so 5,000 cases against 1,000,000 controls take O((n + m) log m).
 */

/** Two-sided 95% normal quantile. */
const Z95 = 1.959963984540054;
/** The follow-up year: a person followed for 365 days gives one person-year. */
const DAYS_PER_YEAR = 365;
/** Risks of exactly 0 or 1 are held this far inside (0, 1) so that their logit is finite. */
const RISK_EDGE = 1e-9;

export interface Candidate {
  id: string;
  /** Predicted probability of an emergency admission in the follow-up year, at the date the person was enrolled (or, for controls, the same scoring run). */
  risk: number;
  /** Exact-match strata, e.g. { sex: 'female', ageBand: '75-84', practice: 'Z1' }: a control must have the same keys with the same values. */
  strata: Readonly<Record<string, string>>;
  /** Emergency admissions in the follow-up window after the index date (a count). */
  admissions: number;
  /** Days followed up (0 to 365; shorter when the person died or left). */
  followUpDays: number;
}

export interface MatchOptions {
  /** Most controls per case (default 3). */
  controlsPerCase?: number;
  /** Widest distance on logit(risk) between a case and a control (default 0.2 × the sample SD of logit(risk) over the enrolled and the pool together, Austin 2011). */
  caliper?: number;
}

/** One case and the controls matched to it, nearest first. */
export interface MatchedSet {
  caseId: string;
  controlIds: string[];
}

export interface Estimate {
  estimate: number;
  ci95: [number, number];
}

export interface MatchedComparison {
  enrolled: number;
  matchedCases: number;
  /** Enrolled people with no control within the caliper and their strata, left out of every figure below. */
  unmatchedCases: string[];
  /** Controls used (each at most once). */
  controls: number;
  /** Shares of matched cases and of their controls with at least one admission; a case's k controls count 1/k each. */
  casesAdmittedShare: number;
  controlsAdmittedShare: number;
  /** Mean predicted risk of the matched cases over the time each was followed: 1 − (1 − risk)^(days/365), which is the risk itself for a full year. */
  predictedShare: number;
  /** Admissions per person-year (365 days) among matched cases and among their controls (weighted 1/k). */
  casesRate: number;
  controlsRate: number;
  /** Share admitted, cases − controls, with a 95% interval from the spread of the per-set differences (paired by matched set). */
  riskDifference: Estimate;
  /** Rate ratio cases/controls with a 95% interval on the log scale by the delta method, clustered by matched set; null when either side has no admissions. */
  rateRatio: Estimate | null;
  /** Standardised mean difference of logit(risk), cases − controls, before matching (all enrolled against the whole pool) and after (|SMD| < 0.1 is good balance). */
  balance: { before: number; after: number };
  sets: MatchedSet[];
}

const logit = (risk: number): number => {
  const p = Math.min(1 - RISK_EDGE, Math.max(RISK_EDGE, risk));
  return Math.log(p / (1 - p));
};

interface TrieNode {
  next: Map<string, TrieNode>;
  id: number;
}

/**
 * Numbers each distinct set of strata through a trie of key, value, key, value … in key order, so
 * that key order does not matter, values with any characters cannot collide, and a million people
 * need no string built apiece. `numberOf` adds new strata; `lookUp` gives −1 for strata not seen.
 */
function strataIndex(): { numberOf: (strata: Readonly<Record<string, string>>) => number; lookUp: (strata: Readonly<Record<string, string>>) => number } {
  const root: TrieNode = { next: new Map(), id: -1 };
  const step = (node: TrieNode | undefined, part: string, add: boolean): TrieNode | undefined => {
    if (node === undefined) return undefined;
    let child = node.next.get(part);
    if (child === undefined && add) node.next.set(part, (child = { next: new Map(), id: -1 }));
    return child;
  };
  let count = 0;
  // People usually list their keys in the same order, so the sorted order of the last person's is kept.
  let lastKeys: readonly string[] = [];
  let lastSorted: readonly string[] = [];
  const walk = (strata: Readonly<Record<string, string>>, add: boolean): number => {
    const keys = Object.keys(strata);
    if (keys.length !== lastKeys.length || keys.some((key, i) => key !== lastKeys[i])) {
      lastKeys = keys;
      lastSorted = [...keys].sort();
    }
    let node: TrieNode | undefined = root;
    for (const key of lastSorted) {
      node = step(step(node, key, add), strata[key] ?? '', add);
      if (node === undefined) return -1;
    }
    if (node.id < 0 && add) node.id = count++;
    return node.id;
  };
  return { numberOf: (strata) => walk(strata, true), lookUp: (strata) => walk(strata, false) };
}

function check(person: Candidate, list: 'enrolled' | 'pool'): void {
  const where = `${list} person ${person.id}`;
  if (!(person.risk >= 0 && person.risk <= 1)) throw new RangeError(`${where}: risk must be a probability from 0 to 1, not ${person.risk}`);
  if (!Number.isInteger(person.admissions) || person.admissions < 0) throw new RangeError(`${where}: admissions must be a count, not ${person.admissions}`);
  if (!(person.followUpDays >= 0 && person.followUpDays <= DAYS_PER_YEAR)) throw new RangeError(`${where}: followUpDays must be from 0 to ${DAYS_PER_YEAR}, not ${person.followUpDays}`);
}

/** Mean and sample variance of the values of all the lists together (variance 0 for fewer than two). */
function meanAndVariance(...lists: (Float64Array | readonly number[])[]): { mean: number; variance: number } {
  let n = 0;
  let total = 0;
  for (const values of lists) {
    n += values.length;
    for (const v of values) total += v;
  }
  const mean = total / n;
  let squares = 0;
  for (const values of lists) for (const v of values) squares += (v - mean) ** 2;
  return { mean, variance: n < 2 ? 0 : squares / (n - 1) };
}

/** Difference over SD, with a zero SD giving 0 for equal means and ±∞ otherwise. */
const standardised = (difference: number, sd: number): number => (sd > 0 ? difference / sd : difference === 0 ? 0 : Math.sign(difference) * Infinity);

/**
 * One stratum's pool, sorted by logit, with two forests of "next unused" pointers: `right` finds the
 * first unused position at or after i (n when none), `left` at i + 1 the last unused position at or
 * before i (its root minus one, −1 when none). Using a control links its position to its neighbour,
 * so a search skips every used control in near-constant amortised time however many are used.
 */
interface Stratum {
  order: Uint32Array;
  logits: Float64Array;
  right: Int32Array;
  left: Int32Array;
}

function stratumOf(members: readonly number[], poolLogits: Float64Array): Stratum {
  const order = Uint32Array.from(members).sort((a, b) => (poolLogits[a] ?? 0) - (poolLogits[b] ?? 0) || a - b);
  const n = order.length;
  const right = new Int32Array(n + 1);
  for (let i = 0; i <= n; i++) right[i] = i;
  return { order, logits: Float64Array.from(order, (i) => poolLogits[i] ?? 0), right, left: right.slice() };
}

/** The root of i's tree, halving the path on the way. */
function root(parent: Int32Array, i: number): number {
  let x = i;
  for (;;) {
    const up = parent[x] ?? x;
    if (up === x) return x;
    const grandparent = parent[up] ?? up;
    parent[x] = grandparent;
    x = grandparent;
  }
}

/** Takes the unused control nearest to logit x (the lower one on a tie) if it is within the caliper; returns its pool index. */
function takeNearest(stratum: Stratum, x: number, caliper: number): number | undefined {
  const { logits, order, right, left } = stratum;
  const n = order.length;
  let lo = 0;
  let hi = n;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((logits[mid] ?? 0) < x) lo = mid + 1;
    else hi = mid;
  }
  const above = root(right, lo);
  const below = root(left, lo) - 1;
  const toAbove = above < n ? (logits[above] ?? 0) - x : Infinity;
  const toBelow = below >= 0 ? x - (logits[below] ?? 0) : Infinity;
  const at = toBelow <= toAbove ? below : above;
  if (at < 0 || at >= n || Math.min(toAbove, toBelow) > caliper) return undefined;
  right[at] = at + 1;
  left[at + 1] = at;
  return order[at];
}

/**
 * Greedy matching, cases taken from the highest risk down: the pool thins out at high risk, so the
 * highest-risk cases have the fewest controls within the caliper and would lose them to lower-risk
 * cases with plenty of alternatives if they came later (one of the orders Austin compares, Stat Med
 * 2014;33:1057–69). Controls are given out in rounds, every case's first before anyone's second, so
 * that a scarce stretch of the pool matches as many cases as it can before it gives any case more.
 */
function match(caseLogits: Float64Array, caseStrata: readonly number[], risks: readonly number[], strata: readonly Stratum[], k: number, caliper: number): number[][] {
  const controlsOf = caseStrata.map((): number[] => []);
  let active = Array.from(caseStrata, (_, i) => i).sort((a, b) => (risks[b] ?? 0) - (risks[a] ?? 0) || a - b);
  for (let round = 0; round < k && active.length > 0; round++) {
    const next: number[] = [];
    for (const c of active) {
      const stratum = strata[caseStrata[c] ?? -1];
      const control = stratum === undefined ? undefined : takeNearest(stratum, caseLogits[c] ?? 0, caliper);
      if (control === undefined) continue;
      controlsOf[c]?.push(control);
      next.push(c);
    }
    active = next;
  }
  return controlsOf;
}

/** Per matched set: the case's figures and the mean of its controls'. */
interface SetFigures {
  caseAdmitted: number; controlsAdmitted: number;
  caseAdmissions: number; controlsAdmissions: number;
  caseYears: number; controlsYears: number;
  predicted: number; caseLogit: number; controlsLogit: number;
}

function setFigures(person: Candidate, controls: readonly Candidate[]): SetFigures {
  const share = 1 / controls.length;
  const f: SetFigures = {
    caseAdmitted: person.admissions > 0 ? 1 : 0, controlsAdmitted: 0,
    caseAdmissions: person.admissions, controlsAdmissions: 0,
    caseYears: person.followUpDays / DAYS_PER_YEAR, controlsYears: 0,
    predicted: 1 - (1 - person.risk) ** (person.followUpDays / DAYS_PER_YEAR),
    caseLogit: logit(person.risk), controlsLogit: 0,
  };
  for (const c of controls) {
    f.controlsAdmitted += (c.admissions > 0 ? 1 : 0) * share;
    f.controlsAdmissions += c.admissions * share;
    f.controlsYears += (c.followUpDays / DAYS_PER_YEAR) * share;
    f.controlsLogit += logit(c.risk) * share;
  }
  return f;
}

const sum = (sets: readonly SetFigures[], pick: (f: SetFigures) => number): number => sets.reduce((s, f) => s + pick(f), 0);

/** Paired difference in share admitted: the mean of the per-set differences, its variance their sample variance over m. */
function riskDifference(sets: readonly SetFigures[]): Estimate {
  const { mean, variance } = meanAndVariance(sets.map((f) => f.caseAdmitted - f.controlsAdmitted));
  const half = sets.length < 2 ? NaN : Z95 * Math.sqrt(variance / sets.length);
  return { estimate: mean, ci95: [mean - half, mean + half] };
}

/**
 * Rate ratio (A/T)/(B/U) of summed admissions over summed person-years. Its log is a smooth function
 * of four means over matched sets, so by the delta method, treating sets as independent (which keeps
 * the pairing and any overdispersion), var(log RR) = Σ gᵢ² / (m(m − 1)) with
 * gᵢ = aᵢ/ā − tᵢ/t̄ − bᵢ/b̄ + uᵢ/ū, whose mean is exactly 0.
 */
function rateRatio(sets: readonly SetFigures[]): Estimate | null {
  const m = sets.length;
  const a = sum(sets, (f) => f.caseAdmissions) / m;
  const t = sum(sets, (f) => f.caseYears) / m;
  const b = sum(sets, (f) => f.controlsAdmissions) / m;
  const u = sum(sets, (f) => f.controlsYears) / m;
  if (!(a > 0 && t > 0 && b > 0 && u > 0)) return null;
  const estimate = a / t / (b / u);
  const g2 = sum(sets, (f) => (f.caseAdmissions / a - f.caseYears / t - f.controlsAdmissions / b + f.controlsYears / u) ** 2);
  const half = m < 2 ? NaN : Z95 * Math.sqrt(g2 / (m * (m - 1)));
  return { estimate, ci95: [Math.exp(Math.log(estimate) - half), Math.exp(Math.log(estimate) + half)] };
}

/**
 * Matches each enrolled person to up to k people from the pool who were not enrolled, and compares
 * their later admissions. The pool may include the enrolled (a whole scoring run): they are never
 * controls. Figures with no matched case are NaN; intervals need at least two matched sets.
 */
export function matchedComparison(enrolled: readonly Candidate[], pool: readonly Candidate[], options: MatchOptions = {}): MatchedComparison {
  const k = options.controlsPerCase ?? 3;
  if (!Number.isInteger(k) || k < 1) throw new RangeError(`controlsPerCase must be a whole number of at least 1, not ${k}`);
  if (options.caliper !== undefined && !(options.caliper >= 0)) throw new RangeError(`caliper must be at least 0, not ${options.caliper}`);

  const enrolledIds = new Set<string>();
  for (const person of enrolled) {
    check(person, 'enrolled');
    if (enrolledIds.has(person.id)) throw new RangeError(`enrolled person ${person.id} is listed twice`);
    enrolledIds.add(person.id);
  }
  const caseLogits = Float64Array.from(enrolled, (p) => logit(p.risk));
  const index = strataIndex();
  const caseStrata = enrolled.map((p) => index.numberOf(p.strata));
  const members = Array.from({ length: caseStrata.reduce((most, id) => Math.max(most, id + 1), 0) }, (): number[] => []);

  // The eligible pool: everyone not enrolled, once each. Only strata that hold a case are indexed.
  const eligible: Candidate[] = [];
  const poolIds = new Set<string>();
  for (const person of pool) {
    check(person, 'pool');
    if (enrolledIds.has(person.id)) continue;
    if (poolIds.has(person.id)) throw new RangeError(`pool person ${person.id} is listed twice`);
    poolIds.add(person.id);
    members[index.lookUp(person.strata)]?.push(eligible.length);
    eligible.push(person);
  }
  const poolLogits = Float64Array.from(eligible, (p) => logit(p.risk));
  const strata = members.map((list) => stratumOf(list, poolLogits));

  const before = { cases: meanAndVariance(caseLogits), pool: meanAndVariance(poolLogits) };
  const balanceSd = Math.sqrt((before.cases.variance + before.pool.variance) / 2);
  const caliper = options.caliper ?? 0.2 * Math.sqrt(meanAndVariance(caseLogits, poolLogits).variance);

  const controlsOf = match(caseLogits, caseStrata, enrolled.map((p) => p.risk), strata, k, caliper);
  const sets: MatchedSet[] = [];
  const figures: SetFigures[] = [];
  const unmatchedCases: string[] = [];
  enrolled.forEach((person, c) => {
    const controls = (controlsOf[c] ?? []).map((i) => eligible[i]).filter((p) => p !== undefined);
    if (controls.length === 0) {
      unmatchedCases.push(person.id);
      return;
    }
    sets.push({ caseId: person.id, controlIds: controls.map((p) => p.id) });
    figures.push(setFigures(person, controls));
  });

  const m = figures.length;
  const share = (pick: (f: SetFigures) => number): number => sum(figures, pick) / m;
  return {
    enrolled: enrolled.length,
    matchedCases: m,
    unmatchedCases,
    controls: sets.reduce((s, set) => s + set.controlIds.length, 0),
    casesAdmittedShare: share((f) => f.caseAdmitted),
    controlsAdmittedShare: share((f) => f.controlsAdmitted),
    predictedShare: share((f) => f.predicted),
    casesRate: sum(figures, (f) => f.caseAdmissions) / sum(figures, (f) => f.caseYears),
    controlsRate: sum(figures, (f) => f.controlsAdmissions) / sum(figures, (f) => f.controlsYears),
    riskDifference: riskDifference(figures),
    rateRatio: rateRatio(figures),
    // Both on the SD before matching (Austin's pooled form, Stat Med 2009;28:3083–107), so "after" moves only because the means moved.
    balance: {
      before: standardised(before.cases.mean - before.pool.mean, balanceSd),
      after: standardised(share((f) => f.caseLogit - f.controlsLogit), balanceSd),
    },
    sets,
  };
}
