/**
 * Identities and the people they belong to. Each source's record of a person is an identity (the
 * source's own id and its own copy of the details); identities are linked to people. An identity
 * joins a person when it carries a valid NHS number (modulus 11) and another identity with that
 * number has the same date of birth. Otherwise, once the person index has been re-linked (which
 * trains the model), it is scored at once against the identities sharing a blocking key with it
 * (live-linkage.ts): it joins the best person at or above the link threshold, pairs between the
 * review and link thresholds go to the review queue, and a pair decided "different" is never joined.
 * Failing all that it is its own person.
 */
import type { Queryable } from '../platform/index.js';
import {
  currentLiveModel, type IdentityColumn, type IdentityValueRow, type IdentityValues, identityValueColumns, linkageValuesDiffer, type LiveCandidate, type LiveModel,
  blockRows, replaceBlockKeys, scoreArrivals, valuesOfRow, writeBlockKeys,
} from './live-linkage.js';
import { isValidNhsNumber } from './nhs-number.js';
import type { LinkedBy } from './people-view.js';
import { addReviewItems, reviewItemFor } from './review.js';

/** What a source says about a person (the record capability's IdentityFacts, restated here). */
export interface IdentityDetails {
  nhsNumber?: string;
  family?: string;
  given?: string[];
  birthDate?: string;
  sex?: 'female' | 'male' | 'other' | 'unknown';
  addressLine?: string;
  town?: string;
  postcode?: string;
  phone?: string;
  deceased?: string;
  practice?: string;
}

export interface IdentityInput {
  localId: string;
  /** Absent when a record refers to a person the source has not described yet (an identity known only by its id). */
  details?: IdentityDetails;
}

export interface LinkedIdentity {
  id: number;
  personId: number;
  /** Set when this call moved the identity from another person (records about it must follow). */
  movedFrom?: number;
}

interface ExistingRow extends IdentityValueRow {
  id: number;
  local_id: string;
  person_id: number;
  linked_by: LinkedBy;
  /** No other identity is with its person. */
  alone: boolean;
}

type Columns = [
  nhs: string | null, family: string | null, given: string | null, birth: string | null, sex: string | null, line: string | null,
  town: string | null, postcode: string | null, phone: string | null, deceased: string | null, practice: string | null, search: string,
];

function columns(d: IdentityDetails): Columns {
  const given = d.given && d.given.length > 0 ? d.given.join(' ') : null;
  return [
    d.nhsNumber ?? null, d.family ?? null, given, d.birthDate ?? null, d.sex ?? null, d.addressLine ?? null, d.town ?? null,
    d.postcode ?? null, d.phone ?? null, d.deceased?.slice(0, 10) ?? null, d.practice ?? null,
    searchName(given, d.family ?? null),
  ];
}

/** The text names are searched by: "given family", lower case, single spaces. */
function searchName(given: string | null, family: string | null): string {
  return `${given ?? ''} ${family ?? ''}`.toLowerCase().replace(/\s+/g, ' ').trim();
}

/** Later details win field by field; a field the later copy leaves out keeps what was known. */
function merge(a: IdentityDetails | undefined, b: IdentityDetails | undefined): IdentityDetails | undefined {
  if (!a) return b;
  if (!b) return a;
  const out: IdentityDetails = { ...a };
  for (const [k, v] of Object.entries(b) as [keyof IdentityDetails, IdentityDetails[keyof IdentityDetails]][]) {
    if (v !== undefined) (out as Record<string, unknown>)[k] = v;
  }
  return out;
}

/** An identity's values for linkage: the details given, over what was known before. */
function valuesOf(d: IdentityDetails | undefined, before?: IdentityValues): IdentityValues {
  const given = d?.given && d.given.length > 0 ? d.given.join(' ') : undefined;
  const pick = (column: IdentityColumn, value: string | undefined): string => value ?? before?.[column] ?? '';
  return {
    nhs_number: pick('nhs_number', d?.nhsNumber), given: pick('given', given), family: pick('family', d?.family), birth_date: pick('birth_date', d?.birthDate),
    sex: pick('sex', d?.sex), postcode: pick('postcode', d?.postcode), address_line: pick('address_line', d?.addressLine), town: pick('town', d?.town),
    phone: pick('phone', d?.phone), practice: pick('practice', d?.practice),
  };
}


const linkKey = (nhs: string, birth: string): string => `${nhs}|${birth}`;

