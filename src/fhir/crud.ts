/**
 * The instance interactions of FHIR R4 http.html: read, vread, create (also conditional, with
 * If-None-Exist), update (with If-Match; update-as-create) and delete. Every write is a record of
 * the calling source system, made through the shared record's own store.
 */
import { type ChangeOutcome, type ResourceChange, type StoredResource, applyChanges, readResource } from '../record/index.js';
import { type FhirContext, type FhirRequest, type FhirResponse, type Preferences, fhirJson, preferences, versionOfTag } from './context.js';
import { type Subset, applySubset } from './elements.js';
import { FhirError, fhirError, operationOutcome } from './outcome.js';
import { withinGrant } from './scope-grants.js';
import { findMatches } from './search.js';
import { validateResource } from './validation/index.js';

/** Headers of a stored version: its ETag and Last-Modified (and Location for a write). */
export function versionHeaders(stored: { type: string; id: string; version: number; lastUpdated: string }, base: string, location = false): Record<string, string> {
  const headers: Record<string, string> = { etag: `W/"${stored.version}"`, 'last-modified': new Date(stored.lastUpdated).toUTCString() };
  if (location) headers.location = `${base}/${stored.type}/${stored.id}/_history/${stored.version}`;
  return headers;
}

function json(status: number, body: unknown, headers: Record<string, string> = {}): FhirResponse {
  return { status, headers: { 'content-type': fhirJson, ...headers }, body: typeof body === 'string' ? body : JSON.stringify(body) };
}

function outcomeResponse(status: number, diagnostics: string, headers: Record<string, string> = {}): FhirResponse {
  return json(status, operationOutcome([{ severity: 'information', code: 'informational', diagnostics }]), headers);
}

/** GET [type]/[id] and GET [type]/[id]/_history/[vid]. */
export async function read(ctx: FhirContext, type: string, id: string, request: FhirRequest, subset: Subset, version?: number): Promise<FhirResponse> {
  const stored = await readResource(ctx.db, type, id, version, ctx.scope);
  const what = version === undefined ? `${type}/${id}` : `${type}/${id}/_history/${version}`;
  // Beyond what the token's restricted scopes grant is, to the app, not there.
  if (stored === undefined || (!stored.deleted && !(await withinGrant(ctx, type, id)))) throw fhirError(404, 'not-found', `There is no ${what}.`);
  if (stored.deleted || stored.text === null) {
    throw new FhirError(410, [{ severity: 'error', code: 'deleted', diagnostics: `${what} was deleted (version ${stored.version}, ${stored.lastUpdated}); its history is kept.` }]);
  }
  const headers = versionHeaders(stored, ctx.base);
  if (version === undefined && versionOfTag(request.headers.ifNoneMatch) === stored.version) return { status: 304, headers };
  return json(200, applySubset(stored.text, subset), headers);
}

/** Checks a resource sent for `type` and throws a 400 OperationOutcome naming every problem. */
export function checkResource(body: unknown, type: string, where = ''): void {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw fhirError(400, 'structure', 'The body must be a FHIR resource: a JSON object with a resourceType.', where || undefined);
  const issues = validateResource(body, { expectedType: type });
  const errors = issues.filter((i) => i.severity === 'error');
  if (errors.length === 0) return;
  throw new FhirError(400, issues.map((i) => ({ severity: i.severity, code: i.code, diagnostics: i.diagnostics, expression: [where === '' ? i.expression : `${where}.${i.expression}`] })));
}

/** The answer to a write, as the client prefers it (Prefer: return=…). */
async function writeResponse(ctx: FhirContext, outcome: ChangeOutcome, prefer: Preferences): Promise<FhirResponse> {
  const status = outcome.result === 'created' ? 201 : 200;
  const headers = versionHeaders(outcome, ctx.base, true);
  if (prefer.return === 'minimal') return { status, headers };
  if (prefer.return === 'OperationOutcome') return json(status, operationOutcome([{ severity: 'information', code: 'informational', diagnostics: describe(outcome) }]), headers);
  const text = outcome.text ?? (await readResource(ctx.db, outcome.type, outcome.id))?.text;
  return json(status, text ?? '{}', headers);
}

export function describe(outcome: ChangeOutcome): string {
  const what = `${outcome.type}/${outcome.id}`;
  switch (outcome.result) {
    case 'created':
      return `Created ${what} (version ${outcome.version}).`;
    case 'updated':
      return `Updated ${what} to version ${outcome.version}.`;
    case 'unchanged':
      return `${what} is unchanged: the resource sent is the same as version ${outcome.version}.`;
    case 'deleted':
      return `Deleted ${what}; its history is kept.`;
    case 'absent':
      return `There was nothing to delete: ${what} does not exist or was already deleted.`;
  }
}

async function change(ctx: FhirContext, change: ResourceChange): Promise<ChangeOutcome> {
  const [outcome] = await ctx.db.transaction((tx) => applyChanges(tx, ctx.principal.sourceId, [change], { requestId: ctx.requestId, at: ctx.now, today: ctx.now.toISOString().slice(0, 10) }));
  if (outcome === undefined) throw new Error('applyChanges gave no outcome');
  ctx.wrote(1);
  return outcome;
}

