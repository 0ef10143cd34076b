// The person's care team, in a real browser against the real server: a GP opens "Care team" from the
// person's record, is told what is missing and that a team ID names no team (beside the field and in
// the error summary), adds a team and a colleague from another organisation with why; the colleague,
// who could not see the record before, then opens it and is told they are on the care team; the GP
// ends the colleague's place and the record is closed to them again. The person sees their care team
// without the form. Every state is checked with axe-core (WCAG 2.2 AA) and must leave a clean console.
import { describe, expect, it } from 'vitest';
import type { TestSession } from '../../test/support/access.js';
import { browserSuite, expectNoAccessibilityViolations, type PageProblem } from '../../test/support/browser.js';
import { type Bay, seedBay } from '../../test/support/bay.js';
import { fetchAs } from '../../test/support/server.js';
import { addTeamMembers, createAccount, createOrganisation, createTeam } from '../../src/access/index.js';

const testTimeoutMs = 90_000;
const waitMs = 10_000;
const password = 'heron bicycle pepper';

let bay: Bay | undefined;
let ann: TestSession | undefined;
const suite = browserSuite(async (server) => {
  const { db } = server.joinedUp;
  bay = await seedBay(server.joinedUp);
  // A community provider with no relationship with Ann: its nurse sees her record only once on her care team.
  await createOrganisation(db, { id: 'bay-community', name: 'Bay Community Health', kind: 'community-provider' });
  await createAccount(db, { username: 'kim.nurse', displayName: 'Kim Nurse', role: 'district-nurse', organisationId: 'bay-community', password });
  await createAccount(db, { username: 'pat.therapist', displayName: 'Pat Therapist', role: 'occupational-therapist', organisationId: 'bay-community', password });
  await createTeam(db, { id: 'bay-integrated-team', name: 'Bay integrated team', organisationId: 'bay-community' });
  await addTeamMembers(db, 'bay-integrated-team', ['pat.therapist']);
  const { rows } = await db.query<{ id: number }>('SELECT min(id) AS id FROM people.identity WHERE person_id = $1', [bay.ids.ann]);
  ann = await suite.signedInAs({ role: 'person', name: 'Ann Arden', organisationId: null, identityId: rows[0]?.id ?? 0 });
});

function seeded(): { bay: Bay; ann: TestSession } {
  if (!bay || !ann) throw new Error('The place was not seeded');
  return { bay, ann };
}

const refused = (status: number) => (problem: PageProblem): boolean => problem.status === status || new RegExp(`\\b${String(status)}\\b`).test(problem.message);

