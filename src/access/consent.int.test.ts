// The person's choices and the sensitive parts of a record, on each backend: categories seen only by
// the roles allowed, dissent and restriction keeping other organisations' records from a reader (but
// not under break-glass), the choices as FHIR Consent, and the person's own account: their record,
// and who has looked at it.
import { beforeAll, describe, expect, it } from 'vitest';
import { signedInAs, type TestSession } from '../../test/support/access.js';
import { type Bay, bayNhsNumbers, seedBay } from '../../test/support/bay.js';
import { backends } from '../../test/support/databases.js';
import { fhirAppFor } from '../../test/support/fhir.js';

const condition = (id: string, subject: string, coding: object, meta?: object) => ({
  resourceType: 'Condition', id, subject: { reference: `Patient/${subject}` }, code: { coding: [coding] }, clinicalStatus: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/condition-clinical', code: 'active' }] },
  recordedDate: '2026-01-10', ...(meta ? { meta } : {}),
});
// Ann's GP holds a depression diagnosis (ICD-10 F32, mental health), a sexual-health record (by its
// security label) and her hypertension; the hospital holds her fall.
const gpConditions = [
  condition('cd1', 'g1', { system: 'http://hl7.org/fhir/sid/icd-10', code: 'F32.1', display: 'Moderate depressive episode' }),
  condition('cd2', 'g1', { system: 'http://snomed.info/sct', code: '240589008', display: 'Chlamydia trachomatis infection' }, { security: [{ system: 'http://terminology.hl7.org/CodeSystem/v3-ActCode', code: 'SEX' }] }),
  condition('cd3', 'g1', { system: 'http://snomed.info/sct', code: '38341003', display: 'Hypertensive disorder' }),
];
const hospitalConditions = [condition('hc1', 'h1', { system: 'http://snomed.info/sct', code: '217082002', display: 'Accidental fall' })];

