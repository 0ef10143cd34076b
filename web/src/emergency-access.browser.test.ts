// Who may see a record, in a real browser against the real server: a GP opens someone with no
// relationship to their practice and is told "No such person, or not one you may see" (and a search
// does not list them); the GP then uses emergency access by NHS number with a reason, sees the record
// and the reason in "Why you can see this record"; the IG lead finds it in the review queue, reviews
// it, and checks the audit trail. Every state is checked with axe-core (WCAG 2.2 AA) and must leave a
// clean console.
import { describe, expect, it } from 'vitest';
import { browserSuite, expectNoAccessibilityViolations, type PageProblem } from '../../test/support/browser.js';
import { type Bay, bayNhsNumbers, seedBay } from '../../test/support/bay.js';
import { fetchAs } from '../../test/support/server.js';

const testTimeoutMs = 60_000;
const waitMs = 10_000;

let bay: Bay | undefined;
const suite = browserSuite(async (server) => {
  bay = await seedBay(server.joinedUp);
});

function seeded(): Bay {
  if (!bay) throw new Error('The place was not seeded');
  return bay;
}

/** The 404 the test provokes by opening someone the reader may not see. */
const refused = (problem: PageProblem): boolean =>
  problem.url !== undefined && /^\/api\/people\/\d+(\/[a-z-]+)?$/.test(new URL(problem.url).pathname) && (problem.status === 404 || /\b404\b/.test(problem.message));

describe('a record the reader has no relationship with', () => {
  it(
    'is "No such person, or not one you may see", with what to do, and a search does not list them',
    async () => {
      const { ids, as } = seeded();
      await suite.open(
        `/people/${String(ids.cara)}`,
        async ({ page, assertNoConsoleErrors }) => {
          await page.getByRole('heading', { level: 1, name: 'No such person, or not one you may see' }).waitFor({ timeout: waitMs });
          expect(await page.title()).toBe('No such person, or not one you may see – Joined Up');
          const main = page.getByRole('main');
          expect(await main.getByRole('link', { name: 'search again' }).getAttribute('href')).toBe('/people');
          expect(await main.getByRole('link', { name: 'emergency access' }).getAttribute('href')).toBe('/emergency-access');
          // Nothing of the person is shown.
          expect(await main.innerText()).not.toContain('Cara');
          const menu = page.getByRole('navigation', { name: 'Menu' });
          expect(await menu.getByRole('link', { name: 'Emergency access' }).getAttribute('href')).toBe('/emergency-access');
          expect(await menu.getByRole('link', { name: 'Linkage review' }).count()).toBe(0);
          await expectNoAccessibilityViolations(page);

          await page.goto(`${suite.url()}/people?q=${encodeURIComponent('Cara Cole')}`);
          await page.getByRole('heading', { level: 2, name: 'No one found' }).waitFor({ timeout: waitMs });
          expect(await page.getByText('No one you may see in the shared care record matches “Cara Cole”.').count()).toBe(1);
          expect(await page.getByRole('main').getByRole('link', { name: 'emergency access' }).getAttribute('href')).toBe('/emergency-access');
          await expectNoAccessibilityViolations(page);
          await page.goto(`${suite.url()}/people?q=${encodeURIComponent(bayNhsNumbers.cara)}`);
          await page.getByRole('heading', { level: 2, name: 'No one found' }).waitFor({ timeout: waitMs });
          // Someone the practice does see is found the same way.
          await page.goto(`${suite.url()}/people?q=${encodeURIComponent('Ann Arden')}`);
          await page.getByRole('table', { name: 'People matching “Ann Arden”' }).getByRole('link', { name: /Ann Arden/ }).waitFor({ timeout: waitMs });
          assertNoConsoleErrors();
        },
        { session: as.gp, expected: refused },
      );
    },
    testTimeoutMs,
  );

  it(
    'asks you to sign in, coming back to the page, when no one is signed in',
    async () => {
      const { ids } = seeded();
      await suite.open(
        `/people/${String(ids.ann)}`,
        async ({ page, assertNoConsoleErrors }) => {
          const summary = page.locator('.nhsuk-error-summary');
          await summary.waitFor({ timeout: waitMs });
          const link = summary.getByRole('link', { name: 'Sign in' });
          expect(await link.getAttribute('href')).toBe(`/sign-in?next=${encodeURIComponent(`/people/${String(ids.ann)}`)}`);
          expect(await page.getByRole('navigation', { name: 'Menu' }).getByRole('link', { name: 'Find a person' }).count()).toBe(0);
          await expectNoAccessibilityViolations(page);
          assertNoConsoleErrors();
        },
        { expected: (problem) => problem.status === 401 || /\b401\b/.test(problem.message) },
      );
    },
    testTimeoutMs,
  );
});

