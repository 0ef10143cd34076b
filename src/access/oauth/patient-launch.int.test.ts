// SMART standalone launch with a patient context, on each backend: an app asking for patient/
// scopes (or launch/patient) is approved for one person — the person themselves on their own
// account, else the person whose NHS number the approver gives, who must be someone they may see —
// and its token reaches that person's record and no one else's, on the FHIR API and the JSON API.
import { createHash, randomBytes } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { type Bay, bayNhsNumbers, seedBay } from '../../../test/support/bay.js';
import { signedInAs, type TestSession } from '../../../test/support/access.js';
import { backends } from '../../../test/support/databases.js';
import { fhirAppFor } from '../../../test/support/fhir.js';
import { createClient } from '../index.js';

const callback = 'https://health.example/callback';

describe.each(backends)('patient launch context on $name', (backend) => {
  const fhir = fhirAppFor(backend);
  let bay: Bay | undefined;
  let ann: TestSession | undefined;
  let clientId = '';
  beforeAll(async () => {
    if (!backend.available) return;
    const { db, app } = fhir.joinedUp();
    bay = await seedBay(fhir.joinedUp());
    const { rows } = await db.query<{ id: number }>('SELECT id FROM people.identity WHERE person_id = $1 ORDER BY id LIMIT 1', [bay.ids.ann]);
    ann = await signedInAs(app, db, { role: 'person', name: 'Ann Arden', organisationId: null, identityId: rows[0]?.id ?? 0 });
    clientId = (await createClient(db, { name: 'My Health', kind: 'app', scopes: 'patient/*.rs user/*.rs', redirectUris: [callback], public: true })).client.id;
  }, 120_000);

  const inject = (method: 'GET' | 'POST', url: string, headers: Record<string, string>, body?: unknown) =>
    fhir.joinedUp().app.inject({ method, url, headers: { ...headers, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) }, ...(body !== undefined ? { payload: JSON.stringify(body) } : {}) });
  const params = (scope: string, challenge: string) => ({
    response_type: 'code', client_id: clientId, redirect_uri: callback, scope, state: 's-1', code_challenge: challenge, code_challenge_method: 'S256',
  });
  /** Approves the app as `who` (with an NHS number when given) and exchanges the code: the token response, or the refusal. */
  async function launch(who: TestSession, scope: string, nhsNumber?: string) {
    const verifier = randomBytes(32).toString('base64url');
    const challenge = createHash('sha256').update(verifier).digest('base64url');
    const answer = await inject('POST', '/api/oauth/authorize', who.headers, { ...params(scope, challenge), decision: 'allow', ...(nhsNumber !== undefined ? { nhsNumber } : {}) });
    if (answer.statusCode !== 200) return { refused: answer.json<{ status: number; code: string; errors?: { path: string }[] }>() };
    const code = new URL(answer.json<{ redirectTo: string }>().redirectTo).searchParams.get('code') ?? '';
    const token = await fhir.joinedUp().app.inject({
      method: 'POST', url: '/oauth/token', headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({ grant_type: 'authorization_code', code, redirect_uri: callback, client_id: clientId, code_verifier: verifier }).toString(),
    });
    expect(token.statusCode, token.body).toBe(200);
    return { token: token.json<{ access_token: string; scope: string; patient?: string }>() };
  }
  const ids = async (path: string, token: string): Promise<string[]> => {
    const response = await inject('GET', `/fhir/r4/${path}`, { authorization: `Bearer ${token}`, accept: 'application/fhir+json' });
    expect(response.statusCode, response.body).toBe(200);
    return (response.json<{ entry?: { resource: { id: string } }[] }>().entry ?? []).map((e) => e.resource.id).sort();
  };

  it.skipIf(!backend.available)('tells the approval page that the app asks for a patient context', async () => {
    const view = await inject('GET', `/api/oauth/authorize?${new URLSearchParams(params('patient/*.rs', 'x'.repeat(43))).toString()}`, {});
    expect(view.json()).toMatchObject({ client: { name: 'My Health' }, patientContext: true, scopes: [{ scope: 'patient/*.rs' }] });
    const smart = await inject('GET', '/.well-known/smart-configuration', {});
    expect(smart.json<{ capabilities: string[] }>().capabilities).toEqual(expect.arrayContaining(['context-standalone-patient', 'permission-patient']));
  });

  it.skipIf(!backend.available)('approves the person\'s own app for their own record: the token names their Patient and reaches no one else', async () => {
    const launched = await launch(ann as TestSession, 'patient/*.rs');
    const token = launched.token;
    expect(token?.scope).toBe('patient/*.rs');
    expect(['gp.g1', 'hospital.h1']).toContain(token?.patient);
    const access = token?.access_token ?? '';
    expect(await ids('Patient', access)).toEqual(['gp.g1', 'hospital.h1']);
    expect(await ids('Encounter', access)).toEqual(['hospital.e1']);
    expect((await inject('GET', '/fhir/r4/Patient/gp.g2', { authorization: `Bearer ${access}` })).statusCode).toBe(404);
  });

  it.skipIf(!backend.available)('asks staff whom the app is for, refuses anyone they may not see, and limits the token to that person, user/ scopes too', async () => {
    const { as, ids: people } = bay as Bay;
    expect((await launch(as.gp, 'patient/*.rs')).refused).toMatchObject({ status: 400, code: 'patient_context_invalid', errors: [{ path: 'nhsNumber' }] });
    // Cara is registered elsewhere and not in the practice's care: not someone the GP may see.
    expect((await launch(as.gp, 'patient/*.rs', bayNhsNumbers.cara)).refused).toMatchObject({ status: 400, code: 'patient_context_invalid' });
    const bill = (await launch(as.gp, 'patient/*.rs', bayNhsNumbers.bill)).token;
    expect(['gp.g2', 'council.c2']).toContain(bill?.patient);
    expect(await ids('Patient', bill?.access_token ?? '')).toEqual(['council.c2', 'gp.g2']);
    // With user/ scopes and launch/patient the token is held to the patient as well.
    const both = (await launch(as.gp, 'user/*.rs launch/patient', bayNhsNumbers.bill)).token;
    expect(await ids('Patient', both?.access_token ?? '')).toEqual(['council.c2', 'gp.g2']);
    const listed = await inject('GET', '/api/people?q=1940-01-01', { authorization: `Bearer ${both?.access_token ?? ''}` });
    expect(listed.json<{ results: { id: string }[] }>().results.map((r) => r.id)).toEqual([String(people.bill)]);
    // Without a patient context the GP's token sees everyone the GP may see.
    const plain = (await launch(as.gp, 'user/*.rs')).token;
    expect(await ids('Patient', plain?.access_token ?? '')).toEqual(['council.c2', 'gp.g1', 'gp.g2', 'hospital.h1']);
  });
});
