/**
 * The authorization endpoint's work, apart from HTTP (RFC 6749 §4.1.1–4.1.2, RFC 7636, SMART App
 * Launch v2 standalone launch). A request whose client or redirect URI is not right is answered to
 * the person, never sent to the URI (§4.1.2.1: it may be an attacker's); any other fault goes back to
 * the app's registered redirect URI as error=…, with its state.
 */
import type { Queryable, SignedIn } from '../../platform/index.js';
import { normaliseNhsNumber, searchPeople } from '../../people/index.js';
import { accessError } from '../errors.js';
import { accountScope, ownPersonOf } from '../relationships.js';
import { findClient, type Client } from './clients.js';
import { codeChallengePattern, issueCode } from './codes.js';
import { OAuthError } from './oauth-error.js';
import { describeScope, parseScope } from './scopes.js';
import { narrowScopes } from './grants.js';

/** The query of GET /oauth/authorize, as the app sent it. */
export interface AuthorizeParams {
  response_type?: string | undefined;
  client_id?: string | undefined;
  redirect_uri?: string | undefined;
  scope?: string | undefined;
  state?: string | undefined;
  code_challenge?: string | undefined;
  code_challenge_method?: string | undefined;
  aud?: string | undefined;
}

/** A request fit to put to the person. */
export interface AuthorizeRequest {
  client: Client;
  redirectUri: string;
  scopes: string[];
  state: string | undefined;
  codeChallenge: string;
  /** Whether the app asks for a patient launch context (patient/ scopes, or launch/patient): it is then approved for one person. */
  patientContext: boolean;
}

/** What the approval screen shows. */
export interface ApprovalView {
  client: { id: string; name: string };
  redirectUri: string;
  scopes: { scope: string; description: string }[];
  patientContext: boolean;
}

/** The redirect URI with these parameters added (keeping any query it has, RFC 6749 §3.1.2). */
export function redirectWith(uri: string, params: Readonly<Record<string, string | undefined>>): string {
  const url = new URL(uri);
  for (const [name, value] of Object.entries(params)) if (value !== undefined) url.searchParams.set(name, value);
  return url.toString();
}

/**
 * Checks an authorization request: the request to put to the person, or the address to send an
 * error back to (the app's registered redirect URI). Throws authorize_request_invalid, for the person
 * to read, when the client or redirect URI is not right. `fhirBase` is this server's FHIR base URL,
 * which SMART's aud must name when given.
 */
export async function checkAuthorizeRequest(db: Queryable, p: AuthorizeParams, fhirBase: string): Promise<{ ok: true; request: AuthorizeRequest } | { ok: false; redirectTo: string; error: OAuthError }> {
  if (p.client_id === undefined || p.client_id === '') throw accessError('authorize_request_invalid', 'The request has no client_id.');
  const client = await findClient(db, p.client_id);
  if (!client || client.id !== p.client_id || client.kind !== 'app') throw accessError('authorize_request_invalid', `There is no app "${p.client_id}" registered here.`);
  if (client.disabledAt !== null) throw accessError('authorize_request_invalid', `The app "${client.name}" is disabled.`);
  const redirectUri = p.redirect_uri ?? (client.redirectUris.length === 1 ? client.redirectUris[0] : undefined);
  if (redirectUri === undefined) throw accessError('authorize_request_invalid', `The request has no redirect_uri, and "${client.name}" registered more than one.`);
  if (!client.redirectUris.includes(redirectUri)) throw accessError('authorize_request_invalid', `"${redirectUri}" is not a redirect URI "${client.name}" registered, so you are not sent there.`);
  try {
    return { ok: true, request: { client, redirectUri, ...checkRest(p, fhirBase, client) } };
  } catch (error) {
    if (!(error instanceof OAuthError)) throw error;
    return { ok: false, redirectTo: errorRedirect(redirectUri, error, p.state), error };
  }
}

