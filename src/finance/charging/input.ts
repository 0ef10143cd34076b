/**
 * The `joinedup charge` input document (docs/finance/charging.md), checked: every problem is named
 * with its JSON Pointer (/income/0/period), all at once, and nothing is calculated from a document
 * with a problem.
 */
import { incomeType, incomeTypes } from './income-types.js';
import { periods, type Period } from './periods.js';
import { councilPolicy, type ChargingPolicy, type DreMethod } from './policy.js';
import { chargingRates, ratesFor } from './rates/index.js';

export type Setting = 'non_residential' | 'residential';
export type PropertyDisregard = 'none' | 'mandatory' | 'discretionary';

export interface Amount {
  label: string;
  amountPence: number;
  period: Period;
}

export interface ChargeInput {
  setting: Setting;
  financialYear: string;
  council: string;
  person: {
    age: number;
    pensionCreditAge: boolean;
    couple: boolean;
    disabilityPremium: boolean;
    enhancedDisabilityPremium: boolean;
    carerPremium: boolean;
    dependentChildren: number;
    /** Care home resident who pays half of an occupational or private pension to the partner at home. */
    pensionToPartner: boolean;
  };
  capitalPence: number;
  income: { type: string; amountPence: number; period: Period }[];
  housingCosts: Amount[];
  dre: Amount[];
  weeklyCostPence: number;
  nightCareArranged: boolean;
  policy: Partial<ChargingPolicy>;
  property: { valuePence: number; priorChargesPence: number; sharePercent: number; weeksInCare: number; disregard: PropertyDisregard } | null;
}

export interface ChargeProblem {
  path: string;
  message: string;
}

