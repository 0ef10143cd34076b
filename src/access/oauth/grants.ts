/**
 * The token endpoint's work, apart from HTTP (RFC 6749 §4.1.3 and §4.4): authenticate the client,
 * check the grant, narrow the scopes, sign the token. A system uses client credentials; an app
 * exchanges an authorization code with its PKCE verifier. Scopes asked for must lie within the
 * client's (§3.3); with none asked it gets all of its own. Scopes for what this server does not
 * offer (openid, fhirUser, launch context, refresh tokens) are left out of the grant, as §3.3 lets a
 * server do, and the response's scope says what was granted.
 */
import type { Queryable } from '../../platform/index.js';
import { signedInAs } from '../accounts.js';
import { authenticateClient, findClient, type Client } from './clients.js';
import { redeemCode } from './codes.js';
import { OAuthError } from './oauth-error.js';
import { ScopeError, formatScope, parseScopes, scopeWithin, type Scope } from './scopes.js';
import type { TokenService } from './tokens.js';

export const grantTypes = ['client_credentials', 'authorization_code'] as const;

export interface TokenRequest {
  grantType: string | undefined;
  /** Credentials from the Authorization: Basic header (client_secret_basic). */
  basic?: { clientId: string; secret: string } | undefined;
  /** From the form body (client_secret_post, or a public app's client_id). */
  clientId?: string | undefined;
  clientSecret?: string | undefined;
  scope?: string | undefined;
  code?: string | undefined;
  redirectUri?: string | undefined;
  codeVerifier?: string | undefined;
}

/** RFC 6749 §5.1. */
export interface TokenResponse {
  access_token: string;
  token_type: 'Bearer';
  expires_in: number;
  scope: string;
  /** The Patient the token was approved for (SMART patient launch context). */
  patient?: string;
}

/** What happened, for the audit trail. */
export type GrantEvent =
  | { action: 'token-issued'; clientId: string; grant: string; scopes: string; accountId?: number }
  | { action: 'failed-client-authentication'; clientId: string; reason: string }
  | { action: 'refused-code'; clientId: string; reason: string };

export interface GrantDeps {
  db: Queryable;
  tokens: TokenService;
  now: () => Date;
}

/**
 * The scopes to grant: those asked for (in SMART v2 form), each within the client's, or all the
 * client's when none are asked. Throws invalid_scope naming the first that is not a SMART scope or
 * not the client's.
 */
export function narrowScopes(asked: string | undefined, allowed: readonly Scope[]): string[] {
  let scopes: Scope[];
  try {
    scopes = asked === undefined || asked.trim() === '' ? [...allowed] : parseScopes(asked);
  } catch (error) {
    if (error instanceof ScopeError) throw new OAuthError('invalid_scope', error.message);
    throw error;
  }
  const resource = scopes.filter((s) => s.kind === 'resource');
  for (const s of resource) {
    if (!scopeWithin(s, allowed)) throw new OAuthError('invalid_scope', `"${formatScope(s)}" is not within this client's scopes (${allowed.map(formatScope).join(' ')}).`);
  }
  if (resource.length === 0) throw new OAuthError('invalid_scope', 'Ask for at least one resource scope, e.g. system/Patient.rs or user/*.rs.');
  return resource.map(formatScope);
}

