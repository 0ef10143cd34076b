/**
 * The FHIR R4 API over HTTP at /fhir/r4 (http://hl7.org/fhir/R4/http.html): JSON only
 * (application/fhir+json; anything else asked for gets 406), every error as an OperationOutcome,
 * every request turned into a FhirRequest for the same handlers batch entries and tests use.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { type AccessPolicy, type Principal, readerScope, readsRecords } from '../access/index.js';
import { listSources } from '../people/index.js';
import { refreshStatistics } from '../record/index.js';
import { type CapabilityRoutes, type Db, type PersonScope, actorOf, everyone, isAppError } from '../platform/index.js';
import { type FhirContext, type FhirRequest, type FhirResponse, fhirJson } from './context.js';
import { handle } from './dispatch.js';
import { FhirError, errorResponse, fhirError } from './outcome.js';

export interface FhirRoutesOptions {
  /** The access policy every interaction goes through. */
  policy: (db: Db) => AccessPolicy;
}

const prefix = '/fhir/r4';
const jsonTypes = ['application/fhir+json', 'application/json', 'application/json+fhir'];
const acceptable = new Set(['application/fhir+json', 'application/json', 'application/json+fhir', 'application/*', '*/*']);
const jsonFormats = new Set(['json', 'application/json', 'application/fhir+json', 'application/json+fhir']);

/** The routes, given how to make the access policy for the database they serve. */
export function fhirRoutes(options: FhirRoutesOptions): CapabilityRoutes {
  return async (app, deps) => {
    const policy = options.policy(deps.db);
    const principals = principalsOf(deps.db);
    const wrote = statisticsRefresher(deps.db, (error) => { app.log.warn({ code: 'statistics_refresh_failed', type: (error as Error).name }, 'could not refresh planner statistics'); });
    app.addHook('onClose', async () => {
      await policy.flush();
    });
    await app.register(async (fhir: FastifyInstance) => {
      fhir.removeAllContentTypeParsers();
      fhir.addContentTypeParser(jsonTypes, { parseAs: 'string' }, (_request, body, done) => {
        // A request that says its body is JSON but sends none (a GET or DELETE from some clients) has no body.
        if (body === '') {
          done(null, undefined);
          return;
        }
        try {
          done(null, JSON.parse(body as string));
        } catch (error) {
          done(fhirError(400, 'structure', `The body is not valid JSON: ${(error as Error).message}`), undefined);
        }
      });
      fhir.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_request, body, done) => {
        done(null, new URLSearchParams(body as string));
      });
      fhir.setErrorHandler(async (error, request, reply) => {
        const known = error instanceof FhirError ? error : fastifyError(error);
        if (known !== undefined) return send(reply, request, errorResponse(known));
        request.log.error({ error: { type: (error as Error).name }, route: request.routeOptions.url }, 'unhandled FHIR error');
        return send(reply, request, errorResponse(fhirError(500, 'exception', `Something went wrong on our side. Quote request id ${request.id} when reporting it.`)));
      });
      const route = async (request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply> => {
        const query = [...new URLSearchParams((request.raw.url ?? '').split('?', 2)[1] ?? '')];
        negotiate(request.headers.accept, query);
        const path = (request.params as { '*'?: string })['*'] ?? '';
        const fhirRequest: FhirRequest = {
          method: request.method,
          path,
          query: request.body instanceof URLSearchParams ? [...query, ...request.body] : query,
          headers: headersOf(request),
          ...(request.body !== undefined && !(request.body instanceof URLSearchParams) ? { body: request.body } : {}),
        };
        const { principal, scope } = callerOf(request, await principals(request.headers['x-source-system']));
        const ctx: FhirContext = {
          db: deps.db, base: `${request.protocol}://${request.host}${prefix}`, principal, scope,
          policy, requestId: request.id, now: new Date(), wrote,
        };
        return send(reply, request, await handle(ctx, fhirRequest), query.some(([n, v]) => n === '_pretty' && v === 'true'));
      };
      const methods = ['GET', 'HEAD', 'POST', 'PUT', 'DELETE', 'PATCH'] as const;
      fhir.route({ method: [...methods], url: prefix, config: { access: 'fhir' }, bodyLimit: 256 * 2 ** 20, schema: { hide: true }, handler: route, exposeHeadRoute: false });
      fhir.route({ method: [...methods], url: `${prefix}/*`, config: { access: 'fhir' }, bodyLimit: 256 * 2 ** 20, schema: { hide: true }, handler: route, exposeHeadRoute: false });
    });
  };
}

/**
 * Who calls and whom they may see: a system with a token sees everyone its scopes allow; a person
 * (session or token) sees the people they have a legitimate relationship with; no one else sees anyone.
 */
