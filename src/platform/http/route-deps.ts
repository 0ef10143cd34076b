import type { FastifyPluginAsync } from 'fastify';
import type { Capability } from '../capability.js';
import type { Db } from '../db/db.js';
import type { Migration } from '../db/migrations.js';

/** What every capability's routes are given. */
export interface RouteDeps {
  db: Db;
  capabilities: readonly Capability[];
  migrations: readonly Migration[];
  startedAt: Date;
}

/** A capability's HTTP routes: a Fastify plugin over the shared dependencies. */
export type CapabilityRoutes = FastifyPluginAsync<RouteDeps>;
