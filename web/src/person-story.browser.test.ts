// The shared care record in a real browser against the real server: records from the GP practice, the
// hospital and the council imported through the import API (by an administrator), a person found by a
// misspelt name, their story read as one and filtered (by a district nurse on the care team of everyone
// imported), and the imports' data-quality report. Every screen is checked with axe-core (WCAG 2.2 AA)
// and must leave a clean console.
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { onCareTeamOf, type TestSession } from '../../test/support/access.js';
import { browserSuite, type CheckedPage, expectNoAccessibilityViolations, type OpenPageOptions, type PageProblem, summaryValue } from '../../test/support/browser.js';
import { fetchAs } from '../../test/support/server.js';

const fixtures = new URL('../../test/fixtures/record/story/', import.meta.url);

/** The story's files in the order a place's feeds would send them; the last has a row with an impossible date. */
const sampleFiles = [
  { source: 'gp', path: 'gp/bundles.ndjson', contentType: 'application/x-ndjson' },
  { source: 'hospital', path: 'hospital/patients.csv', contentType: 'text/csv' },
  { source: 'hospital', path: 'hospital/spells.csv', contentType: 'text/csv' },
  { source: 'council', path: 'council/cld.csv', contentType: 'text/csv' },
  { source: 'hospital', path: 'hospital/spells-bad.csv', contentType: 'text/csv' },
] as const;

type SamplePath = (typeof sampleFiles)[number]['path'];

/** The id of the import a `POST /api/import` answer describes, wherever the answer puts it. */
function importIdOf(body: unknown): string | undefined {
  if (typeof body !== 'object' || body === null) return undefined;
  const { id, import: run } = body as { id?: unknown; import?: unknown };
  if (typeof id === 'string') return id;
  if (typeof id === 'number') return String(id);
  return importIdOf(run);
}

interface ImportSummary {
  id: string;
  file: string;
  status: string;
  counts: { rejected: number };
}

async function listImports(baseUrl: string, admin: TestSession): Promise<ImportSummary[]> {
  const response = await fetchAs(admin, `${baseUrl}/api/imports`);
  if (!response.ok) throw new Error(`GET /api/imports answered ${response.status}: ${await response.text()}`);
  return ((await response.json()) as { imports: ImportSummary[] }).imports;
}

/**
 * Imports the story's files through the real import API (`POST /api/import?source=…&file=<name>`, the
 * file as the body) and waits until every import has finished. Returns each file's import id.
 */
async function loadSampleRecords(baseUrl: string, admin: TestSession): Promise<Map<SamplePath, string>> {
  const answers = new Map<SamplePath, unknown>();
  for (const file of sampleFiles) {
    const query = new URLSearchParams({ source: file.source, file: basename(file.path) });
    const response = await fetchAs(admin, `${baseUrl}/api/import?${query.toString()}`, {
      method: 'POST',
      headers: { 'content-type': file.contentType },
      body: readFileSync(new URL(file.path, fixtures)),
    });
    const text = await response.text();
    if (!response.ok) throw new Error(`POST /api/import?source=${file.source} (${file.path}) answered ${response.status}: ${text}`);
    answers.set(file.path, JSON.parse(text) as unknown);
  }
  const deadline = Date.now() + 20_000;
  let imports = await listImports(baseUrl, admin);
  while (imports.some((run) => run.status === 'running')) {
    if (Date.now() > deadline) throw new Error('Imports were still running after 20 seconds');
    await new Promise((resolve) => setTimeout(resolve, 100));
    imports = await listImports(baseUrl, admin);
  }
  const ids = new Map<SamplePath, string>();
  for (const { path } of sampleFiles) {
    const id =
      importIdOf(answers.get(path)) ??
      imports.find((run) => run.file.endsWith(basename(path)))?.id ??
      (path === 'hospital/spells-bad.csv' ? imports.find((run) => run.counts.rejected > 0)?.id : undefined);
    if (id !== undefined) ids.set(path, id);
  }
  return ids;
}

