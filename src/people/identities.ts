/**
 * Identities and the people they belong to. Each source's record of a person is an identity (the
 * source's own id and its own copy of the details); identities are linked to people. This first
 * linkage rule is deterministic: an identity joins a person when it carries a valid NHS number
 * (modulus 11) and another identity with that number has the same date of birth; otherwise it is
 * its own person. Probabilistic linkage plugs into the same links later.
 */
import type { Queryable } from '../platform/index.js';
import { isValidNhsNumber } from './nhs-number.js';

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

interface ExistingRow {
  id: number;
  local_id: string;
  person_id: number;
  linked_by: LinkedBy;
  nhs_number: string | null;
  birth_date: string | null;
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

/** How an identity came to its person. */
export type LinkedBy = 'nhs-number' | 'own-record' | 'probabilistic' | 'reviewer';

const linkKey = (nhs: string, birth: string): string => `${nhs}|${birth}`;

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
    `SELECT id, local_id, person_id, linked_by, nhs_number, birth_date::text AS birth_date
       FROM people.identity WHERE source_id = $1 AND local_id = ANY($2::text[])`,
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

  // Decide each identity's person; new people are numbered after one insert.
  const inserts: { localId: string; details: IdentityDetails | undefined; person: number | 'new'; linkedBy: LinkedBy }[] = [];
  const updates: { row: ExistingRow; details: IdentityDetails; person: number; linkedBy: LinkedBy }[] = [];
  const pendingByKey = new Map<string, (typeof inserts)[number]>();
  for (const [localId, details] of wanted) {
    const row = known.get(localId);
    const key = linkable(details) ? linkKey(details.nhsNumber, details.birthDate) : undefined;
    const match = key === undefined ? undefined : holders.get(key);
    if (row) {
      result.set(localId, { id: row.id, personId: row.person_id });
      if (!details) continue;
      const relink = row.linked_by === 'own-record' && match !== undefined && match !== row.person_id;
      updates.push({ row, details, person: relink ? match : row.person_id, linkedBy: relink ? 'nhs-number' : row.linked_by });
      if (key !== undefined && match === undefined) holders.set(key, row.person_id);
      continue;
    }
    const sameBatch = key === undefined ? undefined : pendingByKey.get(key);
    const insert = {
      localId, details, person: match ?? 'new' as number | 'new', linkedBy: match !== undefined || sameBatch ? 'nhs-number' as const : 'own-record' as const,
    };
    if (sameBatch) insert.person = -1 - inserts.indexOf(sameBatch);
    inserts.push(insert);
    if (key !== undefined && match === undefined && !sameBatch) pendingByKey.set(key, insert);
  }

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
  return result;
}

function transpose(rows: readonly Columns[]): (string | null)[][] {
  const width = 12;
  return Array.from({ length: width }, (_, c) => rows.map((r) => r[c] ?? null));
}
