/**
 * The shared record as the emergency-admission model reads it: every person's activity from every
 * source (features.ts PersonActivity), read in batches of people in id order, three queries a batch.
 * Demographics come from the most trusted source that holds each (GP first, as on the person page);
 * deprivation from the postcode sector of the person's postcode (risk.area_deprivation). The record
 * keeps a problem's code without its system: the sources Joined Up reads code problems in SNOMED CT.
 */
import { sourcePriority } from '../people/index.js';
import type { Queryable } from '../platform/index.js';
import { snomed } from './efi-concepts.js';
import type { PersonActivity } from './features.js';

interface IdentityRow {
  person_id: string;
  source_id: string;
  birth_date: string | null;
  sex: PersonActivity['sex'] | null;
  deceased: string | null;
  practice: string | null;
  postcode: string | null;
}

interface EntryRow {
  person_id: string;
  kind: string | null;
  occurred: string | null;
  end_date: string | null;
  section: string | null;
  code: string | null;
  since: string | null;
  method: string | null;
  site: string | null;
  attended: string | null;
  event_type: string | null;
  service_type: string | null;
  frequency: string | null;
  units: string | null;
  client_type: string | null;
}

const kinds = ['condition', 'medication', 'admission', 'ae-attendance', 'outpatient', 'gp-contact', 'community-visit', 'care-request', 'care-assessment', 'care-service', 'care-review'];
const eventTypes = new Set(['Request', 'Assessment', 'Service', 'Review']);

/** "zq3 4lp" → "ZQ3 4" (the outward code and the inward code's sector digit); null when not a postcode. */
export function postcodeSector(postcode: string | null): string | null {
  if (postcode === null) return null;
  const compact = postcode.toUpperCase().replace(/\s+/g, '');
  const match = /^([A-Z]{1,2}[0-9][0-9A-Z]?)([0-9])[A-Z]{2}$/.exec(compact);
  return match ? `${match[1]} ${match[2]}` : null;
}

export async function deprivationBySector(db: Queryable): Promise<Map<string, number>> {
  const { rows } = await db.query<{ postcode_sector: string; decile: number }>('SELECT postcode_sector, decile FROM risk.area_deprivation');
  return new Map(rows.map((r) => [r.postcode_sector, r.decile]));
}

/** Every person's activity, `batch` people at a time, in person id order. */
export async function* recordActivities(db: Queryable, options: { batch?: number; deprivation?: ReadonlyMap<string, number> } = {}): AsyncGenerator<PersonActivity[]> {
  const batch = options.batch ?? 2_000;
  const deprivation = options.deprivation ?? (await deprivationBySector(db));
  let after = 0;
  for (;;) {
    const { rows: people } = await db.query<{ id: string }>(
      `SELECT p.id::text AS id FROM people.person p WHERE p.id > $1 AND p.merged_into IS NULL AND EXISTS (SELECT 1 FROM people.identity i WHERE i.person_id = p.id) ORDER BY p.id LIMIT $2`,
      [after, batch], { prepared: true },
    );
    if (people.length === 0) return;
    const ids = people.map((p) => Number(p.id));
    after = ids[ids.length - 1] ?? after;
    yield await activitiesOf(db, ids, deprivation);
    if (people.length < batch) return;
  }
}

