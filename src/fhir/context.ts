/**
 * What a FHIR interaction is given and gives back, without HTTP: the routes, the entries of batch
 * and transaction Bundles and the tests all call the same handlers with a FhirRequest.
 */
import type { AccessPolicy, Principal } from '../access/index.js';
import type { Db, PersonScope } from '../platform/index.js';

export interface FhirRequest {
  method: string;
  /** The path below the FHIR base, without a leading slash: "Patient/1/_history/2"; "" for the base itself. */
  path: string;
  /** Query parameters in the order sent (for POST _search, the form body's too). */
  query: readonly [string, string][];
  headers: {
    ifMatch?: string;
    ifNoneExist?: string;
    ifNoneMatch?: string;
    prefer?: string;
  };
  /** The parsed JSON body, when there is one. */
  body?: unknown;
}

export interface FhirResponse {
  status: number;
  headers: Record<string, string>;
  /** The JSON text of the answer (a resource, a Bundle or an OperationOutcome); none for 204 and 304. */
  body?: string;
}

export interface FhirContext {
  db: Db;
  /** The absolute URL of the FHIR base, e.g. http://localhost:8080/fhir/r4. */
  base: string;
  principal: Principal;
  /** The people the caller may see: every read and search keeps within it. */
  scope: PersonScope;
  policy: AccessPolicy;
  requestId: string;
  now: Date;
  /** Told how many resources a request wrote (the embedded database's statistics are refreshed as it grows). */
  wrote: (count: number) => void;
}

/** What a client prefers (RFC 7240 Prefer, as FHIR R4 http.html uses it). */
export interface Preferences {
  return: 'minimal' | 'representation' | 'OperationOutcome';
  handling: 'strict' | 'lenient';
}

export function preferences(header: string | undefined): Preferences {
  const out: Preferences = { return: 'representation', handling: 'lenient' };
  for (const part of (header ?? '').split(/[,;]/)) {
    const [name, value] = part.split('=').map((s) => s.trim().replace(/^"|"$/g, ''));
    if (name === 'return' && (value === 'minimal' || value === 'representation' || value === 'OperationOutcome')) out.return = value;
    if (name === 'handling' && (value === 'strict' || value === 'lenient')) out.handling = value;
  }
  return out;
}

/** The value of W/"3" or "3" (an ETag or If-Match), or undefined when it is not a version. */
export function versionOfTag(tag: string | undefined): number | undefined {
  const match = /^(?:W\/)?"?(\d{1,9})"?$/.exec((tag ?? '').trim());
  return match?.[1] === undefined ? undefined : Number(match[1]);
}

export const fhirJson = 'application/fhir+json; charset=utf-8';
