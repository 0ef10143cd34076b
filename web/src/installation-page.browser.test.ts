// "This installation" in a real browser against the real server: what a person sees, keyboard
// access, accessibility (axe-core, WCAG 2.2 AA) and a clean console.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { browserSuite, expectNoAccessibilityViolations, type PageProblem, summaryValue } from '../../test/support/browser.js';

const packageJson = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };

const testTimeoutMs = 30_000;
const waitMs = 10_000;
const ukDateTime = /^\d{1,2} [A-Z][a-z]+ \d{4}, \d{2}:\d{2}$/;

const suite = browserSuite();
const withPage = suite.open;
describe('This installation page', () => {
  it(
    'shows the version, database, migrations and data held, accessibly and without console errors',
    async () => {
      await withPage('/', async ({ page, response, assertNoConsoleErrors }) => {
        expect(response?.status()).toBe(200);
        await page.getByRole('heading', { level: 2, name: 'Migrations' }).waitFor({ timeout: waitMs });

        expect(await page.title()).toBe('This installation – Joined Up');
        expect(await page.locator('html').getAttribute('lang')).toBe('en-GB');
        expect(await page.getByRole('heading', { level: 1 }).innerText()).toBe('This installation');
        expect(await page.getByRole('status').innerText()).toBe('');

        expect(await summaryValue(page, 'Version')).toBe(packageJson.version);
        expect(await summaryValue(page, 'Database')).toBe('Embedded PostgreSQL (PGlite)');
        expect(await summaryValue(page, 'Database server version')).toMatch(/PostgreSQL \d+/);
        expect(await summaryValue(page, 'Installation created')).toMatch(ukDateTime);
        expect(await summaryValue(page, 'Server started')).toMatch(ukDateTime);

        const migrations = page.getByRole('table', { name: 'Migrations applied to the database' });
        const platformMigrations = migrations
          .getByRole('row')
          .filter({ has: page.getByRole('cell', { name: 'platform', exact: true }) });
        expect(await platformMigrations.count()).toBeGreaterThan(0);
        expect(await platformMigrations.first().locator('code').innerText()).toMatch(/^[0-9a-f]{12}$/);

        await page.getByRole('heading', { level: 2, name: 'Data held' }).waitFor();
        const platformData = page.getByRole('table', { name: /^platform/ });
        expect(await platformData.getByRole('row', { name: /^installation \d/ }).count()).toBe(1);
        expect(await platformData.getByRole('rowheader', { name: 'Total' }).count()).toBe(1);

        const current = page.getByRole('navigation', { name: 'Menu' }).getByRole('link', { name: 'This installation' });
        expect(await current.getAttribute('aria-current')).toBe('page');
        expect(await page.getByRole('contentinfo').getByRole('link', { name: 'API documentation' }).getAttribute('href')).toBe(
          '/docs',
        );

        await expectNoAccessibilityViolations(page);
        assertNoConsoleErrors();
      });
    },
    testTimeoutMs,
  );

  it(
    'has a skip link that moves focus to the main content',
    async () => {
      await withPage('/', async ({ page, assertNoConsoleErrors }) => {
        await page.getByRole('heading', { level: 2, name: 'Migrations' }).waitFor({ timeout: waitMs });
        await page.keyboard.press('Tab');
        const skipLink = page.getByRole('link', { name: 'Skip to main content' });
        expect(await skipLink.evaluate((link) => link === document.activeElement)).toBe(true);
        expect(await skipLink.getAttribute('href')).toBe('#maincontent');

        await page.keyboard.press('Enter');
        await page.waitForFunction(() => document.activeElement?.id === 'maincontent', undefined, { timeout: waitMs });
        expect(await page.evaluate(() => document.activeElement?.tagName)).toBe('MAIN');
        assertNoConsoleErrors();
      });
    },
    testTimeoutMs,
  );

  it(
    'shows it is loading, then the problem and a way to try again when the details cannot be loaded',
    async () => {
      let failing = true;
      let answer = (): void => undefined;
      const answered = new Promise<void>((resolve) => {
        answer = resolve;
      });
      const provoked = (problem: PageProblem): boolean =>
        problem.url?.endsWith('/api/installation') === true && (problem.status === 503 || problem.message.includes('503'));
      await withPage(
        '/',
        async ({ page, assertNoConsoleErrors }) => {
          await page.getByRole('status').getByText('Loading…').waitFor({ timeout: waitMs });
          answer();
          const summary = page.locator('.nhsuk-error-summary');
          await summary.waitFor({ timeout: waitMs });
          const text = await summary.innerText();
          expect(text).toContain('There is a problem');
          expect(text).toContain('The installation details could not be loaded.');
          expect(text).toContain('Database not reachable');
          expect(text).toContain('The database did not answer within 5 seconds.');
          expect(text).toContain('database_unavailable');
          expect(await summary.evaluate((element) => element === document.activeElement)).toBe(true);
          await expectNoAccessibilityViolations(page);

          failing = false;
          await page.getByRole('button', { name: 'Try again' }).click();
          await page.getByRole('heading', { level: 2, name: 'Migrations' }).waitFor({ timeout: waitMs });
          expect(await summary.count()).toBe(0);
          expect(await summaryValue(page, 'Version')).toBe(packageJson.version);
          assertNoConsoleErrors();
        },
        {
          expected: provoked,
          beforeNavigate: (page) =>
            page.route('**/api/installation', async (route) => {
              if (!failing) {
                await route.fallback();
                return;
              }
              await answered;
              await route.fulfill({
                status: 503,
                contentType: 'application/problem+json',
                body: JSON.stringify({
                  type: 'https://joinedup.example/problems/database-unavailable',
                  title: 'Database not reachable',
                  status: 503,
                  detail: 'The database did not answer within 5 seconds.',
                  code: 'database_unavailable',
                }),
              });
            }),
        },
      );
    },
    testTimeoutMs,
  );
});

