/** Care Act charging: the financial assessment engine, its yearly figures and councils' policies (DOMAIN.md §1). */
import { charge, type ChargeResult } from './calculate.js';
import { chargeInputOf } from './input.js';

export { charge, type ChargeLine, type ChargeResult, type LineKind } from './calculate.js';
export { ChargeInputError, chargeInputOf, type ChargeInput, type ChargeProblem, type Setting } from './input.js';
export { incomeType, incomeTypes, type IncomeTreatment, type IncomeType } from './income-types.js';
export { periodRules, periods, weeklyPence, type Period } from './periods.js';
export { councilPolicies, councilPolicy, policyFor, statutoryPolicy, type ChargingPolicy, type CouncilPolicy, type DreMethod } from './policy.js';
export { chargingRates, ratesFor, type ChargingRates } from './rates/index.js';

/** Checks a `joinedup charge` input document and assesses it; throws ChargeInputError listing every problem. */
export function chargeOf(document: unknown): ChargeResult {
  return charge(chargeInputOf(document));
}
