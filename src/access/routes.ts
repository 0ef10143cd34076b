/**
 * Sign-in over HTTP: POST /api/session signs in (an HTTP-only, SameSite=Strict cookie carries the
 * session), GET tells who is signed in, DELETE signs out. For every request the session cookie, if
 * any, says who is acting (request.signedIn, for every capability's routes), and a change made with
 * it must carry the session's CSRF token in X-CSRF-Token. Sign-ins are limited to 10 a minute from
 * one address, and every sign-in, failed sign-in and sign-out is in the audit trail.
 */
import cookie from '@fastify/cookie';
import rateLimit from '@fastify/rate-limit';
import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import fp from 'fastify-plugin';
import type { FastifyRequest } from 'fastify';
import type { RouteDeps } from '../platform/index.js';
import { endSession, roleNames, sessionOf, signIn, type SignInOutcome } from './accounts.js';
import { accessError } from './errors.js';
import { auditSignIn, sessionCookie, setSessionCookie } from './routes/session-cookie.js';
import { providerSignInRoutes } from './routes/provider-sign-in.js';
import { twoStepRoutes } from './routes/two-step.js';

const unsafe = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

const SignedInSchema = Type.Object({
  accountId: Type.Integer(), username: Type.String(), name: Type.String(), role: Type.String(), roleName: Type.String(), organisationId: Type.Union([Type.String(), Type.Null()]),
});
const SessionSchema = Type.Object({ signedIn: SignedInSchema, csrfToken: Type.String(), expiresAt: Type.Optional(Type.String()) });
const Problem = Type.Object({}, { additionalProperties: true });

const withRoleName = (s: NonNullable<FastifyRequest['signedIn']>) => ({ ...s, roleName: (roleNames as Readonly<Record<string, string | undefined>>)[s.role] ?? s.role });

const routes: FastifyPluginAsyncTypebox<RouteDeps> = async (app, deps) => {
  await app.register(cookie);
  await app.register(rateLimit, {
    global: false,
    errorResponseBuilder: (_request, context) => accessError('sign_in_rate_limited', `Too many sign-in attempts from this address: try again in ${Math.ceil(context.ttl / 1000)} s.`),
  });

  const csrfOf = new WeakMap<FastifyRequest, string>();
  app.addHook('onRequest', async (request) => {
    const token = request.cookies[sessionCookie];
    if (token === undefined || token === '') return;
    const session = await sessionOf(deps.db, token);
    if (!session) return;
    request.signedIn = session.signedIn;
    csrfOf.set(request, session.csrfToken);
    const signingIn = request.method === 'POST' && request.url.split('?')[0] === '/api/session';
    if (unsafe.has(request.method) && !signingIn && request.headers['x-csrf-token'] !== session.csrfToken) {
      throw accessError('csrf_token_invalid', 'Changes made with a session cookie must carry its CSRF token in the X-CSRF-Token header.');
    }
  });

  const audit = (request: FastifyRequest, o: Parameters<typeof auditSignIn>[2]): Promise<void> => auditSignIn(deps, request, o);

  app.post(
    '/api/session',
    {
      config: { rateLimit: { max: 10, timeWindow: '1 minute' } },
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
        summary: 'Who is signed in (signedIn is null when no one is), with the CSRF token to send with changes',
        tags: ['access'],
        response: { 200: Type.Union([SessionSchema, Type.Object({ signedIn: Type.Null() })]) },
      },
    },
    async (request) => {
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

  twoStepRoutes(app, deps);
  providerSignInRoutes(app, deps);
};

export { sessionCookie };

/** Registered before the other capabilities' routes, so that its hook applies to all of them. */
export const accessRoutes = fp(routes, { name: 'access-routes' });
