/**
 * OAuth 2.0 and SMART App Launch v2 over HTTP: the token endpoint (RFC 6749 §3.2, form-encoded, its
 * errors as RFC JSON, never cached), the authorization endpoint (the person signs in on the web UI,
 * then approves or denies the app on its approval page, which asks /api/oauth/authorize), and the
 * SMART configuration at /.well-known/smart-configuration (and under the FHIR base, where SMART
 * clients look; a static route, so it wins over the FHIR API's /fhir/r4/*).
 */
import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { isAppError, type RouteDeps, type SignedIn } from '../../platform/index.js';
import { appendAudit, type AuditContents } from '../audit.js';
import { accessError } from '../errors.js';
import { approvalView, checkAuthorizeRequest, decideAuthorization, type AuthorizeParams } from '../oauth/authorize.js';
import { grantToken, grantTypes, type GrantEvent } from '../oauth/grants.js';
import { OAuthError } from '../oauth/oauth-error.js';
import type { TokenService } from '../oauth/tokens.js';

export interface OAuthRouteOptions extends RouteDeps {
  tokens: TokenService;
  /** The person signed in with a web session cookie (not a bearer token): only they may approve an app. */
  sessionSignedIn: (request: FastifyRequest) => SignedIn | undefined;
}

const noStore = { 'cache-control': 'no-store', pragma: 'no-cache' } as const;
const OAuthErrorBody = Type.Object({ error: Type.String(), error_description: Type.String() });
const Problem = Type.Object({}, { additionalProperties: true });
const tokenFields = ['grant_type', 'client_id', 'client_secret', 'scope', 'code', 'redirect_uri', 'code_verifier'] as const;
const AuthorizeQuery = Type.Object({
  response_type: Type.Optional(Type.String()), client_id: Type.Optional(Type.String()), redirect_uri: Type.Optional(Type.String()), scope: Type.Optional(Type.String()),
  state: Type.Optional(Type.String()), code_challenge: Type.Optional(Type.String()), code_challenge_method: Type.Optional(Type.String()), aud: Type.Optional(Type.String()),
});

const origin = (request: FastifyRequest): string => `${request.protocol}://${request.host}`;

/** client_secret_basic (RFC 6749 §2.3.1): the id and secret are form-encoded, then base64. */
function basicCredentials(header: string | undefined): { clientId: string; secret: string } | undefined | 'malformed' {
  if (header === undefined || !/^basic /i.test(header)) return undefined;
  const decoded = Buffer.from(header.slice(6).trim(), 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) return 'malformed';
  try {
    const unform = (s: string): string => decodeURIComponent(s.replace(/\+/g, ' '));
    return { clientId: unform(decoded.slice(0, colon)), secret: unform(decoded.slice(colon + 1)) };
  } catch {
    return 'malformed';
  }
}

const sendOAuthError = (reply: FastifyReply, error: OAuthError): FastifyReply => {
  reply.code(error.status).headers(noStore);
  if (error.status === 401) reply.header('www-authenticate', 'Basic realm="joinedup"');
  return reply.send({ error: error.error, error_description: error.description });
};