describe('a database that is not yet migrated', () => {
  it(
    'says the installation record is not created yet and that migrations are pending',
    async () => {
      await withPage(
        '/',
        async ({ page, assertNoConsoleErrors }) => {
          await page.getByRole('heading', { level: 2, name: 'Migrations' }).waitFor({ timeout: waitMs });
          expect(await summaryValue(page, 'Installation ID')).toMatch(/^Not created yet/);
          expect(await summaryValue(page, 'Installation created')).toBe('Not yet');
          expect(await page.getByText(/2 pending/).count()).toBeGreaterThan(0);
          await expectNoAccessibilityViolations(page);
          assertNoConsoleErrors();
        },
        {
          beforeNavigate: (page) =>
            page.route('**/api/installation', async (route) => {
              const response = await route.fetch();
              const body = (await response.json()) as Record<string, unknown>;
              await route.fulfill({ response, json: { ...body, installation: null, pendingMigrations: 2 } });
            }),
        },
      );
    },
    testTimeoutMs,
  );
});

describe('an address the web UI does not know', () => {
  it(
    'shows "Page not found" with a way back, accessibly',
    async () => {
      const path = '/no-such-page';
      // The server may answer an unknown page with index.html as 200 or, better, 404.
      const theDocument = (problem: PageProblem): boolean =>
        problem.url === `${suite.url()}${path}` && (problem.status === 404 || problem.message.includes('404'));
      await withPage(
        path,
        async ({ page, response, assertNoConsoleErrors }) => {
          expect([200, 404]).toContain(response?.status());
          await page.getByRole('heading', { level: 1, name: 'Page not found' }).waitFor({ timeout: waitMs });
          expect(await page.title()).toBe('Page not found – Joined Up');
          expect(await page.getByRole('main').getByRole('link', { name: 'Joined Up home page' }).getAttribute('href')).toBe(
            '/',
          );
          await expectNoAccessibilityViolations(page);
          assertNoConsoleErrors();
        },
        { expected: theDocument },
      );
    },
    testTimeoutMs,
  );
});
