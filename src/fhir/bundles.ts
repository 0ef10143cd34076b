/**
 * Batch and transaction Bundles (FHIR R4 http.html#transaction). A batch runs each entry as the
 * request it describes, one after another, each succeeding or failing alone. A transaction is one
 * unit of work: its entries are checked, their urn:uuid and conditional references resolved to the
 * resources they name, and all its changes made in one database transaction, in the order the
 * specification sets (DELETE, POST, PUT, then GET), so it commits whole or not at all.
 */
import { randomUUID } from 'node:crypto';
import { ChangeError, type ChangeOutcome, type ResourceChange, type StoredResource, applyChanges, fhirIdFor, fhirSearchTypes, readResources } from '../record/index.js';
import { readOnlyTypes } from './capability-statement.js';
import { findMatches } from './search.js';
import type { Db, Queryable } from '../platform/index.js';
import { bundleText, statusLine } from './bundle-text.js';
import { type FhirContext, type FhirRequest, type FhirResponse, fhirJson, preferences } from './context.js';
import { checkResource, conditionalMatch, describe, matchVersion, versionHeaders } from './crud.js';
import { FhirError, errorResponse, fhirError, operationOutcome, toFhirError } from './outcome.js';

interface Entry {
  index: number;
  method: string;
  /** Path below the base and query, from request.url. */
  path: string;
  query: string;
  fullUrl?: string;
  resource?: Record<string, unknown> & { resourceType: string };
  request: Record<string, unknown>;
}

/** Runs one request of a batch entry or a transaction's GET (the dispatcher, passed in). */
type Handler = (ctx: FhirContext, request: FhirRequest) => Promise<FhirResponse>;

export async function processBundle(ctx: FhirContext, request: FhirRequest, handle: Handler): Promise<FhirResponse> {
  const bundle = request.body;
  if (typeof bundle !== 'object' || bundle === null || (bundle as { resourceType?: unknown }).resourceType !== 'Bundle') {
    throw fhirError(400, 'structure', 'POST to the base takes a Bundle of type batch or transaction.');
  }
  const type = (bundle as { type?: unknown }).type;
  if (type !== 'batch' && type !== 'transaction') throw fhirError(400, 'value', `The Bundle's type must be batch or transaction, not ${JSON.stringify(type)}.`, 'Bundle.type');
  checkResource(bundle, 'Bundle');
  const entries = readEntries(ctx, bundle);
  return type === 'batch' ? batch(ctx, entries, request, handle) : transaction(ctx, entries, request, handle);
}

function readEntries(ctx: FhirContext, bundle: { entry?: unknown }): Entry[] {
  const raw = Array.isArray(bundle.entry) ? (bundle.entry as unknown[]) : [];
  return raw.map((item, index) => {
    const entry = (item ?? {}) as { request?: unknown; resource?: unknown; fullUrl?: unknown };
    const where = `Bundle.entry[${index}]`;
    const request = entry.request as Record<string, unknown> | undefined;
    if (request === undefined) throw fhirError(400, 'required', `${where} has no request saying what to do with it.`, `${where}.request`);
    const method = String(request.method);
    const url = String(request.url);
    const relative = url.startsWith(`${ctx.base}/`) ? url.slice(ctx.base.length + 1) : url;
    if (/^[a-z][a-z0-9+.-]*:/i.test(relative)) throw fhirError(400, 'not-supported', `${where}.request.url ${url} is on another server; entries address this one by relative URL.`, `${where}.request.url`);
    const [path = '', query = ''] = relative.split('?', 2);
    const out: Entry = { index, method, path: path.replace(/^\/+/, ''), query, request };
    if (typeof entry.fullUrl === 'string') out.fullUrl = entry.fullUrl;
    if (entry.resource !== undefined) out.resource = entry.resource as Entry['resource'] & object;
    return out;
  });
}

function subRequest(entry: Entry, prefer: string | undefined): FhirRequest {
  const headers: FhirRequest['headers'] = {};
  for (const [name, key] of [['ifMatch', 'ifMatch'], ['ifNoneExist', 'ifNoneExist'], ['ifNoneMatch', 'ifNoneMatch']] as const) {
    const value = entry.request[name];
    if (typeof value === 'string') headers[key] = value;
  }
  if (prefer !== undefined) headers.prefer = prefer;
  return { method: entry.method, path: entry.path, query: [...new URLSearchParams(entry.query)], headers, ...(entry.resource !== undefined ? { body: entry.resource } : {}) };
}

