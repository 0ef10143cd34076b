/**
 * Signing in for tests: an account of a role (with its organisation), signed in through the API as a
 * person would be, and care-team membership for the people a test needs it to see.
 */
import { createAccount, createClient, tokenService } from '../../src/access/index.js';
import type { App, Queryable } from '../../src/platform/index.js';

export const testPassword = 'correct horse battery staple';

export interface TestSession {
  accountId: number;
  /** Cookie and CSRF token, for every request the test makes as this account. */
  headers: { cookie: string; 'x-csrf-token': string };
}

let made = 0;

/** A new account of `role` at `organisationId` (created as a `kind` organisation if need be), signed in. */
export async function signedInAs(
  app: App,
  db: Queryable,
  account: { role: string; name?: string; organisationId?: string | null; organisationKind?: string; odsCode?: string; identityId?: number },
): Promise<TestSession> {
  made++;
  const organisationId = account.organisationId === undefined ? 'test-organisation' : account.organisationId;
  if (organisationId !== null) {
    await db.query('INSERT INTO access.organisation (id, name, kind, ods_code) VALUES ($1, $1, $2, $3) ON CONFLICT (id) DO NOTHING', [
      organisationId, account.organisationKind ?? 'council', account.odsCode ?? null,
    ]);
  }
  const username = `test-${account.role}-${made}-${process.pid}`;
  const accountId = await createAccount(db, {
    username, displayName: account.name ?? `Test ${account.role} ${made}`, role: account.role, organisationId, password: testPassword, identityId: account.identityId ?? null,
  });
  const response = await app.inject({
    method: 'POST', url: '/api/session', payload: { username, password: testPassword }, remoteAddress: `10.9.${Math.floor(made / 250)}.${made % 250}`,
  });
  if (response.statusCode !== 200) throw new Error(`could not sign in as ${username}: ${response.body}`);
  const set = response.headers['set-cookie'];
  const cookie = (Array.isArray(set) ? set[0] : set)?.split(';')[0] ?? '';
  return { accountId, headers: { cookie, 'x-csrf-token': response.json<{ csrfToken: string }>().csrfToken } };
}

/** Puts the account on the care team of each person (a recorded relationship, through their first identity). */
export async function onCareTeamOf(db: Queryable, accountId: number, personIds: readonly number[]): Promise<void> {
  await db.query(
    `INSERT INTO access.relationship (identity_id, kind, account_id, reason)
     SELECT min(i.id), 'care-team', $1, 'on the care team (test)' FROM people.identity i WHERE i.person_id = ANY($2::int8[]) GROUP BY i.person_id`,
    [accountId, personIds],
  );
}

let systems = 0;

/** The Authorization header of a newly registered system with these scopes (every permission by default), as an integration would call. */
export async function systemAuthorization(db: Queryable, scopes = 'system/*.cruds'): Promise<string> {
  systems++;
  const { client } = await createClient(db, { name: `Test system ${systems} ${process.pid}`, kind: 'system', scopes });
  return `Bearer ${(await tokenService(db).issue({ clientId: client.id, scopes: scopes.split(' ') })).accessToken}`;
}
