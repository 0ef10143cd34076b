/**
 * Who is signed in, from GET /api/session (the session itself is an HTTP-only cookie the page never
 * sees), with the CSRF token every change must carry. Asked once per page load.
 */
import { ApiError, getJson, setCsrfTokenSource, toProblem } from './api.js';

export interface SignedIn {
  accountId: number;
  username: string;
  name: string;
  role: string;
  roleName: string;
  organisationId: string | null;
}

export interface Session {
  signedIn: SignedIn;
  csrfToken: string;
}

function isSession(body: unknown): body is Session {
  if (typeof body !== 'object' || body === null) return false;
  const b = body as { signedIn?: { name?: unknown }; csrfToken?: unknown };
  return typeof b.csrfToken === 'string' && typeof b.signedIn?.name === 'string';
}

let current: Promise<Session | null> | undefined;

/** The session of this page load, or null when no one is signed in. */
export function currentSession(): Promise<Session | null> {
  current ??= getJson('/api/session').then((body) => (isSession(body) ? body : null));
  return current;
}

setCsrfTokenSource(async () => (await currentSession())?.csrfToken);

/** Signs in; throws ApiError with the server's problem (wrong password, locked, too many attempts, a code needed or wrong). */
export async function signIn(username: string, password: string, code?: string): Promise<Session> {
  let response: Response;
  try {
    response = await fetch('/api/session', {
      method: 'POST',
      headers: { accept: 'application/json', 'content-type': 'application/json' },
      body: JSON.stringify({ username, password, ...(code !== undefined ? { code } : {}) }),
    });
  } catch {
    throw new ApiError('The server could not be reached.', 0);
  }
  const body = (await response.json().catch(() => undefined)) as unknown;
  if (!response.ok || !isSession(body)) throw new ApiError(`The server answered ${response.status}.`, response.status, toProblem(body));
  current = Promise.resolve(body);
  return body;
}

/** Signs out of the current session. */
export async function signOut(): Promise<void> {
  const session = await currentSession();
  if (!session) return;
  const response = await fetch('/api/session', { method: 'DELETE', headers: { 'x-csrf-token': session.csrfToken } });
  if (!response.ok && response.status !== 401) throw new ApiError(`The server answered ${response.status}.`, response.status);
  current = Promise.resolve(null);
}

/**
 * The address to return to after signing in (`return`, or `next` as the OAuth authorization endpoint
 * sends it): a path on this site only, never another site's ("//host" and "/\host" are other sites to a browser).
 */
export function returnPath(search: string): string {
  const params = new URLSearchParams(search);
  const to = params.get('return') ?? params.get('next') ?? '/';
  return to.startsWith('/') && !to.startsWith('//') && !to.startsWith('/\\') ? to : '/';
}

/** An identity provider staff can sign in through. */
export interface IdentityProviderLink {
  id: string;
  name: string;
  startUrl: string;
}

/** The identity providers offered on the sign-in page (none when the list cannot be had). */
export async function identityProviders(): Promise<IdentityProviderLink[]> {
  const body = (await getJson('/api/identity-providers').catch(() => undefined)) as { providers?: unknown } | undefined;
  if (!Array.isArray(body?.providers)) return [];
  return (body.providers as unknown[]).filter((p): p is IdentityProviderLink => {
    const q = p as Partial<Record<keyof IdentityProviderLink, unknown>> | null;
    return typeof q?.id === 'string' && typeof q.name === 'string' && typeof q.startUrl === 'string';
  });
}