const testTimeoutMs = 60_000;
const waitMs = 10_000;

/** The people in the story (test/fixtures/record/story/); a name may be shown with or without middle names. */
const margaret = { name: /^Margaret (Rose )?Smith$/, nhsNumber: '999 000 1014', birthDate: '7 March 1941', postcode: 'ZQ3 4LP' };
const john = { name: /^John Ashworth$/, nhsNumber: '999 000 1022' };

let importIds = new Map<SamplePath, string>();
let admin: TestSession | undefined;
let reader: TestSession | undefined;

const suite = browserSuite(async (server) => {
  admin = await suite.signedInAs({ role: 'administrator', name: 'Alex Morgan', organisationId: null });
  importIds = await loadSampleRecords(server.url, admin);
  reader = await suite.signedInAs({ role: 'district-nurse', name: 'Tom Evans', organisationId: 'bayside-community', organisationKind: 'community-provider' });
  const { db } = server.joinedUp;
  const people = await db.query<{ id: number }>('SELECT id FROM people.person');
  await onCareTeamOf(db, reader.accountId, people.rows.map((r) => r.id));
}, 60_000);

function sessionOf(who: TestSession | undefined): TestSession {
  if (!who) throw new Error('The test accounts were not made');
  return who;
}

/** Opens a page as the district nurse, who is on the care team of everyone imported. */
function withPage(path: string, check: (checked: CheckedPage) => Promise<void>, options: OpenPageOptions = {}): Promise<void> {
  return suite.open(path, check, { session: sessionOf(reader), ...options });
}

async function getApi<T>(path: string): Promise<T> {
  const response = await fetchAs(sessionOf(reader), `${suite.url()}${path}`);
  if (!response.ok) throw new Error(`GET ${path} answered ${response.status}: ${await response.text()}`);
  return (await response.json()) as T;
}

interface TimelineBody {
  entries: { source: { id: string; name: string }; kind: string; kindLabel: string }[];
  kinds: { kind: string; label: string; count: number }[];
  sources: { id: string; name: string; count: number }[];
  next: string | null;
}

