/**
 * The Care Act financial assessment (DOMAIN.md §1.5): what a person pays a week towards their care,
 * at home (income + tariff − disregards − housing costs − disability-related expenditure − MIG) or in
 * a care home (income + tariff − disregards − PEA), explained line by line as a council's
 * calculation letter is. Pure: the year's figures and the council's policy are data.
 */
import { incomeType } from './income-types.js';
import type { Amount, ChargeInput } from './input.js';
import { pounds } from './money.js';
import { periodRules, weeklyPence } from './periods.js';
import { assessProperty, type DeferredPayment, type PropertyAssessment } from './property.js';
import { councilPolicy, policyFor } from './policy.js';
import { ratesFor, type ChargingRates } from './rates/index.js';

export type LineKind = 'capital' | 'income' | 'total' | 'less' | 'result';

export interface ChargeLine {
  label: string;
  amount_pence: number;
  kind: LineKind;
}

export interface ChargeResult {
  financial_year: string;
  setting: ChargeInput['setting'];
  council: string;
  self_funder: boolean;
  capital_pence: number;
  capital_note: string;
  tariff_income_pence: number;
  weekly_income_pence: number;
  disregarded_income_pence: number;
  mig_pence: number | null;
  mig_elements: { label: string; amount_pence: number }[];
  pea_pence: number | null;
  housing_costs_pence: number;
  dre_pence: number;
  assessed_contribution_pence: number;
  weekly_cost_pence: number;
  weekly_charge_pence: number;
  council_pays_pence: number;
  lines: ChargeLine[];
  notes: string[];
  property: PropertyAssessment | null;
  deferred_payment: DeferredPayment | null;
  rates_used: {
    financial_year: string; from: string; to: string; source: string;
    lower_capital_limit_pence: number; upper_capital_limit_pence: number; derived_figures_used: string[];
  };
  policy_used: Record<string, number | boolean | string | null>;
}

const snake = (name: string): string => name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

