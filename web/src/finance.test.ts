import { describe, expect, it } from 'vitest';
import {
  type AssessmentForm, type ChargeResult, chargeInputOf, chargingOptionsOf, fieldForPath, fieldIdOfPath, formatPence, homeSummaryOf, isChargeResult, noHome, parsePounds,
  penceAsPounds, problemMessage, yearOn,
} from './finance.js';
import { fieldLabels } from './finance-assessment-form.js';
import { isPersonMoney } from './finance-budgets.js';
import {
  budgetBodyOf, budgetSplit, fieldErrorsFor, indicativeWeekly, postingBodyOf, rasAnswerOf, type RasRuleSet, ruleSetOn, submissionKey,
} from './finance-forms.js';
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
  nightCareDisregard: '', savingsCreditDisregardMax: '', dreFlatWeekly: '', home: noHome, ...change,
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

describe('the former home of a care home resident', () => {
  const inCareHome = (home: Partial<AssessmentForm['home']>) => chargeInputOf(form({ setting: 'residential', home: { ...noHome, ...home } }));

  it('is sent for care in a care home, in pence, with what was typed', () => {
    expect(inCareHome({ value: '200,000', priorCharges: '10000', weeksInCare: '4' })).toEqual({
      problems: [],
      input: expect.objectContaining({ setting: 'residential', property: { value_pence: 20_000_000, prior_charges_pence: 1_000_000, share_percent: 100, weeks_in_care: 4 } }) as unknown,
    });
    expect(inCareHome({ value: '150000.50', share: '50 %', weeksInCare: '0', disregard: 'mandatory' }).input.property)
      .toEqual({ value_pence: 15_000_050, share_percent: 50, weeks_in_care: 0, disregard: 'mandatory' });
    expect(inCareHome({ value: '1', disregard: 'discretionary' }).input.property).toMatchObject({ disregard: 'discretionary' });
  });

  it('is left out when nothing about it was entered, and always for care at home', () => {
    expect(inCareHome({}).input).not.toHaveProperty('property');
    expect(inCareHome({ share: '' }).input).not.toHaveProperty('property');
    expect(chargeInputOf(form({ home: { ...noHome, value: '200000', weeksInCare: '4' } })).input).not.toHaveProperty('property');
  });

  it('leaves a missing value and an out-of-range share or weeks for the server to name, and names what it cannot read', () => {
    // Weeks typed without a value: the block is sent, so the server says the value is needed.
    expect(inCareHome({ weeksInCare: '14' }).input.property).toEqual({ share_percent: 100, weeks_in_care: 14 });
    expect(inCareHome({ value: '200000', share: '0', weeksInCare: '-1' }).input.property).toEqual({ value_pence: 20_000_000, share_percent: 0, weeks_in_care: -1 });
    expect(inCareHome({ value: 'a lot', share: 'half', weeksInCare: '4.5', priorCharges: '1.234' }).problems).toEqual([
      { path: '/property/value_pence', message: 'Enter an amount in pounds and pence, like 120.50' },
      { path: '/property/prior_charges_pence', message: 'Enter an amount in pounds and pence, like 120.50' },
      { path: '/property/share_percent', message: 'Enter a whole number, like 2' },
      { path: '/property/weeks_in_care', message: 'Enter a whole number, like 2' },
    ]);
  });

  it('puts the server’s problems about the home beside its fields, which are there only for care in a care home', () => {
    const ids = new Set(fieldLabels(form({ setting: 'residential' })).keys());
    expect(['/property/value_pence', '/property/prior_charges_pence', '/property/share_percent', '/property/weeks_in_care', '/property/disregard', '/property']
      .map((path) => fieldForPath(path, ids))).toEqual([
      'fa-property-value-pence', 'fa-property-prior-charges-pence', 'fa-property-share-percent', 'fa-property-weeks-in-care', 'fa-property-disregard', 'fa-property-value-pence',
    ]);
    expect(fieldForPath('/property/share_percent', new Set(fieldLabels(form()).keys()))).toBe('');
    const labels = fieldLabels(form({ setting: 'residential' }));
    expect(problemMessage(labels.get('fa-property-share-percent'), 'must be the person\'s share of the home, a whole percentage 1 to 100', '/property/share_percent'))
      .toBe('Share of the home must be the person\'s share of the home, a whole percentage 1 to 100');
    expect(problemMessage(labels.get('fa-property-value-pence'), 'is required: whole pence, 0 or more', '/property/value_pence'))
      .toBe('Value of the home must be an amount in pounds and pence, £0.00 or more');
  });

  const result = (property: ChargeResult['property'], deferred: ChargeResult['deferred_payment'] = null): ChargeResult => ({
    weekly_charge_pence: 19_362, council_pays_pence: 70_638, tariff_income_pence: 0, self_funder: false, lines: [], property, deferred_payment: deferred,
  });
  const home = { value_pence: 20_000_000, share_percent: 100, prior_charges_pence: 1_000_000, capital_value_pence: 17_000_000 };

  it('says in the letter that the home is disregarded, the weeks left, and the equity limit', () => {
    const rows = homeSummaryOf(result(
      { ...home, counted_pence: 0, disregard: 'twelve_week', twelve_week_weeks_left: 8 },
      { must_offer: true, reason: 'Capital other than the home is within the limit.', equity_limit_pence: 15_575_000 },
    ));
    expect(rows.map((r) => [r.label, r.value])).toEqual([
      ['How the home is treated', 'Disregarded for the first 12 weeks of the permanent placement'], ['Weeks of the 12-week disregard left', '8 weeks'],
      ['Value of the home as capital', '£170,000.00'], ['Counted as capital now', '£0.00'], ['Deferred payment agreement', 'The council must offer one'],
      ['Equity limit', '£155,750.00'],
    ]);
    expect(rows[2]?.detail).toBe('100% of £200,000.00, less 10% for the costs of selling it and the loans secured on it.');
    expect(rows[4]?.detail).toBe('Capital other than the home is within the limit.');
  });

  it('says when the home counts, or is kept out for good, and nothing when there is no home', () => {
    const counted = homeSummaryOf(result({ ...home, counted_pence: 17_000_000, disregard: 'none', twelve_week_weeks_left: null }));
    expect(counted.map((r) => [r.label, r.value])).toEqual([
      ['How the home is treated', 'Counted as capital'], ['Value of the home as capital', '£170,000.00'], ['Counted as capital now', '£170,000.00'],
    ]);
    const kept = homeSummaryOf(result({ ...home, counted_pence: 0, disregard: 'mandatory', twelve_week_weeks_left: null }, { must_offer: false, reason: 'Disregarded.', equity_limit_pence: 1 }));
    expect(kept[0]?.value).toMatch(/^Disregarded: a partner/);
    expect(kept.find((r) => r.label === 'Deferred payment agreement')?.value).toBe('The council does not have to offer one');
    expect(homeSummaryOf(result({ ...home, counted_pence: 0, disregard: 'twelve_week', twelve_week_weeks_left: 1 }))[1]?.value).toBe('1 week');
    expect(homeSummaryOf(result(null))).toEqual([]);
    expect(homeSummaryOf({ ...result(null), property: undefined })).toEqual([]);
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

  it('reads what a charge result says of the former home, and refuses it in pounds', () => {
    const result = { weekly_charge_pence: 1000, council_pays_pence: 24000, tariff_income_pence: 0, self_funder: false, lines: [] };
    const property = { value_pence: 100, share_percent: 100, prior_charges_pence: 0, capital_value_pence: 90, counted_pence: 0, disregard: 'twelve_week', twelve_week_weeks_left: 3 };
    const deferred = { must_offer: true, reason: 'Within the limit.', equity_limit_pence: 0 };
    expect(isChargeResult({ ...result, property, deferred_payment: deferred })).toBe(true);
    expect(isChargeResult({ ...result, property: null, deferred_payment: null })).toBe(true);
    expect(isChargeResult({ ...result, property: { ...property, counted_pence: '£0' } })).toBe(false);
    expect(isChargeResult({ ...result, property: { ...property, twelve_week_weeks_left: undefined } })).toBe(false);
    expect(isChargeResult({ ...result, deferred_payment: { ...deferred, must_offer: 'yes' } })).toBe(false);
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

describe('resource allocation rules', () => {
  const rules = (id: string, effectiveFrom: string, poundsPerPointPence: number, minimumWeeklyPence = 0): RasRuleSet => ({
    id, name: `Rules ${id}`, effectiveFrom, source: 'illustrative', poundsPerPointPence, minimumWeeklyPence,
    domains: [
      { id: 'personal_care', label: 'Personal care', levels: [{ level: 'none', label: 'None', points: 0 }, { level: 'some', label: 'Some', points: 10 }, { level: 'full', label: 'Full', points: 40 }] },
      { id: 'carer', label: 'Carer', levels: [{ level: 'none', label: 'No carer', points: 0 }, { level: 'substantial', label: 'Substantial', points: -10 }] },
    ],
  });
  const older = rules('a', '2025-04-01', 250);
  const newer = rules('b', '2026-04-01', 300, 5_000);
  const answer = { ...newer, ruleSets: [newer, older] };

  it('reads the answer, and refuses one whose level has no points', () => {
    expect(rasAnswerOf(answer)).toEqual({ current: newer, ruleSets: [newer, older] });
    expect(rasAnswerOf({ ...answer, ruleSets: [{ ...older, domains: [{ id: 'x', label: 'X', levels: [{ level: 'l', label: 'L' }] }] }] })).toBeUndefined();
    expect(rasAnswerOf({ ...answer, poundsPerPointPence: '2.50' })).toBeUndefined();
  });

  it.each<[string | undefined, string | null]>([['2025-04-01', 'a'], ['2026-03-31', 'a'], ['2026-04-01', 'b'], ['2030-01-01', 'b'], ['2025-03-31', null], [undefined, 'b']])(
    'on %s the rules in force are %s',
    (day, id) => {
      const ras = rasAnswerOf(answer);
      if (ras === undefined) throw new Error('the answer was refused');
      expect(ruleSetOn(ras, day)?.id ?? null).toBe(id);
    },
  );

  it.each<[Record<string, string>, 'a' | 'b', number, number]>([
    [{ personal_care: 'some' }, 'a', 10, 2_500],
    [{ personal_care: 'full', carer: 'substantial' }, 'a', 30, 7_500],
    // A carer's support takes points away, never below none; the minimum weekly amount still applies.
    [{ personal_care: 'none', carer: 'substantial' }, 'a', 0, 0],
    [{ personal_care: 'some' }, 'b', 10, 5_000],
    [{ personal_care: 'full' }, 'b', 40, 12_000],
    [{ personal_care: '', unknown: 'x' }, 'a', 0, 0],
  ])('needs %j under rules %s score %d points, %d pence a week', (needs, set, points, weeklyPence) => {
    expect(indicativeWeekly(set === 'a' ? older : newer, needs)).toEqual({ points, weeklyPence });
  });

  it.each<[number, number, number, number]>([[10_000, 2_500, 2_500, 7_500], [10_000, 0, 0, 10_000], [2_000, 2_500, 2_000, 0]])(
    'an agreed %d with a charge of %d: the person pays %d, the council %d',
    (agreed, charge, person, council) => {
      expect(budgetSplit(agreed, charge)).toEqual({ personPence: person, councilPence: council });
    },
  );
});

describe('bodies of the finance forms', () => {
  const budget = { needs: { personal_care: 'some', nutrition: '' }, agreed: null, deliveryMechanism: 'direct_payment', start: '2026-01-05', assessmentId: '' };

  it('leaves out needs not assessed, and the agreed amount while it follows the indicative one', () => {
    expect(budgetBodyOf(budget)).toEqual({ body: { needs: { personal_care: 'some' }, deliveryMechanism: 'direct_payment', start: '2026-01-05' }, problems: [] });
    expect(budgetBodyOf({ ...budget, agreed: '120.50', assessmentId: '7' }).body).toMatchObject({ agreedWeeklyPence: 12_050, assessmentId: '7' });
    // A negative amount is the server's to refuse, in its words beside the field.
    expect(budgetBodyOf({ ...budget, agreed: '-5' }).body.agreedWeeklyPence).toBe(-500);
  });

  it.each(['', 'twelve', '1.234'])('says the agreed amount "%s" is not pounds and pence', (agreed) => {
    expect(budgetBodyOf({ ...budget, agreed }).problems).toEqual([{ path: '/agreedWeeklyPence', message: 'Enter the agreed weekly budget in pounds and pence, like 120.50' }]);
  });

  it('builds a posting in pence with the reference trimmed, or says the amount is not money', () => {
    const form = { kind: 'invoice', amount: '1,200.5', date: '2026-01-05', reference: ' INV-9 ' };
    expect(postingBodyOf(form, { schemeId: 's1' })).toEqual({ body: { schemeId: 's1', kind: 'invoice', date: '2026-01-05', reference: 'INV-9', amountPence: 120_050 }, problems: [] });
    expect(postingBodyOf({ ...form, amount: '' }).problems).toEqual([{ path: '/amountPence', message: 'Enter the amount in pounds and pence, like 120.50' }]);
  });

  it('keeps a submission’s idempotency key while the body is the same, and makes a new one when it changes', () => {
    let n = 0;
    const newKey = () => `key-${String(++n)}`;
    const first = submissionKey(null, '{"a":1}', newKey);
    expect(first).toEqual({ body: '{"a":1}', key: 'key-1' });
    expect(submissionKey(first, '{"a":1}', newKey)).toBe(first);
    expect(submissionKey(first, '{"a":2}', newKey)).toEqual({ body: '{"a":2}', key: 'key-2' });
  });

  it('puts the server’s problems beside their fields, in the field’s words when they follow a field’s name', () => {
    const fields = { '/start': { id: 'pb-start', message: 'Enter the date the budget starts' }, '/needs': { id: 'pb-needs-x', message: 'Choose a level' } };
    expect(fieldErrorsFor([
      { path: '/start', message: 'must match pattern "^[0-9]{4}"' }, { path: '/needs', message: 'give the assessed level of at least one needs domain' },
      { path: '/', message: 'must have required property \'start\'' },
    ], fields)).toEqual([
      { fieldId: 'pb-start', message: 'Enter the date the budget starts' }, { fieldId: 'pb-needs-x', message: 'Give the assessed level of at least one needs domain' },
      { fieldId: '', message: 'Must have required property \'start\'' },
    ]);
  });
});
