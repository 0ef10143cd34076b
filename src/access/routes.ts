/**
 * Sign-in over HTTP: POST /api/session signs in (an HTTP-only, SameSite=Strict cookie carries the
 * session), GET tells who is signed in, DELETE signs out. For every request the session cookie, if
 * any, says who is acting (request.signedIn, for every capability's routes), and a change made with
 * it must carry the session's CSRF token in X-CSRF-Token. Sign-ins are limited to 10 a minute from
 * one address, and every sign-in, failed sign-in and sign-out is in the audit trail.
 *
 * A request with `Authorization: Bearer <access token>` (OAuth 2.0, see routes/oauth-routes.ts) acts
 * for whoever the token was issued to: a system (request.system) or the person an app acts for
 * (request.signedIn), with the token's SMART scopes (request.scopes). It needs no CSRF token, as no
 * cookie is used; a token that does not verify is refused with 401 and WWW-Authenticate (RFC 6750 §3).
 */
import cookie from '@fastify/cookie';
import rateLimit from '@fastify/rate-limit';
import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import fp from 'fastify-plugin';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { maySeePerson } from '../people/index.js';
import { AppError, actorOf, everyone, type RouteAccess, type RouteDeps, type SignedIn } from '../platform/index.js';
import { endSession, roleNames, sessionOf, signIn, type SignInOutcome } from './accounts.js';
import { accessError } from './errors.js';
import { bearerAuthenticator } from './oauth/bearer.js';
import { scopesAllow } from './oauth/scopes.js';
import { TokenError, tokenService } from './oauth/tokens.js';
import {
  breakGlass, breakGlassById, breakGlassHours, ownPersonOf, breakGlassToReview, careRoles, listBreakGlass, readerScope, readsRecords, reasonsToSee, reviewBreakGlass,
} from './relationships.js';
import { oauthRoutes } from './routes/oauth-routes.js';
import { auditSignIn, sessionCookie, setSessionCookie } from './routes/session-cookie.js';
import { providerSignInRoutes } from './routes/provider-sign-in.js';
import { personRoutes } from './routes/person-routes.js';
import { twoStepRoutes } from './routes/two-step.js';

const unsafe = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

const SignedInSchema = Type.Object({
  accountId: Type.Integer(), username: Type.String(), name: Type.String(), role: Type.String(), roleName: Type.String(), organisationId: Type.Union([Type.String(), Type.Null()]),
});
const SessionSchema = Type.Object({
  signedIn: SignedInSchema, csrfToken: Type.String(), expiresAt: Type.Optional(Type.String()),
  personId: Type.Optional(Type.Union([Type.String(), Type.Null()], { description: 'For the person\'s own account: their record\'s person id' })),
});
const TokenCallerSchema = Type.Object({
  signedIn: Type.Union([SignedInSchema, Type.Null()]),
  system: Type.Optional(Type.Object({ clientId: Type.String(), name: Type.String() })),
  scopes: Type.Array(Type.String()),
}, { description: 'Who a bearer token acts for: the person an app acts for, or a system' });
const Problem = Type.Object({}, { additionalProperties: true });
const PersonId = Type.Object({ id: Type.String({ pattern: '^[0-9]{1,18}$' }) });
const BreakGlassSchema = Type.Object({
  id: Type.String(), personId: Type.String(), accountId: Type.String(), by: Type.String(), role: Type.String(), organisation: Type.Union([Type.String(), Type.Null()]),
  reason: Type.String(), starts: Type.String(), ends: Type.String(),
  person: Type.Object({ name: Type.String(), nhsNumber: Type.Union([Type.String(), Type.Null()]), birthDate: Type.Union([Type.String(), Type.Null()]) }),
  review: Type.Union([Type.Null(), Type.Object({ by: Type.String(), at: Type.String(), outcome: Type.String(), note: Type.Union([Type.String(), Type.Null()]) })]),
});


