import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../config.js';
import { openDatabase } from '../db/open.js';
import { loadMigrations, migrate } from '../db/migrations.js';
import type { Db } from '../db/db.js';
import { platformErrors } from '../errors.js';
import { createLogger } from '../logger.js';
import { platformCapability } from '../index.js';
import { type App, buildApp } from './app.js';
import { routeTable } from './route-table.js';
import { gracefulShutdown } from './shutdown.js';

const capabilities = [platformCapability];
const migrations = loadMigrations(capabilities);
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** The app on a fresh in-memory database, with its log lines captured. */
async function testApp(options: { migrated?: boolean; webDir?: string; extra?: (app: App) => void } = {}): Promise<{ app: App; db: Db; logs: string[] }> {
  const db = await openDatabase({});
  if (options.migrated !== false) await migrate(db, migrations);
  const logs: string[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      logs.push(chunk.toString('utf8'));
      done();
    },
  });
  const config = { ...loadConfig({}, {}), webDir: options.webDir ?? path.join(tmpdir(), 'joinedup-no-web-ui') };
  const app = await buildApp(config, { db, logger: createLogger('info', sink), capabilities, migrations });
  options.extra?.(app);
  cleanups.push(async () => {
    await app.close();
    await db.close();
  });
  return { app, db, logs };
}

describe('health and readiness', () => {
  it('is alive and ready on a migrated database', async () => {
    const { app } = await testApp();
    expect((await app.inject('/health')).json()).toEqual({ status: 'ok' });
    const ready = await app.inject('/ready');
    expect(ready.statusCode).toBe(200);
    expect(ready.json()).toEqual({ status: 'ready', database: 'pglite', migrations: 1 });
  });

  it('is not ready while migrations are pending, or when the database is gone', async () => {
    const { app, db } = await testApp({ migrated: false });
    const pending = await app.inject('/ready');
    expect(pending.statusCode).toBe(503);
    expect(pending.json()).toMatchObject({ code: 'migrations_pending', status: 503 });
    await db.close();
    const gone = await app.inject('/ready');
    expect(gone.statusCode).toBe(503);
    expect(gone.json()).toMatchObject({ code: 'database_unavailable' });
    expect((await app.inject('/health')).statusCode).toBe(200);
  });
});

describe('the route table', () => {
  it('lists every route with its methods and declared access, those added after the app was built too', async () => {
    const { app } = await testApp({ extra: (a) => a.get('/api/table-check', { config: { access: 'signed-in' } }, () => ({})) });
    const table = routeTable(app);
    expect(table).toContainEqual({ methods: ['GET'], url: '/health', access: 'public' });
    expect(table).toContainEqual({ methods: ['GET'], url: '/api/table-check', access: 'signed-in' });
    // The API documentation is a plugin's, and declares nothing.
    expect(table.find((r) => r.url === '/docs/json')).toMatchObject({ access: undefined });
  });
});

