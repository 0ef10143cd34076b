// What commissioners see, on each backend: pseudonymised rows that carry no name, address, date of
// birth or NHS number, stable pseudonyms, people who object to sharing left out, and aggregates under
// disclosure control.
import { beforeAll, describe, expect, it } from 'vitest';
import { signedInAs, type TestSession } from '../../test/support/access.js';
import { type Bay, bayNhsNumbers, seedBay } from '../../test/support/bay.js';
import { backends } from '../../test/support/databases.js';
import { fhirAppFor } from '../../test/support/fhir.js';
import { ageBand, disclosed } from './pseudonymised.js';

describe('disclosure control and age bands', () => {
  it('suppresses counts from 1 to 7 and rounds the rest to 5', () => {
    expect([0, 1, 7, 8, 12, 13, 102].map(disclosed)).toEqual([0, null, null, 10, 10, 15, 100]);
    expect([null, 0, 4, 5, 89, 90, 104].map(ageBand)).toEqual([null, '0-4', '0-4', '5-9', '85-89', '90+', '90+']);
  });
});

describe.each(backends)('the pseudonymised view on $name', (backend) => {
  const fhir = fhirAppFor(backend);
  let bay: Bay;
  let ann: TestSession;
  beforeAll(async () => {
    if (!backend.available) return;
    const joinedUp = fhir.joinedUp();
    bay = await seedBay(joinedUp);
    const { rows } = await joinedUp.db.query<{ id: number }>('SELECT min(id) AS id FROM people.identity WHERE person_id = $1', [bay.ids.ann]);
    ann = await signedInAs(joinedUp.app, joinedUp.db, { role: 'person', organisationId: null, identityId: rows[0]?.id ?? 0 });
  }, 120_000);

  it.skipIf(!backend.available)('gives commissioners one row per person with nothing that names them, the same pseudonym each time', async () => {
    const first = await bay.get('/api/analytics/people', bay.as.commissioner);
    expect(first.status).toBe(200);
    const text = JSON.stringify(first.body);
    for (const leak of ['Arden', 'Brook', 'Cole', ...Object.values(bayNhsNumbers), '1940-01-01']) expect(text).not.toContain(leak);
    const people = first.body.people as { pseudonym: string; ageBand: string; sex: string; practice: string | null; sources: string[] }[];
    expect(people).toHaveLength(3);
    expect(new Set(people.map((p) => p.pseudonym)).size).toBe(3);
    expect(people.every((p) => /^P[0-9a-f]{20}$/.test(p.pseudonym) && p.ageBand === '85-89' && p.sex === 'female')).toBe(true);
    expect(people.map((p) => p.sources.join('+')).sort()).toEqual(['council+gp', 'council+gp', 'gp+hospital']);
    const again = await bay.get('/api/analytics/people?limit=1', bay.as.commissioner);
    expect((again.body.people as { pseudonym: string }[])[0]?.pseudonym).toBe(people[0]?.pseudonym);
    const second = await bay.get(`/api/analytics/people?limit=1&after=${String(again.body.next)}`, bay.as.commissioner);
    expect((second.body.people as { pseudonym: string }[])[0]?.pseudonym).toBe(people[1]?.pseudonym);
    expect((await bay.get('/api/analytics/people', bay.as.gp)).status).toBe(403);
  });

  it.skipIf(!backend.available)('leaves out people who object to sharing, and suppresses small counts in aggregates', async () => {
    await bay.post(`/api/people/${bay.ids.ann}/consent`, { kind: 'dissent' }, ann);
    expect(((await bay.get('/api/analytics/people', bay.as.commissioner)).body.people as unknown[]).length).toBe(2);
    const population = await bay.get('/api/analytics/population', bay.as.commissioner);
    expect(population.body).toMatchObject({ disclosureControl: { suppressBelow: 8, roundTo: 5 } });
    expect(population.body.cells).toEqual([
      { practice: 'Z90001', ageBand: '85-89', sex: 'female', people: null, aeAttendances: 0, admissions: 0 },
      { practice: 'Z90002', ageBand: '85-89', sex: 'female', people: null, aeAttendances: 0, admissions: 0 },
    ]);
  });
});
