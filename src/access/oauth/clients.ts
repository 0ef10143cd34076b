/**
 * OAuth 2.0 clients: systems (client credentials, acting as themselves) and apps (authorization code
 * with PKCE, acting for the person who approves them), each with the SMART scopes it may be given.
 *
 * A secret is 256 random bits, shown once and kept only as its SHA-256. A slow password hash
 * (argon2id, as for accounts) guards secrets people choose and might reuse; a secret of 256 random
 * bits cannot be guessed however fast the hash, and a fast hash keeps every token request cheap.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { ErrorLocation, Queryable } from '../../platform/index.js';
import { accessError } from '../errors.js';
import { ScopeError, formatScopes, parseScopes, type Scope } from './scopes.js';

export const clientKinds = ['system', 'app'] as const;
export type ClientKind = (typeof clientKinds)[number];

export interface Client {
  id: string;
  name: string;
  kind: ClientKind;
  /** Whether it has a secret (a system always; an app when it is confidential). */
  confidential: boolean;
  scopes: readonly Scope[];
  redirectUris: readonly string[];
  createdAt: Date;
  disabledAt: Date | null;
}

export interface NewClient {
  name: string;
  kind: ClientKind;
  /** Space-separated SMART scopes. */
  scopes: string;
  redirectUris?: readonly string[];
  /** An app without a secret (a browser or mobile app, which cannot keep one); systems always have one. */
  public?: boolean;
}

interface ClientRow {
  id: string;
  name: string;
  kind: ClientKind;
  secret_hash: string | null;
  scopes: string;
  redirect_uris: string[];
  created_at: Date;
  disabled_at: Date | null;
}

const secretHash = (secret: string): string => createHash('sha256').update(secret, 'utf8').digest('hex');

/** The client id for a name: lower-case letters and digits joined by dashes, e.g. "Bayside Hospital PAS" → "bayside-hospital-pas". */
export function clientIdOf(name: string): string {
  return name.normalize('NFKD').replace(/[\u0300-\u036f]/g, '').toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 64).replace(/-+$/, '');
}

function redirectProblem(uri: string): string | undefined {
  let url: URL;
  try {
    url = new URL(uri);
  } catch {
    return `"${uri}" is not an absolute URL`;
  }
  if (url.hash !== '') return `"${uri}" must not have a fragment (RFC 6749 §3.1.2)`;
  const loopback = url.hostname === 'localhost' || url.hostname === '127.0.0.1' || url.hostname === '[::1]';
  if (url.protocol === 'http:' && !loopback) return `"${uri}" must use https (http only for localhost)`;
  if (url.protocol === 'javascript:' || url.protocol === 'data:' || url.protocol === 'file:') return `"${uri}" is not a place to send a browser`;
  return undefined;
}

/** Problems with a new client, each with the option it is about. */
export function clientProblems(c: NewClient): { problems: ErrorLocation[]; scopes: Scope[] } {
  const problems: ErrorLocation[] = [];
  const at = (path: string, message: string): void => {
    problems.push({ where: 'client', path, message });
  };
  const id = clientIdOf(c.name);
  if (c.name.trim() === '' || c.name.length > 200) at('name', 'must be a name of 1 to 200 characters');
  else if (!/^[a-z][a-z0-9-]{1,63}$/.test(id)) at('name', 'must start with a letter and have at least two letters or digits (the client id is made from them)');
  if (!(clientKinds as readonly string[]).includes(c.kind)) at('kind', `must be one of ${clientKinds.join(', ')}`);
  let scopes: Scope[] = [];
  try {
    scopes = parseScopes(c.scopes);
    if (scopes.length === 0) at('scopes', 'must list at least one scope, e.g. "system/*.rs"');
  } catch (error) {
    if (!(error instanceof ScopeError)) throw error;
    at('scopes', error.message);
  }
  for (const s of scopes) {
    if (s.kind !== 'resource') continue;
    if (c.kind === 'system' && s.context !== 'system') at('scopes', `a system acts as itself: "${formatScopes([s])}" must be a system/ scope`);
    if (c.kind === 'app' && s.context === 'system') at('scopes', `an app acts for a person: "${formatScopes([s])}" must be a user/ scope`);
  }
  const uris = c.redirectUris ?? [];
  if (c.kind === 'app' && uris.length === 0) at('redirectUri', 'an app needs at least one redirect URI (where the person is sent back with the code)');
  if (c.kind === 'system' && uris.length > 0) at('redirectUri', 'a system has no redirect URIs (use --app for an app)');
  if (c.kind === 'system' && c.public === true) at('public', 'a system always has a secret');
  for (const uri of uris) {
    const problem = redirectProblem(uri);
    if (problem !== undefined) at('redirectUri', problem);
  }
  return { problems, scopes };
}

