// The person and their own record, in a real browser against the real server: signed in to their own
// account, "My record" takes them to it; they change their sharing choices (keep one organisation out,
// object to sharing, withdraw the objection), and see who has looked at their record: a GP who read
// it, with the practice and the reason, and a look repeated within minutes shown once with how many
// times. Every state is checked with axe-core (WCAG 2.2 AA) and must leave a clean console.
import { describe, expect, it } from 'vitest';
import type { TestSession } from '../../test/support/access.js';
import { browserSuite, expectNoAccessibilityViolations } from '../../test/support/browser.js';
import { type Bay, seedBay } from '../../test/support/bay.js';
import { fetchAs } from '../../test/support/server.js';
import { createAccount } from '../../src/access/index.js';

const testTimeoutMs = 60_000;
const waitMs = 10_000;

let bay: Bay | undefined;
let ann: TestSession | undefined;
const suite = browserSuite(async (server) => {
  const { db } = server.joinedUp;
  bay = await seedBay(server.joinedUp);
  const { rows } = await db.query<{ id: number }>('SELECT min(id) AS id FROM people.identity WHERE person_id = $1', [bay.ids.ann]);
  ann = await suite.signedInAs({ role: 'person', name: 'Ann Arden', organisationId: null, identityId: rows[0]?.id ?? 0 });
  // The same person's account as she would sign in to it herself.
  await createAccount(db, { username: 'ann.arden', displayName: 'Ann Arden', role: 'person', identityId: rows[0]?.id ?? 0, password: annPassword });
});

const annPassword = 'kettle window marmalade';

function seeded(): { bay: Bay; ann: TestSession } {
  if (!bay || !ann) throw new Error('The place was not seeded');
  return { bay, ann };
}

