/**
 * Signing in through an OpenID Connect identity provider: the authorization code flow with PKCE
 * (S256), a state bound to the browser and a nonce bound to the ID token (OpenID Connect Core 1.0,
 * 3.1; RFC 7636). The ID token is checked for its issuer, audience, expiry and nonce, and its
 * signature against the provider's published keys (JWKS). The person's account is the one linked to
 * the provider's subject, or at a first sign-in the one whose username is the configured claim's
 * value (a link is then kept). The session starts exactly as a password sign-in's does.
 */
import { createHash } from 'node:crypto';
import * as oidc from 'openid-client';
import type { Queryable } from '../platform/index.js';
import { type SessionAccount, sessionAccountColumns, type SessionStart, type SignInClient, type SignInOutcome, startSession } from './accounts.js';
import { accessError } from './errors.js';
import { enabledProvider, type IdentityProviderWithSecret, isLoopback } from './identity-providers.js';

/** How long a person has at the provider before the sign-in must start again. */
export const providerSignInMinutes = 10;
/** How long a provider's discovery document and keys are kept before being fetched again. */
const discoveryMinutes = 60;

const hashOf = (value: string): string => createHash('sha256').update(value, 'utf8').digest('hex');

/** Where a sign-in through a provider began, for the redirect back. */
export interface ProviderSignInStart {
  authorizationUrl: URL;
  /** The state to keep in the browser (an HTTP-only cookie) until the callback. */
  state: string;
}

export interface ProviderSignInDone {
  session: SessionStart;
  providerName: string;
  returnPath: string;
}

interface PendingRow {
  code_verifier: string;
  nonce: string;
  return_path: string;
  live: boolean;
}

/**
 * Sign-in through providers, with each provider's discovery kept for an hour. One per app, so
 * that nothing lives in a module global.
 */
export function providerSignIn(db: Queryable) {
  const configs = new Map<string, { config: Promise<oidc.Configuration>; until: number }>();

  const configOf = async (provider: IdentityProviderWithSecret): Promise<oidc.Configuration> => {
    const key = hashOf([provider.id, provider.issuer, provider.clientId, provider.clientSecret ?? ''].join('\n'));
    const kept = configs.get(key);
    if (kept && kept.until > Date.now()) return kept.config;
    const issuer = new URL(provider.issuer);
    const config = oidc.discovery(
      issuer, provider.clientId, provider.clientSecret ?? undefined,
      provider.clientSecret === null ? oidc.None() : oidc.ClientSecretPost(provider.clientSecret),
      // eslint-disable-next-line @typescript-eslint/no-deprecated -- plain http is allowed only for a provider on this machine (tests, development)
      { execute: [oidc.enableNonRepudiationChecks, ...(isLoopback(issuer) && issuer.protocol === 'http:' ? [oidc.allowInsecureRequests] : [])] },
    );
    configs.set(key, { config, until: Date.now() + discoveryMinutes * 60_000 });
    try {
      return await config;
    } catch (error) {
      configs.delete(key);
      throw accessError('identity_provider_unavailable', `${provider.name} (${provider.issuer}) did not answer its discovery request: ${error instanceof Error ? error.message : String(error)}.`);
    }
  };

  return {
    /** Starts a sign-in: the address at the provider to send the browser to, and the state it must bring back. */
    async begin(providerId: string, redirectUri: string, returnPath: string): Promise<ProviderSignInStart> {
      const provider = await enabledProvider(db, providerId);
      const config = await configOf(provider);
      const state = oidc.randomState();
      const nonce = oidc.randomNonce();
      const verifier = oidc.randomPKCECodeVerifier();
      await db.query('DELETE FROM access.provider_sign_in WHERE expires_at < now()');
      await db.query(
        `INSERT INTO access.provider_sign_in (state_hash, provider_id, code_verifier, nonce, return_path, expires_at)
         VALUES ($1, $2, $3, $4, $5, now() + make_interval(mins => $6))`,
        [hashOf(state), provider.id, verifier, nonce, returnPath, providerSignInMinutes],
      );
      const authorizationUrl = oidc.buildAuthorizationUrl(config, {
        redirect_uri: redirectUri, scope: provider.scopes, state, nonce,
        code_challenge: await oidc.calculatePKCECodeChallenge(verifier), code_challenge_method: 'S256',
      });
      return { authorizationUrl, state };
    },

    /**
     * Finishes a sign-in at the callback: `callbackUrl` is the address the provider sent the browser
     * back to, `browserState` the state kept in its cookie. Every refusal is an AppError saying why,
     * and `onOutcome` hears it (and a success) for the audit trail.
     */
    async finish(
      providerId: string, callbackUrl: URL, browserState: string | undefined, client: SignInClient,
      onOutcome?: (outcome: SignInOutcome) => void,
    ): Promise<ProviderSignInDone> {
      const provider = await enabledProvider(db, providerId);
      const failed = (why: string, username = `${provider.id} sign-in`, accountId: number | null = null): void => {
        onOutcome?.({ username, accountId, result: 'failed', reason: `identity provider ${provider.name}: ${why}` });
      };
      const state = callbackUrl.searchParams.get('state') ?? '';
      if (browserState === undefined || browserState === '' || state !== browserState) {
        failed('the state did not match the one this browser was given');
        throw accessError('provider_sign_in_expired', 'The state the provider sent back is not the one this browser was given when the sign-in started.');
      }
      const { rows } = await db.query<PendingRow>(
        'DELETE FROM access.provider_sign_in WHERE state_hash = $1 AND provider_id = $2 RETURNING code_verifier, nonce, return_path, expires_at > now() AS live',
        [hashOf(state), provider.id],
      );
      const pending = rows[0];
      if (!pending?.live) {
        failed('the sign-in was unknown, used already or too old');
        throw accessError('provider_sign_in_expired', `No sign-in through ${provider.name} with that state is waiting (each is used once, within ${providerSignInMinutes} minutes).`);
      }
      const config = await configOf(provider);
      let claims: Claims | undefined;
      try {
        const tokens = await oidc.authorizationCodeGrant(config, callbackUrl, {
          pkceCodeVerifier: pending.code_verifier, expectedState: state, expectedNonce: pending.nonce, idTokenExpected: true,
        });
        claims = tokens.claims();
        // Many providers put only `sub` in the ID token and the rest at the UserInfo endpoint (OpenID Connect Core 1.0, 5.4).
        if (claims && claims[provider.usernameClaim] === undefined && config.serverMetadata().userinfo_endpoint !== undefined) {
          claims = { ...(await oidc.fetchUserInfo(config, tokens.access_token, claims.sub)), ...claims };
        }
      } catch (error) {
        const why = error instanceof oidc.AuthorizationResponseError
          ? `the provider answered ${error.error}${error.error_description ? ` (${error.error_description})` : ''}`
          : `its answer did not pass the checks: ${reasonsOf(error)}`;
        failed(why);
        throw accessError('provider_sign_in_failed', `${provider.name} did not confirm who you are: ${why}.`);
      }
      if (!claims) {
        failed('no ID token came');
        throw accessError('provider_sign_in_failed', `${provider.name} sent no ID token.`);
      }
      const account = await accountFor(db, provider, claims);
      if (!account.found) {
        failed(account.why, account.username);
        throw accessError('provider_account_unknown', account.why);
      }
      if (account.row.disabled_at !== null) {
        failed('the account is disabled', account.row.username, account.row.id);
        throw accessError('account_disabled', `The account "${account.row.username}" is disabled.`);
      }
      const session = await startSession(db, account.row, client);
      onOutcome?.({ username: account.row.username, accountId: account.row.id, result: 'signed-in', reason: `identity provider ${provider.name}` });
      return { session, providerName: provider.name, returnPath: pending.return_path };
    },
  };
}

