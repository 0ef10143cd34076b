// "FHIR API" in a real browser against the real server: resources written through the FHIR API with
// fetch, as a registered client system would (with its token), then what an integrator sees, signed in
// as a district nurse on the patient's care team: the base URL to configure, each type's counts and
// interactions, its search parameters, and the recent changes in order. Every state is checked with
// axe-core (WCAG 2.2 AA) and must leave a clean console.
import { readFileSync } from 'node:fs';
import type { Locator, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { onCareTeamOf, type TestSession } from '../../test/support/access.js';
import { browserSuite, type CheckedPage, expectNoAccessibilityViolations, type OpenPageOptions, type PageProblem, screenshot, summaryValue } from '../../test/support/browser.js';
import { createClient, tokenService } from '../../src/access/index.js';

const packageJson = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };

const testTimeoutMs = 30_000;
const waitMs = 10_000;
const ukDateTime = /^\d{1,2} [A-Z][a-z]+ \d{4}, \d{2}:\d{2}$/;


interface Written {
  resourceType: string;
  id: string;
  meta: { versionId: string };
}

/** The Authorization header of the registered system that writes the story. */
let authorization = '';

/** A request to the FHIR API as a client system makes it, optionally naming the system (X-Source-System). */
async function fhir(method: string, path: string, body?: unknown, source?: string): Promise<unknown> {
  const response = await fetch(`${suite.url()}/fhir/r4/${path}`, {
    method,
    headers: {
      accept: 'application/fhir+json',
      authorization,
      ...(body !== undefined && { 'content-type': 'application/fhir+json' }),
      ...(source !== undefined && { 'x-source-system': source }),
    },
    ...(body !== undefined && { body: JSON.stringify(body) }),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`${method} /fhir/r4/${path} answered ${response.status}: ${text}`);
  return text === '' ? undefined : (JSON.parse(text) as unknown);
}

/** What the test wrote, oldest first: a patient, two observations, the patient's update and a deletion. */
interface Story {
  patient: Written;
  pulse: Written;
  temperature: Written;
}

let story: Story | undefined;

async function writeStory(): Promise<Story> {
  const patientBody = { resourceType: 'Patient', name: [{ family: 'Okafor', given: ['Adaeze'] }], birthDate: '1948-05-17' };
  const patient = (await fhir('POST', 'Patient', patientBody)) as Written;
  const subject = { reference: `Patient/${patient.id}` };
  const observation = (text: string) => ({ resourceType: 'Observation', status: 'final', code: { text }, subject });
  const pulse = (await fhir('POST', 'Observation', observation('Pulse rate'), 'gp')) as Written;
  const temperature = (await fhir('POST', 'Observation', observation('Body temperature'), 'gp')) as Written;
  await fhir('PUT', `Patient/${patient.id}`, { ...patientBody, id: patient.id, birthDate: '1948-05-18' });
  await fhir('DELETE', `Observation/${temperature.id}`, undefined, 'gp');
  return { patient, pulse, temperature };
}

let reader: TestSession | undefined;

const suite = browserSuite(async (server) => {
  const { db } = server.joinedUp;
  const { client } = await createClient(db, { name: 'Story writer', kind: 'system', scopes: 'system/*.cruds' });
  authorization = `Bearer ${(await tokenService(db).issue({ clientId: client.id, scopes: ['system/*.cruds'] })).accessToken}`;
  story = await writeStory();
  reader = await suite.signedInAs({ role: 'district-nurse', name: 'Tom Evans', organisationId: 'bayside-community', organisationKind: 'community-provider' });
  const people = await db.query<{ id: number }>('SELECT id FROM people.person');
  await onCareTeamOf(db, reader.accountId, people.rows.map((r) => r.id));
});

/** Opens a page as the district nurse on the patient's care team. */
function withPage(path: string, check: (checked: CheckedPage) => Promise<void>, options: OpenPageOptions = {}): Promise<void> {
  if (!reader) throw new Error('The reader was not signed in');
  return suite.open(path, check, { session: reader, ...options });
}

function typesTable(page: Page): Locator {
  return page.getByRole('table', { name: 'Resource types the FHIR API holds' });
}

/** The cells of a resource type's row, as a person reads them. */
async function typeRow(page: Page, type: string): Promise<{ held: string; interactions: string; parameters: string }> {
  const row = typesTable(page).getByRole('row').filter({ has: page.getByRole('cell', { name: type, exact: true }) });
  const cells = await row.getByRole('cell').allInnerTexts();
  expect(cells[0]).toBe(type);
  return { held: cells[1] ?? '', interactions: cells[2] ?? '', parameters: cells[3] ?? '' };
}

/** Waits until every type's count has come (no cell says "Counting" any more). */
async function waitForCounts(page: Page): Promise<void> {
  await typesTable(page).waitFor({ timeout: waitMs });
  await page.waitForFunction(
    () => ![...document.querySelectorAll('td')].some((cell) => cell.textContent.includes('Counting')),
    undefined,
    { timeout: waitMs },
  );
}

/** The recent changes, newest first, as [change, resource, version]. */
async function recentChanges(page: Page): Promise<[string, string, string][]> {
  const rows = page.getByRole('table', { name: 'Recent changes, newest first' }).locator('tbody tr');
  const changes: [string, string, string][] = [];
  for (const row of await rows.all()) {
    const cells = row.getByRole('cell');
    changes.push([
      (await cells.nth(2).locator('.nhsuk-tag').innerText()).trim(),
      (await cells.nth(1).getByRole('link').innerText()).replace(/\s*\(opens in a new tab\)$/, '').trim(),
      (await cells.nth(3).innerText()).trim(),
    ]);
  }
  return changes;
}

function provokedBy(path: string, status: number): (problem: PageProblem) => boolean {
  return (problem) => problem.url?.endsWith(path) === true && (problem.status === status || problem.message.includes(String(status)));
}

describe('FHIR API page', () => {
  it(
    'shows the base URL, what each type holds and allows, its search parameters and the recent changes',
    async () => {
      const { patient, pulse, temperature } = story!;
      const metadata = (await fhir('GET', 'metadata')) as { rest: { resource: { type: string; searchParam: unknown[] }[] }[] };
      const patientParameters = metadata.rest[0]!.resource.find((r) => r.type === 'Patient')!.searchParam.length;

      await withPage('/fhir-api', async ({ page, context, response, assertNoConsoleErrors }) => {
        expect(response?.status()).toBe(200);
        await page.getByRole('heading', { level: 2, name: 'Recent changes' }).waitFor({ timeout: waitMs });
        expect(await page.title()).toBe('FHIR API – Joined Up');
        expect(await page.getByRole('heading', { level: 1 }).innerText()).toBe('FHIR API');
        const nav = page.getByRole('navigation', { name: 'Menu' }).getByRole('link', { name: 'FHIR API' });
        expect(await nav.getAttribute('aria-current')).toBe('page');
        expect(await nav.getAttribute('href')).toBe('/fhir-api');

        const baseUrl = `${suite.url()}/fhir/r4`;
        expect((await page.locator('.nhsuk-code__content').first().innerText()).trim()).toBe(baseUrl);
        expect(await summaryValue(page, 'FHIR version')).toBe('4.0.1 (R4)');
        expect(await summaryValue(page, 'Software')).toBe(`Joined Up ${packageJson.version}`);
        expect(await page.getByRole('main').innerText()).toContain('X-Source-System');
        const sources = page.getByRole('table', { name: 'Registered source systems' });
        expect(await sources.getByRole('row').filter({ hasText: 'GP practice system' }).locator('code').innerText()).toBe('gp');

        await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: suite.url() });
        await page.getByRole('button', { name: 'Copy base URL' }).click();
        await page.getByRole('button', { name: 'Copied' }).waitFor({ timeout: waitMs });
        expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(baseUrl);

        await waitForCounts(page);
        expect(await typeRow(page, 'Patient')).toEqual({
          held: '1',
          interactions: 'Read, write and search',
          parameters: String(patientParameters),
        });
        expect((await typeRow(page, 'Observation')).held).toBe('1');
        expect((await typeRow(page, 'AuditEvent')).interactions).toMatch(/^read and search$/i); // the audit trail: no versions, no history

        const patientDetails = typesTable(page).locator('details').filter({ hasText: 'Search parameters and includes of Patient' });
        expect(await patientDetails.getAttribute('open')).toBeNull();
        await patientDetails.locator('summary').click();
        const parameters = patientDetails.getByRole('list', { name: 'Search parameters of Patient' });
        await parameters.waitFor({ timeout: waitMs });
        const listed = await parameters.getByRole('listitem').allInnerTexts();
        expect(listed).toHaveLength(patientParameters);
        expect(listed).toEqual(expect.arrayContaining(['identifier (token)', 'birthdate (date)']));
        const revIncludes = await patientDetails.getByRole('list', { name: '_revinclude values of Patient' }).innerText();
        expect(revIncludes).toContain('Observation:patient');
        expect(await patientDetails.getByRole('list', { name: 'Operations on Patient' }).innerText()).toBe('Patient/[id]/$everything');

        expect(await recentChanges(page)).toEqual([
          ['Deleted', `Observation/${temperature.id}`, '2'],
          ['Updated', `Patient/${patient.id}`, '2'],
          ['Created', `Observation/${temperature.id}`, '1'],
          ['Created', `Observation/${pulse.id}`, '1'],
          ['Created', `Patient/${patient.id}`, '1'],
        ]);
        // Written as the GP system: the id says whose record it is.
        expect(pulse.id).toMatch(/^gp\./);
        const changes = page.getByRole('table', { name: 'Recent changes, newest first' });
        const updated = changes.locator('tbody tr').nth(1);
        expect(await updated.getByRole('link').getAttribute('href')).toBe(`/fhir/r4/Patient/${encodeURIComponent(patient.id)}/_history/2`);
        expect(await updated.getByRole('link').getAttribute('target')).toBe('_blank');
        for (const when of await changes.locator('tbody time').allInnerTexts()) expect(when).toMatch(ukDateTime);

        await expectNoAccessibilityViolations(page);
        await screenshot(page, 'fhir-api');
        assertNoConsoleErrors();
      });
    },
    testTimeoutMs,
  );

  it(
    'selects the base URL to be copied by hand when the browser refuses the clipboard',
    async () => {
      await withPage(
        '/fhir-api',
        async ({ page, assertNoConsoleErrors }) => {
          const copy = page.getByRole('button', { name: 'Copy base URL' });
          await copy.waitFor({ timeout: waitMs });
          await copy.click();
          await page.getByRole('alert').filter({ hasText: 'press Ctrl+C' }).waitFor({ timeout: waitMs });
          expect(await page.evaluate(() => window.getSelection()?.toString())).toBe(`${suite.url()}/fhir/r4`);
          await expectNoAccessibilityViolations(page);
          assertNoConsoleErrors();
        },
        {
          // What a browser that asks for permission and is refused does.
          beforeNavigate: (page) =>
            page.addInitScript(() => {
              Object.defineProperty(navigator, 'clipboard', {
                value: { writeText: () => Promise.reject(new DOMException('Write permission denied.', 'NotAllowedError')) },
              });
            }),
        },
      );
    },
    testTimeoutMs,
  );

  it(
    'says so when nothing has been written yet',
    async () => {
      await withPage(
        '/fhir-api',
        async ({ page, assertNoConsoleErrors }) => {
          await page.getByRole('heading', { level: 2, name: 'Recent changes' }).waitFor({ timeout: waitMs });
          await waitForCounts(page);
          expect((await typeRow(page, 'Patient')).held).toBe('0');
          expect(await page.getByText('Nothing has been written to the FHIR API or imported yet.').count()).toBe(1);
          expect(await page.getByRole('table', { name: 'Recent changes, newest first' }).count()).toBe(0);
          await expectNoAccessibilityViolations(page);
          assertNoConsoleErrors();
        },
        {
          beforeNavigate: async (page) => {
            const now = new Date().toISOString();
            await page.route('**/fhir/r4/_history?*', (route) =>
              route.fulfill({ contentType: 'application/fhir+json', json: { resourceType: 'Bundle', type: 'history', meta: { lastUpdated: now } } }),
            );
            await page.route(/\/fhir\/r4\/[A-Za-z]+\?_summary=count$/, (route) =>
              route.fulfill({ contentType: 'application/fhir+json', json: { resourceType: 'Bundle', type: 'searchset', total: 0 } }),
            );
          },
        },
      );
    },
    testTimeoutMs,
  );

  it(
    'shows it is loading, then the problem and a way to try again when the CapabilityStatement cannot be loaded',
    async () => {
      let failing = true;
      let answer = (): void => undefined;
      const answered = new Promise<void>((resolve) => {
        answer = resolve;
      });
      await withPage(
        '/fhir-api',
        async ({ page, assertNoConsoleErrors }) => {
          await page.getByRole('status').getByText('Loading…').waitFor({ timeout: waitMs });
          answer();
          const summary = page.locator('.nhsuk-error-summary');
          await summary.waitFor({ timeout: waitMs });
          const text = await summary.innerText();
          expect(text).toContain('There is a problem');
          expect(text).toContain('The FHIR API details could not be loaded.');
          expect(text).toContain('The FHIR API answered 503');
          expect(text).toContain('The database did not answer within 5 seconds.');
          expect(text).toContain('transient');
          expect(await summary.evaluate((element) => element === document.activeElement)).toBe(true);
          expect(await typesTable(page).count()).toBe(0);
          await expectNoAccessibilityViolations(page);

          failing = false;
          await page.getByRole('button', { name: 'Try again' }).click();
          await page.getByRole('heading', { level: 2, name: 'Resource types' }).waitFor({ timeout: waitMs });
          expect(await summary.count()).toBe(0);
          await waitForCounts(page);
          expect((await typeRow(page, 'Patient')).held).toBe('1');
          assertNoConsoleErrors();
        },
        {
          expected: provokedBy('/fhir/r4/metadata', 503),
          beforeNavigate: (page) =>
            page.route('**/fhir/r4/metadata', async (route) => {
              if (!failing) {
                await route.fallback();
                return;
              }
              await answered;
              await route.fulfill({
                status: 503,
                contentType: 'application/fhir+json',
                body: JSON.stringify({
                  resourceType: 'OperationOutcome',
                  issue: [{ severity: 'error', code: 'transient', diagnostics: 'The database did not answer within 5 seconds.' }],
                }),
              });
            }),
        },
      );
    },
    testTimeoutMs,
  );
});
