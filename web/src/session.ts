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
  /** For a person's own account, the id of their record; null for everyone else. */
  personId: string | null;
}

function isSession(body: unknown): body is Omit<Session, 'personId'> {
  if (typeof body !== 'object' || body === null) return false;
  const b = body as { signedIn?: { name?: unknown }; csrfToken?: unknown };
  return typeof b.csrfToken === 'string' && typeof b.signedIn?.name === 'string';
}

/** The session an answer describes (the person's own record id beside it or inside signedIn), or null. */
function toSession(body: unknown): Session | null {
  if (!isSession(body)) return null;
  const b = body as { personId?: unknown; signedIn: { personId?: unknown } };
  const id = b.personId ?? b.signedIn.personId;
  const personId = typeof id === 'string' || typeof id === 'number' ? String(id) : null;
  return { signedIn: body.signedIn, csrfToken: body.csrfToken, personId };
}

let current: Promise<Session | null> | undefined;

/** The session of this page load, or null when no one is signed in. */
export function currentSession(): Promise<Session | null> {
  current ??= getJson('/api/session').then(toSession);
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
  const session = response.ok ? toSession(body) : null;
  if (session === null) throw new ApiError(`The server answered ${response.status}.`, response.status, toProblem(body));
  current = Promise.resolve(session);
  return session;
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

/** The sign-in page, coming back to `path` (this page, by default) once signed in. */
export function signInPath(path = window.location.pathname + window.location.search): string {
  return `/sign-in?next=${encodeURIComponent(path)}`;
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
