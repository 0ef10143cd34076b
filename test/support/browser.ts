// The browser-test toolkit every UI test uses: a headless Chromium, pages that record every
// console error, uncaught exception and failed request, and an axe-core accessibility check.
import { readFileSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Browser, type BrowserContext, chromium, type Locator, type Page, type Response } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { signedInAs, type TestSession } from './access.js';
import { type TestServer, startTestServer } from './server.js';

/** Generous: a cold Chromium on a busy CI machine can take several seconds to start. */
export const browserLaunchTimeoutMs = 10_000;

/** Starts headless Chromium (Debian's, or CHROMIUM_PATH), quiet and with no background network use. */
export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    timeout: browserLaunchTimeoutMs,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-quic',
      '--no-first-run',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/** Something that went wrong in a page: a console error, an uncaught exception or a failed request. */
export interface PageProblem {
  kind: 'console' | 'pageerror' | 'requestfailed' | 'http';
  message: string;
  /** The resource concerned, when there is one. */
  url?: string;
  /** The HTTP status, for kind "http". */
  status?: number;
}

export interface OpenPageOptions {
  /** Return true for a problem the test expects (e.g. the 503 it provoked) so it is not recorded. */
  expected?: (problem: PageProblem) => boolean;
  /** Runs after the page is created and before it navigates, e.g. to set up `page.route`. */
  beforeNavigate?: (page: Page) => Promise<unknown>;
  viewport?: { width: number; height: number };
  /** Signs the page's browser context in as this session (from signedInAs) before it navigates. */
  session?: TestSession;
}

/**
 * Signs a browser context in as a session started through the API (`signedInAs`): its session
 * cookie is set for the server at `url`, as the browser would keep it after signing in.
 */
export async function signInContext(context: BrowserContext, url: string, session: TestSession): Promise<void> {
  const [name = '', ...value] = session.headers.cookie.split('=');
  await context.addCookies([{ name, value: value.join('='), url: new URL(url).origin, httpOnly: true, sameSite: 'Strict' }]);
}

/** A page whose problems are recorded from before its first request. */
export interface CheckedPage {
  page: Page;
  context: BrowserContext;
  /** The response to the first navigation. */
  response: Response | null;
  /** Problems seen so far, in order. */
  readonly errors: readonly PageProblem[];
  /** Throws, listing every problem, if the page has had any console error, page error or failed request. */
  assertNoConsoleErrors: () => void;
  close: () => Promise<void>;
}

function describeProblem(problem: PageProblem): string {
  const where = problem.url === undefined ? '' : ` (${problem.url})`;
  return `[${problem.kind}] ${problem.message}${where}`;
}

function originOf(url: string): string {
  try {
    return new URL(url).origin;
  } catch {
    return '';
  }
}

/**
 * Opens `url` in a fresh browser context, recording console errors, uncaught exceptions,
 * and same-origin requests that fail or answer 400 or above. Aborted requests (a page
 * cancelling a fetch it no longer needs) are not problems.
 */
export async function openPage(browser: Browser, url: string, options: OpenPageOptions = {}): Promise<CheckedPage> {
  const context = await browser.newContext({
    viewport: options.viewport ?? { width: 1280, height: 900 },
    locale: 'en-GB',
    timezoneId: 'Europe/London',
  });
  const page = await context.newPage();
  const origin = originOf(url);
  const errors: PageProblem[] = [];
  const record = (problem: PageProblem): void => {
    if (options.expected?.(problem) !== true) errors.push(problem);
  };

  page.on('console', (message) => {
    if (message.type() !== 'error' && message.type() !== 'assert') return;
    const { url: source } = message.location();
    record({ kind: 'console', message: message.text(), ...(source !== '' && { url: source }) });
  });
  page.on('pageerror', (error) => {
    record({ kind: 'pageerror', message: error.stack ?? error.message });
  });
  page.on('requestfailed', (request) => {
    const failure = request.failure()?.errorText ?? 'failed';
    if (originOf(request.url()) !== origin || failure === 'net::ERR_ABORTED') return;
    record({ kind: 'requestfailed', message: `${request.method()} ${failure}`, url: request.url() });
  });
  page.on('response', (response) => {
    if (response.status() < 400 || originOf(response.url()) !== origin) return;
    record({
      kind: 'http',
      message: `${response.request().method()} answered ${response.status()} ${response.statusText()}`,
      url: response.url(),
      status: response.status(),
    });
  });

  if (options.session !== undefined) await signInContext(context, url, options.session);
  await options.beforeNavigate?.(page);
  const response = await page.goto(url, { waitUntil: 'load' });
  return {
    page,
    context,
    response,
    errors,
    assertNoConsoleErrors: () => {
      if (errors.length > 0) {
        throw new Error(`The page at ${url} had ${errors.length} problem(s):\n${errors.map(describeProblem).join('\n')}`);
      }
    },
    close: () => context.close(),
  };
}

/** Opens a page, runs `check` on it, and closes it whatever happens. */
export async function withPage(browser: Browser, url: string, check: (checked: CheckedPage) => Promise<void>, options: OpenPageOptions = {}): Promise<void> {
  const checked = await openPage(browser, url, options);
  try {
    await check(checked);
  } finally {
    await checked.close();
  }
}

