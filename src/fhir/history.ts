/**
 * History (FHIR R4 http.html#history): every version of a resource, of a type, or of everything,
 * newest first, with deletions as entries without a resource, paged by a cursor that holds its
 * place however many versions arrive meanwhile.
 */
import { type HistoryCursor, resourceHistory } from '../record/index.js';
import { bundleText, pageLinks, entryText, statusLine } from './bundle-text.js';
import { type FhirContext, type FhirResponse, fhirJson } from './context.js';
import { fhirError } from './outcome.js';
import { pageSize, parseInstant } from './parameters.js';

const historyParameters = new Set(['_count', '_since', '_cursor', '_format', '_pretty']);

export async function history(
  ctx: FhirContext,
  scope: { type?: string; id?: string; types?: readonly string[] },
  query: readonly [string, string][],
): Promise<FhirResponse> {
  let since: string | undefined;
  let after: HistoryCursor | undefined;
  for (const [name, value] of query) {
    if (!historyParameters.has(name)) throw fhirError(400, 'not-supported', `History takes _count, _since and _cursor; ${name} is not supported.`, name);
    if (name === '_since') since = parseInstant(value, '_since');
    if (name === '_cursor') after = decodeHistoryCursor(value);
  }
  const count = pageSize(query, 50, 1000);
  const page = await resourceHistory(ctx.db, { ...scope, scope: ctx.scope, count, ...(since !== undefined ? { since } : {}), ...(after !== undefined ? { after } : {}) });
  const path = [scope.type, scope.id].filter((p) => p !== undefined).join('/');
  const self = `${ctx.base}${path === '' ? '' : `/${path}`}/_history`;
  const links = pageLinks(self, query, page.next === undefined ? undefined : encodeHistoryCursor(page.next));
  const entries = page.entries.map((v) =>
    entryText(ctx.base, v, {
      request: { method: v.method === 'create' ? 'POST' : v.method === 'delete' ? 'DELETE' : 'PUT', url: v.method === 'create' ? v.type : `${v.type}/${v.id}` },
      response: { status: statusLine(v.method === 'create' ? 201 : v.method === 'delete' ? 204 : 200), etag: `W/"${v.version}"`, lastModified: v.lastUpdated },
    }),
  );
  return { status: 200, headers: { 'content-type': fhirJson }, body: bundleText({ type: 'history', links, entries, now: ctx.now }) };
}

function encodeHistoryCursor(cursor: HistoryCursor): string {
  return Buffer.from(JSON.stringify([cursor.at, cursor.record])).toString('base64url');
}

function decodeHistoryCursor(text: string): HistoryCursor {
  try {
    const value: unknown = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
    if (Array.isArray(value) && typeof value[0] === 'string' && typeof value[1] === 'number') return { at: value[0], record: value[1] };
  } catch {
    // reported below
  }
  throw fhirError(400, 'invalid', 'The _cursor parameter is not a page of this history; follow the links the server gave.', '_cursor');
}
