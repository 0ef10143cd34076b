// A real FHIR client library (fhir-kit-client) runs a scripted session against a live server:
// capabilities, create, conditional create, search with paging and _include, a transaction,
// update and history, and Patient/$everything.
import { Client } from 'fhir-kit-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestServer, startTestServer } from '../../test/support/server.js';
import { createClient } from '../access/index.js';

type Resource = Record<string, unknown> & { resourceType: string; id?: string };
type Bundle = Resource & { total?: number; entry?: { resource: Resource; search?: { mode: string }; response?: { status: string; location?: string } }[]; link: { relation: string; url: string }[] };

describe('a FHIR client session against a live Joined Up server', () => {
  let server: TestServer;
  let client: Client;
  beforeAll(async () => {
    server = await startTestServer();
    // As an integration would: registered as a system, it gets a token with its credentials (OAuth 2.0 client credentials).
    const registered = await createClient(server.joinedUp.db, { name: 'Bayside Hospital PAS', kind: 'system', scopes: 'system/*.cruds' });
    const answer = await fetch(`${server.url}/oauth/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ grant_type: 'client_credentials', client_id: registered.client.id, client_secret: registered.secret ?? '' }),
    });
    const { access_token: token } = (await answer.json()) as { access_token: string };
    client = new Client({ baseUrl: `${server.url}/fhir/r4`, bearerToken: token });
  }, 60_000);
  afterAll(async () => {
    await server.close();
  });

  it('runs create, conditional create, paged search with include, transaction, history and $everything', async () => {
    const statement = (await client.capabilityStatement()) as Resource;
    expect(statement).toMatchObject({ resourceType: 'CapabilityStatement', fhirVersion: '4.0.1' });

    const nhs = { system: 'https://fhir.nhs.uk/Id/nhs-number', value: '9990000026' };
    const body = { resourceType: 'Patient', identifier: [nhs], name: [{ family: 'Smith', given: ['Edith'] }], gender: 'female', birthDate: '1938-11-02' };
    const patient = (await client.create({ resourceType: 'Patient', body })) as Resource;
    expect(patient.id).toMatch(/^fhir\./);
    const again = (await client.create({ resourceType: 'Patient', body, options: { headers: { 'If-None-Exist': `identifier=${nhs.system}|${nhs.value}` } } })) as Resource;
    expect(again.id).toBe(patient.id);

    for (let i = 0; i < 25; i++) {
      await client.create({
        resourceType: 'Observation',
        body: {
          resourceType: 'Observation', status: 'final', code: { coding: [{ system: 'http://loinc.org', code: '8867-4', display: 'Heart rate' }] },
          subject: { reference: `Patient/${patient.id ?? ''}` }, effectiveDateTime: `2024-03-${String(i + 1).padStart(2, '0')}T09:00:00Z`,
          valueQuantity: { value: 60 + i, unit: 'beats/minute', system: 'http://unitsofmeasure.org', code: '/min' },
        },
      });
    }
    const seen = new Set<string>();
    let page = (await client.search({ resourceType: 'Observation', searchParams: { subject: `Patient/${patient.id ?? ''}`, code: 'http://loinc.org|8867-4', _count: 10, _include: 'Observation:subject' } })) as Bundle;
    let pages = 0;
    for (;;) {
      pages++;
      const matches = (page.entry ?? []).filter((e) => e.search?.mode === 'match');
      for (const m of matches) seen.add(m.resource.id ?? '');
      expect((page.entry ?? []).some((e) => e.search?.mode === 'include' && e.resource.id === patient.id)).toBe(true);
      const next = client.nextPage({ bundle: page });
      if (next === undefined) break;
      page = (await next) as Bundle;
    }
    expect(pages).toBe(3);
    expect(seen.size).toBe(25);

    const transaction = (await client.transaction({
      body: {
        resourceType: 'Bundle', type: 'transaction',
        entry: [
          { fullUrl: 'urn:uuid:7b1f4c2a-8d3e-4f5a-9b6c-1d2e3f4a5b6c', resource: { resourceType: 'Patient', name: [{ family: 'Jones' }] }, request: { method: 'POST', url: 'Patient' } },
          { resource: { resourceType: 'Condition', subject: { reference: 'urn:uuid:7b1f4c2a-8d3e-4f5a-9b6c-1d2e3f4a5b6c' }, code: { text: 'Heart failure' } }, request: { method: 'POST', url: 'Condition' } },
        ],
      },
    })) as Bundle;
    expect(transaction.type).toBe('transaction-response');
    const [createdPatient, createdCondition] = transaction.entry ?? [];
    expect(createdPatient?.response?.status).toBe('201 Created');
    expect((createdCondition?.resource as unknown as { subject: { reference: string } }).subject.reference).toBe(`Patient/${createdPatient?.resource.id ?? ''}`);

    await client.update({ resourceType: 'Patient', id: patient.id ?? '', body: { ...body, id: patient.id, telecom: [{ system: 'phone', value: '07700 900123' }] } });
    const history = (await client.history({ resourceType: 'Patient', id: patient.id ?? '' })) as Bundle;
    expect(history.entry?.map((e) => e.resource.meta)).toMatchObject([{ versionId: '2' }, { versionId: '1' }]);

    const everything = (await client.operation({ name: '$everything', resourceType: 'Patient', id: patient.id ?? '', method: 'GET' })) as Bundle;
    const types = (everything.entry ?? []).map((e) => e.resource.resourceType);
    expect(types[0]).toBe('Patient');
    expect(types.filter((t) => t === 'Observation')).toHaveLength(25);
  }, 60_000);
});
