// The rules of the assessment one at a time: tariff income at the capital limits, the night-care and
// savings-credit disregards, disability-related expenditure by council policy, the MIG's parts, the
// home of a care home resident and the deferred payment equity limit.
import { describe, expect, it } from 'vitest';
import { chargeOf } from './index.js';

const weekly = (type: string, amount_pence: number) => ({ type, amount_pence, period: 'weekly' });
const atHome = (over: Record<string, unknown> = {}) => ({
  setting: 'non_residential', financial_year: '2024-25', person: { age: 70, pension_credit_age: true }, capital_pence: 0,
  income: [weekly('state_pension', 30_000)], weekly_cost_pence: 50_000, ...over,
});
const inCareHome = (over: Record<string, unknown> = {}) => ({
  setting: 'residential', financial_year: '2024-25', person: { age: 84, pension_credit_age: true }, capital_pence: 0,
  income: [weekly('state_pension', 22_120)], weekly_cost_pence: 90_000, ...over,
});

describe('tariff income and the capital limits (Annex B: £1 for every £250 or part above £14,250)', () => {
  it.each([
    { capital: 0, tariff: 0, selfFunder: false },
    { capital: 1_425_000, tariff: 0, selfFunder: false }, // £14,250.00: at the lower limit, disregarded
    { capital: 1_425_001, tariff: 100, selfFunder: false }, // £14,250.01: a part of £250 counts as £1
    { capital: 1_450_000, tariff: 100, selfFunder: false }, // £14,500.00
    { capital: 1_450_001, tariff: 200, selfFunder: false }, // £14,500.01
    { capital: 1_525_000, tariff: 400, selfFunder: false }, // £15,250 (Lambeth's table: £4)
    // £16,999: £2,749 above the limit is 10 steps and part of an 11th, so £11. Lambeth's help-at-home page tabulates £10
    // ("£1 below the next interval"), which rounds down, against Annex B's "or part of £250"; the engine follows Annex B.
    { capital: 1_699_900, tariff: 1_100, selfFunder: false },
    { capital: 2_325_000, tariff: 3_600, selfFunder: false }, // £23,250.00: at the upper limit, not above it
    { capital: 2_325_001, tariff: 0, selfFunder: true }, // £23,250.01: above it, the full cost
  ])('capital of $capital pence: tariff $tariff pence a week, self-funder $selfFunder', ({ capital, tariff, selfFunder }) => {
    for (const document of [atHome({ capital_pence: capital }), inCareHome({ capital_pence: capital })]) {
      const r = chargeOf(document);
      expect(r.tariff_income_pence).toBe(tariff);
      expect(r.self_funder).toBe(selfFunder);
      if (selfFunder) expect([r.weekly_charge_pence, r.council_pays_pence]).toEqual([document.weekly_cost_pence, 0]);
    }
  });

  it('makes capital exactly at the upper limit a self-funder where the council\'s policy says "at or above"', () => {
    expect(chargeOf(atHome({ capital_pence: 2_325_000 })).self_funder).toBe(false);
    const r = chargeOf(atHome({ capital_pence: 2_325_000, policy: { self_funder_at_upper_limit: true } }));
    expect(r.self_funder).toBe(true);
    expect(r.capital_note).toMatch(/at the upper capital limit of £23,250\.00/);
  });

  it('adds tariff income to the income the charge is taken from', () => {
    const without = chargeOf(atHome());
    const withTariff = chargeOf(atHome({ capital_pence: 1_600_000 })); // £1,750 above: 7 steps
    expect(withTariff.tariff_income_pence).toBe(700);
    expect(withTariff.weekly_charge_pence - without.weekly_charge_pence).toBe(700);
  });
});