describe('emergency access', () => {
  it(
    'is used by NHS number with a reason, shows the record and why, and is reviewed by the IG lead',
    async () => {
      const { ids, as } = seeded();
      const reason = 'Brought to the surgery unconscious; need her medication history';
      await suite.open(
        '/emergency-access',
        async ({ page, assertNoConsoleErrors }) => {
          await page.getByRole('heading', { level: 1, name: 'Emergency access' }).waitFor({ timeout: waitMs });
          expect(await page.locator('.nhsuk-card--warning').innerText()).toMatch(/logged and reviewed/);
          expect(await page.getByLabel('How long you need it').inputValue()).toBe('4');
          await expectNoAccessibilityViolations(page);

          // The server's field errors, beside the fields and in the summary.
          await page.getByLabel('NHS number').fill('12345');
          await page.getByLabel('Why you need this record now').fill('urgent');
          await page.getByRole('button', { name: 'See the record now' }).click();
          const summary = page.getByRole('alert');
          await summary.getByRole('link', { name: /NHS number of 10 digits/ }).waitFor({ timeout: waitMs });
          expect(await summary.getByRole('link', { name: /at least 10 characters/ }).getAttribute('href')).toBe('#reason');
          expect(await page.locator('#nhs-number-error').innerText()).toContain('NHS number of 10 digits');
          expect(await page.locator('#reason-error').innerText()).toContain('at least 10 characters');
          expect(await page.getByLabel('NHS number').getAttribute('aria-describedby')).toContain('nhs-number-error');
          expect(await page.title()).toBe('Error: Emergency access – Joined Up');
          await expectNoAccessibilityViolations(page);

          await page.getByLabel('NHS number').fill(bayNhsNumbers.cara.replace(/^(\d{3})(\d{3})(\d{4})$/, '$1 $2 $3'));
          await page.getByLabel('Why you need this record now').fill(reason);
          await page.getByLabel('How long you need it').selectOption('2');
          await page.getByRole('button', { name: 'See the record now' }).click();
          await page.waitForURL(new RegExp(`/people/${String(ids.cara)}$`), { timeout: waitMs });
          await page.getByRole('heading', { level: 1, name: /Cara Cole/ }).waitFor({ timeout: waitMs });
          const why = page.getByRole('region', { name: 'Why you can see this record' });
          await why.waitFor({ timeout: waitMs });
          expect(await why.innerText()).toContain('Emergency access');
          expect(await why.innerText()).toContain(reason);
          await expectNoAccessibilityViolations(page);
          assertNoConsoleErrors();
        },
        { session: as.gp, expected: (problem) => problem.status === 400 || /\b400\b/.test(problem.message) },
      );

      await suite.open(
        '/ig/emergency-access',
        async ({ page, assertNoConsoleErrors }) => {
          const menu = page.getByRole('navigation', { name: 'Menu' });
          await menu.getByRole('link', { name: 'Emergency access reviews (1)' }).waitFor({ timeout: waitMs });
          expect(await menu.getByRole('link', { name: 'Audit trail' }).getAttribute('href')).toBe('/ig/audit');
          const queue = page.getByRole('table', { name: 'Emergency accesses, newest first' });
          await queue.waitFor({ timeout: waitMs });
          const row = queue.getByRole('row').filter({ hasText: 'Cara Cole' });
          expect(await row.count()).toBe(1);
          const text = await row.innerText();
          expect(text).toContain('Dr Ada Okafor');
          expect(text).toContain('GP');
          expect(text).toContain('bay-practice');
          expect(text).toContain(reason);
          await expectNoAccessibilityViolations(page);

          // Inappropriate needs a note.
          await page.getByLabel('No, it was not appropriate').check();
          await page.getByRole('button', { name: 'Save review' }).click();
          await page.getByRole('alert').getByRole('link', { name: 'Say what was wrong with the emergency access' }).waitFor({ timeout: waitMs });
          await expectNoAccessibilityViolations(page);

          await page.getByLabel('Yes, it was appropriate').check();
          await page.getByLabel('Note').fill('Checked with the practice: she was brought in unconscious.');
          await page.getByRole('button', { name: 'Save review' }).click();
          await page.getByText(/Saved: Dr Ada Okafor’s emergency access to Cara Cole’s record was appropriate/).waitFor({ timeout: waitMs });
          await page.getByText('None is waiting for review.').waitFor({ timeout: waitMs });
          await menu.getByRole('link', { name: 'Emergency access reviews (0)' }).waitFor({ timeout: waitMs });
          await expectNoAccessibilityViolations(page);

          await page.getByRole('link', { name: 'Show all emergency accesses, reviewed too' }).click();
          await page.waitForURL(/\?status=all$/, { timeout: waitMs });
          const all = page.getByRole('table', { name: 'Emergency accesses, newest first' }).getByRole('row').filter({ hasText: 'Cara Cole' });
          await all.getByText('Appropriate').waitFor({ timeout: waitMs });
          assertNoConsoleErrors();
        },
        { session: as.ig },
      );
    },
    testTimeoutMs,
  );
});

