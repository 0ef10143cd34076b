// An app asking to use Joined Up for a person, in a real browser against the real server: the
// authorization endpoint sends someone not signed in to sign in and back, the approval page names
// the app and what it may do in plain words, Allow sends the browser to the app with a code it can
// exchange for a token, Deny sends it back with access_denied, and a request naming an address the
// app never registered is explained on the page and sends no one there. Each state is checked with axe-core.
import { createHash, randomBytes } from 'node:crypto';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { browserSuite, expectNoAccessibilityViolations } from '../../test/support/browser.js';
import { createAccount, createClient } from '../../src/access/index.js';
import { onCareTeamOf } from '../../test/support/access.js';

const testTimeoutMs = 60_000;
const waitMs = 10_000;
const password = 'three random words here';
const callback = 'https://care-notes.example/callback';
const annNhsNumber = '9434765919';

const suite = browserSuite(async (server) => {
  const { db } = server.joinedUp;
  await createAccount(db, { username: 'joy.nurse', displayName: 'Nurse Joy Adeyemi', role: 'district-nurse', password });
  await createClient(db, { name: 'Care Notes', kind: 'app', scopes: 'user/*.rs user/Observation.cruds patient/*.rs', redirectUris: [callback], public: true });
  // Someone on the nurse's care team, for an app launched for one person.
  const { rows: [person] } = await db.query<{ id: number }>('INSERT INTO people.person (created_at) VALUES (now()) RETURNING id');
  await db.query(`INSERT INTO people.identity (source_id, local_id, person_id, linked_by, nhs_number, family, given) VALUES ('gp', 'approve-1', $1, 'nhs-number', $2, 'Arden', 'Ann')`, [person?.id, annNhsNumber]);
  const { rows: [nurse] } = await db.query<{ id: number }>(`SELECT id FROM access.account WHERE username = 'joy.nurse'`);
  await onCareTeamOf(db, nurse?.id ?? 0, [person?.id ?? 0]);
});

const verifier = randomBytes(32).toString('base64url');
const authorizePath = (extra: Record<string, string> = {}) => `/oauth/authorize?${new URLSearchParams({
  response_type: 'code', client_id: 'care-notes', redirect_uri: callback, scope: 'user/Patient.rs user/Observation.cru', state: 'state-42',
  code_challenge: createHash('sha256').update(verifier).digest('base64url'), code_challenge_method: 'S256', ...extra,
}).toString()}`;

/** The app's own page, which the browser is sent back to: answered here, as the app would. */
const fakeApp = (page: Page) => page.route(`${callback}**`, (route) => route.fulfill({ contentType: 'text/html', body: '<!doctype html><title>Care Notes</title><p>Back in Care Notes</p>' }));

const signIn = async (page: Page) => {
  await page.getByRole('heading', { level: 1, name: 'Sign in' }).waitFor({ timeout: waitMs });
  await page.getByRole('textbox', { name: 'Username' }).fill('joy.nurse');
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
};

