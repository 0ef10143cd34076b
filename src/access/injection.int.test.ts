// SQL injection probes on each backend: every search parameter of every FHIR type served, and the
// JSON API's person search and timeline filters, given the classic payloads (quotes, comments,
// parentheses, LIKE wildcards, backslashes, NUL, unicode, very long values) as a reader with a
// relationship to some people. Never a 5xx, never more than the reader may see, and the tables
// are all still there afterwards.
import { beforeAll, describe, expect, it } from 'vitest';
import { backends } from '../../test/support/databases.js';
import { fhirAppFor, type FhirAnswer } from '../../test/support/fhir.js';
import { seedLocality, type Locality } from '../../test/support/locality.js';
import { fhirSearchTypes, searchParameters } from '../record/index.js';

const payloads = [
  `' OR '1'='1`, `'; DROP TABLE people.person; --`, '1) OR (1=1', `1' OR 1=1 --`, `x' UNION SELECT id::text FROM people.person --`, '\\', '\\\\', '%', '_', '%25',
  '*', '$1', '/* */', 'a\u0000b', 'Ünïcödé 名前 🙂 \u202e', 'x'.repeat(4000),
];
/** The types every payload goes to; the other types served get the first three on every parameter. */
const probedFully = ['Patient', 'Encounter', 'Observation', 'Condition', 'EpisodeOfCare', 'ServiceRequest'];
/** Tables that an injected statement would most like to remove. */
const tables = ['people.person', 'people.identity', 'record.source_record', 'record.entry', 'access.account', 'access.relationship', 'access.audit_event'];

interface Entry { resource: { resourceType: string; id: string; subject?: { reference?: string }; patient?: { reference?: string } } }

describe.each(backends)('injection probes, on $name', (backend) => {
  const fhir = fhirAppFor(backend);
  let locality: Locality;
  const role = 'discharge-team';
  /** How many resources of each type the reader may see, and which Patient resources. */
  const seenCount = new Map<string, number>();
  const seenPatients = new Set<string>();
  const asReader = (path: string): Promise<FhirAnswer> => fhir.request('GET', path, undefined, { cookie: locality.as[role]?.headers.cookie ?? '' });

  beforeAll(async () => {
    if (!backend.available) return;
    const { app, db } = fhir.joinedUp();
    locality = await seedLocality(app, db);
    for (const type of fhirSearchTypes) seenCount.set(type, Number((await asReader(`${type}?_summary=count`)).body.total));
    for (const e of ((await asReader('Patient?_count=100')).body.entry ?? []) as Entry[]) seenPatients.add(e.resource.id);
  }, 120_000);

  const tableCounts = async (): Promise<Record<string, number>> => {
    const { db } = fhir.joinedUp();
    const counts: Record<string, number> = {};
    for (const t of tables) counts[t] = Number((await db.query<{ n: string }>(`SELECT count(*)::text AS n FROM ${t}`)).rows[0]?.n);
    // Every look-up is audited, so the trail only grows: that it is still there is what counts.
    counts['access.audit_event'] = 1;
    return counts;
  };

  it.skipIf(!backend.available)('answers every FHIR search parameter given an injection with 2xx or 4xx, and never more than the reader may see', async () => {
    // The reader sees some of the hospital's records, not all.
    expect(seenCount.get('Observation')).toBe(3);
    expect(seenPatients.size).toBeGreaterThan(0);
    const before = await tableCounts();
    const wrong: string[] = [];
    let probes = 0;
    for (const type of fhirSearchTypes) {
      const values = probedFully.includes(type) ? payloads : payloads.slice(0, 3);
      for (const [name, def] of searchParameters(type)) {
        const written = def.type === 'string' ? [name, `${name}:contains`, `${name}:exact`] : [name];
        for (const param of written) {
          for (const value of values) {
            const answer = await asReader(`${type}?${encodeURIComponent(param)}=${encodeURIComponent(value)}&_count=100`);
            probes++;
            const what = `${type}?${param}=${value.slice(0, 40)}: ${answer.status}`;
            if (answer.status >= 500) wrong.push(`${what} ${answer.text.slice(0, 200)}`);
            else if (answer.status >= 400 && answer.body.resourceType !== 'OperationOutcome') wrong.push(`${what}, not an OperationOutcome`);
            else if (answer.status === 200) {
              const found = (answer.body.entry ?? []) as Entry[];
              const own = found.filter((e) => e.resource.resourceType === type);
              if (own.length > (seenCount.get(type) ?? 0)) wrong.push(`${what}: ${own.length} ${type}, more than the ${seenCount.get(type)} the reader may see`);
              const patients = found.map((e) => (e.resource.resourceType === 'Patient' ? e.resource.id : (e.resource.subject ?? e.resource.patient)?.reference?.replace(/^Patient\//, '')));
              const unseen = patients.filter((p) => p !== undefined && !seenPatients.has(p));
              if (unseen.length > 0) wrong.push(`${what}: about ${unseen.join(', ')}, whom the reader may not see`);
            }
          }
        }
      }
    }
    expect(probes).toBeGreaterThan(1500);
    expect(wrong).toEqual([]);
    expect(await tableCounts()).toEqual(before);
  }, 120_000);

  it.skipIf(!backend.available)('answers the JSON API\'s person search and timeline filters given an injection with 200 or 400, holding only the people the reader may see', async () => {
    const visible = locality.visible(role);
    const before = await tableCounts();
    const wrong: string[] = [];
    const seen = [...visible][0] ?? 0;
    for (const value of [...payloads.filter((p) => p.length <= 200), `Jones' OR '1'='1`, `94347 65${'0'.repeat(3)}' --`, `BA1' OR 'x'='x`]) {
      const get = (url: string) => fhir.joinedUp().app.inject({ method: 'GET', url, headers: locality.as[role]?.headers ?? {} });
      const search = await get(`/api/people?q=${encodeURIComponent(value)}&limit=100`);
      if (search.statusCode !== 200 && search.statusCode !== 400) wrong.push(`q=${value.slice(0, 40)}: ${search.statusCode} ${search.body.slice(0, 200)}`);
      else if (search.statusCode === 400 && typeof search.json<{ code?: string }>().code !== 'string') wrong.push(`q=${value.slice(0, 40)}: a 400 that is not a problem`);
      else if (search.statusCode === 200) {
        const ids = search.json<{ results: { id: string }[] }>().results.map((r) => Number(r.id));
        if (ids.some((id) => !visible.has(id))) wrong.push(`q=${value.slice(0, 40)}: found people the reader may not see`);
      }
      for (const filter of ['source', 'kind', 'before']) {
        const timeline = await get(`/api/people/${seen}/timeline?${filter}=${encodeURIComponent(value)}`);
        if (timeline.statusCode >= 500) wrong.push(`timeline ${filter}=${value.slice(0, 40)}: ${timeline.statusCode} ${timeline.body.slice(0, 200)}`);
      }
    }
    expect(wrong).toEqual([]);
    expect(await tableCounts()).toEqual(before);
  });
});