export interface BrowserSuite {
  /** The test server's URL. */
  url: () => string;
  /** The test server (its app and database), once started. */
  server: () => TestServer;
  /** A new account of a role, signed in through the API (see signedInAs in access.ts); pass it as `session` to `open`. */
  signedInAs: (account: Parameters<typeof signedInAs>[2]) => Promise<TestSession>;
  /** An account the test made itself (with a username it chose), signed in through the API as the sign-in page would. */
  signIn: (username: string, password: string) => Promise<TestSession>;
  /** Opens a path of the test server, runs `check`, and closes the page whatever happens. */
  open: (path: string, check: (checked: CheckedPage) => Promise<void>, options?: OpenPageOptions) => Promise<void>;
}

let signIns = 0;

/** Signs in an existing account through the API, from an address of its own (so sign-in rate limits do not trip). */
async function signInWith(server: TestServer, username: string, password: string): Promise<TestSession> {
  signIns++;
  const response = await server.joinedUp.app.inject({
    method: 'POST', url: '/api/session', payload: { username, password }, remoteAddress: `10.8.${Math.floor(signIns / 250)}.${signIns % 250}`,
  });
  if (response.statusCode !== 200) throw new Error(`could not sign in as ${username}: ${response.body}`);
  const set = response.headers['set-cookie'];
  const cookie = (Array.isArray(set) ? set[0] : set)?.split(';')[0] ?? '';
  const body = response.json<{ signedIn: { accountId: number }; csrfToken: string }>();
  return { accountId: body.signedIn.accountId, headers: { cookie, 'x-csrf-token': body.csrfToken } };
}

/**
 * A real server (prepared by `prepare`, say with records) and a browser for the calling file's
 * tests, started before them and stopped after.
 */
export function browserSuite(prepare: (server: TestServer) => Promise<unknown> = async () => undefined, prepareTimeoutMs = 30_000): BrowserSuite {
  let server: TestServer | undefined;
  let browser: Browser | undefined;
  beforeAll(async () => {
    server = await startTestServer();
    await prepare(server);
    browser = await launchBrowser();
  }, browserLaunchTimeoutMs + prepareTimeoutMs);
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });
  const started = (): TestServer => {
    if (!server) throw new Error('The test server has not started');
    return server;
  };
  const url = (): string => started().url;
  return {
    url,
    server: started,
    signedInAs: (account) => signedInAs(started().joinedUp.app, started().joinedUp.db, account),
    signIn: (username, password) => signInWith(started(), username, password),
    open: (path, check, options = {}) => {
      if (!browser) throw new Error('The browser has not started');
      return withPage(browser, `${url()}${path}`, check, options);
    },
  };
}

/** The value beside a key in an NHS summary list, in the page or within a part of it. */
export async function summaryValue(scope: Page | Locator, key: string): Promise<string> {
  // `has` is matched inside each row, so it is built from the page, not from the scope.
  const page = 'page' in scope ? scope.page() : scope;
  const row = scope.locator('.nhsuk-summary-list__row').filter({
    has: page.locator('.nhsuk-summary-list__key', { hasText: new RegExp(`^${key.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`) }),
  });
  return (await row.first().locator('.nhsuk-summary-list__value').innerText()).trim();
}

export interface AccessibilityViolation {
  id: string;
  impact: string | null;
  help: string;
  helpUrl: string;
  targets: string[];
}

const axeTags = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'];

let axeSource: string | undefined;
function readAxeSource(): string {
  axeSource ??= readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
  return axeSource;
}

/** axe-core as seen from inside the page; only what this helper calls. */
interface AxeInPage {
  axe?: {
    run(options: { runOnly: { type: 'tag'; values: string[] } }): Promise<{
      violations: {
        id: string;
        impact?: string | null;
        help: string;
        helpUrl: string;
        nodes: { target: unknown[] }[];
      }[];
    }>;
  };
}

/** Runs axe-core's WCAG 2.2 AA and best-practice rules on the whole document; the list of violations. */
export async function findAccessibilityViolations(page: Page): Promise<AccessibilityViolation[]> {
  // Evaluated rather than added as a <script>: the server's Content-Security-Policy forbids inline scripts.
  const loaded = await page.evaluate(() => (globalThis as AxeInPage).axe !== undefined);
  if (!loaded) await page.evaluate(readAxeSource());
  return page.evaluate(async (values) => {
    const { axe } = globalThis as AxeInPage;
    if (axe === undefined) throw new Error('axe-core did not load');
    const results = await axe.run({ runOnly: { type: 'tag', values } });
    return results.violations.map((violation) => ({
      id: violation.id,
      impact: violation.impact ?? null,
      help: violation.help,
      helpUrl: violation.helpUrl,
      targets: violation.nodes.map((node) => node.target.map(String).join(' ')),
    }));
  }, axeTags);
}

/** Throws, listing each violation (rule, impact, help and the elements concerned), unless axe finds none. */
export async function expectNoAccessibilityViolations(page: Page): Promise<void> {
  const violations = await findAccessibilityViolations(page);
  if (violations.length === 0) return;
  const lines = violations.map(
    (v) => `- ${v.id} (${v.impact ?? 'no impact given'}): ${v.help}\n    ${v.helpUrl}\n    at ${v.targets.join('\n       ')}`,
  );
  throw new Error(`${violations.length} accessibility violation(s) on ${page.url()}:\n${lines.join('\n')}`);
}

/** Saves a full-page PNG for debugging, in SCREENSHOT_DIR or the system temp folder; returns its path. */
export async function screenshot(page: Page, name: string): Promise<string> {
  const dir = process.env.SCREENSHOT_DIR ?? join(tmpdir(), 'joinedup-screenshots');
  await mkdir(dir, { recursive: true });
  const path = join(dir, `${name.replace(/[^\w.-]+/g, '-')}.png`);
  await page.screenshot({ path, fullPage: true });
  return path;
}
