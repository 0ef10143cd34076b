/**
 * Each council's charging policy as data: the statutory defaults (the most a council may charge under
 * SI 2014/2672 and the statutory guidance) plus the local switches a council's own policy adds.
 * A council's figures may differ by year; an assessment's `policy` overrides the council's for one case.
 */

/** How disability-related expenditure is allowed (DOMAIN.md §1.3). */
export type DreMethod = 'itemised' | 'flat' | 'higher';

export interface ChargingPolicy {
  /** Replace the statutory MIG (plus uplift) with this weekly amount, e.g. a council's local MIG table. */
  migWeeklyPence: number | null;
  /** Added to the statutory MIG (e.g. Gloucestershire's extra £5 a week for daily living costs). */
  migUpliftWeeklyPence: number;
  /** Replace the statutory Personal Expenses Allowance. */
  peaWeeklyPence: number | null;
  /** Disregard the difference between the higher and lower rate of AA, DLA care and PIP daily living when no night care is arranged. */
  nightCareDisregard: boolean;
  /** Cap on the savings credit disregarded; null = the year's statutory figure. */
  savingsCreditDisregardMaxPence: number | null;
  /** 'itemised': the items claimed; 'flat': a standard allowance only; 'higher': the standard allowance, or the items when they come to more. */
  dreMethod: DreMethod;
  dreFlatWeeklyPence: number;
  /** Whether capital exactly at the upper limit makes a self-funder (Annex B para 4 says "above": default false). */
  selfFunderAtUpperLimit: boolean;
  /** Share of disposable income charged for care at home, in percent (100 is the national maximum). */
  chargePercent: number;
}

/** The statutory defaults: what every council's policy starts from. */
export const statutoryPolicy: ChargingPolicy = {
  migWeeklyPence: null,
  migUpliftWeeklyPence: 0,
  peaWeeklyPence: null,
  nightCareDisregard: false,
  savingsCreditDisregardMaxPence: null,
  dreMethod: 'itemised',
  dreFlatWeeklyPence: 0,
  selfFunderAtUpperLimit: false,
  chargePercent: 100,
};

export interface CouncilPolicy {
  id: string;
  name: string;
  /** Where the council publishes the policy the switches come from. */
  source: string;
  /** Switches for every year, then per financial year. */
  policy: Partial<ChargingPolicy>;
  years?: Readonly<Record<string, Partial<ChargingPolicy>>>;
}

export const councilPolicies: readonly CouncilPolicy[] = [
  { id: 'statutory', name: 'Statutory defaults (no local policy)', source: 'SI 2014/2672; Care and Support Statutory Guidance, chapter 8 and Annexes B and C', policy: {} },
  {
    id: 'knowsley', name: 'Knowsley Council',
    source: 'knowsley.gov.uk, "Examples of financial assessments for care provided in your home or the community" (2024-25): "No night care element" disregarded',
    policy: { nightCareDisregard: true },
  },
  {
    id: 'gloucestershire', name: 'Gloucestershire County Council',
    source: 'gloucestershire.gov.uk, "If you need care in a non-residential setting": MIG plus £5 a week; from April 2025 the difference between standard and higher rate disability benefits disregarded',
    policy: { migUpliftWeeklyPence: 500 },
    years: { '2025-26': { nightCareDisregard: true } },
  },
  {
    id: 'reading', name: 'Reading Borough Council',
    source: 'reading.gov.uk, Care and Support Charging and Financial Assessment Framework, Appendix B: standard DRE allowance £10.85 a week (2024-25), itemised claims above it',
    policy: { dreMethod: 'higher' },
    years: { '2024-25': { dreFlatWeeklyPence: 1_085 } },
  },
];

export function councilPolicy(id: string): CouncilPolicy | undefined {
  return councilPolicies.find((c) => c.id === id);
}

/** The policy in force for a council in a year, with one assessment's overrides on top. */
export function policyFor(council: CouncilPolicy, financialYear: string, overrides: Partial<ChargingPolicy> = {}): ChargingPolicy {
  return { ...statutoryPolicy, ...council.policy, ...(council.years?.[financialYear] ?? {}), ...overrides };
}
