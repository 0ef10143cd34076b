// The population page for commissioners, in a real browser against the real server: "Population" in
// the commissioner's menu opens the table by GP practice, age band and sex, where small counts say
// "Fewer than 8" and the rest are rounded to 5, with a note on how the counts are protected; the
// pseudonymised rows download as CSV. Neither names anyone. Checked with axe-core (WCAG 2.2 AA) and
// must leave a clean console.
import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { browserSuite, expectNoAccessibilityViolations } from '../../test/support/browser.js';
import { type Bay, bayNhsNumbers, bayPatient, seedBay } from '../../test/support/bay.js';

const testTimeoutMs = 60_000;
const waitMs = 10_000;

/** A valid NHS number (modulus 11 check digit) from nine digits. */
function nhsNumber(nine: string): string {
  const sum = Array.from({ length: 9 }, (_, i) => Number(nine.charAt(i)) * (10 - i)).reduce((total, n) => total + n, 0);
  const check = 11 - (sum % 11);
  return check === 10 ? nhsNumber(String(Number(nine) + 1)) : `${nine}${String(check === 11 ? 0 : check)}`;
}

/** Ten more people at a third practice: enough for their cell to be published (rounded), unlike the others. */
const practiceThree = Array.from({ length: 10 }, (_, i) => ({
  ...bayPatient(`z3-${String(i)}`, `Given${String(i)}`, `Family${String(i)}`, nhsNumber(`94347${String(1000 + i)}`), 'Z90003'),
  gender: 'male',
}));

let bay: Bay | undefined;
const suite = browserSuite(async (server) => {
  bay = await seedBay(server.joinedUp, { gp: practiceThree });
});

function seeded(): Bay {
  if (!bay) throw new Error('The place was not seeded');
  return bay;
}

describe('the population page', () => {
  it(
    'shows the commissioner counts by practice, age band and sex, small ones suppressed, and the pseudonymised rows as CSV, naming no one',
    async () => {
      const { as } = seeded();
      await suite.open(
        '/',
        async ({ page, assertNoConsoleErrors }) => {
          const menu = page.getByRole('navigation', { name: 'Menu' });
          expect(await menu.getByRole('link', { name: 'Find a person' }).count()).toBe(0);
          await menu.getByRole('link', { name: 'Population' }).click();
          await page.waitForURL(/\/analytics$/, { timeout: waitMs });
          await page.getByRole('heading', { level: 1, name: 'Population' }).waitFor({ timeout: waitMs });
          expect(await page.title()).toBe('Population – Joined Up');
          const table = page.getByRole('table', { name: 'People, A&E attendances and admissions by GP practice, age band and sex' });
          await table.waitFor({ timeout: waitMs });

          // Ann and Bill at Z90001, Cara at Z90002: too few to show. Ten at Z90003: shown, rounded.
          const small = table.getByRole('row').filter({ hasText: 'Z90001' });
          expect(await small.count()).toBe(1);
          expect(await small.getByRole('cell').nth(3).innerText()).toContain('Fewer than 8');
          expect(await table.getByRole('row').filter({ hasText: 'Z90002' }).getByRole('cell').nth(3).innerText()).toContain('Fewer than 8');
          const published = table.getByRole('row').filter({ hasText: 'Z90003' });
          const cells = published.getByRole('cell');
          expect(await cells.nth(1).innerText()).toContain('85-89');
          expect(await cells.nth(2).innerText()).toContain('Male');
          expect(await cells.nth(3).innerText()).toMatch(/\b10$/);
          expect(await cells.nth(4).innerText()).toMatch(/\b0$/);

          const note = await page.locator('.nhsuk-inset-text').filter({ hasText: 'How the counts are protected' }).innerText();
          expect(note).toContain('a count from 1 to 7 is not shown');
          expect(note).toContain('rounded to the nearest 5');
          expect(note).toContain('objected to their record being shared are left out');

          const main = await page.getByRole('main').innerText();
          for (const name of ['Ann', 'Arden', 'Bill', 'Cara', 'Family1', ...Object.values(bayNhsNumbers)]) expect(main).not.toContain(name);
          await expectNoAccessibilityViolations(page);

          // The rows are fetched only when asked for, then downloaded as a file.
          await page.getByRole('button', { name: 'Prepare the CSV file' }).click();
          const link = page.getByRole('link', { name: 'Download the pseudonymised rows (CSV, 13 rows)' });
          await link.waitFor({ timeout: waitMs });
          await expectNoAccessibilityViolations(page);
          const [download] = await Promise.all([page.waitForEvent('download', { timeout: waitMs }), link.click()]);
          expect(download.suggestedFilename()).toBe('pseudonymised-people.csv');
          const csv = await readFile(await download.path(), 'utf8');
          const lines = csv.trimEnd().split('\r\n');
          expect(lines[0]).toBe('pseudonym,age_band,sex,postcode_district,practice,deceased,sources,ae_attendances,admissions,gp_contacts,community_visits,care_services');
          expect(lines).toHaveLength(14);
          for (const line of lines.slice(1)) expect(line).toMatch(/^P[0-9a-f]{20},/);
          for (const name of ['Ann', 'Arden', 'Cara', 'Family', '1940', ...Object.values(bayNhsNumbers)]) expect(csv).not.toContain(name);
          assertNoConsoleErrors();
        },
        { session: as.commissioner },
      );
    },
    testTimeoutMs,
  );
});
