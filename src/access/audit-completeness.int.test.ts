// The audit trail under load, on each backend: 100 requests of mixed kinds at once (reads of people
// the reader may and may not see, searches, refused reads, FHIR reads and searches, break-glass)
// leave exactly one entry each, with the action and outcome each should have, once the queue is
// written; the chain then verifies, and one entry changed afterwards is found, at that entry.
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { backends } from '../../test/support/databases.js';
import { fhirAppFor } from '../../test/support/fhir.js';
import { localPeople, seedLocality, type Locality } from '../../test/support/locality.js';
import { verifyAudit } from './index.js';

interface Kind {
  /** The entry it should leave: action, resource type, outcome. */
  entry: string;
  count: number;
  request: (i: number) => { method: 'GET' | 'POST'; url: string; role: string; body?: object };
}

describe.each(backends)('the audit trail of concurrent requests, on $name', (backend) => {
  const fhir = fhirAppFor(backend);
  let locality: Locality;
  const fhirId: Record<string, string> = {};
  beforeAll(async () => {
    if (!backend.available) return;
    const { app, db } = fhir.joinedUp();
    locality = await seedLocality(app, db);
    // The practice's Patient resources, by the id the FHIR API gives them (source, then local id).
    const patients = await fhir.request('GET', 'Patient?_count=100&_elements=id');
    for (const { resource } of (patients.body.entry ?? []) as { resource: { id: string } }[]) {
      if (resource.id.startsWith('gp.g-')) fhirId[resource.id.slice('gp.g-'.length)] = resource.id;
    }
    // That search is audited too: wait for its entry, so that the test counts only its own.
    await vi.waitFor(async () => {
      expect((await db.query('SELECT 1 FROM access.audit_event WHERE request_id = $1', [patients.headers['x-request-id']])).rows).toHaveLength(1);
    });
  }, 120_000);

  it.skipIf(!backend.available)('writes exactly one entry for each of 100 concurrent requests, verifies the chain, and finds one entry changed', async () => {
    const { app, db } = fhir.joinedUp();
    const ann = locality.person.ann ?? 0;
    const lu = locality.person.lu ?? 0;
    const nhsOf = (key: string): string => localPeople.find((p) => p.key === key)?.nhsNumber ?? '';
    const emergencies = ['ann', 'bill', 'dev', 'fay', 'lu'];
    const kinds: Kind[] = [
      { entry: 'read Person 200', count: 20, request: () => ({ method: 'GET', url: `/api/people/${ann}`, role: 'gp' }) },
      { entry: 'read Person 404', count: 15, request: () => ({ method: 'GET', url: `/api/people/${lu}/timeline`, role: 'gp' }) },
      { entry: 'search - 200', count: 15, request: (i) => ({ method: 'GET', url: `/api/people?q=${['Jones', 'Arden', 'Brook'][i % 3] ?? ''}`, role: 'gp' }) },
      { entry: 'read Person 403', count: 10, request: () => ({ method: 'GET', url: `/api/people/${ann}`, role: 'commissioner' }) },
      { entry: 'read Patient 200', count: 10, request: () => ({ method: 'GET', url: `/fhir/r4/Patient/${fhirId.ann ?? ''}`, role: 'gp' }) },
      { entry: 'read Patient 404', count: 5, request: () => ({ method: 'GET', url: `/fhir/r4/Patient/${fhirId.lu ?? ''}`, role: 'gp' }) },
      { entry: 'search Patient 200', count: 10, request: () => ({ method: 'GET', url: '/fhir/r4/Patient?family=Arden', role: 'gp' }) },
      { entry: 'search Encounter 403', count: 5, request: () => ({ method: 'GET', url: '/fhir/r4/Encounter', role: 'ig-lead' }) },
      { entry: 'break-glass Person 201', count: 5, request: (i) => ({ method: 'POST', url: '/api/break-glass', role: 'social-worker', body: { nhsNumber: nhsOf(emergencies[i] ?? ''), reason: 'Found collapsed at home, no carer present' } }) },
      { entry: 'break-glass - 404', count: 5, request: () => ({ method: 'POST', url: '/api/break-glass', role: 'social-worker', body: { nhsNumber: '4010232137', reason: 'Found collapsed at home, no carer present' } }) },
    ];
    expect(kinds.reduce((n, k) => n + k.count, 0)).toBe(100);
    expect(Object.keys(fhirId)).toContain('lu');
    const { rows: [head] } = await db.query<{ seq: string }>('SELECT coalesce(max(seq), 0)::text AS seq FROM access.audit_event');
    const after = Number(head?.seq);

    const requests = kinds.flatMap((k) => Array.from({ length: k.count }, (_, i) => ({ kind: k.entry, ...k.request(i) })));
    // Interleaved, so that every kind is in flight alongside the others.
    requests.sort((a, b) => (a.url.length * 7 + a.kind.length) % 11 - (b.url.length * 7 + b.kind.length) % 11);
    const statuses = await Promise.all(requests.map(async (r) => {
      const response = await app.inject({
        method: r.method, url: r.url, headers: { ...locality.as[r.role]?.headers, ...(r.body ? { 'content-type': 'application/json' } : {}) },
        ...(r.body ? { payload: JSON.stringify(r.body) } : {}),
      });
      return `${r.kind.split(' ').pop() ?? ''}=${response.statusCode}`;
    }));
    // Each request answered as its kind says it should.
    expect(statuses.filter((s) => { const [want, got] = s.split('='); return want !== got; })).toEqual([]);

    const tally = async (): Promise<Record<string, number>> => {
      const { rows } = await db.query<{ kind: string; n: string }>(
        `SELECT action || ' ' || coalesce(resource_type, '-') || ' ' || outcome AS kind, count(*)::text AS n FROM access.audit_event WHERE seq > $1 GROUP BY 1`,
        [after],
      );
      return Object.fromEntries(rows.map((r) => [r.kind, Number(r.n)]));
    };
    const expected = Object.fromEntries(kinds.map((k) => [k.entry, k.count]));
    // Entries are queued and written in batches within moments.
    await vi.waitFor(async () => { expect(await tally()).toEqual(expected); }, { timeout: 10_000, interval: 50 });
    await new Promise((r) => setTimeout(r, 300));
    expect(await tally(), 'no more entries once the queue is written').toEqual(expected);
    // Each entry names the request it came from, once.
    const { rows: ids } = await db.query<{ n: string; distinct_ids: string }>('SELECT count(*)::text AS n, count(DISTINCT request_id)::text AS distinct_ids FROM access.audit_event WHERE seq > $1', [after]);
    expect(ids[0]).toEqual({ n: '100', distinct_ids: '100' });

    const intact = await verifyAudit(db);
    expect(intact.breaks).toEqual([]);
    expect(intact.entries).toBe(after + 100);

    // Someone with the table owner's power changes one entry: the chain says which.
    const changed = after + 37;
    await db.exec(`ALTER TABLE access.audit_event DISABLE TRIGGER USER; UPDATE access.audit_event SET outcome = outcome + 1 WHERE seq = ${changed}; ALTER TABLE access.audit_event ENABLE TRIGGER USER;`);
    const broken = await verifyAudit(db);
    expect(broken.breaks.map((b) => [b.problem, b.seq])).toEqual([['changed', changed]]);
  }, 60_000);
});
