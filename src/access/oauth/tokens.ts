/**
 * Access tokens: JWTs (RFC 9068 shape, header typ at+jwt) signed ES256 with the installation's key,
 * lasting 15 minutes. The key pair is made on first use and kept in access.signing_key, so every
 * process of an installation (and the CLI) signs with the same key; the private key sits in the
 * database (and its backups) like the rest of the installation's secrets. Verifying needs only the
 * public key, held in memory by kid after the first lookup, so a request costs no database round trip.
 *
 * The issuer is the installation itself (urn:uuid:<installation id>), not a host name: a token the
 * CLI mints is the same as one the server issues, whatever address clients reach the server by.
 */
import { randomUUID } from 'node:crypto';
import { type CryptoKey, type JWK, SignJWT, calculateJwkThumbprint, errors, exportJWK, generateKeyPair, importJWK, jwtVerify } from 'jose';
import type { Queryable } from '../../platform/index.js';

/** Seconds an access token lasts (the token response's expires_in). */
export const accessTokenSeconds = 15 * 60;

const algorithm = 'ES256';

/** What a verified token says. A system token's subject is its client; a user token's is the account it acts for. */
export type VerifiedToken =
  | { kind: 'system'; clientId: string; scopes: string[]; jti: string; expiresAt: Date }
  | { kind: 'user'; clientId: string; accountId: number; scopes: string[]; jti: string; expiresAt: Date; launchPerson?: number };

/** A bearer token that does not verify; the message says why, for error_description. */
export class TokenError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TokenError';
  }
}

export interface IssuedToken {
  accessToken: string;
  expiresIn: number;
  scope: string;
  jti: string;
}

export interface TokenService {
  /** The iss of every token this installation issues. */
  issuer(): Promise<string>;
  /** Signs a token for a system (subject = its client) or for the account an app acts for. */
  issue(t: { clientId: string; accountId?: number; scopes: readonly string[]; launchPerson?: number | undefined }): Promise<IssuedToken>;
  /** Verifies signature, issuer and expiry; throws TokenError. */
  verify(token: string): Promise<VerifiedToken>;
}

interface KeyRow {
  kid: string;
  public_jwk: JWK;
  private_jwk: JWK;
}

/** How long an unknown kid is remembered as unknown, so garbled tokens cannot make every request a database lookup. */
const unknownKidMs = 30_000;

