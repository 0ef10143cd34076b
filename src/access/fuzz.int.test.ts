// Property-based fuzzing on each backend (fast-check, seeded so that a failure can be replayed):
// arbitrary query strings and JSON bodies to the JSON API's routes that take input from people
// (sign-in, person search and timeline, break-glass and its review, merge, linkage decisions), and
// arbitrary FHIR searches. Whatever is sent, never a 5xx; a refusal is a problem detail (JSON API)
// or an OperationOutcome (FHIR).
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { backends } from '../../test/support/databases.js';
import { fhirAppFor } from '../../test/support/fhir.js';
import { localPeople, seedLocality, type Locality } from '../../test/support/locality.js';
import { fhirSearchTypes, searchParameters } from '../record/index.js';

/** Replays the same cases every run: change it (or set FUZZ_SEED) to explore further. */
const seed = Number(process.env.FUZZ_SEED ?? 20261201);
const runs = (n: number) => ({ numRuns: n, seed, endOnFailure: true });

/** Any text, now and then with a control character (NUL among them) inside words. */
const text = fc.oneof(
  { arbitrary: fc.string({ unit: 'binary', maxLength: 60 }), weight: 4 },
  { arbitrary: fc.tuple(fc.string({ minLength: 2, maxLength: 20 }), fc.constantFrom('\u0000', '\u0001', '\u001f', '\u007f', '\ufffd', '\ud83d\ude42'), fc.string({ maxLength: 20 })).map(([a, c, b]) => `${a}${c}${b}`), weight: 1 },
);
/** What a person might type, and what no one would: digits, dates, names, wildcards, NUL, anything. */
const searchText = fc.oneof(
  text, fc.stringMatching(/^\d{1,12}$/), fc.constantFrom(...localPeople.flatMap((p) => [p.family, p.nhsNumber, p.birthDate, p.postcode])),
  fc.date({ noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10)), fc.constantFrom('%', '_', '\\', "'", '"', '--', '*', '\u0000'),
);
/** A JSON body of any shape, or the fields a route expects holding anything, or not JSON at all. */
const body = (fields: Record<string, fc.Arbitrary<unknown>>) => fc.oneof(
  fc.jsonValue().map((v) => JSON.stringify(v)),
  fc.record(fields, { requiredKeys: [] }).map((v) => JSON.stringify(v)),
  text,
);
const anyValue = fc.oneof(text, fc.integer(), fc.double(), fc.boolean(), fc.constant(null), fc.jsonValue());

