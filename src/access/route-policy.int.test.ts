// Who may call every route, generated from the app's own route table on each backend: every route
// declares its access; for every route and every kind of caller (no one, a system, each staff role)
// the answer is the one its declared access implies, for people the caller may see, may not see,
// and who do not exist; and no change is taken from a session cookie without its CSRF token.
import { beforeAll, describe, expect, it } from 'vitest';
import { backends } from '../../test/support/databases.js';
import { fhirAppFor } from '../../test/support/fhir.js';
import { seedLocality, type Locality } from '../../test/support/locality.js';
import { type RouteAccess, type RouteEntry, routeTable } from '../platform/index.js';
import { readsRecords, roles } from './index.js';

/**
 * Routes that declare no access, and why that is right. Each is GET/HEAD only and serves no person data.
 * - The API documentation (Swagger UI and the OpenAPI document it shows), served by @fastify/swagger-ui:
 *   public by design, generated from the route schemas.
 * - The web UI's built files (index.html and its hashed assets), served by @fastify/static: the UI
 *   itself asks the API, which checks the caller, for everything it shows.
 */
const undeclared: readonly { url: RegExp; why: string }[] = [
  { url: /^\/docs(\/|\/json|\/yaml|\/static\/index\.html|\/static\/swagger-initializer\.js|\/static\/\*)?$/, why: 'API documentation (Swagger UI), public by design' },
  { url: /^\/index\.html$/, why: 'the web UI page' },
  { url: /^\/assets\/[\w.-]+$/, why: 'the web UI\'s built, hashed files' },
];
const isUndeclared = (route: RouteEntry): boolean => undeclared.some((u) => u.url.test(route.url));

const unsafe = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
/** An NHS number that is valid but held for no one. */
const nobodysNhsNumber = '4010232137';
/** A person id (and merge, review, import id) that does not exist. */
const missing = 99_999_999;

/** Plausible input for routes that need some, so that the answer is about access, not a malformed request. */
const plausible = (ids: { into: number }): Record<string, { query?: string; body?: unknown; contentType?: string }> => ({
  'GET /api/people': { query: 'q=Jones' },
  'POST /api/break-glass': { body: { nhsNumber: nobodysNhsNumber, reason: 'Found collapsed at home, no carer present' } },
  'POST /api/break-glass/:id/review': { body: { outcome: 'appropriate' } },
  'POST /api/account/two-step/confirm': { body: { code: '000000' } },
  'POST /api/account/two-step/turn-off': { body: { code: '000000' } },
  'POST /api/oauth/authorize': { body: { decision: 'deny' } },
  'POST /api/linkage/reviews/:id/decision': { body: { decision: 'unsure' } },
  'POST /api/people/:id/merge': { body: { into: String(ids.into), reason: 'Same person: checked with the practice' } },
  'POST /api/merges/:id/undo': { body: {} },
  'POST /api/people/:id/consent': { body: { kind: 'restrict', organisationId: 'bay-icb', note: 'Recorded by the access matrix' } },
  'POST /api/people/:id/care-team': { body: { organisationId: 'bay-icb', reason: 'Added by the access matrix' } },
  'POST /api/people/:id/risk/decision': { body: { decision: 'exclude', reason: 'end-of-life' } },
  'POST /api/finance/charge': { body: { setting: 'residential', financial_year: '2024-25', person: { age: 80, pension_credit_age: true }, capital_pence: 0, income: [{ type: 'state_pension', amount_pence: 22_120, period: 'weekly' }], weekly_cost_pence: 80_000 } },
  'POST /api/people/:id/financial-assessments': { body: { setting: 'residential', financial_year: '2024-25', person: { age: 80, pension_credit_age: true }, capital_pence: 0, income: [{ type: 'state_pension', amount_pence: 22_120, period: 'weekly' }], weekly_cost_pence: 80_000 } },
  'POST /api/people/:id/carers': { body: { username: 'nobody-at-all' } },
  'POST /api/sources': { body: { id: 'matrix-source', name: 'Source added by the access matrix', kind: 'other' } },
  'POST /api/import': { query: 'source=no-such-source', body: 'nhs_number\n', contentType: 'text/csv' },
  'POST /api/finance/funds/:id/actuals': { body: { schemeId: 'matrix-scheme', kind: 'invoice', amountPence: 100, date: '2025-05-01', reference: 'MATRIX-1', idempotencyKey: 'matrix-actual' } },
  'POST /api/people/:id/personal-budgets': { body: { needs: { personal_care: 'some' }, deliveryMechanism: 'managed', start: '2025-06-02' } },
  'POST /api/people/:id/direct-payments': { body: { kind: 'payment', amountPence: 100, date: '2025-06-02', reference: 'MATRIX-DP', idempotencyKey: 'matrix-dp' } },
  'POST /api/people/:id/care-packages': { body: { fundId: 'matrix-fund', schemeId: 'matrix-scheme', weeklyCostPence: 100, start: '2025-06-02' } },
  'POST /api/finance/packages/:id/end': { body: { end: '2025-06-30' } },
  'POST /api/people/:id/health-budgets': { body: { kind: 'chc', weeklyPence: 100, management: 'notional', start: '2025-07-01' } },
});

