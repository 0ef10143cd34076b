/** Finance over HTTP: Care Act charging (routes/charging.ts) and the pooled fund, ledger and budgets (routes/fund.ts). */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { RouteDeps } from '../platform/index.js';
import { chargingRoutes } from './routes/charging.js';
import { fundRoutes } from './routes/fund.js';

export const financeRoutes: FastifyPluginAsyncTypebox<RouteDeps> = async (app, deps) => {
  await chargingRoutes(app, deps);
  await fundRoutes(app, deps);
};