export type ProviderSignIn = ReturnType<typeof providerSignIn>;

/** An error's message with those of its causes (openid-client's outer message is generic: "invalid response encountered"). */
function reasonsOf(error: unknown): string {
  const out: string[] = [];
  for (let e: unknown = error; e instanceof Error && out.length < 4; e = e.cause) out.push(e.message);
  return out.length > 0 ? out.join(': ') : String(error);
}

/** The ID token's claims (checked), with any from the UserInfo endpoint beside them. */
type Claims = Record<string, unknown> & { sub: string; email_verified?: unknown };

type LinkedAccount = SessionAccount & { disabled_at: Date | null };

const accountColumns = `${sessionAccountColumns}, a.disabled_at`;

/** The account a provider's ID token names: by the kept link to its subject, else by the claim (then linked). */
async function accountFor(
  db: Queryable, provider: IdentityProviderWithSecret, claims: Claims,
): Promise<{ found: true; row: LinkedAccount } | { found: false; why: string; username: string }> {
  const linked = await db.query<LinkedAccount>(
    `SELECT ${accountColumns} FROM access.provider_link l JOIN access.account a ON a.id = l.account_id WHERE l.provider_id = $1 AND l.subject = $2`,
    [provider.id, claims.sub],
  );
  if (linked.rows[0]) return { found: true, row: linked.rows[0] };
  const value = claims[provider.usernameClaim];
  if (typeof value !== 'string' || value.trim() === '') {
    return { found: false, why: `${provider.name}'s ID token has no "${provider.usernameClaim}" claim to find the account by, and its subject is linked to no account.`, username: `${provider.id}:${claims.sub}` };
  }
  const username = value.trim().toLowerCase();
  // An unverified email address names no one (OpenID Connect Core 1.0, 5.1: email_verified).
  if (provider.usernameClaim === 'email' && claims.email_verified === false) {
    return { found: false, why: `${provider.name} has not verified the email address ${username}.`, username };
  }
  const byName = await db.query<LinkedAccount>(`SELECT ${accountColumns} FROM access.account a WHERE a.username = $1`, [username]);
  const row = byName.rows[0];
  if (!row) return { found: false, why: `No account here has the username "${username}" (${provider.name}'s "${provider.usernameClaim}" claim).`, username };
  await db.query('INSERT INTO access.provider_link (provider_id, subject, account_id) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING', [provider.id, claims.sub, row.id]);
  return { found: true, row };
}
