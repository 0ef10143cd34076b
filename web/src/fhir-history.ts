// Changes to the FHIR API's resources, read from a history Bundle (http://hl7.org/fhir/R4/http.html#history).
import { isRecord } from './person.js';

/** What a change did to a resource, from the entry's request method. */
export type Change = 'created' | 'updated' | 'deleted';

const changes: Readonly<Record<string, Change>> = { POST: 'created', PUT: 'updated', PATCH: 'updated', DELETE: 'deleted' };

/** One version of one resource in the history. */
export interface RecentChange {
  /** ISO 8601 instant the version was made (response.lastModified). */
  at: string | null;
  type: string;
  id: string;
  change: Change;
  /** The version id, from the entry's ETag (W/"3" → "3"). */
  version: string | null;
}

/** "Type/id" from a reference, a request URL or the end of a full URL. */
function typeAndId(text: string): { type: string; id: string } | undefined {
  const [type, id] = text.split('?', 1)[0]?.split('/').filter((part) => part !== '').slice(-2) ?? [];
  return type !== undefined && id !== undefined && /^[A-Z][A-Za-z]+$/.test(type) ? { type, id } : undefined;
}

function resourceOf(entry: Record<string, unknown>): { type: string; id: string } | undefined {
  const { resource, request, fullUrl } = entry;
  if (isRecord(resource) && typeof resource.resourceType === 'string' && typeof resource.id === 'string') {
    return { type: resource.resourceType, id: resource.id };
  }
  if (isRecord(request) && typeof request.url === 'string') {
    const fromRequest = typeAndId(request.url);
    if (fromRequest !== undefined) return fromRequest;
  }
  if (typeof fullUrl !== 'string') return undefined;
  try {
    return typeAndId(new URL(fullUrl).pathname);
  } catch {
    return typeAndId(fullUrl);
  }
}

/** W/"3" or "3" → "3". */
function versionOf(etag: unknown): string | null {
  if (typeof etag !== 'string') return null;
  const version = /^(?:W\/)?"([^"]+)"$/.exec(etag.trim())?.[1];
  return version ?? null;
}

function changeOf(value: unknown): RecentChange[] {
  if (!isRecord(value) || !isRecord(value.request) || typeof value.request.method !== 'string') return [];
  const change = changes[value.request.method.toUpperCase()];
  const resource = resourceOf(value);
  if (change === undefined || resource === undefined) return [];
  const response = isRecord(value.response) ? value.response : {};
  return [
    {
      ...resource,
      change,
      at: typeof response.lastModified === 'string' ? response.lastModified : null,
      version: versionOf(response.etag),
    },
  ];
}

/**
 * The changes a history Bundle lists, in its order (the server gives newest first), or undefined
 * when the body is not a history Bundle. A history with no changes has no `entry` at all.
 */
export function toRecentChanges(body: unknown): RecentChange[] | undefined {
  if (!isRecord(body) || body.resourceType !== 'Bundle' || body.type !== 'history') return undefined;
  if (body.entry === undefined) return [];
  return Array.isArray(body.entry) ? body.entry.flatMap(changeOf) : undefined;
}

