/**
 * Authorization codes (RFC 6749 §4.1) with PKCE (RFC 7636, S256 only): a code is 256 random bits,
 * kept only as its SHA-256, lasts 60 seconds, and works once. It is marked used before anything else
 * about the exchange is checked, so a code tried with a wrong verifier or redirect is spent.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Queryable } from '../../platform/index.js';
import { OAuthError } from './oauth-error.js';

export const codeSeconds = 60;

const sha256Hex = (text: string): string => createHash('sha256').update(text, 'utf8').digest('hex');

/** BASE64URL(SHA-256(verifier)), RFC 7636 §4.2. */
export function codeChallengeOf(verifier: string): string {
  return createHash('sha256').update(verifier, 'ascii').digest('base64url');
}

/** RFC 7636 §4.1: 43 to 128 unreserved characters. */
export const codeVerifierPattern = /^[A-Za-z0-9._~-]{43,128}$/;
/** RFC 7636 §4.2: a SHA-256 in base64url, no padding. */
export const codeChallengePattern = /^[A-Za-z0-9_-]{43}$/;

export interface NewCode {
  clientId: string;
  accountId: number;
  redirectUri: string;
  scopes: readonly string[];
  codeChallenge: string;
  /** The person the app is approved for (SMART patient launch context), if any. */
  launchPerson?: number | undefined;
}

/** Stores a new code and returns it. */
export async function issueCode(db: Queryable, c: NewCode, now: Date = new Date()): Promise<string> {
  const code = randomBytes(32).toString('base64url');
  await db.query(
    `INSERT INTO access.authorization_code (code_hash, client_id, account_id, redirect_uri, scopes, code_challenge, created_at, expires_at, person_id)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
    [sha256Hex(code), c.clientId, c.accountId, c.redirectUri, c.scopes.join(' '), c.codeChallenge, now, new Date(now.getTime() + codeSeconds * 1000), c.launchPerson ?? null],
  );
  return code;
}

interface CodeRow {
  client_id: string;
  account_id: string;
  redirect_uri: string;
  scopes: string;
  code_challenge: string;
  expires_at: Date;
  person_id: string | null;
}

/**
 * Exchanges a code for what it was issued for: the account and the approved scopes. Throws
 * invalid_grant (RFC 6749 §5.2) for an unknown, used or expired code, another client's, another
 * redirect URI, or a verifier that does not match the challenge.
 */
export async function redeemCode(
  db: Queryable,
  r: { code: string; clientId: string; redirectUri: string | undefined; codeVerifier: string | undefined },
  now: Date = new Date(),
): Promise<{ accountId: number; scopes: string[]; launchPerson?: number }> {
  if (r.codeVerifier === undefined) throw new OAuthError('invalid_request', 'code_verifier is required: this server takes the authorization code flow with PKCE only (RFC 7636).');
  if (!codeVerifierPattern.test(r.codeVerifier)) throw new OAuthError('invalid_request', 'code_verifier must be 43 to 128 letters, digits or -._~ (RFC 7636 §4.1).');
  const hash = sha256Hex(r.code);
  const { rows } = await db.query<CodeRow>(
    `UPDATE access.authorization_code SET used_at = $2 WHERE code_hash = $1 AND used_at IS NULL
     RETURNING client_id, account_id::text AS account_id, redirect_uri, scopes, code_challenge, expires_at, person_id::text AS person_id`,
    [hash, now],
  );
  const row = rows[0];
  if (!row) {
    const used = await db.query('SELECT 1 FROM access.authorization_code WHERE code_hash = $1', [hash]);
    throw new OAuthError('invalid_grant', used.rows.length > 0 ? 'The authorization code has been used already: a code works once.' : 'The authorization code is not one this server issued.');
  }
  if (row.expires_at <= now) throw new OAuthError('invalid_grant', `The authorization code has expired (codes last ${codeSeconds} seconds).`);
  if (row.client_id !== r.clientId) throw new OAuthError('invalid_grant', 'The authorization code was issued to another client.');
  if (r.redirectUri !== row.redirect_uri) throw new OAuthError('invalid_grant', 'redirect_uri must be the one the authorization request gave (RFC 6749 §4.1.3).');
  const expected = Buffer.from(row.code_challenge, 'ascii');
  const given = Buffer.from(codeChallengeOf(r.codeVerifier), 'ascii');
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) throw new OAuthError('invalid_grant', 'code_verifier does not match the code_challenge of the authorization request.');
  return { accountId: Number(row.account_id), scopes: row.scopes.split(' ').filter((s) => s !== ''), ...(row.person_id !== null ? { launchPerson: Number(row.person_id) } : {}) };
}
