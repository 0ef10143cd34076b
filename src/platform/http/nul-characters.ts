/**
 * PostgreSQL text cannot hold the NUL character (U+0000): a query value, path parameter or body
 * field holding one fails in the database, so such a request is refused as not valid (400) before
 * its route runs, instead of failing there with a 500. It runs after the access check, so that a
 * caller who may not use a route learns nothing from it.
 */
import type { FastifyInstance } from 'fastify';
import { platformError } from '../errors.js';

/** Whether a parsed query, parameters or JSON body holds a NUL anywhere (strings, keys, nested values). */
export function holdsNul(value: unknown): boolean {
  const stack: unknown[] = [value];
  while (stack.length > 0) {
    const v = stack.pop();
    if (typeof v === 'string') {
      if (v.includes('\u0000')) return true;
    } else if (v instanceof URLSearchParams) {
      for (const [name, text] of v) stack.push(name, text);
    } else if (Array.isArray(v)) {
      stack.push(...(v as unknown[]));
    } else if (v !== null && typeof v === 'object' && Object.getPrototypeOf(v) === Object.prototype) {
      for (const [key, inner] of Object.entries(v)) stack.push(key, inner);
    }
  }
  return false;
}

/** Refuses requests whose query, parameters or body hold a NUL. */
export function refuseNulCharacters(app: FastifyInstance): void {
  app.addHook('preHandler', async (request) => {
    // Fastify gives the query and parameters as objects without a prototype.
    const query = { ...(request.query as object | undefined) };
    const params = { ...(request.params as object | undefined) };
    const where = holdsNul(query) ? 'querystring' : holdsNul(params) ? 'params' : holdsNul(request.body) ? 'body' : undefined;
    if (where === undefined) return;
    throw platformError('validation_failed', `${where}: text may not hold the NUL character (U+0000).`, { errors: [{ where, path: '/', message: 'holds the NUL character (U+0000)' }] });
  });
}