const routes: FastifyPluginAsyncTypebox<RouteDeps> = async (app, deps) => {
  await app.register(cookie);
  await app.register(rateLimit, {
    global: false,
    errorResponseBuilder: (_request, context) => accessError('sign_in_rate_limited', `Too many sign-in attempts from this address: try again in ${Math.ceil(context.ttl / 1000)} s.`),
  });

  const tokens = tokenService(deps.db);
  const bearer = bearerAuthenticator(deps.db, tokens);
  const csrfOf = new WeakMap<FastifyRequest, string>();
  app.addHook('onRequest', async (request, reply) => {
    const authorization = request.headers.authorization;
    if (authorization !== undefined && /^bearer(\s|$)/i.test(authorization)) {
      // The token alone says who acts: a cookie sent along is not used (so needs no CSRF token).
      try {
        const caller = await bearer.authenticate(authorization.slice(6).trim());
        if (caller.kind === 'system') request.system = caller.system;
        else {
          request.signedIn = caller.signedIn;
          if (caller.launchPerson !== undefined) request.launchPerson = caller.launchPerson;
        }
        request.scopes = caller.scopes;
        return;
      } catch (error) {
        if (!(error instanceof TokenError)) throw error;
        const description = `The bearer token is not valid: ${error.message}.`;
        reply.header('www-authenticate', `Bearer error="invalid_token", error_description="${description.replace(/["\\]/g, '')}"`);
        return refuse(request, reply, accessError('token_invalid', description));
      }
    }
    const token = request.cookies[sessionCookie];
    if (token === undefined || token === '') return;
    const session = await sessionOf(deps.db, token);
    if (!session) return;
    request.signedIn = session.signedIn;
    csrfOf.set(request, session.csrfToken);
    const signingIn = request.method === 'POST' && request.url.split('?')[0] === '/api/session';
    if (unsafe.has(request.method) && !signingIn && request.headers['x-csrf-token'] !== session.csrfToken) {
      return refuse(request, reply, accessError('csrf_token_invalid', 'Changes made with a session cookie must carry its CSRF token in the X-CSRF-Token header.'));
    }
  });
  await app.register(oauthRoutes, {
    ...deps, tokens, sessionSignedIn: (request) => (csrfOf.has(request) ? request.signedIn : undefined),
  });

  // Every route says who may call it (config.access); person-data routes get the caller's scope.
  // Before validation, so that a caller who may not use a route learns nothing of what it takes.
  app.addHook('preValidation', async (request) => {
    const access = request.routeOptions.config.access;
    if (access === undefined) {
      // Only the web UI's own files and pages (served by plugins, or by the not-found handler) declare nothing.
      if (request.routeOptions.url === undefined || ((request.method === 'GET' || request.method === 'HEAD') && !/^\/(api|fhir|oauth)(\/|$|\?)/.test(request.url))) return;
      throw new Error(`Route ${request.method} ${request.routeOptions.url} declares no config.access`);
    }
    authorise(request, access);
  });

  // Reads and searches of person data are audited here, for every route alike: who, which person, why.
  app.addHook('onResponse', async (request, reply) => {
    if (request.routeOptions.config.access !== 'person-data' || request.method !== 'GET') return;
    const personId = (request.params as { id?: string } | undefined)?.id;
    const ok = reply.statusCode < 400;
    const reason = !ok ? (reply.statusCode === 404 ? 'refused: no legitimate relationship, or no such person' : `refused (${reply.statusCode})`)
      : request.signedIn && personId !== undefined ? (await reasonsToSee(deps.db, request.signedIn, Number(personId))).join('; ') || 'allowed'
        : request.signedIn ? 'within legitimate relationships' : 'system access';
    deps.audit({
      actor: actorOf(request), action: personId === undefined ? 'search' : 'read', ...(personId !== undefined ? { resourceType: 'Person', resourceId: personId } : {}),
      outcome: reply.statusCode, reason, requestId: request.id, detail: `GET ${request.url}`.slice(0, 500),
    });
  });

  const audit = (request: FastifyRequest, o: Parameters<typeof auditSignIn>[2]): Promise<void> => auditSignIn(deps, request, o);

  app.post(
    '/api/session',
    {
      config: { access: 'public', rateLimit: { max: 10, timeWindow: '1 minute' } },
      schema: {
        summary: 'Sign in with a username and password (and the 6-digit code when the account has two-step verification on); the session cookie is set',
        tags: ['access'],
        body: Type.Object({
          username: Type.String({ minLength: 1, maxLength: 128 }),
          password: Type.String({ minLength: 1, maxLength: 200 }),
          code: Type.Optional(Type.String({ maxLength: 12, description: 'the code the authenticator app shows now; two_step_required says when it is needed' })),
        }, { additionalProperties: false }),
        response: { 200: SessionSchema, 401: Problem, 423: Problem, 429: Problem },
      },
    },
    async (request, reply) => {
      const outcomes: SignInOutcome[] = [];
      try {
        const session = await signIn(deps.db, { ...request.body, ip: request.ip, userAgent: request.headers['user-agent'] }, (o) => outcomes.push(o));
        setSessionCookie(request, reply, session);
        return { signedIn: session.signedIn, csrfToken: session.csrfToken, expiresAt: session.expiresAt.toISOString() };
      } finally {
        for (const o of outcomes) await audit(request, o);
      }
    },
  );

  app.get(
    '/api/session',
    {
      config: { access: 'public' },
      schema: {
        summary: 'Who is signed in (signedIn is null when no one is), with the CSRF token to send with changes; for a bearer token, who it acts for and its scopes',
        tags: ['access'],
        response: { 200: Type.Union([TokenCallerSchema, SessionSchema, Type.Object({ signedIn: Type.Null() })]) },
      },
    },
    async (request) => {
      if (request.scopes !== undefined) {
        return { signedIn: request.signedIn ?? null, ...(request.system ? { system: request.system } : {}), scopes: [...request.scopes] };
      }
      const csrfToken = csrfOf.get(request);
      if (!request.signedIn || csrfToken === undefined) return { signedIn: null };
      if (request.signedIn.role !== 'person') return { signedIn: request.signedIn, csrfToken };
      const own = await ownPersonOf(deps.db, request.signedIn.accountId);
      return { signedIn: request.signedIn, csrfToken, personId: own === null ? null : String(own) };
    },
  );

  app.delete(
    '/api/session',
    { config: { access: 'public' }, schema: { summary: 'Sign out: the session ends', tags: ['access'], response: { 204: Type.Null(), 401: Problem } } },
    async (request, reply) => {
      const token = request.cookies[sessionCookie];
      if (!request.signedIn || token === undefined) throw accessError('not_signed_in');
      await endSession(deps.db, token);
      await audit(request, { username: request.signedIn.username, accountId: request.signedIn.accountId, result: 'signed-out' });
      reply.clearCookie(sessionCookie, { path: '/' });
      return reply.code(204).send(null);
    },
  );

  app.get('/api/people/:id/access', {
    config: { access: 'person-data' },
    schema: {
      summary: 'Why you may see this person\'s record (404 when you may not)',
      tags: ['access'],
      params: PersonId,
      response: { 200: Type.Object({ reasons: Type.Array(Type.String()) }), 404: Problem },
    },
  }, async (request) => {
    const id = Number(request.params.id);
    const reasons = request.signedIn ? await reasonsToSee(deps.db, request.signedIn, id) : (await maySeePerson(deps.db, everyone, id)) ? ['system access'] : [];
    if (reasons.length === 0) throw accessError('person_not_found', `There is no person ${id} you may see.`);
    return { reasons };
  });

  const ig = { roles: ['ig-lead'] } as const;
  app.post('/api/break-glass', {
    config: { access: { roles: careRoles } },
    schema: {
      summary: 'Emergency access to one person\'s record, by NHS number, with a reason; it ends after a few hours and is reviewed',
      tags: ['access'],
      body: Type.Object({
        nhsNumber: Type.String({ maxLength: 20 }), reason: Type.String({ maxLength: 2000 }),
        hours: Type.Optional(Type.Integer({ description: `How long the access lasts (default ${breakGlassHours.default} hours, at most ${breakGlassHours.max})` })),
      }, { additionalProperties: false }),
      response: { 201: BreakGlassSchema, 400: Problem, 403: Problem, 404: Problem },
    },
  }, async (request, reply) => {
    const signedIn = request.signedIn as SignedIn;
    try {
      const granted = await breakGlass(deps.db, signedIn, request.body);
      deps.audit({ actor: actorOf(request), action: 'break-glass', resourceType: 'Person', resourceId: granted.personId, outcome: 201, reason: granted.reason, requestId: request.id, detail: `until ${granted.ends}` });
      request.log.warn({ code: 'break_glass', breakGlass: granted.id }, 'emergency access to a record: the IG lead reviews it');
      return await reply.code(201).send(granted);
    } catch (error) {
      deps.audit({ actor: actorOf(request), action: 'break-glass', outcome: error instanceof AppError ? error.status : 500, reason: request.body.reason.slice(0, 500), requestId: request.id, detail: 'refused' });
      throw error;
    }
  });

  app.get('/api/break-glass', {
    config: { access: ig },
    schema: {
      summary: 'Emergency accesses for review (status=to-review, the default) or all of them',
      tags: ['access'],
      querystring: Type.Object({ status: Type.Optional(Type.Union([Type.Literal('to-review'), Type.Literal('all')])) }),
      response: { 200: Type.Object({ toReview: Type.Integer(), items: Type.Array(BreakGlassSchema) }) },
    },
  }, async (request) => ({ toReview: await breakGlassToReview(deps.db), items: await listBreakGlass(deps.db, { status: request.query.status ?? 'to-review' }) }));

  app.get('/api/break-glass/:id', {
    config: { access: ig },
    schema: { summary: 'One emergency access', tags: ['access'], params: PersonId, response: { 200: BreakGlassSchema, 404: Problem } },
  }, async (request) => breakGlassById(deps.db, Number(request.params.id)));

  app.post('/api/break-glass/:id/review', {
    config: { access: ig },
    schema: {
      summary: 'Record the review of an emergency access: appropriate, or inappropriate with a note',
      tags: ['access'],
      params: PersonId,
      body: Type.Object({ outcome: Type.String({ maxLength: 20 }), note: Type.Optional(Type.String({ maxLength: 2000 })) }, { additionalProperties: false }),
      response: { 200: BreakGlassSchema, 400: Problem, 403: Problem, 404: Problem, 409: Problem },
    },
  }, async (request) => {
    const reviewed = await reviewBreakGlass(deps.db, Number(request.params.id), request.signedIn as SignedIn, request.body);
    deps.audit({
      actor: actorOf(request), action: 'break-glass-review', resourceType: 'Person', resourceId: reviewed.personId, outcome: 200,
      reason: `${reviewed.review?.outcome ?? ''}${reviewed.review?.note ? `: ${reviewed.review.note}` : ''}`, requestId: request.id, detail: `emergency access ${reviewed.id}`,
    });
    return reviewed;
  });

  twoStepRoutes(app, deps);
  providerSignInRoutes(app, deps);
  personRoutes(app, deps);
};

