// Setting up the other ways of signing in from the command line, as a site's administrator does:
// adding an identity provider (the client secret on standard input, never listed again), refusing a
// bad one with exit 2 naming each option at fault, and resetting an account's two-step verification
// after a lost phone, after which the password alone signs in.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { generate } from 'otplib';
import { afterAll, expect, it } from 'vitest';
import { runCli } from '../../test/support/cli.js';
import { confirmTwoStep, createAccount, signIn, startTwoStep } from '../access/index.js';
import { openDatabase } from '../platform/index.js';

const dir = mkdtempSync(path.join(tmpdir(), 'joinedup-sign-in-setup-'));
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

it('adds and lists identity providers, keeping the client secret out of the list, and refuses bad ones with exit 2', async () => {
  const add = ['identity-provider', 'add', '--id', 'cis2', '--name', 'NHS CIS2', '--issuer', 'https://cis2.example.nhs.uk/openam/oauth2/realms/root/realms/oidc', '--client-id', 'joined-up-bayside', '--claim', 'email', '--data-dir', dir];
  const added = await runCli(add, {}, 'the client secret\n');
  expect(added.code, added.stderr).toBe(0);
  expect(added.stdout).toMatch(/"Sign in with NHS CIS2"/);
  expect(added.stdout).toMatch(/\/api\/sign-in\/cis2\/callback/);
  const again = await runCli(add, {}, 'the client secret\n');
  expect(again.code).toBe(2);
  expect(again.stderr).toMatch(/already an identity provider "cis2"/);

  const bad = await runCli(['identity-provider', 'add', '--id', 'Council IdP', '--name', 'Council', '--issuer', 'http://idp.council.example', '--client-id', 'x', '--scopes', 'profile email', '--data-dir', dir], {}, '\n');
  expect(bad.code).toBe(2);
  expect(bad.stderr).toMatch(/--id: must be 1 to 40 lower-case letters/);
  expect(bad.stderr).toMatch(/--issuer: must be an https URL/);
  expect(bad.stderr).toMatch(/--scopes: must include openid/);
  const missing = await runCli(['identity-provider', 'add', '--id', 'x', '--data-dir', dir], {}, '');
  expect(missing.code).toBe(2);
  expect(missing.stderr).toMatch(/needs --name, --issuer, --client-id/);

  const listed = await runCli(['identity-provider', 'list', '--data-dir', dir]);
  expect(listed.code, listed.stderr).toBe(0);
  expect(listed.stdout).toBe('cis2\tNHS CIS2\thttps://cis2.example.nhs.uk/openam/oauth2/realms/root/realms/oidc\tjoined-up-bayside\topenid profile email\temail\tenabled\n');
  expect(listed.stdout).not.toMatch(/the client secret/);
  expect((await runCli(['identity-provider', 'disable', '--id', 'cis2', '--data-dir', dir])).code).toBe(0);
  expect((await runCli(['identity-provider', 'list', '--data-dir', dir])).stdout).toMatch(/\tdisabled\n$/);
  expect((await runCli(['identity-provider', 'enable', '--id', 'nope', '--data-dir', dir])).code).toBe(2);

  // Someone who signs in only through the provider: an account named by their email, with no password.
  const made = await runCli(['account', 'create', '--username', 'ada.okafor@nhs.net', '--name', 'Dr Ada Okafor', '--role', 'gp', '--without-password', '--data-dir', dir]);
  expect(made.code, made.stderr).toBe(0);
  expect(made.stdout).toMatch(/through an identity provider \(it has no password\)/);
  const db = await openDatabase({ dataDir: dir });
  try {
    expect((await db.query(`SELECT password_hash FROM access.account WHERE username = 'ada.okafor@nhs.net'`)).rows).toEqual([{ password_hash: null }]);
    await expect(signIn(db, { username: 'ada.okafor@nhs.net', password: 'any password at all' })).rejects.toMatchObject({ code: 'sign_in_failed' });
  } finally {
    await db.close();
  }
}, 120_000);

it('resets an account\'s two-step verification, after which the password alone signs in', async () => {
  const password = 'correct horse battery staple';
  const db = await openDatabase({ dataDir: dir });
  try {
    const accountId = await createAccount(db, { username: 'tom.evans', displayName: 'Tom Evans', role: 'district-nurse', password });
    const { secret } = await startTwoStep(db, { accountId, username: 'tom.evans' });
    await confirmTwoStep(db, accountId, await generate({ secret: secret.replace(/ /g, '') }));
    await expect(signIn(db, { username: 'tom.evans', password })).rejects.toMatchObject({ code: 'two_step_required' });
  } finally {
    await db.close();
  }
  const reset = await runCli(['account', 'reset-two-step', '--username', 'tom.evans', '--data-dir', dir]);
  expect(reset.code, reset.stderr).toBe(0);
  expect(reset.stdout).toMatch(/two-step verification is off for tom.evans/);
  const unknown = await runCli(['account', 'reset-two-step', '--username', 'no.one', '--data-dir', dir]);
  expect(unknown.code).toBe(2);
  expect(unknown.stderr).toMatch(/no account "no.one"/);

  const after = await openDatabase({ dataDir: dir });
  try {
    expect((await signIn(after, { username: 'tom.evans', password })).signedIn.username).toBe('tom.evans');
    const audit = await after.query<{ actor: string; action: string }>(`SELECT actor, action FROM access.audit_event WHERE action = 'two-step-reset'`);
    expect(audit.rows).toEqual([{ actor: 'command line', action: 'two-step-reset' }]);
  } finally {
    await after.close();
  }
}, 120_000);