/** A response as a Bundle entry: its status, headers and body (a resource, or the OperationOutcome of a failure). */
function responseEntry(response: FhirResponse): string {
  const fields = [];
  const result: Record<string, string> = { status: statusLine(response.status) };
  if (response.headers.location !== undefined) result.location = response.headers.location;
  if (response.headers.etag !== undefined) result.etag = response.headers.etag;
  if (response.headers['last-modified'] !== undefined) result.lastModified = new Date(response.headers['last-modified']).toISOString();
  const outcome = response.body !== undefined && (response.status >= 400 || response.body.startsWith('{"resourceType":"OperationOutcome"'));
  if (response.body !== undefined && !outcome) fields.push(`"resource":${response.body}`);
  const resultText = JSON.stringify(result);
  fields.push(`"response":${outcome && response.body !== undefined ? `${resultText.slice(0, -1)},"outcome":${response.body}}` : resultText}`);
  return `{${fields.join(',')}}`;
}

async function batch(ctx: FhirContext, entries: readonly Entry[], request: FhirRequest, handle: Handler): Promise<FhirResponse> {
  const out: string[] = [];
  for (const entry of entries) {
    if (entry.method === 'POST' && entry.path === '') {
      out.push(responseEntry(errorResponse(fhirError(400, 'not-supported', 'A batch entry cannot be a batch or transaction itself.'))));
      continue;
    }
    out.push(responseEntry(await handle(ctx, subRequest(entry, request.headers.prefer))));
  }
  return { status: 200, headers: { 'content-type': fhirJson }, body: bundleText({ type: 'batch-response', entries: out, now: ctx.now }) };
}

const order: Readonly<Record<string, number>> = { DELETE: 0, POST: 1, PUT: 2, GET: 3, HEAD: 3 };
const relativeReference = /^([A-Z][A-Za-z]+)\/([A-Za-z0-9.-]{1,64})$/;
const conditionalReference = /^([A-Z][A-Za-z]+)\?(.+)$/;

