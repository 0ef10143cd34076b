// Signing in through an identity provider in a real browser: the sign-in page's "Sign in with …"
// button goes to a real OpenID Connect provider (oidc-provider, on its own port), whose login and
// consent forms bring the person back signed in to the page they asked for; someone the provider
// knows but who has no account here comes back to the sign-in page told so in the error summary.
import type { Page } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';
import { browserSuite, expectNoAccessibilityViolations } from '../../test/support/browser.js';
import { startTestIdentityProvider, type TestIdentityProvider } from '../../test/support/identity-provider.js';
import { addIdentityProvider, createAccount } from '../../src/access/index.js';

const testTimeoutMs = 60_000;
const waitMs = 10_000;

let idp: TestIdentityProvider | undefined;
const suite = browserSuite(async (server) => {
  idp = await startTestIdentityProvider([`${server.url}/api/sign-in/bayside/callback`], {
    'grace-1': { preferred_username: 'grace.mensah', name: 'Grace Mensah' },
    'stranger-1': { preferred_username: 'a.stranger', name: 'A Stranger' },
  });
  const { db } = server.joinedUp;
  await addIdentityProvider(db, { id: 'bayside', name: 'Bayside Council', issuer: idp.issuer, clientId: idp.clientId, clientSecret: idp.clientSecret, scopes: 'openid profile' });
  await createAccount(db, { username: 'grace.mensah', displayName: 'Grace Mensah', role: 'occupational-therapist', password: null });
});
afterAll(async () => {
  await idp?.close();
});

/** Signs in at the provider's development forms as `login`, and agrees to share the details. */
async function atProvider(page: Page, login: string): Promise<void> {
  await page.locator('input[name="login"]').waitFor({ timeout: waitMs });
  await page.locator('input[name="login"]').fill(login);
  await page.locator('input[name="password"]').fill('any password');
  await page.getByRole('button', { name: 'Sign-in' }).click();
  await page.getByRole('button', { name: 'Continue' }).click();
}

describe('signing in through an identity provider', () => {
  it(
    'goes to the provider from its button and comes back signed in to the page asked for, or told there is no account',
    async () => {
      // The provider's own pages are not ours to check (they ask for web fonts this machine cannot reach).
      const notOurs = (problem: { url?: string }): boolean => problem.url !== undefined && !problem.url.startsWith(suite.url());
      await suite.open(
        '/sign-in?return=%2Fpeople',
        async ({ page, assertNoConsoleErrors }) => {
          const button = page.getByRole('link', { name: 'Sign in with Bayside Council' });
          await button.waitFor({ timeout: waitMs });
          await expectNoAccessibilityViolations(page);
          await button.click();
          await atProvider(page, 'stranger-1');
          await page.getByRole('heading', { level: 1, name: 'Sign in' }).waitFor({ timeout: waitMs });
          expect(new URL(page.url()).search).toBe('?problem=provider_account_unknown');
          await page.getByRole('alert').getByRole('link', { name: /there is no account here for you/ }).waitFor({ timeout: waitMs });
          await expectNoAccessibilityViolations(page);

          // Signed out at the provider too, so that it asks who this is again.
          await page.context().clearCookies();
          await page.goto(`${suite.url()}/sign-in?return=%2Fpeople`);
          await page.getByRole('link', { name: 'Sign in with Bayside Council' }).click();
          await atProvider(page, 'grace-1');
          await page.getByRole('heading', { level: 1, name: 'Find a person' }).waitFor({ timeout: waitMs });
          await page.getByRole('navigation', { name: 'Account' }).getByText('Grace Mensah (Occupational therapist)').waitFor({ timeout: waitMs });
          const session = await page.evaluate(async () => (await fetch('/api/session')).json() as Promise<{ signedIn: { username: string } | null }>);
          expect(session.signedIn?.username).toBe('grace.mensah');
          assertNoConsoleErrors();
        },
        { expected: notOurs },
      );
    },
    testTimeoutMs,
  );
});
