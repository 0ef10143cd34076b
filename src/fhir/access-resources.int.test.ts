// The access capability's FHIR resources validate against FHIR R4: the consent register's Consent
// (dissent, and a restriction naming an organisation, active and withdrawn) and the audit trail's
// AuditEvent (reads, break-glass, sign-in).
import { beforeAll, describe, expect, it } from 'vitest';
import { signedInAs } from '../../test/support/access.js';
import { bayNhsNumbers, seedBay } from '../../test/support/bay.js';
import { backends } from '../../test/support/databases.js';
import { fhirAppFor } from '../../test/support/fhir.js';
import { validateResource } from './validation/index.js';

type Resource = Record<string, unknown> & { resourceType: string };
const errors = (resource: Resource | undefined, type: string) =>
  resource === undefined ? ['missing'] : validateResource(resource, { expectedType: type }).filter((i) => i.severity === 'error');

describe.each(backends)('Consent and AuditEvent as FHIR R4 on $name', (backend) => {
  const fhir = fhirAppFor(backend);
  let ig: Record<string, string> = {};
  beforeAll(async () => {
    if (!backend.available) return;
    const joinedUp = fhir.joinedUp();
    const bay = await seedBay(joinedUp);
    ig = bay.as.ig.headers;
    const { rows } = await joinedUp.db.query<{ id: number }>('SELECT min(id) AS id FROM people.identity WHERE person_id = $1', [bay.ids.ann]);
    const ann = await signedInAs(joinedUp.app, joinedUp.db, { role: 'person', organisationId: null, identityId: rows[0]?.id ?? 0 });
    const dissent = await bay.post(`/api/people/${bay.ids.ann}/consent`, { kind: 'dissent', note: 'Said at her review' }, ann);
    await bay.post(`/api/consent/${String(dissent.body.id)}/withdraw`, {}, ann);
    await bay.post(`/api/people/${bay.ids.ann}/consent`, { kind: 'restrict', organisationId: 'bay-hospital' }, bay.as.gp);
    await bay.post('/api/break-glass', { nhsNumber: bayNhsNumbers.bill, reason: 'Collapsed in clinic, history needed' }, bay.as.social);
    await bay.get(`/api/people/${bay.ids.ann}`, bay.as.gp);
  }, 120_000);

  it.skipIf(!backend.available)('serves valid Consent resources, active and inactive', async () => {
    const consents = ((await fhir.request('GET', 'Consent?_count=10')).body.entry as { resource: Resource & { status: string } }[]).map((e) => e.resource);
    expect(consents.map((c) => c.status).sort()).toEqual(['active', 'inactive']);
    for (const consent of consents) expect(errors(consent, 'Consent')).toEqual([]);
  });

  it.skipIf(!backend.available)('serves valid AuditEvent resources for reads, break-glass and sign-ins', async () => {
    // Entries are written within moments of the request.
    await new Promise((r) => setTimeout(r, 300));
    for (const subtype of ['read', 'break-glass', 'sign-in', 'consent-recorded']) {
      const bundle = await fhir.request('GET', `AuditEvent?subtype=${subtype}&_count=3`, undefined, ig);
      const events = ((bundle.body.entry ?? []) as { resource: Resource }[]).map((e) => e.resource);
      expect(events.length, subtype).toBeGreaterThan(0);
      for (const event of events) expect(errors(event, 'AuditEvent'), subtype).toEqual([]);
    }
  });
});