/** The id of the person with this NHS number, found through the API. */
async function personIdOf(nhsNumber: string): Promise<string> {
  const body = await getApi<{ results: { id: string }[] }>(`/api/people?q=${encodeURIComponent(nhsNumber)}&limit=20`);
  const [person, ...others] = body.results;
  if (person === undefined || others.length > 0) throw new Error(`Expected one person with NHS number ${nhsNumber}`);
  return person.id;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function timeline(page: Page): Locator {
  return page.getByRole('region', { name: 'Timeline', exact: true });
}

function timelineEntries(page: Page): Locator {
  return timeline(page).locator('.app-timeline__entry');
}

/** The "From <source>" of every entry shown. */
async function entrySources(page: Page): Promise<string[]> {
  const lines = await timelineEntries(page).locator('p.nhsuk-body-s').allInnerTexts();
  return lines.map((line) => line.replace(/^.* · From /, '').trim());
}

/** Waits until the timeline has finished loading and shows `count` entries. */
async function waitForEntries(page: Page, count: number): Promise<void> {
  const shown = count === 1 ? '1 entry' : `${count} entries`;
  await timeline(page).getByRole('status').getByText(new RegExp(`^Showing ${shown}`)).waitFor({ timeout: waitMs });
  expect(await timelineEntries(page).count()).toBe(count);
}

/** A 4xx answer the test provoked on purpose (and the console line Chromium writes about it). */
function provokedClientError(path: RegExp): (problem: PageProblem) => boolean {
  return (problem) =>
    problem.url !== undefined && path.test(new URL(problem.url).pathname) && (problem.status === 400 || problem.status === 404 || /\b40[04]\b/.test(problem.message));
}

describe('Find a person', () => {
  it(
    'finds a person by a misspelt name, keeps the search in the address, and Back returns to the results',
    async () => {
      await withPage('/people', async ({ page, assertNoConsoleErrors }) => {
        await page.getByRole('heading', { level: 1, name: 'Find a person' }).waitFor({ timeout: waitMs });
        expect(await page.title()).toBe('Find a person – Joined Up');
        const menu = page.getByRole('navigation', { name: 'Menu' });
        expect(await menu.getByRole('link', { name: 'Find a person' }).getAttribute('aria-current')).toBe('page');
        expect(await menu.getByRole('link', { name: 'Emergency access' }).getAttribute('href')).toBe('/emergency-access');
        expect(await menu.getByRole('link', { name: 'This installation' }).getAttribute('href')).toBe('/');
        // Imports are the administrator's.
        expect(await menu.getByRole('link', { name: 'Imports' }).count()).toBe(0);
        const field = page.getByRole('searchbox', { name: 'Find a person' });
        expect(await field.getAttribute('aria-describedby')).toContain('q-hint');
        expect(await page.locator('#q-hint').innerText()).toBe('Name, NHS number, date of birth or postcode');
        await expectNoAccessibilityViolations(page);

        await field.fill('Margret Smith');
        await field.press('Enter');
        await page.waitForURL(/\/people\?q=Margret\+Smith$/, { timeout: waitMs });
        const results = page.getByRole('table', { name: 'People matching “Margret Smith”' });
        await results.waitFor({ timeout: waitMs });
        const row = results.getByRole('row').filter({ has: page.getByRole('link', { name: margaret.name }) });
        expect(await row.count()).toBe(1);
        const rowText = await row.innerText();
        expect(rowText).toContain(margaret.nhsNumber);
        expect(rowText).toContain(margaret.birthDate);
        expect(rowText).toMatch(/\(\d+ years old\)/);
        expect(rowText).toContain(margaret.postcode);
        expect(rowText).toContain('Z90001');
        expect(await row.locator('.nhsuk-tag').allInnerTexts()).toEqual(expect.arrayContaining(['GP', 'Hospital', 'Council']));
        expect(await page.getByText('Searched for “Margret Smith” as a name.').count()).toBe(1);
        expect(await page.getByRole('searchbox', { name: 'Find a person' }).inputValue()).toBe('Margret Smith');
        await expectNoAccessibilityViolations(page);

        await row.getByRole('link', { name: margaret.name }).click();
        await page.waitForURL(/\/people\/[^/?]+$/, { timeout: waitMs });
        await page.getByRole('heading', { level: 1, name: margaret.name }).waitFor({ timeout: waitMs });
        expect(await menu.getByRole('link', { name: 'Find a person' }).getAttribute('aria-current')).toBe('true');

        await page.goBack();
        await page.waitForURL(/\/people\?q=Margret\+Smith$/, { timeout: waitMs });
        await page.getByRole('table', { name: 'People matching “Margret Smith”' }).getByRole('link', { name: margaret.name }).waitFor({
          timeout: waitMs,
        });
        assertNoConsoleErrors();
      });
    },
    testTimeoutMs,
  );

  it(
    'finds by NHS number written with spaces, and says so when no one matches',
    async () => {
      await withPage(`/people?q=${encodeURIComponent(john.nhsNumber)}`, async ({ page, assertNoConsoleErrors }) => {
        const results = page.getByRole('table', { name: `People matching “${john.nhsNumber}”` });
        await results.waitFor({ timeout: waitMs });
        const names = await results.getByRole('link').allInnerTexts();
        expect(names).toHaveLength(1);
        expect(names[0]).toMatch(john.name);
        expect(await page.getByText(/as an NHS number\./).count()).toBe(1);
        assertNoConsoleErrors();
      });
      await withPage(`/people?q=${encodeURIComponent('Zebedee Quorndon')}`, async ({ page, assertNoConsoleErrors }) => {
        await page.getByRole('heading', { level: 2, name: 'No one found' }).waitFor({ timeout: waitMs });
        expect(await page.getByRole('table').count()).toBe(0);
        expect(await page.locator('.nhsuk-inset-text').innerText()).toContain('check the spelling');
        await expectNoAccessibilityViolations(page);
        assertNoConsoleErrors();
      });
    },
    testTimeoutMs,
  );

  it(
    'shows a search the server refuses as an error summary linked to the field',
    async () => {
      await withPage(
        '/people',
        async ({ page, assertNoConsoleErrors }) => {
          const field = page.getByRole('searchbox', { name: 'Find a person' });
          await field.waitFor({ timeout: waitMs });
          await page.getByRole('button', { name: 'Search' }).click();
          await page.waitForURL(/\/people\?q=$/, { timeout: waitMs });
          const summary = page.locator('.nhsuk-error-summary');
          await summary.waitFor({ timeout: waitMs });
          expect(await summary.getByRole('heading', { name: 'There is a problem' }).count()).toBe(1);
          expect(await summary.evaluate((element) => element === document.activeElement)).toBe(true);
          expect(await page.title()).toBe('Error: Find a person – Joined Up');
          const link = summary.getByRole('link');
          expect(await link.getAttribute('href')).toBe('#q');
          const message = (await link.innerText()).trim();
          expect(message.length).toBeGreaterThan(0);
          expect(await page.locator('#q-error').innerText()).toContain(message);
          expect(await field.getAttribute('aria-describedby')).toContain('q-error');
          await expectNoAccessibilityViolations(page);

          await link.click();
          expect(await field.evaluate((element) => element === document.activeElement)).toBe(true);
          assertNoConsoleErrors();
        },
        { expected: provokedClientError(/^\/api\/people$/) },
      );
    },
    testTimeoutMs,
  );
});

describe('A person’s story', () => {
  it(
    'shows the header, the summary, the record in each system and a timeline from several sources',
    async () => {
      const id = await personIdOf(margaret.nhsNumber);
      const all = await getApi<TimelineBody>(`/api/people/${encodeURIComponent(id)}/timeline?limit=100`);
      const total = all.sources.reduce((sum, source) => sum + source.count, 0);
      expect(all.sources.filter((source) => source.count > 0).length).toBeGreaterThanOrEqual(2);
      expect(all.entries).toHaveLength(total);
      expect(all.next).toBeNull();

      await withPage(`/people/${encodeURIComponent(id)}`, async ({ page, assertNoConsoleErrors }) => {
        const heading = page.getByRole('heading', { level: 1, name: margaret.name });
        await heading.waitFor({ timeout: waitMs });
        expect(await page.title()).toBe(`${await heading.innerText()} – Joined Up`);
        expect(await summaryValue(page, 'NHS number')).toBe(margaret.nhsNumber);
        expect(await summaryValue(page, 'Date of birth')).toMatch(new RegExp(`^${margaret.birthDate} \\(\\d+ years old\\)$`));
        expect(await summaryValue(page, 'Address')).toContain(margaret.postcode);
        expect(await summaryValue(page, 'GP practice')).toContain('Z90001');

        const summary = page.getByRole('region', { name: 'Summary', exact: true });
        const card = (heading: string) => summary.locator('.nhsuk-card').filter({ has: page.getByRole('heading', { name: heading }) });
        expect(await card('Active problems').innerText()).toContain('Heart failure');
        expect(await card('Medications').innerText()).toContain('Metformin');
        expect(await card('Allergies').innerText()).toContain('None recorded');
        for (const heading of ['Social care services', 'Unpaid carers', 'Frailty']) expect(await card(heading).count()).toBe(1);

        const identities = page.getByRole('table', { name: 'The record each system holds of this person' });
        const localIds = await identities.locator('code').allInnerTexts();
        expect(localIds).toHaveLength(3);
        expect(localIds).toEqual(expect.arrayContaining(['RZQ1000001', 'LA1MSMITH']));
        const hospitalRow = identities.getByRole('row').filter({ hasText: 'RZQ1000001' });
        expect(await hospitalRow.innerText()).toContain(margaret.nhsNumber);
        expect(await hospitalRow.innerText()).toContain('NHS number');

        await waitForEntries(page, total);
        const shownSources = new Set(await entrySources(page));
        expect(shownSources.size).toBeGreaterThanOrEqual(2);
        for (const source of all.sources.filter((s) => s.count > 0)) expect(shownSources).toContain(source.name);
        expect(await timeline(page).getByRole('button', { name: 'Load more' }).count()).toBe(0);

        // Newest first: the day headings run backwards in time.
        const days = await timeline(page).locator('.app-timeline__date time').evaluateAll((times) =>
          times.map((time) => time.getAttribute('datetime') ?? ''),
        );
        expect(days).toEqual([...days].sort().reverse());

        const firstDetails = timelineEntries(page).locator('details').first();
        if ((await firstDetails.count()) > 0) {
          await firstDetails.locator('summary').click();
          expect(await firstDetails.locator('.nhsuk-summary-list__row').count()).toBeGreaterThan(0);
        }
        await expectNoAccessibilityViolations(page);
        assertNoConsoleErrors();
      });
    },
    testTimeoutMs,
  );

  it(
    'filters the timeline by source and by kind, keeping the filter in the address',
    async () => {
      const id = await personIdOf(margaret.nhsNumber);
      const personPath = `/people/${encodeURIComponent(id)}`;
      const all = await getApi<TimelineBody>(`${personPath.replace('/people/', '/api/people/')}/timeline?limit=100`);
      const hospital = all.sources.find((source) => source.id === 'hospital');
      expect(hospital?.count).toBeGreaterThan(0);
      const hospitalOnly = await getApi<TimelineBody>(`/api/people/${encodeURIComponent(id)}/timeline?source=hospital&limit=100`);
      const kind = hospitalOnly.entries[0]!;
      const kindLabel = all.kinds.find((k) => k.kind === kind.kind)!.label;
      const hospitalOfKind = hospitalOnly.entries.filter((entry) => entry.kind === kind.kind).length;

      await withPage(personPath, async ({ page, assertNoConsoleErrors }) => {
        const total = all.sources.reduce((sum, source) => sum + source.count, 0);
        await waitForEntries(page, total);

        const hospitalBox = timeline(page).getByRole('checkbox', { name: `${hospital!.name} (${hospital!.count})` });
        await hospitalBox.focus();
        await page.keyboard.press('Space');
        await page.waitForURL(new RegExp(`${escapeRegExp(personPath)}\\?source=hospital$`), { timeout: waitMs });
        await waitForEntries(page, hospital!.count);
        expect(new Set(await entrySources(page))).toEqual(new Set([hospital!.name]));
        expect(await hospitalBox.isChecked()).toBe(true);
        expect(await hospitalBox.evaluate((element) => element === document.activeElement)).toBe(true);
        // The counts are the person's whole record, whatever the filter.
        for (const source of all.sources) {
          expect(await timeline(page).getByRole('checkbox', { name: `${source.name} (${source.count})` }).count()).toBe(1);
        }
        await expectNoAccessibilityViolations(page);

        const kindBox = timeline(page).getByRole('checkbox', { name: new RegExp(`^${escapeRegExp(kindLabel)} \\(\\d+\\)$`) });
        await kindBox.check();
        await page.waitForURL(new RegExp(`\\?source=hospital&kind=${escapeRegExp(kind.kind)}$`), { timeout: waitMs });
        await waitForEntries(page, hospitalOfKind);
        expect(new Set(await timelineEntries(page).locator('.nhsuk-tag').allInnerTexts())).toEqual(new Set([kindLabel]));

        await page.goBack();
        await page.waitForURL(new RegExp(`${escapeRegExp(personPath)}\\?source=hospital$`), { timeout: waitMs });
        await waitForEntries(page, hospital!.count);
        expect(await kindBox.isChecked()).toBe(false);

        await timeline(page).getByRole('button', { name: 'Clear filters' }).click();
        await page.waitForURL(new RegExp(`${escapeRegExp(personPath)}$`), { timeout: waitMs });
        await waitForEntries(page, total);
        assertNoConsoleErrors();
      });

      await withPage(`${personPath}?source=gp`, async ({ page, assertNoConsoleErrors }) => {
        const gp = all.sources.find((source) => source.id === 'gp')!;
        await waitForEntries(page, gp.count);
        expect(new Set(await entrySources(page))).toEqual(new Set([gp.name]));
        expect(await timeline(page).getByRole('checkbox', { name: `${gp.name} (${gp.count})` }).isChecked()).toBe(true);
        assertNoConsoleErrors();
      });
    },
    testTimeoutMs,
  );

  it(
    'loads older entries with "Load more", moving focus to the first of them',
    async () => {
      const id = await personIdOf(margaret.nhsNumber);
      const all = await getApi<TimelineBody>(`/api/people/${encodeURIComponent(id)}/timeline?limit=100`);
      const total = all.sources.reduce((sum, source) => sum + source.count, 0);
      const pageSize = 3;
      expect(total).toBeGreaterThan(pageSize);
      await withPage(
        `/people/${encodeURIComponent(id)}`,
        async ({ page, assertNoConsoleErrors }) => {
          await waitForEntries(page, pageSize);
          let shown = pageSize;
          while (shown < total) {
            await timeline(page).getByRole('button', { name: 'Load more' }).click();
            const expected = Math.min(total, shown + pageSize);
            await waitForEntries(page, expected);
            const focused = await page.evaluate(() => document.activeElement?.textContent ?? '');
            expect(focused).toBe(await timelineEntries(page).nth(shown).locator('h4').innerText());
            shown = expected;
          }
          expect(await timeline(page).getByRole('button', { name: 'Load more' }).count()).toBe(0);
          await expectNoAccessibilityViolations(page);
          assertNoConsoleErrors();
        },
        {
          // The real server, a few entries at a time, so a handful of records needs several pages.
          beforeNavigate: (page) =>
            page.route((url) => /^\/api\/people\/[^/]+\/timeline$/.test(url.pathname), async (route) => {
              const url = new URL(route.request().url());
              url.searchParams.set('limit', String(pageSize));
              await route.continue({ url: url.toString() });
            }),
        },
      );
    },
    testTimeoutMs,
  );

  it(
    'shows alerts as warning callouts and the date of death of someone who has died',
    async () => {
      const id = await personIdOf(margaret.nhsNumber);
      await withPage(
        `/people/${encodeURIComponent(id)}`,
        async ({ page, assertNoConsoleErrors }) => {
          await page.getByRole('heading', { level: 1, name: margaret.name }).waitFor({ timeout: waitMs });
          expect(await page.getByText('Died on 30 November 2026').count()).toBe(1);
          expect(await summaryValue(page, 'Date of death')).toBe('30 November 2026');
          const alert = page.locator('.nhsuk-card--warning');
          expect(await alert.count()).toBe(1);
          expect(await alert.getByRole('heading', { level: 2 }).innerText()).toMatch(/Alert from .+/);
          expect(await alert.innerText()).toContain('Lives alone; key safe 1234 by the back door');
          expect(await alert.innerText()).toContain('Since 3 March 2025');
          await expectNoAccessibilityViolations(page);
          assertNoConsoleErrors();
        },
        {
          // The story's sources hold no alert and no death, so the real answer is given both.
          beforeNavigate: (page) =>
            page.route(
              (url) => url.pathname === `/api/people/${id}`,
              async (route) => {
                const response = await route.fetch();
                const body = (await response.json()) as { header: Record<string, unknown> };
                const source = { id: 'community', name: 'Community health services' };
                const alerts = [{ text: 'Lives alone; key safe 1234 by the back door', since: '2025-03-03', source }];
                await route.fulfill({ response, json: { ...body, header: { ...body.header, deceased: '2026-11-30', alerts } } });
              },
            ),
        },
      );
    },
    testTimeoutMs,
  );

  it(
    'says so when the address names no one',
    async () => {
      const id = await personIdOf(margaret.nhsNumber);
      // Same shape as a real id, so the server reads it and finds no one.
      const unknown = id.replace(/[0-9a-f]/gi, '0');
      await withPage(
        `/people/${encodeURIComponent(unknown)}`,
        async ({ page, assertNoConsoleErrors }) => {
          await page.getByRole('heading', { level: 1, name: 'No such person, or not one you may see' }).waitFor({ timeout: waitMs });
          expect(await page.title()).toBe('No such person, or not one you may see – Joined Up');
          expect(await page.getByRole('main').getByRole('link', { name: 'search again' }).getAttribute('href')).toBe('/people');
          await expectNoAccessibilityViolations(page);
          assertNoConsoleErrors();
        },
        { expected: provokedClientError(/^\/api\/people\/[^/]+(\/timeline)?$/) },
      );
    },
    testTimeoutMs,
  );
});

describe('Imports and data quality', () => {
  it(
    'lists every import and shows the data-quality report of a file with an impossible date',
    async () => {
      const imports = await listImports(suite.url(), sessionOf(admin));
      expect(imports.length).toBe(sampleFiles.length);
      const badId = importIds.get('hospital/spells-bad.csv');
      expect(badId).toBeDefined();

      await suite.open('/imports', async ({ page, assertNoConsoleErrors }) => {
        await page.getByRole('heading', { level: 1, name: 'Imports and data quality' }).waitFor({ timeout: waitMs });
        expect(await page.title()).toBe('Imports and data quality – Joined Up');
        const table = page.getByRole('table', { name: 'Imports, newest first' });
        await table.waitFor({ timeout: waitMs });
        expect(await table.locator('tbody tr').count()).toBe(sampleFiles.length);
        expect(await table.locator('tbody .nhsuk-tag').allInnerTexts()).toEqual(sampleFiles.map(() => 'Done'));
        expect(await page.getByRole('navigation', { name: 'Menu' }).getByRole('link', { name: 'Imports' }).getAttribute('aria-current')).toBe(
          'page',
        );
        await expectNoAccessibilityViolations(page);

        await table.locator(`a[href="/imports/${encodeURIComponent(badId!)}"]`).click();
        await page.waitForURL(new RegExp(`/imports/${escapeRegExp(encodeURIComponent(badId!))}$`), { timeout: waitMs });
        await page.getByRole('heading', { level: 2, name: 'Data-quality report' }).waitFor({ timeout: waitMs });
        expect(await page.getByRole('heading', { level: 1 }).innerText()).toMatch(/^Import of /);
        expect(await summaryValue(page, 'Rejected')).toBe('1');
        expect(await summaryValue(page, 'Status')).toBe('Done');

        const issues = page.getByRole('table', { name: 'Data-quality issues' });
        const bad = issues.getByRole('row').filter({ hasText: 'Line 3' });
        expect(await bad.count()).toBe(1);
        const text = await bad.innerText();
        expect(text).toMatch(/date/i);
        expect(await bad.locator('.nhsuk-tag').innerText()).toBe('Rejected');
        expect(await page.getByRole('link', { name: 'Back to imports' }).getAttribute('href')).toBe('/imports');
        await expectNoAccessibilityViolations(page);
        assertNoConsoleErrors();
      }, { session: sessionOf(admin) });
    },
    testTimeoutMs,
  );
});
