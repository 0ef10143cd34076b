// The finance screens in a real browser against the real server, on the bay's people and the demo
// pooled fund over them: a social worker opens Cara's money from her record, starts a financial
// assessment and sees it calculated as she types (what the server calculates for the same input),
// adds and removes income, is told beside the field and in the error summary that an age is out of
// range (the server's own words), corrects it, sees the self-funder notice when capital is over the
// upper limit, and saves the assessment, which then shows on Cara's money page with her personal
// budget, direct payment and health budget; a commissioner opens the pooled fund from the header,
// reads its figures by scheme and partner and its risk share, and changes the as-at date, which the
// address keeps; they see no one's name or package, which a social worker sees only for the people
// whose record they may see; a social worker assesses a care home resident with a former home,
// disregarded in week 4 of the placement and counted from week 14 (what the server calculates for
// the same document), and is told beside the field that a share of 0 is not a share. Every state is checked with axe-core (WCAG 2.2 AA) and a clean console.
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { expectNoAccessibilityViolations, type PageProblem, summaryValue } from '../../test/support/browser.js';
import { financeBrowserSuite } from '../../test/support/finance.js';
import { type ChargeResult, formatPence } from './finance.js';
import type { Fund, FundPackages, FundPosition } from './finance-fund.js';
import { formatDate } from './format.js';

const testTimeoutMs = 120_000;
const waitMs = 10_000;

const today = new Date().toISOString().slice(0, 10);
const { suite, bay } = financeBrowserSuite(today);

/** Problems the journey provokes on purpose: the calculation's 400s while the form is incomplete or wrong. */
const refused = (status: number) => (problem: PageProblem): boolean => problem.status === status || new RegExp(`\\b${String(status)}\\b`).test(problem.message);
const calculationRefused = (problem: PageProblem): boolean => refused(400)(problem) && (problem.url ?? '').endsWith('/api/finance/charge');

/** What the live calculation says when it has calculated (its status region). */
const calculatedAs = (page: Page, weeklyChargePence: number) =>
  page.getByRole('status').filter({ hasText: `Weekly charge: ${formatPence(weeklyChargePence)}.` }).waitFor({ timeout: waitMs });