describe.each(backends)("the person's choices and sensitive records, on $name", (backend) => {
  const fhir = fhirAppFor(backend);
  let bay: Bay;
  let ann: TestSession;
  let nurse: TestSession;

  beforeAll(async () => {
    if (!backend.available) return;
    const joinedUp = fhir.joinedUp();
    bay = await seedBay(joinedUp, { gp: gpConditions, hospital: hospitalConditions });
    const { rows } = await joinedUp.db.query<{ id: number }>('SELECT min(id) AS id FROM people.identity WHERE person_id = $1', [bay.ids.ann]);
    ann = await signedInAs(joinedUp.app, joinedUp.db, { role: 'person', name: 'Ann Arden', organisationId: null, identityId: rows[0]?.id ?? 0 });
    nurse = await signedInAs(joinedUp.app, joinedUp.db, { role: 'district-nurse', name: 'Tom Evans', organisationId: 'bay-practice' });
  }, 120_000);

  const conditions = async (who: TestSession): Promise<string[]> => {
    const bundle = await fhir.request('GET', `Condition?patient:Patient.identifier=${bayNhsNumbers.ann}&_count=50`, undefined, who.headers);
    const all = await fhir.request('GET', 'Condition?_count=50', undefined, who.headers);
    expect(bundle.status, bundle.text).toBe(200);
    return ((all.body.entry ?? []) as { resource: { code: { coding: { display: string }[] } } }[]).map((e) => e.resource.code.coding[0]?.display ?? '').sort();
  };
  const problems = async (who: TestSession): Promise<string[]> =>
    (((await bay.get(`/api/people/${bay.ids.ann}`, who)).body.summary as { problems: { text: string }[] }).problems).map((p) => p.text).sort();

  it.skipIf(!backend.available)('shows a sensitive record only to the roles its category names, and the person all of theirs', async () => {
    expect(await conditions(bay.as.gp)).toEqual(['Accidental fall', 'Chlamydia trachomatis infection', 'Hypertensive disorder', 'Moderate depressive episode']);
    // A district nurse sees mental health but not sexual health; the discharge team neither.
    expect(await conditions(nurse)).toEqual(['Accidental fall', 'Hypertensive disorder', 'Moderate depressive episode']);
    expect(await conditions(bay.as.discharge)).toEqual(['Accidental fall', 'Hypertensive disorder']);
    expect(await problems(bay.as.discharge)).toEqual(['Accidental fall', 'Hypertensive disorder']);
    expect(await conditions(ann)).toHaveLength(4);
    const sensitive = await fhir.request('GET', 'Condition?_summary=count&code=http://hl7.org/fhir/sid/icd-10|F32.1', undefined, bay.as.discharge.headers);
    expect(sensitive.body.total).toBe(0);
  });

  it.skipIf(!backend.available)("keeps other organisations' records from readers once the person objects to sharing, except under break-glass", async () => {
    const objected = await bay.post(`/api/people/${bay.ids.ann}/consent`, { kind: 'dissent', note: 'Discussed at the surgery' }, ann);
    expect(objected.status, JSON.stringify(objected.body)).toBe(201);
    expect(objected.body).toMatchObject({ kind: 'dissent', recordedBy: 'Ann Arden', withdrawnAt: null });
    expect((await bay.post(`/api/people/${bay.ids.ann}/consent`, { kind: 'dissent' }, ann)).body).toMatchObject({ status: 409, code: 'consent_exists' });
    // Each organisation now sees what its own systems hold, and the person still all of it.
    expect(await conditions(bay.as.discharge)).toEqual(['Accidental fall']);
    expect(await conditions(bay.as.gp)).toEqual(['Chlamydia trachomatis infection', 'Hypertensive disorder', 'Moderate depressive episode']);
    expect(await conditions(ann)).toHaveLength(4);
    const patients = await fhir.request('GET', 'Patient?family=Arden', undefined, bay.as.discharge.headers);
    expect(patients.body.total).toBe(1);
    // In an emergency the whole record opens, as the law allows.
    const glass = await bay.post('/api/break-glass', { nhsNumber: bayNhsNumbers.ann, reason: 'Unconscious on the ward, medication history needed' }, bay.as.discharge);
    expect(glass.status).toBe(201);
    expect(await conditions(bay.as.discharge)).toEqual(['Accidental fall', 'Hypertensive disorder']);
    await fhir.joinedUp().db.query(`UPDATE access.relationship SET ends = now() - interval '1 second' WHERE id = $1`, [Number(glass.body.id)]);
    expect(await conditions(bay.as.discharge)).toEqual(['Accidental fall']);

    const withdrawn = await bay.post(`/api/consent/${String(objected.body.id)}/withdraw`, {}, ann);
    expect(withdrawn.body).toMatchObject({ withdrawnBy: 'Ann Arden' });
    expect(await conditions(bay.as.discharge)).toEqual(['Accidental fall', 'Hypertensive disorder']);
    expect((await bay.post(`/api/consent/${String(objected.body.id)}/withdraw`, {}, ann)).body).toMatchObject({ status: 409, code: 'consent_withdrawn' });
  });

  it.skipIf(!backend.available)('keeps one organisation from the record on a restriction, recorded by staff on the person\'s behalf', async () => {
    const bad = await bay.post(`/api/people/${bay.ids.ann}/consent`, { kind: 'restrict' }, bay.as.gp);
    expect(bad.body).toMatchObject({ status: 400, code: 'consent_invalid', errors: [{ path: 'organisationId' }] });
    const restricted = await bay.post(`/api/people/${bay.ids.ann}/consent`, { kind: 'restrict', organisationId: 'bay-hospital', note: 'Asked at her review' }, bay.as.gp);
    expect(restricted.body).toMatchObject({ kind: 'restrict', organisation: { id: 'bay-hospital', name: 'Bay Hospital' }, recordedBy: 'Dr Ada Okafor' });
    expect(await conditions(bay.as.discharge)).toEqual(['Accidental fall']);
    expect(await conditions(bay.as.gp)).toHaveLength(4);
    const listed = await bay.get(`/api/people/${bay.ids.ann}/consent`, ann);
    expect((listed.body.directives as { kind: string; withdrawnAt: string | null }[]).map((d) => `${d.kind} ${d.withdrawnAt === null ? 'in force' : 'withdrawn'}`)).toEqual(['restrict in force', 'dissent withdrawn']);
    expect((await bay.get(`/api/people/${bay.ids.cara}/consent`, ann)).status).toBe(404);
    expect((await bay.post(`/api/people/${bay.ids.ann}/consent`, { kind: 'dissent' }, bay.as.commissioner)).status).toBe(403);
    await bay.post(`/api/consent/${String(restricted.body.id)}/withdraw`, {}, bay.as.gp);
  });

  it.skipIf(!backend.available)('serves each choice as a FHIR Consent, with its history', async () => {
    const bundle = await fhir.request('GET', 'Consent?_count=10&_sort=_id');
    const consents = ((bundle.body.entry ?? []) as { resource: Record<string, unknown> & { resourceType: string; status: string; provision: { actor?: unknown[] } } }[]).map((e) => e.resource);
    expect(consents).toHaveLength(2);
    expect(consents.map((c) => c.status)).toEqual(['inactive', 'inactive']);
    expect(consents[1]?.provision.actor).toEqual([expect.objectContaining({ reference: { display: 'Bay Hospital' } })]);
    const patientId = (consents[0]?.patient as { reference: string }).reference.replace('Patient/', '');
    expect((await fhir.request('GET', `Consent?patient=${patientId}&_summary=count`)).body.total).toBe(2);
    const history = await fhir.request('GET', `Consent/${String(consents[0]?.id)}/_history`);
    expect((history.body.entry as unknown[]).length).toBe(2);
  });

  it.skipIf(!backend.available)('gives the person their own record only, and shows them who has looked at it, from where and why', async () => {
    const session = await fhir.joinedUp().app.inject({ method: 'GET', url: '/api/session', headers: ann.headers });
    expect(session.json()).toMatchObject({ signedIn: { role: 'person', roleName: 'The person' }, personId: String(bay.ids.ann) });
    expect(((await bay.get('/api/people?q=1940-01-01', ann)).body.results as { name: string }[]).map((r) => r.name)).toEqual(['Ann Arden']);
    expect((await bay.get(`/api/people/${bay.ids.bill}`, ann)).status).toBe(404);
    expect((await bay.get(`/api/people/${bay.ids.bill}/access-log`, ann)).status).toBe(404);
    expect((await bay.post('/api/break-glass', { nhsNumber: bayNhsNumbers.bill, reason: 'I want to see my neighbour' }, ann)).status).toBe(403);

    await bay.get(`/api/people/${bay.ids.ann}`, bay.as.discharge);
    const log = async () => (await bay.get(`/api/people/${bay.ids.ann}/access-log`, ann)).body.entries as { who: string; role: string; organisation: string; what: string; why: string }[];
    let entries = await log();
    for (let tries = 0; tries < 50 && !entries.some((e) => e.who === 'Lee Harris' && e.what === 'Looked at the record'); tries++) {
      await new Promise((r) => setTimeout(r, 50));
      entries = await log();
    }
    expect(entries).toContainEqual(expect.objectContaining({ who: 'Lee Harris', role: 'Discharge team', organisation: 'Bay Hospital', what: 'Looked at the record', why: 'open encounter with Bay Hospital' }));
    expect(entries).toContainEqual(expect.objectContaining({ who: 'Lee Harris', what: 'Emergency access', why: 'Unconscious on the ward, medication history needed' }));
    expect(entries).toContainEqual(expect.objectContaining({ who: 'Dr Ada Okafor', what: 'Recorded a choice about sharing' }));
    expect((await bay.get(`/api/people/${bay.ids.ann}/access-log`, bay.as.gp)).status).toBe(403);
    expect((await bay.get(`/api/people/${bay.ids.ann}/access-log`, bay.as.ig)).status).toBe(200);
    const audit = await bay.get(`/api/audit?person=${bay.ids.ann}&action=break-glass`, bay.as.ig);
    expect(audit.body.entries).toEqual([expect.objectContaining({ actor: 'Lee Harris (Discharge team, bay-hospital)', action: 'break-glass', outcome: 201 })]);
    expect((await bay.get('/api/audit/verify', bay.as.ig)).body).toMatchObject({ ok: true, breaks: [] });
    expect((await bay.get('/api/audit', bay.as.gp)).status).toBe(403);
  });

  it.skipIf(!backend.available)('lets the person give a carer sight of their record, without its sensitive parts, and take it back', async () => {
    const joinedUp = fhir.joinedUp();
    const carer = await signedInAs(joinedUp.app, joinedUp.db, { role: 'carer', name: 'Rose Arden', organisationId: null });
    const username = (await joinedUp.db.query<{ username: string }>('SELECT username FROM access.account WHERE id = $1', [carer.accountId])).rows[0]?.username ?? '';
    expect((await bay.get(`/api/people/${bay.ids.ann}`, carer)).status).toBe(404);
    expect((await bay.post(`/api/people/${bay.ids.ann}/carers`, { username: 'nobody-here' }, ann)).body).toMatchObject({ status: 400, code: 'carer_invalid', errors: [{ path: 'username' }] });
    expect((await bay.post(`/api/people/${bay.ids.ann}/carers`, { username }, bay.as.gp)).status).toBe(403);
    const given = await bay.post(`/api/people/${bay.ids.ann}/carers`, { username, reason: 'My daughter, who helps with my medicines' }, ann);
    expect(given.status, JSON.stringify(given.body)).toBe(201);
    expect((await bay.get(`/api/people/${bay.ids.ann}`, carer)).status).toBe(200);
    expect((await bay.get(`/api/people/${bay.ids.ann}/access`, carer)).body).toEqual({ reasons: ['carer'] });
    expect((await bay.get(`/api/people/${bay.ids.bill}`, carer)).status).toBe(404);
    expect(await conditions(carer)).toEqual(['Accidental fall', 'Hypertensive disorder']);
    expect(((await bay.get(`/api/people/${bay.ids.ann}/carers`, ann)).body.carers as { carer: { name: string } }[]).map((c) => c.carer.name)).toEqual(['Rose Arden']);
    const ended = await bay.post(`/api/carers/${String(given.body.id)}/end`, {}, ann);
    expect(ended.body).toMatchObject({ endedAt: expect.any(String) as string });
    expect((await bay.get(`/api/people/${bay.ids.ann}`, carer)).status).toBe(404);
  });

  it.skipIf(!backend.available)('serves the audit trail as FHIR AuditEvent to the IG lead (and systems granted it), searchable by patient', async () => {
    const patients = await fhir.request('GET', `Patient?identifier=https://fhir.nhs.uk/Id/nhs-number|${bayNhsNumbers.ann}&_count=1`);
    const patientId = String(((patients.body.entry as { resource: { id: string } }[])[0])?.resource.id);
    const events = await fhir.request('GET', `AuditEvent?patient=${patientId}&subtype=break-glass`, undefined, bay.as.ig.headers);
    expect(events.status, events.text).toBe(200);
    const [glass] = (events.body.entry as { resource: Record<string, unknown> & { resourceType: string; id: string } }[]).map((e) => e.resource);
    expect(glass).toMatchObject({ action: 'E', outcome: '0', agent: [{ name: 'Lee Harris (Discharge team, bay-hospital)', requestor: true }], purposeOfEvent: [{ coding: [{ code: 'BTG' }] }] });
    const reads = await fhir.request('GET', 'AuditEvent?subtype=read&_count=2', undefined, bay.as.ig.headers);
    expect((reads.body.link as { relation: string }[]).map((l) => l.relation)).toContain('next');
    expect((await fhir.request('GET', `AuditEvent/${glass?.id ?? ''}`, undefined, bay.as.ig.headers)).body).toMatchObject({ id: glass?.id, action: 'E' });
    expect((await fhir.request('GET', 'AuditEvent', undefined, bay.as.gp.headers)).status).toBe(403);
    expect((await fhir.request('GET', 'AuditEvent?_count=1')).status).toBe(200);
    expect((await fhir.request('POST', 'AuditEvent', { resourceType: 'AuditEvent' })).status).toBe(405);
    expect((await fhir.request('GET', 'AuditEvent?date=2026', undefined, bay.as.ig.headers)).status).toBe(400);
  });
});
