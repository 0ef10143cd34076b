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
import type { AppError, RouteDeps } from '../platform/index.js';
import { endSession, roleNames, sessionLimits, sessionOf, signIn, type SignInOutcome } from './accounts.js';
import { appendAudit } from './audit.js';
import { accessError } from './errors.js';
import { bearerAuthenticator } from './oauth/bearer.js';
import { TokenError, tokenService } from './oauth/tokens.js';
import { oauthRoutes } from './routes/oauth-routes.js';

export const sessionCookie = 'joinedup_session';
const unsafe = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

const SignedInSchema = Type.Object({
  accountId: Type.Integer(), username: Type.String(), name: Type.String(), role: Type.String(), roleName: Type.String(), organisationId: Type.Union([Type.String(), Type.Null()]),
});
const SessionSchema = Type.Object({ signedIn: SignedInSchema, csrfToken: Type.String(), expiresAt: Type.Optional(Type.String()) });
const TokenCallerSchema = Type.Object({
  signedIn: Type.Union([SignedInSchema, Type.Null()]),
  system: Type.Optional(Type.Object({ clientId: Type.String(), name: Type.String() })),
  scopes: Type.Array(Type.String()),
}, { description: 'Who a bearer token acts for: the person an app acts for, or a system' });
const Problem = Type.Object({}, { additionalProperties: true });

const withRoleName = (s: NonNullable<FastifyRequest['signedIn']>) => ({ ...s, roleName: (roleNames as Readonly<Record<string, string | undefined>>)[s.role] ?? s.role });

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
        else request.signedIn = caller.signedIn;
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

  const audit = (request: FastifyRequest, o: SignInOutcome | { username: string; accountId: number; result: 'signed-out' }): Promise<void> =>
    appendAudit(deps.db, [{
      at: new Date(), actor: o.username, action: o.result === 'signed-in' ? 'sign-in' : o.result === 'signed-out' ? 'sign-out' : 'failed-sign-in',
      resourceType: 'Account', resourceId: o.accountId === null ? null : String(o.accountId), outcome: o.result === 'signed-in' || o.result === 'signed-out' ? 200 : o.result === 'locked' ? 423 : 401,
      reason: o.result === 'locked' ? 'account locked after failed sign-ins' : o.result === 'failed' ? 'wrong username or password' : 'password', requestId: request.id,
      detail: `from ${request.ip}`,
    }]);

  app.post(
    '/api/session',
    {
      config: { rateLimit: { max: 10, timeWindow: '1 minute' } },
      schema: {
        summary: 'Sign in with a username and password; the session cookie is set',
        tags: ['access'],
        body: Type.Object({ username: Type.String({ minLength: 1, maxLength: 64 }), password: Type.String({ minLength: 1, maxLength: 200 }) }, { additionalProperties: false }),
        response: { 200: SessionSchema, 401: Problem, 423: Problem, 429: Problem },
      },
    },
    async (request, reply) => {
      const outcomes: SignInOutcome[] = [];
      try {
        const session = await signIn(deps.db, { ...request.body, ip: request.ip, userAgent: request.headers['user-agent'] }, (o) => outcomes.push(o));
        reply.setCookie(sessionCookie, session.token, {
          httpOnly: true, sameSite: 'strict', path: '/', secure: request.protocol === 'https', maxAge: sessionLimits.hours * 3600,
        });
        return { signedIn: withRoleName(session.signedIn), csrfToken: session.csrfToken, expiresAt: session.expiresAt.toISOString() };
      } finally {
        for (const o of outcomes) await audit(request, o);
      }
    },
  );

  app.get(
    '/api/session',
    {
      schema: {
        summary: 'Who is signed in (signedIn is null when no one is), with the CSRF token to send with changes; for a bearer token, who it acts for and its scopes',
        tags: ['access'],
        response: { 200: Type.Union([TokenCallerSchema, SessionSchema, Type.Object({ signedIn: Type.Null() })]) },
      },
    },
    async (request) => {
      if (request.scopes !== undefined) {
        return { signedIn: request.signedIn ? withRoleName(request.signedIn) : null, ...(request.system ? { system: request.system } : {}), scopes: [...request.scopes] };
      }
      const csrfToken = csrfOf.get(request);
      return request.signedIn && csrfToken !== undefined ? { signedIn: withRoleName(request.signedIn), csrfToken } : { signedIn: null };
    },
  );

  app.delete(
    '/api/session',
    { schema: { summary: 'Sign out: the session ends', tags: ['access'], response: { 204: Type.Null(), 401: Problem } } },
    async (request, reply) => {
      const token = request.cookies[sessionCookie];
      if (!request.signedIn || token === undefined) throw accessError('not_signed_in');
      await endSession(deps.db, token);
      await audit(request, { username: request.signedIn.username, accountId: request.signedIn.accountId, result: 'signed-out' });
      reply.clearCookie(sessionCookie, { path: '/' });
      return reply.code(204).send(null);
    },
  );
};

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