function callerOf(request: FastifyRequest, source: Principal): { principal: Principal; scope: PersonScope } {
  const nobody: PersonScope = { condition: () => 'false' };
  if (request.system) {
    return { principal: { ...source, caller: 'system', actor: actorOf(request), scopes: request.scopes ?? [] }, scope: everyone };
  }
  const signedIn = request.signedIn;
  if (signedIn) {
    const principal: Principal = {
      ...source, caller: 'user', actor: actorOf(request), readsAudit: signedIn.role === 'ig-lead', ...(request.scopes !== undefined ? { scopes: request.scopes } : {}),
    };
    if (!readsRecords(signedIn.role)) return { principal: { ...principal, refused: 'your role does not read people\'s records' }, scope: nobody };
    return { principal, scope: readerScope(request, signedIn) };
  }
  return { principal: { ...source, caller: 'anonymous', actor: 'anonymous' }, scope: nobody };
}

function headersOf(request: FastifyRequest): FhirRequest['headers'] {
  const headers: FhirRequest['headers'] = {};
  const one = (name: string): string | undefined => {
    const value = request.headers[name];
    return typeof value === 'string' ? value : undefined;
  };
  const ifMatch = one('if-match');
  const ifNoneExist = one('if-none-exist');
  const ifNoneMatch = one('if-none-match');
  const prefer = one('prefer');
  if (ifMatch !== undefined) headers.ifMatch = ifMatch;
  if (ifNoneExist !== undefined) headers.ifNoneExist = ifNoneExist;
  if (ifNoneMatch !== undefined) headers.ifNoneMatch = ifNoneMatch;
  if (prefer !== undefined) headers.prefer = prefer;
  return headers;
}

/** 406 unless the client accepts FHIR JSON (FHIR R4 http.html#mime-type: Accept, or _format). */
function negotiate(accept: string | undefined, query: readonly [string, string][]): void {
  const format = query.find(([name]) => name === '_format')?.[1];
  if (format !== undefined) {
    if (!jsonFormats.has(format.split(';')[0]?.trim() ?? '')) throw fhirError(406, 'not-supported', `This server speaks FHIR JSON only; _format=${format} is not available.`, '_format');
    return;
  }
  if (accept === undefined || accept.trim() === '') return;
  const types = accept.split(',').map((t) => t.split(';')[0]?.trim().toLowerCase() ?? '');
  if (!types.some((t) => acceptable.has(t))) throw fhirError(406, 'not-supported', `This server speaks FHIR JSON only (application/fhir+json); Accept: ${accept} cannot be met.`);
}

function fastifyError(error: unknown): FhirError | undefined {
  // Refused by a hook the whole app shares (the request is not valid, say): its status and words.
  if (isAppError(error)) return fhirError(error.status, error.status === 400 ? 'invalid' : 'processing', error.message);
  const code = typeof error === 'object' && error !== null && 'code' in error ? String((error).code) : '';
  const status = typeof error === 'object' && error !== null && 'statusCode' in error ? Number((error).statusCode) : 500;
  if (code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') return fhirError(415, 'not-supported', 'Send FHIR JSON: Content-Type application/fhir+json (or application/json).');
  if (code === 'FST_ERR_CTP_BODY_TOO_LARGE') return fhirError(413, 'too-long', 'The body is too large; send a large load as several transactions, or import it as NDJSON.');
  if (code === 'FST_ERR_CTP_EMPTY_JSON_BODY' || code === 'FST_ERR_CTP_INVALID_CONTENT_LENGTH') return fhirError(400, 'structure', 'The request body is empty or its length is wrong.');
  if (status >= 400 && status < 500) return fhirError(status, 'invalid', (error as Error).message);
  return undefined;
}

async function send(reply: FastifyReply, request: FastifyRequest, response: FhirResponse, pretty = false): Promise<FastifyReply> {
  reply.code(response.status).headers(response.headers);
  if (response.body === undefined || request.method === 'HEAD') return reply.send();
  const body = pretty ? JSON.stringify(JSON.parse(response.body), null, 2) : response.body;
  return reply.type(response.headers['content-type'] ?? fhirJson).send(body);
}

/**
 * Refreshes the record's planner statistics each time what was written through the API doubles
 * (from 1,000 resources on), so searches keep using the indexes as the database grows (the embedded
 * one has no autovacuum; a server's runs only after its own delay).
 */
function statisticsRefresher(db: Db, onError: (error: unknown) => void): (count: number) => void {
  let written = 0;
  let next = 1_000;
  let running = false;
  return (count) => {
    written += count;
    if (written < next || running) return;
    next = written * 2;
    running = true;
    refreshStatistics(db).catch(onError).finally(() => { running = false; });
  };
}

/** Who a request is made as: the registered source system named by X-Source-System, or the API's own ("fhir"). */
function principalsOf(db: Db): (header: string | string[] | undefined) => Promise<Principal> {
  let known: { ids: Set<string>; at: number } | undefined;
  return async (header) => {
    const name = Array.isArray(header) ? header[0] : header;
    if (name === undefined || name === '') return { sourceId: 'fhir' };
    if (known === undefined || Date.now() - known.at > 5_000 || !known.ids.has(name)) {
      known = { ids: new Set((await listSources(db)).map((s) => s.id)), at: Date.now() };
    }
    if (!known.ids.has(name)) {
      throw new FhirError(403, [{ severity: 'error', code: 'security', diagnostics: `X-Source-System "${name}" is not a registered source system (GET /api/sources lists them).` }]);
    }
    return { sourceId: name };
  };
}
