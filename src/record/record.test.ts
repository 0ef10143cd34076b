// The shared record on each backend: importing every official FHIR example and reading it back,
// idempotent re-import, versions, linkage by NHS number, resuming, and the data-quality report.
import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeEach, describe, expect, it } from 'vitest';
import { backends, freshDatabaseEach } from '../../test/support/databases.js';
import { allMigrations } from '../joinedup.js';
import { migrate, type Db } from '../platform/index.js';
import { importFile, personStory, personTimeline } from './index.js';

const examples = fileURLToPath(new URL('../../node_modules/hl7.fhir.r4.examples/', import.meta.url));
const supported = ['Patient', 'Practitioner', 'Organization', 'Encounter', 'EpisodeOfCare', 'Condition', 'Observation', 'MedicationRequest', 'MedicationStatement', 'AllergyIntolerance', 'Procedure', 'CarePlan', 'Goal', 'CareTeam', 'Flag'];
const officialExamples = readdirSync(examples)
  .filter((f) => supported.some((t) => f.startsWith(`${t}-`)) && f.endsWith('.json'))
  .map((f) => JSON.parse(readFileSync(path.join(examples, f), 'utf8')) as { resourceType: string; id: string; meta?: unknown })
  .filter((r) => supported.includes(r.resourceType));
const work = mkdtempSync(path.join(tmpdir(), 'joinedup-record-'));
const file = (name: string, text: string): string => {
  const full = path.join(work, name);
  writeFileSync(full, text);
  return full;
};
const withoutMeta = ({ meta: _meta, ...rest }: { meta?: unknown }): unknown => rest;

const patient = (id: string, nhs: string, birthDate: string, family: string): string =>
  JSON.stringify({ resourceType: 'Patient', id, identifier: [{ system: 'https://fhir.nhs.uk/Id/nhs-number', value: nhs }], name: [{ family, given: ['Margaret'] }], birthDate, gender: 'female' });

const hospitalPatients = (rows: string[]): string =>
  `local_id,nhs_number,surname,forename,middle_name,date_of_birth,sex,address_line1,town,postcode,phone,date_of_death\n${rows.join('\n')}\n`;