describe('finance screens', () => {
  it(
    'lets a social worker assess Cara’s finances live, correct an invalid field, save it, and see it with her money',
    async () => {
      const { ids, as, get, post } = bay();
      const cara = String(ids.cara);
      // Cara's personal budget (by the resource allocation rules), a direct payment into her account and an NHS budget.
      const ras = (await get('/api/finance/ras', as.social)).body as { ruleSets: { domains: { id: string; levels: { level: string }[] }[] }[] };
      const needs = Object.fromEntries((ras.ruleSets[0]?.domains ?? []).map((d) => [d.id, d.levels[1]?.level ?? d.levels[0]?.level ?? '']));
      expect((await post(`/api/people/${cara}/personal-budgets`, { needs, deliveryMechanism: 'direct_payment', start: today }, as.social)).status).toBe(201);
      expect((await post(`/api/people/${cara}/direct-payments`, { kind: 'payment', amountPence: 48_210, date: today, reference: 'DP-0001', idempotencyKey: 'browser-dp-1' }, as.social)).status).toBe(201);
      expect((await post(`/api/people/${cara}/health-budgets`, { kind: 'chc', weeklyPence: 61_250, management: 'notional', start: today }, as.social)).status).toBe(201);
      // The demo fund may have stored assessments of her already (for the budgets it agreed).
      const assessedBefore = ((await get(`/api/people/${cara}/financial-assessments`, as.social)).body as { assessments: unknown[] }).assessments.length;

      await suite.open(
        `/people/${cara}`,
        async ({ page, assertNoConsoleErrors }) => {
          await page.getByRole('navigation', { name: 'About this record' }).getByRole('link', { name: 'Money and budgets' }).click();
          await page.waitForURL(new RegExp(`/people/${cara}/money$`), { timeout: waitMs });
          await page.getByRole('heading', { level: 1, name: 'Money and budgets' }).waitFor({ timeout: waitMs });
          if (assessedBefore === 0) await page.getByText('No financial assessment has been saved yet.').waitFor({ timeout: waitMs });
          else await page.getByRole('table', { name: 'Financial assessments, newest first' }).waitFor({ timeout: waitMs });
          await page.getByRole('link', { name: 'Start a financial assessment' }).click();
          await page.waitForURL(new RegExp(`/people/${cara}/financial-assessment$`), { timeout: waitMs });
          await page.getByRole('heading', { level: 1, name: 'Financial assessment' }).waitFor({ timeout: waitMs });
          await page.getByText('Cara Cole', { exact: true }).waitFor({ timeout: waitMs });
          await page.getByText('Enter the person’s details: the calculation shows here as you type.').waitFor({ timeout: waitMs });
          await expectNoAccessibilityViolations(page);

          const financialYear = await page.getByLabel('Financial year').inputValue();
          const chargeInput = (change: { age?: number; capital?: number; income?: object[] } = {}) => ({
            setting: 'non_residential', financial_year: financialYear,
            person: {
              pension_credit_age: true, couple: false, disability_premium: false, enhanced_disability_premium: false, carer_premium: false, dependent_children: 0,
              ...(change.age === undefined ? {} : { age: change.age }),
            },
            capital_pence: change.capital ?? 1_500_000,
            income: change.income ?? [{ type: 'state_pension', amount_pence: 23_025, period: 'weekly' }, { type: 'private_pension', amount_pence: 40_000, period: 'monthly' }],
            housing_costs: [], dre: [], weekly_cost_pence: 30_000,
          });
          const charge = async (body: object) => post('/api/finance/charge', body, as.social);

          // Cara's details, her income in two lines (one added, another added and removed), and the cost of her care.
          await page.getByLabel('Has reached pension credit age').check();
          await page.getByLabel('Capital', { exact: true }).fill('15,000');
          const income1 = page.getByRole('group', { name: 'Income 1', exact: true });
          await income1.getByLabel('Type').selectOption('state_pension');
          await income1.getByLabel('Amount').fill('230.25');
          await page.getByRole('button', { name: 'Add income' }).click();
          await page.getByRole('button', { name: 'Add income' }).click();
          await page.getByRole('button', { name: 'Remove income 3' }).click();
          expect(await page.getByRole('group', { name: /^Income \d$/ }).count()).toBe(2);
          const income2 = page.getByRole('group', { name: 'Income 2', exact: true });
          await income2.getByLabel('Type').selectOption('private_pension');
          await income2.getByLabel('Amount').fill('400');
          await income2.getByLabel('How often').selectOption('monthly');
          await page.getByLabel('Weekly cost of care').fill('300');

          // An age out of range: the server's words, beside the field and in the summary, which links to it.
          await page.getByLabel('Age', { exact: true }).fill('12');
          const tooYoung = await charge(chargeInput({ age: 12 }));
          expect(tooYoung.status).toBe(400);
          const problems = tooYoung.body.errors as { path: string; message: string }[];
          expect(problems.map((p) => p.path)).toEqual(['/person/age']);
          const ageMessage = `Age ${problems[0]?.message ?? ''}`;
          const summary = page.locator('.nhsuk-error-summary');
          await summary.getByRole('link', { name: ageMessage }).waitFor({ timeout: waitMs });
          expect(await summary.getByRole('link').count()).toBe(1);
          expect(await page.locator('#fa-person-age-error').innerText()).toContain(ageMessage);
          expect(await page.title()).toBe('Error: Financial assessment – Joined Up');
          // Checked as typed, the summary does not take focus from the field being typed in.
          expect(await page.evaluate(() => document.activeElement?.id)).toBe('fa-person-age');
          await expectNoAccessibilityViolations(page);
          await summary.getByRole('link', { name: ageMessage }).click();
          expect(await page.evaluate(() => document.activeElement?.id)).toBe('fa-person-age');

          // Corrected: the letter is what the server calculates for the same input, line by line.
          await page.getByLabel('Age', { exact: true }).fill('82');
          const answer = await charge(chargeInput({ age: 82 }));
          expect(answer.status).toBe(200);
          const result = answer.body as unknown as ChargeResult;
          await calculatedAs(page, result.weekly_charge_pence);
          expect(await page.locator('.nhsuk-error-summary').count()).toBe(0);
          expect(await page.locator('#fa-person-age-error').count()).toBe(0);
          expect(await summaryValue(page, 'Weekly charge')).toBe(formatPence(result.weekly_charge_pence));
          expect(await summaryValue(page, 'Council pays')).toBe(`${formatPence(result.council_pays_pence)} a week`);
          expect(await summaryValue(page, 'Tariff income')).toBe(`${formatPence(result.tariff_income_pence)} a week`);
          const lines = page.getByRole('table', { name: 'How the charge is worked out' }).locator('tbody tr');
          expect(await lines.allInnerTexts()).toEqual(result.lines.map((l) => `${l.label}\t${formatPence(l.amount_pence)}`));
          expect(await page.title()).toBe('Financial assessment – Joined Up');
          await expectNoAccessibilityViolations(page);

          // Capital over the upper limit: she would pay the full cost herself.
          await page.getByLabel('Capital', { exact: true }).fill('30000');
          const wealthy = (await charge(chargeInput({ age: 82, capital: 3_000_000 }))).body as unknown as ChargeResult;
          expect(wealthy.self_funder).toBe(true);
          await page.getByRole('heading', { name: /The person pays the full cost of their care/ }).waitFor({ timeout: waitMs });
          await calculatedAs(page, wealthy.weekly_charge_pence);
          await expectNoAccessibilityViolations(page);
          await page.getByLabel('Capital', { exact: true }).fill('15000');
          await calculatedAs(page, result.weekly_charge_pence);
          expect(await page.getByRole('heading', { name: /The person pays the full cost of their care/ }).count()).toBe(0);

          // Saved on her record, and shown with her money.
          await page.getByRole('button', { name: 'Save assessment' }).click();
          await page.getByText(`Saved: financial assessment for ${financialYear}, weekly charge ${formatPence(result.weekly_charge_pence)}.`).waitFor({ timeout: waitMs });
          await expectNoAccessibilityViolations(page);
          const saved = (await get(`/api/people/${cara}/financial-assessments`, as.social)).body as { assessments: { weeklyChargePence: number; assessedBy: string; input: object }[] };
          expect(saved.assessments).toHaveLength(assessedBefore + 1);
          expect(saved.assessments[0]?.weeklyChargePence).toBe(result.weekly_charge_pence);
          expect(saved.assessments[0]?.input).toMatchObject(chargeInput({ age: 82 }));

          await page.getByRole('link', { name: 'See their money and assessments' }).click();
          await page.waitForURL(new RegExp(`/people/${cara}/money$`), { timeout: waitMs });
          const assessments = page.getByRole('table', { name: 'Financial assessments, newest first' }).locator('tbody tr');
          await assessments.first().waitFor({ timeout: waitMs });
          expect(await assessments.count()).toBe(Math.min(5, assessedBefore + 1));
          expect(await assessments.first().innerText()).toContain(formatPence(result.weekly_charge_pence));
          expect(await assessments.first().innerText()).toContain('Sam Clarke');

          // Her money, as the API has it.
          const money = (await get(`/api/people/${cara}/money`, as.social)).body as {
            personalBudget: { agreedWeeklyPence: number; personContributionWeeklyPence: number; councilWeeklyPence: number };
            directPayment: { balancePence: number; lines: unknown[] }; healthBudgets: { weeklyPence: number }[]; moneyLines: { funder: string }[];
          };
          expect(await summaryValue(page, 'Agreed budget')).toBe(`${formatPence(money.personalBudget.agreedWeeklyPence)} a week`);
          expect(await summaryValue(page, 'Person’s contribution')).toBe(`${formatPence(money.personalBudget.personContributionWeeklyPence)} a week`);
          expect(await summaryValue(page, 'Council’s amount')).toBe(`${formatPence(money.personalBudget.councilWeeklyPence)} a week`);
          expect(await summaryValue(page, 'How it is managed')).toBe('Direct payment');
          expect(await summaryValue(page, 'Balance')).toBe(formatPence(money.directPayment.balancePence));
          expect(await page.getByRole('table', { name: 'Direct payment account lines' }).locator('tbody tr').count()).toBe(money.directPayment.lines.length);
          const health = page.getByRole('table', { name: 'Personal health budgets' }).locator('tbody tr');
          expect(await health.count()).toBe(money.healthBudgets.length);
          expect(await health.filter({ hasText: 'NHS Continuing Healthcare' }).filter({ hasText: formatPence(61_250) }).count()).toBe(1);
          const moneyLines = page.getByRole('table', { name: 'Money lines, with who pays each' }).locator('tbody tr');
          expect(await moneyLines.count()).toBe(money.moneyLines.length);
          await expectNoAccessibilityViolations(page);
          assertNoConsoleErrors();
        },
        { session: as.social, expected: calculationRefused },
      );
    },
    testTimeoutMs,
  );

  it(
    'lets a social worker assess a care home resident’s former home: disregarded in week 4, counted in week 14, and a share of 0 refused beside the field',
    async () => {
      const { ids, as, post } = bay();
      const cara = String(ids.cara);
      const charge = async (body: object) => post('/api/finance/charge', body, as.social);

      await suite.open(
        `/people/${cara}/financial-assessment`,
        async ({ page: p, assertNoConsoleErrors }) => {
          /** A summary row's answer, without the words under it that say why. */
          const answerOf = async (key: string) => (await summaryValue(p, key)).split('\n')[0]?.trim();
          /** Waits for the letter to say `text` in the row `key` (the calculation of what was typed last, not of a field typed before it). */
          const letterSays = (key: string, text: string) => p.locator('.nhsuk-summary-list__row')
            .filter({ has: p.locator('.nhsuk-summary-list__key', { hasText: key }) }).filter({ hasText: text }).waitFor({ timeout: waitMs });
          await p.getByRole('heading', { level: 1, name: 'Financial assessment' }).waitFor({ timeout: waitMs });
          await p.getByText('Enter the person’s details: the calculation shows here as you type.').waitFor({ timeout: waitMs });
          const homeGroup = p.getByRole('group', { name: 'The person’s former home' });
          // Care at home: the home the person lives in is not assessed, so there are no fields for it.
          expect(await homeGroup.count()).toBe(0);
          await p.getByRole('radio', { name: 'Care in a care home' }).check();
          await homeGroup.waitFor({ timeout: waitMs });
          await expectNoAccessibilityViolations(p);

          const financialYear = await p.getByLabel('Financial year').inputValue();
          const assessment = (property: object) => ({
            setting: 'residential', financial_year: financialYear,
            person: { pension_credit_age: true, couple: false, disability_premium: false, enhanced_disability_premium: false, carer_premium: false, age: 84, dependent_children: 0 },
            capital_pence: 1_000_000, income: [{ type: 'state_pension', amount_pence: 22_120, period: 'weekly' }], housing_costs: [], dre: [], weekly_cost_pence: 90_000,
            property: { value_pence: 20_000_000, prior_charges_pence: 1_000_000, share_percent: 100, ...property },
          });

          await p.getByLabel('Age', { exact: true }).fill('84');
          await p.getByLabel('Has reached pension credit age').check();
          await p.getByLabel('Capital', { exact: true }).fill('10,000');
          const income1 = p.getByRole('group', { name: 'Income 1', exact: true });
          await income1.getByLabel('Type').selectOption('state_pension');
          await income1.getByLabel('Amount').fill('221.20');
          await p.getByLabel('Weekly cost of care').fill('900');
          await homeGroup.getByLabel('Value of the home').fill('200,000');
          await homeGroup.getByLabel('Mortgages and loans secured on the home').fill('10000');
          expect(await homeGroup.getByLabel('The person’s share of the home').inputValue()).toBe('100');
          await homeGroup.getByLabel('Weeks since the placement became permanent').fill('4');

          // Week 4: the home is disregarded, with 8 weeks of the 12 left, and the equity limit is the server's.
          const early = await charge(assessment({ weeks_in_care: 4 }));
          expect(early.status).toBe(200);
          const inWeek4 = early.body as unknown as ChargeResult;
          expect(inWeek4.property).toMatchObject({ disregard: 'twelve_week', counted_pence: 0, twelve_week_weeks_left: 8 });
          expect(inWeek4.self_funder).toBe(false);
          await letterSays('Weeks of the 12-week disregard left', '8 weeks');
          await calculatedAs(p, inWeek4.weekly_charge_pence);
          expect(await answerOf('How the home is treated')).toBe('Disregarded for the first 12 weeks of the permanent placement');
          expect(await answerOf('Weeks of the 12-week disregard left')).toBe('8 weeks');
          expect(await answerOf('Value of the home as capital')).toBe(formatPence(inWeek4.property?.capital_value_pence ?? -1));
          expect(await answerOf('Counted as capital now')).toBe(formatPence(0));
          expect(await answerOf('Deferred payment agreement')).toBe(inWeek4.deferred_payment?.must_offer === true ? 'The council must offer one' : 'The council does not have to offer one');
          expect(await answerOf('Equity limit')).toBe(formatPence(inWeek4.deferred_payment?.equity_limit_pence ?? -1));
          expect(await answerOf('Weekly charge')).toBe(formatPence(inWeek4.weekly_charge_pence));
          const lines = p.getByRole('table', { name: 'How the charge is worked out' }).locator('tbody tr');
          expect(await lines.allInnerTexts()).toEqual(inWeek4.lines.map((l) => `${l.label}\t${formatPence(l.amount_pence)}`));
          expect(await p.getByRole('heading', { name: /The person pays the full cost of their care/ }).count()).toBe(0);
          await expectNoAccessibilityViolations(p);

          // Week 14: the 12 weeks are over, the home counts, and she pays the full cost herself.
          await homeGroup.getByLabel('Weeks since the placement became permanent').fill('14');
          const inWeek14 = (await charge(assessment({ weeks_in_care: 14 }))).body as unknown as ChargeResult;
          expect(inWeek14.self_funder).toBe(true);
          expect(inWeek14.property).toMatchObject({ disregard: 'none', twelve_week_weeks_left: null });
          await calculatedAs(p, inWeek14.weekly_charge_pence);
          await p.getByRole('heading', { name: /The person pays the full cost of their care/ }).waitFor({ timeout: waitMs });
          expect(await answerOf('How the home is treated')).toBe('Counted as capital');
          expect(await answerOf('Counted as capital now')).toBe(formatPence(inWeek14.property?.counted_pence ?? -1));
          expect(await p.locator('.nhsuk-summary-list__key', { hasText: 'Weeks of the 12-week disregard left' }).count()).toBe(0);
          expect(await answerOf('Equity limit')).toBe(formatPence(inWeek14.deferred_payment?.equity_limit_pence ?? -1));
          expect(await answerOf('Council pays')).toBe(`${formatPence(inWeek14.council_pays_pence)} a week`);
          expect(await lines.allInnerTexts()).toEqual(inWeek14.lines.map((l) => `${l.label}\t${formatPence(l.amount_pence)}`));
          await expectNoAccessibilityViolations(p);

          // A share of 0: the server's words, beside the field and in the summary, which links to it.
          await homeGroup.getByLabel('The person’s share of the home').fill('0');
          const noShare = await charge(assessment({ weeks_in_care: 14, share_percent: 0 }));
          expect(noShare.status).toBe(400);
          const problems = noShare.body.errors as { path: string; message: string }[];
          expect(problems.map((e) => e.path)).toEqual(['/property/share_percent']);
          const shareMessage = `Share of the home ${problems[0]?.message ?? ''}`;
          const summary = p.locator('.nhsuk-error-summary');
          await summary.getByRole('link', { name: shareMessage }).waitFor({ timeout: waitMs });
          expect(await summary.getByRole('link').count()).toBe(1);
          expect(await p.locator('#fa-property-share-percent-error').innerText()).toContain(shareMessage);
          expect(await p.getByRole('table', { name: 'How the charge is worked out' }).count()).toBe(0);
          await expectNoAccessibilityViolations(p);
          await summary.getByRole('link', { name: shareMessage }).click();
          expect(await p.evaluate(() => document.activeElement?.id)).toBe('fa-property-share-percent');

          // Put right: half the home is hers, and the letter is the server's again.
          await homeGroup.getByLabel('The person’s share of the home').fill('50');
          const half = (await charge(assessment({ weeks_in_care: 14, share_percent: 50 }))).body as unknown as ChargeResult;
          await letterSays('Value of the home as capital', formatPence(half.property?.capital_value_pence ?? -1));
          await calculatedAs(p, half.weekly_charge_pence);
          expect(await summary.count()).toBe(0);
          expect(await answerOf('Value of the home as capital')).toBe(formatPence(half.property?.capital_value_pence ?? -1));
          expect(half.property?.capital_value_pence).toBeLessThan(inWeek14.property?.capital_value_pence ?? 0);
          assertNoConsoleErrors();
        },
        { session: as.social, expected: calculationRefused },
      );
    },
    testTimeoutMs,
  );

  it(
    'shows a commissioner the pooled fund by scheme and partner with its risk share, as at the date they choose, and no one’s name',
    async () => {
      const { ids, as, get } = bay();
      const funds = ((await get('/api/finance/funds', as.commissioner)).body as { funds: Fund[] }).funds;
      expect(funds.length).toBeGreaterThan(0);
      const fund = funds[0] as Fund;
      const position = (await get(`/api/finance/funds/${fund.id}/position`, as.commissioner)).body as unknown as FundPosition;
      // A day early in the fund's year, when less had been spent.
      const earlier = new Date(Date.parse(`${fund.startDate}T00:00:00Z`) + 45 * 86_400_000).toISOString().slice(0, 10);
      const then = (await get(`/api/finance/funds/${fund.id}/position?asOf=${earlier}`, as.commissioner)).body as unknown as FundPosition;
      // No person data for commissioners: no packages, no one's money.
      expect((await get(`/api/finance/funds/${fund.id}/packages`, as.commissioner)).status).toBe(403);
      expect((await get(`/api/people/${String(ids.cara)}/money`, as.commissioner)).status).toBe(403);

      await suite.open(
        '/',
        async ({ page, assertNoConsoleErrors }) => {
          const menu = page.getByRole('navigation', { name: 'Menu' });
          expect(await menu.getByRole('link', { name: 'Financial assessment' }).count()).toBe(0);
          await menu.getByRole('link', { name: 'Pooled funds' }).click();
          await page.waitForURL(/\/finance\/funds$/, { timeout: waitMs });
          const list = page.getByRole('table', { name: 'Pooled funds' }).locator('tbody tr');
          await list.first().waitFor({ timeout: waitMs });
          expect(await list.count()).toBe(funds.length);
          await expectNoAccessibilityViolations(page);
          await page.getByRole('link', { name: fund.name }).click();
          await page.waitForURL(new RegExp(`/finance/funds/${fund.id}$`), { timeout: waitMs });
          await page.getByRole('heading', { level: 1, name: fund.name }).waitFor({ timeout: waitMs });
          await page.getByRole('table', { name: 'By scheme' }).waitFor({ timeout: waitMs });

          expect(await summaryValue(page, 'As at')).toBe(formatDate(position.asOf));
          expect(await summaryValue(page, 'Budget')).toBe(formatPence(position.totals.budgetPence));
          expect(await summaryValue(page, 'Committed')).toBe(formatPence(position.totals.committedPence));
          expect(await summaryValue(page, 'Actual')).toBe(formatPence(position.totals.actualPence));
          expect(await summaryValue(page, 'Forecast')).toBe(formatPence(position.totals.forecastPence));
          const schemes = page.getByRole('table', { name: 'By scheme' }).locator('tbody tr');
          expect(await schemes.count()).toBe(position.schemes.length);
          for (const scheme of position.schemes) {
            const row = schemes.filter({ hasText: scheme.name });
            expect(await row.count()).toBeGreaterThan(0);
            const text = await row.first().innerText();
            expect(text).toContain(formatPence(scheme.budgetPence));
            expect(text).toContain(formatPence(scheme.forecastPence));
            expect(text.includes('Overspend')).toBe(scheme.variancePence > 0);
          }
          const partners = page.getByRole('table', { name: 'By partner' }).locator('tbody tr');
          expect(await partners.count()).toBe(position.partners.length);
          for (const partner of position.partners) expect(await partners.filter({ hasText: partner.name }).first().innerText()).toContain(formatPence(partner.contributionPence));
          const riskShare = page.getByRole('region', { name: 'Risk share' });
          await riskShare.getByText(position.riskShare.description).waitFor({ timeout: waitMs });
          expect(await riskShare.getByRole('table').locator('tbody tr').count()).toBe(position.riskShare.lines.length);
          const { overspendPence, shares } = position.riskShare;
          if (overspendPence < 0) expect(await summaryValue(riskShare, 'Forecast underspend')).toBe(formatPence(-overspendPence));
          else expect(await summaryValue(riskShare, 'Forecast overspend')).toBe(overspendPence === 0 ? 'None' : formatPence(overspendPence));
          // An underspend comes back to the partners; an overspend is paid by them.
          for (const share of shares) {
            expect(await summaryValue(riskShare, `${share.name} ${share.amountPence < 0 ? 'gets back' : 'pays'}`)).toBe(formatPence(Math.abs(share.amountPence)));
          }
          expect(await page.getByRole('heading', { name: 'Care packages charged to the fund' }).count()).toBe(0);
          await expectNoAccessibilityViolations(page);

          // The position as at an earlier day, kept in the address.
          await page.getByLabel('Position as at').fill(earlier);
          await page.getByRole('button', { name: 'Show the position' }).click();
          await page.waitForURL(new RegExp(`/finance/funds/${fund.id}\\?asOf=${earlier}$`), { timeout: waitMs });
          await page.getByRole('table', { name: 'By scheme' }).waitFor({ timeout: waitMs });
          expect(await summaryValue(page, 'As at')).toBe(formatDate(earlier));
          expect(await summaryValue(page, 'Actual')).toBe(formatPence(then.totals.actualPence));
          expect(await summaryValue(page, 'Committed')).toBe(formatPence(then.totals.committedPence));
          expect(await page.getByLabel('Position as at').inputValue()).toBe(earlier);
          await expectNoAccessibilityViolations(page);
          assertNoConsoleErrors();
        },
        { session: as.commissioner },
      );

      // A person's money is not for commissioners: the page says it could not be loaded, and shows nothing of it.
      await suite.open(
        `/people/${String(ids.cara)}/money`,
        async ({ page, assertNoConsoleErrors }) => {
          await page.getByText('The money and budgets could not be loaded.').waitFor({ timeout: waitMs });
          expect(await page.getByRole('heading', { name: 'Personal budget' }).count()).toBe(0);
          await expectNoAccessibilityViolations(page);
          assertNoConsoleErrors();
        },
        { session: as.commissioner, expected: refused(403) },
      );
    },
    testTimeoutMs,
  );

  it(
    'shows Cara her own money, without the staff’s assessments',
    async () => {
      const { ids, get } = bay();
      const { rows } = await suite.server().joinedUp.db.query<{ id: number }>('SELECT min(id) AS id FROM people.identity WHERE person_id = $1', [ids.cara]);
      const cara = await suite.signedInAs({ role: 'person', name: 'Cara Cole', organisationId: null, identityId: rows[0]?.id ?? 0 });
      const money = (await get(`/api/people/${String(ids.cara)}/money`, cara)).body as { packages: unknown[]; personalBudget: { agreedWeeklyPence: number } | null };
      expect((await get(`/api/people/${String(ids.ann)}/money`, cara)).status).toBe(404);
      await suite.open(
        `/people/${String(ids.cara)}`,
        async ({ page, assertNoConsoleErrors }) => {
          await page.getByRole('link', { name: 'Your money and budgets' }).click();
          await page.getByRole('heading', { level: 1, name: 'Your money and budgets' }).waitFor({ timeout: waitMs });
          await page.getByRole('heading', { name: 'Personal budget' }).waitFor({ timeout: waitMs });
          if (money.personalBudget !== null) expect(await summaryValue(page, 'Agreed budget')).toBe(`${formatPence(money.personalBudget.agreedWeeklyPence)} a week`);
          expect(await page.getByRole('table', { name: 'Care packages' }).locator('tbody tr').count()).toBe(money.packages.length);
          expect(await page.getByRole('heading', { name: 'Financial assessments' }).count()).toBe(0);
          expect(await page.getByRole('link', { name: 'Back to your record' }).getAttribute('href')).toBe(`/people/${String(ids.cara)}`);
          await expectNoAccessibilityViolations(page);
          assertNoConsoleErrors();
        },
        { session: cara },
      );
    },
    testTimeoutMs,
  );

  it(
    'shows a social worker the fund’s packages only for the people whose record they may see',
    async () => {
      const { ids, as, get } = bay();
      const fund = (((await get('/api/finance/funds', as.social)).body as { funds: Fund[] }).funds[0]) as Fund;
      const visible = (await get(`/api/finance/funds/${fund.id}/packages`, as.social)).body as unknown as FundPackages;
      // The council works with Cara now, not with Ann or (for two years) Bill.
      expect(visible.packages.length).toBeGreaterThan(0);
      expect(new Set(visible.packages.map((p) => p.personId))).toEqual(new Set([String(ids.cara)]));

      await suite.open(
        `/finance/funds/${fund.id}`,
        async ({ page, assertNoConsoleErrors }) => {
          await page.getByRole('heading', { name: 'Care packages charged to the fund' }).waitFor({ timeout: waitMs });
          const rows = page.getByRole('table', { name: 'Care packages' }).locator('tbody tr');
          await rows.first().waitFor({ timeout: waitMs });
          expect(await rows.count()).toBe(visible.packages.length);
          expect(await rows.filter({ hasText: 'Cara Cole' }).count()).toBe(visible.packages.length);
          expect(await rows.first().getByRole('link', { name: 'Cara Cole' }).getAttribute('href')).toBe(`/people/${String(ids.cara)}`);
          for (const p of visible.packages) expect(await rows.filter({ hasText: formatPence(p.weeklyCostPence) }).count()).toBeGreaterThan(0);
          await expectNoAccessibilityViolations(page);
          assertNoConsoleErrors();
        },
        { session: as.social },
      );
    },
    testTimeoutMs,
  );

  it(
    'calculates a charge without a person for an occupational therapist, and says the date asked for is not a date',
    async () => {
      const ot = await suite.signedInAs({ role: 'occupational-therapist', name: 'Olu Therapist', organisationId: 'bay-council' });
      await suite.open(
        '/',
        async ({ page, assertNoConsoleErrors }) => {
          await page.getByRole('navigation', { name: 'Menu' }).getByRole('link', { name: 'Financial assessment' }).click();
          await page.waitForURL(/\/finance\/assessment$/, { timeout: waitMs });
          await page.getByRole('heading', { level: 1, name: 'Financial assessment' }).waitFor({ timeout: waitMs });
          expect(await page.getByRole('navigation', { name: 'Menu' }).getByRole('link', { name: 'Pooled funds' }).count()).toBe(0);
          await page.getByRole('button', { name: 'Calculate' }).click();
          // Submitted empty: the server names what is missing, and the summary takes focus.
          await page.locator('.nhsuk-error-summary').getByRole('link').first().waitFor({ timeout: waitMs });
          expect(await page.evaluate(() => document.activeElement?.classList.contains('nhsuk-error-summary'))).toBe(true);
          expect(await page.getByRole('button', { name: 'Save assessment' }).count()).toBe(0);
          await expectNoAccessibilityViolations(page);
          assertNoConsoleErrors();
        },
        { session: ot, expected: calculationRefused },
      );
      const { as, get } = bay();
      const fund = (((await get('/api/finance/funds', as.commissioner)).body as { funds: Fund[] }).funds[0]) as Fund;
      const now = (await get(`/api/finance/funds/${fund.id}/position`, as.commissioner)).body as unknown as FundPosition;
      await suite.open(
        `/finance/funds/${fund.id}?asOf=2025-02-30`,
        async ({ page, assertNoConsoleErrors }) => {
          const message = 'Enter a real date, like 31 October 2025';
          await page.locator('.nhsuk-error-summary').getByRole('link', { name: message }).waitFor({ timeout: waitMs });
          expect(await page.locator('#fund-as-of-error').innerText()).toContain(message);
          // The position shown is today's, and says so.
          await page.getByRole('table', { name: 'By scheme' }).waitFor({ timeout: waitMs });
          expect(await summaryValue(page, 'As at')).toBe(formatDate(now.asOf));
          await expectNoAccessibilityViolations(page);
          assertNoConsoleErrors();
        },
        { session: as.commissioner },
      );
      await suite.open(
        '/finance/funds/no-such-fund',
        async ({ page, assertNoConsoleErrors }) => {
          await page.getByRole('heading', { level: 1, name: 'No such pooled fund' }).waitFor({ timeout: waitMs });
          await expectNoAccessibilityViolations(page);
          assertNoConsoleErrors();
        },
        { session: as.commissioner, expected: refused(404) },
      );
    },
    testTimeoutMs,
  );
});
