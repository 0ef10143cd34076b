/**
 * The shape of one financial year's charging figures (DOMAIN.md §1). Every amount is integer pence a
 * week unless it says otherwise. A year's module gives each figure with its published source beside
 * it; a figure worked out by arithmetic rather than read from a publication is tagged [D] (as in
 * DOMAIN.md) and, unless a council's worked example confirms it, named in `derived`; the calculation
 * says so whenever it uses one.
 */
export interface ChargingRates {
  /** e.g. '2024-25'. */
  financialYear: string;
  /** First and last day the figures apply: from the April benefit uprating week to the day before the next. */
  from: string;
  to: string;
  /** The Local Authority Circular or amending regulations the year's figures come from. */
  source: string;
  capital: {
    /** Upper capital limit: above it (by default) the person pays the full cost (Annex B para 4). */
    upperLimitPence: number;
    /** Lower capital limit: capital at or below it is disregarded. */
    lowerLimitPence: number;
    /** Tariff income: this much a week for every step of capital, or part of one, above the lower limit (Annex B). */
    tariffStepPence: number;
    tariffPerStepPence: number;
  };
  /** Personal Expenses Allowance, care home residents (reg 6). */
  personalExpensesAllowancePence: number;
  /** Minimum Income Guarantee elements, care other than in a care home (reg 7). */
  mig: {
    single18to24Pence: number;
    single25ToPensionCreditAgePence: number;
    singlePensionCreditAgePence: number;
    loneParentPence: number;
    coupleEachPence: number;
    couplePensionCreditAgeEachPence: number;
    disabilityPremiumSinglePence: number;
    disabilityPremiumCoupleEachPence: number;
    enhancedDisabilityPremiumSinglePence: number;
    enhancedDisabilityPremiumCoupleEachPence: number;
    carerPremiumPence: number;
    perDependentChildPence: number;
  };
  /** The most of Pension Credit savings credit that is disregarded (LAC each year). */
  savingsCreditDisregardMax: { singlePence: number; couplePence: number };
  /** Fixed weekly disregards of SI 2014/2672 Schedule 1 (not uprated). */
  fixedDisregards: { warWidowsPensionPence: number };
  /** DWP weekly rates of the disability benefits whose higher and lower rates give the night-care element. */
  benefits: {
    attendanceAllowanceHigherPence: number;
    attendanceAllowanceLowerPence: number;
    dlaCareHighestPence: number;
    dlaCareMiddlePence: number;
    pipDailyLivingEnhancedPence: number;
    pipDailyLivingStandardPence: number;
  };
  /**
   * Figures derived [D] rather than published and not confirmed by a council's worked example, as dotted
   * paths (e.g. 'mig.coupleEachPence'). Derived figures that a published example reproduces are tagged
   * "[D, corroborated]" beside them but not listed here.
   */
  derived: readonly string[];
}
