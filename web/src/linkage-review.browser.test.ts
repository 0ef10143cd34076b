// Linkage review and merges in a real browser against the real server: a pair queued through the
// domain functions (as the linker queues them) is compared side by side with its evidence and
// decided "Same person", leaving the queue and making the two people one; on a person's page
// another person is merged in and the merge undone. Every state is checked with axe-core
// (WCAG 2.2 AA) and must leave a clean console. Linkage review is the administrator's; merging and
// undoing are for staff who care for the people (here a social worker on the care team of everyone).
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { onCareTeamOf, type TestSession } from '../../test/support/access.js';
import { browserSuite, expectNoAccessibilityViolations } from '../../test/support/browser.js';
import { fetchAs } from '../../test/support/server.js';
import { addReviewItems } from '../../src/people/index.js';
import { importFile } from '../../src/record/index.js';

const testTimeoutMs = 60_000;
const waitMs = 10_000;
const work = mkdtempSync(path.join(tmpdir(), 'joinedup-linkage-browser-'));

const patient = (id: string, given: string, family: string, birthDate: string, nhs?: string): object => ({
  resourceType: 'Patient', id, name: [{ family, given: [given] }], birthDate, gender: 'female',
  address: [{ line: ['1 Mill Lane'], city: 'Torquay', postalCode: 'TQ1 4AA' }],
  ...(nhs ? { identifier: [{ system: 'https://fhir.nhs.uk/Id/nhs-number', value: nhs }] } : {}),
});
const condition = (id: string, subject: string, text: string): object => ({
  resourceType: 'Condition', id, subject: { reference: `Patient/${subject}` }, code: { text }, recordedDate: '2024-05-01',
});

/** Identity and person of each seeded record, by source. */
const seeded = new Map<string, { identity: number; person: number }>();
let admin: TestSession | undefined;
let worker: TestSession | undefined;

function sessionOf(who: TestSession | undefined): TestSession {
  if (!who) throw new Error('The test accounts were not made');
  return who;
}

const suite = browserSuite(async (server) => {
  const { db } = server.joinedUp;
  const files: [string, object[]][] = [
    ['gp', [patient('g1', 'Margaret', 'Smith', '1941-03-07', '9990000018'), condition('gc1', 'g1', 'Heart failure')]],
    ['hospital', [patient('h1', 'Margaret', 'Smyth', '1941-03-07'), condition('hc1', 'h1', 'Fractured neck of femur')]],
    ['council', [patient('c1', 'Ada', 'Penrose', '1950-06-01')]],
    ['community', [patient('m1', 'Ada', 'Penrose', '1950-06-01')]],
  ];
  for (const [source, resources] of files) {
    const file = path.join(work, `${source}.ndjson`);
    writeFileSync(file, `${resources.map((r) => JSON.stringify(r)).join('\n')}\n`);
    await importFile(db, { sourceId: source, file });
  }
  const { rows } = await db.query<{ id: number; person_id: number; source_id: string }>('SELECT id, person_id, source_id FROM people.identity');
  for (const row of rows) seeded.set(row.source_id, { identity: row.id, person: row.person_id });
  const of = (source: string): { identity: number; person: number } => {
    const found = seeded.get(source);
    if (!found) throw new Error(`nothing seeded from ${source}`);
    return found;
  };
  await db.transaction((tx) => addReviewItems(tx, [{
    identityId: of('hospital').identity, candidateIdentityId: of('gp').identity, matchWeight: 2.2, matchProbability: 0.821,
    explanation: {
      prior: -12.3,
      fields: [
        { field: 'family', label: 'Surname', left: 'Smyth', right: 'Smith', level: 'Jaro-Winkler ≥ 0.92', weight: 6.1 },
        { field: 'birth_date', label: 'Date of birth', left: '1941-03-07', right: '1941-03-07', level: 'Exact', weight: 9.9 },
        { field: 'nhs_number', label: 'NHS number', left: null, right: '9990000018', level: 'Missing', weight: 0 },
        { field: 'postcode', label: 'Postcode', left: 'TQ1 4AA', right: 'TQ1 4AA', level: 'Exact', weight: -1.5 },
      ],
    },
  }, {
    identityId: of('community').identity, candidateIdentityId: of('council').identity, matchWeight: 0.6, matchProbability: 0.6,
    explanation: { prior: -12.3, fields: [{ field: 'family', label: 'Surname', left: 'Penrose', right: 'Penrose', level: 'Exact', weight: 12.9 }] },
  }]));
  admin = await suite.signedInAs({ role: 'administrator', name: 'Alex Morgan', organisationId: null });
  worker = await suite.signedInAs({ role: 'social-worker', name: 'Sam Clarke', organisationId: 'bayside-council' });
  await onCareTeamOf(db, worker.accountId, [...seeded.values()].map((s) => s.person));
});

