/**
 * Which interaction a FHIR request is (FHIR R4 http.html "RESTful API"), asked of the access policy,
 * run, and audited. The HTTP routes and each entry of a batch Bundle come through here alike.
 */
import type { AccessAction } from '../access/index.js';
import { everyone } from '../platform/index.js';
import { fhirSearchTypes, isFhirId, readResource } from '../record/index.js';
import { processBundle } from './bundles.js';
import { capabilityStatement, readOnlyTypes } from './capability-statement.js';
import { type FhirContext, type FhirRequest, type FhirResponse, fhirJson } from './context.js';
import { conditionalDelete, conditionalUpdate, create, read, remove, update } from './crud.js';
import type { Subset, Summary } from './elements.js';
import { everything } from './everything.js';
import { history } from './history.js';
import { readAuditEvent, searchAuditEvents } from './audit-events.js';
import { FhirError, errorResponse, fhirError, toFhirError } from './outcome.js';
import { search } from './search.js';

interface Route {
  action: AccessAction | 'batch';
  type?: string;
  id?: string;
  run: () => Promise<FhirResponse>;
}

/** Runs one FHIR request: a response for every outcome, an OperationOutcome for every error the client can mend. */
export async function handle(ctx: FhirContext, request: FhirRequest): Promise<FhirResponse> {
  let route: Route;
  try {
    route = resolve(ctx, request);
  } catch (error) {
    if (error instanceof FhirError) return errorResponse(error);
    throw error;
  }
  const access = { principal: ctx.principal, action: route.action === 'batch' ? ('create' as const) : route.action, ...(route.type ? { resourceType: route.type } : {}), ...(route.id ? { resourceId: route.id } : {}) };
  let status = 500;
  let reason = '';
  try {
    if (route.action !== 'batch') {
      const decision = await ctx.policy.authorise(access);
      reason = decision.reason;
      if (!decision.allowed) {
        throw decision.status === 401 ? fhirError(401, 'login', `Not signed in: ${decision.reason}.`) : fhirError(403, 'forbidden', `Not allowed: ${decision.reason}.`);
      }
      // A change to a resource the caller may not see is refused as if it were not there.
      if ((route.action === 'update' || route.action === 'delete') && route.type !== undefined && route.id !== undefined && ctx.scope !== everyone) {
        const held = await readResource(ctx.db, route.type, route.id);
        if (held !== undefined && (await readResource(ctx.db, route.type, route.id, undefined, ctx.scope)) === undefined) {
          throw fhirError(404, 'not-found', `There is no ${route.type}/${route.id}.`);
        }
      }
    }
    const response = await route.run();
    status = response.status;
    return response;
  } catch (error) {
    const known = toFhirError(error);
    if (known === undefined) throw error;
    status = known.status;
    return errorResponse(known);
  } finally {
    // A batch or transaction is audited entry by entry, by the interactions it is made of.
    if (route.action !== 'batch') ctx.policy.audit({ ...access, reason, outcome: status, requestId: ctx.requestId });
  }
}

