// A token's SMART scopes on what the FHIR API returns, on each backend: a restricted scope
// (user/Encounter.rs?class=EMER) grants reading and searching only the resources its search
// parameters match — in searches and counts, reads, _revinclude and $everything — and nothing
// else; a type the token has no scope for is left out of what a search includes; a restriction the
// server cannot run grants nothing, and says so.
import { beforeAll, describe, expect, it } from 'vitest';
import { type Bay, daysAgo, seedBay } from '../../test/support/bay.js';
import { backends } from '../../test/support/databases.js';
import { fhirAppFor } from '../../test/support/fhir.js';
import { createClient, tokenService } from '../access/index.js';

describe.each(backends)('restricted SMART scopes on $name', (backend) => {
  const fhir = fhirAppFor(backend);
  let bay: Bay | undefined;
  let clientId = '';
  beforeAll(async () => {
    if (!backend.available) return;
    bay = await seedBay(fhir.joinedUp(), {
      hospital: [
        { resourceType: 'Encounter', id: 'e2', status: 'finished', class: { code: 'EMER' }, subject: { reference: 'Patient/h1' }, period: { start: daysAgo(10), end: daysAgo(10) } },
        { resourceType: 'Condition', id: 'k1', clinicalStatus: { coding: [{ code: 'active' }] }, code: { text: 'Heart failure' }, subject: { reference: 'Patient/h1' } },
      ],
    });
    clientId = (await createClient(fhir.joinedUp().db, { name: 'A&E Notes', kind: 'app', scopes: 'user/*.rs user/Encounter.rs?class=EMER user/Encounter.rs?nonsense=1', redirectUris: ['https://ae.example/cb'], public: true })).client.id;
  }, 120_000);

  /** A token the app holds for the practice's GP, with these scopes. */
  const tokenOf = async (scopes: string): Promise<string> =>
    (await tokenService(fhir.joinedUp().db).issue({ clientId, accountId: (bay as Bay).as.gp.accountId, scopes: scopes.split(' ') })).accessToken;
  const get = async (path: string, token: string) => {
    const response = await fhir.joinedUp().app.inject({ method: 'GET', url: `/fhir/r4/${path}`, headers: { authorization: `Bearer ${token}`, accept: 'application/fhir+json' } });
    return { status: response.statusCode, body: response.json<{ total?: number; entry?: { resource: { resourceType: string; id: string } }[]; issue?: { diagnostics: string }[] }>() };
  };
  const ids = (body: { entry?: { resource: { resourceType: string; id: string } }[] }): string[] => (body.entry ?? []).map((e) => `${e.resource.resourceType}/${e.resource.id}`).sort();

  it.skipIf(!backend.available)('searches, counts and reads only the resources a restricted scope matches', async () => {
    const token = await tokenOf('user/Patient.rs user/Encounter.rs?class=EMER');
    const unrestricted = await tokenOf('user/Patient.rs user/Encounter.rs');
    expect(ids((await get('Encounter', unrestricted)).body)).toEqual(['Encounter/hospital.e1', 'Encounter/hospital.e2']);
    expect(ids((await get('Encounter', token)).body)).toEqual(['Encounter/hospital.e2']);
    expect((await get('Encounter?_summary=count', token)).body.total).toBe(1);
    expect((await get('Encounter/hospital.e2', token)).status).toBe(200);
    expect((await get('Encounter/hospital.e1', token)).status).toBe(404);
    expect((await get('Encounter/hospital.e1/_history/1', token)).status).toBe(404);
  });

  it.skipIf(!backend.available)('includes and $everything hold only what the token grants: restricted types as restricted, types without a scope not at all', async () => {
    const token = await tokenOf('user/Patient.rs user/Encounter.rs?class=EMER');
    const withIncludes = await get('Patient?_id=hospital.h1&_revinclude=Encounter:subject&_revinclude=Condition:subject', token);
    expect(ids(withIncludes.body)).toEqual(['Encounter/hospital.e2', 'Patient/hospital.h1']);
    const everyType = await tokenOf('user/*.rs');
    expect(ids((await get('Patient?_id=hospital.h1&_revinclude=Encounter:subject&_revinclude=Condition:subject', everyType)).body))
      .toEqual(['Condition/hospital.k1', 'Encounter/hospital.e1', 'Encounter/hospital.e2', 'Patient/hospital.h1']);
    // $everything returns the types the token grants whole.
    const everything = ids((await get('Patient/hospital.h1/$everything', token)).body);
    expect(everything).toEqual(['Patient/gp.g1', 'Patient/hospital.h1']);
    expect(ids((await get('Patient/hospital.h1/$everything', everyType)).body)).toEqual(expect.arrayContaining(['Condition/hospital.k1', 'Encounter/hospital.e1', 'Encounter/hospital.e2']));
  });

  it.skipIf(!backend.available)('refuses what a restricted scope cannot grant, and a restriction the server cannot run', async () => {
    const token = await tokenOf('user/Patient.rs user/Encounter.rs?class=EMER');
    const history = await get('Encounter/_history', token);
    expect(history.status).toBe(403);
    expect(history.body.issue?.[0]?.diagnostics).toMatch(/restricted scopes grant read and search, not history/);
    const nonsense = await get('Encounter', await tokenOf('user/Encounter.rs?nonsense=1'));
    expect(nonsense.status).toBe(403);
    expect(nonsense.body.issue?.[0]?.diagnostics).toMatch(/"nonsense=1" on Encounter is not a search this server can run/);
  });
});