describe('care at home', () => {
  it('charges all of the disposable income above the MIG, never more than the care costs', () => {
    // £300 − £228.70 (2024-25 single, pension credit age) = £71.30.
    expect(chargeOf(atHome()).weekly_charge_pence).toBe(7_130);
    const cheap = chargeOf(atHome({ weekly_cost_pence: 5_000 }));
    expect([cheap.assessed_contribution_pence, cheap.weekly_charge_pence, cheap.council_pays_pence]).toEqual([7_130, 5_000, 0]);
    expect(chargeOf(atHome({ income: [weekly('state_pension', 20_000)] })).weekly_charge_pence).toBe(0);
  });

  it('disregards the night-care element only where the council\'s policy does, and only when no night care is arranged', () => {
    const income = [weekly('attendance_allowance_higher', 10_855), weekly('state_pension', 22_120)];
    const statutory = chargeOf(atHome({ income }));
    const knowsley = chargeOf(atHome({ income, council: 'knowsley' }));
    expect(statutory.weekly_charge_pence - knowsley.weekly_charge_pence).toBe(10_855 - 7_265);
    expect(knowsley.lines.some((l) => l.label === 'Less disregarded income: no night care element (Attendance Allowance (higher rate))' && l.amount_pence === 3_590)).toBe(true);
    expect(chargeOf(atHome({ income, council: 'knowsley', night_care_arranged: true })).weekly_charge_pence).toBe(statutory.weekly_charge_pence);
    expect(chargeOf(atHome({ income, policy: { night_care_disregard: true } })).weekly_charge_pence).toBe(knowsley.weekly_charge_pence);
    // The lower rate has no night-care element.
    expect(chargeOf(atHome({ income: [weekly('attendance_allowance_lower', 7_265)], council: 'knowsley' })).disregarded_income_pence).toBe(0);
    // 2023-24: £101.75 − £68.10.
    expect(chargeOf(atHome({ financial_year: '2023-24', income, council: 'knowsley' })).disregarded_income_pence).toBe(3_365);
  });

  it('disregards savings credit up to the year\'s figure, or the council\'s', () => {
    const income = (savings: number) => [weekly('state_pension', 22_120), weekly('pension_credit_savings', savings)];
    expect(chargeOf(atHome({ income: income(952) })).disregarded_income_pence).toBe(695); // 2024-25 £6.95 (Knowsley's Client B has £9.52)
    expect(chargeOf(atHome({ income: income(500) })).disregarded_income_pence).toBe(500);
    expect(chargeOf(atHome({ income: income(952), financial_year: '2023-24' })).disregarded_income_pence).toBe(650);
    expect(chargeOf(atHome({ income: income(952), policy: { savings_credit_disregard_max_pence: 0 } })).disregarded_income_pence).toBe(0);
    expect(chargeOf(inCareHome({ income: income(952) })).disregarded_income_pence).toBe(695);
  });

  it('allows disability-related expenditure itemised, as a flat allowance, or the higher of the two, as the policy says', () => {
    const dre = (pence: number) => [{ label: 'Extra laundry', amount_pence: pence, period: 'weekly' }];
    expect(chargeOf(atHome({ dre: dre(500) })).dre_pence).toBe(500);
    // Reading 2024-25: a standard £10.85, or the items when they come to more.
    expect(chargeOf(atHome({ council: 'reading', dre: dre(500) })).dre_pence).toBe(1_085);
    expect(chargeOf(atHome({ council: 'reading', dre: dre(2_000) })).dre_pence).toBe(2_000);
    expect(chargeOf(atHome({ council: 'reading' })).dre_pence).toBe(1_085);
    expect(chargeOf(atHome({ dre: dre(2_000), policy: { dre_flat_weekly_pence: 1_500, dre_method: 'flat' } })).dre_pence).toBe(1_500);
    expect(chargeOf(atHome({ dre: dre(2_000), policy: { dre_flat_weekly_pence: 1_500 } })).dre_pence).toBe(2_000);
  });

  it('builds the MIG from the base amount for the household, premiums and children, or takes the council\'s', () => {
    const mig = (person: Record<string, unknown>, over: Record<string, unknown> = {}) => chargeOf(atHome({ person, ...over })).mig_pence;
    expect(mig({ age: 22 })).toBe(8_765);
    expect(mig({ age: 30 })).toBe(11_060);
    expect(mig({ age: 30, disability_premium: true, carer_premium: true })).toBe(11_060 + 4_880 + 5_235);
    expect(mig({ age: 30, dependent_children: 2 })).toBe(11_060 + 2 * 10_125);
    expect(mig({ age: 70, pension_credit_age: true, couple: true })).toBe(17_470);
    expect(mig({ age: 70, pension_credit_age: true, disability_premium: true, enhanced_disability_premium: true })).toBe(22_870);
    expect(mig({ age: 37, disability_premium: true, enhanced_disability_premium: true }, { financial_year: '2025-26' })).toBe(11_250 + 4_965 + 2_425);
    expect(mig({ age: 30 }, { council: 'gloucestershire' })).toBe(11_060 + 500);
    expect(mig({ age: 30 }, { policy: { mig_weekly_pence: 16_425 } })).toBe(16_425);
  });

  it('says when a figure it used was derived rather than published', () => {
    expect(chargeOf(atHome({ person: { age: 70, pension_credit_age: true, couple: true } })).rates_used.derived_figures_used).toEqual(['mig.couplePensionCreditAgeEachPence']);
    expect(chargeOf(atHome()).rates_used.derived_figures_used).toEqual([]);
  });

  it('charges a lower share of disposable income where the council takes less than 100%', () => {
    expect(chargeOf(atHome({ policy: { charge_percent: 90 } })).weekly_charge_pence).toBe(6_417); // 90% of £71.30 = £64.17
  });

  it('disregards the home the person lives in', () => {
    const r = chargeOf(atHome({ property: { value_pence: 30_000_000 } }));
    expect(r.property?.disregard).toBe('main_home_care_at_home');
    expect(r.self_funder).toBe(false);
    expect(r.deferred_payment).toBeNull();
  });
});