async function transaction(ctx: FhirContext, entries: readonly Entry[], request: FhirRequest, handle: Handler): Promise<FhirResponse> {
  const prefer = preferences(request.headers.prefer);
  const responses = await ctx.db.transaction(async (tx) => {
    const inTx = withinTransaction(ctx.db, tx);
    const txCtx: FhirContext = { ...ctx, db: inTx };
    const targets = new Map<string, string>(); // fullUrl → Type/id
    const seen = new Set<string>();
    const plans: Plan[] = [];
    // What conditional creates found: they create nothing, and references to them name what they found.
    const existing = new Map<number, FhirResponse>();
    for (const entry of entries) {
      const plan = await planEntry(txCtx, entry, inTx);
      plans.push(plan);
      if (plan.found !== undefined) {
        const found = plan.found;
        if (entry.fullUrl !== undefined) targets.set(entry.fullUrl, `${found.type}/${found.id}`);
        existing.set(entry.index, { status: 200, headers: versionHeaders(found, ctx.base, true), ...(found.text !== null ? { body: found.text } : {}) });
        continue;
      }
      if (plan.change === undefined) continue;
      const identity = `${plan.type}/${plan.change.id ?? ''}`;
      if (seen.has(identity)) throw fhirError(400, 'duplicate', `${identity} appears in more than one entry; a transaction may change a resource once.`, `Bundle.entry[${entry.index}]`);
      seen.add(identity);
      if (entry.fullUrl !== undefined) targets.set(entry.fullUrl, identity);
    }
    const changes = plans.filter((p) => p.change !== undefined).sort((a, b) => (order[a.entry.method] ?? 9) - (order[b.entry.method] ?? 9));
    for (const plan of changes) {
      if (plan.change?.resource !== undefined) plan.change.resource = (await resolveReferences(txCtx, plan.change.resource, targets, `Bundle.entry[${plan.entry.index}].resource`)) as ResourceChange['resource'];
      const action = plan.change?.method ?? 'create';
      const decision = await ctx.policy.authorise({ principal: ctx.principal, action, resourceType: plan.type, ...(plan.change?.id !== undefined ? { resourceId: plan.change.id } : {}) });
      if (!decision.allowed) throw fhirError(403, 'forbidden', `Bundle.entry[${plan.entry.index}]: not allowed: ${decision.reason}`);
    }
    let outcomes: ChangeOutcome[];
    try {
      outcomes = await applyChanges(tx, ctx.principal.sourceId, changes.map((p) => p.change as ResourceChange), { requestId: ctx.requestId, at: ctx.now, today: ctx.now.toISOString().slice(0, 10) });
    } catch (error) {
      if (error instanceof ChangeError) {
        const entry = changes[error.index]?.entry.index ?? 0;
        const known = toFhirError(error);
        throw new FhirError(error.status, (known?.issues ?? []).map((i) => ({ ...i, expression: [`Bundle.entry[${entry}]`], diagnostics: `Bundle.entry[${entry}]: ${i.diagnostics}` })));
      }
      throw error;
    }
    ctx.wrote(outcomes.length);
    // Only an unchanged resource needs reading back: the store gives the text of what it wrote.
    const unread = prefer.return === 'representation' ? outcomes.filter((o) => o.text === undefined && o.result !== 'deleted' && o.result !== 'absent') : [];
    const stored = new Map((await readResources(tx, unread)).map((s) => [`${s.type}/${s.id}`, s.text]));
    const byEntry = new Map<number, FhirResponse>(existing);
    changes.forEach((plan, i) => {
      const outcome = outcomes[i];
      if (outcome === undefined) return;
      const headers = versionHeaders(outcome, ctx.base, outcome.result !== 'deleted' && outcome.result !== 'absent');
      const status = outcome.result === 'created' ? 201 : outcome.result === 'deleted' || outcome.result === 'absent' ? 204 : 200;
      const text = outcome.text ?? stored.get(`${outcome.type}/${outcome.id}`) ?? undefined;
      const body = status === 204 || prefer.return === 'minimal' ? undefined
        : prefer.return === 'OperationOutcome' ? JSON.stringify(operationOutcome([{ severity: 'information', code: 'informational', diagnostics: describe(outcome) }])) : text;
      byEntry.set(plan.entry.index, { status, headers, ...(body !== undefined ? { body } : {}) });
      ctx.policy.audit({ principal: ctx.principal, action: plan.change?.method ?? 'create', resourceType: outcome.type, resourceId: outcome.id, reason: 'transaction', outcome: status, requestId: ctx.requestId });
    });
    for (const plan of plans.filter((p) => p.entry.method === 'GET' || p.entry.method === 'HEAD')) {
      const response = await handle(txCtx, subRequest(plan.entry, request.headers.prefer));
      if (response.status >= 400) throw new FhirError(response.status, [{ severity: 'error', code: 'processing', diagnostics: `Bundle.entry[${plan.entry.index}] (${plan.entry.method} ${plan.entry.path}) failed with ${response.status}, so nothing was changed.`, expression: [`Bundle.entry[${plan.entry.index}]`] }]);
      byEntry.set(plan.entry.index, response);
    }
    return entries.map((e) => byEntry.get(e.index) ?? { status: 200, headers: {} });
  });
  return { status: 200, headers: { 'content-type': fhirJson }, body: bundleText({ type: 'transaction-response', entries: responses.map(responseEntry), now: ctx.now }) };
}

interface Plan {
  entry: Entry;
  type: string;
  /** The change to make; absent for a GET, a conditional create that found its resource, and a conditional delete that found none. */
  change?: ResourceChange;
  /** What a conditional create found. */
  found?: StoredResource;
}

