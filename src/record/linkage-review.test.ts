// The linkage review queue and merging people, on each backend, with real records: a decision of
// "same" merges two people and their records, timeline and search index follow; "different" and
// "not sure" move nothing; undoing a merge puts every identity and record back where it was.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { backends, freshDatabaseEach } from '../../test/support/databases.js';
import { rejection } from '../../test/support/errors.js';
import { allMigrations } from '../joinedup.js';
import {
  addReviewItems, decideReview, decisionKey, linkDecision, listReviews, mergePeople, pairDecisions, personMerges, reviewItem, unmergePeople,
  type ReviewDecision, type ReviewItemInput,
} from '../people/index.js';
import { migrate, type Db } from '../platform/index.js';
import { importFile, moveRecordsOfIdentities } from './index.js';

const work = mkdtempSync(path.join(tmpdir(), 'joinedup-linkage-review-'));
let files = 0;
const ndjson = (...resources: object[]): string => {
  const full = path.join(work, `file-${++files}.ndjson`);
  writeFileSync(full, `${resources.map((r) => JSON.stringify(r)).join('\n')}\n`);
  return full;
};
const patient = (id: string, family: string, birthDate: string, nhs?: string): object => ({
  resourceType: 'Patient', id, name: [{ family, given: ['Margaret'] }], birthDate, gender: 'female',
  ...(nhs ? { identifier: [{ system: 'https://fhir.nhs.uk/Id/nhs-number', value: nhs }] } : {}),
});
const condition = (id: string, subject: string, text: string): object => ({
  resourceType: 'Condition', id, subject: { reference: `Patient/${subject}` }, code: { text, coding: [{ system: 'http://snomed.info/sct', code: '84114007' }] },
  recordedDate: '2024-05-01', clinicalStatus: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/condition-clinical', code: 'active' }] },
});

const explanation = {
  prior: -12.3,
  fields: [
    { field: 'family', label: 'Surname', left: 'Smyth', right: 'Smith', level: 'Jaro-Winkler ≥ 0.92', weight: 6.1 },
    { field: 'birth_date', label: 'Date of birth', left: '1941-03-07', right: '1941-03-07', level: 'exact', weight: 9.4 },
    { field: 'postcode', label: 'Postcode', left: 'ZQ3 4LP', right: 'ZQ9 1AA', level: 'district', weight: -1.5 },
  ],
};

/** Every person a row points at, by table and row: identities, record versions, timeline lines and search index rows. */
async function whereEverythingIs(db: Db): Promise<string[]> {
  const { rows } = await db.query<{ line: string }>(
    `SELECT 'identity ' || id || ' → ' || person_id AS line FROM people.identity
     UNION ALL SELECT 'record ' || id || ' v' || version || ' → ' || coalesce(person_id::text, '-') FROM record.source_record
     UNION ALL SELECT 'entry ' || record_id || ' → ' || person_id FROM record.entry
     UNION ALL SELECT 'token ' || record_id || ' ' || param || ' ' || code || ' → ' || coalesce(person_id::text, '-') FROM record.search_token
     UNION ALL SELECT 'reference ' || record_id || ' ' || param || ' → ' || coalesce(person_id::text, '-') FROM record.search_reference
     ORDER BY 1`,
  );
  return rows.map((r) => r.line);
}

async function personIdsOf(db: Db, table: 'record.source_record' | 'record.entry' | 'record.search_token' | 'record.search_reference', identity: number): Promise<number[]> {
  const column = table === 'record.source_record' ? 'id' : 'record_id';
  const { rows } = await db.query<{ person_id: number }>(
    `SELECT DISTINCT t.person_id FROM ${table} t JOIN record.source_record r ON r.id = t.${column} WHERE r.identity_id = $1`,
    [identity],
  );
  return rows.map((r) => r.person_id);
}

