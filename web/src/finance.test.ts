import { describe, expect, it } from 'vitest';
import {
  type AssessmentForm, chargeInputOf, chargingOptionsOf, fieldForPath, fieldIdOfPath, formatPence, isChargeResult, parsePounds, penceAsPounds, problemMessage, yearOn,
} from './finance.js';
import { isPersonMoney } from './finance-budgets.js';
import { calendarDateOf, isFundPosition, varianceText } from './finance-fund.js';
import { assessmentPath, financeRouteFor, fundPath, moneyPath } from './finance-routes.js';

describe('formatPence', () => {
  it.each<[number, string]>([
    [0, '£0.00'], [5, '£0.05'], [99, '£0.99'], [100, '£1.00'], [123456, '£1,234.56'], [100000000, '£1,000,000.00'], [-500, '−£5.00'], [-123456, '−£1,234.56'],
  ])('%d pence is %s', (pence, text) => {
    expect(formatPence(pence)).toBe(text);
  });
});

describe('parsePounds', () => {
  it.each<[string, number | null | undefined]>([
    ['', null], ['   ', null], ['0', 0], ['120', 12000], ['120.5', 12050], ['120.50', 12050], ['0.29', 29], ['£1,234.56', 123456], [' £ 7.01 ', 701],
    ['-3.20', -320], ['−3.20', -320], ['12.345', undefined], ['12abc', undefined], ['1.2.3', undefined], ['£', undefined], ['.5', undefined],
  ])('"%s" is %s pence', (text, pence) => {
    expect(parsePounds(text)).toBe(pence);
  });

  it('gives back what penceAsPounds wrote', () => {
    for (const pence of [0, 1, 29, 12050, 123456, -320]) expect(parsePounds(penceAsPounds(pence))).toBe(pence);
  });
});

describe('chargingOptionsOf', () => {
  const answer = {
    years: [{ financialYear: '2024-25', from: '2024-04-08', extra: 1 }, { financialYear: '2025-26', from: '2025-04-07' }],
    incomeTypes: [{ type: 'state_pension', label: 'State Pension', treatment: 'counted' }],
    periods: ['weekly', { period: 'monthly', label: 'Each month' }, { value: 'annual' }],
  };

  it('reads the years, income types and periods (named or described)', () => {
    expect(chargingOptionsOf(answer)).toEqual({
      years: [{ financialYear: '2024-25', from: '2024-04-08' }, { financialYear: '2025-26', from: '2025-04-07' }],
      incomeTypes: [{ type: 'state_pension', label: 'State Pension', treatment: 'counted' }],
      periods: [{ value: 'weekly', label: 'Weekly' }, { value: 'monthly', label: 'Each month' }, { value: 'annual', label: 'Yearly' }],
      councils: [],
    });
    expect(chargingOptionsOf({ ...answer, councils: [{ id: 'devon', name: 'Devon County Council', source: 'x' }] })?.councils).toEqual([{ id: 'devon', name: 'Devon County Council' }]);
  });

  it.each<[string, unknown]>([
    ['no years', { ...answer, years: undefined }],
    ['a year without its start', { ...answer, years: [{ financialYear: '2025-26' }] }],
    ['an income type without treatment', { ...answer, incomeTypes: [{ type: 'x', label: 'X' }] }],
    ['a period that is neither', { ...answer, periods: [3] }],
    ['a council without a name', { ...answer, councils: [{ id: 'devon' }] }],
    ['not an object', []],
  ])('refuses an answer with %s', (_what, body) => {
    expect(chargingOptionsOf(body)).toBeUndefined();
  });

  it('picks the financial year a day falls in, or the latest', () => {
    const years = chargingOptionsOf(answer)?.years ?? [];
    expect(yearOn(years, '2025-04-06')).toBe('2024-25');
    expect(yearOn(years, '2025-04-07')).toBe('2025-26');
    expect(yearOn(years, '2020-01-01')).toBe('2025-26');
    expect(yearOn([], '2025-01-01')).toBeUndefined();
  });
});

const form = (change: Partial<AssessmentForm> = {}): AssessmentForm => ({
  setting: 'non_residential', financialYear: '2025-26', council: '', age: '82', pensionCreditAge: true, couple: false, disabilityPremium: false,
  enhancedDisabilityPremium: false, carerPremium: false, dependentChildren: '', capital: '15,000', income: [{ key: 1, what: 'state_pension', amount: '230.25', period: 'weekly' }],
  housingCosts: [{ key: 2, what: 'Council Tax', amount: '100', period: 'monthly' }], dre: [], weeklyCost: '250', nightCareArranged: false, migWeekly: '', peaWeekly: '',
  nightCareDisregard: '', savingsCreditDisregardMax: '', dreFlatWeekly: '', ...change,
});

