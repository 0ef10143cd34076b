// Creating organisations and staff accounts from the command line, as a site's administrator does:
// the password comes on standard input; bad input is refused with exit 2 and says which option is
// wrong; the account can sign in.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { runCli } from '../../test/support/cli.js';
import { signIn } from '../access/index.js';
import { openDatabase } from '../platform/index.js';

const dir = mkdtempSync(path.join(tmpdir(), 'joinedup-account-'));
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

it('creates an organisation and an account that can sign in, and refuses bad ones with exit 2', async () => {
  const org = await runCli(['organisation', 'create', '--id', 'bay-practice', '--name', 'Bay Practice', '--kind', 'gp-practice', '--data-dir', dir]);
  expect(org.code, org.stderr).toBe(0);
  const badOrg = await runCli(['organisation', 'create', '--id', 'Bay Practice', '--name', 'Bay', '--kind', 'surgery', '--data-dir', dir]);
  expect(badOrg.code).toBe(2);
  expect(badOrg.stderr).toMatch(/--id: must be 1 to 40 lower-case letters/);
  expect(badOrg.stderr).toMatch(/--kind: must be one of gp-practice/);

  const args = ['account', 'create', '--username', 'ada.okafor', '--name', 'Dr Ada Okafor', '--role', 'gp', '--organisation', 'bay-practice', '--data-dir', dir];
  const made = await runCli(args, {}, 'correct horse battery staple\n');
  expect(made.code, made.stderr).toBe(0);
  expect(made.stdout).toMatch(/ada\.okafor can sign in now/);
  const again = await runCli(args, {}, 'correct horse battery staple\n');
  expect(again.code).toBe(2);
  expect(again.stderr).toMatch(/already an account "ada.okafor"/);
  const weak = await runCli(['account', 'create', '--username', 'sam', '--name', 'Sam', '--role', 'wizard', '--data-dir', dir], {}, 'short\n');
  expect(weak.code).toBe(2);
  expect(weak.stderr).toMatch(/--role: must be one of gp/);
  expect(weak.stderr).toMatch(/--password: must be at least 12 characters/);
  const missing = await runCli(['account', 'create', '--username', 'sam', '--data-dir', dir], {}, '');
  expect(missing.code).toBe(2);
  expect(missing.stderr).toMatch(/needs --name, --role/);

  const team = await runCli(['team', 'create', '--id', 'bay-mdt', '--name', 'Bay integrated team', '--organisation', 'bay-practice', '--data-dir', dir]);
  expect(team.code, team.stderr).toBe(0);
  expect((await runCli(['team', 'add', '--team', 'bay-mdt', '--usernames', 'ada.okafor', '--data-dir', dir])).stdout).toMatch(/^1 added to team bay-mdt$/m);
  const stranger = await runCli(['team', 'add', '--team', 'bay-mdt', '--usernames', 'ada.okafor,nobody', '--data-dir', dir]);
  expect(stranger.code).toBe(2);
  expect(stranger.stderr).toMatch(/--username: there is no account "nobody"/);
  const homeless = await runCli(['team', 'create', '--id', 'x', '--name', 'X', '--organisation', 'nowhere', '--data-dir', dir]);
  expect(homeless.code).toBe(2);
  expect(homeless.stderr).toMatch(/--organisation: there is no organisation "nowhere"/);
  const unknownPerson = await runCli(['account', 'create', '--username', 'ann', '--name', 'Ann', '--role', 'person', '--nhs-number', '9434765919', '--data-dir', dir], {}, 'correct horse battery staple\n');
  expect(unknownPerson.code).toBe(2);
  expect(unknownPerson.stderr).toMatch(/no one with NHS number 9434765919/);
  const noOne = await runCli(['account', 'create', '--username', 'ann', '--name', 'Ann', '--role', 'person', '--data-dir', dir], {}, 'correct horse battery staple\n');
  expect(noOne.stderr).toMatch(/--identity-id: says whose account it is/);

  const db = await openDatabase({ dataDir: dir });
  try {
    const session = await signIn(db, { username: 'ada.okafor', password: 'correct horse battery staple' });
    expect(session.signedIn).toMatchObject({ name: 'Dr Ada Okafor', role: 'gp', organisationId: 'bay-practice' });
  } finally {
    await db.close();
  }
}, 120_000);
