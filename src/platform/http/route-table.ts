/**
 * Every route the app serves, with who may call it (config.access), recorded as routes are added, so
 * that checks over the whole API (does every route declare its access? is each one enforced?) are
 * generated from the routes themselves and cover a new route the day it is added.
 */
import type { FastifyInstance, RouteOptions } from 'fastify';
import type { RouteAccess } from './person-scope.js';

/** One route: its method(s), its URL pattern (":id" parameters, "*" wildcards) and its declared access. */
export interface RouteEntry {
  methods: readonly string[];
  url: string;
  /** Undefined when the route declares none (only the web UI's files and the API documentation may). */
  access: RouteAccess | undefined;
}

declare module 'fastify' {
  interface FastifyInstance {
    /** Every route added so far (read it with routeTable(app)). */
    readonly routeEntries: readonly RouteEntry[];
  }
}

/** Starts recording: call first, before any route or plugin is added. */
export function recordRoutes(app: FastifyInstance): void {
  const entries: RouteEntry[] = [];
  app.decorate('routeEntries', entries);
  app.addHook('onRoute', (route: RouteOptions) => {
    const methods = Array.isArray(route.method) ? [...route.method] : [route.method];
    entries.push(Object.freeze({ methods: Object.freeze(methods.map(String)), url: route.url, access: route.config?.access }));
  });
}

/** The routes of an app, in the order they were added. */
export function routeTable(app: FastifyInstance): readonly RouteEntry[] {
  return app.routeEntries;
}
