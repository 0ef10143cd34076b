// Two-step verification in a real browser against the real server: a person signed in opens their
// Account page from the header, turns two-step verification on (the QR code and the secret shown, a
// wrong code refused in the error summary, the right one accepted), signs out, and signs in again
// with password and then the security code (a wrong one refused first). Codes come from the secret
// shown, as an authenticator app would make them. Every state is checked with axe-core.
import { generate } from 'otplib';
import { describe, expect, it } from 'vitest';
import { browserSuite, expectNoAccessibilityViolations } from '../../test/support/browser.js';
import { createAccount } from '../../src/access/index.js';

const testTimeoutMs = 60_000;
const waitMs = 10_000;
const password = 'three random words here';

/** The code an app shows `steps` steps from now. */
const codeAt = (secret: string, steps: number): Promise<string> => generate({ secret: secret.replace(/\s/g, ''), epoch: Math.floor(Date.now() / 1000) + steps * 30 });

const suite = browserSuite(async (server) => {
  await createAccount(server.joinedUp.db, { username: 'priya.shah', displayName: 'Priya Shah', role: 'practice-nurse', password });
});

describe('two-step verification', () => {
  it(
    'is turned on from the Account page with the QR code and secret shown, and then asked for at sign-in',
    async () => {
      // Codes a step either side of now must stay in the window: wait out the end of a step.
      const left = 30_000 - (Date.now() % 30_000);
      if (left < 8_000) await new Promise((r) => setTimeout(r, left + 100));
      await suite.open(
        '/sign-in?return=%2Faccount',
        async ({ page, assertNoConsoleErrors }) => {
          await page.getByRole('textbox', { name: 'Username' }).fill('priya.shah');
          await page.getByLabel('Password').fill(password);
          await page.getByRole('button', { name: 'Sign in' }).click();
          await page.getByRole('heading', { level: 1, name: 'Your account' }).waitFor({ timeout: waitMs });
          expect(await page.title()).toBe('Your account – Joined Up');
          // The header's account area links here.
          expect(await page.getByRole('navigation', { name: 'Account' }).getByRole('link', { name: 'Priya Shah (Practice nurse)' }).getAttribute('href')).toBe('/account');
          await page.getByText('Off', { exact: true }).waitFor({ timeout: waitMs });
          await expectNoAccessibilityViolations(page);

          await page.getByRole('button', { name: 'Turn on two-step verification' }).click();
          await page.getByRole('img', { name: 'QR code for your authenticator app' }).waitFor({ timeout: waitMs });
          const secret = (await page.getByLabel('Secret').innerText()).trim();
          expect(secret).toMatch(/^[A-Z2-7]{4}( [A-Z2-7]{4}){7}$/);
          await expectNoAccessibilityViolations(page);

          await page.getByRole('textbox', { name: 'Security code' }).fill('000000');
          await page.getByRole('button', { name: 'Confirm and turn on' }).click();
          const summary = page.getByRole('alert');
          await summary.getByRole('link', { name: /The security code is not right/ }).waitFor({ timeout: waitMs });
          await expectNoAccessibilityViolations(page);
          await page.getByRole('textbox', { name: 'Security code' }).fill(await codeAt(secret, -1));
          await page.getByRole('button', { name: 'Confirm and turn on' }).click();
          await page.getByText(/Two-step verification is on\. You will be asked/).waitFor({ timeout: waitMs });
          await page.getByText(/^On since /).waitFor({ timeout: waitMs });
          await expectNoAccessibilityViolations(page);

          await page.getByRole('navigation', { name: 'Account' }).getByRole('button', { name: 'Sign out' }).click();
          await page.getByRole('heading', { level: 1, name: 'Sign in' }).waitFor({ timeout: waitMs });
          await page.getByRole('textbox', { name: 'Username' }).fill('priya.shah');
          await page.getByLabel('Password').fill(password);
          await page.getByRole('button', { name: 'Sign in' }).click();
          // The password was right: now the code.
          const codeField = page.getByRole('textbox', { name: 'Security code' });
          await codeField.waitFor({ timeout: waitMs });
          expect(await page.evaluate(() => document.activeElement?.id)).toBe('code');
          await expectNoAccessibilityViolations(page);
          await codeField.fill('123456');
          await page.getByRole('button', { name: 'Continue' }).click();
          await summary.getByRole('link', { name: /The security code is not right/ }).waitFor({ timeout: waitMs });
          await expectNoAccessibilityViolations(page);
          await codeField.fill(await codeAt(secret, 0));
          await page.getByRole('button', { name: 'Continue' }).click();
          await page.getByRole('navigation', { name: 'Account' }).getByText('Priya Shah (Practice nurse)').waitFor({ timeout: waitMs });
          const session = await page.evaluate(async () => (await fetch('/api/session')).json() as Promise<{ signedIn: { username: string } | null }>);
          expect(session.signedIn?.username).toBe('priya.shah');
          assertNoConsoleErrors();
        },
        // The wrong codes are answered 400 and 401, and the first sign-in step 401 (two_step_required), as they should be.
        { expected: (problem) => problem.message.includes('401') || problem.message.includes('400') || /\/api\/(session|account\/two-step)/.test(problem.url ?? '') },
      );
    },
    testTimeoutMs,
  );
});