function person(source: string): { identity: number; person: number } {
  const found = seeded.get(source);
  if (!found) throw new Error(`nothing seeded from ${source}`);
  return found;
}

async function getApi(pathname: string): Promise<{ status: number; body: Record<string, unknown> }> {
  const response = await fetchAs(sessionOf(worker), `${suite.url()}${pathname}`);
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

async function localIdsOf(personId: number): Promise<string[]> {
  const answer = await getApi(`/api/people/${String(personId)}`);
  return (answer.body.identities as { localId: string }[] | undefined)?.map((i) => i.localId).sort() ?? [];
}

/** The cells of the evidence table's row for a field, as shown. */
async function evidenceRow(page: Page, label: string): Promise<string[]> {
  const table = page.getByRole('table', { name: 'Evidence, field by field' });
  const row = table.getByRole('row').filter({ has: page.getByRole('cell').filter({ hasText: new RegExp(`^(Field )?${label}$`) }) });
  return (await row.getByRole('cell').locator('span:not(.nhsuk-table__heading)').allInnerTexts()).map((t) => t.trim());
}

describe('Linkage review', () => {
  it(
    'shows a waiting pair side by side with its evidence, and on "Same person" the pair leaves the queue and the two people become one',
    async () => {
      const gp = person('gp');
      const hospital = person('hospital');
      await suite.open('/linkage-review', async ({ page, assertNoConsoleErrors }) => {
        await page.getByRole('heading', { level: 1, name: 'Linkage review' }).waitFor({ timeout: waitMs });
        expect(await page.title()).toBe('Linkage review – Joined Up');
        const menu = page.getByRole('navigation', { name: 'Menu' });
        expect(await menu.getByRole('link', { name: 'Linkage review' }).getAttribute('aria-current')).toBe('page');
        const lists = page.getByRole('navigation', { name: 'Review lists' });
        await lists.getByRole('link', { name: 'Waiting (2)' }).waitFor({ timeout: waitMs });
        expect(await lists.getByRole('link', { name: 'Waiting (2)' }).getAttribute('aria-current')).toBe('page');

        const queue = page.getByRole('table', { name: 'Pairs of records, most likely matches first' });
        expect(await queue.locator('tbody tr').count()).toBe(2);
        expect(await queue.locator('tbody tr').nth(1).innerText()).toContain('60%');
        const queued = await queue.locator('tbody tr').first().innerText();
        expect(queued).toContain('82.1%');
        expect(queued).toContain('Margaret Smyth');
        expect(queued).toContain('Hospital patient administration system');
        expect(queued).toContain('GP practice system');

        await page.getByRole('heading', { level: 2, name: 'Is Margaret Smyth the same person as Margaret Smith?' }).waitFor({ timeout: waitMs });
        const sideBySide = page.getByRole('table', { name: 'The two records side by side' });
        const nhsRow = await sideBySide.getByRole('row').filter({ hasText: 'NHS number' }).innerText();
        expect(nhsRow).toContain('Not held');
        expect(nhsRow).toContain('999 000 0018');
        expect(await evidenceRow(page, 'Surname')).toEqual(['Surname', 'Smyth', 'Smith', 'Jaro-Winkler ≥ 0.92', '+6.1', 'For']);
        expect(await evidenceRow(page, 'Postcode')).toEqual(['Postcode', 'TQ1 4AA', 'TQ1 4AA', 'Exact', '−1.5', 'Against']);
        expect(await evidenceRow(page, 'NHS number')).toEqual(['NHS number', 'Not held', '9990000018', 'Missing', '0.0', 'Neither']);
        expect(await evidenceRow(page, 'Prior')).toEqual(['Prior', '–', '–', 'How likely any two records are to match, before comparing them', '−12.3', 'Against']);
        expect(await evidenceRow(page, 'Match weight')).toEqual(['Match weight', '–', '–', 'The prior and every field together', '+2.2', 'For']);
        await expectNoAccessibilityViolations(page);

        await page.getByRole('textbox', { name: 'Note (optional)' }).fill('Same ward admission as the GP record');
        await page.getByRole('button', { name: 'Same person' }).click();
        await page.getByText('Saved: Margaret Smyth and Margaret Smith are the same person.').waitFor({ timeout: waitMs });
        // The next pair is shown, with focus on it, and the queue holds only it.
        const next = page.getByRole('heading', { level: 2, name: 'Is Ada Penrose the same person as Ada Penrose?' });
        await next.waitFor({ timeout: waitMs });
        await lists.getByRole('link', { name: 'Waiting (1)' }).waitFor({ timeout: waitMs });
        expect(await lists.getByRole('link', { name: 'Decided (1)' }).count()).toBe(1);
        // Administrators do not read records, so no link to the person's is offered.
        expect(await queue.locator('tbody tr').count()).toBe(1);
        expect(await queue.locator('tbody tr').innerText()).not.toContain('Smyth');
        expect(await page.evaluate(() => document.activeElement?.textContent ?? '')).toBe('Is Ada Penrose the same person as Ada Penrose?');
        expect(await page.getByRole('link', { name: 'See the person’s record' }).count()).toBe(0);
        expect(await page.getByRole('textbox', { name: 'Note (optional)' }).inputValue()).toBe('');
        await expectNoAccessibilityViolations(page);
        assertNoConsoleErrors();
      }, { session: sessionOf(admin) });

      expect(await localIdsOf(gp.person)).toEqual(['g1', 'h1']);
      expect((await getApi(`/api/people/${String(hospital.person)}`)).status).toBe(404);
      const timeline = await getApi(`/api/people/${String(gp.person)}/timeline`);
      expect((timeline.body.entries as { title: string }[]).map((e) => e.title).sort()).toEqual(['Fractured neck of femur', 'Heart failure']);

      await suite.open('/linkage-review?status=decided', async ({ page, assertNoConsoleErrors }) => {
        await page.getByRole('heading', { level: 2, name: 'Is Margaret Smyth the same person as Margaret Smith?' }).waitFor({ timeout: waitMs });
        expect(await page.getByText('Decided the same person by Alex Morgan: “Same ward admission as the GP record”.').count()).toBe(1);
        expect(await page.getByRole('button', { name: 'Same person' }).count()).toBe(0);
        await expectNoAccessibilityViolations(page);
        assertNoConsoleErrors();
      }, { session: sessionOf(admin) });
    },
    testTimeoutMs,
  );
});

describe('Merge history on a person’s page', () => {
  it(
    'merges another person in after confirming, then undoes the merge',
    async () => {
      const council = person('council');
      const community = person('community');
      await suite.open(`/people/${String(council.person)}`, async ({ page, assertNoConsoleErrors }) => {
        const history = page.getByRole('region', { name: 'Merge history' });
        await history.getByText('This person has not been merged with anyone.').waitFor({ timeout: waitMs });
        const records = page.getByRole('table', { name: 'The record each system holds of this person' });
        expect(await records.locator('tbody tr').count()).toBe(1);

        await history.getByRole('button', { name: 'Continue' }).click();
        await page.getByRole('alert').getByRole('link', { name: 'Enter the other person’s ID, a number' }).waitFor({ timeout: waitMs });
        await expectNoAccessibilityViolations(page);

        await history.getByRole('textbox', { name: 'The other person’s ID' }).fill(String(community.person));
        await history.getByRole('textbox', { name: 'Why they are the same person' }).fill('Same address and date of birth');
        await history.getByRole('button', { name: 'Continue' }).click();
        const confirm = history.getByRole('heading', { name: 'Merge Ada Penrose into Ada Penrose?' });
        await confirm.waitFor({ timeout: waitMs });
        expect(await page.evaluate(() => document.activeElement?.textContent ?? '')).toBe('Merge Ada Penrose into Ada Penrose?');
        await history.getByRole('button', { name: 'Merge records' }).click();

        await history.getByText(`Ada Penrose (person ${String(community.person)}) was merged into this person.`).waitFor({ timeout: waitMs });
        await expect.poll(() => records.locator('tbody tr').count(), { timeout: waitMs }).toBe(2);
        const merges = history.getByRole('table', { name: 'Merges into and out of this person, newest first' });
        const row = merges.locator('tbody tr');
        expect(await row.count()).toBe(1);
        expect(await row.innerText()).toContain(`Into this person from person ${String(community.person)}`);
        expect(await row.innerText()).toContain('Sam Clarke: Same address and date of birth');
        await expectNoAccessibilityViolations(page);
        expect(await localIdsOf(council.person)).toEqual(['c1', 'm1']);

        await row.getByRole('button', { name: `Undo the merge of person ${String(community.person)} into person ${String(council.person)}` }).click();
        await history.getByText(`Merge undone: 1 record(s) went back to person ${String(community.person)}.`).waitFor({ timeout: waitMs });
        await row.getByText(/^Undone /).waitFor({ timeout: waitMs });
        expect(await row.getByRole('button').count()).toBe(0);
        await expect.poll(() => records.locator('tbody tr').count(), { timeout: waitMs }).toBe(1);
        await expectNoAccessibilityViolations(page);
        assertNoConsoleErrors();
      }, { session: sessionOf(worker) });
      expect(await localIdsOf(council.person)).toEqual(['c1']);
      expect(await localIdsOf(community.person)).toEqual(['m1']);
    },
    testTimeoutMs,
  );
});