/** Registers a client; returns it with its secret (shown this once, never stored), or no secret for a public app. */
export async function createClient(db: Queryable, c: NewClient): Promise<{ client: Client; secret: string | undefined }> {
  const { problems, scopes } = clientProblems(c);
  if (problems.length > 0) throw accessError('client_invalid', `${problems.length} problem(s) with the client.`, problems);
  const secret = c.kind === 'app' && c.public === true ? undefined : randomBytes(32).toString('base64url');
  const { rows } = await db.query<ClientRow>(
    `INSERT INTO access.client (id, name, kind, secret_hash, scopes, redirect_uris) VALUES ($1, $2, $3, $4, $5, $6)
     ON CONFLICT (id) DO NOTHING RETURNING id, name, kind, secret_hash, scopes, redirect_uris, created_at, disabled_at`,
    [clientIdOf(c.name), c.name.trim(), c.kind, secret === undefined ? null : secretHash(secret), formatScopes(scopes), [...(c.redirectUris ?? [])]],
  );
  const row = rows[0];
  if (!row) throw accessError('client_invalid', `There is already a client "${clientIdOf(c.name)}".`, [{ where: 'client', path: 'name', message: 'is taken (the client id is made from it)' }]);
  return { client: clientOf(row), secret };
}

function clientOf(row: ClientRow): Client {
  return {
    id: row.id, name: row.name, kind: row.kind, confidential: row.secret_hash !== null, scopes: parseScopes(row.scopes), redirectUris: row.redirect_uris,
    createdAt: row.created_at, disabledAt: row.disabled_at,
  };
}

const columns = 'id, name, kind, secret_hash, scopes, redirect_uris, created_at, disabled_at';

/** Every registered client, oldest first. */
export async function listClients(db: Queryable): Promise<Client[]> {
  const { rows } = await db.query<ClientRow>(`SELECT ${columns} FROM access.client ORDER BY created_at, id`);
  return rows.map(clientOf);
}

/** The client with this id (or, failing that, this name), disabled or not. */
export async function findClient(db: Queryable, idOrName: string): Promise<Client | undefined> {
  const { rows } = await db.query<ClientRow>(`SELECT ${columns} FROM access.client WHERE id = $1 OR lower(name) = lower($1) ORDER BY id = $1 DESC LIMIT 1`, [idOrName]);
  return rows[0] ? clientOf(rows[0]) : undefined;
}

/** Disables a client: it gets no more tokens, and the tokens it has stop working within the bearer cache's 30 s. */
export async function disableClient(db: Queryable, id: string): Promise<Client> {
  const { rows } = await db.query<ClientRow>(
    `UPDATE access.client SET disabled_at = coalesce(disabled_at, now()) WHERE id = $1 RETURNING ${columns}`,
    [id],
  );
  if (!rows[0]) throw accessError('client_not_found', `There is no client "${id}".`);
  return clientOf(rows[0]);
}

/**
 * The enabled client whose secret this is, or undefined. The hashes are compared in constant time,
 * and an unknown client costs the same hash as a known one.
 */
export async function authenticateClient(db: Queryable, id: string, secret: string): Promise<Client | undefined> {
  const { rows } = await db.query<ClientRow>(`SELECT ${columns} FROM access.client WHERE id = $1 AND disabled_at IS NULL`, [id], { prepared: true });
  const row = rows[0];
  const given = Buffer.from(secretHash(secret), 'hex');
  const stored = Buffer.from(row?.secret_hash ?? '0'.repeat(64), 'hex');
  return row !== undefined && row.secret_hash !== null && timingSafeEqual(given, stored) ? clientOf(row) : undefined;
}

/** Whether the client is enabled now (for the bearer check; see bearer.ts for how long this is cached). */
export async function clientEnabled(db: Queryable, id: string): Promise<{ name: string } | undefined> {
  const { rows } = await db.query<{ name: string }>('SELECT name FROM access.client WHERE id = $1 AND disabled_at IS NULL', [id], { prepared: true });
  return rows[0];
}