function resolve(ctx: FhirContext, request: FhirRequest): Route {
  const segments = request.path.split('/').filter((s) => s !== '');
  const method = request.method === 'HEAD' ? 'GET' : request.method;
  const [first, second, third, fourth] = segments;
  const notAllowed = (what: string): never => {
    throw fhirError(405, 'not-supported', `${request.method} is not allowed on ${what}.`);
  };
  if (first === undefined) {
    if (method === 'POST') return { action: 'batch', run: () => processBundle(ctx, request, handle) };
    if (method === 'GET') return { action: 'capabilities', run: async () => json(capabilityStatement(ctx.base, ctx.now)) };
    return notAllowed('the base');
  }
  if (first === 'metadata' && segments.length === 1) {
    return method === 'GET' ? { action: 'capabilities', run: async () => json(capabilityStatement(ctx.base, ctx.now)) } : notAllowed('metadata');
  }
  if (first === '_history' && segments.length === 1) {
    return method === 'GET' ? { action: 'history', run: () => history(ctx, { types: fhirSearchTypes }, request.query) } : notAllowed('_history');
  }
  const type = first;
  if (!fhirSearchTypes.includes(type)) {
    throw fhirError(404, 'not-supported', `This server does not hold ${type} resources; it holds ${fhirSearchTypes.join(', ')} (see ${ctx.base}/metadata).`);
  }
  if (type === 'AuditEvent') return auditEventRoute(ctx, request, method, second, segments.length, notAllowed);
  const writable = !readOnlyTypes.has(type);
  if (second === undefined) {
    if (method === 'GET') return { action: 'search', type, run: () => search(ctx, type, request.query, request.headers.prefer) };
    if (method === 'POST' && writable) return { action: 'create', type, run: () => create(ctx, type, request) };
    const conditional = request.query.some(([name]) => name !== '_format' && name !== '_pretty');
    if (method === 'PUT' && writable && conditional) return { action: 'update', type, run: () => conditionalUpdate(ctx, type, request) };
    if (method === 'DELETE' && writable && conditional) return { action: 'delete', type, run: () => conditionalDelete(ctx, type, request) };
    return notAllowed(type);
  }
  if (second === '_search' && segments.length === 2) {
    return method === 'POST' ? { action: 'search', type, run: () => search(ctx, type, request.query, request.headers.prefer) } : notAllowed(`${type}/_search`);
  }
  if (second === '_history' && segments.length === 2) {
    return method === 'GET' ? { action: 'history', type, run: () => history(ctx, { type }, request.query) } : notAllowed(`${type}/_history`);
  }
  const id = second;
  if (!isFhirId(id)) throw fhirError(400, 'invalid', `"${id}" is not a FHIR id (1 to 64 letters, digits, "-" and ".").`);
  if (third === undefined) {
    if (method === 'GET') return { action: 'read', type, id, run: () => read(ctx, type, id, request, subsetOf(request.query)) };
    if (method === 'PUT' && writable) return { action: 'update', type, id, run: () => update(ctx, type, id, request) };
    if (method === 'DELETE' && writable) return { action: 'delete', type, id, run: () => remove(ctx, type, id, request) };
    return notAllowed(`${type}/${id}`);
  }
  if (third === '_history' && segments.length <= 4) {
    if (method !== 'GET') return notAllowed(`${type}/${id}/_history`);
    if (fourth === undefined) return { action: 'history', type, id, run: () => history(ctx, { type, id }, request.query) };
    if (!/^\d{1,9}$/.test(fourth)) throw fhirError(404, 'not-found', `There is no version "${fourth}" of ${type}/${id}: versions are numbers.`);
    return { action: 'vread', type, id, run: () => read(ctx, type, id, request, subsetOf(request.query), Number(fourth)) };
  }
  if (third === '$everything' && segments.length === 3 && type === 'Patient') {
    return method === 'GET' || method === 'POST' ? { action: 'everything', type, id, run: () => everything(ctx, id, request.query) } : notAllowed('$everything');
  }
  throw fhirError(404, 'not-supported', `${request.path} is not an interaction or operation this server supports (see ${ctx.base}/metadata).`);
}

/** AuditEvent comes from the audit trail, not the record: read and search only. */
function auditEventRoute(ctx: FhirContext, request: FhirRequest, method: string, id: string | undefined, length: number, notAllowed: (what: string) => never): Route {
  const type = 'AuditEvent';
  if (method !== 'GET' && !(method === 'POST' && id === '_search')) return notAllowed(id === undefined ? type : `${type}/${id}`);
  if (id === undefined || id === '_search') return { action: 'search', type, run: () => searchAuditEvents(ctx, request.query) };
  if (length > 2) throw fhirError(404, 'not-supported', `${request.path} is not an interaction this server supports on AuditEvent (read and search).`);
  return { action: 'read', type, id, run: () => readAuditEvent(ctx, id) };
}

const summaries: ReadonlySet<string> = new Set<Summary>(['true', 'text', 'data', 'count', 'false']);

/** `_summary` and `_elements` of a read. */
function subsetOf(query: readonly [string, string][]): Subset {
  const subset: Subset = {};
  for (const [name, value] of query) {
    if (name === '_summary') {
      if (!summaries.has(value) || value === 'count') throw fhirError(400, 'invalid', `_summary must be true, text, data or false on a read, not "${value}".`, '_summary');
      subset.summary = value as Summary;
    } else if (name === '_elements') {
      subset.elements = value.split(',').map((e) => e.trim()).filter((e) => e !== '');
    } else if (name !== '_format' && name !== '_pretty') {
      throw fhirError(400, 'not-supported', `A read takes _summary, _elements and _format; ${name} is not supported.`, name);
    }
  }
  return subset;
}

function json(body: unknown): FhirResponse {
  return { status: 200, headers: { 'content-type': fhirJson }, body: JSON.stringify(body) };
}
