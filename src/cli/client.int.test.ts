// Registering the systems and apps that use the API, from the command line, as a site's
// administrator does: the secret is printed once; bad input is refused with exit 2 naming the
// option; `joinedup token` prints a token the server accepts; a disabled client gets no more.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { runCli } from '../../test/support/cli.js';
import { tokenService } from '../access/index.js';
import { openDatabase } from '../platform/index.js';

const dir = mkdtempSync(path.join(tmpdir(), 'joinedup-client-'));
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

it('registers systems and apps, lists them, prints tokens that verify, disables, and refuses bad input with exit 2', async () => {
  const made = await runCli(['client', 'create', '--name', 'Bayside Hospital PAS', '--scopes', 'system/*.rs system/Patient.cruds', '--data-dir', dir]);
  expect(made.code, made.stderr).toBe(0);
  expect(made.stdout).toMatch(/^client_id: +bayside-hospital-pas$/m);
  const secret = /^client_secret: +([\w-]{43})$/m.exec(made.stdout)?.[1];
  expect(secret).toBeDefined();
  expect(made.stderr).toMatch(/cannot be shown again/);

  const app = await runCli(['client', 'create', '--app', '--public', '--name', 'Care Notes', '--scopes', 'user/*.rs', '--redirect-uri', 'https://notes.example/callback', '--redirect-uri', 'http://localhost:3000/cb', '--data-dir', dir]);
  expect(app.code, app.stderr).toBe(0);
  expect(app.stdout).toMatch(/client_id: +care-notes/);
  expect(app.stdout).not.toMatch(/client_secret/);

  const again = await runCli(['client', 'create', '--name', 'Bayside Hospital PAS', '--scopes', 'system/*.rs', '--data-dir', dir]);
  expect(again.code).toBe(2);
  expect(again.stderr).toMatch(/--name: is taken/);
  const bad = await runCli(['client', 'create', '--name', 'Lab', '--scopes', 'system/Observation.sr user/Patient.rs', '--data-dir', dir]);
  expect(bad.code).toBe(2);
  expect(bad.stderr).toMatch(/--scopes: "system\/Observation.sr" is not a SMART scope/);
  const noRedirect = await runCli(['client', 'create', '--app', '--name', 'Other App', '--scopes', 'user/*.rs', '--data-dir', dir]);
  expect(noRedirect.code).toBe(2);
  expect(noRedirect.stderr).toMatch(/--redirect-uri: an app needs at least one redirect URI/);
  const missing = await runCli(['client', 'create', '--name', 'Lab', '--data-dir', dir]);
  expect(missing.code).toBe(2);
  expect(missing.stderr).toMatch(/needs --scopes/);

  const list = await runCli(['client', 'list', '--data-dir', dir]);
  expect(list.code, list.stderr).toBe(0);
  expect(list.stdout).toMatch(/^bayside-hospital-pas +Bayside Hospital PAS +system +enabled +system\/\*\.rs system\/Patient\.cruds$/m);
  expect(list.stdout).toMatch(/^care-notes +Care Notes +public app +enabled +user\/\*\.rs$/m);

  const token = await runCli(['token', '--client', 'Bayside Hospital PAS', '--scopes', 'system/Patient.rs', '--data-dir', dir]);
  expect(token.code, token.stderr).toBe(0);
  const accessToken = token.stdout.trim();
  const outside = await runCli(['token', '--client', 'bayside-hospital-pas', '--scopes', 'system/Patient.rs system/Encounter.c', '--data-dir', dir]);
  expect(outside.code).toBe(2);
  expect(outside.stderr).toMatch(/--scopes: "system\/Encounter.c" is not within/);
  const unknown = await runCli(['token', '--client', 'nobody', '--data-dir', dir]);
  expect(unknown.code).toBe(2);
  expect(unknown.stderr).toMatch(/--client: there is no client "nobody"/);
  const forApp = await runCli(['token', '--client', 'care-notes', '--data-dir', dir]);
  expect(forApp.code).toBe(2);
  expect(forApp.stderr).toMatch(/is an app/);

  const db = await openDatabase({ dataDir: dir });
  try {
    expect(await tokenService(db).verify(accessToken)).toMatchObject({ kind: 'system', clientId: 'bayside-hospital-pas', scopes: ['system/Patient.rs'] });
  } finally {
    await db.close();
  }

  const disabled = await runCli(['client', 'disable', '--client', 'bayside-hospital-pas', '--data-dir', dir]);
  expect(disabled.code, disabled.stderr).toBe(0);
  expect((await runCli(['client', 'list', '--data-dir', dir])).stdout).toMatch(/^bayside-hospital-pas .* disabled \d{4}-\d{2}-\d{2} /m);
  const refused = await runCli(['token', '--client', 'bayside-hospital-pas', '--data-dir', dir]);
  expect(refused.code).toBe(2);
  expect(refused.stderr).toMatch(/is disabled/);
  const noSuch = await runCli(['client', 'disable', '--client', 'nobody', '--data-dir', dir]);
  expect(noSuch.code).toBe(2);
}, 120_000);
