// Calls to the FHIR R4 API at /fhir/r4, which answers in FHIR JSON and reports errors as OperationOutcome.
import { ApiError, getJson, type Problem } from './api.js';
import { type FhirCapabilities, toCapabilities } from './fhir-capabilities.js';
import { type RecentChange, toRecentChanges } from './fhir-history.js';
import { isRecord, isSourceRef, type SourceRef } from './person.js';

/** Where the FHIR API is served, relative to the site. */
export const fhirBasePath = '/fhir/r4';

/** How many changes "Recent changes" shows. */
export const recentChangesCount = 20;

/** The address of a resource, or of one of its versions, in the FHIR API. */
export function fhirResourcePath(type: string, id: string, version?: string): string {
  const path = `${fhirBasePath}/${encodeURIComponent(type)}/${encodeURIComponent(id)}`;
  return version === undefined ? path : `${path}/_history/${encodeURIComponent(version)}`;
}

/**
 * An OperationOutcome as a problem: its issues' diagnostics (or details text) as the detail and
 * the first issue's code, so the page's error summary says what the server said.
 */
function outcomeProblem(body: unknown, status: number): Problem | undefined {
  if (!isRecord(body) || body.resourceType !== 'OperationOutcome' || !Array.isArray(body.issue)) return undefined;
  const issues = body.issue.filter(isRecord);
  const texts = issues.flatMap((issue) => {
    const details = isRecord(issue.details) ? issue.details.text : undefined;
    const text = typeof issue.diagnostics === 'string' ? issue.diagnostics : details;
    return typeof text === 'string' && text !== '' ? [text] : [];
  });
  const code = issues[0]?.code;
  return {
    title: `The FHIR API answered ${status}`,
    status,
    ...(texts.length > 0 && { detail: texts.join(' ') }),
    ...(typeof code === 'string' && { code }),
  };
}

async function readBody(response: Response): Promise<unknown> {
  if (!(response.headers.get('content-type') ?? '').includes('json')) return undefined;
  try {
    return (await response.json()) as unknown;
  } catch {
    return undefined;
  }
}

/** GETs a path of the FHIR API, turning network failures and non-2xx answers (OperationOutcomes) into ApiError. */
async function getFhir(path: string, signal?: AbortSignal): Promise<unknown> {
  let response: Response;
  try {
    response = await fetch(`${fhirBasePath}${path}`, { headers: { accept: 'application/fhir+json' }, signal: signal ?? null });
  } catch (error) {
    if (signal?.aborted === true) throw error;
    throw new ApiError('The server could not be reached.', 0);
  }
  const body = await readBody(response);
  if (!response.ok) {
    throw new ApiError(`The FHIR API answered ${response.status}.`, response.status, outcomeProblem(body, response.status));
  }
  return body;
}

function unexpected(what: string): ApiError {
  return new ApiError(`The FHIR API sent ${what} in a form this page does not understand.`, 200);
}

/** What the server can do: its CapabilityStatement (GET /fhir/r4/metadata). */
export async function fetchCapabilities(signal?: AbortSignal): Promise<FhirCapabilities> {
  const capabilities = toCapabilities(await getFhir('/metadata', signal));
  if (capabilities === undefined) throw unexpected('its CapabilityStatement');
  return capabilities;
}

/** How many current resources of a type the API holds (`_summary=count`). */
export async function fetchResourceCount(type: string, signal?: AbortSignal): Promise<number> {
  const body = await getFhir(`/${encodeURIComponent(type)}?_summary=count`, signal);
  const total = isRecord(body) && body.resourceType === 'Bundle' ? body.total : undefined;
  if (typeof total !== 'number' || !Number.isSafeInteger(total) || total < 0) throw unexpected(`the count of ${type}`);
  return total;
}

/** The latest changes to any resource, newest first (GET /fhir/r4/_history). */
export async function fetchRecentChanges(signal?: AbortSignal): Promise<RecentChange[]> {
  const changes = toRecentChanges(await getFhir(`/_history?_count=${recentChangesCount}`, signal));
  if (changes === undefined) throw unexpected('its history');
  return changes.slice(0, recentChangesCount);
}

/** The source systems a client may name in X-Source-System (GET /api/sources). */
export async function fetchSourceSystems(signal?: AbortSignal): Promise<SourceRef[]> {
  const body = await getJson('/api/sources', signal);
  if (!isRecord(body) || !Array.isArray(body.sources) || !body.sources.every(isSourceRef)) {
    throw new ApiError('The server sent the source systems in a form this page does not understand.', 200);
  }
  return body.sources.map(({ id, name }) => ({ id, name }));
}
