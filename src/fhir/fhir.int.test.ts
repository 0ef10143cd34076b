// The FHIR API's interactions, over HTTP, on each backend: read, vread, create, conditional create,
// update with If-Match, delete kept in history, history, content negotiation and errors.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { backends } from '../../test/support/databases.js';
import { fhirAppFor } from '../../test/support/fhir.js';
import { importFile } from '../record/index.js';

const work = mkdtempSync(path.join(tmpdir(), 'joinedup-fhir-'));
const file = (name: string, text: string): string => {
  const full = path.join(work, name);
  writeFileSync(full, text);
  return full;
};

const patient = (nhs = '9434765919') => ({
  resourceType: 'Patient',
  identifier: [{ system: 'https://fhir.nhs.uk/Id/nhs-number', value: nhs }],
  name: [{ family: 'Smith', given: ['Margaret'] }],
  gender: 'female',
  birthDate: '1941-03-07',
});

describe.each(backends)('the FHIR API on $name', (backend) => {
  const fhir = fhirAppFor(backend);

  it.skipIf(!backend.available)('creates, reads, updates with If-Match, and deletes a resource, keeping every version', async () => {
    const created = await fhir.request('POST', 'Patient', patient());
    expect(created.status, created.text).toBe(201);
    const id = String(created.body.id);
    expect(created.headers.etag).toBe('W/"1"');
    expect(created.headers.location).toMatch(new RegExp(`/fhir/r4/Patient/${id.replace(/\./g, '\\.')}/_history/1$`));
    const read = await fhir.request('GET', `Patient/${id}`);
    expect(read.status).toBe(200);
    expect(read.body).toMatchObject({ ...patient(), id, meta: { versionId: '1' } });

    const changed = { ...read.body, gender: 'other' };
    const stale = await fhir.request('PUT', `Patient/${id}`, changed, { 'if-match': 'W/"7"' });
    expect(stale.status).toBe(412);
    expect(stale.body.resourceType).toBe('OperationOutcome');
    const updated = await fhir.request('PUT', `Patient/${id}`, changed, { 'if-match': 'W/"1"' });
    expect(updated.status, updated.text).toBe(200);
    expect(updated.headers.etag).toBe('W/"2"');
    const v1 = await fhir.request('GET', `Patient/${id}/_history/1`);
    expect(v1.body.gender).toBe('female');

    const deleted = await fhir.request('DELETE', `Patient/${id}`);
    expect(deleted.status).toBe(200);
    expect((await fhir.request('GET', `Patient/${id}`)).status).toBe(410);
    const history = await fhir.request('GET', `Patient/${id}/_history`);
    expect(history.body.type).toBe('history');
    const entries = history.body.entry as { request: { method: string }; resource?: unknown }[];
    expect(entries.map((e) => e.request.method)).toEqual(['DELETE', 'PUT', 'POST']);
    expect(entries[0]?.resource).toBeUndefined();
  });

  it.skipIf(!backend.available)('searches by identifier and finds a conditional create existing', async () => {
    const nhs = '9990000018';
    const first = await fhir.request('POST', 'Patient', patient(nhs), { 'if-none-exist': `identifier=https://fhir.nhs.uk/Id/nhs-number|${nhs}` });
    expect(first.status, first.text).toBe(201);
    const again = await fhir.request('POST', 'Patient', patient(nhs), { 'if-none-exist': `identifier=https://fhir.nhs.uk/Id/nhs-number|${nhs}` });
    expect(again.status).toBe(200);
    expect(again.body.id).toBe(first.body.id);
    const found = await fhir.request('GET', `Patient?identifier=https://fhir.nhs.uk/Id/nhs-number|${nhs}`);
    expect(found.status, found.text).toBe(200);
    expect(found.body.total).toBe(1);
  });

  it.skipIf(!backend.available)('takes a read or delete that says its body is FHIR JSON but sends none', async () => {
    const created = await fhir.request('POST', 'Patient', patient('9990000042'));
    const id = String(created.body.id);
    const headers = { 'content-type': 'application/fhir+json' };
    expect((await fhir.request('GET', `Patient/${id}`, undefined, headers)).status).toBe(200);
    expect((await fhir.request('DELETE', `Patient/${id}`, undefined, headers)).status).toBe(200);
  });

  it.skipIf(!backend.available)('answers what it cannot do as an OperationOutcome: 406, 404, 400, 405', async () => {
    expect((await fhir.request('GET', 'metadata', undefined, { accept: 'application/fhir+xml' })).status).toBe(406);
    expect((await fhir.request('GET', 'Patient?_format=xml')).status).toBe(406);
    const unknown = await fhir.request('GET', 'Spaceship/1');
    expect(unknown.status).toBe(404);
    expect(unknown.body.resourceType).toBe('OperationOutcome');
    const bad = await fhir.request('POST', 'Patient', { resourceType: 'Patient', gender: 'femal', birthDate: '1941-02-30' });
    expect(bad.status).toBe(400);
    expect((bad.body.issue as { expression: string[] }[]).map((i) => i.expression[0])).toEqual(expect.arrayContaining(['Patient.gender', 'Patient.birthDate']));
    expect((await fhir.request('POST', 'Patient', '{"resourceType": "Patient",')).status).toBe(400);
    expect((await fhir.request('POST', 'AuditEvent', { resourceType: 'AuditEvent' })).status).toBe(405);
    const metadata = await fhir.request('GET', 'metadata');
    expect(metadata.body.resourceType).toBe('CapabilityStatement');
  });

  it.skipIf(!backend.available)("gives a person's records from every source in $everything, across their linked identities", async () => {
    const created = await fhir.request('POST', 'Patient', { ...patient('9990000034'), birthDate: '1936-05-12' });
    expect(created.status).toBe(201);
    const id = String(created.body.id);
    await fhir.request('POST', 'Condition', { resourceType: 'Condition', subject: { reference: `Patient/${id}` }, code: { text: 'Heart failure' } });
    const db = fhir.joinedUp().db;
    const patients = file(`patients-${backend.name}.csv`, 'local_id,nhs_number,surname,forename,middle_name,date_of_birth,sex,address_line1,town,postcode,phone,date_of_death\nRZZ0000001,9990000034,Smith,Margaret,,1936-05-12,female,1 Quay Street,Tormouth,ZQ1 1AA,,\n');
    const spells = file(
      `spells-${backend.name}.csv`,
      'spell_id,local_id,site,admission_method,admission_date,discharge_ready_date,discharge_date,primary_diagnosis,secondary_diagnoses,specialty,discharge_pathway,delay_reason,discharge_destination\nSP0000001,RZZ0000001,acute,21,2025-01-02,2025-01-05,2025-01-09,J18.9,,300,1,,19\n',
    );
    expect((await importFile(db, { sourceId: 'hospital', file: patients })).status).toBe('done');
    expect((await importFile(db, { sourceId: 'hospital', file: spells })).status).toBe('done');

    const everything = await fhir.request('GET', `Patient/${id}/$everything`);
    expect(everything.status, everything.text.slice(0, 500)).toBe(200);
    const resources = (everything.body.entry as { resource: { resourceType: string; id: string } }[]).map((e) => `${e.resource.resourceType}/${e.resource.id}`);
    expect(resources).toEqual(expect.arrayContaining([`Patient/${id}`, 'Patient/hospital.RZZ0000001', 'Encounter/hospital.spell-SP0000001']));
    expect(resources.filter((r) => r.startsWith('Condition/'))).toHaveLength(1);
    // The hospital's spell is an Encounter of the hospital's Patient, found by a search too.
    const encounters = await fhir.request('GET', 'Encounter?subject=Patient/hospital.RZZ0000001&class=IMP');
    expect(encounters.body.total).toBe(1);
    // Paged: one resource a page, each reached by the next link.
    const seen: string[] = [];
    let next: string | undefined = `Patient/${id}/$everything?_count=1`;
    while (next !== undefined) {
      const pageAnswer = await fhir.request('GET', next.slice(next.indexOf('/fhir/r4/') >= 0 ? next.indexOf('/fhir/r4/') : 0));
      seen.push(...(pageAnswer.body.entry as { resource: { resourceType: string; id: string } }[]).map((e) => `${e.resource.resourceType}/${e.resource.id}`));
      next = (pageAnswer.body.link as { relation: string; url: string }[]).find((l) => l.relation === 'next')?.url;
    }
    expect(seen).toEqual(resources);
  });

  // Malformed input of every kind gets a 4xx OperationOutcome, never a 5xx.
  const malformed: [string, string, string, unknown?, Record<string, string>?][] = [
    ['JSON that does not parse', 'POST', 'Patient', '{"resourceType":'],
    ['a JSON array for a resource', 'POST', 'Patient', '[1,2]'],
    ['a JSON string for a resource', 'POST', 'Patient', '"Patient"'],
    ['the wrong resourceType', 'POST', 'Patient', { resourceType: 'Observation', status: 'final', code: { text: 'x' } }],
    ['an unknown element', 'POST', 'Patient', { resourceType: 'Patient', colour: 'red' }],
    ['__proto__ keys', 'POST', 'Patient', '{"resourceType":"Patient","__proto__":{"x":1}}'],
    ['an update without an id', 'PUT', 'Patient/abc', { resourceType: 'Patient' }],
    ['an update whose id differs from the URL', 'PUT', 'Patient/abc', { resourceType: 'Patient', id: 'xyz' }],
    ['an id with forbidden characters', 'GET', 'Patient/a_b'],
    ['a version that is not a number', 'GET', 'Patient/abc/_history/x'],
    ['a bad If-Match', 'PUT', 'Patient/abc', { resourceType: 'Patient', id: 'abc' }, { 'if-match': 'soon' }],
    ['a bad date in a search', 'GET', 'Patient?birthdate=1941-13-45'],
    ['an unknown parameter under strict handling', 'GET', 'Patient?colour=red', undefined, { prefer: 'handling=strict' }],
    ['a _count that is not a number', 'GET', 'Patient?_count=lots'],
    ['a cursor that is not one of ours', 'GET', 'Patient?_cursor=bm90LWEtY3Vyc29y'],
    ['a history cursor that is not one of ours', 'GET', 'Patient/_history?_cursor=%%%'],
    ['a bad _since', 'GET', '_history?_since=yesterday'],
    ['an unknown _sort', 'GET', 'Patient?_sort=colour', undefined, { prefer: 'handling=strict' }],
    ['an unknown _include', 'GET', 'Patient?_include=Patient:colour', undefined, { prefer: 'handling=strict' }],
    ['a Bundle of another type posted to the base', 'POST', '', { resourceType: 'Bundle', type: 'collection' }],
    ['a transaction entry without a request', 'POST', '', { resourceType: 'Bundle', type: 'transaction', entry: [{ resource: { resourceType: 'Patient' } }] }],
    ['a transaction entry of an unknown method', 'POST', '', { resourceType: 'Bundle', type: 'transaction', entry: [{ request: { method: 'PATCH', url: 'Patient/1' } }] }],
    ['a transaction reference to no entry', 'POST', '', { resourceType: 'Bundle', type: 'transaction', entry: [{ resource: { resourceType: 'Observation', status: 'final', code: { text: 'x' }, subject: { reference: 'urn:uuid:0b6f0f3e-0000-4000-8000-000000000000' } }, request: { method: 'POST', url: 'Observation' } }] }],
    ['a transaction writing AuditEvent', 'POST', '', { resourceType: 'Bundle', type: 'transaction', entry: [{ resource: { resourceType: 'AuditEvent' }, request: { method: 'POST', url: 'AuditEvent' } }] }],
    ['a conditional create without criteria', 'POST', 'Patient', { resourceType: 'Patient' }, { 'if-none-exist': '' }],
    ['an unregistered source system', 'POST', 'Patient', { resourceType: 'Patient' }, { 'x-source-system': 'nobody' }],
    ['a body that is not JSON', 'POST', 'Patient', '<Patient/>', { 'content-type': 'application/fhir+xml' }],
    ['$everything of no one', 'GET', 'Patient/nobody/$everything'],
    ['an operation that is not served', 'GET', 'Patient/abc/$match'],
  ];
  it.skipIf(!backend.available).each(malformed)('answers %s with a 4xx OperationOutcome', async (_what, method, path, body, headers) => {
    const answer = await fhir.request(method, path, body, headers);
    expect(answer.status, answer.text.slice(0, 300)).toBeGreaterThanOrEqual(400);
    expect(answer.status).toBeLessThan(500);
    expect(answer.body.resourceType).toBe('OperationOutcome');
  });
});