export { sessionCookie };

/** Lets the request through to a route with this access, or throws 401 / 403 (and sets request.personScope for person data). */
function authorise(request: FastifyRequest, access: RouteAccess): void {
  if (access === 'public' || access === 'fhir') return;
  const signedIn: SignedIn | undefined = request.signedIn;
  if (!signedIn && !request.system) throw accessError('not_signed_in');
  if (access === 'signed-in') return;
  if (access === 'person-data') {
    if (request.system) {
      // A system sees every person when its token grants it system-level access to records.
      const reads = (interaction: 'r' | 's'): boolean => scopesAllow(request.scopes ?? [], { context: 'system', resourceType: 'Patient', interaction });
      if (!reads('r') || !reads('s')) throw accessError('role_not_allowed', 'This system\'s token has no system-level scope to read and search people (system/Patient.rs).');
      request.personScope = everyone;
      return;
    }
    if (!signedIn || !readsRecords(signedIn.role)) {
      throw accessError('role_not_allowed', 'Your role does not read people\'s records: commissioners and analysts see pseudonymised figures, IG leads the audit trail, administrators the installation.');
    }
    request.personScope = readerScope(request, signedIn);
    return;
  }
  if (!signedIn || !access.roles.includes(signedIn.role)) {
    const names = access.roles.map((r) => (roleNames as Readonly<Record<string, string | undefined>>)[r] ?? r);
    throw accessError('role_not_allowed', `This is for: ${names.join(', ')}.`);
  }
  if (access.personData === true) request.personScope = readerScope(request, signedIn);
}

/**
 * Refuses a request from the hook. The FHIR API answers its own errors as OperationOutcomes and does
 * not know the access catalogue, so for /fhir/r4 the OperationOutcome is sent from here.
 */
function refuse(request: FastifyRequest, reply: FastifyReply, error: AppError): FastifyReply {
  const path = request.url.split('?')[0] ?? '';
  if (path !== '/fhir/r4' && !path.startsWith('/fhir/r4/')) throw error;
  const code = error.status === 401 ? 'login' : 'forbidden';
  return reply.code(error.status).type('application/fhir+json').send({ resourceType: 'OperationOutcome', issue: [{ severity: 'error', code, diagnostics: error.message }] });
}

/** Registered before the other capabilities' routes, so that its hook applies to all of them. */
export const accessRoutes = fp(routes, { name: 'access-routes' });