type Insert = { localId: string; details: IdentityDetails | undefined; values: IdentityValues; person: number | 'new'; linkedBy: LinkedBy };
type Update = { row: ExistingRow; details: IdentityDetails; before: IdentityValues; values: IdentityValues; person: number; linkedBy: LinkedBy };

/**
 * Creates or updates the identities of one source and links new ones to people; returns each local
 * id's identity and person. Runs inside the caller's transaction.
 */
export async function resolveIdentities(tx: Queryable, sourceId: string, inputs: readonly IdentityInput[]): Promise<Map<string, LinkedIdentity>> {
  const wanted = new Map<string, IdentityDetails | undefined>();
  for (const input of inputs) wanted.set(input.localId, merge(wanted.get(input.localId), input.details));
  const result = new Map<string, LinkedIdentity>();
  if (wanted.size === 0) return result;

  const existing = await tx.query<ExistingRow>(
    `SELECT i.id, i.local_id, i.person_id, i.linked_by, ${identityValueColumns('i')},
            NOT EXISTS (SELECT 1 FROM people.identity o WHERE o.person_id = i.person_id AND o.id <> i.id) AS alone
       FROM people.identity i WHERE i.source_id = $1 AND i.local_id = ANY($2::text[])`,
    [sourceId, [...wanted.keys()]],
    { prepared: true },
  );
  const known = new Map(existing.rows.map((row) => [row.local_id, row]));

  // People already holding each valid NHS number with a date of birth.
  const linkable = (d: IdentityDetails | undefined): d is IdentityDetails & { nhsNumber: string; birthDate: string } =>
    d?.nhsNumber !== undefined && d.birthDate !== undefined && isValidNhsNumber(d.nhsNumber);
  const numbers = [...new Set([...wanted.values()].filter(linkable).map((d) => d.nhsNumber))];
  const holders = new Map<string, number>();
  if (numbers.length > 0) {
    const found = await tx.query<{ nhs_number: string; birth_date: string; person_id: number }>(
      `SELECT DISTINCT ON (nhs_number, birth_date) nhs_number, birth_date::text AS birth_date, person_id
         FROM people.identity WHERE nhs_number = ANY($1::text[]) AND birth_date IS NOT NULL ORDER BY nhs_number, birth_date, id`,
      [numbers],
      { prepared: true },
    );
    for (const row of found.rows) holders.set(linkKey(row.nhs_number, row.birth_date), row.person_id);
  }

  // Decide each identity's person by NHS number; new people are numbered after one insert. A
  // negative person is a reference to an earlier insert's person (-1 - its index).
  const inserts: Insert[] = [];
  const updates: Update[] = [];
  const pendingByKey = new Map<string, Insert>();
  for (const [localId, details] of wanted) {
    const row = known.get(localId);
    const key = linkable(details) ? linkKey(details.nhsNumber, details.birthDate) : undefined;
    const match = key === undefined ? undefined : holders.get(key);
    if (row) {
      result.set(localId, { id: row.id, personId: row.person_id });
      if (!details) continue;
      const relink = row.linked_by === 'own-record' && match !== undefined && match !== row.person_id;
      const before = valuesOfRow(row);
      updates.push({ row, details, before, values: valuesOf(details, before), person: relink ? match : row.person_id, linkedBy: relink ? 'nhs-number' : row.linked_by });
      if (key !== undefined && match === undefined) holders.set(key, row.person_id);
      continue;
    }
    const sameBatch = key === undefined ? undefined : pendingByKey.get(key);
    const insert: Insert = { localId, details, values: valuesOf(details), person: match ?? 'new', linkedBy: match !== undefined || sameBatch ? 'nhs-number' : 'own-record' };
    if (sameBatch) insert.person = -1 - inserts.indexOf(sameBatch);
    inserts.push(insert);
    if (key !== undefined && match === undefined && !sameBatch) pendingByKey.set(key, insert);
  }

  const live = await currentLiveModel(tx);
  const reviews = live ? await linkLive(tx, live, inserts, updates) : [];

  const fresh = inserts.filter((i) => i.person === 'new').length;
  const newPeople = fresh === 0 ? [] : (await tx.query<{ id: number }>('INSERT INTO people.person (created_at) SELECT now() FROM generate_series(1, $1::int) RETURNING id', [fresh], { prepared: true })).rows.map((r) => r.id);
  let next = 0;
  const personOf: number[] = [];
  for (const insert of inserts) {
    const p = insert.person;
    personOf.push(p === 'new' ? (newPeople[next++] ?? 0) : p < 0 ? (personOf[-1 - p] ?? 0) : p);
  }

  if (inserts.length > 0) {
    const cols = inserts.map((i) => columns(i.details ?? {}));
    const inserted = await tx.query<{ id: number; local_id: string; person_id: number }>(
      `INSERT INTO people.identity (source_id, local_id, person_id, linked_by, nhs_number, family, given, birth_date, sex, address_line, town, postcode, phone, deceased, practice, search_name, name_keys)
       SELECT $1, u.*, people.name_keys(u.s)
         FROM unnest($2::text[], $3::int8[], $4::text[], $5::text[], $6::text[], $7::text[], $8::date[], $9::text[], $10::text[], $11::text[], $12::text[], $13::text[], $14::date[], $15::text[], $16::text[])
           AS u(l, p, lb, n, f, g, b, sx, a, t, pc, ph, d, pr, s)
       RETURNING id, local_id, person_id`,
      [sourceId, inserts.map((i) => i.localId), personOf, inserts.map((i) => i.linkedBy), ...transpose(cols)],
      { prepared: true },
    );
    for (const row of inserted.rows) result.set(row.local_id, { id: row.id, personId: row.person_id });
    if (live) await writeBlockKeys(tx, blockRows(live, inserts.map((i) => ({ id: result.get(i.localId)?.id ?? 0, values: i.values }))));
  }

  if (updates.length > 0) {
    const cols = updates.map((u) => columns(u.details));
    await tx.query(
      `UPDATE people.identity i SET
         person_id = u.person_id, linked_by = u.linked_by,
         nhs_number = COALESCE(u.nhs, i.nhs_number), family = COALESCE(u.family, i.family), given = COALESCE(u.given, i.given),
         birth_date = COALESCE(u.birth, i.birth_date), sex = COALESCE(u.sex, i.sex), address_line = COALESCE(u.line, i.address_line),
         town = COALESCE(u.town, i.town), postcode = COALESCE(u.postcode, i.postcode), phone = COALESCE(u.phone, i.phone),
         deceased = COALESCE(u.deceased, i.deceased), practice = COALESCE(u.practice, i.practice),
         search_name = CASE WHEN u.search = '' THEN i.search_name ELSE u.search END,
         name_keys = CASE WHEN u.search = '' THEN i.name_keys ELSE people.name_keys(u.search) END, updated_at = now()
       FROM unnest($1::int8[], $2::int8[], $3::text[], $4::text[], $5::text[], $6::text[], $7::date[], $8::text[], $9::text[], $10::text[], $11::text[], $12::text[], $13::date[], $14::text[], $15::text[])
         AS u(id, person_id, linked_by, nhs, family, given, birth, sex, line, town, postcode, phone, deceased, practice, search)
       WHERE i.id = u.id`,
      [updates.map((u) => u.row.id), updates.map((u) => u.person), updates.map((u) => u.linkedBy), ...transpose(cols)],
      { prepared: true },
    );
    const left = updates.filter((u) => u.person !== u.row.person_id).map((u) => u.row.person_id);
    for (const u of updates) result.set(u.row.local_id, { id: u.row.id, personId: u.person, ...(u.person !== u.row.person_id ? { movedFrom: u.row.person_id } : {}) });
    if (live) await replaceBlockKeys(tx, live, updates.filter((u) => linkageValuesDiffer(live, u.before, u.values)).map((u) => ({ id: u.row.id, values: u.values })));
    if (left.length > 0) {
      await tx.query(
        // A person a merge or a review item names is kept (empty) so that history still resolves.
        `DELETE FROM people.person p WHERE p.id = ANY($1::int8[]) AND NOT EXISTS (SELECT 1 FROM people.identity i WHERE i.person_id = p.id)
            AND NOT EXISTS (SELECT 1 FROM people.person_merge m WHERE m.from_person = p.id OR m.into_person = p.id)
            AND NOT EXISTS (SELECT 1 FROM people.person m WHERE m.merged_into = p.id)
            AND NOT EXISTS (SELECT 1 FROM people.link_review r WHERE r.candidate_person_id = p.id)`,
        [left],
      );
    }
  }

  const items = reviews.flatMap((r) => {
    const identityId = result.get(r.localId)?.id;
    const candidateIdentityId = 'localId' in r.target ? result.get(r.target.localId)?.id : r.target.identityId;
    const personNow = 'localId' in r.target ? result.get(r.target.localId)?.personId : r.target.personId;
    if (identityId === undefined || candidateIdentityId === undefined || personNow === result.get(r.localId)?.personId) return [];
    return [reviewItemFor(identityId, candidateIdentityId, r.candidate.explain())];
  });
  if (items.length > 0) await addReviewItems(tx, items);
  return result;
}

