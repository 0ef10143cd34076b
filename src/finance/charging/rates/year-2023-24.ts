/**
 * Charging figures for 2023-24. PEA and MIG: SI 2023/277 (Care and Support (Charging and Assessment
 * of Resources) (Amendment) Regulations 2023), in force 10 April 2023; capital limits and the
 * savings-credit disregard: LAC(DHSC)(2023)1. Sources per figure below; [D] = derived, see `derived`.
 */
import type { ChargingRates } from './types.js';

export const rates2023to24: ChargingRates = {
  financialYear: '2023-24',
  from: '2023-04-10',
  to: '2024-04-07',
  source: 'SI 2023/277; LAC(DHSC)(2023)1 Social care – charging for care and support',
  capital: {
    upperLimitPence: 2_325_000, // £23,250, frozen since 2010 (LAC(DHSC)(2023)1)
    lowerLimitPence: 1_425_000, // £14,250 (same)
    tariffStepPence: 25_000, // £1 for every £250 or part of £250 (Annex B)
    tariffPerStepPence: 100,
  },
  personalExpensesAllowancePence: 2_825, // £28.25, SI 2023/277; Kingston's care-home example (Arthur) uses it
  mig: {
    single18to24Pence: 8_215, // £82.15, SI 2023/277 reg 7(2)(a)
    single25ToPensionCreditAgePence: 10_365, // £103.65, SI 2023/277 reg 7(2)(b); Devon's example (Peter, 37) uses it
    singlePensionCreditAgePence: 21_435, // £214.35, SI 2023/277 reg 7(2)(c); Kingston (Joan, 85) and B&NES quote it
    loneParentPence: 10_365, // reg 7(3) lone parent 18+ equals the 25+ single amount (£91.40 in 2015) [D]
    coupleEachPence: 8_155, // [D] £71.80 (2015) uprated by CPI 3.1%, 10.1%, rounded to 5p
    couplePensionCreditAgeEachPence: 16_375, // [D] £144.30 (2015) uprated likewise
    disabilityPremiumSinglePence: 4_575, // £45.75 [D, corroborated: Devon £171.75 = £103.65 + £45.75 + £22.35]
    disabilityPremiumCoupleEachPence: 3_265, // [D] £28.75 (2015) uprated likewise
    enhancedDisabilityPremiumSinglePence: 2_235, // £22.35 [D, corroborated by Devon as above]
    enhancedDisabilityPremiumCoupleEachPence: 1_605, // [D] £14.15 (2015) uprated likewise
    carerPremiumPence: 4_905, // £49.05, Reading charging framework 2023-24 schedule
    perDependentChildPence: 9_490, // £94.90, SI 2023/277 reg 7(1)(b)
  },
  savingsCreditDisregardMax: {
    singlePence: 650, // £6.50, LAC(DHSC)(2023)1 as quoted in Reading's 2023-24 schedule
    couplePence: 975, // [D] not retrieved: 1.5 × single, the ratio of the published 2014 figures (£5.75 / £8.60)
  },
  fixedDisregards: { warWidowsPensionPence: 1_000 }, // first £10 of a War Widow's pension (Schedule 1; Wirral's list)
  benefits: {
    attendanceAllowanceHigherPence: 10_175, // £101.75, DWP benefit rates 2023-24; Kingston's Joan gets it
    attendanceAllowanceLowerPence: 6_810, // £68.10, DWP benefit rates 2023-24
    dlaCareHighestPence: 10_175, // same rates as AA (DWP benefit rates 2023-24)
    dlaCareMiddlePence: 6_810,
    pipDailyLivingEnhancedPence: 10_175, // £101.75; Devon's Peter gets it
    pipDailyLivingStandardPence: 6_810,
  },
  derived: [
    'mig.loneParentPence', 'mig.coupleEachPence', 'mig.couplePensionCreditAgeEachPence',
    'mig.disabilityPremiumCoupleEachPence', 'mig.enhancedDisabilityPremiumCoupleEachPence',
    'savingsCreditDisregardMax.couplePence',
  ],
};