describe.each(backends)('the shared record on $name', (backend) => {
  const database = freshDatabaseEach(backend, (db) => migrate(db, allMigrations()));
  let db: Db;
  beforeEach(() => {
    if (backend.available) db = database();
  });

  it.skipIf(!backend.available)('imports every official R4 example of the supported types and reads each back equal, apart from meta', async () => {
    expect(officialExamples.length).toBeGreaterThan(100);
    const ndjson = file(`examples-${backend.name}.ndjson`, `${officialExamples.map((r) => JSON.stringify(r)).join('\n')}\n`);
    const summary = await importFile(db, { sourceId: 'gp', file: ndjson });
    expect(summary.status).toBe('done');
    expect(summary.counts.read).toBe(officialExamples.length);
    const { rows } = await db.query<{ resource_type: string; source_key: string; payload: { meta?: unknown } }>(
      'SELECT resource_type, source_key, payload FROM record.source_record WHERE current',
    );
    const stored = new Map(rows.map((r) => [`${r.resource_type}/${r.source_key}`, r.payload]));
    for (const example of officialExamples) {
      const back = stored.get(`${example.resourceType}/${example.id}`);
      expect(back, `${example.resourceType}/${example.id}`).toBeDefined();
      expect(withoutMeta(back ?? {}), `${example.resourceType}/${example.id}`).toEqual(withoutMeta(example));
    }
  }, 120_000);

  it.skipIf(!backend.available)('changes nothing when the same file is imported again, and keeps a changed record as a new version', async () => {
    const first = file(`again-${backend.name}.ndjson`, `${patient('p1', '9990000018', '1941-03-07', 'Smith')}\n${patient('p2', '9990000026', '1950-01-01', 'Jones')}\n`);
    const once = await importFile(db, { sourceId: 'gp', file: first });
    const count = async (): Promise<number> => (await db.query<{ n: number }>('SELECT count(*)::int8 AS n FROM record.source_record')).rows[0]?.n ?? 0;
    const before = await count();
    const twice = await importFile(db, { sourceId: 'gp', file: first });
    expect(once.counts).toMatchObject({ read: 2, stored: 2, unchanged: 0 });
    expect(twice.counts).toMatchObject({ read: 2, stored: 0, unchanged: 2, versioned: 0 });
    expect(await count()).toBe(before);

    const changed = file(`changed-${backend.name}.ndjson`, `${patient('p1', '9990000018', '1941-03-07', 'Smith-Jones')}\n`);
    const third = await importFile(db, { sourceId: 'gp', file: changed });
    expect(third.counts).toMatchObject({ stored: 0, versioned: 1 });
    const versions = await db.query<{ version: number; current: boolean; family: string }>(
      `SELECT version, current, payload->'name'->0->>'family' AS family FROM record.source_record WHERE source_key = 'p1' ORDER BY version`,
    );
    expect(versions.rows).toEqual([{ version: 1, current: false, family: 'Smith' }, { version: 2, current: true, family: 'Smith-Jones' }]);
  });

  it.skipIf(!backend.available)('links identities from different sources by a valid NHS number with the same date of birth, and nothing else', async () => {
    await importFile(db, { sourceId: 'gp', file: file(`gp-${backend.name}.ndjson`, `${patient('g1', '9990000018', '1941-03-07', 'Smith')}\n`) });
    await importFile(db, {
      sourceId: 'hospital',
      file: file(`pas-${backend.name}.csv`, hospitalPatients([
        'RZQ1,999 000 0018,SMITH,Maggie,,1941-03-07,female,1 Sea Road,Tormouth,ZQ1 1AB,,',
        'RZQ2,9990000018,Smith,Margaret,,1941-07-03,female,1 Sea Road,Tormouth,ZQ1 1AB,,',
        'RZQ3,,Smith,Margaret,,1941-03-07,female,1 Sea Road,Tormouth,ZQ1 1AB,,',
      ])),
    });
    const links = await db.query<{ local_id: string; person_id: number; linked_by: string }>('SELECT local_id, person_id, linked_by FROM people.identity ORDER BY local_id');
    const person = (id: string): number | undefined => links.rows.find((r) => r.local_id === id)?.person_id;
    expect(person('RZQ1')).toBe(person('g1'));
    expect(person('RZQ2')).not.toBe(person('g1'));
    expect(person('RZQ3')).not.toBe(person('g1'));
    const story = await personStory(db, person('g1') ?? 0);
    expect(story.identities.map((i) => i.source.id).sort()).toEqual(['gp', 'hospital']);
    expect(story.header.nhsNumber).toBe('9990000018');
  });

  it.skipIf(!backend.available)('moves records with their identity when a later record links it to a person (spells before the patient)', async () => {
    await importFile(db, { sourceId: 'gp', file: file(`gp-first-${backend.name}.ndjson`, `${patient('g5', '9990000018', '1941-03-07', 'Smith')}\n`) });
    await importFile(db, {
      sourceId: 'hospital',
      file: file(`spells-first-${backend.name}.csv`, 'spell_id,local_id,site,admission_method,admission_date,discharge_ready_date,discharge_date,primary_diagnosis,secondary_diagnoses,specialty,discharge_pathway,delay_reason,discharge_destination\nSP5,RZQ5,acute,21,2024-01-10,,2024-01-12,J18.9,,300,0,,19\n'),
    });
    const gpPerson = Number((await db.query<{ person_id: number }>("SELECT person_id FROM people.identity WHERE local_id = 'g5'")).rows[0]?.person_id);
    expect((await personTimeline(db, gpPerson)).entries.map((e) => e.kind)).toEqual([]);
    await importFile(db, { sourceId: 'hospital', file: file(`pas-later-${backend.name}.csv`, hospitalPatients(['RZQ5,9990000018,Smith,Margaret,,1941-03-07,female,1 Sea Road,Tormouth,ZQ1 1AB,,'])) });
    expect((await personTimeline(db, gpPerson)).entries.map((e) => [e.kind, e.source.id])).toEqual([['admission', 'hospital']]);
    const orphans = await db.query<{ n: number }>('SELECT count(*)::int8 AS n FROM people.person p WHERE NOT EXISTS (SELECT 1 FROM people.identity i WHERE i.person_id = p.id)');
    expect(orphans.rows[0]?.n).toBe(0);
  });

  it.skipIf(!backend.available)('shows one timeline across sources, newest first, filtered by source and kind', async () => {
    await importFile(db, {
      sourceId: 'gp',
      file: file(`bundle-${backend.name}.json`, JSON.stringify({
        resourceType: 'Bundle', type: 'transaction',
        entry: [
          { fullUrl: 'urn:uuid:11111111-1111-4111-8111-111111111111', resource: JSON.parse(patient('g9', '9990000018', '1941-03-07', 'Smith')) as unknown, request: { method: 'POST', url: 'Patient' } },
          {
            fullUrl: 'urn:uuid:22222222-2222-4222-8222-222222222222',
            resource: { resourceType: 'Condition', clinicalStatus: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/condition-clinical', code: 'active' }] }, code: { coding: [{ system: 'http://snomed.info/sct', code: '84114007', display: 'Heart failure' }] }, subject: { reference: 'urn:uuid:11111111-1111-4111-8111-111111111111' }, onsetDateTime: '2019-05-01' },
            request: { method: 'POST', url: 'Condition' },
          },
        ],
      })),
    });
    await importFile(db, { sourceId: 'hospital', file: file(`pas2-${backend.name}.csv`, hospitalPatients(['RZQ9,9990000018,Smith,Margaret,,1941-03-07,female,1 Sea Road,Tormouth,ZQ1 1AB,,'])) });
    await importFile(db, {
      sourceId: 'hospital',
      file: file(`spells-${backend.name}.csv`, 'spell_id,local_id,site,admission_method,admission_date,discharge_ready_date,discharge_date,primary_diagnosis,secondary_diagnoses,specialty,discharge_pathway,delay_reason,discharge_destination\nSP1,RZQ9,acute,21,2024-01-10,2024-01-15,2024-01-18,J18.9,I50.9,300,1,E,19\n'),
    });
    const id = Number((await db.query<{ person_id: number }>("SELECT person_id FROM people.identity WHERE local_id = 'g9'")).rows[0]?.person_id);
    const story = await personStory(db, id);
    expect(story.summary.problems.map((p) => p.text)).toEqual(['Heart failure']);
    const all = await personTimeline(db, id);
    expect(all.entries.map((e) => [e.kind, e.source.id])).toEqual([['admission', 'hospital'], ['condition', 'gp']]);
    expect(all.sources.map((s) => s.id).sort()).toEqual(['gp', 'hospital']);
    const hospitalOnly = await personTimeline(db, id, { sources: ['hospital'] });
    expect(hospitalOnly.entries.map((e) => e.kind)).toEqual(['admission']);
    const conditions = await personTimeline(db, id, { kinds: ['condition'] });
    expect(conditions.entries.map((e) => e.title)).toEqual([expect.stringContaining('Heart failure')]);
    const firstPage = await personTimeline(db, id, { limit: 1 });
    expect(firstPage.next).not.toBeNull();
    const second = await personTimeline(db, id, { limit: 1, before: firstPage.next ?? '' });
    expect(second.entries.map((e) => e.kind)).toEqual(['condition']);
  });

  it.skipIf(!backend.available)('resumes an interrupted import of the same file where it stopped, without duplicates', async () => {
    const lines = Array.from({ length: 300 }, (_, i) => patient(`r${i}`, '9990000018', '1941-03-07', `Family${i}`));
    const big = file(`resume-${backend.name}.ndjson`, `${lines.join('\n')}\n`);
    const stop = new AbortController();
    let seen = 0;
    await expect(importFile(db, { sourceId: 'gp', file: big, batchSize: 50, signal: stop.signal, onProgress: (n) => { seen = n; if (n > 0) stop.abort(); } })).rejects.toThrow();
    expect(seen).toBeGreaterThan(0);
    const resumed = await importFile(db, { sourceId: 'gp', file: big, batchSize: 50 });
    expect(resumed.status).toBe('done');
    expect(resumed.resumedFrom).not.toBeNull();
    const n = await db.query<{ n: number }>("SELECT count(*)::int8 AS n FROM record.source_record WHERE resource_type = 'Patient'");
    expect(n.rows[0]?.n).toBe(300);
  });

  it.skipIf(!backend.available)('refreshes the planner statistics after a large load, so searches use the indexes at once', async () => {
    const reltuples = async (): Promise<number> =>
      (await db.query<{ n: number }>(`SELECT reltuples::float8 AS n FROM pg_class WHERE oid = 'record.source_record'::regclass`)).rows[0]?.n ?? 0;
    expect(await reltuples()).toBeLessThan(1);
    const rows = Array.from({ length: 6_000 }, (_, i) => `H${i},,Family${i},Ann,,1950-01-01,F,1 High St,Torquay,TQ1 1AA,,`);
    const summary = await importFile(db, { sourceId: 'hospital', file: file(`large-${backend.name}.csv`, hospitalPatients(rows)) });
    expect(summary.counts.stored).toBe(6_000);
    expect(await reltuples()).toBeGreaterThanOrEqual(6_000);
  }, 60_000);

  it.skipIf(!backend.available)('puts each kind of bad input in the data-quality report, or fails the file as a whole, never half-importing it', async () => {
    const issues = async (importId: number): Promise<{ code: string; line: number | null; field: string | null; rejected: boolean }[]> =>
      (await db.query<{ code: string; line: number | null; field: string | null; rejected: boolean }>('SELECT code, line, field, rejected FROM record.data_quality_issue WHERE import_id = $1 ORDER BY id', [importId])).rows;
    const records = async (): Promise<number> => (await db.query<{ n: number }>('SELECT count(*)::int8 AS n FROM record.source_record')).rows[0]?.n ?? 0;

    const mixed = await importFile(db, {
      sourceId: 'gp',
      file: file(`bad-${backend.name}.ndjson`, [
        patient('ok', '9990000018', '1941-03-07', 'Fine'),
        '{"resourceType": "Patient", "id": broken',
        patient('badnhs', '9990000019', '1941-03-07', 'Wrong'),
        JSON.stringify({ resourceType: 'Patient', id: 'baddate', birthDate: '1941-02-30' }),
        JSON.stringify({ resourceType: 'Bundle', type: 'collection', entry: [{ fullUrl: 'urn:uuid:33333333-3333-4333-8333-333333333333', resource: { resourceType: 'Condition', id: 'c1', subject: { reference: 'urn:uuid:44444444-4444-4444-8444-444444444444' }, code: { text: 'Asthma' } } }] }),
        '[1, 2, 3]',
      ].join('\n')),
    });
    expect(mixed.status).toBe('done');
    const found = await issues(mixed.id);
    expect(found).toEqual(expect.arrayContaining([
      expect.objectContaining({ code: 'invalid-json', line: 2, rejected: true }),
      expect.objectContaining({ code: 'invalid-nhs-number', line: 3, rejected: false }),
      expect.objectContaining({ code: 'impossible-date', line: 4, rejected: true }),
      expect.objectContaining({ code: 'unresolved-reference', line: 5 }),
      expect.objectContaining({ code: 'wrong-kind', line: 6, rejected: true }),
    ]));

    const before = await records();
    const missing = await importFile(db, { sourceId: 'hospital', kind: 'hospital-patients', file: file(`missing-${backend.name}.csv`, 'local_id,surname\nRZQ1,Smith\n') });
    expect(missing.status).toBe('failed');
    expect((await issues(missing.id)).map((i) => [i.code, i.field])).toEqual([['missing-column', 'nhs_number'], ['missing-column', 'forename'], ['missing-column', 'date_of_birth'], ['missing-column', 'sex']]);
    const empty = await importFile(db, { sourceId: 'hospital', file: file(`empty-${backend.name}.csv`, '') });
    expect(empty.status).toBe('failed');
    expect((await issues(empty.id)).map((i) => i.code)).toEqual(['empty-file']);
    const wrong = await importFile(db, { sourceId: 'hospital', file: file(`wrong-${backend.name}.txt`, 'name,colour\nfrog,green\n') });
    expect(wrong.status).toBe('failed');
    expect((await issues(wrong.id)).map((i) => i.code)).toEqual(['wrong-kind']);
    expect(await records()).toBe(before);

    const cld = await importFile(db, {
      sourceId: 'council',
      file: file(`cld-${backend.name}.csv`, [
        'LA_Code,LA_Name,Reporting_Period_Start_Date,Reporting_Period_End_Date,LA_Person_Unique_Identifier,NHS_Number,Gender,Ethnicity,Date_of_Birth,Date_of_Death,Client_Type,Primary_Support_Reason,Has_Unpaid_Carer,Accommodation_Status,Employment_Status,Event_Type,Event_Reference,Event_Start_Date,Event_End_Date,Event_Outcome,Request_Route_of_Access,Assessment_Type,Eligible_Needs_Identified,Informal_Carer_Involved_In_Assessment,Review_Reason,Service_Type,Service_Component,Delivery_Mechanism,Unit_Cost,Cost_Frequency_Unit_Type,Planned_Units_Per_Week,Provider_Code,Cared_For_Person',
        'E06000999,Tormouth Council,2023-04-01,2026-03-31,LA1,9990000018,Female,"White - English, Welsh, Scottish, Northern Irish or British",1941-03-07,,Service User,Physical Support: Personal care support,Yes,Owner occupier or shared ownership scheme,Not in Paid Employment (not actively seeking work / retired),Service,E1,2024-02-01,,,,,,,,Long Term Support: Community,Home Care,CASSR Commissioned Support,26.50,Hourly,12,ZH0001,',
        'E06000999,Tormouth Council,2023-04-01,2026-03-31,LA1,9990000018,Female,"White - English, Welsh, Scottish, Northern Irish or British",1941-03-07,,Service User,Physical Support: Personal care support,Yes,Owner occupier or shared ownership scheme,Not in Paid Employment (not actively seeking work / retired),Teleportation,E2,2024-02-01,2024-02-02,,,,,,,,,,,,,,',
      ].join('\n')),
    });
    expect((await issues(cld.id))).toEqual([expect.objectContaining({ code: 'unknown-code', line: 3, field: 'Event_Type', rejected: true })]);
    const service = await db.query<{ n: number }>("SELECT count(*)::int8 AS n FROM record.entry WHERE source_id = 'council' AND summary_section = 'service' AND summary_active");
    expect(service.rows[0]?.n).toBe(1);
    const la1 = Number((await db.query<{ person_id: number }>("SELECT person_id FROM people.identity WHERE local_id = 'LA1'")).rows[0]?.person_id);
    const story = await personStory(db, la1);
    expect(story.summary.services.map((l) => l.text)).toEqual([expect.stringContaining('Long Term Support: Community')]);
    expect(story.summary.carers.map((l) => l.text)).toEqual(['Has an unpaid carer']);
  });
});