describe.each(backends)('linkage review and merges on $name', (backend) => {
  const database = freshDatabaseEach(backend, (db) => migrate(db, allMigrations()));
  let db: Db;
  /** Identity and person of each source's Margaret Smith: the GP's (with an NHS number), the hospital's and the council's (without). */
  let gp: { id: number; person: number };
  let hospital: { id: number; person: number };
  let council: { id: number; person: number };

  beforeEach(async () => {
    if (!backend.available) return;
    db = database();
    await importFile(db, { sourceId: 'gp', file: ndjson(patient('g1', 'Smith', '1941-03-07', '9990000018'), condition('gc1', 'g1', 'Heart failure')) });
    await importFile(db, { sourceId: 'hospital', file: ndjson(patient('h1', 'Smyth', '1941-03-07'), condition('hc1', 'h1', 'Fractured neck of femur')) });
    // A second version of the hospital's patient, so that versions no longer current must follow too.
    await importFile(db, { sourceId: 'hospital', file: ndjson(patient('h1', 'Smyth', '1941-03-08')) });
    await importFile(db, { sourceId: 'council', file: ndjson(patient('c1', 'Smith', '1941-03-07'), condition('cc1', 'c1', 'Dementia')) });
    const { rows } = await db.query<{ id: number; person_id: number; source_id: string }>('SELECT id, person_id, source_id FROM people.identity');
    const of = (source: string): { id: number; person: number } => {
      const row = rows.find((r) => r.source_id === source);
      if (!row) throw new Error(`no ${source} identity`);
      return { id: row.id, person: row.person_id };
    };
    gp = of('gp');
    hospital = of('hospital');
    council = of('council');
    expect(new Set([gp.person, hospital.person, council.person]).size).toBe(3);
  });

  const item = (identity: number, candidate: number, matchProbability = 0.7): ReviewItemInput => ({
    identityId: identity, candidateIdentityId: candidate, matchWeight: Math.log2(matchProbability / (1 - matchProbability)), matchProbability, explanation,
  });
  const decide = (id: string, decision: ReviewDecision, note: string | null = null) =>
    db.transaction((tx) => decideReview(tx, Number(id), decision, 'Dr Reviewer', note, moveRecordsOfIdentities));

  it.skipIf(!backend.available)('queues pairs most likely first with both identities and the evidence, and pages through them', async () => {
    expect(await db.transaction((tx) => addReviewItems(tx, [item(hospital.id, gp.id, 0.6), item(council.id, gp.id, 0.8)]))).toEqual({ added: 2, updated: 0, skipped: 0 });
    const page = await listReviews(db, { status: 'open' });
    expect(page.counts).toEqual({ open: 2, unsure: 0, decided: 0 });
    expect(page.items.map((i) => [i.identity.source.id, i.candidate.source.id, i.matchProbability])).toEqual([['council', 'gp', 0.8], ['hospital', 'gp', 0.6]]);
    const first = page.items[1];
    expect(first?.identity).toEqual({
      identityId: String(hospital.id), personId: String(hospital.person), source: { id: 'hospital', name: 'Hospital patient administration system' }, localId: 'h1',
      name: 'Margaret Smyth', nhsNumber: null, birthDate: '1941-03-08', sex: 'female', address: null, postcode: null,
    });
    expect(first?.candidate).toMatchObject({ identityId: String(gp.id), personId: String(gp.person), nhsNumber: '9990000018', localId: 'g1' });
    expect(first?.explanation).toEqual(explanation);
    expect(first?.samePerson).toBe(false);

    const one = await listReviews(db, { status: 'open', limit: 1 });
    expect(one.items.map((i) => i.matchProbability)).toEqual([0.8]);
    expect(one.next).not.toBeNull();
    const two = await listReviews(db, { status: 'open', limit: 1, cursor: one.next ?? undefined });
    expect(two.items.map((i) => i.matchProbability)).toEqual([0.6]);
    expect(two.next).toBeNull();
  });

  it.skipIf(!backend.available)('updates a pair already waiting, either way round, rather than queueing it twice', async () => {
    await db.transaction((tx) => addReviewItems(tx, [item(hospital.id, gp.id, 0.6)]));
    expect(await db.transaction((tx) => addReviewItems(tx, [item(gp.id, hospital.id, 0.75)]))).toEqual({ added: 0, updated: 1, skipped: 0 });
    const page = await listReviews(db);
    expect(page.items).toHaveLength(1);
    expect(page.items[0]).toMatchObject({ matchProbability: 0.75, identity: { identityId: String(gp.id) }, candidate: { identityId: String(hospital.id) } });
  });

  it.skipIf(!backend.available)('on "same", merges the two people and their records, timeline lines and search index follow', async () => {
    await db.transaction((tx) => addReviewItems(tx, [item(hospital.id, gp.id)]));
    const [queued] = (await listReviews(db)).items;
    expect(await personIdsOf(db, 'record.source_record', hospital.id)).toEqual([hospital.person]);
    const { review, merge } = await decide(queued!.id, 'same', 'Same address history at the practice');
    expect(review).toMatchObject({ status: 'same', decidedBy: 'Dr Reviewer', note: 'Same address history at the practice', samePerson: true });
    expect(review.identity.personId).toBe(String(gp.person));
    expect(merge).toMatchObject({ fromPerson: String(hospital.person), intoPerson: String(gp.person), mergedBy: 'Dr Reviewer', canUndo: true });
    expect(merge?.identities.map((i) => i.localId)).toEqual(['h1']);

    const person = await db.query<{ merged_into: number | null }>('SELECT merged_into FROM people.person WHERE id = $1', [hospital.person]);
    expect(person.rows).toEqual([{ merged_into: gp.person }]);
    for (const table of ['record.source_record', 'record.entry', 'record.search_token', 'record.search_reference'] as const) {
      expect(await personIdsOf(db, table, hospital.id), table).toEqual([gp.person]);
    }
    const versions = await db.query<{ n: number }>('SELECT count(*)::int8 AS n FROM record.source_record WHERE identity_id = $1 AND person_id = $2', [hospital.id, gp.person]);
    expect(versions.rows[0]?.n).toBe(3);
    expect(await linkDecision(db, gp.id, hospital.id)).toEqual({ decision: 'same', decidedBy: 'Dr Reviewer', reviewId: queued!.id, reason: 'Same address history at the practice' });

    const lists = await listReviews(db, { status: 'decided' });
    expect(lists.counts).toEqual({ open: 0, unsure: 0, decided: 1 });
    expect(lists.items.map((i) => i.id)).toEqual([queued!.id]);
    expect((await rejection(decide(queued!.id, 'different'))).code).toBe('review_already_decided');
    expect(await personMerges(db, gp.person)).toEqual([merge]);
  });

  it.skipIf(!backend.available)('on "different", records the pair as different people, moves nothing, and never queues it again', async () => {
    await db.transaction((tx) => addReviewItems(tx, [item(hospital.id, gp.id)]));
    const [queued] = (await listReviews(db)).items;
    const before = await whereEverythingIs(db);
    const { review, merge } = await decide(queued!.id, 'different');
    expect(review.status).toBe('different');
    expect(merge).toBeNull();
    expect(await whereEverythingIs(db)).toEqual(before);
    expect(await linkDecision(db, hospital.id, gp.id)).toMatchObject({ decision: 'different', reviewId: queued!.id });
    const decisions = await pairDecisions(db, [[gp.id, hospital.id], [council.id, gp.id]]);
    expect([...decisions]).toEqual([[decisionKey(hospital.id, gp.id), 'different']]);
    expect(await db.transaction((tx) => addReviewItems(tx, [item(gp.id, hospital.id, 0.9), item(hospital.id, gp.id, 0.9)]))).toEqual({ added: 0, updated: 0, skipped: 1 });
    expect((await listReviews(db)).items).toEqual([]);
    expect((await reviewItem(db, Number(queued!.id))).matchProbability).toBe(0.7);
  });

  it.skipIf(!backend.available)('puts a "not sure" item in its own list, where it can still be decided', async () => {
    await db.transaction((tx) => addReviewItems(tx, [item(hospital.id, gp.id), item(council.id, gp.id, 0.65)]));
    const [queued] = (await listReviews(db)).items;
    const before = await whereEverythingIs(db);
    const { review } = await decide(queued!.id, 'unsure', 'Ask the practice');
    expect(review).toMatchObject({ status: 'unsure', note: 'Ask the practice' });
    expect(await whereEverythingIs(db)).toEqual(before);
    expect(await linkDecision(db, hospital.id, gp.id)).toBeUndefined();
    expect((await listReviews(db, { status: 'open' })).items.map((i) => i.identity.localId)).toEqual(['c1']);
    const unsure = await listReviews(db, { status: 'unsure' });
    expect(unsure.items.map((i) => i.id)).toEqual([queued!.id]);
    expect(unsure.counts).toEqual({ open: 1, unsure: 1, decided: 0 });
    expect((await rejection(decide(queued!.id, 'unsure'))).code).toBe('review_already_decided');
    // The linker scoring it again updates it but leaves it where the reviewer put it.
    expect(await db.transaction((tx) => addReviewItems(tx, [item(hospital.id, gp.id, 0.72)]))).toEqual({ added: 0, updated: 1, skipped: 0 });
    expect((await reviewItem(db, Number(queued!.id))).status).toBe('unsure');
    expect((await decide(queued!.id, 'same')).review.status).toBe('same');
  });

  it.skipIf(!backend.available)('answers unknown ids, bad items and bad cursors with clear errors', async () => {
    expect((await rejection(decide('999999', 'same'))).status).toBe(404);
    expect((await rejection(reviewItem(db, 999999))).code).toBe('review_not_found');
    const bad = await rejection(db.transaction((tx) => addReviewItems(tx, [
      { ...item(hospital.id, gp.id), matchProbability: 1.5 },
      { ...item(gp.id, gp.id), explanation: { prior: Number.NaN, fields: [{ ...explanation.fields[0]!, weight: Number.POSITIVE_INFINITY }] } },
    ])));
    expect(bad).toMatchObject({ code: 'review_item_invalid', status: 400 });
    expect(bad.errors.map((e) => e.path)).toEqual(['[0].matchProbability', '[1].candidateIdentityId', '[1].explanation.prior', '[1].explanation.fields[0].weight']);
    const unknown = await rejection(db.transaction((tx) => addReviewItems(tx, [item(hospital.id, 999999)])));
    expect(unknown.errors).toEqual([{ where: 'review items', path: '[0].candidateIdentityId', message: 'there is no identity 999999' }]);
    expect((await rejection(listReviews(db, { cursor: 'not-a-cursor' }))).code).toBe('review_cursor_invalid');
    expect((await listReviews(db)).counts.open).toBe(0);
  });

  it.skipIf(!backend.available)('undoing a merge puts every identity and record back as it was and keeps the two apart', async () => {
    // The council's Margaret first joins the GP's, so the GP person has two identities before the hospital's is merged in.
    await db.transaction((tx) => mergePeople(tx, { from: council.person, into: gp.person, by: 'Dr A', reason: 'Known to both' }, moveRecordsOfIdentities));
    const before = await whereEverythingIs(db);
    const merge = await db.transaction((tx) => mergePeople(tx, { from: hospital.person, into: gp.person, by: 'Dr A', reason: 'Same person' }, moveRecordsOfIdentities));
    expect(await whereEverythingIs(db)).not.toEqual(before);
    await db.transaction((tx) => addReviewItems(tx, [item(hospital.id, gp.id)]));
    const [waiting] = (await listReviews(db)).items;
    expect(waiting?.samePerson).toBe(true);
    const undone = await db.transaction((tx) => unmergePeople(tx, Number(merge.id), 'Dr B', moveRecordsOfIdentities));
    expect(undone).toMatchObject({ id: merge.id, undoneBy: 'Dr B', canUndo: false });
    expect(undone.identities).toEqual([expect.objectContaining({ localId: 'h1', personId: String(hospital.person) })]);
    expect(await whereEverythingIs(db)).toEqual(before);
    const person = await db.query<{ merged_into: number | null }>('SELECT merged_into FROM people.person WHERE id = $1', [hospital.person]);
    expect(person.rows).toEqual([{ merged_into: null }]);
    // Different from both identities that stayed, so linkage does not merge them again.
    expect(await linkDecision(db, hospital.id, gp.id)).toMatchObject({ decision: 'different', decidedBy: 'Dr B' });
    expect(await linkDecision(db, hospital.id, council.id)).toMatchObject({ decision: 'different' });
    expect(await db.transaction((tx) => addReviewItems(tx, [item(hospital.id, council.id)]))).toMatchObject({ skipped: 1 });
    expect(await reviewItem(db, Number(waiting?.id))).toMatchObject({ status: 'different', decidedBy: 'Dr B', samePerson: false });
    expect((await listReviews(db)).counts).toEqual({ open: 0, unsure: 0, decided: 1 });

    expect((await rejection(db.transaction((tx) => unmergePeople(tx, Number(merge.id), 'Dr B', moveRecordsOfIdentities)))).code).toBe('merge_already_undone');
    const history = await personMerges(db, gp.person);
    expect(history?.map((m) => [m.fromPerson, m.intoPerson, m.undoneBy, m.canUndo])).toEqual([
      [String(hospital.person), String(gp.person), 'Dr B', false],
      [String(council.person), String(gp.person), null, true],
    ]);
    expect((await personMerges(db, hospital.person))?.map((m) => m.id)).toEqual([merge.id]);
    expect(await personMerges(db, 999999)).toBeUndefined();
    // Merged again after the undo: a new merge, the old one's history kept.
    await db.transaction((tx) => mergePeople(tx, { from: hospital.person, into: gp.person, by: 'Dr C' }, moveRecordsOfIdentities));
    expect((await personMerges(db, gp.person))?.length).toBe(3);
  });

  it.skipIf(!backend.available)('keeps a person a review item names when an import links their only identity elsewhere by NHS number', async () => {
    await db.transaction((tx) => addReviewItems(tx, [item(hospital.id, council.id)]));
    // The council now sends the NHS number: its identity joins the GP's person, and the council's person is left empty.
    const summary = await importFile(db, { sourceId: 'council', file: ndjson(patient('c1', 'Smith', '1941-03-07', '9990000018')) });
    expect(summary.status).toBe('done');
    const kept = await db.query<{ id: number }>('SELECT id FROM people.person WHERE id = $1', [council.person]);
    expect(kept.rows).toHaveLength(1);
    const [queued] = (await listReviews(db)).items;
    expect(queued?.candidate).toMatchObject({ localId: 'c1', personId: String(gp.person) });
    expect(await personIdsOf(db, 'record.source_record', council.id)).toEqual([gp.person]);
  });

  it.skipIf(!backend.available)('refuses to merge a person into themselves, into someone merged away, or someone unknown', async () => {
    const merge = (from: number, into: number) => db.transaction((tx) => mergePeople(tx, { from, into, by: 'Dr A' }, moveRecordsOfIdentities));
    expect(await rejection(merge(gp.person, gp.person))).toMatchObject({ code: 'merge_into_self', status: 400 });
    expect(await rejection(merge(gp.person, 999999))).toMatchObject({ code: 'merge_person_not_found', status: 404 });
    await merge(council.person, gp.person);
    expect(await rejection(merge(hospital.person, council.person))).toMatchObject({ code: 'person_merged_away', status: 409 });
    expect(await rejection(merge(council.person, hospital.person))).toMatchObject({ code: 'person_merged_away', status: 409 });
    expect((await rejection(db.transaction((tx) => unmergePeople(tx, 999999, 'Dr A', moveRecordsOfIdentities)))).code).toBe('merge_not_found');
    // Nothing of the refused merges happened.
    expect((await personMerges(db, hospital.person))).toEqual([]);
  });
});