describe('care home', () => {
  it('leaves the Personal Expenses Allowance of the year, or the council\'s, and deducts no housing costs', () => {
    expect(chargeOf(inCareHome()).weekly_charge_pence).toBe(22_120 - 3_015);
    expect(chargeOf(inCareHome({ financial_year: '2025-26' })).weekly_charge_pence).toBe(22_120 - 3_065);
    expect(chargeOf(inCareHome({ policy: { pea_weekly_pence: 3_500 } })).weekly_charge_pence).toBe(22_120 - 3_500);
    const r = chargeOf(inCareHome({ housing_costs: [{ label: 'Rent', amount_pence: 10_000, period: 'weekly' }] }));
    expect(r.weekly_charge_pence).toBe(22_120 - 3_015);
    expect(r.notes.join(' ')).toMatch(/not deducted for a permanent care home placement/);
  });

  it('disregards half of a private pension paid to the partner at home, and the first £10 of a War Widow\'s pension', () => {
    const income = [weekly('state_pension', 22_120), weekly('private_pension', 10_001), weekly('war_widows_pension', 3_000)];
    const r = chargeOf(inCareHome({ income, person: { age: 84, pension_credit_age: true, couple: true, pension_to_partner: true } }));
    expect(r.lines.filter((l) => l.kind === 'less').map((l) => [l.label, l.amount_pence])).toEqual([
      ['Less disregarded income: half of Private or occupational pension paid to the partner at home', 5_001],
      ['Less disregarded income: first £10.00 of War Widow\'s or Widower\'s Pension', 1_000],
      ['Less Personal Expenses Allowance', 3_015],
    ]);
    expect(r.weekly_charge_pence).toBe(22_120 + 10_001 + 3_000 - 5_001 - 1_000 - 3_015);
    // At home the partner's half is not a disregard (the pension is the person's income); the £10 is.
    expect(chargeOf(atHome({ income, person: { age: 84, pension_credit_age: true, pension_to_partner: true } })).disregarded_income_pence).toBe(1_000);
  });

  it('disregards the home for the first 12 weeks, then counts it, and gives the deferred payment equity limit', () => {
    const home = (over: Record<string, unknown>) => chargeOf(inCareHome({ capital_pence: 1_000_000, property: { value_pence: 20_000_000, prior_charges_pence: 1_000_000, ...over } }));
    const early = home({ weeks_in_care: 4 });
    expect(early.property).toMatchObject({ disregard: 'twelve_week', counted_pence: 0, twelve_week_weeks_left: 8 });
    expect(early.self_funder).toBe(false);
    // 90% of £200,000 − £14,250 − £10,000 = £155,750.
    expect(early.deferred_payment).toMatchObject({ must_offer: true, equity_limit_pence: 15_575_000 });
    const later = home({ weeks_in_care: 12 });
    // £200,000 less 10% for sale less £10,000 secured = £170,000, plus £10,000 savings.
    expect(later.property).toMatchObject({ disregard: 'none', capital_value_pence: 17_000_000, counted_pence: 17_000_000 });
    expect(later.capital_pence).toBe(18_000_000);
    expect([later.self_funder, later.weekly_charge_pence, later.council_pays_pence]).toEqual([true, 90_000, 0]);
    expect(later.deferred_payment?.must_offer).toBe(true);
    const half = home({ weeks_in_care: 12, share_percent: 50 });
    expect(half.property?.capital_value_pence).toBe(9_000_000 - 500_000);
    expect(half.deferred_payment?.equity_limit_pence).toBe(9_000_000 - 1_425_000 - 500_000);
  });

  it('keeps the home out of capital when someone qualifying lives there, and offers no 12 weeks to those with capital over the limit', () => {
    const kept = chargeOf(inCareHome({ property: { value_pence: 20_000_000, disregard: 'mandatory', weeks_in_care: 30 } }));
    expect([kept.property?.disregard, kept.self_funder, kept.deferred_payment?.must_offer]).toEqual(['mandatory', false, false]);
    const rich = chargeOf(inCareHome({ capital_pence: 3_000_000, property: { value_pence: 20_000_000 } }));
    expect([rich.property?.disregard, rich.self_funder, rich.deferred_payment?.must_offer]).toEqual(['none', true, false]);
  });
});

