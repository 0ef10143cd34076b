/**
 * The whole app on a fresh database of a backend, for FHIR API tests: requests go in through
 * Fastify's inject, as a client's would, and come back parsed.
 */
import { afterAll, beforeAll } from 'vitest';
import { openJoinedUp, type JoinedUp } from '../../src/joinedup.js';
import { createLogger, loadConfig } from '../../src/platform/index.js';
import { systemAuthorization } from './access.js';
import type { FreshDatabase, TestBackend } from './databases.js';

export interface FhirAnswer {
  status: number;
  headers: Record<string, string | string[] | number | undefined>;
  body: Record<string, unknown> & { resourceType?: string };
  text: string;
}

export interface FhirClient {
  joinedUp: () => JoinedUp;
  /** The Authorization header of the suite's system client (system/*.cruds), which requests carry unless told otherwise. */
  authorization: () => string;
  request: (method: string, path: string, body?: unknown, headers?: Record<string, string>) => Promise<FhirAnswer>;
}

/** One app and database for the calling suite (fresh at its start). */
export function fhirAppFor(backend: TestBackend): FhirClient {
  let fresh: FreshDatabase | undefined;
  let app: JoinedUp | undefined;
  let authorization = '';
  beforeAll(async () => {
    if (!backend.available) return;
    fresh = await backend.open();
    app = await openJoinedUp(loadConfig({ logLevel: 'silent' }, {}), createLogger('silent'), { db: fresh.db });
    // The suite calls as a registered system with every permission, as an integration would.
    authorization = await systemAuthorization(app.db);
  }, 120_000);
  afterAll(async () => {
    // The database is the test's: closed (and on the server dropped) by dispose.
    await app?.app.close();
    await fresh?.dispose();
  });
  return {
    joinedUp: () => {
      if (!app) throw new Error(`No app: the ${backend.name} backend is not available`);
      return app;
    },
    authorization: () => authorization,
    async request(method, path, body, headers = {}) {
      if (!app) throw new Error(`No app: the ${backend.name} backend is not available`);
      const response = await app.app.inject({
        method: method as 'GET',
        url: path.startsWith('/') ? path : `/fhir/r4/${path}`,
        // A cookie, or an Authorization header of the test's own, stands in for the suite's token.
        headers: { ...(body !== undefined ? { 'content-type': 'application/fhir+json' } : {}), ...('cookie' in headers || 'authorization' in headers ? {} : { authorization }), ...headers },
        ...(body !== undefined ? { payload: typeof body === 'string' ? body : JSON.stringify(body) } : {}),
      });
      const text = response.body;
      let parsed: FhirAnswer['body'];
      try {
        parsed = text === '' ? {} : (JSON.parse(text) as FhirAnswer['body']);
      } catch {
        parsed = {};
      }
      return { status: response.statusCode, headers: response.headers, body: parsed, text };
    },
  };
}
