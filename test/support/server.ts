/**
 * A real Joined Up server for browser and end-to-end tests: the whole app on a fresh in-memory
 * embedded database, serving the built web UI, listening on a free port of 127.0.0.1.
 */
import { createLogger, loadConfig, openDatabase } from '../../src/platform/index.js';
import { openJoinedUp, type JoinedUp } from '../../src/joinedup.js';
import type { TestSession } from './access.js';

export interface TestServer {
  url: string;
  joinedUp: JoinedUp;
  close(): Promise<void>;
}

export async function startTestServer(): Promise<TestServer> {
  const config = loadConfig({ port: '0', host: '127.0.0.1', logLevel: 'silent' }, {});
  const joinedUp = await openJoinedUp(config, createLogger('silent'), { db: await openDatabase({}) });
  const url = await joinedUp.app.listen({ port: 0, host: '127.0.0.1' });
  return { url, joinedUp, close: () => joinedUp.close() };
}

/**
 * `fetch` as a signed-in account (a session from signedInAs): its cookie and, for a change, its CSRF
 * token go with the request, as the web UI sends them.
 */
export function fetchAs(session: TestSession, url: string, init: RequestInit = {}): Promise<Response> {
  const headers = new Headers(init.headers);
  headers.set('cookie', session.headers.cookie);
  headers.set('x-csrf-token', session.headers['x-csrf-token']);
  return fetch(url, { ...init, headers });
}