async function clientOf(deps: GrantDeps, r: TokenRequest, onEvent: (e: GrantEvent) => void): Promise<Client> {
  if (r.basic && r.clientSecret !== undefined) throw new OAuthError('invalid_request', 'Authenticate one way only: the Authorization header or client_secret in the body (RFC 6749 §2.3).');
  if (r.basic && r.clientId !== undefined && r.clientId !== r.basic.clientId) throw new OAuthError('invalid_request', 'client_id in the body is not the client of the Authorization header.');
  const clientId = r.basic?.clientId ?? r.clientId;
  const secret = r.basic?.secret ?? r.clientSecret;
  if (clientId === undefined || clientId === '') throw new OAuthError('invalid_client', 'Say which client you are: HTTP Basic authentication, or client_id (and client_secret) in the body.');
  const refuse = (reason: string): OAuthError => {
    onEvent({ action: 'failed-client-authentication', clientId, reason });
    return new OAuthError('invalid_client', reason);
  };
  if (secret !== undefined) {
    const client = await authenticateClient(deps.db, clientId, secret);
    if (!client) throw refuse('The client is unknown or disabled, or the secret is wrong.');
    return client;
  }
  const client = await findClient(deps.db, clientId);
  if (!client || client.id !== clientId || client.disabledAt !== null) throw refuse('The client is unknown or disabled.');
  if (client.confidential) throw refuse('This client has a secret: authenticate with it (HTTP Basic, or client_secret in the body).');
  return client;
}

/** The Patient resource that stands for a person in a launch context: the first of theirs the record received. */
async function patientOf(db: Queryable, personId: number): Promise<string | undefined> {
  const { rows } = await db.query<{ fhir_id: string }>(
    `SELECT fhir_id FROM record.source_record WHERE fhir_type = 'Patient' AND current AND NOT deleted AND person_id = $1 ORDER BY received_at, id LIMIT 1`, [personId],
  );
  return rows[0]?.fhir_id;
}

/** Answers a token request, or throws OAuthError; `onEvent` hears each issue and refusal worth auditing. */
export async function grantToken(deps: GrantDeps, r: TokenRequest, onEvent: (e: GrantEvent) => void = () => undefined): Promise<TokenResponse> {
  if (r.grantType === undefined || r.grantType === '') throw new OAuthError('invalid_request', `grant_type is required (${grantTypes.join(' or ')}).`);
  if (!(grantTypes as readonly string[]).includes(r.grantType)) throw new OAuthError('unsupported_grant_type', `grant_type ${r.grantType} is not offered: use ${grantTypes.join(' or ')}.`);
  const client = await clientOf(deps, r, onEvent);
  if (r.grantType === 'client_credentials') {
    if (client.kind !== 'system') throw new OAuthError('unauthorized_client', 'This client is an app: it gets tokens with the authorization code flow, for the person who approves it.');
    const scopes = narrowScopes(r.scope, client.scopes);
    const issued = await deps.tokens.issue({ clientId: client.id, scopes });
    onEvent({ action: 'token-issued', clientId: client.id, grant: 'client_credentials', scopes: issued.scope });
    return { access_token: issued.accessToken, token_type: 'Bearer', expires_in: issued.expiresIn, scope: issued.scope };
  }
  if (client.kind !== 'app') throw new OAuthError('unauthorized_client', 'This client is a system: it gets tokens with client_credentials.');
  if (r.code === undefined || r.code === '') throw new OAuthError('invalid_request', 'code is required for grant_type authorization_code.');
  let granted: { accountId: number; scopes: string[]; launchPerson?: number };
  try {
    granted = await redeemCode(deps.db, { code: r.code, clientId: client.id, redirectUri: r.redirectUri, codeVerifier: r.codeVerifier }, deps.now());
    if ((await signedInAs(deps.db, granted.accountId)) === undefined) throw new OAuthError('invalid_grant', 'The account that approved the app is disabled.');
  } catch (error) {
    if (error instanceof OAuthError) onEvent({ action: 'refused-code', clientId: client.id, reason: error.description });
    throw error;
  }
  const issued = await deps.tokens.issue({ clientId: client.id, accountId: granted.accountId, scopes: granted.scopes, launchPerson: granted.launchPerson });
  onEvent({ action: 'token-issued', clientId: client.id, grant: 'authorization_code', scopes: issued.scope, accountId: granted.accountId });
  const patient = granted.launchPerson === undefined ? undefined : await patientOf(deps.db, granted.launchPerson);
  return { access_token: issued.accessToken, token_type: 'Bearer', expires_in: issued.expiresIn, scope: issued.scope, ...(patient !== undefined ? { patient } : {}) };
}
