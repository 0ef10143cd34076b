// Signing in and out in a real browser against the real server: a page that needs you signed in says
// so with a link to sign in; the sign-in form's errors (empty fields, a wrong password) in the NHS
// error summary, a successful sign-in that returns to the page asked for with the person's name and
// role in the header, a change made while signed in (it carries the CSRF token, and is recorded as
// theirs), and signing out. Every state is checked with axe-core.
import { describe, expect, it } from 'vitest';
import { browserSuite, expectNoAccessibilityViolations } from '../../test/support/browser.js';
import { createAccount } from '../../src/access/index.js';
import { addReviewItems } from '../../src/people/index.js';

const testTimeoutMs = 60_000;
const waitMs = 10_000;
const password = 'three random words here';

const suite = browserSuite(async (server) => {
  const { db } = server.joinedUp;
  // Linkage review is the administrator's.
  await createAccount(db, { username: 'alex.morgan', displayName: 'Alex Morgan', role: 'administrator', organisationId: null, password });
  const people = await db.query<{ id: number }>('INSERT INTO people.person (created_at) SELECT now() FROM generate_series(1, 2) RETURNING id');
  const [a, b] = people.rows.map((r) => r.id);
  const identities = await db.query<{ id: number }>(
    `INSERT INTO people.identity (source_id, local_id, person_id, linked_by, given, family, birth_date)
     VALUES ('gp', 'g1', $1, 'own-record', 'Margaret', 'Smith', '1941-03-07'), ('council', 'c1', $2, 'own-record', 'Margaret', 'Smyth', '1941-03-07') RETURNING id`,
    [a, b],
  );
  const [gp, council] = identities.rows.map((r) => r.id);
  await db.transaction((tx) => addReviewItems(tx, [{
    identityId: council ?? 0, candidateIdentityId: gp ?? 0, matchWeight: 2, matchProbability: 0.8,
    explanation: { prior: -12, fields: [{ field: 'family', label: 'Family name', left: 'Smyth', right: 'Smith', level: 'Jaro-Winkler ≥ 0.92', weight: 6 }] },
  }]));
});

describe('signing in', () => {
  it(
    'refuses empty fields and a wrong password, signs in back to the page asked for, acts as the person, and signs out',
    async () => {
      await suite.open(
        '/linkage-review',
        async ({ page, assertNoConsoleErrors }) => {
          // The page itself says you need to sign in, with a link that comes back to it.
          const needed = page.locator('.nhsuk-error-summary');
          await needed.getByText(/You need to sign in to see the review queue/).waitFor({ timeout: waitMs });
          expect(await needed.getByRole('link', { name: 'Sign in' }).getAttribute('href')).toBe('/sign-in?next=%2Flinkage-review');
          await expectNoAccessibilityViolations(page);

          const account = page.getByRole('navigation', { name: 'Account' });
          await account.getByRole('link', { name: 'Sign in' }).click();
          await page.getByRole('heading', { level: 1, name: 'Sign in' }).waitFor({ timeout: waitMs });
          expect(await page.title()).toBe('Sign in – Joined Up');
          expect(new URL(page.url()).search).toBe('?next=%2Flinkage-review');
          await expectNoAccessibilityViolations(page);

          await page.getByRole('button', { name: 'Sign in' }).click();
          const summary = page.getByRole('alert');
          await summary.getByRole('link', { name: 'Enter your username' }).waitFor({ timeout: waitMs });
          expect(await summary.getByRole('link', { name: 'Enter your password' }).count()).toBe(1);
          await expectNoAccessibilityViolations(page);

          await page.getByRole('textbox', { name: 'Username' }).fill('alex.morgan');
          await page.getByLabel('Password').fill('not my password');
          await page.getByRole('button', { name: 'Sign in' }).click();
          await summary.getByRole('link', { name: 'The username or password is not right' }).waitFor({ timeout: waitMs });
          // The summary takes focus, and the wrong password is cleared.
          expect(await page.evaluate(() => document.activeElement?.classList.contains('nhsuk-error-summary') ?? false)).toBe(true);
          expect(await page.getByLabel('Password').inputValue()).toBe('');
          await expectNoAccessibilityViolations(page);

          await page.getByLabel('Password').fill(password);
          await page.getByRole('button', { name: 'Sign in' }).click();
          await page.getByRole('heading', { level: 1, name: 'Linkage review' }).waitFor({ timeout: waitMs });
          await account.getByText('Alex Morgan (Administrator)').waitFor({ timeout: waitMs });
          expect(await page.getByRole('navigation', { name: 'Menu' }).getByRole('link', { name: 'Imports' }).getAttribute('href')).toBe('/imports');
          await expectNoAccessibilityViolations(page);

          // A change while signed in: sent with the CSRF token, and recorded as theirs.
          await page.getByRole('button', { name: 'Different people' }).click();
          await page.getByText(/Saved: Margaret Smyth and Margaret Smith are different people/).waitFor({ timeout: waitMs });
          await page.goto(`${suite.url()}/linkage-review?status=decided`);
          await page.getByText(/Decided different people by Alex Morgan/).waitFor({ timeout: waitMs });

          await page.getByRole('navigation', { name: 'Account' }).getByRole('button', { name: 'Sign out' }).click();
          await page.getByRole('heading', { level: 1, name: 'Sign in' }).waitFor({ timeout: waitMs });
          const session = await page.evaluate(async () => (await fetch('/api/session')).json() as Promise<unknown>);
          expect(session).toEqual({ signedIn: null });
          assertNoConsoleErrors();
        },
        // The wrong password is answered 401, as it should be.
        { expected: (problem) => problem.message.includes('401') || problem.url?.endsWith('/api/session') === true },
      );
    },
    testTimeoutMs,
  );
});
