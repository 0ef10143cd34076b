// Baselines for /health throughput: a bare Fastify app with the same route and nothing else, or
// (with --with-headers) plus only the headers every Joined Up answer must carry.
import { randomUUID } from 'node:crypto';
import Fastify from 'fastify';
import { apiHeaders } from '../src/platform/http/security-headers.js';

const withHeaders = process.argv.includes('--with-headers');
const app = Fastify({ logger: false, ...(withHeaders ? { genReqId: () => randomUUID() } : {}) });
if (withHeaders) {
  app.addHook('onRequest', (request, reply, done) => {
    reply.headers(apiHeaders);
    reply.header('x-request-id', request.id);
    done();
  });
}
app.get('/health', async () => ({ status: 'ok' }));
const url = await app.listen({ port: 0, host: '127.0.0.1' });
process.stderr.write(`ready at ${url}\n`);
process.once('SIGTERM', () => {
  void app.close().then(() => process.exit(0));
});