/** Who calls: no one, the suite's system (system/*.cruds), or the signed-in account of a staff role. */
type Caller = { kind: 'anonymous' } | { kind: 'system' } | { kind: 'role'; role: string };
const callerName = (c: Caller): string => (c.kind === 'role' ? c.role : c.kind);

/** Which id goes in :id: a person the caller may see, one they may not, or an id that exists for nothing. */
type IdKind = 'seen' | 'unseen' | 'missing' | 'none';

/**
 * An answer's class: exactly this status; "let through" (the route ran: not 401/403, not 5xx); or
 * "the route's" (any answer but a 5xx: the route itself decides, as a route for a person's own
 * account, signed-in access, does for a system).
 */
type Expected = { status: number } | 'let-through' | 'the-routes';

/** What the declared access implies for this caller and id. */
function expectedAnswer(access: RouteAccess, method: string, url: string, caller: Caller, id: IdKind): Expected {
  if (access === 'public' || access === 'fhir') throw new Error('public and FHIR routes are not in the matrix');
  if (caller.kind === 'anonymous') return { status: 401 };
  if (access === 'signed-in') return caller.kind === 'system' ? 'the-routes' : 'let-through';
  if (access === 'person-data') {
    if (caller.kind === 'role' && !readsRecords(caller.role)) return { status: 403 };
    if (id === 'unseen' || id === 'missing') return { status: 404 };
    // A person the caller may see: a one-person read answers it.
    return method === 'GET' && /\/people\/:id/.test(url) ? { status: 200 } : 'let-through';
  }
  if (caller.kind === 'system') return { status: 403 };
  if (!access.roles.includes(caller.role)) return { status: 403 };
  // Roles reading or changing person data: only the people they may see.
  if (access.personData === true && (id === 'unseen' || id === 'missing')) return { status: 404 };
  return 'let-through';
}

const fits = (expected: Expected, status: number): boolean =>
  status < 500 && (expected === 'the-routes' || (expected === 'let-through' ? status !== 401 && status !== 403 : status === expected.status));

