/**
 * Charging figures for 2025-26: LAC(DHSC)(2025)1 (notice of 3 February 2025) and the 2025 amendment
 * regulations in force 6 April 2025; figures apply from the benefit week starting 7 April 2025.
 * Sources per figure below; [D] = derived, see `derived` (DOMAIN.md §8 open item 1).
 */
import type { ChargingRates } from './types.js';

export const rates2025to26: ChargingRates = {
  financialYear: '2025-26',
  from: '2025-04-07',
  to: '2026-04-05',
  source: 'LAC(DHSC)(2025)1 Social care – charging for care and support; 2025 amendment regulations',
  capital: {
    upperLimitPence: 2_325_000, // £23,250 unchanged — Gloucestershire "Capital Limits 2025/2026"
    lowerLimitPence: 1_425_000, // £14,250, same
    tariffStepPence: 25_000, // £1 for every £250 or part of £250 (Annex B)
    tariffPerStepPence: 100,
  },
  personalExpensesAllowancePence: 3_065, // £30.65 — Wirral "£30.65 (2025/26)"; Ruils quoting LAC 2025-26
  mig: {
    single18to24Pence: 8_915, // £89.15, Ruils quoting LAC(DHSC)(2025)1
    single25ToPensionCreditAgePence: 11_250, // £112.50, same
    singlePensionCreditAgePence: 23_260, // [D] £228.70 uprated by CPI 1.7%, rounded to 5p — not verified
    loneParentPence: 11_250, // equals the 25+ single amount (reg 7(3)) [D]
    coupleEachPence: 8_850, // [D]
    couplePensionCreditAgeEachPence: 17_765, // [D]
    disabilityPremiumSinglePence: 4_965, // £49.65, Ruils quoting LAC(DHSC)(2025)1
    disabilityPremiumCoupleEachPence: 3_545, // [D]
    enhancedDisabilityPremiumSinglePence: 2_425, // £24.25, same
    enhancedDisabilityPremiumCoupleEachPence: 1_745, // [D]
    carerPremiumPence: 5_325, // [D] £52.35 uprated by 1.7%
    perDependentChildPence: 10_295, // [D] £101.25 uprated by 1.7%
  },
  savingsCreditDisregardMax: {
    singlePence: 695, // [D] not retrieved: the 2024-25 £6.95 carried forward until the circular's figure is loaded
    couplePence: 1_040, // [D] likewise
  },
  fixedDisregards: { warWidowsPensionPence: 1_000 }, // first £10 of a War Widow's pension (Schedule 1; Wirral's list)
  benefits: {
    attendanceAllowanceHigherPence: 11_040, // £110.40, DWP benefit rates 2025-26; Kingston's Jenny gets PIP DL at it
    attendanceAllowanceLowerPence: 7_390, // £73.90, DWP benefit rates 2025-26
    dlaCareHighestPence: 11_040,
    dlaCareMiddlePence: 7_390,
    pipDailyLivingEnhancedPence: 11_040,
    pipDailyLivingStandardPence: 7_390,
  },
  derived: [
    'mig.singlePensionCreditAgePence', 'mig.loneParentPence', 'mig.coupleEachPence', 'mig.couplePensionCreditAgeEachPence',
    'mig.disabilityPremiumCoupleEachPence', 'mig.enhancedDisabilityPremiumCoupleEachPence', 'mig.carerPremiumPence',
    'mig.perDependentChildPence', 'savingsCreditDisregardMax.singlePence', 'savingsCreditDisregardMax.couplePence',
  ],
};