describe('errors as problem details', () => {
  it('answers an unknown API path with a 404 problem', async () => {
    const { app } = await testApp();
    const res = await app.inject('/api/nothing-here?name=Smith');
    expect(res.statusCode).toBe(404);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.json()).toMatchObject({
      type: '/api/problems/not_found',
      title: 'Not found',
      status: 404,
      code: 'not_found',
      instance: '/api/nothing-here',
      requestId: res.headers['x-request-id'],
    });
  });

  it('says what is wrong and where for invalid input', async () => {
    const { app } = await testApp();
    const res = await app.inject('/api/problems/NOT-A-CODE');
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({
      code: 'validation_failed',
      errors: [{ where: 'params', path: '/code', message: expect.stringMatching(/pattern/) as unknown }],
    });
  });

  it('answers text holding the NUL character, which the database cannot store, with a 400, not a 500', async () => {
    const { app } = await testApp({ extra: (a) => a.post('/api/echo', { config: { access: 'public' } }, async (request) => request.body) });
    const inQuery = await app.inject({ method: 'POST', url: '/api/echo?q=a%00b', payload: { fine: true } });
    expect(inQuery.statusCode).toBe(400);
    expect(inQuery.json()).toMatchObject({ code: 'validation_failed', errors: [{ where: 'querystring' }] });
    const inBody = await app.inject({ method: 'POST', url: '/api/echo', payload: { note: ['ok', { deep: 'a\u0000b' }] } });
    expect(inBody.json()).toMatchObject({ status: 400, errors: [{ where: 'body' }] });
    expect((await app.inject({ method: 'POST', url: '/api/echo', payload: { note: 'a\\u0000b' } })).statusCode).toBe(200);
  });

  it('answers malformed JSON with a 400, not a 500', async () => {
    const { app } = await testApp({
      extra: (a) => a.post('/api/echo', async (request) => request.body),
    });
    const res = await app.inject({ method: 'POST', url: '/api/echo', headers: { 'content-type': 'application/json' }, payload: '{"a":' });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ code: 'malformed_body' });
  });

  it('hides an unexpected failure and logs it without the personal data in its message', async () => {
    const { app, logs } = await testApp({
      extra: (a) =>
        a.get('/api/explode', async () => {
          throw new Error('duplicate key value violates unique constraint: Key (nhs_number)=(9434765919) for "Edith Smith"');
        }),
    });
    const res = await app.inject('/api/explode?name=Edith%20Smith');
    expect(res.statusCode).toBe(500);
    const body = JSON.stringify(res.json());
    expect(res.json()).toMatchObject({ code: 'internal_error', status: 500 });
    for (const secret of ['9434765919', 'Smith', 'nhs_number']) {
      expect(body).not.toContain(secret);
      expect(logs.join('')).not.toContain(secret);
    }
    const logged = logs.map((l) => JSON.parse(l) as Record<string, unknown>).find((l) => l.msg === 'unhandled error');
    expect(logged).toMatchObject({ reqId: res.headers['x-request-id'], error: { type: 'Error' } });
  });

  it('serves the error catalogue that problem types point to', async () => {
    const { app } = await testApp();
    const all = (await app.inject('/api/problems')).json<{ code: string; status: number }[]>();
    expect(Object.fromEntries(all.map((e) => [e.code, e.status]))).toEqual(
      Object.fromEntries(Object.entries(platformErrors).map(([code, e]) => [code, e.status])),
    );
    expect((await app.inject('/api/problems/migrations_pending')).json()).toMatchObject({ status: 503, hint: 'Run `joinedup migrate`.' });
    expect((await app.inject('/api/problems/no_such_code')).statusCode).toBe(404);
  });
});

describe('the error catalogue', () => {
  it('keeps its codes and statuses stable', () => {
    expect(Object.fromEntries(Object.entries(platformErrors).map(([code, e]) => [code, e.status]))).toEqual({
      validation_failed: 400,
      malformed_body: 400,
      body_too_large: 413,
      unsupported_media_type: 415,
      bad_request: 400,
      not_found: 404,
      method_not_allowed: 405,
      database_unavailable: 503,
      migrations_pending: 503,
      migrations_ahead: 503,
      migration_changed: 503,
      migration_order: 503,
      output_not_writable: 400,
      backup_invalid: 422,
      backup_incompatible: 409,
      restore_target_not_empty: 409,
      port_unavailable: 503,
      web_ui_missing: 503,
      shutting_down: 503,
      internal_error: 500,
    });
  });
});