describe.each(backends)('the access of every route, on $name', (backend) => {
  const fhir = fhirAppFor(backend);
  let locality: Locality;
  beforeAll(async () => {
    if (!backend.available) return;
    const { app, db } = fhir.joinedUp();
    locality = await seedLocality(app, db);
  }, 120_000);

  const headersOf = (caller: Caller): Record<string, string> => {
    if (caller.kind === 'anonymous') return {};
    if (caller.kind === 'system') return { authorization: fhir.authorization() };
    return { ...locality.as[caller.role]?.headers };
  };
  const call = async (method: string, url: string, caller: Caller, input: { query?: string; body?: unknown; contentType?: string } = {}) => {
    const hasBody = input.body !== undefined;
    const response = await fhir.joinedUp().app.inject({
      method: method as 'GET', url: input.query ? `${url}?${input.query}` : url,
      headers: { ...headersOf(caller), ...(hasBody ? { 'content-type': input.contentType ?? 'application/json' } : {}) },
      ...(hasBody ? { payload: typeof input.body === 'string' ? input.body : JSON.stringify(input.body) } : {}),
    });
    return response;
  };

  it.skipIf(!backend.available)('has every route declare who may call it, but for the documentation and the web UI\'s own files', () => {
    const table = routeTable(fhir.joinedUp().app);
    expect(table.length).toBeGreaterThan(40);
    const silent = table.filter((r) => r.access === undefined && !isUndeclared(r)).map((r) => `${r.methods.join(',')} ${r.url}`);
    expect(silent, 'routes that declare no config.access').toEqual([]);
    // What may go undeclared only reads, and is there.
    const exempt = table.filter((r) => r.access === undefined);
    expect(exempt.filter((r) => r.methods.some((m) => m !== 'GET' && m !== 'HEAD')).map((r) => r.url)).toEqual([]);
    expect(exempt.some((r) => r.url === '/docs/json')).toBe(true);
    // A declared list of roles names only roles there are.
    for (const r of table) {
      if (typeof r.access === 'object') expect(r.access.roles.filter((role) => !(roles as readonly string[]).includes(role)), r.url).toEqual([]);
    }
  });

  it.skipIf(!backend.available)('answers every caller of every route as the route\'s declared access says: 401, 403, 404 for the unseen, never 5xx', async () => {
    const table = routeTable(fhir.joinedUp().app);
    const callers: Caller[] = [{ kind: 'anonymous' }, { kind: 'system' }, ...roles.map((role): Caller => ({ kind: 'role', role }))];
    const unseenByAll = locality.person.lu ?? 0;
    const lines: string[] = [];
    const wrong: string[] = [];
    let calls = 0;
    for (const route of table) {
      const access = route.access;
      if (access === undefined || access === 'public' || access === 'fhir') continue;
      // HEAD is Fastify's copy of the GET route, with the same config: the GET stands for it.
      for (const method of route.methods.filter((m) => m !== 'HEAD')) {
        for (const caller of callers) {
          const visible = caller.kind === 'role' ? [...locality.visible(caller.role)] : locality.personIds;
          const personRoute = /\/people\/:id/.test(route.url);
          const kinds: IdKind[] = !route.url.includes(':id') ? ['none']
            : !personRoute ? ['missing']
              : caller.kind === 'system' ? ['seen', 'missing'] : ['seen', 'unseen', 'missing'];
          for (const kind of kinds) {
            const seen = visible[0] ?? locality.person.kit ?? 0;
            const id = kind === 'seen' ? seen : kind === 'unseen' ? unseenByAll : missing;
            const url = route.url.replace(':id', String(id));
            const input = plausible({ into: caller.kind === 'system' ? missing : unseenByAll })[`${method} ${route.url}`] ?? {};
            const response = await call(method, url, caller, input);
            calls++;
            const expected = expectedAnswer(access, method, route.url, caller, kind);
            const ok = fits(expected, response.statusCode);
            const line = `${ok ? '  ' : '✗ '}${callerName(caller).padEnd(22)} ${`${method} ${route.url}`.padEnd(44)} ${kind.padEnd(7)} expected ${typeof expected === 'string' ? expected : expected.status}, got ${response.statusCode}`;
            lines.push(line);
            if (!ok) wrong.push(`${line}: ${response.body.slice(0, 200)}`);
          }
        }
      }
    }
    expect(calls).toBeGreaterThan(300);
    expect(wrong, `the matrix:\n${lines.join('\n')}`).toEqual([]);
  }, 120_000);

  it.skipIf(!backend.available)('refuses callers before it looks at what they sent: 401 and 403, not 400, for input that is not valid', async () => {
    const table = routeTable(fhir.joinedUp().app);
    const wrong: string[] = [];
    for (const route of table) {
      const access = route.access;
      if (access === undefined || access === 'public' || access === 'fhir') continue;
      for (const method of route.methods.filter((m) => m !== 'HEAD')) {
        // Not an id, no required query, a body of the wrong shape.
        const url = route.url.replace(/:\w+/g, 'not-an-id');
        const input = unsafe.has(method) ? { body: { unexpected: true } } : {};
        const anonymous = await call(method, url, { kind: 'anonymous' }, input);
        if (anonymous.statusCode !== 401) wrong.push(`anonymous ${method} ${route.url}: ${anonymous.statusCode}`);
        if (typeof access === 'object' || access === 'person-data') {
          // A role the route is not for: a commissioner reads no records; a list of roles leaves others out.
          const outsider = typeof access === 'object' ? roles.find((r) => !access.roles.includes(r)) ?? 'commissioner' : 'commissioner';
          const refused = await call(method, url, { kind: 'role', role: outsider }, input);
          if (refused.statusCode !== 403) wrong.push(`${outsider} ${method} ${route.url}: ${refused.statusCode}`);
        }
      }
    }
    expect(wrong).toEqual([]);
  });

  it.skipIf(!backend.available)('refuses every change made with a session cookie but no CSRF token, on every route that takes changes', async () => {
    const table = routeTable(fhir.joinedUp().app);
    const admin = locality.as.administrator?.headers.cookie ?? '';
    const wrong: string[] = [];
    let routes = 0;
    for (const route of table) {
      for (const method of route.methods.filter((m) => unsafe.has(m))) {
        // Signing in takes no CSRF token: there is no session to take it from yet.
        if (method === 'POST' && route.url === '/api/session') continue;
        const url = route.url.replace(/:\w+/g, '1').replace(/\*$/, 'Patient');
        const input = route.url === '/api/sources' ? { body: { id: 'matrix-source-csrf', name: 'Never registered', kind: 'other' } }
          : plausible({ into: 1 })[`${method} ${route.url}`] ?? { body: {} };
        const response = await fhir.joinedUp().app.inject({
          method: method as 'POST', url: input.query ? `${url}?${input.query}` : url,
          headers: { cookie: admin, 'content-type': input.contentType ?? (url.startsWith('/fhir/') ? 'application/fhir+json' : 'application/json') },
          payload: typeof input.body === 'string' ? input.body : JSON.stringify(input.body ?? {}),
        });
        routes++;
        const body = response.json<Record<string, unknown>>();
        // As a problem (csrf_token_invalid), an OperationOutcome (FHIR) or an RFC 6749 error (the token endpoint).
        const refused = response.statusCode === 403 && (url.startsWith('/fhir/') ? body.resourceType === 'OperationOutcome' && response.body.includes('CSRF')
          : url === '/oauth/token' ? body.error === 'invalid_request' && response.body.includes('CSRF') : body.code === 'csrf_token_invalid');
        if (!refused) wrong.push(`${method} ${route.url}: ${response.statusCode} ${response.body.slice(0, 200)}`);
      }
    }
    expect(routes).toBeGreaterThan(15);
    expect(wrong).toEqual([]);
    // Nothing was changed: the source the administrator "registered" is not there.
    const { rows } = await fhir.joinedUp().db.query(`SELECT 1 FROM people.source_system WHERE id = 'matrix-source-csrf'`);
    expect(rows).toEqual([]);
  });
});
