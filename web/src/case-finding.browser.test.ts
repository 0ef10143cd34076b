// Case-finding in a real browser against the real server, on the bay's people scored by a model made
// on a synthetic locality: before anyone is scored the page says what to run; a GP opens Case-finding
// from the header and sees their practice's list highest risk first with why; excludes one person (told
// first, beside the field and in the error summary, that a reason is needed) and enrols another with a
// coordinator (told first that an unknown username names no one); finds them under Excluded and
// Enrolled, and the risk and decision on the enrolled person's record; the coordinator, who could not
// see that record before, now can (they joined the care team); the excluded person is returned to the
// list. Lists never hold people the reader may not see. Every state is checked with axe-core (WCAG 2.2
// AA) and must leave a clean console.
import type { Locator, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { onCareTeamOf, type TestSession } from '../../test/support/access.js';
import { browserSuite, expectNoAccessibilityViolations, type PageProblem, summaryValue } from '../../test/support/browser.js';
import { type Bay, seedBay } from '../../test/support/bay.js';
import { fetchAs } from '../../test/support/server.js';
import { createAccount, createOrganisation } from '../../src/access/index.js';
import { evaluateOnSyntheticLocality, scorePopulation, storeModel } from '../../src/risk/index.js';

const testTimeoutMs = 90_000;
const waitMs = 10_000;
const password = 'heron bicycle pepper';
const practice = 'Z90001';

interface Seeded {
  bay: Bay;
  /** What GET /api/risk/practices answered before anyone was scored. */
  noScores: { status: number; body: Record<string, unknown> };
  /** A district nurse of a community provider on Ann's and Cara's care teams: they see one person at each practice. */
  kim: TestSession;
}

let seeded: Seeded | undefined;
const suite = browserSuite(async (server) => {
  const { db } = server.joinedUp;
  // The practice's own record names it, so its list is headed by its name.
  const bay = await seedBay(server.joinedUp, { gp: [{ resourceType: 'Organization', id: practice, name: 'Bay Practice' }] });
  const noScores = await bay.get('/api/risk/practices', bay.as.gp);
  // A community provider with no relationship with anyone: its staff see only the people whose care team they are on.
  await createOrganisation(db, { id: 'bay-community', name: 'Bay Community Health', kind: 'community-provider' });
  await createAccount(db, { username: 'sam.coordinator', displayName: 'Sam Coordinator', role: 'care-coordinator', organisationId: 'bay-community', password });
  const kim = await suite.signedInAs({ role: 'district-nurse', name: 'Kim Nurse', organisationId: 'bay-community' });
  await onCareTeamOf(db, kim.accountId, [bay.ids.ann, bay.ids.cara]);

  const { model, trained } = await evaluateOnSyntheticLocality({ people: 2000, seed: 7, now: new Date() });
  await storeModel(db, { kind: 'trained', indexDate: '2025-04-01', ...trained, model, by: 'test', activate: true });
  await scorePopulation(db, { indexDate: new Date().toISOString().slice(0, 10) });
  seeded = { bay, noScores, kim };
}, 120_000);

function seed(): Seeded {
  if (!seeded) throw new Error('The place was not seeded');
  return seeded;
}

const refused = (status: number) => (problem: PageProblem): boolean => problem.status === status || new RegExp(`\\b${String(status)}\\b`).test(problem.message);

interface WorklistAnswer {
  practice: string;
  entries: { personId: string; name: string; probability: number; status: string }[];
}

async function worklistAs(who: TestSession, code: string, show = 'listed'): Promise<WorklistAnswer> {
  const response = await fetchAs(who, `${suite.url()}/api/risk/worklist?practice=${code}&show=${show}`);
  expect(response.status).toBe(200);
  return (await response.json()) as WorklistAnswer;
}

/** The rows of a list's table, by its caption. */
const rowsOf = (page: Page, caption: string): Locator => page.getByRole('table', { name: caption }).locator('tbody tr');

/** The percentage in a row's Risk cell ("8%" → 8). */
async function riskOf(row: Locator): Promise<number> {
  const text = await row.getByRole('cell').nth(4).innerText();
  const match = /(\d+)%/.exec(text);
  if (match === null) throw new Error(`No percentage in "${text}"`);
  return Number(match[1]);
}

describe('case-finding', () => {
  it(
    'says no one has been scored yet, and what to run, before a scoring run',
    async () => {
      const { bay, noScores } = seed();
      // The server's own answer from before the run, given again to the page.
      expect(noScores.status).toBe(404);
      expect(noScores.body.code).toBe('no_scores');
      await suite.open(
        '/case-finding',
        async ({ page, assertNoConsoleErrors }) => {
          await page.getByRole('heading', { level: 2, name: 'No one has been scored yet' }).waitFor({ timeout: waitMs });
          await page.getByText('joinedup risk score', { exact: true }).waitFor({ timeout: waitMs });
          expect(await page.getByRole('table').count()).toBe(0);
          await expectNoAccessibilityViolations(page);
          assertNoConsoleErrors();
        },
        {
          session: bay.as.gp,
          expected: refused(404),
          beforeNavigate: (page) => page.route('**/api/risk/practices', (route) =>
            route.fulfill({ status: 404, contentType: 'application/problem+json', body: JSON.stringify(noScores.body) })),
        },
      );
    },
    testTimeoutMs,
  );

  it(
    'lists only people the reader may see, at each practice they may see someone at',
    async () => {
      const { bay: { as, ids }, kim } = seed();
      const practicesOf = async (who: TestSession) =>
        ((await (await fetchAs(who, `${suite.url()}/api/risk/practices`)).json()) as { practices: { code: string; people: number }[] }).practices;
      // The GP sees their own practice's people, Ann and Bill; Cara, registered elsewhere, is on no list of theirs.
      expect(await practicesOf(as.gp)).toEqual([{ code: practice, name: 'Bay Practice', people: 2 }]);
      expect((await worklistAs(as.gp, practice)).entries.map((e) => e.personId).sort()).toEqual([String(ids.ann), String(ids.bill)].sort());
      expect((await worklistAs(as.gp, 'Z90002')).entries).toEqual([]);
      // The hospital's discharge team sees only Ann, whom the hospital cares for, on the same practice's list.
      expect((await worklistAs(as.discharge, practice)).entries.map((e) => e.personId)).toEqual([String(ids.ann)]);
      // A commissioner uses no lists of people.
      expect((await fetchAs(as.commissioner, `${suite.url()}/api/risk/practices`)).status).toBe(403);
      expect((await practicesOf(kim)).map((p) => p.code)).toEqual([practice, 'Z90002']);

      // Kim chooses between the two practices she sees someone at, and sees only the one person at each.
      await suite.open(
        '/case-finding',
        async ({ page, assertNoConsoleErrors }) => {
          await page.getByRole('heading', { level: 1, name: 'Case-finding' }).waitFor({ timeout: waitMs });
          const listed = rowsOf(page, 'On the list, highest risk first');
          await listed.first().waitFor({ timeout: waitMs });
          expect(await listed.allInnerTexts()).toEqual([expect.stringContaining('Ann Arden')]);
          await expectNoAccessibilityViolations(page);
          await page.getByLabel('GP practice').selectOption('Z90002');
          await page.getByRole('button', { name: 'Show the practice’s list' }).click();
          await page.waitForURL(/\/case-finding\?practice=Z90002$/, { timeout: waitMs });
          await listed.first().waitFor({ timeout: waitMs });
          expect(await listed.allInnerTexts()).toEqual([expect.stringContaining('Cara Cole')]);
          await expectNoAccessibilityViolations(page);
          assertNoConsoleErrors();
        },
        { session: kim },
      );
    },
    testTimeoutMs,
  );

  it(
    'is worked by a GP: people excluded with why and enrolled with a coordinator, who can then see the record, and returned to the list',
    async () => {
      const { bay: { as, ids } } = seed();
      const annRecord = `${suite.url()}/api/people/${String(ids.ann)}`;
      const sam = await suite.signIn('sam.coordinator', password);
      expect((await fetchAs(sam, annRecord)).status).toBe(404);

      await suite.open(
        '/',
        async ({ page, assertNoConsoleErrors }) => {
          await page.getByRole('navigation', { name: 'Menu' }).getByRole('link', { name: 'Case-finding' }).click();
          await page.waitForURL(/\/case-finding$/, { timeout: waitMs });
          await page.getByRole('heading', { level: 1, name: 'Case-finding' }).waitFor({ timeout: waitMs });
          await page.getByText(/High risk is not the same as preventable risk/).waitFor({ timeout: waitMs });
          const listed = rowsOf(page, 'On the list, highest risk first');
          await listed.first().waitFor({ timeout: waitMs });
          expect(await summaryValue(page, 'Model')).toBe('Version 1');
          expect(await summaryValue(page, 'People scored')).toBe('3');
          await page.getByText('GP practice: Bay Practice (Z90001)').waitFor({ timeout: waitMs });

          // Highest risk first, each with a percentage, why they are on the list, and "New" on the first run.
          expect(await listed.count()).toBe(2);
          const [first, second] = [listed.nth(0), listed.nth(1)];
          expect(await riskOf(first)).toBeGreaterThanOrEqual(await riskOf(second));
          for (const row of [first, second]) {
            expect(await row.getByRole('cell').nth(0).innerText()).toMatch(/^[12]$/);
            expect(await row.getByRole('cell').nth(4).innerText()).toMatch(/^\d+%\s+New$/);
            expect(await row.getByRole('cell').nth(5).getByRole('listitem').first().innerText()).toMatch(/^Aged \d+$/);
          }
          const ann = listed.filter({ hasText: 'Ann Arden' });
          expect(await ann.getByRole('cell').nth(2).innerText()).toBe('943 476 5919');
          expect(await ann.getByRole('link', { name: 'Ann Arden' }).getAttribute('href')).toBe(`/people/${String(ids.ann)}`);
          await expectNoAccessibilityViolations(page);

          // Excluding Bill: a reason is needed first.
          await page.getByRole('button', { name: 'Exclude Bill Brook' }).click();
          await page.getByRole('heading', { name: 'Exclude Bill Brook from the list' }).waitFor({ timeout: waitMs });
          expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Exclude Bill Brook from the list');
          await expectNoAccessibilityViolations(page);
          await page.getByRole('button', { name: 'Exclude from the list' }).click();
          const summary = page.getByRole('alert');
          await summary.getByRole('link', { name: 'Choose why they come off the list' }).waitFor({ timeout: waitMs });
          expect(await page.locator('#decision-reason-error').innerText()).toContain('Choose why they come off the list');
          expect(await page.title()).toBe('Error: Case-finding – Joined Up');
          await expectNoAccessibilityViolations(page);
          await page.getByLabel('At the end of life').check();
          await page.getByRole('button', { name: 'Exclude from the list' }).click();
          await page.getByText('Saved: Bill Brook is off the list. Excluded: at the end of life.').waitFor({ timeout: waitMs });
          await listed.filter({ hasText: 'Bill Brook' }).waitFor({ state: 'detached', timeout: waitMs });
          expect(await listed.count()).toBe(1);
          await expectNoAccessibilityViolations(page);

          // Enrolling Ann: a username that names no member of staff is refused by the server, and said beside the field.
          await page.getByRole('button', { name: 'Enrol Ann Arden' }).click();
          await page.getByRole('heading', { name: 'Enrol Ann Arden in case management' }).waitFor({ timeout: waitMs });
          await page.getByLabel('The coordinator’s username').fill('no.such.coordinator');
          await page.getByRole('button', { name: 'Enrol', exact: true }).click();
          const unknown = 'Enter the username of a member of staff who cares for people, such as a care coordinator';
          await summary.getByRole('link', { name: unknown }).waitFor({ timeout: waitMs });
          expect(await page.locator('#decision-coordinator-error').innerText()).toContain(unknown);
          await expectNoAccessibilityViolations(page);
          // Following the summary's link puts you in the field.
          await summary.getByRole('link', { name: unknown }).click();
          expect(await page.evaluate(() => document.activeElement?.id)).toBe('decision-coordinator');
          await page.getByLabel('The coordinator’s username').fill('sam.coordinator');
          await page.getByLabel('Note (optional)').fill('Review her medicines at home this week');
          await page.getByRole('button', { name: 'Enrol', exact: true }).click();
          await page.getByText('Saved: Ann Arden enrolled with coordinator sam.coordinator, who is now on their care team.').waitFor({ timeout: waitMs });
          await page.getByText('No one at this practice whom you may see is on the list.').waitFor({ timeout: waitMs });
          expect(await page.title()).toBe('Case-finding – Joined Up');
          await expectNoAccessibilityViolations(page);

          // Under Enrolled and Excluded, with the decision, who made it and when.
          await page.getByRole('navigation', { name: 'Case-finding lists' }).getByRole('link', { name: 'Enrolled' }).click();
          await page.waitForURL(/show=enrolled/, { timeout: waitMs });
          const enrolled = rowsOf(page, 'Enrolled in case management, highest risk first');
          await enrolled.first().waitFor({ timeout: waitMs });
          const decision = await enrolled.filter({ hasText: 'Ann Arden' }).getByRole('cell').nth(5).innerText();
          expect(decision).toContain('Coordinator: sam.coordinator');
          expect(decision).toContain('“Review her medicines at home this week”');
          expect(decision).toMatch(/By Dr Ada Okafor, \d{1,2} \w+ \d{4}, \d{2}:\d{2}/);
          await expectNoAccessibilityViolations(page);
          await page.getByRole('navigation', { name: 'Case-finding lists' }).getByRole('link', { name: 'Excluded' }).click();
          await page.waitForURL(/show=excluded/, { timeout: waitMs });
          const excluded = rowsOf(page, 'Excluded from the list, highest risk first');
          await excluded.first().waitFor({ timeout: waitMs });
          expect(await excluded.filter({ hasText: 'Bill Brook' }).getByRole('cell').nth(5).innerText()).toMatch(/^At the end of life\s+By Dr Ada Okafor, /);
          await page.getByRole('button', { name: 'Return Bill Brook to the list' }).waitFor({ timeout: waitMs });
          await expectNoAccessibilityViolations(page);
          assertNoConsoleErrors();
        },
        { session: as.gp, expected: refused(400) },
      );

      // Ann's record shows her risk, her place at the practice, why, and the decision.
      await suite.open(
        `/people/${String(ids.ann)}`,
        async ({ page, assertNoConsoleErrors }) => {
          const card = page.getByRole('region', { name: 'Risk of emergency admission' });
          await card.waitFor({ timeout: waitMs });
          expect(await summaryValue(card, 'Risk')).toMatch(/^\d+%$/);
          expect(await summaryValue(card, 'Rank in their practice')).toMatch(/^Number [12] at practice Z90001/);
          expect(await summaryValue(card, 'Why')).toMatch(/Aged \d+/);
          const decided = await summaryValue(card, 'Decision');
          expect(decided).toContain('Enrolled with coordinator sam.coordinator: “Review her medicines at home this week”');
          expect(decided).toContain('By Dr Ada Okafor');
          expect(await card.getByRole('link', { name: 'See the practice’s case-finding list' }).getAttribute('href')).toBe('/case-finding?practice=Z90001&show=enrolled');
          await expectNoAccessibilityViolations(page);
          assertNoConsoleErrors();
        },
        { session: as.gp },
      );

      // The coordinator joined Ann's care team, so now sees her record, and why.
      expect((await fetchAs(sam, annRecord)).status).toBe(200);
      await suite.open(
        `/people/${String(ids.ann)}`,
        async ({ page, assertNoConsoleErrors }) => {
          await page.getByRole('heading', { level: 1, name: /Ann Arden/ }).waitFor({ timeout: waitMs });
          await page.getByRole('region', { name: 'Why you can see this record' }).getByText(/^On the care team/).first().waitFor({ timeout: waitMs });
          await page.getByRole('region', { name: 'Risk of emergency admission' }).waitFor({ timeout: waitMs });
          await expectNoAccessibilityViolations(page);
          assertNoConsoleErrors();
        },
        { session: sam },
      );

      // Bill is returned to the list.
      await suite.open(
        `/case-finding?practice=${practice}&show=excluded`,
        async ({ page, assertNoConsoleErrors }) => {
          await page.getByRole('button', { name: 'Return Bill Brook to the list' }).click();
          await page.getByText('Saved: Bill Brook is back on the list.').waitFor({ timeout: waitMs });
          await page.getByText('No one whom you may see has been excluded from this practice’s list.').waitFor({ timeout: waitMs });
          await expectNoAccessibilityViolations(page);
          await page.getByRole('navigation', { name: 'Case-finding lists' }).getByRole('link', { name: 'On the list' }).click();
          await page.waitForURL(/\/case-finding\?practice=Z90001$/, { timeout: waitMs });
          const listed = rowsOf(page, 'On the list, highest risk first');
          await listed.first().waitFor({ timeout: waitMs });
          expect(await listed.allInnerTexts()).toEqual([expect.stringContaining('Bill Brook')]);
          await expectNoAccessibilityViolations(page);
          assertNoConsoleErrors();
        },
        { session: as.gp },
      );
      expect((await worklistAs(as.gp, practice)).entries.map((e) => e.personId)).toEqual([String(ids.bill)]);
      expect((await worklistAs(as.gp, practice, 'enrolled')).entries.map((e) => e.personId)).toEqual([String(ids.ann)]);
    },
    testTimeoutMs,
  );

  it(
    'shows nothing of risk on the record to someone who does not use case-finding',
    async () => {
      const { bay: { ids } } = seed();
      const { rows } = await suite.server().joinedUp.db.query<{ id: number }>('SELECT min(id) AS id FROM people.identity WHERE person_id = $1', [ids.ann]);
      const ann = await suite.signedInAs({ role: 'person', name: 'Ann Arden', organisationId: null, identityId: rows[0]?.id ?? 0 });
      await suite.open(
        `/people/${String(ids.ann)}`,
        async ({ page, assertNoConsoleErrors }) => {
          await page.getByRole('heading', { level: 1, name: /Ann Arden/ }).waitFor({ timeout: waitMs });
          await page.getByRole('heading', { name: 'Summary' }).waitFor({ timeout: waitMs });
          expect(await page.getByRole('region', { name: 'Risk of emergency admission' }).count()).toBe(0);
          expect(await page.getByRole('navigation', { name: 'Menu' }).getByRole('link', { name: 'Case-finding' }).count()).toBe(0);
          await expectNoAccessibilityViolations(page);
          assertNoConsoleErrors();
        },
        { session: ann },
      );
    },
    testTimeoutMs,
  );
});
