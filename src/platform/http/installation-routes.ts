import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { InstallationSchema, describeInstallation } from '../installation.js';
import type { RouteDeps } from './route-deps.js';
import { ProblemSchema } from './problems.js';

export const installationRoutes: FastifyPluginAsyncTypebox<RouteDeps> = async (app, deps) => {
  app.get(
    '/api/installation',
    {
      config: { access: 'public' },
      schema: {
        summary: 'This installation: version, database, applied migrations and rows per capability',
        tags: ['platform'],
        response: { 200: InstallationSchema, 503: ProblemSchema },
      },
    },
    async () => describeInstallation(deps.db, deps.capabilities, deps.migrations, deps.startedAt),
  );
};
