// Live linkage, case by case, on each backend: after the person index of a small synthetic locality
// is re-linked (which trains the model), identities arriving by import or through the FHIR API are
// linked, queued for review or kept apart as their match probability says; a pair decided
// "different" stays apart whatever arrives later; arrivals of one batch link to each other.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends, type FreshDatabase } from '../../test/support/databases.js';
import { systemAuthorization } from '../../test/support/access.js';
import { allMigrations, openJoinedUp } from '../joinedup.js';
import { currentLiveModel, decideReview, type IdentityValues, listReviews, readSettings, relinkPeople, scoreArrivals } from '../people/index.js';
import { createLogger, type Db, loadConfig, migrate } from '../platform/index.js';
import { importFile, moveRecordsOfIdentities } from '../record/index.js';
import { resolveSynthOptions, synthesise } from '../synthetic/index.js';
import { filesToImport } from './commands/import.js';

const work = mkdtempSync(path.join(tmpdir(), 'joinedup-live-linkage-'));
const place = path.join(work, 'place');
let made: Promise<void> | undefined;
const locality = (): Promise<void> => (made ??= synthesise({ options: resolveSynthOptions({ people: 1_000, seed: 11 }), out: place, workers: 0 }).then(() => undefined));
afterAll(() => {
  rmSync(work, { recursive: true, force: true });
});

let files = 0;
const ndjson = (...resources: object[]): string => {
  const full = path.join(work, `arrivals-${++files}.ndjson`);
  writeFileSync(full, `${resources.map((r) => JSON.stringify(r)).join('\n')}\n`);
  return full;
};

interface Someone {
  line?: string;
  given: string;
  family: string;
  birth: string;
  sex: 'female' | 'male';
  postcode: string;
}
const patient = (id: string, p: Someone, nhs?: string): object => ({
  resourceType: 'Patient', id, name: [{ family: p.family, given: [p.given] }], birthDate: p.birth, gender: p.sex,
  address: [{ line: [p.line ?? '1 Arrival Street'], postalCode: p.postcode }],
  ...(nhs ? { identifier: [{ system: 'https://fhir.nhs.uk/Id/nhs-number', value: nhs }] } : {}),
});

/** Two random-looking people no one in the locality is. */
const strangers: Someone[] = [
  { given: 'Zebedee', family: 'Quillfeather', birth: '1933-02-17', sex: 'male', postcode: 'ZZ9 9ZZ' },
  { given: 'Ottoline', family: 'Marchbanks-Vey', birth: '1958-11-30', sex: 'female', postcode: 'ZZ8 8ZZ' },
];

