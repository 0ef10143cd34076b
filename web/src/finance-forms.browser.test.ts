// The finance forms in a real browser against the real server, on the bay's people and the demo
// pooled fund over them: a social worker agrees Cara's personal budget from her money page by the
// resource allocation rules — told first, beside the field and in the error summary, that a negative
// agreed amount will not do — and sees it as her budget; records a direct payment and sees the
// balance go up, returned surplus with a double click that posts it once, and a payment whose first
// answer is lost, retried with the same idempotency key, posted once; agrees a budget starting before
// hers and is told the page shows the current one; a commissioner posts an invoice on a
// scheme of the pooled fund (first without the scheme) and sees the scheme's actual and forecast go
// up by it; a social worker sees no form to post an actual. Every state is checked with axe-core
// (WCAG 2.2 AA) and a clean console.
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { expectNoAccessibilityViolations, type PageProblem, summaryValue } from '../../test/support/browser.js';
import { financeBrowserSuite } from '../../test/support/finance.js';
import { financeWord, formatPence } from './finance.js';
import type { PersonMoney } from './finance-budgets.js';
import type { RasRuleSet } from './finance-forms.js';
import type { Fund, FundPosition } from './finance-fund.js';
import { formatDate } from './format.js';

const testTimeoutMs = 120_000;
const waitMs = 10_000;

