// Signing in through an OpenID Connect identity provider, on each backend, against a real provider
// (oidc-provider) started here on a free port of 127.0.0.1: the whole browser journey (our start
// address, the provider's login and consent forms, the callback) ends in a session that
// GET /api/session reports; and the refusals: a state this browser was not given, a callback used
// twice, a person with no account, a disabled account, a provider that is not configured.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends } from '../../test/support/databases.js';
import { fhirAppFor } from '../../test/support/fhir.js';
import { startTestIdentityProvider, type TestIdentityProvider } from '../../test/support/identity-provider.js';
import { addIdentityProvider, createAccount, listIdentityProviders } from './index.js';

const ourOrigin = 'http://joinedup.test';
const callback = `${ourOrigin}/api/sign-in/test-idp/callback`;

let idp: TestIdentityProvider | undefined;
let issuer = '';

beforeAll(async () => {
  idp = await startTestIdentityProvider([callback], {
    'ada-sub-1': { preferred_username: 'ada.okafor', name: 'Dr Ada Okafor' },
    'nobody-sub': { preferred_username: 'not.here', name: 'Not Here' },
    'off-sub': { preferred_username: 'left.already', name: 'Left Already' },
  });
  issuer = idp.issuer;
});
afterAll(async () => {
  await idp?.close();
});

/** A browser's cookies at the provider (by name; paths do not matter here). */
class CookieJar {
  private readonly cookies = new Map<string, string>();
  take(response: Response): void {
    for (const line of response.headers.getSetCookie()) {
      const [pair = ''] = line.split(';');
      const at = pair.indexOf('=');
      this.cookies.set(pair.slice(0, at), pair.slice(at + 1));
    }
  }
  header(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }
}

/**
 * Goes through the provider as a person would, from the authorization address: follows its
 * redirects, signs in on its login form as `login`, agrees on its consent form; returns the address
 * it sends the browser back to here.
 */
async function throughProvider(authorizationUrl: string, login: string): Promise<URL> {
  const jar = new CookieJar();
  let url = authorizationUrl;
  let form: URLSearchParams | undefined;
  for (let hops = 0; hops < 20; hops++) {
    const response = await fetch(url, {
      method: form ? 'POST' : 'GET', redirect: 'manual',
      headers: { cookie: jar.header(), ...(form ? { 'content-type': 'application/x-www-form-urlencoded' } : {}) },
      ...(form ? { body: form.toString() } : {}),
    });
    jar.take(response);
    form = undefined;
    const location = response.headers.get('location');
    if (location !== null) {
      const next = new URL(location, url);
      if (next.origin === ourOrigin) return next;
      url = next.href;
      continue;
    }
    const html = await response.text();
    const action = /<form[^>]*action="([^"]+)"/.exec(html)?.[1];
    if (action === undefined) throw new Error(`The provider showed a page with no form (${response.status}): ${html.slice(0, 500)}`);
    url = new URL(action.replace(/&amp;/g, '&'), url).href;
    const prompt = /name="prompt" value="([^"]+)"/.exec(html)?.[1] ?? '';
    form = new URLSearchParams(prompt === 'login' ? { prompt, login, password: 'anything' } : { prompt });
  }
  throw new Error('The provider never sent the browser back');
}