/** Tokens for the installation on `db`; `now` is the clock (tests move it). */
export function tokenService(db: Queryable, options: { now?: () => Date } = {}): TokenService {
  const now = options.now ?? (() => new Date());
  let issuerOf: Promise<string> | undefined;
  let signing: Promise<{ kid: string; key: CryptoKey }> | undefined;
  const verifying = new Map<string, { key: CryptoKey | undefined; at: number }>();

  const issuer = (): Promise<string> => {
    issuerOf ??= db.query<{ id: string }>('SELECT id::text AS id FROM platform.installation LIMIT 1').then((r) => `urn:uuid:${r.rows[0]?.id ?? 'unknown'}`);
    return issuerOf;
  };

  const loadSigning = async (): Promise<{ kid: string; key: CryptoKey }> => {
    const current = (): Promise<KeyRow | undefined> =>
      db.query<KeyRow>(`SELECT kid, public_jwk, private_jwk FROM access.signing_key WHERE retired_at IS NULL`).then((r) => r.rows[0]);
    let row = await current();
    if (!row) {
      const pair = await generateKeyPair(algorithm, { extractable: true });
      const publicJwk = await exportJWK(pair.publicKey);
      const privateJwk = await exportJWK(pair.privateKey);
      const kid = await calculateJwkThumbprint(publicJwk);
      // Another process may have made one at the same moment: the unique index keeps theirs or ours, and both use it.
      await db.query(
        `INSERT INTO access.signing_key (kid, algorithm, public_jwk, private_jwk) VALUES ($1, $2, $3::jsonb, $4::jsonb) ON CONFLICT DO NOTHING`,
        [kid, algorithm, JSON.stringify({ ...publicJwk, kid, alg: algorithm }), JSON.stringify({ ...privateJwk, kid, alg: algorithm })],
      );
      row = await current();
      if (!row) throw new Error('no signing key after creating one');
    }
    return { kid: row.kid, key: (await importJWK(row.private_jwk, algorithm)) as CryptoKey };
  };

  const verificationKey = async (kid: string): Promise<CryptoKey | undefined> => {
    const known = verifying.get(kid);
    if (known && (known.key !== undefined || Date.now() - known.at < unknownKidMs)) return known.key;
    const { rows } = await db.query<Pick<KeyRow, 'public_jwk'>>('SELECT public_jwk FROM access.signing_key WHERE kid = $1', [kid], { prepared: true });
    const jwk = rows[0]?.public_jwk;
    const key = jwk === undefined ? undefined : ((await importJWK(jwk, algorithm)) as CryptoKey);
    if (verifying.size > 1000) verifying.clear();
    verifying.set(kid, { key, at: Date.now() });
    return key;
  };

  return {
    issuer,
    async issue({ clientId, accountId, scopes, launchPerson }) {
      // A failed load (say the database was away) is tried again next time.
      signing ??= loadSigning().catch((error: unknown) => {
        signing = undefined;
        throw error;
      });
      const { kid, key } = await signing;
      const iat = Math.floor(now().getTime() / 1000);
      const jti = randomUUID();
      const scope = scopes.join(' ');
      // The patient launch context, as the person's id in this installation (the token response names their Patient).
      const accessToken = await new SignJWT({ client_id: clientId, scope, ...(launchPerson !== undefined ? { launch_person: launchPerson } : {}) })
        .setProtectedHeader({ alg: algorithm, kid, typ: 'at+jwt' })
        .setIssuer(await issuer())
        .setSubject(accountId === undefined ? clientId : String(accountId))
        .setIssuedAt(iat)
        .setExpirationTime(iat + accessTokenSeconds)
        .setJti(jti)
        .sign(key);
      return { accessToken, expiresIn: accessTokenSeconds, scope, jti };
    },
    async verify(token) {
      let payload: Record<string, unknown>;
      try {
        ({ payload } = await jwtVerify(token, async (header) => {
          const key = header.kid === undefined ? undefined : await verificationKey(header.kid);
          if (key === undefined) throw new TokenError('the token was not signed by this installation');
          return key;
        }, { issuer: await issuer(), algorithms: [algorithm], typ: 'at+jwt', currentDate: now(), requiredClaims: ['sub', 'exp', 'iat', 'jti'] }));
      } catch (error) {
        if (error instanceof TokenError) throw error;
        if (error instanceof errors.JWTExpired) throw new TokenError('the token has expired: get a new one');
        if (error instanceof errors.JWTClaimValidationFailed) throw new TokenError(`the token's ${error.claim} claim is not right`);
        if (error instanceof errors.JOSEError) throw new TokenError('the token is not a valid access token of this installation');
        throw error;
      }
      const { sub, client_id: clientId, scope, jti, exp, launch_person: launchPerson } = payload;
      if (typeof sub !== 'string' || typeof clientId !== 'string' || typeof scope !== 'string' || typeof jti !== 'string' || typeof exp !== 'number') {
        throw new TokenError('the token lacks the client_id or scope claims');
      }
      const scopes = scope.split(' ').filter((s) => s !== '');
      const expiresAt = new Date(exp * 1000);
      if (sub === clientId) return { kind: 'system', clientId, scopes, jti, expiresAt };
      if (!/^[1-9][0-9]{0,17}$/.test(sub)) throw new TokenError('the token\'s subject is neither its client nor an account');
      if (launchPerson !== undefined && !(typeof launchPerson === 'number' && Number.isSafeInteger(launchPerson) && launchPerson > 0)) throw new TokenError('the token\'s launch_person claim is not right');
      return { kind: 'user', clientId, accountId: Number(sub), scopes, jti, expiresAt, ...(launchPerson !== undefined ? { launchPerson } : {}) };
    },
  };
}