/** The token endpoint, in a context of its own that parses only form bodies and answers every error as RFC 6749 JSON. */
const tokenRoute: FastifyPluginAsyncTypebox<OAuthRouteOptions> = async (app, deps) => {
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_request, body, done) => {
    done(null, new URLSearchParams(body as string));
  });
  app.setErrorHandler(async (error, request, reply) => {
    if (error instanceof OAuthError) return sendOAuthError(reply, error);
    // Refused before the route (a session cookie sent without its CSRF token): its status, in the RFC 6749 shape.
    if (isAppError(error)) return reply.code(error.status).headers(noStore).send({ error: 'invalid_request', error_description: error.message });
    const status = typeof error === 'object' && error !== null && 'statusCode' in error ? Number(error.statusCode) : 500;
    if (status >= 400 && status < 500) return sendOAuthError(reply, new OAuthError('invalid_request', 'Send the token request as application/x-www-form-urlencoded (RFC 6749 §4.1.3, §4.4.2).'));
    request.log.error({ error: { type: (error as Error).name } }, 'token endpoint failed');
    return reply.code(500).headers(noStore).send({ error: 'server_error', error_description: `Something went wrong on our side. Quote request id ${request.id} when reporting it.` });
  });

  const audit = (request: FastifyRequest, e: GrantEvent): AuditContents => ({
    at: new Date(), actor: e.clientId, action: e.action, resourceType: 'Client', resourceId: e.clientId,
    outcome: e.action === 'token-issued' ? 200 : e.action === 'failed-client-authentication' ? 401 : 400,
    reason: e.action === 'token-issued' ? `${e.grant}: ${e.scopes}` : e.reason, requestId: request.id,
    detail: `from ${request.ip}${e.action === 'token-issued' && e.accountId !== undefined ? ` for account ${e.accountId}` : ''}`,
  });

  app.post(
    '/oauth/token',
    {
      config: { access: 'public' },
      attachValidation: true,
      schema: {
        summary: 'OAuth 2.0 token endpoint: client_credentials for a system, authorization_code with PKCE for an app',
        description: 'Form-encoded (RFC 6749). Clients authenticate with HTTP Basic (client_secret_basic) or client_id and client_secret in the body. Access tokens last 15 minutes.',
        tags: ['access'],
        consumes: ['application/x-www-form-urlencoded'],
        body: Type.Object(Object.fromEntries(tokenFields.map((f) => [f, Type.Optional(Type.String())]))),
        response: {
          200: Type.Object({ access_token: Type.String(), token_type: Type.Literal('Bearer'), expires_in: Type.Integer(), scope: Type.String(), patient: Type.Optional(Type.String()) }),
          400: OAuthErrorBody, 401: OAuthErrorBody,
        },
      },
    },
    async (request, reply) => {
      const form = request.body instanceof URLSearchParams ? request.body : undefined;
      if (!form) throw new OAuthError('invalid_request', `Send the token request as application/x-www-form-urlencoded with grant_type (${grantTypes.join(' or ')}).`);
      const repeated = tokenFields.find((f) => form.getAll(f).length > 1);
      if (repeated !== undefined) throw new OAuthError('invalid_request', `${repeated} is given more than once (RFC 6749 §3.2).`);
      const field = (f: (typeof tokenFields)[number]): string | undefined => form.get(f) ?? undefined;
      const basic = basicCredentials(request.headers.authorization);
      if (basic === 'malformed') throw new OAuthError('invalid_client', 'The Authorization header is not HTTP Basic client_id:client_secret (RFC 6749 §2.3.1).');
      const events: GrantEvent[] = [];
      try {
        const answer = await grantToken(
          { db: deps.db, tokens: deps.tokens, now: () => new Date() },
          {
            grantType: field('grant_type'), basic, clientId: field('client_id'), clientSecret: field('client_secret'), scope: field('scope'),
            code: field('code'), redirectUri: field('redirect_uri'), codeVerifier: field('code_verifier'),
          },
          (e) => events.push(e),
        );
        reply.headers(noStore);
        return answer;
      } finally {
        // Written before the answer goes out (it is sent when the handler returns).
        if (events.length > 0) await appendAudit(deps.db, events.map((e) => audit(request, e)));
      }
    },
  );
};