describe('requests', () => {
  it('carry a request id: the caller\'s if well formed, else a new one', async () => {
    const { app } = await testApp();
    expect((await app.inject({ url: '/health', headers: { 'x-request-id': 'trace-42' } })).headers['x-request-id']).toBe('trace-42');
    const fresh = (await app.inject({ url: '/health', headers: { 'x-request-id': 'bad id <script>' } })).headers['x-request-id'];
    expect(fresh).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('are logged by route pattern, never by URL or query', async () => {
    const { app, logs } = await testApp();
    await app.inject('/api/installation?family=Smith&nhs=9434765919');
    await app.inject('/health');
    const lines = logs.map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines.filter((l) => l.msg === 'request')).toEqual([
      expect.objectContaining({ method: 'GET', route: '/api/installation', status: 200 }),
    ]);
    expect(logs.join('')).not.toMatch(/Smith|9434765919/);
  });

  it('get security headers: API answers may load and be framed by nothing', async () => {
    const { app } = await testApp();
    for (const url of ['/api/installation', '/health', '/api/nothing']) {
      const { headers } = await app.inject(url);
      expect(headers['content-security-policy'], url).toBe("default-src 'none'; frame-ancestors 'none'");
      expect(headers['x-content-type-options'], url).toBe('nosniff');
      expect(headers['x-frame-options'], url).toBe('DENY');
      expect(headers['referrer-policy'], url).toBe('no-referrer');
      expect(headers['cross-origin-resource-policy'], url).toBe('same-origin');
    }
  });
});

describe('this installation', () => {
  it('reports version, database, migrations and rows per capability schema', async () => {
    const { app } = await testApp();
    const body = (await app.inject('/api/installation')).json<Record<string, unknown>>();
    expect(body).toMatchObject({
      name: 'Joined Up',
      version: expect.stringMatching(/^\d+\.\d+\.\d+/) as unknown,
      database: { backend: 'pglite', label: 'Embedded PostgreSQL (PGlite)', location: 'memory', serverVersion: expect.stringMatching(/^PostgreSQL \d+/) as unknown },
      migrations: [{ capability: 'platform', version: 1, name: 'installation', checksum: migrations[0]?.checksum }],
      pendingMigrations: 0,
      capabilities: [
        {
          name: 'platform',
          schema: 'platform',
          rows: 2,
          tables: [
            { name: 'installation', rows: 1, estimated: false },
            { name: 'schema_migrations', rows: 1, estimated: false },
          ],
        },
      ],
    });
  });

  it('is described in the OpenAPI document at /docs', async () => {
    const { app } = await testApp();
    const spec = (await app.inject('/docs/json')).json<{ openapi: string; paths: Record<string, unknown> }>();
    expect(spec.openapi).toBe('3.1.0');
    expect(Object.keys(spec.paths)).toEqual(expect.arrayContaining(['/health', '/ready', '/api/installation', '/api/problems/{code}']));
    const ui = await app.inject('/docs/');
    expect(ui.statusCode).toBe(200);
    expect(ui.headers['content-type']).toMatch(/text\/html/);
  });
});

describe('the web UI', () => {
  function builtWebDir(): string {
    const dir = mkdtempSync(path.join(tmpdir(), 'joinedup-web-'));
    mkdirSync(path.join(dir, 'assets'));
    writeFileSync(path.join(dir, 'index.html'), '<!doctype html><title>Joined Up</title>');
    writeFileSync(path.join(dir, 'assets', 'index-3f2a1b.js'), 'console.log(1)');
    return dir;
  }

  it('caches hashed assets for a year and revalidates pages', async () => {
    const { app } = await testApp({ webDir: builtWebDir() });
    const asset = await app.inject('/assets/index-3f2a1b.js');
    expect(asset.statusCode).toBe(200);
    expect(asset.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    for (const page of ['/', '/people/123']) {
      const res = await app.inject(page);
      expect(res.statusCode).toBe(200);
      expect(res.headers['cache-control']).toBe('no-cache');
      expect(res.body).toContain('<title>Joined Up</title>');
      expect(res.headers['content-security-policy']).toMatch(/default-src 'self'.*script-src 'self'.*style-src 'self'/);
      expect(res.headers['content-security-policy']).not.toContain('unsafe-inline');
      expect(res.headers['cross-origin-opener-policy']).toBe('same-origin');
      expect(res.headers['x-frame-options']).toBe('SAMEORIGIN');
    }
    expect((await app.inject('/assets/missing-123.js')).statusCode).toBe(404);
    expect((await app.inject('/api/missing')).headers['content-type']).toMatch(/problem\+json/);
  });

  it('says so when the UI has not been built', async () => {
    const { app } = await testApp();
    const res = await app.inject('/');
    expect(res.statusCode).toBe(503);
    expect(res.json()).toMatchObject({ code: 'web_ui_missing' });
  });
});

describe('graceful shutdown', () => {
  it('finishes requests in flight, refuses new connections, then closes the database', async () => {
    let started: () => void = () => undefined;
    const inFlight = new Promise<void>((r) => (started = r));
    const { app, db } = await testApp({
      extra: (a) =>
        a.get('/api/slow', async () => {
          started();
          await new Promise((r) => setTimeout(r, 300));
          return { done: true };
        }),
    });
    const url = await app.listen({ port: 0, host: '127.0.0.1' });
    const slow = fetch(`${url}/api/slow`).then(async (r) => ({ status: r.status, body: (await r.json()) }));
    await inFlight;
    let dbClosedAfterRequest = false;
    const stopping = gracefulShutdown(app, {
      timeoutMs: 5000,
      afterClose: async () => {
        dbClosedAfterRequest = true;
        await db.close();
      },
    });
    await new Promise((r) => setTimeout(r, 50));
    await expect(fetch(`${url}/health`)).rejects.toThrow();
    expect(await slow).toEqual({ status: 200, body: { done: true } });
    expect(await stopping).toBe(true);
    expect(dbClosedAfterRequest).toBe(true);
  });
});
