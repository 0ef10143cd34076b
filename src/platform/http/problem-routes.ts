import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { platformErrors } from '../errors.js';
import type { RouteDeps } from './route-deps.js';
import { ProblemSchema, problemType } from './problems.js';

const CatalogueEntry = Type.Object({
  type: Type.String(),
  code: Type.String(),
  status: Type.Integer(),
  title: Type.String(),
  hint: Type.String(),
});

/** The error catalogue, the platform's and every capability's, so that every problem's `type` leads to what it means. */
export const problemRoutes: FastifyPluginAsyncTypebox<RouteDeps> = async (app, deps) => {
  const catalogue = [platformErrors, ...deps.capabilities.map((c) => c.errors ?? {})]
    .flatMap((errors) => Object.entries(errors))
    .map(([code, e]) => ({ type: problemType(code), code, status: e.status, title: e.title, hint: e.hint }));
  app.get(
    '/api/problems',
    { config: { access: 'public' }, schema: { summary: 'Every error code the API can answer with', tags: ['platform'], response: { 200: Type.Array(CatalogueEntry) } } },
    async () => catalogue,
  );
  app.get(
    '/api/problems/:code',
    {
      config: { access: 'public' },
      schema: {
        summary: 'One error code: its status, title and what to do',
        tags: ['platform'],
        params: Type.Object({ code: Type.String({ pattern: '^[a-z_]+$', maxLength: 64 }) }),
        response: { 200: CatalogueEntry, 404: ProblemSchema },
      },
    },
    async (request, reply) => {
      const entry = catalogue.find((e) => e.code === request.params.code);
      if (entry === undefined) { reply.callNotFound(); return; }
      return entry;
    },
  );
};