export const oauthRoutes: FastifyPluginAsyncTypebox<OAuthRouteOptions> = async (app, deps) => {
  await app.register(tokenRoute, deps);
  const fhirBase = (request: FastifyRequest): string => `${origin(request)}/fhir/r4`;

  app.get(
    '/oauth/authorize',
    { config: { access: 'public' }, schema: { summary: 'OAuth 2.0 authorization endpoint (SMART standalone launch): sign in, then approve the app', tags: ['access'], querystring: AuthorizeQuery } },
    async (request, reply) => {
      const query = (request.raw.url ?? '').split('?', 2)[1] ?? '';
      try {
        const checked = await checkAuthorizeRequest(deps.db, request.query, fhirBase(request));
        if (!checked.ok) return await reply.redirect(checked.redirectTo, 302);
      } catch (error) {
        // Not a registered app and redirect URI: the approval page says so, and no one is sent anywhere else.
        if (!isAppError(error) || error.code !== 'authorize_request_invalid') throw error;
        return reply.redirect(`/oauth/approve?${query}`, 302);
      }
      if (!deps.sessionSignedIn(request)) return reply.redirect(`/sign-in?next=${encodeURIComponent(request.url)}`, 302);
      return reply.redirect(`/oauth/approve?${query}`, 302);
    },
  );

  app.get(
    '/api/oauth/authorize',
    {
      // What an app asks for is no one's data: the approval page explains a bad request before anyone signs in.
      config: { access: 'public' },
      schema: {
        summary: 'What an app asks for, for the approval page: its name and the scopes in plain words',
        tags: ['access'],
        querystring: AuthorizeQuery,
        response: {
          200: Type.Union([
            Type.Object({
              client: Type.Object({ id: Type.String(), name: Type.String() }), redirectUri: Type.String(), scopes: Type.Array(Type.Object({ scope: Type.String(), description: Type.String() })),
              patientContext: Type.Boolean(),
            }),
            Type.Object({ redirectTo: Type.String(), error: Type.String() }),
          ]),
          400: Problem,
        },
      },
    },
    async (request) => {
      const checked = await checkAuthorizeRequest(deps.db, request.query, fhirBase(request));
      return checked.ok ? approvalView(checked.request) : { redirectTo: checked.redirectTo, error: checked.error.error };
    },
  );

  app.post(
    '/api/oauth/authorize',
    {
      config: { access: 'signed-in' },
      schema: {
        summary: 'The signed-in person allows or denies the app: answers where to send the browser (with the code, or error=access_denied)',
        tags: ['access'],
        body: Type.Intersect([AuthorizeQuery, Type.Object({
          decision: Type.Union([Type.Literal('allow'), Type.Literal('deny')]),
          nhsNumber: Type.Optional(Type.String({ description: 'Whom the app is for, when it asks for a patient context and the person approving is not that patient' })),
        })]),
        response: { 200: Type.Object({ redirectTo: Type.String() }), 400: Problem, 401: Problem, 403: Problem },
      },
    },
    async (request) => {
      const signedIn = deps.sessionSignedIn(request);
      if (!signedIn) throw accessError('not_signed_in', 'Sign in on the web UI to approve an app.');
      const { decision, nhsNumber, ...params } = request.body;
      const checked = await checkAuthorizeRequest(deps.db, params satisfies AuthorizeParams, fhirBase(request));
      if (!checked.ok) return { redirectTo: checked.redirectTo };
      const { redirectTo, allowed, launchPerson } = await decideAuthorization(deps.db, checked.request, signedIn, decision, { nhsNumber });
      await appendAudit(deps.db, [{
        at: new Date(), actor: signedIn.username, action: allowed ? 'app-allowed' : 'app-denied', resourceType: 'Client', resourceId: checked.request.client.id,
        outcome: 200, reason: checked.request.scopes.join(' '), requestId: request.id, detail: `from ${request.ip}${launchPerson !== undefined ? `, for person ${launchPerson}` : ''}`,
      }]);
      return { redirectTo };
    },
  );

  const SmartConfiguration = Type.Object({
    issuer: Type.String(), authorization_endpoint: Type.String(), token_endpoint: Type.String(),
    grant_types_supported: Type.Array(Type.String()), token_endpoint_auth_methods_supported: Type.Array(Type.String()), scopes_supported: Type.Array(Type.String()),
    response_types_supported: Type.Array(Type.String()), code_challenge_methods_supported: Type.Array(Type.String()), capabilities: Type.Array(Type.String()),
  });
  const smartConfiguration = async (request: FastifyRequest, reply: FastifyReply) => {
    const base = origin(request);
    reply.header('cache-control', 'public, max-age=3600');
    return {
      issuer: await deps.tokens.issuer(),
      authorization_endpoint: `${base}/oauth/authorize`,
      token_endpoint: `${base}/oauth/token`,
      grant_types_supported: [...grantTypes],
      token_endpoint_auth_methods_supported: ['client_secret_basic', 'client_secret_post', 'none'],
      scopes_supported: ['system/*.cruds', 'system/*.rs', 'user/*.cruds', 'user/*.rs', 'patient/*.cruds', 'patient/*.rs', 'launch/patient'],
      response_types_supported: ['code'],
      code_challenge_methods_supported: ['S256'],
      capabilities: ['launch-standalone', 'context-standalone-patient', 'client-public', 'client-confidential-symmetric', 'permission-v1', 'permission-v2', 'permission-user', 'permission-patient'],
    };
  };
  for (const url of ['/.well-known/smart-configuration', '/fhir/r4/.well-known/smart-configuration']) {
    app.get(url, { config: { access: 'public' }, schema: { summary: 'SMART App Launch v2 configuration: where to authorize and get tokens, and what is supported', tags: ['access'], response: { 200: SmartConfiguration } } }, smartConfiguration);
  }
};
