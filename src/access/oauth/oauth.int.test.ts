// OAuth 2.0 over HTTP on each backend: a system's client credentials (Basic and in the body), the
// refusals RFC 6749 names, an app's authorization code flow with PKCE driven as a browser would (sign
// in, authorize, approve, exchange), bearer tokens acting for a system or a person, tokens that do
// not verify, the SMART configuration, and the audit trail of it all.
import { createHash, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { backends } from '../../../test/support/databases.js';
import { fhirAppFor } from '../../../test/support/fhir.js';
import { codeChallengeOf, createAccount, createClient, disableClient, issueCode, redeemCode, tokenService, verifyAudit } from '../index.js';
import { bearerAuthenticator } from './bearer.js';
import { OAuthError } from './oauth-error.js';

const password = 'correct horse battery staple';
const callback = 'https://app.example/callback';

describe.each(backends)('OAuth on $name', (backend) => {
  const fhir = fhirAppFor(backend);
  let n = 0;
  const unique = (): number => ++n;
  type Headers = Record<string, string>;
  const inject = (method: 'GET' | 'POST', url: string, options: { headers?: Headers; form?: Record<string, string>; json?: unknown } = {}) =>
    fhir.joinedUp().app.inject({
      method, url,
      headers: {
        ...options.headers,
        ...(options.form ? { 'content-type': 'application/x-www-form-urlencoded' } : {}),
        ...(options.json !== undefined ? { 'content-type': 'application/json' } : {}),
      },
      ...(options.form ? { payload: new URLSearchParams(options.form).toString() } : {}),
      ...(options.json !== undefined ? { payload: JSON.stringify(options.json) } : {}),
    });
  const basic = (id: string, secret: string): Headers => ({ authorization: `Basic ${Buffer.from(`${id}:${secret}`).toString('base64')}` });
  const bearer = (token: string): Headers => ({ authorization: `Bearer ${token}` });
  const system = async (scopes = 'system/*.rs system/Patient.cruds') => {
    const made = await createClient(fhir.joinedUp().db, { name: `Bayside PAS ${unique()}`, kind: 'system', scopes });
    return { id: made.client.id, secret: made.secret ?? '' };
  };
  const tokenFor = async (id: string, secret: string, scope?: string): Promise<string> => {
    const response = await inject('POST', '/oauth/token', { headers: basic(id, secret), form: { grant_type: 'client_credentials', ...(scope ? { scope } : {}) } });
    expect(response.statusCode, response.body).toBe(200);
    return response.json<{ access_token: string }>().access_token;
  };

  it.skipIf(!backend.available)('gives a system a 15-minute token for client credentials sent with HTTP Basic or in the body, narrowed to the scopes asked', async () => {
    const { id, secret } = await system();
    const viaBasic = await inject('POST', '/oauth/token', { headers: basic(id, secret), form: { grant_type: 'client_credentials', scope: 'system/Patient.rs system/Observation.read' } });
    expect(viaBasic.statusCode).toBe(200);
    expect(viaBasic.headers['cache-control']).toBe('no-store');
    expect(viaBasic.json()).toEqual({ access_token: expect.stringMatching(/^ey[\w-]+\.[\w-]+\.[\w-]+$/) as string, token_type: 'Bearer', expires_in: 900, scope: 'system/Patient.rs system/Observation.rs' });
    const viaBody = await inject('POST', '/oauth/token', { form: { grant_type: 'client_credentials', client_id: id, client_secret: secret } });
    expect(viaBody.statusCode).toBe(200);
    expect(viaBody.json<{ scope: string }>().scope).toBe('system/*.rs system/Patient.cruds');
    const claims = JSON.parse(Buffer.from(viaBody.json<{ access_token: string }>().access_token.split('.')[1] ?? '', 'base64url').toString()) as Record<string, unknown>;
    expect(claims).toMatchObject({ sub: id, client_id: id, scope: 'system/*.rs system/Patient.cruds', iss: expect.stringMatching(/^urn:uuid:/) as string, jti: expect.any(String) as string });
    expect(Number(claims.exp) - Number(claims.iat)).toBe(900);
    const { rows } = await fhir.joinedUp().db.query<{ action: string; reason: string }>(`SELECT action, reason FROM access.audit_event WHERE resource_id = $1 ORDER BY seq`, [id]);
    expect(rows).toEqual([
      { action: 'token-issued', reason: 'client_credentials: system/Patient.rs system/Observation.rs' },
      { action: 'token-issued', reason: 'client_credentials: system/*.rs system/Patient.cruds' },
    ]);
  });

  it.skipIf(!backend.available)('refuses what RFC 6749 §5.2 says to refuse, in its JSON form', async () => {
    const { id, secret } = await system();
    const wrong = await inject('POST', '/oauth/token', { headers: basic(id, 'not-the-secret'), form: { grant_type: 'client_credentials' } });
    expect(wrong.statusCode).toBe(401);
    expect(wrong.headers['www-authenticate']).toMatch(/^Basic/);
    expect(wrong.json()).toEqual({ error: 'invalid_client', error_description: expect.any(String) as string });
    const unknown = await inject('POST', '/oauth/token', { form: { grant_type: 'client_credentials', client_id: 'no-such-client', client_secret: secret } });
    expect(unknown.json()).toMatchObject({ error: 'invalid_client' });
    const outside = await inject('POST', '/oauth/token', { headers: basic(id, secret), form: { grant_type: 'client_credentials', scope: 'system/Observation.c' } });
    expect(outside.statusCode).toBe(400);
    expect(outside.json()).toEqual({ error: 'invalid_scope', error_description: expect.stringContaining('"system/Observation.c" is not within') as string });
    const bad = await inject('POST', '/oauth/token', { headers: basic(id, secret), form: { grant_type: 'client_credentials', scope: 'system/Patient.sr' } });
    expect(bad.json()).toMatchObject({ error: 'invalid_scope', error_description: expect.stringContaining('"system/Patient.sr"') as string });
    const grant = await inject('POST', '/oauth/token', { headers: basic(id, secret), form: { grant_type: 'password' } });
    expect(grant.json()).toMatchObject({ error: 'unsupported_grant_type' });
    const none = await inject('POST', '/oauth/token', { headers: basic(id, secret), form: {} });
    expect(none.json()).toMatchObject({ error: 'invalid_request' });
    const json = await inject('POST', '/oauth/token', { headers: basic(id, secret), json: { grant_type: 'client_credentials' } });
    expect(json.statusCode).toBe(400);
    expect(json.json()).toMatchObject({ error: 'invalid_request' });
    const twice = await fhir.joinedUp().app.inject({
      method: 'POST', url: '/oauth/token', headers: { ...basic(id, secret), 'content-type': 'application/x-www-form-urlencoded' }, payload: 'grant_type=client_credentials&scope=system/Patient.rs&scope=system/*.rs',
    });
    expect(twice.json()).toEqual({ error: 'invalid_request', error_description: 'scope is given more than once (RFC 6749 §3.2).' });

    const { rows } = await fhir.joinedUp().db.query<{ action: string; actor: string; outcome: number }>(
      `SELECT action, actor, outcome FROM access.audit_event WHERE resource_type = 'Client' AND resource_id = $1 ORDER BY seq`, [id],
    );
    expect(rows).toEqual([{ action: 'failed-client-authentication', actor: id, outcome: 401 }]);

    await disableClient(fhir.joinedUp().db, id);
    const disabled = await inject('POST', '/oauth/token', { headers: basic(id, secret), form: { grant_type: 'client_credentials' } });
    expect(disabled.statusCode).toBe(401);
    expect(disabled.json()).toMatchObject({ error: 'invalid_client' });
  });

  it.skipIf(!backend.available)('acts as the system a bearer token was issued to, with its scopes, and needs no CSRF token', async () => {
    const { id, secret } = await system();
    const token = await tokenFor(id, secret, 'system/Patient.rs');
    const who = await inject('GET', '/api/session', { headers: bearer(token) });
    expect(who.json()).toEqual({ signedIn: null, system: { clientId: id, name: expect.stringMatching(/^Bayside PAS/) as string }, scopes: ['system/Patient.rs'] });
    // A change with the token and no CSRF token reaches its route (which finds no such merge).
    const change = await inject('POST', '/api/merges/999999/undo', { headers: bearer(token), json: {} });
    expect(change.json()).toMatchObject({ code: 'merge_not_found' });
    expect((await inject('GET', '/fhir/r4/metadata', { headers: bearer(token) })).statusCode).toBe(200);
  });

  it.skipIf(!backend.available)('refuses a garbled, foreign, expired or disabled client\'s token with 401 and WWW-Authenticate, as an OperationOutcome on the FHIR API', async () => {
    const { id, secret } = await system();
    const garbled = await inject('GET', '/api/session', { headers: bearer('not.a.token') });
    expect(garbled.statusCode).toBe(401);
    expect(garbled.headers['www-authenticate']).toMatch(/^Bearer error="invalid_token", error_description="The bearer token is not valid: .+"$/);
    expect(garbled.json()).toMatchObject({ code: 'token_invalid', status: 401 });
    const onFhir = await inject('GET', '/fhir/r4/Patient', { headers: bearer('not.a.token') });
    expect(onFhir.statusCode).toBe(401);
    expect(onFhir.headers['content-type']).toMatch(/^application\/fhir\+json/);
    expect(onFhir.headers['www-authenticate']).toMatch(/^Bearer error="invalid_token"/);
    expect(onFhir.json()).toMatchObject({ resourceType: 'OperationOutcome', issue: [{ severity: 'error', code: 'login' }] });

    const db = fhir.joinedUp().db;
    const past = tokenService(db, { now: () => new Date(Date.now() - 16 * 60_000) });
    const expired = await past.issue({ clientId: id, scopes: ['system/Patient.rs'] });
    const late = await inject('GET', '/api/session', { headers: bearer(expired.accessToken) });
    expect(late.statusCode).toBe(401);
    expect(late.headers['www-authenticate']).toMatch(/expired/);

    const token = await tokenFor(id, secret);
    const [head = '', body = ''] = token.split('.');
    const forged = `${head}.${Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(body, 'base64url').toString()) as object, scope: 'system/*.cruds' })).toString('base64url')}.${token.split('.')[2] ?? ''}`;
    expect((await inject('GET', '/api/session', { headers: bearer(forged) })).statusCode).toBe(401);

    await disableClient(db, id);
    const off = await inject('GET', '/api/session', { headers: bearer(token) });
    expect(off.statusCode).toBe(401);
    expect(off.headers['www-authenticate']).toMatch(/client is disabled/);
  });

  it.skipIf(!backend.available)('remembers that a client is enabled for 30 seconds, no longer', async () => {
    const { id } = await system();
    const db = fhir.joinedUp().db;
    const tokens = tokenService(db);
    let now = 1_000_000;
    const authenticator = bearerAuthenticator(db, tokens, { clock: () => now });
    const { accessToken } = await tokens.issue({ clientId: id, scopes: ['system/Patient.rs'] });
    expect(await authenticator.authenticate(accessToken)).toMatchObject({ kind: 'system', system: { clientId: id }, scopes: ['system/Patient.rs'] });
    await disableClient(db, id);
    now += 29_000;
    expect(await authenticator.authenticate(accessToken)).toMatchObject({ kind: 'system' });
    now += 2_000;
    await expect(authenticator.authenticate(accessToken)).rejects.toThrow(/client is disabled/);
  });

  describe('an app, with the authorization code flow and PKCE', () => {
    const setUp = async (options: { public?: boolean } = {}) => {
      const i = unique();
      const db = fhir.joinedUp().db;
      await createAccount(db, { username: `nurse${i}`, displayName: `Nurse Joy ${i}`, role: 'district-nurse', password });
      const app = await createClient(db, { name: `Care Notes ${i}`, kind: 'app', scopes: 'user/*.rs user/Observation.cruds', redirectUris: [callback], public: options.public ?? true });
      const ip = `10.1.0.${i}`;
      const signIn = await fhir.joinedUp().app.inject({ method: 'POST', url: '/api/session', remoteAddress: ip, headers: { 'content-type': 'application/json' }, payload: JSON.stringify({ username: `nurse${i}`, password }) });
      const cookie = String(signIn.headers['set-cookie']).split(';')[0] ?? '';
      const csrf = signIn.json<{ csrfToken: string }>().csrfToken;
      return { i, clientId: app.client.id, secret: app.secret, cookie, csrf, username: `nurse${i}` };
    };
    const pkce = () => {
      const verifier = randomBytes(32).toString('base64url');
      return { verifier, challenge: createHash('sha256').update(verifier).digest('base64url') };
    };
    const authorizeQuery = (clientId: string, challenge: string, extra: Record<string, string> = {}) => new URLSearchParams({
      response_type: 'code', client_id: clientId, redirect_uri: callback, scope: 'user/Patient.rs openid', state: 'xyz-123', code_challenge: challenge, code_challenge_method: 'S256', ...extra,
    }).toString();
    const approve = async (s: Awaited<ReturnType<typeof setUp>>, challenge: string, decision: 'allow' | 'deny' = 'allow') => {
      const params = Object.fromEntries(new URLSearchParams(authorizeQuery(s.clientId, challenge)));
      const answer = await inject('POST', '/api/oauth/authorize', { headers: { cookie: s.cookie, 'x-csrf-token': s.csrf }, json: { ...params, decision } });
      expect(answer.statusCode, answer.body).toBe(200);
      return new URL(answer.json<{ redirectTo: string }>().redirectTo);
    };

    it.skipIf(!backend.available)('sends someone not signed in to sign in, then to the approval page, and on approval gives the app a code it exchanges for a token acting for them', async () => {
      const s = await setUp();
      const { verifier, challenge } = pkce();
      const query = authorizeQuery(s.clientId, challenge);
      const anonymous = await inject('GET', `/oauth/authorize?${query}`);
      expect(anonymous.statusCode).toBe(302);
      expect(anonymous.headers.location).toBe(`/sign-in?next=${encodeURIComponent(`/oauth/authorize?${query}`)}`);
      const signedIn = await inject('GET', `/oauth/authorize?${query}`, { headers: { cookie: s.cookie } });
      expect(signedIn.headers.location).toBe(`/oauth/approve?${query}`);
      const view = await inject('GET', `/api/oauth/authorize?${query}`, { headers: { cookie: s.cookie } });
      expect(view.json()).toEqual({ client: { id: s.clientId, name: `Care Notes ${s.i}` }, redirectUri: callback, scopes: [{ scope: 'user/Patient.rs', description: 'Read and search Patient records you can see' }], patientContext: false });

      // Approving needs the session's CSRF token.
      const noCsrf = await inject('POST', '/api/oauth/authorize', { headers: { cookie: s.cookie }, json: { ...Object.fromEntries(new URLSearchParams(query)), decision: 'allow' } });
      expect(noCsrf.statusCode).toBe(403);
      const back = await approve(s, challenge);
      expect(`${back.origin}${back.pathname}`).toBe(callback);
      expect(back.searchParams.get('state')).toBe('xyz-123');
      const code = back.searchParams.get('code') ?? '';
      expect(code).toMatch(/^[\w-]{43}$/);

      const exchange = await inject('POST', '/oauth/token', { form: { grant_type: 'authorization_code', code, redirect_uri: callback, client_id: s.clientId, code_verifier: verifier } });
      expect(exchange.statusCode, exchange.body).toBe(200);
      expect(exchange.json()).toMatchObject({ token_type: 'Bearer', expires_in: 900, scope: 'user/Patient.rs' });
      const token = exchange.json<{ access_token: string }>().access_token;
      const who = await inject('GET', '/api/session', { headers: bearer(token) });
      expect(who.json()).toEqual({ signedIn: expect.objectContaining({ username: s.username, name: `Nurse Joy ${s.i}`, role: 'district-nurse' }) as object, scopes: ['user/Patient.rs'] });

      // The code works once.
      const again = await inject('POST', '/oauth/token', { form: { grant_type: 'authorization_code', code, redirect_uri: callback, client_id: s.clientId, code_verifier: verifier } });
      expect(again.statusCode).toBe(400);
      expect(again.json()).toEqual({ error: 'invalid_grant', error_description: expect.stringContaining('used already') as string });

      const { rows } = await fhir.joinedUp().db.query<{ action: string; outcome: number }>(
        `SELECT action, outcome FROM access.audit_event WHERE resource_type = 'Client' AND resource_id = $1 ORDER BY seq`, [s.clientId],
      );
      expect(rows).toEqual([{ action: 'app-allowed', outcome: 200 }, { action: 'token-issued', outcome: 200 }, { action: 'refused-code', outcome: 400 }]);
      expect((await verifyAudit(fhir.joinedUp().db)).breaks).toEqual([]);
    });

    it.skipIf(!backend.available)('refuses a wrong verifier, another redirect URI and another client, and a code with no verifier', async () => {
      const s = await setUp();
      const other = await setUp();
      const exchange = (code: string, form: Record<string, string>) =>
        inject('POST', '/oauth/token', { form: { grant_type: 'authorization_code', code, redirect_uri: callback, client_id: s.clientId, ...form } });
      const { verifier, challenge } = pkce();
      const wrongVerifier = await exchange((await approve(s, challenge)).searchParams.get('code') ?? '', { code_verifier: pkce().verifier });
      expect(wrongVerifier.json()).toMatchObject({ error: 'invalid_grant', error_description: expect.stringContaining('code_verifier does not match') as string });
      const wrongRedirect = await exchange((await approve(s, challenge)).searchParams.get('code') ?? '', { code_verifier: verifier, redirect_uri: 'https://app.example/other' });
      expect(wrongRedirect.json()).toMatchObject({ error: 'invalid_grant', error_description: expect.stringContaining('redirect_uri') as string });
      const otherClient = await exchange((await approve(s, challenge)).searchParams.get('code') ?? '', { code_verifier: verifier, client_id: other.clientId });
      expect(otherClient.json()).toMatchObject({ error: 'invalid_grant', error_description: expect.stringContaining('another client') as string });
      const noVerifier = await exchange((await approve(s, challenge)).searchParams.get('code') ?? '', {});
      expect(noVerifier.json()).toMatchObject({ error: 'invalid_request' });
      // A system's client credentials are not for an app.
      const asSystem = await inject('POST', '/oauth/token', { form: { grant_type: 'client_credentials', client_id: s.clientId } });
      expect(asSystem.json()).toMatchObject({ error: 'unauthorized_client' });
    });

    it.skipIf(!backend.available)('never sends the browser to an unregistered redirect URI, and sends other faults and a denial back to the app', async () => {
      const s = await setUp();
      const { challenge } = pkce();
      const elsewhere = authorizeQuery(s.clientId, challenge, { redirect_uri: 'https://attacker.example/steal' });
      const refused = await inject('GET', `/oauth/authorize?${elsewhere}`, { headers: { cookie: s.cookie } });
      expect(refused.headers.location).toBe(`/oauth/approve?${elsewhere}`);
      const said = await inject('GET', `/api/oauth/authorize?${elsewhere}`, { headers: { cookie: s.cookie } });
      expect(said.statusCode).toBe(400);
      expect(said.json()).toMatchObject({ code: 'authorize_request_invalid', detail: expect.stringContaining('https://attacker.example/steal') as string });
      const unknownApp = await inject('GET', `/api/oauth/authorize?${authorizeQuery('no-such-app', challenge)}`, { headers: { cookie: s.cookie } });
      expect(unknownApp.json()).toMatchObject({ code: 'authorize_request_invalid' });

      const noPkce = await inject('GET', `/oauth/authorize?${authorizeQuery(s.clientId, challenge, { code_challenge_method: 'plain' })}`, { headers: { cookie: s.cookie } });
      const toApp = new URL(String(noPkce.headers.location));
      expect(`${toApp.origin}${toApp.pathname}`).toBe(callback);
      expect(Object.fromEntries(toApp.searchParams)).toMatchObject({ error: 'invalid_request', state: 'xyz-123' });
      const tooMuch = await inject('GET', `/oauth/authorize?${authorizeQuery(s.clientId, challenge, { scope: 'user/Patient.cruds' })}`);
      expect(new URL(String(tooMuch.headers.location)).searchParams.get('error')).toBe('invalid_scope');

      const denied = await approve(s, challenge, 'deny');
      expect(Object.fromEntries(denied.searchParams)).toMatchObject({ error: 'access_denied', state: 'xyz-123' });
      expect(denied.searchParams.has('code')).toBe(false);
    });

    it.skipIf(!backend.available)('makes a confidential app authenticate, and lets a code last 60 seconds', async () => {
      const s = await setUp({ public: false });
      const { verifier, challenge } = pkce();
      const code = (await approve(s, challenge)).searchParams.get('code') ?? '';
      const without = await inject('POST', '/oauth/token', { form: { grant_type: 'authorization_code', code, redirect_uri: callback, client_id: s.clientId, code_verifier: verifier } });
      expect(without.statusCode).toBe(401);
      const code2 = (await approve(s, challenge)).searchParams.get('code') ?? '';
      const withSecret = await inject('POST', '/oauth/token', { headers: basic(s.clientId, s.secret ?? ''), form: { grant_type: 'authorization_code', code: code2, redirect_uri: callback, code_verifier: verifier } });
      expect(withSecret.statusCode, withSecret.body).toBe(200);

      const db = fhir.joinedUp().db;
      const { rows } = await db.query<{ id: number }>('SELECT id FROM access.account WHERE username = $1', [s.username]);
      const issuedAt = new Date();
      const late = await issueCode(db, { clientId: s.clientId, accountId: rows[0]?.id ?? 0, redirectUri: callback, scopes: ['user/Patient.rs'], codeChallenge: codeChallengeOf(verifier) }, issuedAt);
      const error = await redeemCode(db, { code: late, clientId: s.clientId, redirectUri: callback, codeVerifier: verifier }, new Date(issuedAt.getTime() + 61_000)).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(OAuthError);
      expect((error as OAuthError).description).toMatch(/expired/);
    });

    it.skipIf(!backend.available)('refuses a change to the FHIR API made with the session cookie but no CSRF token, as an OperationOutcome', async () => {
      const s = await setUp();
      const response = await fhir.joinedUp().app.inject({
        method: 'POST', url: '/fhir/r4/Patient', headers: { cookie: s.cookie, 'content-type': 'application/fhir+json' }, payload: JSON.stringify({ resourceType: 'Patient' }),
      });
      expect(response.statusCode).toBe(403);
      expect(response.json()).toMatchObject({ resourceType: 'OperationOutcome', issue: [{ code: 'forbidden', diagnostics: expect.stringContaining('CSRF') as string }] });
    });

    it.skipIf(!backend.available)('refuses the token and codes of an account once it is disabled', async () => {
      const s = await setUp();
      const { verifier, challenge } = pkce();
      const exchange = (code: string) => inject('POST', '/oauth/token', { form: { grant_type: 'authorization_code', code, redirect_uri: callback, client_id: s.clientId, code_verifier: verifier } });
      const token = (await exchange((await approve(s, challenge)).searchParams.get('code') ?? '')).json<{ access_token: string }>().access_token;
      const code = (await approve(s, challenge)).searchParams.get('code') ?? '';
      await fhir.joinedUp().db.query('UPDATE access.account SET disabled_at = now() WHERE username = $1', [s.username]);
      const refused = await inject('GET', '/api/session', { headers: bearer(token) });
      expect(refused.statusCode).toBe(401);
      expect(refused.headers['www-authenticate']).toMatch(/account the token acts for is disabled/);
      expect((await exchange(code)).json()).toMatchObject({ error: 'invalid_grant', error_description: expect.stringContaining('disabled') as string });
    });
  });

  it.skipIf(!backend.available)('publishes the SMART configuration at the root and under the FHIR base', async () => {
    for (const url of ['/.well-known/smart-configuration', '/fhir/r4/.well-known/smart-configuration']) {
      const response = await inject('GET', url, { headers: { host: 'joinedup.example' } });
      expect(response.statusCode).toBe(200);
      expect(response.json()).toMatchObject({
        issuer: expect.stringMatching(/^urn:uuid:/) as string,
        authorization_endpoint: 'http://joinedup.example/oauth/authorize',
        token_endpoint: 'http://joinedup.example/oauth/token',
        grant_types_supported: ['client_credentials', 'authorization_code'],
        token_endpoint_auth_methods_supported: ['client_secret_basic', 'client_secret_post', 'none'],
        code_challenge_methods_supported: ['S256'],
        response_types_supported: ['code'],
        capabilities: expect.arrayContaining(['client-confidential-symmetric', 'permission-v2']) as string[],
      });
    }
  });
});
