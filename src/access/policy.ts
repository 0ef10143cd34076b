/**
 * The access layer's interface: every interaction with person data asks the policy whether it may
 * happen and tells it what happened, so that the same rules and the same audit trail apply to the
 * FHIR API as to the rest. The first policy allows every interaction and audits it; rules of
 * legitimate relationship, consent and break-glass plug in behind the same interface.
 */
import type { Db } from '../platform/index.js';
import { appendAudit } from './audit.js';

/** Who is calling: for now a source system (FHIR clients name theirs), later a user or a token's client. */
export interface Principal {
  sourceId: string;
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

/**
 * Allows everything and audits everything. Entries are written in batches every `intervalMs` (one
 * transaction per batch, chained to the trail: audit.ts), so auditing costs a request no round trip of its own.
 */
export function allowAndAudit(
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
      at: e.at ?? new Date(), actor: e.principal.sourceId, action: e.action, resourceType: e.resourceType ?? null, resourceId: e.resourceId ?? null,
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
    authorise: async () => ({ allowed: true, reason: 'allowed: no access rules are configured (allow-and-audit policy)' }),
    audit(event) {
      queue.push({ ...event, at: event.at ?? new Date() });
      if (queue.length >= maxQueued) void flush();
      else timer ??= setTimeout(() => void flush(), interval);
    },
    flush,
  };
}
