/**
 * What commissioners and analysts see: pseudonymised rows and aggregates, never names, addresses,
 * dates of birth or NHS numbers. A person's pseudonym is an HMAC-SHA256 of their person id under this
 * installation's own key (made on first use, kept in the database), so it is the same in every
 * extract and cannot be turned back into the person without the key. People who object to sharing
 * (a dissent directive in force) are left out, as the national data opt-out leaves them out of
 * planning data. Aggregates follow the disclosure control NHS England applies to published Hospital
 * Episode Statistics: counts from 1 to 7 are suppressed and the rest rounded to the nearest 5.
 */
import { createHmac, randomBytes } from 'node:crypto';
import type { Queryable } from '../platform/index.js';

export const disclosureControl = { suppressBelow: 8, roundTo: 5 } as const;

/** Activity counted over the year before `today`, by the record's timeline kinds. */
const activity = { aeAttendances: 'ae-attendance', admissions: 'admission', gpContacts: 'gp-contact', communityVisits: 'community-visit', careServices: 'care-service' } as const;
type Activity = Record<keyof typeof activity, number>;

export interface PseudonymisedPerson {
  pseudonym: string;
  ageBand: string | null;
  sex: string | null;
  /** The outward code of the postcode (e.g. "ZQ1"), never the whole postcode. */
  postcodeDistrict: string | null;
  practice: string | null;
  deceased: boolean;
  /** The kinds of system that hold records of them (gp, hospital, community, council). */
  sources: string[];
  activity: Activity;
}

async function pseudonymKey(db: Queryable): Promise<Buffer> {
  await db.query('INSERT INTO access.pseudonym_key (key) VALUES ($1) ON CONFLICT (id) DO NOTHING', [randomBytes(32)]);
  const { rows } = await db.query<{ key: Uint8Array }>('SELECT key FROM access.pseudonym_key');
  return Buffer.from(rows[0]?.key ?? new Uint8Array());
}

export const pseudonymOf = (key: Buffer, personId: number): string => `P${createHmac('sha256', key).update(`person:${personId}`).digest('hex').slice(0, 20)}`;

/** Five-year bands to 90, then "90+". */
export function ageBand(age: number | null): string | null {
  if (age === null || age < 0) return null;
  if (age >= 90) return '90+';
  const low = Math.floor(age / 5) * 5;
  return `${low}-${low + 4}`;
}

interface Row {
  person_id: number; age: number | null; sex: string | null; postcode: string | null; practice: string | null; deceased: boolean; sources: string[];
  ae: number; admissions: number; gp: number; community: number; care: number;
}

const peopleSql = `
  WITH chosen AS (
    SELECT p.id FROM people.person p
     WHERE EXISTS (SELECT 1 FROM people.identity i WHERE i.person_id = p.id) AND p.id > $1
       AND NOT EXISTS (SELECT 1 FROM people.identity ci JOIN access.consent_directive cd ON cd.identity_id = ci.id
                        WHERE ci.person_id = p.id AND cd.kind = 'dissent' AND cd.withdrawn_at IS NULL)
     ORDER BY p.id LIMIT $2)
  SELECT c.id AS person_id,
         (SELECT extract(year FROM age($3::date, min(i.birth_date)))::int FROM people.identity i WHERE i.person_id = c.id) AS age,
         (SELECT i.sex FROM people.identity i WHERE i.person_id = c.id AND i.sex IS NOT NULL ORDER BY (i.source_id <> 'gp'), i.id LIMIT 1) AS sex,
         (SELECT i.postcode FROM people.identity i WHERE i.person_id = c.id AND i.postcode IS NOT NULL ORDER BY (i.source_id <> 'gp'), i.id LIMIT 1) AS postcode,
         (SELECT i.practice FROM people.identity i WHERE i.person_id = c.id AND i.practice IS NOT NULL ORDER BY i.id LIMIT 1) AS practice,
         EXISTS (SELECT 1 FROM people.identity i WHERE i.person_id = c.id AND i.deceased IS NOT NULL) AS deceased,
         (SELECT array_agg(DISTINCT s.kind ORDER BY s.kind) FROM people.identity i JOIN people.source_system s ON s.id = i.source_id WHERE i.person_id = c.id) AS sources,
         count(*) FILTER (WHERE e.kind = 'ae-attendance')::int AS ae, count(*) FILTER (WHERE e.kind = 'admission')::int AS admissions,
         count(*) FILTER (WHERE e.kind = 'gp-contact')::int AS gp, count(*) FILTER (WHERE e.kind = 'community-visit')::int AS community,
         count(*) FILTER (WHERE e.kind = 'care-service')::int AS care
    FROM chosen c LEFT JOIN record.entry e ON e.person_id = c.id AND e.occurred >= $4 AND e.occurred <= $3::text
     AND e.kind = ANY($5::text[])
   GROUP BY c.id ORDER BY c.id`;