/** What one entry will do, with its conditions (If-None-Exist, conditional update and delete) resolved inside the transaction. */
async function planEntry(ctx: FhirContext, entry: Entry, db: Db): Promise<Plan> {
  const where = `Bundle.entry[${entry.index}]`;
  if (order[entry.method] === undefined) throw fhirError(400, 'not-supported', `${where}.request.method ${entry.method} is not supported in a transaction (DELETE, POST, PUT, GET).`, `${where}.request.method`);
  const [type = '', id, ...rest] = entry.path.split('/');
  if (entry.method === 'GET' || entry.method === 'HEAD') return { entry, type };
  if (!fhirSearchTypes.includes(type) || readOnlyTypes.has(type)) {
    throw fhirError(400, 'not-supported', `${where}.request.url ${entry.method} ${entry.path}: this server does not take writes of ${type} resources.`, `${where}.request.url`);
  }
  const conditional = id === undefined && entry.query !== '' && entry.method !== 'POST';
  if (rest.length > 0 || (entry.method === 'POST' ? id !== undefined : id === undefined && !conditional)) {
    throw fhirError(400, 'invalid', `${where}.request.url ${entry.path} does not fit ${entry.method}.`, `${where}.request.url`);
  }
  const ifMatch = typeof entry.request.ifMatch === 'string' ? matchVersion(entry.request.ifMatch) : undefined;
  const withMatch = (change: ResourceChange): Plan => ({ entry, type, change: ifMatch === undefined ? change : { ...change, ifMatch } });
  if (entry.method === 'DELETE') {
    const target = conditional ? (await conditionalTarget(ctx, type, entry.query, db, where)) : id;
    return target === undefined ? { entry, type } : withMatch({ method: 'delete', type, id: target });
  }
  checkResource(entry.resource, type, `${where}.resource`);
  const resource = entry.resource ?? { resourceType: type };
  if (entry.method === 'POST') {
    const criteria = entry.request.ifNoneExist;
    const found = typeof criteria === 'string' ? await conditionalMatch(ctx, type, criteria, db) : undefined;
    if (found !== undefined) return { entry, type, found };
    const assigned = fhirIdFor(ctx.principal.sourceId, randomUUID());
    return withMatch({ method: 'create', type, id: assigned, resource: { ...resource, id: assigned } });
  }
  if (conditional) {
    // Conditional update (http.html#cond-update): the one match is updated; no match creates, with the resource's own id if it has one.
    const target = await conditionalTarget(ctx, type, entry.query, db, where);
    const given = typeof resource.id === 'string' ? resource.id : undefined;
    if (target !== undefined && given !== undefined && given !== target) throw fhirError(400, 'invalid', `${where}.resource.id is ${given} but the conditional update matched ${type}/${target}.`, `${where}.resource.id`);
    const chosen = target ?? given ?? fhirIdFor(ctx.principal.sourceId, randomUUID());
    return withMatch({ method: target === undefined && given === undefined ? 'create' : 'update', type, id: chosen, resource: { ...resource, id: chosen } });
  }
  if (resource.id !== id) throw fhirError(400, 'invalid', `${where}.resource.id must be ${id ?? ''}, the id in its request.url.`, `${where}.resource.id`);
  return withMatch({ method: 'update', type, id: id ?? '', resource: { ...resource, id: id ?? '' } });
}

/** The id of the one resource a conditional update or delete matches; undefined for none; 412 for several. */
async function conditionalTarget(ctx: FhirContext, type: string, query: string, db: Db, where: string): Promise<string | undefined> {
  const matches = await findMatches(ctx, db, type, [...new URLSearchParams(query)], 2);
  if (matches.length > 1) throw fhirError(412, 'multiple-matches', `${where}: more than one ${type} matches ${query}; a conditional update or delete needs at most one.`, `${where}.request.url`);
  return matches[0]?.id;
}

/** References to entries of the transaction become the ids they were given; conditional references the one resource they match. */
async function resolveReferences(ctx: FhirContext, value: unknown, targets: ReadonlyMap<string, string>, path: string): Promise<unknown> {
  if (Array.isArray(value)) return Promise.all(value.map((item, i) => resolveReferences(ctx, item, targets, `${path}[${i}]`)));
  if (typeof value !== 'object' || value === null) return value;
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value as Record<string, unknown>)) {
    if (key === 'reference' && typeof item === 'string') out[key] = await resolveReference(ctx, item, targets, `${path}.reference`);
    else if (key === 'contained') out[key] = item;
    else out[key] = await resolveReferences(ctx, item, targets, `${path}.${key}`);
  }
  return out;
}

async function resolveReference(ctx: FhirContext, reference: string, targets: ReadonlyMap<string, string>, path: string): Promise<string> {
  const target = targets.get(reference);
  if (target !== undefined) return target;
  if (reference.startsWith('urn:uuid:') || reference.startsWith('urn:oid:')) {
    throw fhirError(400, 'not-found', `${path} is ${reference}, which is the fullUrl of no entry of this transaction.`, path);
  }
  const conditional = conditionalReference.exec(reference);
  if (conditional !== null && !relativeReference.test(reference)) {
    const type = conditional[1] ?? '';
    const found = await conditionalMatch(ctx, type, conditional[2] ?? '', ctx.db).catch((error: unknown) => {
      if (error instanceof FhirError && error.status === 412) throw fhirError(412, 'multiple-matches', `${path} (${reference}) matches more than one ${type}.`, path);
      throw error;
    });
    if (found === undefined) throw fhirError(412, 'not-found', `${path} (${reference}) matches no ${type}.`, path);
    return `${found.type}/${found.id}`;
  }
  return reference;
}

/** The database as seen from inside an open transaction (reads see its changes; a nested transaction is the same one). */
function withinTransaction(db: Db, tx: Queryable): Db {
  return {
    backend: db.backend,
    location: db.location,
    query: <R extends object>(sql: string, params?: readonly unknown[]) => tx.query<R>(sql, params),
    exec: (sql: string) => tx.exec(sql),
    transaction: (work) => work(tx),
    close: async () => undefined,
  };
}
