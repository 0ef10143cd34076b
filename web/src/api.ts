import { type Installation, isInstallation } from './installation.js';

/** One thing wrong with a request, and where: `path` names the field (e.g. "reason" in the body). */
export interface ProblemLocation {
  where: string;
  path: string;
  message: string;
}

/** An RFC 9457 problem details body, as the API returns for every error. */
export interface Problem {
  type?: string;
  title?: string;
  status?: number;
  detail?: string;
  code?: string;
  instance?: string;
  errors?: ProblemLocation[];
}

function isProblemLocation(value: unknown): value is ProblemLocation {
  const v = value as Partial<Record<keyof ProblemLocation, unknown>> | null;
  return typeof v?.where === 'string' && typeof v.path === 'string' && typeof v.message === 'string';
}

/** A failed API call: the HTTP status (0 when the request never got an answer) and any problem body. */
export class ApiError extends Error {
  readonly status: number;
  readonly problem: Problem | undefined;

  constructor(message: string, status: number, problem?: Problem) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.problem = problem;
  }
}

function optionalString(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/** Reads a problem details body, or returns undefined when the body is not one. */
export function toProblem(body: unknown): Problem | undefined {
  if (typeof body !== 'object' || body === null) return undefined;
  const fields = body as Record<string, unknown>;
  const problem: Problem = {};
  const type = optionalString(fields.type);
  const title = optionalString(fields.title);
  const detail = optionalString(fields.detail);
  const code = optionalString(fields.code);
  const instance = optionalString(fields.instance);
  if (type !== undefined) problem.type = type;
  if (title !== undefined) problem.title = title;
  if (detail !== undefined) problem.detail = detail;
  if (code !== undefined) problem.code = code;
  if (instance !== undefined) problem.instance = instance;
  if (typeof fields.status === 'number') problem.status = fields.status;
  if (Array.isArray(fields.errors)) problem.errors = (fields.errors as unknown[]).filter(isProblemLocation);
  return title !== undefined || detail !== undefined ? problem : undefined;
}

async function readJson(response: Response): Promise<unknown> {
  const contentType = response.headers.get('content-type') ?? '';
  if (!contentType.includes('json')) return undefined;
  try {
    return (await response.json()) as unknown;
  } catch {
    return undefined;
  }
}

/** GETs a JSON resource from the API, turning network failures and non-2xx answers into ApiError. */
export async function getJson(path: string, signal?: AbortSignal): Promise<unknown> {
  let response: Response;
  try {
    response = await fetch(path, { headers: { accept: 'application/json' }, signal: signal ?? null });
  } catch (error) {
    if (signal?.aborted === true) throw error;
    throw new ApiError('The server could not be reached.', 0);
  }
  const body = await readJson(response);
  if (!response.ok) {
    throw new ApiError(`The server answered ${response.status}.`, response.status, toProblem(body));
  }
  return body;
}

/** What went wrong with a call, in words for the person using the page. */
export function problemText(error: unknown): string {
  if (error instanceof ApiError) {
    if (error.status === 0) return 'The server could not be reached: check your connection and try again';
    return error.problem?.detail ?? error.problem?.title ?? error.message;
  }
  return 'Something unexpected went wrong in this page.';
}

/** Fetches what this installation is: version, database, migrations and data held. */
export async function fetchInstallation(signal?: AbortSignal): Promise<Installation> {
  const body = await getJson('/api/installation', signal);
  if (!isInstallation(body)) {
    throw new ApiError('The server sent installation details in a form this page does not understand.', 200);
  }
  return body;
}

let csrfToken: () => Promise<string | undefined> = () => Promise.resolve(undefined);

/** Where changes get the signed-in session's CSRF token from (session.ts sets it). */
export function setCsrfTokenSource(source: () => Promise<string | undefined>): void {
  csrfToken = source;
}

/** POSTs JSON to the API and returns the JSON answer, turning network failures and non-2xx answers into ApiError. */
export async function postJson(path: string, body: unknown, signal?: AbortSignal): Promise<unknown> {
  // A change made while signed in carries the session's CSRF token.
  const csrf = await csrfToken().catch(() => undefined);
  let response: Response;
  try {
    response = await fetch(path, {
      method: 'POST',
      headers: { accept: 'application/json', 'content-type': 'application/json', ...(csrf !== undefined ? { 'x-csrf-token': csrf } : {}) },
      body: JSON.stringify(body),
      signal: signal ?? null,
    });
  } catch (error) {
    if (signal?.aborted === true) throw error;
    throw new ApiError('The server could not be reached.', 0);
  }
  const answer = await readJson(response);
  if (!response.ok) {
    throw new ApiError(`The server answered ${response.status}.`, response.status, toProblem(answer));
  }
  return answer;
}
