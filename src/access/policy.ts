/**
 * The access layer's interface for the FHIR API: every interaction asks the policy whether it may
 * happen and tells it what happened, so that the same rules and the same audit trail apply to the
 * FHIR API as to the rest. Which people an interaction reaches is the caller's PersonScope, built
 * into the queries (relationships.ts); the policy decides which interactions the caller may make.
 */
import type { Db } from '../platform/index.js';
import { appendAudit } from './audit.js';
import { interactionPermission, type Permission, scopeGrant, type ScopeRestriction } from './oauth/scopes.js';

/** Who is calling, and as which source system their writes are recorded. */
export interface Principal {
  /** The source system writes are recorded as (X-Source-System, or the API's own "fhir"). */
  sourceId: string;
  /** Who, as the audit trail names them (defaults to the source system). */
  actor?: string;
  /** Anonymous (no session or token), a system with a token, or a person (session or token). */
  caller?: 'anonymous' | 'system' | 'user';
  /** The token's SMART scopes; undefined for a web session. */
  scopes?: readonly string[];
  /** Why this caller may not read records (their role reads none). */
  refused?: string;
  /** Whether the caller reads the audit trail (AuditEvent): an information-governance lead. */
  readsAudit?: boolean;
}

export type AccessAction = 'read' | 'vread' | 'search' | 'history' | 'create' | 'update' | 'delete' | 'everything' | 'capabilities';

export interface AccessRequest {
  principal: Principal;
  action: AccessAction;
  resourceType?: string;
  resourceId?: string;
}

export interface AccessDecision {
  allowed: boolean;
  /** 401 when the caller must sign in or send a token first, 403 when they may not (default). */
  status?: 401 | 403;
  /** Why, in words an information-governance lead reads in the audit trail. */
  reason: string;
}

/** What happened, for the audit trail: an interaction the policy decided, or any other action on person data. */
export interface AccessEvent extends Omit<AccessRequest, 'action'> {
  action: AccessAction | (string & {});
  reason: string;
  /** The HTTP status the interaction ended with. */
  outcome: number;
  requestId?: string;
  detail?: string;
  at?: Date;
}

export interface AccessPolicy {
  /** Decides whether the request may go ahead. */
  authorise(request: AccessRequest): Promise<AccessDecision>;
  /** Records what happened (queued; written within moments). */
  audit(event: AccessEvent): void;
  /** Writes what is queued; called before shutdown and by tests. */
  flush(): Promise<void>;
}

const reads: ReadonlySet<AccessAction> = new Set(['read', 'vread', 'search', 'history', 'everything', 'capabilities']);

/** What a caller's token grants on a type: every resource of it, none, or those that meet one of the restriction sets (each set's parameters all hold). */
export type TypeGrant = 'all' | 'none' | { anyOf: (readonly ScopeRestriction[])[] };

/**
 * What the caller's token grants for one interaction on one type: system scopes for a system, user
 * and patient scopes for a person (the people either reaches are the scope's business). A web
 * session carries no scopes and is granted every type.
 */
export function typeGrant(principal: Principal, resourceType: string, interaction: Permission): TypeGrant {
  if (principal.scopes === undefined) return 'all';
  const contexts = principal.caller === 'system' ? (['system'] as const) : (['user', 'patient'] as const);
  const grants = contexts.map((context) => scopeGrant(principal.scopes ?? [], { context, resourceType, interaction }));
  if (grants.includes('all')) return 'all';
  const anyOf = grants.flatMap((g) => (typeof g === 'object' ? g.anyOf : []));
  return anyOf.length === 0 ? 'none' : { anyOf };
}

/** Whether the caller may make this interaction at all (the people it reaches are the scope's business). */
export function decide(request: AccessRequest): AccessDecision {
  const { principal, action } = request;
  if (action === 'capabilities') return { allowed: true, reason: 'the CapabilityStatement is public' };
  if (principal.caller === undefined) return { allowed: true, reason: 'the installation itself' };
  if (principal.caller === 'anonymous') return { allowed: false, status: 401, reason: 'sign in, or send an OAuth 2.0 bearer token (see /.well-known/smart-configuration)' };
  if (request.resourceType === 'AuditEvent') {
    // The audit trail is for information governance: IG leads and systems whose token grants it.
    if (principal.caller === 'user' && principal.readsAudit !== true) return { allowed: false, reason: 'the audit trail is read by information governance leads' };
  } else if (principal.refused !== undefined) {
    return { allowed: false, reason: principal.refused };
  }
  if (principal.scopes === undefined) {
    if (principal.caller === 'user' && !reads.has(action)) {
      return { allowed: false, reason: 'a web session reads the FHIR API; an app changes records with a token whose scopes allow it' };
    }
    return { allowed: true, reason: 'within legitimate relationships' };
  }
  // A token: its SMART scopes must grant the interaction on the type (system scopes for a system, user or patient scopes for a person).
  const interaction = interactionPermission(action) ?? 'r';
  const resourceType = request.resourceType ?? '*';
  const grant = typeGrant(principal, resourceType, interaction);
  if (grant === 'none') {
    return { allowed: false, reason: `the token's scopes (${principal.scopes.join(' ') || 'none'}) do not allow ${action} on ${resourceType === '*' ? 'every type' : resourceType}` };
  }
  // A restricted scope (…rs?category=…) grants reading and searching the resources that meet it, which the FHIR API applies as a search.
  if (grant !== 'all' && !(action === 'read' || action === 'vread' || action === 'search')) {
    return { allowed: false, reason: `the token's scopes allow only some ${resourceType} resources (${principal.scopes.join(' ')}): restricted scopes grant read and search, not ${action}` };
  }
  return { allowed: true, reason: principal.caller === 'system' ? 'system access within the token\'s scopes' : 'within legitimate relationships and the token\'s scopes' };
}

/**
 * Decides with `decide` and audits everything. Entries are written in batches every `intervalMs`
 * (one transaction per batch, chained to the trail: audit.ts), so auditing costs a request no round trip of its own.
 */
export function accessPolicy(
  db: Db,
  options: { intervalMs?: number; maxQueued?: number; onError?: (error: unknown, lost: number) => void } = {},
): AccessPolicy {
  const interval = options.intervalMs ?? 50;
  const maxQueued = options.maxQueued ?? 1_000;
  let queue: AccessEvent[] = [];
  let timer: NodeJS.Timeout | undefined;
  let writing: Promise<void> = Promise.resolve();

  const write = (events: readonly AccessEvent[]): Promise<void> =>
    appendAudit(db, events.map((e) => ({
      at: e.at ?? new Date(), actor: e.principal.actor ?? e.principal.sourceId, action: e.action, resourceType: e.resourceType ?? null, resourceId: e.resourceId ?? null,
      outcome: e.outcome, reason: e.reason, requestId: e.requestId ?? null, detail: e.detail ?? null,
    })));
  const flush = async (): Promise<void> => {
    if (timer !== undefined) clearTimeout(timer);
    timer = undefined;
    const events = queue;
    queue = [];
    const previous = writing;
    writing = (async () => {
      await previous;
      if (events.length > 0) {
        await write(events).catch((error: unknown) => {
          // Put them back so that the next flush tries again, and say so.
          queue = [...events, ...queue];
          options.onError?.(error, events.length);
        });
      }
    })();
    await writing;
  };
  return {
    authorise: async (request) => decide(request),
    audit(event) {
      queue.push({ ...event, at: event.at ?? new Date() });
      if (queue.length >= maxQueued) void flush();
      else timer ??= setTimeout(() => void flush(), interval);
    },
    flush,
  };
}