describe('the person’s own record', () => {
  it(
    'is where signing in to their own account takes them',
    async () => {
      const { bay: { ids } } = seeded();
      await suite.open('/sign-in', async ({ page, assertNoConsoleErrors }) => {
        await page.getByRole('textbox', { name: 'Username' }).fill('ann.arden');
        await page.getByLabel('Password').fill(annPassword);
        await page.getByRole('button', { name: 'Sign in' }).click();
        await page.waitForURL(new RegExp(`/people/${String(ids.ann)}$`), { timeout: waitMs });
        await page.getByRole('heading', { level: 1, name: /Ann Arden/ }).waitFor({ timeout: waitMs });
        // Her name, without a role beside it.
        await page.getByRole('navigation', { name: 'Account' }).getByRole('link', { name: 'Ann Arden', exact: true }).waitFor({ timeout: waitMs });
        await expectNoAccessibilityViolations(page);
        assertNoConsoleErrors();
      });
    },
    testTimeoutMs,
  );

  it(
    'opens from "My record", says why, and the person changes their sharing choices',
    async () => {
      const { bay: { ids }, ann: session } = seeded();
      const record = `/people/${String(ids.ann)}`;
      await suite.open(
        '/my-record',
        async ({ page, assertNoConsoleErrors }) => {
          await page.waitForURL(new RegExp(`${record}$`), { timeout: waitMs });
          await page.getByRole('heading', { level: 1, name: /Ann Arden/ }).waitFor({ timeout: waitMs });
          const menu = page.getByRole('navigation', { name: 'Menu' });
          expect(await menu.getByRole('link', { name: 'My record' }).getAttribute('href')).toBe('/my-record');
          expect(await menu.getByRole('link', { name: 'Find a person' }).count()).toBe(0);
          const why = page.getByRole('region', { name: 'Why you can see this record' });
          await why.getByText('This is your own record').waitFor({ timeout: waitMs });
          expect(await page.getByRole('link', { name: 'Who has looked at this record' }).getAttribute('href')).toBe(`${record}/access-log`);
          // Merging records is for the staff who care for the person.
          expect(await page.getByRole('heading', { name: /merge/i }).count()).toBe(0);
          await expectNoAccessibilityViolations(page);

          await page.getByRole('link', { name: 'Sharing choices' }).click();
          await page.waitForURL(new RegExp(`${record}/consent$`), { timeout: waitMs });
          await page.getByRole('heading', { level: 1, name: 'Sharing choices' }).waitFor({ timeout: waitMs });
          await page.getByText('There are no sharing choices in place').waitFor({ timeout: waitMs });
          const exceptions = await page.locator('.nhsuk-inset-text').filter({ hasText: 'What sharing choices do not stop' }).innerText();
          expect(exceptions).toContain('emergency access');
          expect(exceptions).toContain('Your own GP practice');
          expect(exceptions).toContain('records it holds itself');
          await expectNoAccessibilityViolations(page);

          // Keeping one organisation out: choosing none is an error beside the field.
          await page.getByRole('button', { name: 'Stop this organisation seeing the record' }).click();
          await page.getByRole('alert').getByRole('link', { name: 'Choose the organisation that should not see the record' }).waitFor({ timeout: waitMs });
          await expectNoAccessibilityViolations(page);
          await page.getByLabel('Organisation').selectOption({ label: 'Bay Council' });
          await page.getByRole('button', { name: 'Stop this organisation seeing the record' }).click();
          await page.getByText('Saved: Bay Council will no longer see the record.').waitFor({ timeout: waitMs });
          const inPlace = page.getByRole('table', { name: 'Choices in place' });
          await inPlace.getByText('Not shared with Bay Council', { exact: true }).waitFor({ timeout: waitMs });
          await expectNoAccessibilityViolations(page);

          await page.getByLabel('Note (optional)').first().fill('I would rather my record were not shared.');
          await page.getByRole('button', { name: 'Object to sharing' }).click();
          await page.getByText('Saved: the objection to sharing is recorded.').waitFor({ timeout: waitMs });
          await inPlace.getByText('Objects to sharing', { exact: true }).waitFor({ timeout: waitMs });
          expect(await page.getByText('An objection to sharing is in place.').count()).toBe(1);

          await inPlace.getByRole('button', { name: 'Withdraw the choice: Objects to sharing' }).click();
          await page.getByText('Saved: the choice “Objects to sharing” is withdrawn.').waitFor({ timeout: waitMs });
          const earlier = page.getByRole('table', { name: 'Earlier choices, withdrawn' });
          await earlier.getByText('Objects to sharing', { exact: true }).waitFor({ timeout: waitMs });
          expect(await earlier.innerText()).toContain('Withdrawn');
          expect(await inPlace.getByText('Objects to sharing', { exact: true }).count()).toBe(0);
          await expectNoAccessibilityViolations(page);
          assertNoConsoleErrors();
        },
        { session, expected: (problem) => problem.status === 400 || /\b400\b/.test(problem.message) },
      );

      // The choices are the person's, as the API now holds them.
      const consent = await fetchAs(session, `${suite.url()}/api/people/${String(ids.ann)}/consent`);
      const body = (await consent.json()) as { directives: { kind: string; withdrawnAt: string | null; organisation: { name: string } | null }[] };
      expect(body.directives.filter((d) => d.withdrawnAt === null).map((d) => `${d.kind} ${d.organisation?.name ?? ''}`.trim())).toEqual(['restrict Bay Council']);
    },
    testTimeoutMs,
  );

  it(
    'shows who has looked at it: who, their role and organisation, when and why',
    async () => {
      const { bay: { ids, as }, ann: session } = seeded();
      const read = await fetchAs(as.gp, `${suite.url()}/api/people/${String(ids.ann)}`);
      expect(read.status).toBe(200);
      await suite.open(
        `/people/${String(ids.ann)}`,
        async ({ page, assertNoConsoleErrors }) => {
          await page.getByRole('link', { name: 'Who has looked at this record' }).click();
          await page.waitForURL(/\/access-log$/, { timeout: waitMs });
          await page.getByRole('heading', { level: 1, name: 'Who has looked at this record' }).waitFor({ timeout: waitMs });
          const log = page.getByRole('table', { name: 'Looks at the record, newest first' });
          await log.waitFor({ timeout: waitMs });
          const gp = log.getByRole('row').filter({ hasText: 'Dr Ada Okafor' }).first();
          const text = await gp.innerText();
          expect(text).toContain('GP');
          expect(text).toContain('Bay Practice');
          expect(text).toContain('Looked at the record');
          expect(text).toContain('Registered with Bay Practice');
          expect(await gp.locator('time').getAttribute('datetime')).toMatch(/^\d{4}-\d{2}-\d{2}T/);
          // Her own looks are there too, as everyone's are.
          expect(await log.getByRole('row').filter({ hasText: 'Ann Arden' }).count()).toBeGreaterThan(0);
          expect(await page.getByRole('link', { name: 'Back to your record' }).getAttribute('href')).toBe(`/people/${String(ids.ann)}`);
          await expectNoAccessibilityViolations(page);
          assertNoConsoleErrors();
        },
        { session },
      );
    },
    testTimeoutMs,
  );

  it(
    'shows the same look, repeated within five minutes, once with how many times',
    async () => {
      const { bay: { ids }, ann: session } = seeded();
      const gp = await suite.signedInAs({ role: 'gp', name: 'Dr Bea Lind', organisationId: 'bay-practice' });
      for (let i = 0; i < 3; i++) expect((await fetchAs(gp, `${suite.url()}/api/people/${String(ids.ann)}`)).status).toBe(200);
      await suite.open(
        `/people/${String(ids.ann)}/access-log`,
        async ({ page, assertNoConsoleErrors }) => {
          const log = page.getByRole('table', { name: 'Looks at the record, newest first' });
          await log.waitFor({ timeout: waitMs });
          const looks = log.getByRole('row').filter({ hasText: 'Dr Bea Lind' });
          expect(await looks.count()).toBe(1);
          expect(await looks.innerText()).toContain('3 times');
          await expectNoAccessibilityViolations(page);
          assertNoConsoleErrors();
        },
        { session },
      );
    },
    testTimeoutMs,
  );
});
