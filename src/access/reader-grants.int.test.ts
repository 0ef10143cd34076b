// The table the person rule probes (access.reader_grant, migration 0012) is kept by the database
// from the tables the relationships live in. After each kind of change (records arriving and
// superseded, care ending, a practice changing, a practice's ODS code changing, a source changing
// hands, identities moving between people as linkage and merges move them, relationships added
// and ended, a person's own account), it holds exactly what working the grants out afresh gives.
import { beforeAll, describe, expect, it } from 'vitest';
import { type Bay, bayNhsNumbers, bayPatient, daysAgo, seedBay } from '../../test/support/bay.js';
import { backends } from '../../test/support/databases.js';
import { fhirAppFor } from '../../test/support/fhir.js';
import { importFile } from '../record/index.js';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createAccount } from './index.js';

const work = mkdtempSync(path.join(tmpdir(), 'joinedup-grants-'));
let files = 0;
const ndjson = (resources: readonly object[]): string => {
  const file = path.join(work, `${files++}.ndjson`);
  writeFileSync(file, resources.map((r) => JSON.stringify(r)).join('\n'));
  return file;
};

describe.each(backends)('reader grants on $name', (backend) => {
  const fhir = fhirAppFor(backend);
  let bay: Bay | undefined;
  beforeAll(async () => {
    if (!backend.available) return;
    bay = await seedBay(fhir.joinedUp());
  }, 120_000);
  const db = () => fhir.joinedUp().db;

  /** Rows of the kept table and of the fresh working-out that the other lacks, each way. */
  async function drift(): Promise<{ kept: unknown[]; derived: unknown[] }> {
    const columns = 'person_id::text, identity_id::text, reader, origin, origin_id::text, starts, until';
    const kept = await db().query(`SELECT ${columns} FROM access.reader_grant EXCEPT ALL SELECT ${columns} FROM access.reader_grant_derived`);
    const derived = await db().query(`SELECT ${columns} FROM access.reader_grant_derived EXCEPT ALL SELECT ${columns} FROM access.reader_grant`);
    return { kept: kept.rows, derived: derived.rows };
  }
  const grants = async (reader: string, person: number): Promise<string[]> =>
    (await db().query<{ origin: string }>('SELECT origin FROM access.reader_grant WHERE reader = $1 AND person_id = $2 ORDER BY origin', [reader, person])).rows.map((r) => r.origin);

  it.skipIf(!backend.available)('hold what the relationships give, from the records the place was loaded with', async () => {
    const { ids } = bay as Bay;
    expect(await drift()).toEqual({ kept: [], derived: [] });
    expect(await grants('organisation:bay-practice', ids.ann)).toEqual(['registration']);
    expect(await grants('organisation:bay-hospital', ids.ann)).toEqual(['care']);
    expect(await grants('organisation:bay-council', ids.cara)).toEqual(['care']);
  });

  it.skipIf(!backend.available)('follow care as records arrive, end and are superseded, and as a source changes hands', async () => {
    const { ids } = bay as Bay;
    await importFile(db(), { sourceId: 'hospital', file: ndjson([
      { resourceType: 'Encounter', id: 'e1', status: 'finished', class: { code: 'IMP' }, subject: { reference: 'Patient/h1' }, period: { start: daysAgo(2), end: daysAgo(1) } },
      { resourceType: 'Encounter', id: 'e9', status: 'in-progress', class: { code: 'EMER' }, subject: { reference: 'Patient/h1' }, period: { start: daysAgo(0) } },
    ]) });
    expect(await drift()).toEqual({ kept: [], derived: [] });
    await importFile(db(), { sourceId: 'hospital', file: ndjson([
      { resourceType: 'Encounter', id: 'e9', status: 'finished', class: { code: 'EMER' }, subject: { reference: 'Patient/h1' }, period: { start: daysAgo(0), end: daysAgo(0) } },
    ]) });
    expect(await drift()).toEqual({ kept: [], derived: [] });
    const { rows: [care] } = await db().query<{ until: Date | null }>(`SELECT until FROM access.reader_grant WHERE origin = 'care' AND reader = 'organisation:bay-hospital' AND person_id = $1`, [ids.ann]);
    expect(care?.until?.toISOString().slice(0, 10)).toBe(daysAgo(-1));
    await db().query(`UPDATE access.source_organisation SET organisation_id = 'bay-council' WHERE source_id = 'hospital'`);
    expect(await drift()).toEqual({ kept: [], derived: [] });
    expect(await grants('organisation:bay-council', ids.ann)).toEqual(['care']);
    expect(await grants('organisation:bay-hospital', ids.ann)).toEqual([]);
    await db().query(`UPDATE access.source_organisation SET organisation_id = 'bay-hospital' WHERE source_id = 'hospital'`);
    expect(await drift()).toEqual({ kept: [], derived: [] });
  });

  it.skipIf(!backend.available)('follow a change of practice and of a practice\'s ODS code', async () => {
    const { ids } = bay as Bay;
    await importFile(db(), { sourceId: 'gp', file: ndjson([bayPatient('g2', 'Bill', 'Brook', bayNhsNumbers.bill, 'Z90002')]) });
    expect(await drift()).toEqual({ kept: [], derived: [] });
    expect(await grants('organisation:bay-practice', ids.bill)).toEqual([]);
    await db().query(`UPDATE access.organisation SET ods_code = 'Z90002' WHERE id = 'bay-practice'`);
    expect(await drift()).toEqual({ kept: [], derived: [] });
    expect(await grants('organisation:bay-practice', ids.bill)).toEqual(['registration']);
    expect(await grants('organisation:bay-practice', ids.ann)).toEqual([]);
    await db().query(`UPDATE access.organisation SET ods_code = 'Z90001' WHERE id = 'bay-practice'`);
    await importFile(db(), { sourceId: 'gp', file: ndjson([bayPatient('g2', 'Bill', 'Brook', bayNhsNumbers.bill, 'Z90001')]) });
    expect(await drift()).toEqual({ kept: [], derived: [] });
  });

  it.skipIf(!backend.available)('move with identities from person to person, as linkage, merges and unmerges move them', async () => {
    const { ids } = bay as Bay;
    const { rows } = await db().query<{ id: number }>('SELECT id FROM people.identity WHERE person_id = $1', [ids.cara]);
    await db().query('UPDATE people.identity SET person_id = $1 WHERE person_id = $2', [ids.bill, ids.cara]);
    expect(await drift()).toEqual({ kept: [], derived: [] });
    expect(await grants('organisation:bay-council', ids.bill)).toEqual(['care', 'care']);
    expect(await grants('organisation:bay-council', ids.cara)).toEqual([]);
    await db().query('UPDATE people.identity SET person_id = $1 WHERE id = ANY($2::int8[])', [ids.cara, rows.map((r) => r.id)]);
    expect(await drift()).toEqual({ kept: [], derived: [] });
    expect(await grants('organisation:bay-council', ids.cara)).toEqual(['care']);
  });

  it.skipIf(!backend.available)('follow relationships as they are added and ended, and the person\'s own account', async () => {
    const { ids, as, post } = bay as Bay;
    const added = await post(`/api/people/${ids.ann}/care-team`, { organisationId: 'bay-council', reason: 'Referred for a care assessment' }, as.gp);
    expect(added.status).toBe(201);
    expect(await drift()).toEqual({ kept: [], derived: [] });
    expect(await grants('organisation:bay-council', ids.ann)).toEqual(['relationship']);
    const glass = await post('/api/break-glass', { nhsNumber: bayNhsNumbers.bill, reason: 'Found collapsed at home, no carer present' }, as.discharge);
    expect(glass.status).toBe(201);
    expect(await drift()).toEqual({ kept: [], derived: [] });
    expect((await post(`/api/care-team/${String(added.body.id)}/end`, {}, as.gp)).status).toBe(200);
    expect(await drift()).toEqual({ kept: [], derived: [] });
    expect(await grants('organisation:bay-council', ids.ann)).toEqual([]);
    const { rows: [identity] } = await db().query<{ id: number }>('SELECT id FROM people.identity WHERE person_id = $1 ORDER BY id LIMIT 1', [ids.ann]);
    const account = await createAccount(db(), { username: 'ann-arden', displayName: 'Ann Arden', role: 'person', identityId: identity?.id ?? 0, password: 'a long enough password' });
    expect(await drift()).toEqual({ kept: [], derived: [] });
    expect(await grants(`account:${account}`, ids.ann)).toEqual(['own']);
  });
});
