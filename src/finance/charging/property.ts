/**
 * The former home of a care home resident (DOMAIN.md §1.2, §1.7): whether its value counts as capital
 * (the 12-week property disregard; mandatory and discretionary disregards), and the deferred payment
 * agreement the council must offer when it does.
 */
import type { ChargeInput } from './input.js';
import { pounds } from './money.js';
import type { ChargingPolicy } from './policy.js';
import type { ChargingRates } from './rates/types.js';

export interface PropertyAssessment {
  value_pence: number;
  share_percent: number;
  prior_charges_pence: number;
  /** The person's share, less 10% for the expenses of sale and the debts secured on it (SI 2014/2672 reg 23). */
  capital_value_pence: number;
  /** How much of it counts as capital now. */
  counted_pence: number;
  disregard: 'main_home_care_at_home' | 'mandatory' | 'discretionary' | 'twelve_week' | 'none';
  twelve_week_weeks_left: number | null;
}

export interface DeferredPayment {
  /** Whether the council must offer one: care home, capital other than the home within the limits, home not disregarded indefinitely. */
  must_offer: boolean;
  reason: string;
  /** Equity limit: 90% of the value of the share, less the lower capital limit, less prior-ranking charges (Gloucestershire policy 12.1; Deferred Payment Regulations 2014). */
  equity_limit_pence: number;
}

const percentOf = (pence: number, percent: number): number => Math.round((pence * percent) / 100);

export function assessProperty(
  home: NonNullable<ChargeInput['property']>, otherCapitalPence: number, residential: boolean, rates: ChargingRates, policy: ChargingPolicy,
): { assessment: PropertyAssessment; deferredPayment: DeferredPayment | null; notes: string[] } {
  const share = percentOf(home.valuePence, home.sharePercent);
  const priorCharges = percentOf(home.priorChargesPence, home.sharePercent);
  const capitalValue = Math.max(0, share - percentOf(share, 10) - priorCharges);
  const base = { value_pence: home.valuePence, share_percent: home.sharePercent, prior_charges_pence: home.priorChargesPence, capital_value_pence: capitalValue, twelve_week_weeks_left: null };
  if (!residential) {
    return {
      assessment: { ...base, counted_pence: 0, disregard: 'main_home_care_at_home' }, deferredPayment: null,
      notes: ['The home the person lives in is disregarded for care at home (Annex B).'],
    };
  }
  const { upperLimitPence: ucl, lowerLimitPence: lcl } = rates.capital;
  const otherWithinLimits = policy.selfFunderAtUpperLimit ? otherCapitalPence < ucl : otherCapitalPence <= ucl;
  const equityLimit = Math.max(0, percentOf(share, 90) - lcl - priorCharges);
  if (home.disregard !== 'none') {
    return {
      assessment: { ...base, counted_pence: 0, disregard: home.disregard }, deferredPayment: { must_offer: false, reason: 'The home is disregarded, so there is no need to defer.', equity_limit_pence: equityLimit },
      notes: [home.disregard === 'mandatory'
        ? 'The home is disregarded: a qualifying person (partner, relative aged 60 or over or incapacitated, child under 18) lives there (SI 2014/2672 Schedule 2 para 4).'
        : 'The home is disregarded at the council\'s discretion (Schedule 2 para 4, Annex B).'],
    };
  }
  // Schedule 2 para 2: the 12-week disregard, when capital other than the home is within the limits.
  const twelveWeek = otherWithinLimits && home.weeksInCare < 12;
  const deferredPayment: DeferredPayment = otherWithinLimits
    ? { must_offer: true, reason: `Capital other than the home (${pounds(otherCapitalPence)}) is within the upper capital limit and the home is not disregarded (Care Act 2014 s.34; Chapter 9).`, equity_limit_pence: equityLimit }
    : { must_offer: false, reason: `Capital other than the home (${pounds(otherCapitalPence)}) is over the upper capital limit (${pounds(ucl)}); the council may still offer one.`, equity_limit_pence: equityLimit };
  if (twelveWeek) {
    const left = 12 - home.weeksInCare;
    return {
      assessment: { ...base, counted_pence: 0, disregard: 'twelve_week', twelve_week_weeks_left: left }, deferredPayment,
      notes: [`The home's value is disregarded for the first 12 weeks of the permanent placement: ${left} week(s) left; afterwards ${pounds(capitalValue)} counts as capital (Schedule 2 para 2).`],
    };
  }
  return {
    assessment: { ...base, counted_pence: capitalValue, disregard: 'none' }, deferredPayment,
    notes: [`The home counts as capital: ${pounds(share)} share less 10% expenses of sale${priorCharges > 0 ? ` and ${pounds(priorCharges)} secured debts` : ''} = ${pounds(capitalValue)}.`],
  };
}