describe('the examples of docs/finance/charging.md', () => {
  it('a care home resident in week 4, with a former home and savings credit', () => {
    const r = chargeOf({
      setting: 'residential', financial_year: '2024-25', person: { age: 84, pension_credit_age: true }, capital_pence: 1_000_000,
      income: [weekly('state_pension', 22_120), weekly('pension_credit_savings', 952)], weekly_cost_pence: 90_000,
      property: { value_pence: 20_000_000, prior_charges_pence: 1_000_000, weeks_in_care: 4 },
    });
    expect([r.weekly_income_pence, r.disregarded_income_pence, r.weekly_charge_pence, r.council_pays_pence]).toEqual([23_072, 695, 19_362, 70_638]);
    expect(r.property?.twelve_week_weeks_left).toBe(8);
    expect(r.deferred_payment).toMatchObject({ must_offer: true, equity_limit_pence: 15_575_000 });
  });
});

describe('the explanation', () => {
  it('lists the calculation in the order of a council\'s letter', () => {
    const r = chargeOf(atHome({
      capital_pence: 1_500_000,
      income: [weekly('state_pension', 22_120), weekly('pip_mobility_standard', 2_870)],
      housing_costs: [{ label: 'Council Tax', amount_pence: 8_000, period: 'monthly' }],
      dre: [{ label: 'Community alarm', amount_pence: 500, period: 'weekly' }],
    }));
    expect(r.lines.map((l) => [l.kind, l.label, l.amount_pence])).toEqual([
      ['capital', 'Capital (savings and investments)', 1_500_000],
      ['income', 'Tariff income from capital', 300],
      ['income', 'State Pension', 22_120],
      ['income', 'PIP mobility component (standard rate)', 2_870],
      ['total', 'Total weekly income', 25_290],
      ['less', 'Less disregarded income: PIP mobility component (standard rate)', 2_870],
      ['less', 'Less housing costs: Council Tax (£80.00 monthly × 12 ÷ 52)', 1_846],
      ['less', 'Less disability-related expenditure: Community alarm', 500],
      ['less', 'Less Minimum Income Guarantee', 22_870],
      ['result', 'Assessed weekly contribution', 0],
      ['result', 'Weekly cost of care', 50_000],
      ['result', 'Weekly charge', 0],
      ['result', 'Council pays', 50_000],
    ]);
  });
});
