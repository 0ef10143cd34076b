import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { migrationState } from '../db/migrations.js';
import { platformError } from '../errors.js';
import type { RouteDeps } from './route-deps.js';
import { ProblemSchema, sendProblem } from './problems.js';

/** Liveness (the process answers) and readiness (database reachable, schema current). */
export const healthRoutes: FastifyPluginAsyncTypebox<RouteDeps> = async (app, deps) => {
  app.get(
    '/health',
    {
      config: { access: 'public' },
      schema: {
        summary: 'Liveness: the process is running and answering',
        tags: ['platform'],
        response: { 200: Type.Object({ status: Type.Literal('ok') }) },
      },
    },
    async () => ({ status: 'ok' as const }),
  );

  app.get(
    '/ready',
    {
      config: { access: 'public' },
      schema: {
        summary: 'Readiness: the database is reachable and its migrations are current',
        tags: ['platform'],
        response: {
          200: Type.Object({
            status: Type.Literal('ready'),
            database: Type.String({ description: 'pglite or postgres' }),
            migrations: Type.Integer({ description: 'applied migrations' }),
          }),
          503: ProblemSchema,
        },
      },
    },
    async (request, reply) => {
      let state;
      try {
        state = await migrationState(deps.db, deps.migrations);
      } catch (error) {
        request.log.warn({ code: 'database_unavailable' }, 'readiness check failed');
        return sendProblem(request, reply, platformError('database_unavailable', 'The database did not answer the readiness check.', { cause: error }));
      }
      if (state.problem) return sendProblem(request, reply, state.problem);
      if (state.pending.length > 0) {
        return sendProblem(request, reply, platformError('migrations_pending', `${state.pending.length} migration(s) are not applied.`));
      }
      return { status: 'ready' as const, database: deps.db.backend, migrations: state.applied.length };
    },
  );
};
