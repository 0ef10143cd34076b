// Truth no one here made up: every official HL7 R4 example of the types the API serves is created
// (at its own id, and as a new resource) and read back equal apart from meta, and the
// specification's transaction example gives a transaction-response of the expected shape.
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { backends } from '../../test/support/databases.js';
import { fhirAppFor } from '../../test/support/fhir.js';
import { fhirSearchTypes } from '../record/index.js';

const examples = fileURLToPath(new URL('../../node_modules/hl7.fhir.r4.examples/', import.meta.url));
type Resource = Record<string, unknown> & { resourceType: string; id: string; meta?: unknown };
const official: Resource[] = readdirSync(examples)
  .filter((f) => f.endsWith('.json') && fhirSearchTypes.some((t) => f.startsWith(`${t}-`)))
  .map((f) => JSON.parse(readFileSync(path.join(examples, f), 'utf8')) as Resource)
  // Questionnaire-qs1 breaks R4 (its display items have no linkId, which every item must have), so the API rightly refuses it.
  .filter((r) => !(r.resourceType === 'Questionnaire' && r.id === 'qs1'))
  .filter((r) => fhirSearchTypes.includes(r.resourceType) && r.resourceType !== 'AuditEvent');
const withoutMeta = ({ meta: _meta, ...rest }: Record<string, unknown>): Record<string, unknown> => rest;

describe.each(backends)('the official R4 examples through the FHIR API on $name', (backend) => {
  const fhir = fhirAppFor(backend);

  it.skipIf(!backend.available)('creates every example at its own id and reads it back equal, apart from meta', async () => {
    expect(official.length).toBeGreaterThan(250);
    for (const example of official) {
      const put = await fhir.request('PUT', `${example.resourceType}/${example.id}`, example);
      expect(put.status, `${example.resourceType}/${example.id}: ${put.text.slice(0, 600)}`).toBe(201);
      const read = await fhir.request('GET', `${example.resourceType}/${example.id}`);
      expect(withoutMeta(read.body), `${example.resourceType}/${example.id}`).toEqual(withoutMeta(example));
      expect((read.body.meta as { versionId?: string }).versionId).toBe('1');
    }
  }, 300_000);

  it.skipIf(!backend.available)('creates every example as a new resource and reads it back equal, apart from id and meta', async () => {
    for (const example of official) {
      const created = await fhir.request('POST', example.resourceType, example, { prefer: 'return=minimal' });
      expect(created.status, `${example.resourceType}/${example.id}: ${created.text.slice(0, 600)}`).toBe(201);
      const location = String(created.headers.location);
      const read = await fhir.request('GET', location.slice(location.indexOf('/fhir/r4/')).replace(/\/_history\/\d+$/, ''));
      const { id: newId, ...back } = withoutMeta(read.body);
      expect(newId).not.toBe(example.id);
      const { id: _id, ...sent } = withoutMeta(example);
      expect(back, `${example.resourceType}/${example.id}`).toEqual(sent);
    }
  }, 300_000);

});

describe.each(backends)("the specification's transaction example on $name", (backend) => {
  const fhir = fhirAppFor(backend);

  it.skipIf(!backend.available)("answers the specification's transaction example with a transaction-response of the expected shape", async () => {
    const bundle = JSON.parse(readFileSync(path.join(examples, 'Bundle-bundle-transaction.json'), 'utf8')) as { entry: { request: { method: string; url: string } }[] };
    // What the example's conditions expect to find: Patient/123a at version 2, Patient/234 to delete, Patient/12334 at version 4.
    const seed = (id: string) => ({ resourceType: 'Patient', id, name: [{ family: 'Seed' }] });
    await fhir.request('PUT', 'Patient/123a', seed('123a'));
    await fhir.request('PUT', 'Patient/123a', { ...seed('123a'), gender: 'male' });
    await fhir.request('PUT', 'Patient/234', seed('234'));
    for (const gender of ['male', 'female', 'other', 'unknown']) await fhir.request('PUT', 'Patient/12334', { ...seed('12334'), gender });
    // The example also calls an operation ($lookup) inside the transaction; operations are not served, so that entry is left out.
    const entries = bundle.entry.filter((e) => !e.request.url.includes('$'));
    const response = await fhir.request('POST', '', { ...bundle, entry: entries });
    expect(response.status, response.text.slice(0, 600)).toBe(200);
    expect(response.body).toMatchObject({ resourceType: 'Bundle', type: 'transaction-response' });
    const answers = response.body.entry as { response: { status: string; location?: string; etag?: string }; resource?: { resourceType: string } }[];
    expect(answers).toHaveLength(entries.length);
    expect(answers.map((a) => a.response.status)).toEqual(['201 Created', '201 Created', '201 Created', '201 Created', '200 OK', '204 No Content', '200 OK', '200 OK', '304 Not Modified']);
    for (const answer of answers.slice(0, 5)) {
      expect(answer.response.location).toMatch(/\/fhir\/r4\/Patient\/[A-Za-z0-9.-]+\/_history\/\d+$/);
      expect(answer.response.etag).toMatch(/^W\/"\d+"$/);
    }
    expect(answers[7]?.resource?.resourceType).toBe('Bundle');
    // The transaction is atomic: one failing entry changes nothing.
    const before = await fhir.request('GET', 'Patient?_summary=count');
    const failing = await fhir.request('POST', '', {
      resourceType: 'Bundle', type: 'transaction',
      entry: [
        { fullUrl: 'urn:uuid:1c3e6a4e-0000-4000-8000-000000000001', resource: { resourceType: 'Patient', name: [{ family: 'Never' }] }, request: { method: 'POST', url: 'Patient' } },
        { resource: { resourceType: 'Patient', id: '123a' }, request: { method: 'PUT', url: 'Patient/123a', ifMatch: 'W/"1"' } },
      ],
    });
    expect(failing.status).toBe(412);
    expect((failing.body.issue as { expression: string[] }[])[0]?.expression).toEqual(['Bundle.entry[1]']);
    expect((await fhir.request('GET', 'Patient?_summary=count')).body.total).toBe(before.body.total);
  }, 60_000);
});
