// A carer the person lets see their record, in a real browser against the real server: the person
// finds "Carers who can see your record" from their record, is told a wrong username is not a
// carer's account, gives their carer access by the username of the carer's own account, and the
// carer then sees the record (the list of carers too, unchanged); the person ends the access, and the
// carer no longer sees it. Every state is checked with axe-core (WCAG 2.2 AA) and must leave a clean
// console.
import { describe, expect, it } from 'vitest';
import type { TestSession } from '../../test/support/access.js';
import { browserSuite, expectNoAccessibilityViolations, type PageProblem } from '../../test/support/browser.js';
import { type Bay, seedBay } from '../../test/support/bay.js';
import { fetchAs } from '../../test/support/server.js';
import { createAccount } from '../../src/access/index.js';

const testTimeoutMs = 60_000;
const waitMs = 10_000;
const carerPassword = 'teapot lantern orchard';

let bay: Bay | undefined;
let ann: TestSession | undefined;
const suite = browserSuite(async (server) => {
  const { db } = server.joinedUp;
  bay = await seedBay(server.joinedUp);
  const { rows } = await db.query<{ id: number }>('SELECT min(id) AS id FROM people.identity WHERE person_id = $1', [bay.ids.ann]);
  ann = await suite.signedInAs({ role: 'person', name: 'Ann Arden', organisationId: null, identityId: rows[0]?.id ?? 0 });
  // The carer's own account, as the care coordinator sets it up.
  await createAccount(db, { username: 'jo.carer', displayName: 'Jo Carer', role: 'carer', organisationId: null, password: carerPassword });
});

function seeded(): { bay: Bay; ann: TestSession } {
  if (!bay || !ann) throw new Error('The place was not seeded');
  return { bay, ann };
}

const refused400 = (problem: PageProblem): boolean => problem.status === 400 || /\b400\b/.test(problem.message);
const refused404 = (problem: PageProblem): boolean => problem.status === 404 || /\b404\b/.test(problem.message);