/** The assessment of a checked input document (chargeInputOf). */
export function charge(input: ChargeInput): ChargeResult {
  const found = ratesFor(input.financialYear);
  const council = councilPolicy(input.council);
  if (found === undefined || council === undefined) throw new Error(`No figures for ${input.financialYear} or no policy for ${input.council}: check the input with chargeInputOf first`);
  const rates: ChargingRates = found;
  const policy = policyFor(council, input.financialYear, input.policy);
  // A flat DRE allowance given for one case, with no method, is a standard allowance with itemised claims above it (as Reading's Appendix B).
  if (input.policy.dreFlatWeeklyPence !== undefined && input.policy.dreMethod === undefined && policy.dreMethod === 'itemised') policy.dreMethod = 'higher';
  const lines: ChargeLine[] = [];
  const notes: string[] = [];
  const derivedUsed = new Set<string>();
  const line = (label: string, amount: number, kind: LineKind): void => { lines.push({ label, amount_pence: amount, kind }); };
  const { upperLimitPence: ucl, lowerLimitPence: lcl } = rates.capital;
  const residential = input.setting === 'residential';

  const property = input.property === null ? null : assessProperty(input.property, input.capitalPence, residential, rates, policy);
  if (property !== null) notes.push(...property.notes);
  const capital = input.capitalPence + (property?.assessment.counted_pence ?? 0);
  const selfFunder = policy.selfFunderAtUpperLimit ? capital >= ucl : capital > ucl;
  const tariff = !selfFunder && capital > lcl ? Math.ceil((capital - lcl) / rates.capital.tariffStepPence) * rates.capital.tariffPerStepPence : 0;
  const capitalNote = selfFunder
    ? `Capital of ${pounds(capital)} is ${capital === ucl ? 'at' : 'above'} the upper capital limit of ${pounds(ucl)}: the full cost of care is payable (Care and Support Statutory Guidance, Annex B).`
    : capital > lcl
      ? `Capital of ${pounds(capital)} is between the lower (${pounds(lcl)}) and upper (${pounds(ucl)}) capital limits: tariff income of £1 a week for every £250, or part of £250, above ${pounds(lcl)} = ${pounds(tariff)} a week (Annex B).`
      : `Capital of ${pounds(capital)} is at or below the lower capital limit of ${pounds(lcl)}: it is disregarded (Annex B).`;
  line(property?.assessment.counted_pence ? 'Capital (savings, investments and property)' : 'Capital (savings and investments)', capital, 'capital');

  const base = {
    financial_year: rates.financialYear, setting: input.setting, council: council.id, capital_pence: capital, capital_note: capitalNote,
    weekly_cost_pence: input.weeklyCostPence, property: property?.assessment ?? null, deferred_payment: property?.deferredPayment ?? null,
    policy_used: Object.fromEntries(Object.entries(policy).map(([k, v]) => [snake(k), v])) as ChargeResult['policy_used'],
  };
  const ratesUsed = (): ChargeResult['rates_used'] => ({
    financial_year: rates.financialYear, from: rates.from, to: rates.to, source: rates.source, lower_capital_limit_pence: lcl, upper_capital_limit_pence: ucl,
    derived_figures_used: [...derivedUsed].sort(),
  });

  if (selfFunder) {
    line('Weekly cost of care', input.weeklyCostPence, 'result');
    line(`Weekly charge (full cost: capital ${capital === ucl ? 'at' : 'above'} the upper limit)`, input.weeklyCostPence, 'result');
    line('Council pays', 0, 'result');
    return {
      ...base, self_funder: true, tariff_income_pence: 0, weekly_income_pence: 0, disregarded_income_pence: 0, mig_pence: null, mig_elements: [], pea_pence: null,
      housing_costs_pence: 0, dre_pence: 0, assessed_contribution_pence: input.weeklyCostPence, weekly_charge_pence: input.weeklyCostPence, council_pays_pence: 0,
      lines, notes, rates_used: ratesUsed(),
    };
  }

  // Income, each made weekly and rounded to the penny at that step.
  const weekly = input.income.map((i) => ({ ...i, weekly: weeklyPence(i.amountPence, i.period), kind: incomeType(i.type) }));
  if (tariff > 0) line('Tariff income from capital', tariff, 'income');
  for (const i of weekly) line(`${i.kind?.label ?? i.type}${converted(i)}`, i.weekly, 'income');
  const totalIncome = tariff + weekly.reduce((sum, i) => sum + i.weekly, 0);
  line('Total weekly income', totalIncome, 'total');

  // Disregarded income, in the order of the income it comes from (Knowsley, Devon letters).
  let disregarded = 0;
  const savingsCreditKey = input.person.couple ? 'savingsCreditDisregardMax.couplePence' : 'savingsCreditDisregardMax.singlePence';
  let savingsCreditLeft = policy.savingsCreditDisregardMaxPence ?? (input.person.couple ? rates.savingsCreditDisregardMax.couplePence : rates.savingsCreditDisregardMax.singlePence);
  const nightCare = policy.nightCareDisregard && !input.nightCareArranged;
  for (const i of weekly) {
    const kind = i.kind;
    if (kind === undefined) continue;
    let amount = 0;
    let label = '';
    if (kind.treatment === 'disregarded') [amount, label] = [i.weekly, `Less disregarded income: ${kind.label}`];
    else if (kind.treatment === 'partly_disregarded') [amount, label] = [Math.min(i.weekly, rates.fixedDisregards.warWidowsPensionPence), `Less disregarded income: first ${pounds(rates.fixedDisregards.warWidowsPensionPence)} of ${kind.label}`];
    else if (i.type === 'private_pension' && residential && input.person.pensionToPartner) {
      // Annex C / Schedule 1: half of an occupational or private pension paid to a spouse or civil partner living at home is disregarded.
      [amount, label] = [Math.round(i.weekly / 2), `Less disregarded income: half of ${kind.label} paid to the partner at home`];
    }
    else if (kind.treatment === 'savings_credit') {
      // SI 2014/2672 Schedule 1 para 16: savings credit disregarded up to the year's figure (LAC).
      amount = Math.min(i.weekly, savingsCreditLeft);
      savingsCreditLeft -= amount;
      label = 'Less savings credit disregard';
      if (amount > 0 && policy.savingsCreditDisregardMaxPence === null && rates.derived.includes(savingsCreditKey)) derivedUsed.add(savingsCreditKey);
    } else if (kind.nightCare !== undefined && nightCare) {
      // Local policy: no night care arranged, so the difference between the higher and lower rate is disregarded (Knowsley's "No night care element").
      amount = Math.min(i.weekly, nightCareElement(rates, kind.nightCare));
      label = `Less disregarded income: no night care element (${kind.label})`;
    }
    if (amount > 0) {
      line(label, amount, 'less');
      disregarded += amount;
    }
  }

  if (residential) return residentialResult();
  return nonResidentialResult();

  function residentialResult(): ChargeResult {
    if (input.housingCosts.length > 0 || input.dre.length > 0) notes.push('Housing costs and disability-related expenditure are not deducted for a permanent care home placement (they are for care at home); they were left out.');
    const pea = policy.peaWeeklyPence ?? rates.personalExpensesAllowancePence;
    line('Less Personal Expenses Allowance', pea, 'less');
    const contribution = Math.max(0, totalIncome - disregarded - pea);
    return finish({ pea, mig: null, migElements: [], housing: 0, dre: 0, contribution });
  }

  function nonResidentialResult(): ChargeResult {
    const housing = sumWeekly(input.housingCosts);
    for (const h of input.housingCosts) line(`Less housing costs: ${h.label}${converted(h)}`, weeklyPence(h.amountPence, h.period), 'less');
    const itemised = sumWeekly(input.dre);
    const method = policy.dreMethod;
    const useFlat = method === 'flat' || (method === 'higher' && policy.dreFlatWeeklyPence > itemised);
    const dre = useFlat ? policy.dreFlatWeeklyPence : itemised;
    if (useFlat) {
      if (dre > 0) line('Less disability-related expenditure: standard allowance', dre, 'less');
      if (input.dre.length > 0) notes.push(`Disability-related expenditure: the standard allowance of ${pounds(policy.dreFlatWeeklyPence)} a week is allowed ${method === 'flat' ? 'instead of the items claimed (council policy)' : `as it is more than the ${pounds(itemised)} itemised`}.`);
    } else for (const d of input.dre) line(`Less disability-related expenditure: ${d.label}${converted(d)}`, weeklyPence(d.amountPence, d.period), 'less');
    const { total: mig, elements } = minimumIncomeGuarantee();
    line('Less Minimum Income Guarantee', mig, 'less');
    const available = Math.max(0, totalIncome - disregarded - housing - dre - mig);
    // Most councils charge all of the disposable income; some a lower share (policy.chargePercent).
    const contribution = policy.chargePercent === 100 ? available : Math.round((available * policy.chargePercent) / 100);
    if (policy.chargePercent !== 100) notes.push(`The council charges ${policy.chargePercent}% of the ${pounds(available)} disposable income.`);
    return finish({ pea: null, mig, migElements: elements, housing, dre, contribution });
  }

  function finish(f: { pea: number | null; mig: number | null; migElements: { label: string; amount_pence: number }[]; housing: number; dre: number; contribution: number }): ChargeResult {
    const charged = Math.min(f.contribution, input.weeklyCostPence);
    line('Assessed weekly contribution', f.contribution, 'result');
    line('Weekly cost of care', input.weeklyCostPence, 'result');
    line('Weekly charge', charged, 'result');
    line('Council pays', input.weeklyCostPence - charged, 'result');
    if (f.contribution > input.weeklyCostPence) notes.push(`The assessed contribution (${pounds(f.contribution)}) is more than the cost of care: the charge is the cost, ${pounds(input.weeklyCostPence)}.`);
    const usedDerived = [...derivedUsed];
    if (usedDerived.length > 0) notes.push(`Uses figures derived by arithmetic, not read from the circular [D]: ${usedDerived.sort().join(', ')}. Check them against LAC(DHSC) for ${rates.financialYear}.`);
    return {
      ...base, self_funder: false, tariff_income_pence: tariff, weekly_income_pence: totalIncome, disregarded_income_pence: disregarded,
      mig_pence: f.mig, mig_elements: f.migElements, pea_pence: f.pea, housing_costs_pence: f.housing, dre_pence: f.dre,
      assessed_contribution_pence: f.contribution, weekly_charge_pence: charged, council_pays_pence: input.weeklyCostPence - charged,
      lines, notes, rates_used: ratesUsed(),
    };
  }

  /** SI 2014/2672 reg 7: the base amount for the person's age and household, plus premiums and an amount per child. */
  function minimumIncomeGuarantee(): { total: number; elements: { label: string; amount_pence: number }[] } {
    const m = rates.mig;
    if (policy.migWeeklyPence !== null) return { total: policy.migWeeklyPence, elements: [{ label: 'Local Minimum Income Guarantee (council policy)', amount_pence: policy.migWeeklyPence }] };
    const p = input.person;
    const elements: { label: string; amount_pence: number; key: keyof ChargingRates['mig'] }[] = [];
    const add = (label: string, key: keyof ChargingRates['mig'], times = 1): void => { elements.push({ label, amount_pence: m[key] * times, key }); };
    if (p.couple) add(p.pensionCreditAge ? 'Couple, pension credit age (each)' : 'Couple (each)', p.pensionCreditAge ? 'couplePensionCreditAgeEachPence' : 'coupleEachPence');
    else if (p.pensionCreditAge) add('Single, pension credit age', 'singlePensionCreditAgePence');
    else if (p.dependentChildren > 0) add('Lone parent', 'loneParentPence');
    else if (p.age < 25) add('Single, 18 to 24', 'single18to24Pence');
    else add('Single, 25 to pension credit age', 'single25ToPensionCreditAgePence');
    // Income Support premiums: for people below pension credit age, whose base amount does not already allow for disability [K].
    if (p.pensionCreditAge && (p.disabilityPremium || p.enhancedDisabilityPremium)) notes.push('Disability premiums are not added to the Minimum Income Guarantee at pension credit age (SI 2014/2672 reg 7).');
    if (!p.pensionCreditAge && p.disabilityPremium) add('Disability premium', p.couple ? 'disabilityPremiumCoupleEachPence' : 'disabilityPremiumSinglePence');
    if (!p.pensionCreditAge && p.enhancedDisabilityPremium) add('Enhanced disability premium', p.couple ? 'enhancedDisabilityPremiumCoupleEachPence' : 'enhancedDisabilityPremiumSinglePence');
    if (p.carerPremium) add('Carer premium', 'carerPremiumPence');
    if (p.dependentChildren > 0) add(`Dependent children (${p.dependentChildren})`, 'perDependentChildPence', p.dependentChildren);
    for (const e of elements) if (rates.derived.includes(`mig.${e.key}`)) derivedUsed.add(`mig.${e.key}`);
    const out = elements.map(({ label, amount_pence }) => ({ label, amount_pence }));
    if (policy.migUpliftWeeklyPence > 0) out.push({ label: 'Local uplift (council policy)', amount_pence: policy.migUpliftWeeklyPence });
    return { total: out.reduce((s, e) => s + e.amount_pence, 0), elements: out };
  }
}

function nightCareElement(rates: ChargingRates, benefit: 'attendance_allowance' | 'dla_care' | 'pip_daily_living'): number {
  const b = rates.benefits;
  switch (benefit) {
    case 'attendance_allowance': return b.attendanceAllowanceHigherPence - b.attendanceAllowanceLowerPence;
    case 'dla_care': return b.dlaCareHighestPence - b.dlaCareMiddlePence;
    case 'pip_daily_living': return b.pipDailyLivingEnhancedPence - b.pipDailyLivingStandardPence;
  }
}

const sumWeekly = (items: readonly Amount[]): number => items.reduce((s, i) => s + weeklyPence(i.amountPence, i.period), 0);
const converted = (i: { amountPence: number; period: keyof typeof periodRules }): string =>
  i.period === 'weekly' ? '' : ` (${pounds(i.amountPence)} ${i.period.replace('_', '-')} ${periodRules[i.period].text})`;