describe.each(backends)('live linkage on $name', (backend) => {
  let fresh: FreshDatabase | undefined;
  let db: Db;
  /** A GP identity of the locality, and its person. */
  let known: Someone & { person: number };

  const identity = async (source: string, localId: string): Promise<{ id: number; person_id: number; linked_by: string }> => {
    const { rows } = await db.query<{ id: number; person_id: number; linked_by: string }>('SELECT id, person_id, linked_by FROM people.identity WHERE source_id = $1 AND local_id = $2', [source, localId]);
    if (!rows[0]) throw new Error(`no identity ${source}/${localId}`);
    return rows[0];
  };
  const values = (p: Someone): IdentityValues => ({
    nhs_number: '', given: p.given, family: p.family, birth_date: p.birth, sex: p.sex, postcode: p.postcode, address_line: p.line ?? '1 Arrival Street', town: '', phone: '', practice: '',
  });

  beforeAll(async () => {
    if (!backend.available) return;
    await locality();
    fresh = await backend.open();
    db = fresh.db;
    await migrate(db, allMigrations());
    for (const { file, source } of await filesToImport(place, undefined)) expect((await importFile(db, { sourceId: source, file })).status).toBe('done');
    expect(await currentLiveModel(db)).toBeUndefined();
    const settings = readSettings({
      ...(JSON.parse(readFileSync(new URL('../../docs/linkage/person-index.json', import.meta.url), 'utf8')) as object),
      // A wide review band, so that the cases below land on each side of it.
      thresholds: { link: 0.9999999, review: 0.5 },
    });
    await relinkPeople(db, settings, moveRecordsOfIdentities, { by: 'test' });
    const { rows } = await db.query<{ given: string; family: string; birth: string; sex: 'female' | 'male'; postcode: string; line: string; person_id: number }>(
      `SELECT given, family, birth_date::text AS birth, sex, postcode, address_line AS line, person_id FROM people.identity
        WHERE source_id = 'gp' AND given IS NOT NULL AND position(' ' in given) = 0 AND family IS NOT NULL AND postcode IS NOT NULL AND address_line IS NOT NULL
          AND sex IN ('female', 'male') ORDER BY id LIMIT 1`,
    );
    const row = rows[0];
    if (!row) throw new Error('no GP identity');
    known = { given: row.given, family: row.family, birth: row.birth, sex: row.sex, postcode: row.postcode, line: row.line, person: row.person_id };
  }, 240_000);
  afterAll(async () => {
    await fresh?.dispose();
  });

  it.skipIf(!backend.available)('links, queues or keeps apart each arrival as its match probability against the index says', async () => {
    const live = await currentLiveModel(db);
    if (!live) throw new Error('no model');
    const otherYear = `${Number(known.birth.slice(0, 4)) + 1}${known.birth.slice(4)}`;
    const cases: Someone[] = [
      { ...known },
      { ...known, line: '1 Arrival Street' },
      { ...known, postcode: 'ZZ1 1ZZ', line: '1 Arrival Street' },
      { ...known, given: `${known.given}x`, postcode: 'ZZ1 1ZZ', line: '1 Arrival Street' },
      { ...known, birth: otherYear, postcode: 'ZZ1 1ZZ', line: '1 Arrival Street' },
      { ...known, given: 'Zebedee', postcode: 'ZZ1 1ZZ', line: '1 Arrival Street' },
      { ...known, given: 'Zebedee', birth: otherYear, postcode: 'ZZ1 1ZZ', line: '1 Arrival Street' },
      strangers[0] as Someone,
    ];
    const outcomes = new Set<string>();
    for (const [i, someone] of cases.entries()) {
      const scored = await scoreArrivals(db, live, [{ values: values(someone) }]);
      const best = scored[0]?.find((c) => 'personId' in c.target && c.target.personId === known.person);
      const probability = best?.probability ?? 0;
      expect((await importFile(db, { sourceId: 'community', file: ndjson(patient(`case-${i}`, someone)) })).status).toBe('done');
      const arrived = await identity('community', `case-${i}`);
      const queued = await db.query<{ match_probability: number }>('SELECT match_probability FROM people.link_review WHERE identity_id = $1 AND candidate_person_id = $2', [arrived.id, known.person]);
      const outcome = probability >= 0.9999999 ? 'linked' : probability >= 0.5 ? 'queued' : 'apart';
      outcomes.add(outcome);
      expect({ case: i, linked: arrived.person_id === known.person, queued: queued.rows.length > 0 }).toEqual({ case: i, linked: outcome === 'linked', queued: outcome === 'queued' });
      if (outcome === 'linked') expect(arrived.linked_by).toBe('probabilistic');
      if (outcome === 'queued') expect(queued.rows[0]?.match_probability).toBeCloseTo(probability, 6);
    }
    // Every outcome happened at least once, so each rule above was tested.
    expect([...outcomes].sort()).toEqual(['apart', 'linked', 'queued']);
  });

  it.skipIf(!backend.available)('keeps a pair decided "different" apart when the identity later changes to match, and links one not decided', async () => {
    await importFile(db, { sourceId: 'council', file: ndjson(patient('decided', { ...known, given: 'Zebedee', postcode: 'ZZ1 1ZZ', line: '1 Arrival Street' }), patient('undecided', strangers[1] as Someone)) });
    const decided = await identity('council', 'decided');
    const undecided = await identity('council', 'undecided');
    expect(decided.person_id).not.toBe(known.person);
    expect(undecided.person_id).not.toBe(known.person);
    const item = (await listReviews(db, { limit: 200 })).items.find((i) => i.identity.identityId === String(decided.id));
    if (!item) throw new Error('the decided pair was not queued');
    await db.transaction((tx) => decideReview(tx, Number(item.id), 'different', 'Reviewer', 'Different people: another first name', moveRecordsOfIdentities));

    // Both now arrive again with the known person's very details.
    await importFile(db, { sourceId: 'council', file: ndjson(patient('decided', known), patient('undecided', known)) });
    expect((await identity('council', 'decided')).person_id).toBe(decided.person_id);
    const linked = await identity('council', 'undecided');
    expect(linked).toMatchObject({ person_id: known.person, linked_by: 'probabilistic' });
    // The records of the identity that moved moved with it.
    const stray = await db.query<{ n: number }>('SELECT count(*)::int8 AS n FROM record.source_record r JOIN people.identity i ON i.id = r.identity_id WHERE r.current AND r.person_id <> i.person_id');
    expect(stray.rows[0]?.n).toBe(0);
  });

  it.skipIf(!backend.available)('links arrivals of one batch to each other when the index holds neither', async () => {
    const twin = { ...(strangers[1] as Someone), given: 'Ottilie', postcode: 'ZZ7 7ZZ' };
    await importFile(db, { sourceId: 'hospital', file: ndjson(patient('batch-a', twin), patient('batch-b', twin)) });
    const a = await identity('hospital', 'batch-a');
    const b = await identity('hospital', 'batch-b');
    expect(b.person_id).toBe(a.person_id);
    expect([a.linked_by, b.linked_by]).toEqual(['own-record', 'probabilistic']);
  });

  it.skipIf(!backend.available)('links a Patient created through the FHIR API', async () => {
    const joinedUp = await openJoinedUp(loadConfig({ logLevel: 'silent' }, {}), createLogger('silent'), { db });
    try {
      const response = await joinedUp.app.inject({
        method: 'POST', url: '/fhir/r4/Patient', headers: { 'content-type': 'application/fhir+json', authorization: await systemAuthorization(db) },
        payload: JSON.stringify({ resourceType: 'Patient', name: [{ family: known.family, given: [known.given] }], birthDate: known.birth, gender: known.sex, address: [{ line: [known.line], postalCode: known.postcode }] }),
      });
      expect(response.statusCode).toBe(201);
      const { rows } = await db.query<{ person_id: number; linked_by: string }>(`SELECT person_id, linked_by FROM people.identity WHERE source_id = 'fhir'`);
      expect(rows).toEqual([{ person_id: known.person, linked_by: 'probabilistic' }]);
    } finally {
      await joinedUp.app.close();
    }
  });
  it.skipIf(!backend.available)('re-linking again learns from the decisions as labelled pairs, and keeps the pair decided "different" apart', async () => {
    const decisions = await db.query<{ n: number }>('SELECT count(*)::int8 AS n FROM people.link_decision');
    expect(decisions.rows[0]?.n).toBeGreaterThan(0);
    const settings = readSettings(JSON.parse(readFileSync(new URL('../../docs/linkage/person-index.json', import.meta.url), 'utf8')) as object);
    await relinkPeople(db, settings, moveRecordsOfIdentities, { by: 'test' });
    const models = await db.query<{ labelled_pairs: number; tf_values: number }>(
      'SELECT labelled_pairs, (SELECT count(*) FROM people.linkage_tf t WHERE t.model_id = m.id)::int8 AS tf_values FROM people.linkage_model m ORDER BY id',
    );
    // The first model was trained before any decision; the newest used every one, and only it keeps term frequencies.
    expect(models.rows.map((r) => r.labelled_pairs)).toEqual([0, decisions.rows[0]?.n]);
    expect(models.rows[0]?.tf_values).toBe(0);
    expect(models.rows[1]?.tf_values).toBeGreaterThan(0);
    expect((await identity('council', 'decided')).person_id).not.toBe(known.person);
  }, 120_000);
});