describe.each(backends)('fuzzing the API, on $name', (backend) => {
  const fhir = fhirAppFor(backend);
  let locality: Locality;
  let address = 0;
  /** The statuses each route answered, to show the cases reach past validation. */
  const answers: Record<string, Set<number>> = {};
  beforeAll(async () => {
    if (!backend.available) return;
    const { app, db } = fhir.joinedUp();
    locality = await seedLocality(app, db);
  }, 120_000);

  /** Sends a request as a role; checks the answer is no 5xx, and that a refusal is a problem detail. */
  const send = async (route: string, role: string | undefined, method: 'GET' | 'POST', url: string, payload?: string): Promise<number> => {
    const response = await fhir.joinedUp().app.inject({
      method, url, remoteAddress: `10.77.${Math.floor(++address / 250) % 250}.${address % 250}`,
      headers: { ...(role ? locality.as[role]?.headers : {}), ...(payload !== undefined ? { 'content-type': 'application/json' } : {}) },
      ...(payload !== undefined ? { payload } : {}),
    });
    const what = `${method} ${url} ${payload?.slice(0, 200) ?? ''}: ${response.statusCode} ${response.body.slice(0, 300)}`;
    expect(response.statusCode, what).toBeLessThan(500);
    if (response.statusCode >= 400) {
      const problem = response.json<Record<string, unknown>>();
      expect(problem, what).toMatchObject({ type: expect.stringMatching(/^\/api\/problems\//) as string, title: expect.any(String) as string, status: response.statusCode, code: expect.any(String) as string });
    }
    (answers[route] ??= new Set()).add(response.statusCode);
    return response.statusCode;
  };
  const query = (pairs: readonly (readonly [string, string])[]): string => new URLSearchParams(pairs.map(([k, v]): [string, string] => [k, v])).toString();

  it.skipIf(!backend.available)('answers any person search and any timeline query without a 5xx', async () => {
    await fc.assert(fc.asyncProperty(searchText, fc.option(fc.oneof(fc.integer({ min: -5, max: 500 }).map(String), text)), async (q, limit) => {
      expect([200, 400]).toContain(await send('GET /api/people', 'gp', 'GET', `/api/people?${query([['q', q], ...(limit !== null ? [['limit', limit] as const] : [])])}`));
    }), runs(200));
    const ann = locality.person.ann ?? 0;
    const params = fc.array(fc.tuple(fc.constantFrom('source', 'kind', 'before', 'limit', 'q', 'x'), fc.oneof(text, searchText)), { maxLength: 4 });
    await fc.assert(fc.asyncProperty(params, async (pairs) => {
      await send('GET /api/people/:id/timeline', 'gp', 'GET', `/api/people/${ann}/timeline?${query(pairs)}`);
    }), runs(200));
  });

  it.skipIf(!backend.available)('answers any sign-in attempt without a 5xx', async () => {
    // Every attempt costs a password hash, so fewer runs.
    await fc.assert(fc.asyncProperty(body({ username: fc.oneof(text, fc.constant('test-gp-1')), password: anyValue, code: anyValue }), async (payload) => {
      expect([200, 400, 401, 423, 429]).toContain(await send('POST /api/session', undefined, 'POST', '/api/session', payload));
    }), runs(100));
  });

  it.skipIf(!backend.available)('answers any break-glass request and any review of one without a 5xx', async () => {
    const nhsNumber = fc.oneof(text, fc.stringMatching(/^\d{10}$/), fc.constantFrom(...localPeople.map((p) => p.nhsNumber)));
    await fc.assert(fc.asyncProperty(body({ nhsNumber, reason: fc.oneof(text, fc.lorem()), hours: anyValue }), async (payload) => {
      await send('POST /api/break-glass', 'home-care-provider', 'POST', '/api/break-glass', payload);
    }), runs(200));
    const id = fc.oneof(fc.integer({ min: 0, max: 50 }).map(String), fc.stringMatching(/^\d{1,20}$/), text);
    await fc.assert(fc.asyncProperty(id, body({ outcome: fc.oneof(text, fc.constantFrom('appropriate', 'inappropriate')), note: fc.oneof(text, anyValue) }), async (which, payload) => {
      await send('POST /api/break-glass/:id/review', 'ig-lead', 'POST', `/api/break-glass/${encodeURIComponent(which)}/review`, payload);
    }), runs(200));
  });

  it.skipIf(!backend.available)('answers any merge and any linkage decision without a 5xx', async () => {
    const person = fc.oneof(fc.constantFrom(...locality.personIds.map(String)), fc.stringMatching(/^\d{1,20}$/), text);
    await fc.assert(fc.asyncProperty(person, body({ into: fc.oneof(person, anyValue), reason: fc.oneof(text, anyValue) }), async (from, payload) => {
      await send('POST /api/people/:id/merge', 'gp', 'POST', `/api/people/${encodeURIComponent(from)}/merge`, payload);
    }), runs(200));
    await fc.assert(fc.asyncProperty(fc.oneof(fc.integer({ min: 0, max: 50 }).map(String), text), body({ decision: fc.oneof(text, fc.constantFrom('same', 'different', 'unsure')), note: anyValue }), async (which, payload) => {
      await send('POST /api/linkage/reviews/:id/decision', 'administrator', 'POST', `/api/linkage/reviews/${encodeURIComponent(which)}/decision`, payload);
    }), runs(200));
  });

  it.skipIf(!backend.available)('reaches past validation: every route fuzzed answered some cases with more than a 400', () => {
    const statuses = Object.fromEntries(Object.entries(answers).map(([route, seen]) => [route, [...seen].sort()]));
    expect(Object.keys(statuses)).toHaveLength(7);
    for (const [route, seen] of Object.entries(statuses)) expect(seen.filter((s) => s !== 400), `${route}: ${seen.join(' ')}`).not.toEqual([]);
  });

  it.skipIf(!backend.available)('answers any FHIR search without a 5xx, refusing with an OperationOutcome', async () => {
    const known = [...new Set(fhirSearchTypes.flatMap((t) => [...searchParameters(t).keys()]))];
    const name = fc.oneof(
      fc.constantFrom(...known), fc.constantFrom('_count', '_sort', '_include', '_revinclude', '_summary', '_elements', '_total', '_cursor', '_format', '_has:Encounter:subject:status'),
      fc.tuple(fc.constantFrom(...known), fc.constantFrom('missing', 'exact', 'contains', 'not', 'text', 'above', 'below', 'in', 'identifier', 'Patient', 'x')).map(([n, m]) => `${n}:${m}`),
      fc.tuple(fc.constantFrom('subject', 'patient', 'general-practitioner'), fc.constantFrom(...known)).map(([a, b]) => `${a}.${b}`),
      text,
    );
    const value = fc.oneof(
      text, fc.constantFrom('eq2020', 'ge2020-01-01', 'lt2020-13-45', 'ap1e400', 'gt-0', 'Patient/1', 'http://loinc.org|8867-4', '|', ',', '$', '\\,', '\\|'),
      fc.tuple(fc.constantFrom('eq', 'ne', 'gt', 'lt', 'ge', 'le', 'sa', 'eb', 'ap', ''), fc.oneof(fc.double().map(String), fc.date({ noInvalidDate: true }).map((d) => d.toISOString()))).map(([p, v]) => `${p}${v}`),
    );
    await fc.assert(fc.asyncProperty(fc.constantFrom(...fhirSearchTypes), fc.array(fc.tuple(name, value), { maxLength: 4 }), async (type, pairs) => {
      const answer = await fhir.request('GET', `${type}?${query(pairs)}`, undefined, { cookie: locality.as['discharge-team']?.headers.cookie ?? '' });
      const what = `${type}?${query(pairs)}: ${answer.status} ${answer.text.slice(0, 300)}`;
      expect(answer.status, what).toBeLessThan(500);
      if (answer.status >= 400) expect(answer.body.resourceType, what).toBe('OperationOutcome');
    }), runs(200));
  });
});
