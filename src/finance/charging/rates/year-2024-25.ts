/**
 * Charging figures for 2024-25: LAC(DHSC)(2024)1 Social care – charging for care and support (capital
 * limits, PEA, MIG, savings-credit disregard), in force from 8 April 2024. Sources per figure below;
 * [D] = derived, see `derived`.
 */
import type { ChargingRates } from './types.js';

export const rates2024to25: ChargingRates = {
  financialYear: '2024-25',
  from: '2024-04-08',
  to: '2025-04-06',
  source: 'LAC(DHSC)(2024)1 Social care – charging for care and support',
  capital: {
    upperLimitPence: 2_325_000, // £23,250, LAC(DHSC)(2024)1
    lowerLimitPence: 1_425_000, // £14,250, same
    tariffStepPence: 25_000, // £1 for every £250 or part of £250 (Annex B)
    tariffPerStepPence: 100,
  },
  personalExpensesAllowancePence: 3_015, // £30.15 — Reading, Leeds, Knowsley and Lambeth pages
  mig: {
    single18to24Pence: 8_765, // £87.65 [D, corroborated: Knowsley £160.30 = £87.65 + £48.80 + £23.85]
    single25ToPensionCreditAgePence: 11_060, // [D] £103.65 uprated by CPI 6.7%, rounded to 5p
    singlePensionCreditAgePence: 22_870, // £228.70 [D, corroborated: Leeds's example (Mary, 85) allows £228.70]
    loneParentPence: 11_060, // [D] equals the 25+ single amount (reg 7(3))
    coupleEachPence: 8_700, // [D] uprated from the 2015 £71.80
    couplePensionCreditAgeEachPence: 17_470, // [D] uprated from the 2015 £144.30
    disabilityPremiumSinglePence: 4_880, // £48.80 [D, corroborated by Knowsley as above]
    disabilityPremiumCoupleEachPence: 3_485, // [D] uprated from the 2015 £28.75
    enhancedDisabilityPremiumSinglePence: 2_385, // £23.85 [D, corroborated by Knowsley as above]
    enhancedDisabilityPremiumCoupleEachPence: 1_715, // [D] uprated from the 2015 £14.15
    carerPremiumPence: 5_235, // £52.35, Reading charging framework 2024-25 schedule
    perDependentChildPence: 10_125, // £101.25, Reading charging framework 2024-25 schedule
  },
  savingsCreditDisregardMax: {
    singlePence: 695, // £6.95, LAC(DHSC)(2024)1 as quoted by Reading; Knowsley's Client C uses it
    couplePence: 1_040, // [D] not retrieved: 1.5 × single, rounded to 5p
  },
  fixedDisregards: { warWidowsPensionPence: 1_000 }, // first £10 of a War Widow's pension (Schedule 1; Wirral's list)
  benefits: {
    attendanceAllowanceHigherPence: 10_855, // £108.55, DWP benefit rates 2024-25 (Knowsley: night care element £35.90)
    attendanceAllowanceLowerPence: 7_265, // £72.65, DWP benefit rates 2024-25
    dlaCareHighestPence: 10_855,
    dlaCareMiddlePence: 7_265,
    pipDailyLivingEnhancedPence: 10_855, // £108.55; Knowsley's Client A gets it
    pipDailyLivingStandardPence: 7_265,
  },
  derived: [
    'mig.single25ToPensionCreditAgePence', 'mig.loneParentPence', 'mig.coupleEachPence', 'mig.couplePensionCreditAgeEachPence',
    'mig.disabilityPremiumCoupleEachPence', 'mig.enhancedDisabilityPremiumCoupleEachPence', 'savingsCreditDisregardMax.couplePence',
  ],
};
