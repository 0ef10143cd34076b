/**
 * Finding a person: by NHS number (with or without spaces), date of birth (YYYY-MM-DD or
 * DD/MM/YYYY), postcode (whole or a sector), or name, tolerant of typos (trigram similarity over
 * "given family", so word order and a slipped letter or two do not matter).
 */
import { everyone, type PersonScope, type Queryable } from '../platform/index.js';
import { ageOn } from './age.js';
import { sourcePriority } from './people-view.js';

export type SearchKind = 'name' | 'nhs-number' | 'birth-date' | 'postcode';

export interface PersonMatch {
  id: string;
  name: string;
  nhsNumber: string | null;
  birthDate: string | null;
  age: number | null;
  sex: string | null;
  postcode: string | null;
  practice: string | null;
  sources: string[];
}

export interface SearchResult {
  results: PersonMatch[];
  query: { kind: SearchKind; text: string };
}

/** Why a query cannot be searched, for a 400 answer. */
export class SearchQueryError extends Error {}

const ukDate = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/;
const isoDate = /^\d{4}-\d{2}-\d{2}$/;
const postcodeLike = /^[A-Z]{1,2}\d[A-Z\d]?(\s*\d([A-Z]{2})?)?$/;

/** What kind of query this is, and its normalised text. */
export function interpretQuery(raw: string): { kind: SearchKind; text: string } {
  const q = raw.trim().replace(/\s+/g, ' ');
  if (q.length < 2) throw new SearchQueryError('Type at least two characters: a name, an NHS number, a date of birth or a postcode.');
  const uk = ukDate.exec(q);
  const iso = isoDate.test(q) ? q : uk ? `${uk[3] ?? ''}-${(uk[2] ?? '').padStart(2, '0')}-${(uk[1] ?? '').padStart(2, '0')}` : undefined;
  if (iso !== undefined) {
    const d = new Date(`${iso}T00:00:00Z`);
    if (Number.isNaN(d.getTime()) || d.toISOString().slice(0, 10) !== iso) throw new SearchQueryError(`"${q}" is not a real date.`);
    return { kind: 'birth-date', text: iso };
  }
  const digits = q.replace(/[\s-]/g, '');
  if (/^\d{10}$/.test(digits)) return { kind: 'nhs-number', text: digits };
  if (/^\d+$/.test(digits)) throw new SearchQueryError(`"${q}" is not an NHS number: an NHS number has 10 digits.`);
  const upper = q.toUpperCase();
  if (postcodeLike.test(upper)) {
    const compact = upper.replace(/\s/g, '');
    const spaced = compact.length >= 5 && /\d[A-Z]{2}$/.test(compact) ? `${compact.slice(0, -3)} ${compact.slice(-3)}` : upper;
    return { kind: 'postcode', text: spaced };
  }
  return { kind: 'name', text: q.toLowerCase() };
}

interface Row {
  person_id: number;
  source_id: string;
  nhs_number: string | null;
  family: string | null;
  given: string | null;
  birth_date: string | null;
  sex: string | null;
  postcode: string | null;
  practice: string | null;
  score: number;
}

/** Searches the person index for people within `scope`; at most `limit` people, best first. */
export async function searchPeople(db: Queryable, raw: string, limit = 20, scope: PersonScope = everyone, today = new Date()): Promise<SearchResult> {
  const query = interpretQuery(raw);
  const select = `SELECT i.person_id, i.source_id, i.nhs_number, i.family, i.given, i.birth_date::text AS birth_date, i.sex, i.postcode, i.practice`;
  let people: Row[];
  if (query.kind === 'name') {
    // People whose names sound like every word of the query (Double Metaphone keys, a small index
    // lookup at any size), best first by trigram similarity; if none do, trigram matches alone.
    const byName = (where: string): Promise<{ rows: Row[] }> => {
      const params: unknown[] = [query.text, limit];
      return db.query<Row>(
        `WITH hits AS (
           SELECT x.person_id, max(similarity(x.search_name, $1)) AS score FROM people.identity x
            WHERE ${where} AND ${scope.condition('x.person_id', params)} GROUP BY x.person_id ORDER BY score DESC, x.person_id LIMIT $2)
         ${select}, h.score FROM hits h JOIN people.identity i ON i.person_id = h.person_id`,
        params,
      );
    };
    people = (await byName("x.name_keys @> people.query_keys($1) AND cardinality(people.query_keys($1)) > 0")).rows;
    if (people.length === 0) people = (await byName('x.search_name % $1')).rows;
  } else {
    const where = query.kind === 'nhs-number' ? 'x.nhs_number = $1' : query.kind === 'birth-date' ? 'x.birth_date = $1::date' : query.text.includes(' ') && query.text.length >= 6 ? 'x.postcode = $1' : "x.postcode LIKE $1 || '%'";
    const params: unknown[] = [query.text, limit];
    people = (
      await db.query<Row>(
        `WITH hits AS (SELECT DISTINCT x.person_id FROM people.identity x WHERE ${where} AND ${scope.condition('x.person_id', params)} ORDER BY x.person_id LIMIT $2)
         ${select}, 1::float8 AS score FROM hits h JOIN people.identity i ON i.person_id = h.person_id`,
        params,
      )
    ).rows;
  }
  const byPerson = new Map<number, Row[]>();
  for (const row of people) byPerson.set(row.person_id, [...(byPerson.get(row.person_id) ?? []), row]);
  const results = [...byPerson.values()]
    .map((rows) => {
      const ordered = [...rows].sort((a, b) => sourcePriority(a.source_id) - sourcePriority(b.source_id));
      const pick = <K extends keyof Row>(k: K): Row[K] | null => ordered.find((r) => r[k] !== null)?.[k] ?? null;
      const birth = pick('birth_date');
      const name = `${pick('given') ?? ''} ${pick('family') ?? ''}`.trim() || 'Name not recorded';
      return {
        score: Math.max(...rows.map((r) => r.score)),
        match: {
          id: String(rows[0]?.person_id ?? ''),
          name,
          nhsNumber: pick('nhs_number'),
          birthDate: birth,
          age: birth ? ageOn(birth, today) : null,
          sex: pick('sex'),
          postcode: pick('postcode'),
          practice: pick('practice'),
          sources: [...new Set(ordered.map((r) => r.source_id))],
        },
      };
    })
    .sort((a, b) => b.score - a.score || Number(a.match.id) - Number(b.match.id))
    .map((r) => r.match);
  return { results, query };
}

/** Whether a person exists and is within `scope`: the check every one-person route makes first (404 otherwise). */
export async function maySeePerson(db: Queryable, scope: PersonScope, personId: number): Promise<boolean> {
  const params: unknown[] = [personId];
  const { rows } = await db.query(`SELECT 1 FROM people.person p WHERE p.id = $1 AND ${scope.condition('p.id', params)}`, params);
  return rows.length > 0;
}