/** A page of pseudonymised rows; `after` is the `next` of the previous page. */
export async function pseudonymisedPeople(
  db: Queryable,
  page: { limit?: number; after?: string; today?: Date } = {},
): Promise<{ people: PseudonymisedPerson[]; next: string | null }> {
  const key = await pseudonymKey(db);
  const limit = Math.min(Math.max(page.limit ?? 500, 1), 5000);
  const today = (page.today ?? new Date()).toISOString().slice(0, 10);
  const yearAgo = new Date(Date.parse(today) - 365 * 86_400_000).toISOString().slice(0, 10);
  const after = page.after === undefined ? 0 : Number(Buffer.from(page.after, 'base64url').toString('utf8'));
  const { rows } = await db.query<Row>(peopleSql, [Number.isSafeInteger(after) ? after : 0, limit + 1, today, yearAgo, Object.values(activity)]);
  const people = rows.slice(0, limit).map((r) => ({
    pseudonym: pseudonymOf(key, r.person_id), ageBand: ageBand(r.age), sex: r.sex, postcodeDistrict: r.postcode?.trim().split(/\s+/)[0] ?? null,
    practice: r.practice, deceased: r.deceased, sources: r.sources,
    activity: { aeAttendances: r.ae, admissions: r.admissions, gpContacts: r.gp, communityVisits: r.community, careServices: r.care },
  }));
  const last = rows[limit - 1];
  return { people, next: rows.length > limit && last ? Buffer.from(String(last.person_id)).toString('base64url') : null };
}

/** A count as it may be published: null (suppressed) from 1 to 7, otherwise rounded to the nearest 5. */
export function disclosed(n: number): number | null {
  if (n === 0) return 0;
  if (n < disclosureControl.suppressBelow) return null;
  return Math.round(n / disclosureControl.roundTo) * disclosureControl.roundTo;
}

export interface PopulationCell {
  practice: string | null;
  ageBand: string | null;
  sex: string | null;
  /** null when suppressed. */
  people: number | null;
  aeAttendances: number | null;
  admissions: number | null;
}

/** The population by practice, age band and sex, with A&E attendances and admissions over the year, under disclosure control. */
export async function populationSummary(db: Queryable, today = new Date()): Promise<PopulationCell[]> {
  const cells = new Map<string, { practice: string | null; ageBand: string | null; sex: string | null; people: number; ae: number; admissions: number }>();
  let after: string | undefined;
  for (;;) {
    const page = await pseudonymisedPeople(db, { limit: 5000, today, ...(after !== undefined ? { after } : {}) });
    for (const p of page.people) {
      if (p.deceased) continue;
      const k = `${p.practice ?? ''}|${p.ageBand ?? ''}|${p.sex ?? ''}`;
      const cell = cells.get(k) ?? { practice: p.practice, ageBand: p.ageBand, sex: p.sex, people: 0, ae: 0, admissions: 0 };
      cell.people++;
      cell.ae += p.activity.aeAttendances;
      cell.admissions += p.activity.admissions;
      cells.set(k, cell);
    }
    if (page.next === null) break;
    after = page.next;
  }
  const band = (b: string | null): number => (b === null ? 999 : Number.parseInt(b, 10));
  return [...cells.values()]
    .sort((a, b) => (a.practice ?? '').localeCompare(b.practice ?? '') || band(a.ageBand) - band(b.ageBand) || (a.sex ?? '').localeCompare(b.sex ?? ''))
    .map((c) => ({ practice: c.practice, ageBand: c.ageBand, sex: c.sex, people: disclosed(c.people), aeAttendances: disclosed(c.ae), admissions: disclosed(c.admissions) }));
}
