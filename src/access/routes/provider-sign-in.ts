/**
 * Signing in through an identity provider over HTTP: the list for the sign-in page, the start (a
 * redirect to the provider, the state in a short-lived HTTP-only cookie) and the callback (the
 * session cookie, then back to the page asked for). A browser that cannot sign in is sent to the
 * sign-in page with the problem's code, which the page puts in words; every attempt is audited.
 */
import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import { isAppError, type RouteDeps } from '../../platform/index.js';
import type { SignInOutcome } from '../accounts.js';
import { listIdentityProviders } from '../identity-providers.js';
import { providerSignIn, providerSignInMinutes } from '../provider-sign-in.js';
import { auditSignIn, setSessionCookie } from './session-cookie.js';

type App = Parameters<FastifyPluginAsyncTypebox<RouteDeps>>[0];

const stateCookie = 'joinedup_provider_state';
const ProviderParams = Type.Object({ provider: Type.String({ minLength: 1, maxLength: 40 }) });
const Redirect = Type.Null({ description: 'a redirect (303): to the provider, back to the page asked for, or to /sign-in?problem=CODE' });

/** A path on this site only (never another site's address). */
const localPath = (to: string | undefined): string => (to !== undefined && to.startsWith('/') && !to.startsWith('//') && !to.startsWith('/\\') ? to : '/');

const callbackPath = (provider: string): string => `/api/sign-in/${encodeURIComponent(provider)}/callback`;
const origin = (request: FastifyRequest): string => `${request.protocol}://${request.host}`;

export function providerSignInRoutes(app: App, deps: RouteDeps): void {
  const providers = providerSignIn(deps.db);

  /** The sign-in page with the problem's code (what was unexpected is logged). */
  const problemPath = (request: FastifyRequest, error: unknown): string => {
    if (!isAppError(error) || error.status >= 500) request.log.warn({ err: error }, 'sign-in through an identity provider failed');
    return `/sign-in?problem=${encodeURIComponent(isAppError(error) ? error.code : 'provider_sign_in_failed')}`;
  };

  app.get(
    '/api/identity-providers',
    {
      config: { access: 'public' },
      schema: {
        summary: 'The identity providers staff can sign in through, with the address that starts each sign-in',
        tags: ['access'],
        response: { 200: Type.Object({ providers: Type.Array(Type.Object({ id: Type.String(), name: Type.String(), startUrl: Type.String() })) }) },
      },
    },
    async () => ({
      providers: (await listIdentityProviders(deps.db, { enabledOnly: true })).map((p) => ({ id: p.id, name: p.name, startUrl: `/api/sign-in/${encodeURIComponent(p.id)}` })),
    }),
  );

  app.get(
    '/api/sign-in/:provider',
    {
      config: { access: 'public', rateLimit: { max: 10, timeWindow: '1 minute' } },
      schema: {
        summary: 'Start signing in through an identity provider: redirects to its authorization endpoint (code flow with PKCE)',
        tags: ['access'],
        params: ProviderParams,
        querystring: Type.Object({ return: Type.Optional(Type.String({ maxLength: 2000, description: 'the page to come back to after signing in' })) }),
        response: { 303: Redirect },
      },
    },
    async (request, reply) => {
      try {
        const { provider } = request.params;
        const started = await providers.begin(provider, origin(request) + callbackPath(provider), localPath(request.query.return));
        reply.setCookie(stateCookie, started.state, {
          // Lax, not Strict: the provider's redirect back is a navigation from its site.
          httpOnly: true, sameSite: 'lax', path: '/api/sign-in/', secure: request.protocol === 'https', maxAge: providerSignInMinutes * 60,
        });
        return await reply.redirect(started.authorizationUrl.href, 303);
      } catch (error) {
        return await reply.redirect(problemPath(request, error), 303);
      }
    },
  );

  app.get(
    '/api/sign-in/:provider/callback',
    {
      config: { access: 'public' },
      schema: {
        summary: 'Where the identity provider sends the browser back: checks the state, exchanges the code, verifies the ID token and starts a session',
        tags: ['access'],
        params: ProviderParams,
        querystring: Type.Object({}, { additionalProperties: Type.String() }),
        response: { 303: Redirect },
      },
    },
    async (request, reply) => {
      const outcomes: SignInOutcome[] = [];
      reply.clearCookie(stateCookie, { path: '/api/sign-in/' });
      let to: string;
      try {
        const done = await providers.finish(
          request.params.provider, new URL(request.url, origin(request)), request.cookies[stateCookie],
          { ip: request.ip, userAgent: request.headers['user-agent'] }, (o) => outcomes.push(o),
        );
        setSessionCookie(request, reply, done.session);
        to = localPath(done.returnPath);
      } catch (error) {
        to = problemPath(request, error);
      }
      // Audited before the answer goes, so that the trail has it by the time the browser arrives.
      for (const o of outcomes) await auditSignIn(deps, request, o);
      return reply.redirect(to, 303);
    },
  );
}
