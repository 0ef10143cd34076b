import { existsSync } from 'node:fs';
import path from 'node:path';
import fastifyStatic from '@fastify/static';
import fp from 'fastify-plugin';
import { platformError } from '../errors.js';
import { sendProblem } from './problems.js';
import { pageHeaders } from './security-headers.js';

/** Paths that belong to the server, never to the web UI's client-side pages. */
const serverPaths = /^\/(api|docs|fhir|health|ready)(\/|$|\?)/;

/**
 * Serves the built web UI: hashed assets cached for a year, index.html revalidated every time, and
 * index.html for any other page path so the client-side pages (and their "Page not found") render.
 */
export const webUi = fp<{ webDir: string }>(async (app, { webDir }) => {
  const index = path.join(webDir, 'index.html');
  const headers = pageHeaders();
  const built = existsSync(index);
  if (built) {
    await app.register(fastifyStatic, {
      root: webDir,
      wildcard: false,
      index: false,
      cacheControl: false,
      setHeaders(res, file) {
        const hashed = file.includes(`${path.sep}assets${path.sep}`);
        res.setHeader('cache-control', hashed ? 'public, max-age=31536000, immutable' : 'no-cache');
      },
    });
  }
  app.setNotFoundHandler((request, reply) => {
    const pathOnly = request.url.split('?')[0] ?? '/';
    const isPage = (request.method === 'GET' || request.method === 'HEAD') && !serverPaths.test(pathOnly) && !path.extname(pathOnly);
    if (!isPage) return sendProblem(request, reply, platformError('not_found', `There is nothing at ${request.method} ${pathOnly}.`));
    if (!built) return sendProblem(request, reply, platformError('web_ui_missing'));
    return reply.headers(headers).header('cache-control', 'no-cache').sendFile('index.html', { cacheControl: false });
  });
});