/** The activity of the people with these ids (each of whom has an identity). */
export async function activitiesOf(db: Queryable, ids: readonly number[], deprivation: ReadonlyMap<string, number>): Promise<PersonActivity[]> {
  const [identities, entries, carers] = await Promise.all([
    db.query<IdentityRow>(
      `SELECT person_id::text AS person_id, source_id, birth_date::text AS birth_date, sex, deceased::text AS deceased, practice, postcode
         FROM people.identity WHERE person_id = ANY($1::bigint[]) ORDER BY id`,
      [ids], { prepared: true },
    ),
    db.query<EntryRow>(
      `SELECT person_id::text AS person_id, kind, occurred, end_date, summary_section AS section, summary_code AS code, summary_since AS since,
              detail->>'Admission method' AS method, detail->>'Site' AS site, detail->>'Attended' AS attended,
              detail->>'Event type' AS event_type, detail->>'Service type' AS service_type, detail->>'Cost frequency' AS frequency,
              detail->>'Planned units per week' AS units, detail->>'Client type' AS client_type
         FROM record.entry WHERE person_id = ANY($1::bigint[]) AND kind = ANY($2::text[])`,
      [ids, kinds], { prepared: true },
    ),
    db.query<{ person_id: string }>(
      `SELECT DISTINCT r.person_id::text AS person_id FROM record.source_record r
        WHERE r.current AND r.person_id = ANY($1::bigint[]) AND r.resource_type IN ('CldPerson', 'CouncilPerson')
          AND EXISTS (SELECT 1 FROM json_each_text(r.payload) f WHERE lower(f.key) = 'has_unpaid_carer' AND f.value ILIKE 'yes%')`,
      [ids], { prepared: true },
    ),
  ]);
  const byPerson = new Map<string, PersonActivity>();
  const trust = new Map<string, Map<keyof IdentityRow, number>>();
  for (const id of ids) {
    byPerson.set(String(id), {
      id: String(id), birthDate: '', sex: 'unknown', deathDate: null, practice: null, deprivationDecile: null,
      conditions: [], medications: [], spells: [], aeAttendances: [], outpatients: [], gpContacts: [], communityContacts: [], care: [], unpaidCarer: false,
    });
    trust.set(String(id), new Map());
  }
  // Each detail from the most trusted source that holds it (identities come oldest first within a source).
  for (const row of identities.rows) {
    const a = byPerson.get(row.person_id);
    const held = trust.get(row.person_id);
    if (a === undefined || held === undefined) continue;
    const rank = sourcePriority(row.source_id);
    const take = (field: 'birth_date' | 'sex' | 'deceased' | 'practice' | 'postcode', apply: (value: string) => void): void => {
      const value = row[field];
      if (value === null || (held.get(field) ?? 99) <= rank) return;
      held.set(field, rank);
      apply(value);
    };
    take('birth_date', (v) => (a.birthDate = v));
    take('sex', (v) => (a.sex = v as PersonActivity['sex']));
    take('deceased', (v) => (a.deathDate = v));
    take('practice', (v) => (a.practice = v));
    take('postcode', (v) => {
      const sector = postcodeSector(v);
      a.deprivationDecile = sector === null ? null : (deprivation.get(sector) ?? null);
    });
  }
  for (const e of entries.rows) {
    const a = byPerson.get(e.person_id);
    if (a === undefined || e.occurred === null || e.occurred === '') continue;
    switch (e.kind) {
      case 'condition':
        if (e.section === 'problem' && e.code !== null) a.conditions.push({ system: snomed, code: e.code, onset: e.since ?? e.occurred });
        break;
      case 'medication':
        a.medications.push({ start: e.occurred, end: e.end_date });
        break;
      case 'admission':
        a.spells.push({ start: e.occurred, end: e.end_date, emergency: e.method?.startsWith('2') === true, acute: e.site !== 'Community hospital' });
        break;
      case 'ae-attendance':
        a.aeAttendances.push(e.occurred);
        break;
      case 'outpatient':
        a.outpatients.push({ date: e.occurred, attended: e.attended === null || e.attended === 'Yes' });
        break;
      case 'gp-contact':
        a.gpContacts.push(e.occurred);
        break;
      case 'community-visit':
        a.communityContacts.push(e.occurred);
        break;
      default:
        if (e.event_type !== null && eventTypes.has(e.event_type)) {
          const units = e.units === null ? Number.NaN : Number(e.units);
          a.care.push({
            type: e.event_type as PersonActivity['care'][number]['type'], start: e.occurred, end: e.end_date, serviceType: e.service_type,
            hoursPerWeek: e.frequency === 'Hourly' && Number.isFinite(units) ? units : null, carer: e.client_type?.startsWith('Carer') === true,
          });
        }
    }
  }
  for (const row of carers.rows) {
    const a = byPerson.get(row.person_id);
    if (a) a.unpaidCarer = true;
  }
  // Someone no source gives a date of birth for cannot be scored (age is the first feature).
  return [...byPerson.values()].filter((a) => a.birthDate !== '');
}