describe('carers who can see the person’s record', () => {
  it(
    'are given access by the person, see the record, and lose it when the person ends it',
    async () => {
      const { bay: { ids }, ann: session } = seeded();
      const record = `/people/${String(ids.ann)}`;
      await suite.open(
        record,
        async ({ page, assertNoConsoleErrors }) => {
          await page.getByRole('heading', { level: 1, name: /Ann Arden/ }).waitFor({ timeout: waitMs });
          await page.getByRole('navigation', { name: 'About this record' }).getByRole('link', { name: 'Carers who can see your record' }).click();
          await page.waitForURL(new RegExp(`${record}/carers$`), { timeout: waitMs });
          await page.getByRole('heading', { level: 1, name: 'Carers who can see your record' }).waitFor({ timeout: waitMs });
          await page.getByText('No carer can see your record.').waitFor({ timeout: waitMs });
          expect(await page.locator('form .nhsuk-inset-text').innerText()).toMatch(/account of their own: ask your care coordinator/);
          expect(await page.title()).toBe('Carers who can see your record – Joined Up');
          await expectNoAccessibilityViolations(page);

          // Nothing typed, then a username that is not a carer's account: each beside the field and in the summary.
          const give = page.getByRole('button', { name: 'Let this carer see my record' });
          await give.click();
          await page.getByRole('alert').getByRole('link', { name: 'Enter your carer’s username' }).waitFor({ timeout: waitMs });
          await page.getByLabel('Your carer’s username').fill('no.such.carer');
          await give.click();
          const notCarer = 'Enter the username of a carer’s own account: your care coordinator can set one up';
          await page.getByRole('alert').getByRole('link', { name: notCarer }).waitFor({ timeout: waitMs });
          expect(await page.locator('#carer-username-error').innerText()).toContain(notCarer);
          expect(await page.title()).toBe('Error: Carers who can see your record – Joined Up');
          await expectNoAccessibilityViolations(page);

          await page.getByLabel('Your carer’s username').fill('jo.carer');
          await page.getByLabel('Why (optional)').fill('My daughter, who helps me with appointments');
          await give.click();
          await page.getByText('Saved: Jo Carer can now see your record.').waitFor({ timeout: waitMs });
          const withAccess = page.getByRole('table', { name: 'Carers with access' });
          const row = withAccess.getByRole('row').filter({ hasText: 'Jo Carer' });
          expect(await row.innerText()).toContain('My daughter, who helps me with appointments');
          expect(await row.locator('time').getAttribute('datetime')).toMatch(/^\d{4}-\d{2}-\d{2}T/);
          expect(await page.getByLabel('Your carer’s username').inputValue()).toBe('');
          await expectNoAccessibilityViolations(page);
          assertNoConsoleErrors();
        },
        { session, expected: refused400 },
      );

      // The carer signs in to their own account and sees the record, and why.
      const jo = await suite.signIn('jo.carer', carerPassword);
      await suite.open(
        record,
        async ({ page, assertNoConsoleErrors }) => {
          await page.getByRole('heading', { level: 1, name: /Ann Arden/ }).waitFor({ timeout: waitMs });
          await page.getByRole('region', { name: 'Why you can see this record' }).getByText('An authorised carer').waitFor({ timeout: waitMs });
          await expectNoAccessibilityViolations(page);
          // The carer sees who else may, but only the person changes it.
          await page.getByRole('link', { name: 'Carers who can see this record' }).click();
          await page.getByRole('table', { name: 'Carers with access' }).getByRole('row').filter({ hasText: 'Jo Carer' }).waitFor({ timeout: waitMs });
          expect(await page.getByRole('button', { name: /End access/ }).count()).toBe(0);
          expect(await page.getByRole('button', { name: 'Let this carer see my record' }).count()).toBe(0);
          await expectNoAccessibilityViolations(page);
          assertNoConsoleErrors();
        },
        { session: jo },
      );

      await suite.open(
        `${record}/carers`,
        async ({ page, assertNoConsoleErrors }) => {
          await page.getByRole('button', { name: 'End access for Jo Carer' }).click();
          await page.getByText('Saved: Jo Carer can no longer see your record.').waitFor({ timeout: waitMs });
          await page.getByText('No carer can see your record.').waitFor({ timeout: waitMs });
          await page.getByRole('table', { name: 'Carers whose access has ended' }).getByRole('row').filter({ hasText: 'Jo Carer' }).waitFor({ timeout: waitMs });
          await expectNoAccessibilityViolations(page);
          assertNoConsoleErrors();
        },
        { session },
      );

      // Once ended, the record is not one the carer may see.
      await suite.open(
        record,
        async ({ page, assertNoConsoleErrors }) => {
          await page.getByRole('heading', { level: 1, name: 'No such person, or not one you may see' }).waitFor({ timeout: waitMs });
          expect(await page.getByRole('main').innerText()).not.toContain('Arden');
          await expectNoAccessibilityViolations(page);
          assertNoConsoleErrors();
        },
        { session: jo, expected: refused404 },
      );
      expect((await fetchAs(jo, `${suite.url()}/api/people/${String(ids.ann)}`)).status).toBe(404);
    },
    testTimeoutMs * 2,
  );

  it(
    'are listed for staff who care for the person, who cannot change them',
    async () => {
      const { bay: { ids, as } } = seeded();
      await suite.open(
        `/people/${String(ids.ann)}/carers`,
        async ({ page, assertNoConsoleErrors }) => {
          await page.getByRole('heading', { level: 1, name: 'Carers who can see this record' }).waitFor({ timeout: waitMs });
          await page.getByText(/Only the person can let a carer see it/).waitFor({ timeout: waitMs });
          expect(await page.getByRole('button', { name: 'Let this carer see my record' }).count()).toBe(0);
          expect(await page.getByRole('button', { name: /End access/ }).count()).toBe(0);
          await expectNoAccessibilityViolations(page);
          assertNoConsoleErrors();
        },
        { session: as.gp },
      );
    },
    testTimeoutMs,
  );
});
