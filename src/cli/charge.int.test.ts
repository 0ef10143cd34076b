// `joinedup charge --input assessment.json` as a script runs it: the financial assessment as JSON on
// standard output; a file with problems is refused (exit 2) with each problem and where it is, and
// nothing is printed.
import path from 'node:path';
import { expect, it } from 'vitest';
import { inputFiles, runCli } from '../../test/support/cli.js';

const { dir, file } = inputFiles('joinedup-charge-');

it('prints the assessment: Devon\'s 2023-24 Example 1 (Peter), £110.10 a week towards £454.00', async () => {
  // The example of docs/finance/charging.md, from devon.gov.uk "Examples of common financial assessments".
  const input = file('peter.json', {
    setting: 'non_residential', financial_year: '2023-24',
    person: { age: 37, pension_credit_age: false, couple: false, disability_premium: true, enhanced_disability_premium: true, carer_premium: false, dependent_children: 0 },
    capital_pence: 0,
    income: [{ type: 'esa', amount_pence: 22_545, period: 'weekly' }, { type: 'pip_daily_living_enhanced', amount_pence: 10_175, period: 'weekly' }, { type: 'pip_mobility_standard', amount_pence: 2_690, period: 'weekly' }],
    housing_costs: [{ label: 'Top up rent', amount_pence: 1_000, period: 'weekly' }, { label: 'Council Tax', amount_pence: 600, period: 'weekly' }, { label: 'Contents insurance', amount_pence: 127, period: 'weekly' }],
    dre: [{ label: 'Cleaner', amount_pence: 2_000, period: 'weekly' }, { label: 'Mobile phone', amount_pence: 1_000, period: 'monthly' }, { label: 'Broadband connection', amount_pence: 2_500, period: 'monthly' }],
    weekly_cost_pence: 45_400,
  });
  const { code, stdout, stderr } = await runCli(['charge', '--input', input]);
  expect(code, stderr).toBe(0);
  const result = JSON.parse(stdout) as Record<string, unknown> & { lines: { label: string; amount_pence: number }[] };
  expect(result).toMatchObject({ weekly_charge_pence: 11_010, council_pays_pence: 34_390, tariff_income_pence: 0, self_funder: false, mig_pence: 17_175, financial_year: '2023-24' });
  expect(result.lines.find((l) => l.label === 'Less Minimum Income Guarantee')?.amount_pence).toBe(17_175);
  expect(result.lines.at(-2)).toEqual({ label: 'Weekly charge', amount_pence: 11_010, kind: 'result' });
});

it('refuses a file with problems, naming each, and prints nothing', async () => {
  const bad = file('bad.json', {
    setting: 'care home', financial_year: '2024-25', person: { age: 70 }, capital_pence: '£9,500',
    income: [{ type: 'state_pension', amount_pence: 22_120, period: 'fortnightly' }], weekly_cost_pence: 30_000,
  });
  const refused = await runCli(['charge', '--input', bad]);
  expect(refused.code).toBe(2);
  expect(refused.stdout).toBe('');
  expect(refused.stderr).toMatch(/3 problem\(s\); nothing was assessed/);
  for (const where of ['/setting', '/capital_pence', '/income/0/period']) expect(refused.stderr).toContain(`  ${where}: `);
  const notJson = await runCli(['charge', '--input', file('not.json', '{"setting": ')]);
  expect([notJson.code, notJson.stdout]).toEqual([2, '']);
  expect(notJson.stderr).toMatch(/is not JSON/);
  const missing = await runCli(['charge', '--input', path.join(dir, 'missing.json')]);
  expect([missing.code, missing.stdout]).toEqual([2, '']);
  expect(missing.stderr).toMatch(/cannot read .*missing\.json: ENOENT/);
  expect((await runCli(['charge'])).code).toBe(2);
});
