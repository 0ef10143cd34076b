import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { describeInstallation } from '../installation.js';
import type { RouteDeps } from './route-deps.js';
import { ProblemSchema } from './problems.js';

const Installation = Type.Object({
  name: Type.String(),
  version: Type.String(),
  startedAt: Type.String({ format: 'date-time' }),
  database: Type.Object({
    backend: Type.Union([Type.Literal('pglite'), Type.Literal('postgres')]),
    label: Type.String(),
    serverVersion: Type.String(),
    location: Type.String({ description: 'Folder of the embedded database, or host:port/database of the server (never credentials)' }),
  }),
  installation: Type.Union([Type.Object({ id: Type.String(), createdAt: Type.String({ format: 'date-time' }) }), Type.Null()]),
  migrations: Type.Array(
    Type.Object({
      capability: Type.String(),
      version: Type.Integer(),
      name: Type.String(),
      checksum: Type.String(),
      appliedAt: Type.String({ format: 'date-time' }),
    }),
  ),
  pendingMigrations: Type.Integer(),
  capabilities: Type.Array(
    Type.Object({
      name: Type.String(),
      schema: Type.String(),
      rows: Type.Integer(),
      tables: Type.Array(Type.Object({ name: Type.String(), rows: Type.Integer(), estimated: Type.Boolean() })),
    }),
  ),
});

export const installationRoutes: FastifyPluginAsyncTypebox<RouteDeps> = async (app, deps) => {
  app.get(
    '/api/installation',
    {
      schema: {
        summary: 'This installation: version, database, applied migrations and rows per capability',
        tags: ['platform'],
        response: { 200: Installation, 503: ProblemSchema },
      },
    },
    async () => describeInstallation(deps.db, deps.capabilities, deps.migrations, deps.startedAt),
  );
};
