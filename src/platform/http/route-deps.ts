import type { FastifyPluginAsync } from 'fastify';
import type { Capability } from '../capability.js';
import type { Db } from '../db/db.js';
import type { Migration } from '../db/migrations.js';

/** Something that happened to person data, for the audit trail. */
export interface AuditRecord {
  /** Who acted (a signed-in person's name, or a source system). */
  actor: string;
  action: string;
  resourceType?: string;
  resourceId?: string;
  /** The HTTP status it ended with. */
  outcome: number;
  reason: string;
  requestId?: string;
  detail?: string;
}

/** Where routes send what happened (the access capability's audit trail; queued, written within moments). */
export type AuditSink = (record: AuditRecord) => void;

/** What every capability's routes are given. */
export interface RouteDeps {
  db: Db;
  capabilities: readonly Capability[];
  migrations: readonly Migration[];
  startedAt: Date;
  audit: AuditSink;
}

/** A capability's HTTP routes: a Fastify plugin over the shared dependencies. */
export type CapabilityRoutes = FastifyPluginAsync<RouteDeps>;