describe.each(backends)('signing in through an identity provider on $name', (backend) => {
  const fhir = fhirAppFor(backend);
  let n = 0;
  const inject = (url: string, cookie?: string) => {
    n++;
    return fhir.joinedUp().app.inject({ method: 'GET', url, remoteAddress: `10.2.0.${n % 250}`, headers: { host: 'joinedup.test', ...(cookie ? { cookie } : {}) } });
  };
  const cookiesOf = (set: string | string[] | undefined): Map<string, string> =>
    new Map((Array.isArray(set) ? set : set === undefined ? [] : [set]).map((line) => {
      const [pair = ''] = line.split(';');
      return [pair.slice(0, pair.indexOf('=')), pair.slice(pair.indexOf('=') + 1)] as const;
    }));

  /** Starts a sign-in at our address; the provider's address and the state cookie this browser was given. */
  const start = async (returnTo = '/people') => {
    const started = await inject(`/api/sign-in/test-idp?return=${encodeURIComponent(returnTo)}`);
    expect(started.statusCode, started.body).toBe(303);
    const state = cookiesOf(started.headers['set-cookie']).get('joinedup_provider_state') ?? '';
    return { location: String(started.headers.location), stateCookie: `joinedup_provider_state=${state}` };
  };
  const finish = (back: URL, stateCookie: string) => inject(back.pathname + back.search, stateCookie);

  beforeAll(async () => {
    if (!backend.available) return;
    const { db } = fhir.joinedUp();
    await addIdentityProvider(db, { id: 'test-idp', name: 'Test Identity', issuer, clientId: idp?.clientId ?? '', clientSecret: idp?.clientSecret ?? null, scopes: 'openid profile' });
    await createAccount(db, { username: 'ada.okafor', displayName: 'Dr Ada Okafor', role: 'gp', password: 'a password she never needs here' });
    await createAccount(db, { username: 'left.already', displayName: 'Left Already', role: 'gp', password: 'a password no one uses now' });
    await db.query(`UPDATE access.account SET disabled_at = now() WHERE username = 'left.already'`);
  });

  it.skipIf(!backend.available)('lists the provider, and signs in through its login and consent forms to a session, back on the page asked for', async () => {
    expect((await inject('/api/identity-providers')).json()).toEqual({ providers: [{ id: 'test-idp', name: 'Test Identity', startUrl: '/api/sign-in/test-idp' }] });
    const { location, stateCookie } = await start('/people');
    const authorization = new URL(location);
    expect(authorization.origin).toBe(issuer);
    expect(authorization.searchParams.get('code_challenge_method')).toBe('S256');
    expect(authorization.searchParams.get('redirect_uri')).toBe(callback);
    expect(authorization.searchParams.get('nonce')).toMatch(/.{20,}/);

    const back = await throughProvider(location, 'ada-sub-1');
    expect(back.searchParams.get('code')).toBeTruthy();
    const done = await finish(back, stateCookie);
    expect(done.statusCode, done.body).toBe(303);
    expect(done.headers.location).toBe('/people');
    const session = cookiesOf(done.headers['set-cookie']).get('joinedup_session');
    expect(session).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(String(done.headers['set-cookie'])).toMatch(/joinedup_session=[^;]+;.*HttpOnly.*SameSite=Strict/);
    const me = await inject('/api/session', `joinedup_session=${session ?? ''}`);
    expect(me.json()).toMatchObject({ signedIn: { username: 'ada.okafor', name: 'Dr Ada Okafor', role: 'gp' }, csrfToken: expect.any(String) as string });

    // The provider's subject is now linked to the account; the audit trail says how she signed in.
    const { db } = fhir.joinedUp();
    expect((await db.query('SELECT subject FROM access.provider_link WHERE provider_id = $1', ['test-idp'])).rows).toEqual([{ subject: 'ada-sub-1' }]);
    const audit = await db.query<{ action: string; reason: string }>(`SELECT action, reason FROM access.audit_event WHERE actor = 'ada.okafor' ORDER BY seq DESC LIMIT 1`);
    expect(audit.rows).toEqual([{ action: 'sign-in', reason: 'identity provider Test Identity' }]);

    // The same answer from the provider cannot be used again.
    const replay = await finish(back, stateCookie);
    expect(replay.headers.location).toBe('/sign-in?problem=provider_sign_in_expired');
  });

  it.skipIf(!backend.available)('refuses a callback whose state is not the one this browser was given, and starts no session', async () => {
    const { location } = await start();
    const back = await throughProvider(location, 'ada-sub-1');
    const other = await start();
    for (const cookie of [other.stateCookie, undefined]) {
      const refused = await finish(back, cookie ?? '');
      expect(refused.statusCode).toBe(303);
      expect(refused.headers.location).toBe('/sign-in?problem=provider_sign_in_expired');
      expect(cookiesOf(refused.headers['set-cookie']).get('joinedup_session')).toBeUndefined();
    }
  });

  it.skipIf(!backend.available)('refuses a person the provider knows but who has no account here, or whose account is disabled, and audits why', async () => {
    for (const [login, problem, username] of [['nobody-sub', 'provider_account_unknown', 'not.here'], ['off-sub', 'account_disabled', 'left.already']] as const) {
      const { location, stateCookie } = await start();
      const refused = await finish(await throughProvider(location, login), stateCookie);
      expect(refused.headers.location).toBe(`/sign-in?problem=${problem}`);
      expect(cookiesOf(refused.headers['set-cookie']).get('joinedup_session')).toBeUndefined();
      const audit = await fhir.joinedUp().db.query<{ action: string; outcome: number; reason: string }>(`SELECT action, outcome, reason FROM access.audit_event WHERE actor = $1 ORDER BY seq DESC LIMIT 1`, [username]);
      expect(audit.rows[0]).toMatchObject({ action: 'failed-sign-in', outcome: 401, reason: expect.stringMatching(/^identity provider Test Identity: /) as string });
    }
  });

  it.skipIf(!backend.available)('refuses an ID token whose signature is not the provider\'s', async () => {
    const { location, stateCookie } = await start();
    const back = await throughProvider(location, 'ada-sub-1');
    idp?.forgeNextIdToken();
    const refused = await finish(back, stateCookie);
    expect(refused.headers.location).toBe('/sign-in?problem=provider_sign_in_failed');
    expect(cookiesOf(refused.headers['set-cookie']).get('joinedup_session')).toBeUndefined();
    const audit = await fhir.joinedUp().db.query<{ reason: string }>(`SELECT reason FROM access.audit_event WHERE action = 'failed-sign-in' AND actor = 'test-idp sign-in' ORDER BY seq DESC LIMIT 1`);
    expect(audit.rows[0]?.reason).toMatch(/signature/i);
  });

  it.skipIf(!backend.available)('sends a sign-in through a provider that is not configured, or turned off, back to the sign-in page saying so', async () => {
    expect((await inject('/api/sign-in/no-such-idp')).headers.location).toBe('/sign-in?problem=identity_provider_not_found');
    expect((await inject('/api/sign-in/no-such-idp/callback?code=x&state=y', 'joinedup_provider_state=y')).headers.location).toBe('/sign-in?problem=identity_provider_not_found');
    const { db } = fhir.joinedUp();
    await db.query(`INSERT INTO access.identity_provider (id, name, issuer, client_id, enabled) VALUES ('old-idp', 'Old', 'https://old.example', 'x', false)`);
    expect((await inject('/api/sign-in/old-idp')).headers.location).toBe('/sign-in?problem=identity_provider_not_found');
    expect((await listIdentityProviders(db, { enabledOnly: true })).map((p) => p.id)).toEqual(['test-idp']);
  });
});
