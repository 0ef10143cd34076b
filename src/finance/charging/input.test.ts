// A document with problems is refused with every problem and where it is (a JSON Pointer), all at once.
import { expect, it } from 'vitest';
import { ChargeInputError, chargeInputOf } from './input.js';

const problemsOf = (document: unknown): Record<string, string> => {
  try {
    chargeInputOf(document);
  } catch (error) {
    if (!(error instanceof ChargeInputError)) throw error;
    return Object.fromEntries(error.problems.map((p) => [p.path, p.message]));
  }
  throw new Error('the document was accepted');
};

const good = {
  setting: 'non_residential', financial_year: '2024-25', person: { age: 70, pension_credit_age: true }, capital_pence: 0,
  income: [{ type: 'state_pension', amount_pence: 22_120, period: 'weekly' }], weekly_cost_pence: 30_000,
};

it('takes a good document, with defaults for what may be left out', () => {
  const input = chargeInputOf(good);
  expect(input).toMatchObject({ council: 'statutory', housingCosts: [], dre: [], nightCareArranged: false, policy: {}, property: null });
  expect(input.person).toEqual({ age: 70, pensionCreditAge: true, couple: false, disabilityPremium: false, enhancedDisabilityPremium: false, carerPremium: false, dependentChildren: 0, pensionToPartner: false });
});

it('names every problem with its path', () => {
  const problems = problemsOf({
    setting: 'home', financial_year: '2019-20', council: 'atlantis', person: { age: 12, couple: 'yes', shoe_size: 9 }, capital_pence: 12.5,
    income: [{ type: 'state_pension', amount_pence: 1000, period: 'fortnightly' }, { type: 'lottery', amount_pence: -1, period: 'weekly' }, 'x'],
    housing_costs: [{ label: '', amount_pence: 100, period: 'weekly' }], dre: {},
    policy: { mig_weekly_pence: '150', dre_method: 'generous', charge_percent: 120, colour: 'red' },
    property: { value_pence: 10, share_percent: 0, disregard: 'maybe' }, extra: true,
  });
  expect(Object.keys(problems).sort()).toEqual([
    '/capital_pence', '/council', '/dre', '/extra', '/financial_year', '/housing_costs/0/label', '/income/0/period', '/income/1/amount_pence', '/income/1/type', '/income/2',
    '/person/age', '/person/couple', '/person/shoe_size', '/policy/charge_percent', '/policy/colour', '/policy/dre_method', '/policy/mig_weekly_pence',
    '/property/disregard', '/property/share_percent', '/setting', '/weekly_cost_pence',
  ]);
  expect(problems['/income/0/period']).toBe('must be one of weekly, four_weekly, monthly, annual');
  expect(problems['/financial_year']).toMatch(/"2023-24", "2024-25", "2025-26"/);
  expect(problems['/weekly_cost_pence']).toMatch(/is required/);
});

it('refuses what is not an object, and a document without its lists', () => {
  expect(problemsOf([])).toEqual({ '': expect.stringMatching(/must be an object/) as unknown });
  expect(Object.keys(problemsOf({ setting: 'residential', financial_year: '2024-25', capital_pence: 0, weekly_cost_pence: 0 })).sort()).toEqual(['/income', '/person']);
});