describe('the person’s care team', () => {
  it(
    'is added to by a GP, a team and a colleague with why, and the colleague can then open the record until their place ends',
    async () => {
      const { bay: { ids, as } } = seeded();
      const record = `/people/${String(ids.ann)}`;
      const api = `${suite.url()}/api/people/${String(ids.ann)}`;
      const kim = await suite.signIn('kim.nurse', password);
      const pat = await suite.signIn('pat.therapist', password);
      expect((await fetchAs(kim, api)).status).toBe(404);
      expect((await fetchAs(pat, api)).status).toBe(404);

      await suite.open(
        record,
        async ({ page, assertNoConsoleErrors }) => {
          await page.getByRole('heading', { level: 1, name: /Ann Arden/ }).waitFor({ timeout: waitMs });
          await page.getByRole('navigation', { name: 'About this record' }).getByRole('link', { name: 'Care team' }).click();
          await page.waitForURL(new RegExp(`${record}/care-team$`), { timeout: waitMs });
          await page.getByRole('heading', { level: 1, name: 'Care team' }).waitFor({ timeout: waitMs });
          await page.getByText('No one is on the care team.').waitFor({ timeout: waitMs });
          await expectNoAccessibilityViolations(page);

          // Nothing chosen: what is missing, in the summary and beside the fields.
          const add = page.getByRole('button', { name: 'Add to the care team' });
          await add.click();
          const summary = page.getByRole('alert');
          await summary.getByRole('link', { name: 'Choose who joins the care team' }).waitFor({ timeout: waitMs });
          await summary.getByRole('link', { name: 'Say why they join the care team' }).waitFor({ timeout: waitMs });
          await expectNoAccessibilityViolations(page);

          // A team ID that names no team: the server's answer, beside the field.
          await page.getByLabel('A team').check();
          await page.getByLabel('Team ID').fill('no-such-team');
          await page.getByLabel('Why they join the care team').fill('Integrated team reviewing her care after discharge');
          await add.click();
          await summary.getByRole('link', { name: 'There is no team "no-such-team"' }).waitFor({ timeout: waitMs });
          expect(await page.locator('#care-team-team-error').innerText()).toContain('There is no team "no-such-team"');
          expect(await page.title()).toBe('Error: Care team – Joined Up');
          await expectNoAccessibilityViolations(page);
          // Following the summary's link puts you in the field.
          await summary.getByRole('link', { name: 'There is no team "no-such-team"' }).click();
          expect(await page.evaluate(() => document.activeElement?.id)).toBe('care-team-team');

          await page.getByLabel('Team ID').fill('bay-integrated-team');
          await add.click();
          await page.getByText('Saved: Bay integrated team is on the care team and can now see the record.').waitFor({ timeout: waitMs });
          const members = page.getByRole('table', { name: 'On the care team' });
          const team = members.getByRole('row').filter({ hasText: 'Bay integrated team' });
          const teamText = await team.innerText();
          expect(teamText).toContain('Team');
          expect(teamText).toContain('Integrated team reviewing her care after discharge');
          expect(teamText).toContain('Dr Ada Okafor');
          await expectNoAccessibilityViolations(page);

          await page.getByLabel('A colleague').check();
          await page.getByLabel('Your colleague’s username').fill('kim.nurse');
          await page.getByLabel('Why they join the care team').fill('Visits daily to dress her leg wound');
          await add.click();
          await page.getByText('Saved: Kim Nurse is on the care team and can now see the record.').waitFor({ timeout: waitMs });
          const colleague = members.getByRole('row').filter({ hasText: 'Kim Nurse' });
          expect(await colleague.innerText()).toContain('Person');
          expect(await colleague.innerText()).toContain('Visits daily to dress her leg wound');
          await expectNoAccessibilityViolations(page);
          assertNoConsoleErrors();
        },
        { session: as.gp, expected: refused(400) },
      );

      // The colleague opens the record, and is told why they may; the team's members see it too.
      await suite.open(
        record,
        async ({ page, assertNoConsoleErrors }) => {
          await page.getByRole('heading', { level: 1, name: /Ann Arden/ }).waitFor({ timeout: waitMs });
          await page.getByRole('region', { name: 'Why you can see this record' }).getByText(/^On the care team/).first().waitFor({ timeout: waitMs });
          await expectNoAccessibilityViolations(page);
          assertNoConsoleErrors();
        },
        { session: kim },
      );
      expect((await fetchAs(pat, api)).status).toBe(200);

      await suite.open(
        `${record}/care-team`,
        async ({ page, assertNoConsoleErrors }) => {
          await page.getByRole('button', { name: 'End Kim Nurse’s place on the care team' }).click();
          await page.getByText('Saved: Kim Nurse is no longer on the care team.').waitFor({ timeout: waitMs });
          await page.getByRole('table', { name: 'Earlier members' }).getByRole('row').filter({ hasText: 'Kim Nurse' }).waitFor({ timeout: waitMs });
          await expectNoAccessibilityViolations(page);
          assertNoConsoleErrors();
        },
        { session: as.gp },
      );
      expect((await fetchAs(kim, api)).status).toBe(404);
    },
    testTimeoutMs,
  );

  it(
    'is shown to the person, who cannot change it',
    async () => {
      const { bay: { ids }, ann: session } = seeded();
      await suite.open(
        `/people/${String(ids.ann)}`,
        async ({ page, assertNoConsoleErrors }) => {
          await page.getByRole('link', { name: 'Your care team' }).click();
          await page.getByRole('heading', { level: 1, name: 'Your care team' }).waitFor({ timeout: waitMs });
          await page.getByRole('table', { name: 'On the care team' }).getByRole('row').filter({ hasText: 'Bay integrated team' }).waitFor({ timeout: waitMs });
          expect(await page.getByRole('button', { name: 'Add to the care team' }).count()).toBe(0);
          expect(await page.getByRole('button', { name: /^End/ }).count()).toBe(0);
          await expectNoAccessibilityViolations(page);
          assertNoConsoleErrors();
        },
        { session },
      );
    },
    testTimeoutMs,
  );
});