/** A pair for review, before the arriving identity has its id. */
interface PendingReview {
  localId: string;
  target: { localId: string } | { identityId: number; personId: number };
  candidate: LiveCandidate;
}

/** Candidate people a review names for one arrival, at most. */
const reviewsPerArrival = 5;

/**
 * Probabilistic linkage of the identities the NHS number did not link: new identities that would
 * be people of their own, and identities alone with their person whose details changed. Sets the
 * person of each one linked, and returns the pairs to review.
 */
async function linkLive(tx: Queryable, live: LiveModel, inserts: Insert[], updates: Update[]): Promise<PendingReview[]> {
  const arriving: ({ kind: 'update'; update: Update } | { kind: 'insert'; insert: Insert; at: number })[] = [
    ...updates.filter((u) => u.row.linked_by === 'own-record' && u.row.alone && u.person === u.row.person_id && linkageValuesDiffer(live, u.before, u.values)).map((update) => ({ kind: 'update' as const, update })),
    ...inserts.flatMap((insert, at) => (insert.person === 'new' && insert.details ? [{ kind: 'insert' as const, insert, at }] : [])),
  ];
  if (arriving.length === 0) return [];
  const scored = await scoreArrivals(tx, live, arriving.map((a) => (a.kind === 'update' ? { values: a.update.values, identityId: a.update.row.id } : { values: a.insert.values })));
  const apart = await keptApart(tx, arriving.flatMap((a) => (a.kind === 'update' ? [a.update.row.id] : [])));
  const { link, review } = live.settings.thresholds;
  const reviews: PendingReview[] = [];
  arriving.forEach((arrival, k) => {
    const localId = arrival.kind === 'update' ? arrival.update.row.local_id : arrival.insert.localId;
    const notWith = arrival.kind === 'update' ? apart.get(arrival.update.row.id) : undefined;
    // The strongest candidate of each person (a negative person: a new person of this batch).
    const best = new Map<number, { candidate: LiveCandidate; target: PendingReview['target'] }>();
    for (const candidate of scored[k] ?? []) {
      const t = candidate.target;
      let person: number;
      let target: PendingReview['target'];
      if ('identityId' in t) {
        person = t.personId;
        target = t;
      } else {
        const other = arriving[t.arrival];
        if (!other) continue;
        if (other.kind === 'update') {
          person = other.update.person;
          target = { localId: other.update.row.local_id };
        } else {
          const p = other.insert.person;
          person = p === 'new' ? -1 - other.at : p;
          target = { localId: other.insert.localId };
        }
      }
      if ((person < 0 && arrival.kind === 'update') || notWith?.has(person) || best.has(person)) continue;
      best.set(person, { candidate, target });
    }
    const ranked = [...best].filter(([, b]) => b.candidate.probability >= review);
    const first = ranked[0];
    const linked = first !== undefined && first[1].candidate.probability >= link ? first[0] : undefined;
    if (linked !== undefined) {
      if (arrival.kind === 'update') arrival.update.person = linked;
      else arrival.insert.person = linked;
      (arrival.kind === 'update' ? arrival.update : arrival.insert).linkedBy = 'probabilistic';
    }
    for (const [person, b] of ranked.slice(0, reviewsPerArrival)) if (person !== linked) reviews.push({ localId, target: b.target, candidate: b.candidate });
  });
  return reviews;
}

/** For identities already stored, the people holding an identity decided "different" from each. */
async function keptApart(tx: Queryable, identityIds: readonly number[]): Promise<Map<number, Set<number>>> {
  const out = new Map<number, Set<number>>();
  if (identityIds.length === 0) return out;
  const { rows } = await tx.query<{ self: number; person_id: number }>(
    `SELECT d.self, o.person_id FROM (
       SELECT identity_a AS self, identity_b AS other FROM people.link_decision WHERE decision = 'different' AND identity_a = ANY($1::int8[])
       UNION ALL SELECT identity_b, identity_a FROM people.link_decision WHERE decision = 'different' AND identity_b = ANY($1::int8[])) d
     JOIN people.identity o ON o.id = d.other`,
    [identityIds],
  );
  for (const row of rows) {
    const set = out.get(row.self) ?? new Set<number>();
    set.add(row.person_id);
    out.set(row.self, set);
  }
  return out;
}

function transpose(rows: readonly Columns[]): (string | null)[][] {
  const width = 12;
  return Array.from({ length: width }, (_, c) => rows.map((r) => r[c] ?? null));
}