export class ChargeInputError extends Error {
  constructor(readonly problems: readonly ChargeProblem[]) {
    super(`${problems.length} problem(s) with the assessment: ${problems.slice(0, 5).map((p) => `${p.path} ${p.message}`).join('; ')}${problems.length > 5 ? '; …' : ''}`);
    this.name = 'ChargeInputError';
  }
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
/** Money up to £10bn in pence: far beyond any assessment, well inside exact integers. */
const maxPence = 1_000_000_000_000;
const topKeys = ['setting', 'financial_year', 'council', 'person', 'capital_pence', 'income', 'housing_costs', 'dre', 'weekly_cost_pence', 'night_care_arranged', 'policy', 'property'];
const personKeys = ['age', 'pension_credit_age', 'couple', 'disability_premium', 'enhanced_disability_premium', 'carer_premium', 'dependent_children', 'pension_to_partner'];
const propertyKeys = ['value_pence', 'prior_charges_pence', 'share_percent', 'weeks_in_care', 'disregard'];
const propertyDisregards: readonly PropertyDisregard[] = ['none', 'mandatory', 'discretionary'];
const dreMethods: readonly DreMethod[] = ['itemised', 'flat', 'higher'];

/** Checks the document and gives it typed, or throws ChargeInputError listing every problem. */
export function chargeInputOf(document: unknown): ChargeInput {
  const problems: ChargeProblem[] = [];
  const at = (path: string, message: string): void => { problems.push({ path, message }); };
  if (!isObject(document)) throw new ChargeInputError([{ path: '', message: 'must be an object: {"setting", "financial_year", "person", "capital_pence", "income", "weekly_cost_pence", …}' }]);
  const unknownKeys = (object: Record<string, unknown>, known: readonly string[], where: string): void => {
    for (const key of Object.keys(object)) if (!known.includes(key)) at(`${where}/${key}`, `is not a field of the document here (fields: ${known.join(', ')})`);
  };
  const pence = (v: unknown, path: string, required = true): number => {
    if (v === undefined && !required) return 0;
    if (typeof v !== 'number' || !Number.isInteger(v) || v < 0 || v > maxPence) {
      at(path, v === undefined ? 'is required: whole pence, 0 or more' : 'must be whole pence, 0 or more (e.g. 12345 for £123.45)');
      return 0;
    }
    return v;
  };
  const flag = (v: unknown, path: string): boolean => {
    if (v === undefined) return false;
    if (typeof v !== 'boolean') at(path, 'must be true or false');
    return v === true;
  };
  unknownKeys(document, topKeys, '');

  const setting = document.setting;
  if (setting !== 'non_residential' && setting !== 'residential') at('/setting', 'must be "non_residential" (care at home or in the community) or "residential" (a permanent care home placement)');
  const financialYear = document.financial_year;
  if (typeof financialYear !== 'string' || ratesFor(financialYear) === undefined) {
    at('/financial_year', `must be a financial year the engine has figures for: ${chargingRates.map((r) => `"${r.financialYear}"`).join(', ')}`);
  }
  const council = document.council ?? 'statutory';
  if (typeof council !== 'string' || councilPolicy(council) === undefined) at('/council', 'must be a council whose policy the engine holds (GET /api/finance/charging/years lists them), or left out for the statutory defaults');

  const p = document.person;
  const person: ChargeInput['person'] = { age: 0, pensionCreditAge: false, couple: false, disabilityPremium: false, enhancedDisabilityPremium: false, carerPremium: false, dependentChildren: 0, pensionToPartner: false };
  if (!isObject(p)) at('/person', 'is required: {"age", "pension_credit_age", "couple", …}');
  else {
    unknownKeys(p, personKeys, '/person');
    if (typeof p.age !== 'number' || !Number.isInteger(p.age) || p.age < 18 || p.age > 130) at('/person/age', 'must be the age in whole years, 18 to 130 (the Care Act charges adults)');
    else person.age = p.age;
    person.pensionCreditAge = flag(p.pension_credit_age, '/person/pension_credit_age');
    person.couple = flag(p.couple, '/person/couple');
    person.disabilityPremium = flag(p.disability_premium, '/person/disability_premium');
    person.enhancedDisabilityPremium = flag(p.enhanced_disability_premium, '/person/enhanced_disability_premium');
    person.carerPremium = flag(p.carer_premium, '/person/carer_premium');
    person.pensionToPartner = flag(p.pension_to_partner, '/person/pension_to_partner');
    if (p.dependent_children !== undefined && (typeof p.dependent_children !== 'number' || !Number.isInteger(p.dependent_children) || p.dependent_children < 0 || p.dependent_children > 20)) {
      at('/person/dependent_children', 'must be a whole number, 0 to 20');
    } else person.dependentChildren = typeof p.dependent_children === 'number' ? p.dependent_children : 0;
  }

  const capitalPence = pence(document.capital_pence, '/capital_pence');
  const weeklyCostPence = pence(document.weekly_cost_pence, '/weekly_cost_pence');
  const period = (v: unknown, path: string): Period => {
    if (!(periods as readonly unknown[]).includes(v)) at(path, `must be one of ${periods.join(', ')}`);
    return (periods as readonly unknown[]).includes(v) ? (v as Period) : 'weekly';
  };

  const income: ChargeInput['income'] = [];
  if (!Array.isArray(document.income)) at('/income', 'is required: a list of {"type", "amount_pence", "period"} (empty when there is none)');
  for (const [i, item] of (Array.isArray(document.income) ? document.income : []).entries()) {
    const where = `/income/${i}`;
    if (!isObject(item)) {
      at(where, 'must be {"type", "amount_pence", "period"}');
      continue;
    }
    unknownKeys(item, ['type', 'amount_pence', 'period'], where);
    if (typeof item.type !== 'string' || incomeType(item.type) === undefined) at(`${where}/type`, `must be one of ${incomeTypes.map((t) => t.type).join(', ')}`);
    income.push({ type: String(item.type), amountPence: pence(item.amount_pence, `${where}/amount_pence`), period: period(item.period, `${where}/period`) });
  }

  const amounts = (v: unknown, name: string): Amount[] => {
    if (v === undefined) return [];
    if (!Array.isArray(v)) {
      at(`/${name}`, 'must be a list of {"label", "amount_pence", "period"}');
      return [];
    }
    return v.map((item: unknown, i): Amount => {
      const where = `/${name}/${i}`;
      if (!isObject(item)) {
        at(where, 'must be {"label", "amount_pence", "period"}');
        return { label: '', amountPence: 0, period: 'weekly' };
      }
      unknownKeys(item, ['label', 'amount_pence', 'period'], where);
      if (typeof item.label !== 'string' || item.label.trim() === '' || item.label.length > 200) at(`${where}/label`, 'must say what it is, e.g. "Council Tax" (up to 200 characters)');
      return { label: typeof item.label === 'string' ? item.label.trim() : '', amountPence: pence(item.amount_pence, `${where}/amount_pence`), period: period(item.period, `${where}/period`) };
    });
  };
  const housingCosts = amounts(document.housing_costs, 'housing_costs');
  const dre = amounts(document.dre, 'dre');
  const nightCareArranged = flag(document.night_care_arranged, '/night_care_arranged');

  const policy: Partial<ChargingPolicy> = {};
  const o = document.policy;
  if (o !== undefined && !isObject(o)) at('/policy', 'must be an object of policy overrides');
  if (isObject(o)) {
    unknownKeys(o, ['mig_weekly_pence', 'mig_uplift_weekly_pence', 'pea_weekly_pence', 'night_care_disregard', 'savings_credit_disregard_max_pence', 'dre_method', 'dre_flat_weekly_pence', 'self_funder_at_upper_limit', 'charge_percent'], '/policy');
    if (o.mig_weekly_pence !== undefined) policy.migWeeklyPence = pence(o.mig_weekly_pence, '/policy/mig_weekly_pence');
    if (o.mig_uplift_weekly_pence !== undefined) policy.migUpliftWeeklyPence = pence(o.mig_uplift_weekly_pence, '/policy/mig_uplift_weekly_pence');
    if (o.pea_weekly_pence !== undefined) policy.peaWeeklyPence = pence(o.pea_weekly_pence, '/policy/pea_weekly_pence');
    if (o.night_care_disregard !== undefined) policy.nightCareDisregard = flag(o.night_care_disregard, '/policy/night_care_disregard');
    if (o.savings_credit_disregard_max_pence !== undefined) policy.savingsCreditDisregardMaxPence = pence(o.savings_credit_disregard_max_pence, '/policy/savings_credit_disregard_max_pence');
    if (o.dre_flat_weekly_pence !== undefined) policy.dreFlatWeeklyPence = pence(o.dre_flat_weekly_pence, '/policy/dre_flat_weekly_pence');
    if (o.dre_method !== undefined) {
      if (!(dreMethods as readonly unknown[]).includes(o.dre_method)) at('/policy/dre_method', `must be one of ${dreMethods.join(', ')}`);
      else policy.dreMethod = o.dre_method as DreMethod;
    }
    if (o.self_funder_at_upper_limit !== undefined) policy.selfFunderAtUpperLimit = flag(o.self_funder_at_upper_limit, '/policy/self_funder_at_upper_limit');
    if (o.charge_percent !== undefined) {
      if (typeof o.charge_percent !== 'number' || !Number.isInteger(o.charge_percent) || o.charge_percent < 0 || o.charge_percent > 100) at('/policy/charge_percent', 'must be a whole percentage, 0 to 100');
      else policy.chargePercent = o.charge_percent;
    }
  }

  let property: ChargeInput['property'] = null;
  const h = document.property;
  if (h !== undefined && h !== null && !isObject(h)) at('/property', 'must be {"value_pence", "prior_charges_pence", "weeks_in_care", "disregard"}');
  if (isObject(h)) {
    unknownKeys(h, propertyKeys, '/property');
    const share = h.share_percent ?? 100;
    if (typeof share !== 'number' || !Number.isInteger(share) || share < 1 || share > 100) at('/property/share_percent', 'must be the person\'s share of the home, a whole percentage 1 to 100');
    const weeks = h.weeks_in_care ?? 0;
    if (typeof weeks !== 'number' || !Number.isInteger(weeks) || weeks < 0 || weeks > 5200) at('/property/weeks_in_care', 'must be whole weeks since the placement became permanent, 0 or more');
    const disregard = h.disregard ?? 'none';
    if (!(propertyDisregards as readonly unknown[]).includes(disregard)) at('/property/disregard', `must be one of ${propertyDisregards.join(', ')}`);
    property = {
      valuePence: pence(h.value_pence, '/property/value_pence'), priorChargesPence: pence(h.prior_charges_pence, '/property/prior_charges_pence', false),
      sharePercent: typeof share === 'number' ? share : 100, weeksInCare: typeof weeks === 'number' ? weeks : 0, disregard: disregard as PropertyDisregard,
    };
  }

  if (problems.length > 0) throw new ChargeInputError(problems);
  return {
    setting: setting as Setting, financialYear: financialYear as string, council: council as string, person, capitalPence, income, housingCosts, dre,
    weeklyCostPence, nightCareArranged, policy, property,
  };
}
