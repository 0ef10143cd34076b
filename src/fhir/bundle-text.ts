/**
 * Bundles written as text around the stored resources' own JSON text, so that a page of a thousand
 * resources is served without parsing or re-serialising any of them (FHIR R4 Bundle).
 */
import { randomUUID } from 'node:crypto';
import type { StoredResource } from '../record/index.js';

interface BundleLink {
  relation: 'self' | 'next' | 'previous' | 'first';
  url: string;
}

interface BundleParts {
  type: 'searchset' | 'history' | 'batch-response' | 'transaction-response';
  total?: number;
  links?: readonly BundleLink[];
  /** Each entry's JSON text (see entryText). */
  entries: readonly string[];
  now: Date;
}

export function bundleText(parts: BundleParts): string {
  const head: Record<string, unknown> = { resourceType: 'Bundle', id: randomUUID(), meta: { lastUpdated: parts.now.toISOString() }, type: parts.type };
  if (parts.total !== undefined) head.total = parts.total;
  if (parts.links !== undefined && parts.links.length > 0) head.link = parts.links;
  const start = JSON.stringify(head);
  if (parts.entries.length === 0) return start;
  return `${start.slice(0, -1)},"entry":[${parts.entries.join(',')}]}`;
}

/** An entry: fullUrl, the resource text, and whatever else (search, request, response) as JSON. */
export function entryText(base: string, stored: Pick<StoredResource, 'type' | 'id' | 'text'>, extra: Record<string, unknown> = {}, resourceText = stored.text): string {
  const fields = [`"fullUrl":${JSON.stringify(`${base}/${stored.type}/${stored.id}`)}`];
  if (resourceText !== null) fields.push(`"resource":${resourceText}`);
  for (const [key, value] of Object.entries(extra)) fields.push(`${JSON.stringify(key)}:${JSON.stringify(value)}`);
  return `{${fields.join(',')}}`;
}

/** The HTTP status line text FHIR puts in Bundle.entry.response.status. */
export function statusLine(status: number): string {
  const reasons: Record<number, string> = {
    200: 'OK', 201: 'Created', 204: 'No Content', 304: 'Not Modified', 400: 'Bad Request', 403: 'Forbidden', 404: 'Not Found', 405: 'Method Not Allowed',
    409: 'Conflict', 410: 'Gone', 412: 'Precondition Failed', 422: 'Unprocessable Entity', 500: 'Internal Server Error',
  };
  return `${status} ${reasons[status] ?? ''}`.trim();
}

/** The self link of a page (the query as sent) and, when there is one, the next page's (the same query at the next cursor). */
export function pageLinks(path: string, query: readonly [string, string][], next: string | undefined): BundleLink[] {
  const kept = query.filter(([name]) => name !== '_cursor' && name !== '_format');
  const url = (cursor: string | undefined): string => {
    const params = new URLSearchParams([...kept, ...(cursor !== undefined ? [['_cursor', cursor] as [string, string]] : [])]).toString();
    return params === '' ? path : `${path}?${params}`;
  };
  const links: BundleLink[] = [{ relation: 'self', url: url(query.find(([name]) => name === '_cursor')?.[1]) }];
  if (next !== undefined) links.push({ relation: 'next', url: url(next) });
  return links;
}