describe('approving an app', () => {
  it(
    'signs the person in, shows what the app asks for, and on Allow sends the browser to the app with a code that gets a token',
    async () => {
      await suite.open(authorizePath(), async ({ page, assertNoConsoleErrors }) => {
        expect(new URL(page.url()).pathname).toBe('/sign-in');
        await signIn(page);
        const heading = page.getByRole('heading', { level: 1, name: 'Allow Care Notes to use Joined Up for you?' });
        await heading.waitFor({ timeout: waitMs });
        expect(await page.title()).toBe('Allow an app – Joined Up');
        expect(new URL(page.url()).pathname).toBe('/oauth/approve');
        const asks = page.getByRole('list', { name: 'What the app asks to do' });
        expect(await asks.getByRole('listitem').allInnerTexts()).toEqual([
          'Read and search Patient records you can see (user/Patient.rs)',
          'Create, read and update Observation records you can see (user/Observation.cru)',
        ]);
        await page.getByText('Signed in as Nurse Joy Adeyemi').waitFor({ timeout: waitMs });
        await expectNoAccessibilityViolations(page);

        await page.getByRole('button', { name: 'Allow' }).click();
        await page.waitForURL(`${callback}?**`, { timeout: waitMs });
        const back = new URL(page.url());
        expect(back.searchParams.get('state')).toBe('state-42');
        const code = back.searchParams.get('code') ?? '';
        const token = await fetch(`${suite.url()}/oauth/token`, {
          method: 'POST',
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
          body: new URLSearchParams({ grant_type: 'authorization_code', code, redirect_uri: callback, client_id: 'care-notes', code_verifier: verifier }),
        });
        expect(token.status).toBe(200);
        const { access_token: accessToken } = (await token.json()) as { access_token: string };
        const who = await fetch(`${suite.url()}/api/session`, { headers: { authorization: `Bearer ${accessToken}` } });
        expect(await who.json()).toMatchObject({ signedIn: { username: 'joy.nurse' }, scopes: ['user/Patient.rs', 'user/Observation.cru'] });
        assertNoConsoleErrors();
      }, { beforeNavigate: fakeApp });
    },
    testTimeoutMs,
  );

  it(
    'sends the browser back to the app with access_denied on Deny',
    async () => {
      await suite.open(authorizePath(), async ({ page, assertNoConsoleErrors }) => {
        await signIn(page);
        await page.getByRole('button', { name: 'Deny' }).click();
        await page.waitForURL(`${callback}?**`, { timeout: waitMs });
        const back = new URL(page.url());
        expect(back.searchParams.get('error')).toBe('access_denied');
        expect(back.searchParams.get('state')).toBe('state-42');
        expect(back.searchParams.has('code')).toBe(false);
        assertNoConsoleErrors();
      }, { beforeNavigate: fakeApp });
    },
    testTimeoutMs,
  );

  it(
    'asks whom an app with a patient context is for, refuses someone the nurse may not see, and gives the app a token for the one they name',
    async () => {
      await suite.open(authorizePath({ scope: 'patient/*.rs' }), async ({ page, assertNoConsoleErrors }) => {
        await signIn(page);
        await page.getByRole('heading', { level: 1, name: 'Allow Care Notes to use Joined Up for you?' }).waitFor({ timeout: waitMs });
        const whom = page.getByRole('textbox', { name: 'Who is the app for?' });
        await whom.waitFor({ timeout: waitMs });
        await expectNoAccessibilityViolations(page);
        await page.getByRole('button', { name: 'Allow' }).click();
        await page.getByText('The NHS number must be the NHS number (10 digits) of the person the app is for').waitFor({ timeout: waitMs });
        await whom.fill('4010232137');
        await page.getByRole('button', { name: 'Allow' }).click();
        await page.getByText('The NHS number is not the NHS number of anyone whose record you may see').waitFor({ timeout: waitMs });
        await expectNoAccessibilityViolations(page);
        await whom.fill(annNhsNumber);
        await page.getByRole('button', { name: 'Allow' }).click();
        await page.waitForURL(`${callback}?**`, { timeout: waitMs });
        const code = new URL(page.url()).searchParams.get('code') ?? '';
        const token = await fetch(`${suite.url()}/oauth/token`, {
          method: 'POST',
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
          body: new URLSearchParams({ grant_type: 'authorization_code', code, redirect_uri: callback, client_id: 'care-notes', code_verifier: verifier }),
        });
        expect(token.status).toBe(200);
        expect(await token.json()).toMatchObject({ scope: 'patient/*.rs' });
        assertNoConsoleErrors();
      }, { beforeNavigate: fakeApp, expected: (problem) => problem.url?.includes('/api/oauth/authorize') === true && (problem.status === 400 || problem.message.includes('400')) });
    },
    testTimeoutMs,
  );

  it(
    'explains a request for an address the app never registered, and sends no one there',
    async () => {
      const elsewhere = 'https://attacker.example/steal';
      await suite.open(authorizePath({ redirect_uri: elsewhere }), async ({ page, assertNoConsoleErrors }) => {
        await page.getByRole('heading', { level: 1, name: 'The app\'s request cannot be used' }).waitFor({ timeout: waitMs });
        const alert = page.getByRole('alert');
        await alert.getByText(`"${elsewhere}" is not a redirect URI "Care Notes" registered, so you are not sent there.`).waitFor({ timeout: waitMs });
        expect(new URL(page.url()).origin).toBe(suite.url());
        await expectNoAccessibilityViolations(page);
        assertNoConsoleErrors();
        // The page's request for the app's details is answered 400, as it should be.
      }, { expected: (problem) => problem.url?.includes('/api/oauth/authorize') === true && (problem.status === 400 || problem.message.includes('400')) });
    },
    testTimeoutMs,
  );
});
