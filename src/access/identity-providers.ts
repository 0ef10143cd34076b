/**
 * External OpenID Connect identity providers a site lets its staff sign in through (NHS CIS2, a
 * council's own), kept as data: each with its issuer, this site's client id and secret there, the
 * scopes to ask for, and which ID token claim names the account here.
 */
import type { ErrorLocation, Queryable } from '../platform/index.js';
import { accessError } from './errors.js';

export interface IdentityProvider {
  id: string;
  name: string;
  issuer: string;
  clientId: string;
  scopes: string;
  /** The ID token claim whose value is an account's username, e.g. preferred_username or email. */
  usernameClaim: string;
  enabled: boolean;
}

/** A provider with what is needed to talk to it (never sent to a browser). */
export interface IdentityProviderWithSecret extends IdentityProvider {
  clientSecret: string | null;
}

export interface NewIdentityProvider {
  id: string;
  name: string;
  issuer: string;
  clientId: string;
  clientSecret?: string | null;
  scopes?: string;
  usernameClaim?: string;
}

export const providerDefaults = { scopes: 'openid profile email', usernameClaim: 'preferred_username' } as const;

/** Plain http only for a provider on this machine (development, tests); https everywhere else. */
export function isLoopback(url: URL): boolean {
  return url.hostname === '127.0.0.1' || url.hostname === 'localhost' || url.hostname === '[::1]';
}

/** Problems with a new provider, each with the field it is about. */
export function identityProviderProblems(p: NewIdentityProvider): ErrorLocation[] {
  const out: ErrorLocation[] = [];
  const at = (path: string, message: string): void => {
    out.push({ where: 'identityProvider', path, message });
  };
  if (!/^[a-z0-9][a-z0-9-]{0,39}$/.test(p.id)) at('id', 'must be 1 to 40 lower-case letters, digits or dashes, starting with a letter or digit (it is in the sign-in address)');
  if (p.name.trim() === '' || p.name.length > 100) at('name', 'must be a name of 1 to 100 characters, as the sign-in button shows it');
  let issuer: URL | undefined;
  try {
    issuer = new URL(p.issuer);
  } catch {
    at('issuer', 'must be a URL, the provider\'s issuer (its discovery document is at ISSUER/.well-known/openid-configuration)');
  }
  if (issuer && issuer.protocol !== 'https:' && !(issuer.protocol === 'http:' && isLoopback(issuer))) at('issuer', 'must be an https URL (plain http only on this machine)');
  if (issuer && (issuer.search !== '' || issuer.hash !== '')) at('issuer', 'must not have a query or fragment');
  if (p.clientId.trim() === '' || p.clientId.length > 500) at('clientId', 'must be the client id the provider gave this site (1 to 500 characters)');
  if (p.clientSecret !== undefined && p.clientSecret !== null && p.clientSecret.length > 2000) at('clientSecret', 'must be at most 2,000 characters');
  const scopes = p.scopes ?? providerDefaults.scopes;
  if (!scopes.split(/\s+/).includes('openid')) at('scopes', 'must include openid (scopes are separated by spaces)');
  if (!/^[A-Za-z0-9_:.-]{1,100}$/.test(p.usernameClaim ?? providerDefaults.usernameClaim)) at('claim', 'must be a claim name, e.g. preferred_username or email');
  return out;
}

/** Adds an identity provider (enabled). */
export async function addIdentityProvider(db: Queryable, p: NewIdentityProvider): Promise<void> {
  const problems = identityProviderProblems(p);
  if (problems.length > 0) throw accessError('identity_provider_invalid', `${problems.length} problem(s) with the identity provider.`, problems);
  const { rows } = await db.query(
    `INSERT INTO access.identity_provider (id, name, issuer, client_id, client_secret, scopes, username_claim) VALUES ($1, $2, $3, $4, $5, $6, $7)
     ON CONFLICT (id) DO NOTHING RETURNING id`,
    [p.id, p.name.trim(), p.issuer.replace(/\/+$/, ''), p.clientId.trim(), p.clientSecret === '' ? null : (p.clientSecret ?? null), (p.scopes ?? providerDefaults.scopes).trim().split(/\s+/).join(' '), p.usernameClaim ?? providerDefaults.usernameClaim],
  );
  if (rows.length === 0) throw accessError('identity_provider_exists', `There is already an identity provider "${p.id}".`, [{ where: 'identityProvider', path: 'id', message: 'is taken' }]);
}

interface ProviderRow {
  id: string;
  name: string;
  issuer: string;
  client_id: string;
  client_secret: string | null;
  scopes: string;
  username_claim: string;
  enabled: boolean;
}

const providerOf = (r: ProviderRow): IdentityProviderWithSecret => ({
  id: r.id, name: r.name, issuer: r.issuer, clientId: r.client_id, clientSecret: r.client_secret, scopes: r.scopes, usernameClaim: r.username_claim, enabled: r.enabled,
});

/** Every identity provider (or only the enabled ones), by name; without their secrets. */
export async function listIdentityProviders(db: Queryable, options: { enabledOnly?: boolean } = {}): Promise<IdentityProvider[]> {
  const { rows } = await db.query<ProviderRow>(
    `SELECT id, name, issuer, client_id, NULL AS client_secret, scopes, username_claim, enabled FROM access.identity_provider
      WHERE enabled OR NOT $1 ORDER BY name, id`,
    [options.enabledOnly === true],
  );
  return rows.map((r) => {
    const { clientSecret: _secret, ...rest } = providerOf(r);
    return rest;
  });
}

/** An enabled provider with its secret; identity_provider_not_found when there is none by that id. */
export async function enabledProvider(db: Queryable, id: string): Promise<IdentityProviderWithSecret> {
  const { rows } = await db.query<ProviderRow>(
    'SELECT id, name, issuer, client_id, client_secret, scopes, username_claim, enabled FROM access.identity_provider WHERE id = $1 AND enabled',
    [id],
  );
  const row = rows[0];
  if (!row) throw accessError('identity_provider_not_found', `There is no enabled identity provider "${id}".`);
  return providerOf(row);
}

/** Turns a provider on or off (its links to accounts stay). */
export async function setIdentityProviderEnabled(db: Queryable, id: string, enabled: boolean): Promise<void> {
  const { rows } = await db.query('UPDATE access.identity_provider SET enabled = $2 WHERE id = $1 RETURNING id', [id, enabled]);
  if (rows.length === 0) throw accessError('identity_provider_not_found', `There is no identity provider "${id}".`, [{ where: 'identityProvider', path: 'id', message: 'is not an identity provider' }]);
}
