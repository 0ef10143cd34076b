import { randomUUID } from 'node:crypto';
import Fastify, { type FastifyBaseLogger, type FastifyInstance, type RawServerDefault } from 'fastify';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Capability } from '../capability.js';
import type { Config } from '../config.js';
import type { Db } from '../db/db.js';
import type { Migration } from '../db/migrations.js';
import { appVersion } from '../version.js';
import { errorHandler } from './problems.js';
import { SafeLogController } from './request-log.js';
import { apiHeaders } from './security-headers.js';
import { healthRoutes } from './health-routes.js';
import { installationRoutes } from './installation-routes.js';
import { problemRoutes } from './problem-routes.js';
import { recordRoutes } from './route-table.js';
import { refuseNulCharacters } from './nul-characters.js';
import { webUi } from './web-ui.js';
import type { AuditRecord, AuditSink, CapabilityRoutes, RouteDeps } from './route-deps.js';

export type { AuditRecord, AuditSink, CapabilityRoutes, RouteDeps };

export type App = FastifyInstance<RawServerDefault, IncomingMessage, ServerResponse, FastifyBaseLogger, TypeBoxTypeProvider>;

export interface AppDeps {
  db: Db;
  logger: FastifyBaseLogger;
  capabilities: readonly Capability[];
  migrations: readonly Migration[];
  /** Each capability's routes, mounted in order. */
  routes?: readonly CapabilityRoutes[];
  startedAt?: Date;
  /** Where routes record what happened to person data (default: nowhere). */
  audit?: AuditSink;
}

const requestIdPattern = /^[A-Za-z0-9._:-]{1,128}$/;

/**
 * Builds the whole HTTP app without listening: tests send requests with `inject`, the CLI listens.
 */
export async function buildApp(config: Config, deps: AppDeps): Promise<App> {
  const app: App = Fastify({
    loggerInstance: deps.logger,
    logController: new SafeLogController(),
    genReqId: (req) => {
      const given = req.headers['x-request-id'];
      return typeof given === 'string' && requestIdPattern.test(given) ? given : randomUUID();
    },
    bodyLimit: 1024 * 1024,
    return503OnClosing: true,
    forceCloseConnections: 'idle',
  }).withTypeProvider<TypeBoxTypeProvider>();
  // First, so that every route (plugins' included) is in the table.
  recordRoutes(app);

  app.setErrorHandler(errorHandler);
  refuseNulCharacters(app);

  app.addHook('onRequest', (request, reply, done) => {
    reply.headers(apiHeaders);
    reply.header('x-request-id', request.id);
    done();
  });
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Joined Up API',
        version: appVersion,
        description: 'JSON API of Joined Up. Errors are RFC 9457 problem details with a stable `code`; see /api/problems.',
      },
    },
  });
  await app.register(swaggerUi, { routePrefix: '/docs', staticCSP: true });

  const routeDeps: RouteDeps = {
    db: deps.db,
    capabilities: deps.capabilities,
    migrations: deps.migrations,
    startedAt: deps.startedAt ?? new Date(),
    audit: deps.audit ?? (() => undefined),
  };
  await app.register(healthRoutes, routeDeps);
  await app.register(problemRoutes, routeDeps);
  await app.register(installationRoutes, routeDeps);
  for (const routes of deps.routes ?? []) await app.register(routes, routeDeps);
  await app.register(webUi, { webDir: config.webDir });
  return app;
}
