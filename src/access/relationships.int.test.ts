// Legitimate relationships on each backend: who sees whom through registration, open and recent
// care, and break-glass; lists that hold only those people; 404 for anyone else, over the JSON API
// and the FHIR API alike; and the audit trail of every look-up, with its reason.
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { type Bay, bayNhsNumbers, bayPatient, seedBay } from '../../test/support/bay.js';
import { backends } from '../../test/support/databases.js';
import { fhirAppFor } from '../../test/support/fhir.js';
import { addTeamMembers, createTeam } from './index.js';

const { bill, cara } = bayNhsNumbers;
const patient = bayPatient;

describe.each(backends)('who may see whom, on $name', (backend) => {
  const fhir = fhirAppFor(backend);
  let bay: Bay | undefined;
  const ids = { ann: 0, bill: 0, cara: 0 };
  const as: Record<string, Bay['as']['gp']> = {};
  beforeAll(async () => {
    if (!backend.available) return;
    bay = await seedBay(fhir.joinedUp());
    Object.assign(ids, bay.ids);
    Object.assign(as, bay.as);
  }, 120_000);
  const get = (url: string, who?: string) => (bay as Bay).get(url, who === undefined ? undefined : as[who]);
  const post = (url: string, body: unknown, who: string) => (bay as Bay).post(url, body, as[who] as Bay['as']['gp']);
  const found = async (q: string, who: string): Promise<string[]> =>
    ((await get(`/api/people?q=${encodeURIComponent(q)}`, who)).body.results as { name: string }[]).map((r) => r.name).sort();
  const everyoneQuery = '1940-01-01';

  it.skipIf(!backend.available)('lets each reader find only the people they have a relationship with', async () => {
    expect(await found(everyoneQuery, 'gp')).toEqual(['Ann Arden', 'Bill Brook']);
    expect(await found(everyoneQuery, 'discharge')).toEqual(['Ann Arden']);
    expect(await found(everyoneQuery, 'social')).toEqual(['Cara Cole']);
    expect(await found('Cara Cole', 'gp')).toEqual([]);
    expect(await found(cara, 'gp')).toEqual([]);
  });

  it.skipIf(!backend.available)('answers 404 for a person the reader may not see, on every one-person route, and says why they may see the others', async () => {
    for (const url of [`/api/people/${ids.cara}`, `/api/people/${ids.cara}/timeline`, `/api/people/${ids.cara}/merges`, `/api/people/${ids.cara}/access`]) {
      expect((await get(url, 'gp')).status, url).toBe(404);
    }
    expect((await get('/api/people/999999', 'gp')).body).toMatchObject({ status: 404, code: 'person_not_found' });
    expect((await get(`/api/people/${ids.cara}`, 'gp')).body).toMatchObject({ status: 404, code: 'person_not_found' });
    expect((await get(`/api/people/${ids.ann}`, 'gp')).status).toBe(200);
    expect((await get(`/api/people/${ids.ann}/access`, 'gp')).body).toEqual({ reasons: ['registered with Bay Practice'] });
    expect((await get(`/api/people/${ids.ann}/access`, 'discharge')).body).toEqual({ reasons: ['open encounter with Bay Hospital'] });
    expect((await get(`/api/people/${ids.cara}/access`, 'social')).body).toEqual({ reasons: ['open episode with Bay Council'] });
  });

  it.skipIf(!backend.available)('refuses person data to callers who are not signed in (401) and to roles that read no records (403)', async () => {
    expect((await get(`/api/people?q=${everyoneQuery}`)).body).toMatchObject({ status: 401, code: 'not_signed_in' });
    expect((await get(`/api/people/${ids.ann}`)).status).toBe(401);
    expect((await get(`/api/people?q=${everyoneQuery}`, 'commissioner')).body).toMatchObject({ status: 403, code: 'role_not_allowed' });
    expect((await get(`/api/people/${ids.ann}`, 'ig')).status).toBe(403);
    expect((await get('/api/linkage/reviews', 'gp')).body).toMatchObject({ status: 403, code: 'role_not_allowed' });
  });

  it.skipIf(!backend.available)('keeps FHIR reads, searches and $everything within the same relationships', async () => {
    const bundle = await fhir.request('GET', 'Patient?_count=50', undefined, as.gp?.headers);
    expect(bundle.status).toBe(200);
    const seen = ((bundle.body.entry ?? []) as { resource: { name: { family: string }[] } }[]).map((e) => e.resource.name[0]?.family).sort();
    // Ann's two Patient resources (practice and hospital) and Bill's two (practice and council); none of Cara's.
    expect(seen).toEqual(['Arden', 'Arden', 'Brook', 'Brook']);
    expect(bundle.body.total).toBe(4);
    const cole = await fhir.request('GET', 'Patient?family=Cole', undefined, as.gp?.headers);
    expect(cole.body.total).toBe(0);
    const caraPatient = (await fhir.request('GET', 'Patient?family=Cole', undefined, as.social?.headers)).body.entry as { resource: { id: string } }[];
    const caraId = caraPatient[0]?.resource.id ?? '';
    expect(caraId).not.toBe('');
    expect((await fhir.request('GET', `Patient/${caraId}`, undefined, as.gp?.headers)).status).toBe(404);
    expect((await fhir.request('GET', `Patient/${caraId}/$everything`, undefined, as.gp?.headers)).status).toBe(404);
    expect((await fhir.request('GET', `Patient/${caraId}/_history`, undefined, as.gp?.headers)).body.entry ?? []).toEqual([]);
    expect(((await fhir.request('GET', `Patient/${caraId}/_history`, undefined, as.social?.headers)).body.entry as unknown[]).length).toBe(1);
    expect((await fhir.request('GET', `Patient/${caraId}`, undefined, as.social?.headers)).status).toBe(200);
    const encounters = await fhir.request('GET', 'Encounter?_summary=count', undefined, as.social?.headers);
    expect(encounters.body.total).toBe(0);
    // Cara's open episode; not Bill's, which ended two years ago.
    expect((await fhir.request('GET', 'EpisodeOfCare?_summary=count', undefined, as.social?.headers)).body.total).toBe(1);
    expect((await fhir.request('GET', 'EpisodeOfCare?_summary=count', undefined, as.discharge?.headers)).body.total).toBe(0);
    // A web session reads; changing records takes an app's token.
    const write = await fhir.request('POST', 'Patient', patient('x1', 'New', 'Person', '9434765870'), as.gp?.headers);
    expect(write.status).toBe(403);
    const anonymous = await fhir.request('GET', 'Patient', undefined, { authorization: '' });
    expect(anonymous.status).toBe(401);
    expect(JSON.stringify(anonymous.body)).toContain('login');
    expect((await fhir.request('GET', 'metadata', undefined, { authorization: '' })).status).toBe(200);
    expect((await fhir.request('GET', 'Patient', undefined, as.commissioner?.headers)).status).toBe(403);
  });

  it.skipIf(!backend.available)('opens one record for a few hours on break-glass, with a reason, and puts it before the IG lead', async () => {
    expect((await get(`/api/people/${ids.bill}`, 'social')).status).toBe(404);
    const noReason = await post('/api/break-glass', { nhsNumber: bill, reason: 'now' }, 'social');
    expect(noReason.body).toMatchObject({ status: 400, code: 'break_glass_invalid', errors: [{ path: 'reason' }] });
    expect((await post('/api/break-glass', { nhsNumber: '9434765870', reason: 'x'.repeat(12) }, 'ig')).status).toBe(403);
    expect((await post('/api/break-glass', { nhsNumber: '4010232137', reason: 'Found collapsed at home, no carer present' }, 'social')).body).toMatchObject({ status: 404, code: 'person_not_found' });
    const granted = await post('/api/break-glass', { nhsNumber: bill, reason: 'Found collapsed at home, no carer present' }, 'social');
    expect(granted.status).toBe(201);
    expect(granted.body).toMatchObject({ personId: String(ids.bill), by: 'Sam Clarke', reason: 'Found collapsed at home, no carer present', review: null });
    const hours = (Date.parse(String(granted.body.ends)) - Date.parse(String(granted.body.starts))) / 3_600_000;
    expect(hours).toBeCloseTo(4, 1);
    expect((await get(`/api/people/${ids.bill}`, 'social')).status).toBe(200);
    expect(((await get(`/api/people/${ids.bill}/access`, 'social')).body.reasons as string[])[0]).toMatch(/^break-glass until .*: Found collapsed/);
    expect(await found(everyoneQuery, 'social')).toEqual(['Bill Brook', 'Cara Cole']);

    const queue = await get('/api/break-glass', 'ig');
    expect(queue.body).toMatchObject({ toReview: 1, items: [{ id: granted.body.id, person: { name: 'Bill Brook', nhsNumber: bill } }] });
    expect((await get('/api/break-glass', 'social')).status).toBe(403);
    expect((await post(`/api/break-glass/${String(granted.body.id)}/review`, { outcome: 'inappropriate' }, 'ig')).body).toMatchObject({ status: 400, errors: [{ path: 'note' }] });
    const reviewed = await post(`/api/break-glass/${String(granted.body.id)}/review`, { outcome: 'appropriate', note: 'Ambulance call confirmed' }, 'ig');
    expect(reviewed.body).toMatchObject({ review: { by: 'Imran Qureshi', outcome: 'appropriate', note: 'Ambulance call confirmed' } });
    expect((await post(`/api/break-glass/${String(granted.body.id)}/review`, { outcome: 'appropriate' }, 'ig')).body).toMatchObject({ status: 409, code: 'break_glass_reviewed' });
    expect((await get('/api/break-glass', 'ig')).body).toMatchObject({ toReview: 0, items: [] });

    // When the time is up, the record closes again.
    await fhir.joinedUp().db.query(`UPDATE access.relationship SET ends = now() - interval '1 minute' WHERE id = $1`, [Number(granted.body.id)]);
    expect((await get(`/api/people/${ids.bill}`, 'social')).status).toBe(404);
  });

  it.skipIf(!backend.available)('opens the record to a team, an organisation or a colleague added to the care team, until the membership ends', async () => {
    const { db } = fhir.joinedUp();
    await createTeam(db, { id: 'bay-mdt', name: 'Bay integrated team', organisationId: 'bay-council' });
    const username = (await db.query<{ username: string }>("SELECT username FROM access.account WHERE display_name = 'Sam Clarke'")).rows[0]?.username ?? '';
    expect(await addTeamMembers(db, 'bay-mdt', [username])).toBe(1);
    expect((await get(`/api/people/${ids.ann}`, 'social')).status).toBe(404);
    expect((await post(`/api/people/${ids.ann}/care-team`, { teamId: 'bay-mdt', reason: 'Referred to the integrated team' }, 'social')).status).toBe(404);
    expect((await post(`/api/people/${ids.ann}/care-team`, { teamId: 'bay-mdt', organisationId: 'bay-council', reason: 'x' }, 'gp')).body).toMatchObject({ status: 400, code: 'care_team_invalid' });
    const added = await post(`/api/people/${ids.ann}/care-team`, { teamId: 'bay-mdt', reason: 'Referred to the integrated team' }, 'gp');
    expect(added.body).toMatchObject({ member: { kind: 'team', id: 'bay-mdt', name: 'Bay integrated team' }, addedBy: 'Dr Ada Okafor', endedAt: null });
    expect((await get(`/api/people/${ids.ann}/access`, 'social')).body).toEqual({ reasons: ['on the care team (Bay integrated team)'] });
    expect(((await get(`/api/people/${ids.ann}/care-team`, 'social')).body.members as unknown[]).length).toBe(1);
    expect((await post(`/api/care-team/${String(added.body.id)}/end`, {}, 'social')).body).toMatchObject({ endedAt: expect.any(String) as string });
    expect((await get(`/api/people/${ids.ann}`, 'social')).status).toBe(404);
  });

  it.skipIf(!backend.available)('writes every look-up to the audit trail, refused ones too, with who and why', async () => {
    await get(`/api/people/${ids.ann}`, 'discharge');
    await get(`/api/people/${ids.cara}`, 'discharge');
    // Entries are queued and written within moments.
    const { db } = fhir.joinedUp();
    const entries = () => db.query<{ actor: string; action: string; resource_id: string; outcome: number; reason: string }>(
      `SELECT actor, action, resource_id, outcome, reason FROM access.audit_event WHERE actor LIKE 'Lee Harris%' AND resource_type = 'Person' AND action = 'read' ORDER BY seq`,
    );
    await vi.waitFor(async () => { expect((await entries()).rows.some((r) => r.resource_id === String(ids.cara))).toBe(true); });
    const { rows } = await entries();
    expect(rows).toContainEqual({ actor: 'Lee Harris (Discharge team, bay-hospital)', action: 'read', resource_id: String(ids.ann), outcome: 200, reason: 'open encounter with Bay Hospital' });
    expect(rows).toContainEqual({ actor: 'Lee Harris (Discharge team, bay-hospital)', action: 'read', resource_id: String(ids.cara), outcome: 404, reason: 'refused: no legitimate relationship, or no such person' });
    const breakGlass = await fhir.joinedUp().db.query<{ action: string; outcome: number }>(`SELECT action, outcome FROM access.audit_event WHERE action LIKE 'break-glass%' ORDER BY seq`);
    expect(breakGlass.rows.map((r) => `${r.action} ${r.outcome}`)).toEqual(['break-glass 400', 'break-glass 404', 'break-glass 201', 'break-glass-review 200']);
  });
});