describe('the audit trail', () => {
  it(
    'is searched by person with the IG lead’s account, and checked intact',
    async () => {
      const { ids, as } = seeded();
      const read = await fetchAs(as.gp, `${suite.url()}/api/people/${String(ids.ann)}`);
      expect(read.status).toBe(200);
      await suite.open(
        '/ig/audit',
        async ({ page, assertNoConsoleErrors }) => {
          await page.getByRole('heading', { level: 1, name: 'Audit trail' }).waitFor({ timeout: waitMs });
          await page.getByRole('table', { name: 'Entries, newest first' }).waitFor({ timeout: waitMs });
          await page.getByRole('button', { name: 'Check the audit trail' }).click();
          await page.getByText(/^The audit trail is intact \(\d[\d,]* entries, head entry \d+, hash [0-9a-f]{16}…\)\.$/).waitFor({ timeout: waitMs });
          await expectNoAccessibilityViolations(page);

          await page.getByLabel('Person').fill(String(ids.ann));
          await page.getByRole('button', { name: 'Search' }).click();
          await page.waitForURL(new RegExp(`/ig/audit\\?person=${String(ids.ann)}$`), { timeout: waitMs });
          const matching = page.getByRole('table', { name: 'Matching entries, newest first' });
          await matching.waitFor({ timeout: waitMs });
          const records = await matching.getByRole('link', { name: `Person ${String(ids.ann)}` }).count();
          expect(records).toBeGreaterThan(0);
          await expectNoAccessibilityViolations(page);

          await page.goto(`${suite.url()}/ig/audit?person=ann`);
          await page.getByRole('alert').getByRole('link', { name: /digits only/ }).waitFor({ timeout: waitMs });
          assertNoConsoleErrors();
        },
        { session: as.ig },
      );
    },
    testTimeoutMs,
  );
});
