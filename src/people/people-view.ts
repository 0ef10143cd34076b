/**
 * One person as the index knows them: their identities in each source and the details to show,
 * taken from the most trusted source that holds each detail (GP first: practices trace every
 * registration against the national demographics service).
 */
import type { Queryable } from '../platform/index.js';
import { ageOn } from './age.js';

const priority: Readonly<Record<string, number>> = { gp: 0, hospital: 1, community: 2, council: 3 };

/** How an identity came to its person. */
export type LinkedBy = 'nhs-number' | 'own-record' | 'probabilistic' | 'reviewer';

/** Lower is more trusted for demographics. */
export function sourcePriority(sourceId: string): number {
  return priority[sourceId] ?? 9;
}

export interface SourceRef {
  id: string;
  name: string;
}

export interface IdentityView {
  identityId: number;
  source: SourceRef;
  localId: string;
  nhsNumber: string | null;
  name: string | null;
  birthDate: string | null;
  postcode: string | null;
  linkedBy: LinkedBy;
}

export interface PersonDetails {
  id: string;
  name: string;
  nhsNumber: string | null;
  birthDate: string | null;
  age: number | null;
  sex: string | null;
  address: string | null;
  postcode: string | null;
  practice: string | null;
  deceased: string | null;
  identities: IdentityView[];
}

interface Row {
  id: number;
  source_id: string;
  source_name: string;
  local_id: string;
  linked_by: LinkedBy;
  nhs_number: string | null;
  family: string | null;
  given: string | null;
  birth_date: string | null;
  sex: string | null;
  address_line: string | null;
  town: string | null;
  postcode: string | null;
  practice: string | null;
  deceased: string | null;
}

/** The person's details and identities, or undefined when there is no such person. */
export async function personDetails(db: Queryable, personId: number, today = new Date()): Promise<PersonDetails | undefined> {
  const { rows } = await db.query<Row>(
    `SELECT i.id, i.source_id, s.name AS source_name, i.local_id, i.linked_by, i.nhs_number, i.family, i.given, i.birth_date::text AS birth_date,
            i.sex, i.address_line, i.town, i.postcode, i.practice, i.deceased::text AS deceased
       FROM people.identity i JOIN people.source_system s ON s.id = i.source_id
      WHERE i.person_id = $1 ORDER BY i.id`,
    [personId],
  );
  if (rows.length === 0) return undefined;
  const ordered = [...rows].sort((a, b) => sourcePriority(a.source_id) - sourcePriority(b.source_id) || a.id - b.id);
  const pick = <K extends keyof Row>(k: K): Row[K] | null => ordered.find((r) => r[k] !== null)?.[k] ?? null;
  const withAddress = ordered.find((r) => r.address_line !== null || r.postcode !== null);
  const birth = pick('birth_date');
  const fullName = (r: Row): string | null => (r.given ?? r.family ? `${r.given ?? ''} ${r.family ?? ''}`.trim() : null);
  return {
    id: String(personId),
    name: ordered.map(fullName).find((n) => n !== null) ?? 'Name not recorded',
    nhsNumber: pick('nhs_number'),
    birthDate: birth,
    age: birth ? ageOn(birth, today) : null,
    sex: pick('sex'),
    address: withAddress ? [withAddress.address_line, withAddress.town].filter((x) => x !== null).join(', ') || null : null,
    postcode: withAddress?.postcode ?? null,
    practice: pick('practice'),
    deceased: pick('deceased'),
    identities: rows.map((r) => ({
      identityId: r.id, source: { id: r.source_id, name: r.source_name }, localId: r.local_id, nhsNumber: r.nhs_number,
      name: fullName(r), birthDate: r.birth_date, postcode: r.postcode, linkedBy: r.linked_by,
    })),
  };
}

/** Registered source systems. */
export async function listSources(db: Queryable): Promise<(SourceRef & { kind: string; odsCode: string | null })[]> {
  const { rows } = await db.query<{ id: string; name: string; kind: string; ods_code: string | null }>('SELECT id, name, kind, ods_code FROM people.source_system ORDER BY id');
  return rows.map((r) => ({ id: r.id, name: r.name, kind: r.kind, odsCode: r.ods_code }));
}

/** Registers a source system (or updates its name, kind and ODS code). */
export async function registerSource(db: Queryable, source: { id: string; name: string; kind: string; odsCode?: string | undefined }): Promise<void> {
  await db.query(
    `INSERT INTO people.source_system (id, name, kind, ods_code) VALUES ($1, $2, $3, $4)
     ON CONFLICT (id) DO UPDATE SET name = EXCLUDED.name, kind = EXCLUDED.kind, ods_code = EXCLUDED.ods_code`,
    [source.id, source.name, source.kind, source.odsCode ?? null],
  );
}