/** POST [type], with If-None-Exist for a conditional create. */
export async function create(ctx: FhirContext, type: string, request: FhirRequest): Promise<FhirResponse> {
  checkResource(request.body, type);
  const prefer = preferences(request.headers.prefer);
  if (request.headers.ifNoneExist !== undefined) {
    const existing = await conditionalMatch(ctx, type, request.headers.ifNoneExist);
    if (existing !== undefined) {
      const headers = versionHeaders(existing, ctx.base, true);
      if (prefer.return === 'minimal') return { status: 200, headers };
      return json(200, prefer.return === 'OperationOutcome' ? operationOutcome([{ severity: 'information', code: 'informational', diagnostics: `${type}/${existing.id} already matches ${request.headers.ifNoneExist}; nothing was created.` }]) : (existing.text ?? '{}'), headers);
    }
  }
  const { id: _ignored, ...resource } = request.body as Record<string, unknown> & { resourceType: string };
  return writeResponse(ctx, await change(ctx, { method: 'create', type, resource }), prefer);
}

/** The one resource matching an If-None-Exist query, undefined for none; 412 for several (FHIR R4 http.html#ccreate). */
export async function conditionalMatch(ctx: FhirContext, type: string, criteria: string, db = ctx.db): Promise<StoredResource | undefined> {
  const params = [...new URLSearchParams(criteria.replace(/^.*\?/, ''))];
  if (params.length === 0) throw fhirError(400, 'invalid', 'If-None-Exist must hold search parameters, e.g. identifier=https://fhir.nhs.uk/Id/nhs-number|9990000018.');
  const matches = await findMatches(ctx, db, type, params, 2);
  if (matches.length > 1) throw fhirError(412, 'multiple-matches', `More than one ${type} matches ${criteria}; a conditional create needs at most one.`);
  return matches[0];
}

/** PUT [type]/[id]: a new version, or a new resource with the client's id (update-as-create). */
export async function update(ctx: FhirContext, type: string, id: string, request: FhirRequest): Promise<FhirResponse> {
  checkResource(request.body, type);
  const body = request.body as { id?: unknown; resourceType: string };
  if (body.id === undefined) throw fhirError(400, 'required', `The resource must carry its id (${id}) to be updated at ${type}/${id}.`, `${type}.id`);
  if (body.id !== id) throw fhirError(400, 'invalid', `The resource's id ${JSON.stringify(body.id)} is not the id in the URL (${id}).`, `${type}.id`);
  const ifMatch = matchVersion(request.headers.ifMatch);
  return writeResponse(ctx, await change(ctx, { method: 'update', type, id, resource: body, ...(ifMatch !== undefined ? { ifMatch } : {}) }), preferences(request.headers.prefer));
}

/** DELETE [type]/[id]: a deletion version, the resource kept in history. */
export async function remove(ctx: FhirContext, type: string, id: string, request: FhirRequest): Promise<FhirResponse> {
  const ifMatch = matchVersion(request.headers.ifMatch);
  const outcome = await change(ctx, { method: 'delete', type, id, ...(ifMatch !== undefined ? { ifMatch } : {}) });
  return outcomeResponse(200, describe(outcome), outcome.result === 'deleted' ? { etag: `W/"${outcome.version}"` } : {});
}

export function matchVersion(header: string | undefined): number | undefined {
  if (header === undefined) return undefined;
  const version = versionOfTag(header);
  if (version === undefined) throw fhirError(400, 'invalid', `If-Match must be an ETag such as W/"3", not ${header}.`);
  return version;
}

/** The id of the one resource matching a conditional update or delete, undefined for none, 412 for several (http.html#cond-update). */
async function conditionalTarget(ctx: FhirContext, type: string, query: readonly [string, string][]): Promise<string | undefined> {
  const matches = await findMatches(ctx, ctx.db, type, query, 2);
  if (matches.length > 1) throw fhirError(412, 'multiple-matches', `More than one ${type} matches; a conditional update or delete needs at most one.`);
  return matches[0]?.id;
}

/** PUT [type]?[search]: updates the one match; with none, creates (at the resource's own id, if it has one). */
export async function conditionalUpdate(ctx: FhirContext, type: string, request: FhirRequest): Promise<FhirResponse> {
  checkResource(request.body, type);
  const body = request.body as { id?: unknown; resourceType: string };
  const target = await conditionalTarget(ctx, type, request.query);
  const given = typeof body.id === 'string' ? body.id : undefined;
  if (target !== undefined && given !== undefined && given !== target) throw fhirError(400, 'invalid', `The resource's id is ${given} but the search matched ${type}/${target}.`, `${type}.id`);
  const id = target ?? given;
  const prefer = preferences(request.headers.prefer);
  if (id === undefined) return writeResponse(ctx, await change(ctx, { method: 'create', type, resource: body }), prefer);
  return writeResponse(ctx, await change(ctx, { method: 'update', type, id, resource: { ...body, id } }), prefer);
}

/** DELETE [type]?[search]: deletes the one match (none: nothing to do). */
export async function conditionalDelete(ctx: FhirContext, type: string, request: FhirRequest): Promise<FhirResponse> {
  const target = await conditionalTarget(ctx, type, request.query);
  if (target === undefined) return outcomeResponse(200, `No ${type} matches; there was nothing to delete.`);
  return remove(ctx, type, target, { ...request, query: [] });
}