describe('chargeInputOf', () => {
  it('makes the input document in pence, leaving out what was not given', () => {
    expect(chargeInputOf(form())).toEqual({
      problems: [],
      input: {
        setting: 'non_residential', financial_year: '2025-26',
        person: { age: 82, pension_credit_age: true, couple: false, disability_premium: false, enhanced_disability_premium: false, carer_premium: false, dependent_children: 0 },
        capital_pence: 1500000, income: [{ type: 'state_pension', amount_pence: 23025, period: 'weekly' }],
        housing_costs: [{ label: 'Council Tax', amount_pence: 10000, period: 'monthly' }], dre: [], weekly_cost_pence: 25000,
      },
    });
  });

  it('adds policy overrides and night care only when they are given', () => {
    const { input, problems } = chargeInputOf(form({ migWeekly: '230', nightCareDisregard: 'no', dreFlatWeekly: '20.50', nightCareArranged: true }));
    expect(problems).toEqual([]);
    expect(input.policy).toEqual({ mig_weekly_pence: 23000, night_care_disregard: false, dre_flat_weekly_pence: 2050 });
    expect(input.night_care_arranged).toBe(true);
    expect(chargeInputOf(form({ council: 'devon' })).input.council).toBe('devon');
    expect(chargeInputOf(form()).input).not.toHaveProperty('council');
  });

  it('leaves the server to name what is missing or out of range, and names what it cannot read at the path the server would use', () => {
    const { input, problems } = chargeInputOf(form({ age: '', weeklyCost: '', capital: '-5', income: [{ key: 1, what: 'state_pension', amount: '12,3.4.5', period: 'weekly' }], dependentChildren: 'two' }));
    expect(input.person).not.toHaveProperty('age');
    expect(input).not.toHaveProperty('weekly_cost_pence');
    expect(input.capital_pence).toBe(-500);
    expect(input.income).toEqual([{ type: 'state_pension', period: 'weekly' }]);
    expect(problems).toEqual([
      { path: '/person/dependent_children', message: 'Enter a whole number, like 2' },
      { path: '/income/0/amount_pence', message: 'Enter an amount in pounds and pence, like 120.50' },
    ]);
  });
});

describe('a problem’s field', () => {
  const ids = new Set(['fa-person-age', 'fa-income-0-type', 'fa-income-0-amount-pence', 'fa-housing-costs-1-label', 'fa-policy-mig-weekly-pence']);

  it.each<[string, string]>([
    ['/person/age', 'fa-person-age'], ['/income/0/amount_pence', 'fa-income-0-amount-pence'], ['/policy/mig_weekly_pence', 'fa-policy-mig-weekly-pence'],
    // A whole row's problem goes to the row's first field; one under a field to that field; one with no field to none.
    ['/income/0', 'fa-income-0-type'], ['/housing_costs/1', 'fa-housing-costs-1-label'], ['/person/age/x', 'fa-person-age'], ['/council', ''], ['', ''], ['/income/3', ''],
  ])('%s is at "%s"', (path, id) => {
    expect(fieldForPath(path, ids)).toBe(id);
  });

  it('names fields after their body path', () => {
    expect(fieldIdOfPath('/housing_costs/0/amount_pence')).toBe('fa-housing-costs-0-amount-pence');
  });

  it.each<[string | undefined, string, string, string]>([
    ['Age', 'must be the age in whole years, 18 to 130', '/person/age', 'Age must be the age in whole years, 18 to 130'],
    ['Weekly cost of care', 'is required: whole pence, 0 or more', '/weekly_cost_pence', 'Weekly cost of care must be an amount in pounds and pence, £0.00 or more'],
    ['Income 1 period', 'must be one of weekly, monthly', '/income/0/period', 'Income 1 period must be one of weekly, monthly'],
    [undefined, 'must be an object', '', 'Must be an object'],
    ['Capital', 'Enter an amount in pounds and pence, like 120.50', '/capital_pence', 'Enter an amount in pounds and pence, like 120.50'],
  ])('%s: "%s" at %s is said "%s"', (label, message, path, said) => {
    expect(problemMessage(label, message, path)).toBe(said);
  });
});