const today = new Date().toISOString().slice(0, 10);
const dayAfter = (day: string): string => new Date(Date.parse(`${day}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
const { suite, bay } = financeBrowserSuite(today);

/** The 400 a journey provokes on purpose, from the address it posts to. */
const refusedAt = (path: string) => (problem: PageProblem): boolean =>
  (problem.status === 400 || /\b400\b/.test(problem.message)) && ((problem.url ?? '').endsWith(path) || problem.kind === 'console');

const summary = (page: Page) => page.locator('.nhsuk-error-summary');

describe('finance forms', () => {
  it(
    'lets a social worker agree Cara’s personal budget after correcting the amount, and record a direct payment and returned surplus',
    async () => {
      const { ids, as, get } = bay();
      const cara = String(ids.cara);
      const ras = (await get('/api/finance/ras', as.social)).body as unknown as RasRuleSet;
      const moneyOf = async () => (await get(`/api/people/${cara}/money`, as.social)).body as unknown as PersonMoney;
      const before = await moneyOf();
      // A budget that starts after any she has, so it is the one the money page shows (the latest to start).
      const start = before.personalBudget === null || before.personalBudget.start < today ? today : dayAfter(before.personalBudget.start);
      const [care, food] = ras.domains;
      if (care === undefined || food === undefined) throw new Error('the rules have fewer than two needs domains');
      const careLevel = care.levels[care.levels.length - 1];
      const foodLevel = food.levels[1];
      if (careLevel === undefined || foodLevel === undefined) throw new Error('a domain has too few levels');

      await suite.open(
        `/people/${cara}/money`,
        async ({ page, assertNoConsoleErrors }) => {
          const form = page.getByRole('form', { name: 'Agree a personal budget' });
          await form.waitFor({ timeout: waitMs });
          await form.getByLabel(care.label, { exact: true }).selectOption(careLevel.level);
          await form.getByLabel(food.label, { exact: true }).selectOption(foodLevel.level);
          const indicative = (await form.locator('#pb-indicative').innerText()).trim();
          expect(indicative).toMatch(/^Indicative budget: £[\d,]+\.\d\d a week \(\d+ points at £[\d,]+\.\d\d a point\)\.$/);
          // The agreed amount starts at the indicative one.
          expect(`£${await form.getByLabel('Agreed weekly budget').inputValue()}`).toBe(indicative.split(' ')[2]);
          await form.getByLabel(financeWord('direct_payment'), { exact: true }).check();
          await form.getByLabel('Start date').fill(start);
          await expectNoAccessibilityViolations(page);

          // A negative amount: the server refuses it, and says so beside the field and in the summary, which takes focus.
          await form.getByLabel('Agreed weekly budget').fill('-20');
          await form.getByRole('button', { name: 'Agree the budget' }).click();
          const message = 'Enter the agreed weekly budget in pounds and pence, £0.00 or more';
          await summary(page).getByRole('link', { name: message }).waitFor({ timeout: waitMs });
          expect(await page.locator('#pb-agreed-error').innerText()).toContain(message);
          expect(await page.evaluate(() => document.activeElement?.classList.contains('nhsuk-error-summary'))).toBe(true);
          expect(await page.title()).toBe('Error: Money and budgets – Joined Up');
          expect((await moneyOf()).personalBudget?.id).toBe(before.personalBudget?.id);
          await expectNoAccessibilityViolations(page);
          await summary(page).getByRole('link', { name: message }).click();
          expect(await page.evaluate(() => document.activeElement?.id)).toBe('pb-agreed');

          // Corrected and agreed: her budget is the one agreed, as the server worked it out.
          await form.getByLabel('Agreed weekly budget').fill('150');
          expect(await summary(page).count()).toBe(0);
          await form.getByRole('button', { name: 'Agree the budget' }).click();
          await page.getByText(`Agreed: a personal budget of ${formatPence(15_000)} a week (direct payment) from ${formatDate(start)}.`).waitFor({ timeout: waitMs });
          const agreed = await moneyOf();
          const budget = agreed.personalBudget;
          if (budget === null) throw new Error('no personal budget was agreed');
          expect(budget.id).not.toBe(before.personalBudget?.id);
          expect(await page.title()).toBe('Money and budgets – Joined Up');
          expect(budget).toMatchObject({ agreedWeeklyPence: 15_000, deliveryMechanism: 'direct_payment', start });
          expect(indicative).toContain(`${formatPence(budget.indicativePence)} a week (${String(budget.rasPoints)} points`);
          const shown = page.getByRole('region', { name: 'Personal budget', exact: true });
          expect(await summaryValue(shown, 'Agreed budget')).toBe(`${formatPence(15_000)} a week`);
          expect(await summaryValue(shown, 'Indicative budget')).toContain(formatPence(budget.indicativePence));
          expect(await summaryValue(shown, 'Person’s contribution')).toBe(`${formatPence(budget.personContributionWeeklyPence)} a week`);
          expect(await summaryValue(shown, 'Council’s amount')).toBe(`${formatPence(budget.councilWeeklyPence)} a week`);
          expect(await summaryValue(shown, 'How it is managed')).toBe('Direct payment');
          await expectNoAccessibilityViolations(page);

          // A direct payment into her account: the balance goes up by it.
          const balance = agreed.directPayment?.balancePence ?? 0;
          const account = page.getByRole('region', { name: 'Direct payment account' });
          const payment = page.getByRole('form', { name: 'Record a payment or returned surplus' });
          await payment.getByLabel('Amount', { exact: true }).fill('250.40');
          await payment.getByLabel('Reference').fill('DP-T1');
          await payment.getByRole('button', { name: 'Record it' }).click();
          await page.getByText(`Recorded: a payment of ${formatPence(25_040)}, DP-T1.`).waitFor({ timeout: waitMs });
          const paid = await moneyOf();
          expect(paid.directPayment?.balancePence).toBe(balance + 25_040);
          await expect.poll(() => summaryValue(account, 'Balance'), { timeout: waitMs }).toBe(formatPence(balance + 25_040));
          await expectNoAccessibilityViolations(page);

          // Returned surplus, double-clicked: posted once.
          await payment.getByLabel('Surplus returned to the council').check();
          await payment.getByLabel('Amount', { exact: true }).fill('40');
          await payment.getByLabel('Reference').fill('DP-T2');
          await payment.getByRole('button', { name: 'Record it' }).dblclick();
          await page.getByText(`Recorded: returned surplus of ${formatPence(4_000)}, DP-T2.`).waitFor({ timeout: waitMs });
          await expect.poll(() => summaryValue(account, 'Balance'), { timeout: waitMs }).toBe(formatPence(balance + 21_040));
          const returned = await moneyOf();
          expect(returned.directPayment?.balancePence).toBe(balance + 21_040);
          expect(returned.directPayment?.lines.filter((l) => l.label.includes('DP-T2'))).toHaveLength(1);
          expect(await account.getByRole('table', { name: 'Direct payment account lines' }).locator('tbody tr').count()).toBe(returned.directPayment?.lines.length);
          await expectNoAccessibilityViolations(page);

          // The answer to the first try is lost (the server posted it): the retry, with the same key, posts nothing more.
          let lost = false;
          await page.route(`**/api/people/${cara}/direct-payments`, async (route) => {
            if (lost) {
              await route.continue();
              return;
            }
            lost = true;
            await route.fetch();
            await route.abort('connectionreset');
          });
          await payment.getByLabel('A payment into the account').check();
          await payment.getByLabel('Amount', { exact: true }).fill('100');
          await payment.getByLabel('Reference').fill('DP-T3');
          await payment.getByRole('button', { name: 'Record it' }).click();
          await summary(page).getByText('The direct payment was not saved. The server could not be reached').waitFor({ timeout: waitMs });
          expect((await moneyOf()).directPayment?.lines.filter((l) => l.label.includes('DP-T3'))).toHaveLength(1);
          await expectNoAccessibilityViolations(page);
          await payment.getByRole('button', { name: 'Record it' }).click();
          await page.getByText(`Recorded: a payment of ${formatPence(10_000)}, DP-T3.`).waitFor({ timeout: waitMs });
          const retried = await moneyOf();
          expect(retried.directPayment?.lines.filter((l) => l.label.includes('DP-T3'))).toHaveLength(1);
          expect(retried.directPayment?.balancePence).toBe(balance + 31_040);
          await expect.poll(() => summaryValue(account, 'Balance'), { timeout: waitMs }).toBe(formatPence(balance + 31_040));

          // A budget agreed to start the day before hers: the page shows hers, the current one (the latest to start), and says why.
          await form.getByLabel(care.label, { exact: true }).selectOption(careLevel.level);
          await form.getByLabel(financeWord('managed'), { exact: true }).check();
          const earlier = new Date(Date.parse(`${start}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);
          await form.getByLabel('Start date').fill(earlier);
          await form.getByRole('button', { name: 'Agree the budget' }).click();
          const why = start <= today ? 'of the budgets in force today, the latest to start' : 'none is in force today, and it starts latest';
          await page.getByText(`The personal budget shown below, from ${formatDate(start)}, is the current one: ${why}.`).waitFor({ timeout: waitMs });
          expect((await moneyOf()).personalBudget?.id).toBe(budget.id);
          expect(await summaryValue(shown, 'How it is managed')).toBe('Direct payment');
          await expectNoAccessibilityViolations(page);
          assertNoConsoleErrors();
        },
        {
          session: as.social,
          expected: (problem) => refusedAt(`/api/people/${cara}/personal-budgets`)(problem)
            || ((problem.kind === 'requestfailed' || problem.kind === 'console') && /ERR_CONNECTION_RESET/.test(problem.message)),
        },
      );
    },
    testTimeoutMs,
  );

  it(
    'lets a commissioner post an invoice on a scheme and see its actual and forecast go up, and shows a social worker no such form',
    async () => {
      const { as, get } = bay();
      const fund = (((await get('/api/finance/funds', as.commissioner)).body as { funds: Fund[] }).funds[0]) as Fund;
      const positionNow = async () => (await get(`/api/finance/funds/${fund.id}/position`, as.commissioner)).body as unknown as FundPosition;
      const before = await positionNow();
      const scheme = before.schemes[0];
      if (scheme === undefined) throw new Error('the fund has no schemes');
      const schemeRow = (page: Page) => page.getByRole('table', { name: 'By scheme' }).locator('tbody tr').filter({ hasText: scheme.name }).first();

      await suite.open(
        `/finance/funds/${fund.id}`,
        async ({ page, assertNoConsoleErrors }) => {
          const form = page.getByRole('form', { name: 'Post an actual' });
          await form.waitFor({ timeout: waitMs });
          expect(await schemeRow(page).innerText()).toContain(formatPence(scheme.actualPence));
          // Sent without a scheme: the server's problem, beside the field and in the summary.
          await form.getByLabel('Amount', { exact: true }).fill('1,234.56');
          await form.getByLabel('Reference').fill('INV-T1');
          await form.getByRole('button', { name: 'Post the actual' }).click();
          await summary(page).getByRole('link', { name: 'Choose the scheme' }).waitFor({ timeout: waitMs });
          expect(await page.locator('#actual-scheme-error').innerText()).toContain('Choose the scheme');
          expect(await page.title()).toBe(`Error: ${fund.name} – Joined Up`);
          expect((await positionNow()).totals.actualPence).toBe(before.totals.actualPence);
          await expectNoAccessibilityViolations(page);

          await form.getByLabel('Scheme').selectOption(scheme.id);
          await form.getByRole('button', { name: 'Post the actual' }).click();
          await page.getByText(new RegExp(`^Posted: an invoice of ${formatPence(123_456).replace('.', '\\.')} on ${scheme.name}, INV-T1 \\(journal \\d+\\)\\.$`)).waitFor({ timeout: waitMs });
          const after = await positionNow();
          const posted = after.schemes.find((s) => s.id === scheme.id);
          expect(posted?.actualPence).toBe(scheme.actualPence + 123_456);
          expect(posted?.forecastPence).toBe(scheme.forecastPence + 123_456);
          await expect.poll(() => schemeRow(page).innerText(), { timeout: waitMs }).toContain(formatPence(scheme.actualPence + 123_456));
          expect(await schemeRow(page).innerText()).toContain(formatPence(scheme.forecastPence + 123_456));
          expect(await page.title()).toBe(`${fund.name} – Joined Up`);
          expect(await summaryValue(page, 'Actual')).toBe(formatPence(after.totals.actualPence));
          expect(await summaryValue(page, 'Forecast')).toBe(formatPence(after.totals.forecastPence));
          await expectNoAccessibilityViolations(page);
          assertNoConsoleErrors();
        },
        { session: as.commissioner, expected: refusedAt(`/api/finance/funds/${fund.id}/actuals`) },
      );

      await suite.open(
        `/finance/funds/${fund.id}`,
        async ({ page, assertNoConsoleErrors }) => {
          await page.getByRole('table', { name: 'By scheme' }).waitFor({ timeout: waitMs });
          await page.getByRole('heading', { name: 'Care packages charged to the fund' }).waitFor({ timeout: waitMs });
          expect(await page.getByRole('heading', { name: 'Post an actual' }).count()).toBe(0);
          expect(await page.locator('#actual-scheme').count()).toBe(0);
          await expectNoAccessibilityViolations(page);
          assertNoConsoleErrors();
        },
        { session: as.social },
      );
    },
    testTimeoutMs,
  );
});
