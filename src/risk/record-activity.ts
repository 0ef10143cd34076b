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

/**
 * One person's entries of each kind, aggregated in the database: records joined by chr(30), fields
 * within a record by chr(31) (neither is in dates, codes or the record's list values). A row per
 * person rather than per entry: the entries are most of what is read, and most of the time goes on
 * moving rows, not on finding them.
 */
interface EntriesRow {
  person_id: string;
  gp: string | null;
  ae: string | null;
  community: string | null;
  outpatients: string | null;
  medications: string | null;
  conditions: string | null;
  spells: string | null;
  care: string | null;
}

const records = (text: string | null): string[][] => (text === null ? [] : text.split('\x1e').map((r) => r.split('\x1f')));
const orNull = (text: string | undefined): string | null => (text === undefined || text === '' ? null : text);


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

/**
 * Every person's activity, `batch` people at a time, in person id order. Up to `depth` batches are
 * read at once (on a server, each on a connection of its own) while the one before is used.
 */
export async function* recordActivities(db: Queryable, options: { batch?: number; depth?: number; deprivation?: ReadonlyMap<string, number> } = {}): AsyncGenerator<PersonActivity[]> {
  const size = options.batch ?? 2_000;
  const depth = options.depth ?? 2;
  const deprivation = options.deprivation ?? (await deprivationBySector(db));
  const { rows } = await db.query<{ id: string }>(
    'SELECT p.id::text AS id FROM people.person p WHERE p.merged_into IS NULL AND EXISTS (SELECT 1 FROM people.identity i WHERE i.person_id = p.id) ORDER BY p.id',
  );
  const ids = rows.map((r) => Number(r.id));
  const read = (from: number): Promise<PersonActivity[]> => {
    const part = ids.slice(from, from + size);
    const pending = activitiesOf(db, part, deprivation, [from === 0 ? 0 : (ids[from - 1] ?? 0), part[part.length - 1] ?? 0]);
    // Awaited in turn below; a reader that stops early must not leave one rejected unheard.
    pending.catch(() => undefined);
    return pending;
  };
  const inFlight: Promise<PersonActivity[]>[] = [];
  let next = 0;
  while (next < ids.length || inFlight.length > 0) {
    while (inFlight.length < depth && next < ids.length) {
      inFlight.push(read(next));
      next += size;
    }
    const batch = inFlight.shift();
    if (batch !== undefined) yield await batch;
  }
}

/**
 * The activity of the people with these ids (each of whom has an identity), who are all the people
 * with an id in (range[0], range[1]]: rows are found by that range, which the indexes answer faster
 * than a list of ids.
 */
export async function activitiesOf(db: Queryable, ids: readonly number[], deprivation: ReadonlyMap<string, number>, range: readonly [number, number]): Promise<PersonActivity[]> {
  const [identities, entries, carers] = await Promise.all([
    db.query<IdentityRow>(
      `SELECT person_id::text AS person_id, source_id, birth_date::text AS birth_date, sex, deceased::text AS deceased, practice, postcode
         FROM people.identity WHERE person_id > $1 AND person_id <= $2 ORDER BY id`,
      range, { prepared: true },
    ),
    db.query<EntriesRow>(
      `SELECT person_id::text AS person_id,
              string_agg(left(occurred, 10), chr(30)) FILTER (WHERE kind = 'gp-contact') AS gp,
              string_agg(left(occurred, 10), chr(30)) FILTER (WHERE kind = 'ae-attendance') AS ae,
              string_agg(left(occurred, 10), chr(30)) FILTER (WHERE kind = 'community-visit') AS community,
              string_agg(concat_ws(chr(31), left(occurred, 10), coalesce(detail->>'Attended', '')), chr(30)) FILTER (WHERE kind = 'outpatient') AS outpatients,
              string_agg(concat_ws(chr(31), left(occurred, 10), coalesce(left(end_date, 10), '')), chr(30)) FILTER (WHERE kind = 'medication') AS medications,
              string_agg(concat_ws(chr(31), summary_code, left(coalesce(summary_since, occurred), 10)), chr(30))
                FILTER (WHERE kind = 'condition' AND summary_section = 'problem' AND summary_code IS NOT NULL) AS conditions,
              string_agg(concat_ws(chr(31), left(occurred, 10), coalesce(left(end_date, 10), ''), coalesce(detail->>'Admission method', ''), coalesce(detail->>'Site', '')), chr(30))
                FILTER (WHERE kind = 'admission') AS spells,
              string_agg(concat_ws(chr(31), detail->>'Event type', left(occurred, 10), coalesce(left(end_date, 10), ''), coalesce(detail->>'Service type', ''),
                                   coalesce(detail->>'Cost frequency', ''), coalesce(detail->>'Planned units per week', ''), coalesce(detail->>'Client type', '')), chr(30))
                FILTER (WHERE kind IN ('care-request', 'care-assessment', 'care-service', 'care-review') AND detail->>'Event type' IN ('Request', 'Assessment', 'Service', 'Review')) AS care
         FROM record.entry WHERE person_id > $1 AND person_id <= $2 AND occurred IS NOT NULL AND occurred <> '' GROUP BY person_id`,
      range, { prepared: true },
    ),
    db.query<{ person_id: string }>(
      `SELECT DISTINCT r.person_id::text AS person_id FROM record.source_record r
        WHERE r.current AND r.person_id > $1 AND r.person_id <= $2 AND r.resource_type IN ('CldPerson', 'CouncilPerson')
          AND EXISTS (SELECT 1 FROM json_each_text(r.payload) f WHERE lower(f.key) = 'has_unpaid_carer' AND f.value ILIKE 'yes%')`,
      range, { prepared: true },
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
    if (a === undefined) continue;
    a.gpContacts = records(e.gp).map(([d]) => d ?? '');
    a.aeAttendances = records(e.ae).map(([d]) => d ?? '');
    a.communityContacts = records(e.community).map(([d]) => d ?? '');
    a.outpatients = records(e.outpatients).map(([date, attended]) => ({ date: date ?? '', attended: attended === '' || attended === 'Yes' }));
    a.medications = records(e.medications).map(([start, end]) => ({ start: orNull(start), end: orNull(end) }));
    a.conditions = records(e.conditions).map(([code, onset]) => ({ system: snomed, code: code ?? '', onset: orNull(onset) }));
    a.spells = records(e.spells).map(([start, end, method, site]) => ({ start: start ?? '', end: orNull(end), emergency: method?.startsWith('2') === true, acute: site !== 'Community hospital' }));
    a.care = records(e.care).map(([type, start, end, serviceType, frequency, units, client]) => {
      const hours = units === undefined || units === '' ? Number.NaN : Number(units);
      return {
        type: type as PersonActivity['care'][number]['type'], start: start ?? '', end: orNull(end), serviceType: orNull(serviceType),
        hoursPerWeek: frequency === 'Hourly' && Number.isFinite(hours) ? hours : null, carer: client?.startsWith('Carer') === true,
      };
    });
  }
  for (const row of carers.rows) {
    const a = byPerson.get(row.person_id);
    if (a) a.unpaidCarer = true;
  }
  // Someone no source gives a date of birth for cannot be scored (age is the first feature).
  return [...byPerson.values()].filter((a) => a.birthDate !== '');
}