describe('the fund’s figures', () => {
  it.each<[number, string]>([[1050, '£10.50 over'], [-1050, '£10.50 under'], [0, 'On budget']])('a variance of %d is "%s"', (pence, text) => {
    expect(varianceText(pence)).toBe(text);
  });

  it.each<[string | null, string | undefined]>([['2025-10-31', '2025-10-31'], ['2025-02-30', undefined], ['31/10/2025', undefined], ['', undefined], [null, undefined]])(
    'the as-at date "%s" is %s',
    (text, date) => {
      expect(calendarDateOf(text)).toBe(date);
    },
  );

  const position = {
    fund: { id: 'bcf-2025-26', name: 'Bay BCF', financialYear: '2025-26', startDate: '2025-04-01', endDate: '2026-03-31', hostPartnerId: null },
    asOf: '2025-10-31',
    partners: [{ id: 'icb', name: 'Bay ICB', kind: 'icb', contributionPence: 100, actualPence: 50, forecastPence: 120, variancePence: 20 }],
    streams: [{ id: 's1', name: 'NHS minimum', partnerId: 'icb', amountPence: 100 }],
    schemes: [{ id: 'reablement', name: 'Reablement', streamId: null, budgetPence: 100, committedPence: 70, actualPence: 50, forecastPence: 120, variancePence: 20, packages: 2 }],
    totals: { budgetPence: 100, committedPence: 70, actualPence: 50, forecastPence: 120, variancePence: 20 },
    riskShare: { description: 'Shared by contribution', overspendPence: 20, shares: [{ partnerId: 'icb', name: 'Bay ICB', amountPence: 20 }], lines: [{ label: 'Overspend', amountPence: 20 }] },
  };

  it('reads a position, and refuses one whose partner is neither the NHS nor the council', () => {
    expect(isFundPosition(position)).toBe(true);
    expect(isFundPosition({ ...position, partners: [{ ...position.partners[0], kind: 'voluntary' }] })).toBe(false);
    expect(isFundPosition({ ...position, totals: { ...position.totals, actualPence: '50' } })).toBe(false);
  });
});

describe('answers', () => {
  it('reads a charge result, and refuses one with a line in pounds', () => {
    const result = { weekly_charge_pence: 1000, council_pays_pence: 24000, tariff_income_pence: 300, self_funder: false, lines: [{ label: 'Income', amount_pence: 23025 }] };
    expect(isChargeResult(result)).toBe(true);
    expect(isChargeResult({ ...result, lines: [{ label: 'Income', amount: '£230.25' }] })).toBe(false);
  });

  it('reads a person’s money with no budget, and refuses one whose delivery mechanism it does not know', () => {
    const money = { personId: '7', personalBudget: null, directPayment: null, healthBudgets: [], packages: [], moneyLines: [{ date: '2025-05-01', label: 'Home care', amountPence: 100, funder: 'council' }] };
    expect(isPersonMoney(money)).toBe(true);
    const budget = {
      id: 'b', indicativePence: 1, agreedWeeklyPence: 1, personContributionWeeklyPence: 0, councilWeeklyPence: 1, deliveryMechanism: 'cash', start: '2025-05-01',
      end: null, rasPoints: 3, ruleSet: 'r', agreedBy: 'x', agreedAt: '2025-05-01T10:00:00Z',
    };
    expect(isPersonMoney({ ...money, personalBudget: budget })).toBe(false);
    expect(isPersonMoney({ ...money, personalBudget: { ...budget, deliveryMechanism: 'direct_payment' } })).toBe(true);
  });
});

describe('financeRouteFor', () => {
  it.each<[string, ReturnType<typeof financeRouteFor>]>([
    ['/finance/assessment', { page: 'finance-assessment' }], ['/finance/assessment/', { page: 'finance-assessment' }], ['/finance/funds', { page: 'funds' }],
    ['/finance/funds/bcf%202025', { page: 'fund', id: 'bcf 2025' }], ['/people/42/financial-assessment', { page: 'person-financial-assessment', id: '42' }],
    ['/people/42/money', { page: 'person-money', id: '42' }], ['/people/42', null], ['/finance', null], ['/finance/funds/%E0%A4%A', null], ['/finance/funds/a/b', null],
  ])('%s is %j', (path, route) => {
    expect(financeRouteFor(path)).toEqual(route);
  });

  it('builds the addresses it reads', () => {
    expect(financeRouteFor(assessmentPath('42'))).toEqual({ page: 'person-financial-assessment', id: '42' });
    expect(assessmentPath()).toBe('/finance/assessment');
    expect(fundPath('bcf 2025', '2025-10-31')).toBe('/finance/funds/bcf%202025?asOf=2025-10-31');
    expect(financeRouteFor(moneyPath('42'))).toEqual({ page: 'person-money', id: '42' });
  });
});