function checkRest(p: AuthorizeParams, fhirBase: string, client: Client): Omit<AuthorizeRequest, 'client' | 'redirectUri'> {

  if (p.response_type !== 'code') throw new OAuthError('unsupported_response_type', 'response_type must be code.');
  if (p.code_challenge_method !== 'S256') throw new OAuthError('invalid_request', 'PKCE is required: code_challenge_method must be S256 (RFC 7636).');
  if (p.code_challenge === undefined || !codeChallengePattern.test(p.code_challenge)) throw new OAuthError('invalid_request', 'code_challenge must be BASE64URL(SHA-256(code_verifier)): 43 characters (RFC 7636 §4.2).');
  if (p.aud !== undefined && p.aud.replace(/\/+$/, '') !== fhirBase) throw new OAuthError('invalid_request', `aud must be this server's FHIR base URL, ${fhirBase}.`);
  const scopes = narrowScopes(p.scope, client.scopes);
  const patientContext = scopes.some((s) => s.startsWith('patient/')) || (p.scope ?? '').split(' ').includes('launch/patient');
  return { scopes, state: p.state, codeChallenge: p.code_challenge, patientContext };
}

/** What the person is asked to approve. */
export function approvalView(r: AuthorizeRequest): ApprovalView {
  return {
    client: { id: r.client.id, name: r.client.name },
    redirectUri: r.redirectUri,
    scopes: r.scopes.map((scope) => ({ scope, description: describeScope(parseScope(scope)) })),
    patientContext: r.patientContext,
  };
}

/**
 * Whom an app with a patient context is approved for: the person themselves, for their own account;
 * otherwise the person with the NHS number given, who must be someone the approver may see (anyone
 * else is "not found", as everywhere). Throws patient_context_invalid for the approver to correct.
 */
async function launchPersonOf(db: Queryable, signedIn: SignedIn, nhsNumber: string | undefined): Promise<number> {
  if (signedIn.role === 'person') {
    const own = await ownPersonOf(db, signedIn.accountId);
    if (own !== null) return own;
  }
  const digits = normaliseNhsNumber(nhsNumber ?? '');
  if (!/^\d{10}$/.test(digits)) {
    throw accessError('patient_context_invalid', 'Say whom the app is for.', [{ where: 'body', path: 'nhsNumber', message: 'must be the NHS number (10 digits) of the person the app is for' }]);
  }
  // Person search by NHS number, within the people the approver may see.
  const found = (await searchPeople(db, digits, 1, accountScope(signedIn))).results[0];
  if (found !== undefined) return Number(found.id);
  throw accessError('patient_context_invalid', `There is no one with NHS number ${digits} whose record you may see.`, [{ where: 'body', path: 'nhsNumber', message: 'is not the NHS number of anyone whose record you may see' }]);
}

/**
 * The person's answer: on allow a code for the app (bound to the person, the redirect URI, the scopes
 * and the PKCE challenge); either way the address to send the browser to.
 */
export async function decideAuthorization(
  db: Queryable, r: AuthorizeRequest, signedIn: SignedIn, decision: 'allow' | 'deny', patient: { nhsNumber?: string | undefined } = {}, now: Date = new Date(),
): Promise<{ redirectTo: string; allowed: boolean; launchPerson?: number }> {
  if (decision === 'deny') return { redirectTo: redirectWith(r.redirectUri, { error: 'access_denied', error_description: 'The person did not allow the app.', state: r.state }), allowed: false };
  const launchPerson = r.patientContext ? await launchPersonOf(db, signedIn, patient.nhsNumber) : undefined;
  const code = await issueCode(db, { clientId: r.client.id, accountId: signedIn.accountId, redirectUri: r.redirectUri, scopes: r.scopes, codeChallenge: r.codeChallenge, launchPerson }, now);
  return { redirectTo: redirectWith(r.redirectUri, { code, state: r.state }), allowed: true, ...(launchPerson !== undefined ? { launchPerson } : {}) };
}

/** Where an OAuthError of a checked client goes: its redirect URI, with error, description and state. */
export function errorRedirect(redirectUri: string, error: OAuthError, state: string | undefined): string {
  return redirectWith(redirectUri, { error: error.error, error_description: error.description, state });
}
