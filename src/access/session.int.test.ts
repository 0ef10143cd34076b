// Signing in over HTTP on each backend: the session cookie, CSRF tokens on changes, lockout after
// failed sign-ins, the rate limit, no session fixation, sign-out, the audit trail of it all, and the
// signed-in person's name on what they do.
import { describe, expect, it } from 'vitest';
import { backends } from '../../test/support/databases.js';
import { onCareTeamOf } from '../../test/support/access.js';
import { fhirAppFor } from '../../test/support/fhir.js';
import { createAccount, lockout, verifyAudit } from './index.js';

const password = 'correct horse battery staple';

describe.each(backends)('signing in on $name', (backend) => {
  const fhir = fhirAppFor(backend);
  let n = 0;
  /** A new account (each test its own), and a client address of its own so that rate limits do not cross tests. */
  const account = async (): Promise<{ username: string; ip: string }> => {
    const joinedUp = fhir.joinedUp();
    n++;
    await joinedUp.db.query(`INSERT INTO access.organisation (id, name, kind) VALUES ('bay-practice', 'Bay Practice', 'gp-practice') ON CONFLICT DO NOTHING`);
    const username = `ada${n}`;
    await createAccount(joinedUp.db, { username, displayName: `Dr Ada Okafor ${n}`, role: 'gp', organisationId: 'bay-practice', password });
    return { username, ip: `10.0.0.${n}` };
  };
  const inject = (options: { method: string; url: string; ip: string; body?: unknown; cookie?: string; csrf?: string }) =>
    fhir.joinedUp().app.inject({
      method: options.method as 'GET', url: options.url, remoteAddress: options.ip,
      headers: { ...(options.cookie ? { cookie: options.cookie } : {}), ...(options.csrf ? { 'x-csrf-token': options.csrf } : {}), ...(options.body !== undefined ? { 'content-type': 'application/json' } : {}) },
      ...(options.body !== undefined ? { payload: JSON.stringify(options.body) } : {}),
    });
  const signIn = async (username: string, ip: string, pass = password) => {
    const response = await inject({ method: 'POST', url: '/api/session', ip, body: { username, password: pass } });
    const set = response.headers['set-cookie'];
    const raw = Array.isArray(set) ? set[0] : set;
    return { response, raw: raw ?? '', cookie: raw?.split(';')[0] ?? '', body: response.json<{ csrfToken: string; signedIn: { name: string; roleName: string } }>() };
  };

  it.skipIf(!backend.available)('signs in with an HTTP-only, same-site cookie, says who is signed in, and signs out', async () => {
    const { username, ip } = await account();
    const { response, raw, cookie, body } = await signIn(username, ip);
    expect(response.statusCode).toBe(200);
    expect(raw).toMatch(/^joinedup_session=[A-Za-z0-9_-]{43};/);
    expect(raw).toMatch(/HttpOnly/);
    expect(raw).toMatch(/SameSite=Strict/);
    expect(body.signedIn).toMatchObject({ username, name: expect.stringContaining('Dr Ada Okafor') as string, role: 'gp', roleName: 'GP', organisationId: 'bay-practice' });
    const me = await inject({ method: 'GET', url: '/api/session', ip, cookie });
    expect(me.statusCode).toBe(200);
    expect(me.json()).toMatchObject({ signedIn: { username }, csrfToken: body.csrfToken });

    // Signing out needs the CSRF token too; afterwards the cookie is worth nothing.
    expect((await inject({ method: 'DELETE', url: '/api/session', ip, cookie })).statusCode).toBe(403);
    expect((await inject({ method: 'DELETE', url: '/api/session', ip, cookie, csrf: body.csrfToken })).statusCode).toBe(204);
    const after = await inject({ method: 'GET', url: '/api/session', ip, cookie });
    expect(after.json()).toEqual({ signedIn: null });
    // Signing out again: there is no session to end.
    expect((await inject({ method: 'DELETE', url: '/api/session', ip, cookie })).json()).toMatchObject({ code: 'not_signed_in' });
  });

  it.skipIf(!backend.available)('says the same for a wrong password and an unknown username, and locks the account after 5 failures', async () => {
    const { username, ip } = await account();
    const unknown = await signIn('nobody-here', ip);
    expect(unknown.response.statusCode).toBe(401);
    for (let i = 0; i < lockout.failures; i++) {
      const wrong = await signIn(username, ip, 'not the password at all');
      expect(wrong.response.statusCode).toBe(401);
      expect(wrong.response.json()).toEqual({ ...unknown.response.json(), requestId: expect.any(String) as string });
    }
    // Locked: even the right password is refused, and no cookie is set.
    const locked = await signIn(username, ip);
    expect(locked.response.statusCode).toBe(423);
    expect(locked.response.json()).toMatchObject({ code: 'account_locked' });
    expect(locked.raw).toBe('');
  });

  it.skipIf(!backend.available)('limits sign-in attempts from one address to 10 a minute', async () => {
    const { username, ip } = await account();
    const statuses: number[] = [];
    for (let i = 0; i < 11; i++) statuses.push((await signIn(`${username}-typo`, ip)).response.statusCode);
    expect(statuses.slice(0, 10)).toEqual(Array<number>(10).fill(401));
    expect(statuses[10]).toBe(429);
    expect((await signIn(`${username}-typo`, ip)).response.json()).toMatchObject({ code: 'sign_in_rate_limited' });
    // Another address is not held back.
    expect((await signIn(username, `${ip}9`)).response.statusCode).toBe(200);
  });

  it.skipIf(!backend.available)('refuses a change made with the session cookie but without its CSRF token, and takes it with', async () => {
    const { username, ip } = await account();
    const { cookie, body } = await signIn(username, ip);
    const without = await inject({ method: 'POST', url: '/api/merges/999999/undo', ip, cookie, body: {} });
    expect(without.statusCode).toBe(403);
    expect(without.json()).toMatchObject({ code: 'csrf_token_invalid' });
    const wrong = await inject({ method: 'POST', url: '/api/merges/999999/undo', ip, cookie, csrf: 'not-the-token', body: {} });
    expect(wrong.statusCode).toBe(403);
    // With the token the request reaches its route (which finds no such merge).
    const right = await inject({ method: 'POST', url: '/api/merges/999999/undo', ip, cookie, csrf: body.csrfToken, body: {} });
    expect(right.json()).toMatchObject({ code: 'merge_not_found' });
  });

  it.skipIf(!backend.available)('starts a new session at each sign-in, whatever cookie came with it (no session fixation)', async () => {
    const { username, ip } = await account();
    const planted = 'joinedup_session=chosen-by-an-attacker';
    const response = await inject({ method: 'POST', url: '/api/session', ip, cookie: planted, body: { username, password } });
    expect(response.statusCode).toBe(200);
    const issued = String(response.headers['set-cookie']).split(';')[0];
    expect(issued).not.toBe(planted);
    expect((await inject({ method: 'GET', url: '/api/session', ip, cookie: planted })).json()).toEqual({ signedIn: null });
    expect((await inject({ method: 'GET', url: '/api/session', ip, cookie: issued })).json()).toMatchObject({ signedIn: { username } });
    // Two sign-ins, two sessions: signing out of one leaves the other.
    const second = await signIn(username, ip);
    expect(second.cookie).not.toBe(issued);
  });

  it.skipIf(!backend.available)('never turns a session someone already holds into another person\'s: signing in over a live session starts a new one', async () => {
    const first = await account();
    const second = await account();
    const held = await signIn(first.username, first.ip);
    // Someone who holds (or planted) the first person's live session watches the second sign in with it.
    const response = await inject({ method: 'POST', url: '/api/session', ip: second.ip, cookie: held.cookie, body: { username: second.username, password } });
    expect(response.statusCode).toBe(200);
    const issued = String(response.headers['set-cookie']).split(';')[0];
    expect(issued).not.toBe(held.cookie);
    expect((await inject({ method: 'GET', url: '/api/session', ip: first.ip, cookie: held.cookie })).json()).toMatchObject({ signedIn: { username: first.username } });
    expect((await inject({ method: 'GET', url: '/api/session', ip: second.ip, cookie: issued })).json()).toMatchObject({ signedIn: { username: second.username } });
    // Signing in again as oneself, over one's own session, also starts a new one, with a new CSRF token.
    const again = await inject({ method: 'POST', url: '/api/session', ip: first.ip, cookie: held.cookie, body: { username: first.username, password } });
    expect(String(again.headers['set-cookie']).split(';')[0]).not.toBe(held.cookie);
    expect(again.json<{ csrfToken: string }>().csrfToken).not.toBe(held.body.csrfToken);
  });

  it.skipIf(!backend.available)('writes every sign-in, failed sign-in and sign-out to the audit trail, chained', async () => {
    const { username, ip } = await account();
    await signIn(username, ip, 'wrong password, sorry');
    const { cookie, body } = await signIn(username, ip);
    await inject({ method: 'DELETE', url: '/api/session', ip, cookie, csrf: body.csrfToken });
    const { rows } = await fhir.joinedUp().db.query<{ action: string; actor: string; outcome: number; detail: string }>(
      `SELECT action, actor, outcome, detail FROM access.audit_event WHERE actor = $1 ORDER BY seq`,
      [username],
    );
    expect(rows).toEqual([
      { action: 'failed-sign-in', actor: username, outcome: 401, detail: `from ${ip}` },
      { action: 'sign-in', actor: username, outcome: 200, detail: `from ${ip}` },
      { action: 'sign-out', actor: username, outcome: 200, detail: `from ${ip}` },
    ]);
    expect((await verifyAudit(fhir.joinedUp().db)).breaks).toEqual([]);
  });

  it.skipIf(!backend.available)('records the signed-in person as who acted, not what the request claims', async () => {
    const { username, ip } = await account();
    const { cookie, body } = await signIn(username, ip);
    const joinedUp = fhir.joinedUp();
    const people = await joinedUp.db.query<{ id: number }>('INSERT INTO people.person (created_at) SELECT now() FROM generate_series(1, 2) RETURNING id');
    const [a, b] = people.rows.map((r) => r.id);
    await joinedUp.db.query(
      `INSERT INTO people.identity (source_id, local_id, person_id, linked_by, family) VALUES ('gp', 'sess-a', $1, 'own-record', 'Smith'), ('council', 'sess-b', $2, 'own-record', 'Smith')`,
      [a, b],
    );
    // On both people's care team, so that they may see them.
    const { rows: [me] } = await joinedUp.db.query<{ id: number }>('SELECT id FROM access.account WHERE username = $1', [username]);
    await onCareTeamOf(joinedUp.db, me?.id ?? 0, [a ?? 0, b ?? 0]);
    const merged = await joinedUp.app.inject({
      method: 'POST', url: `/api/people/${b}/merge`, remoteAddress: ip,
      headers: { cookie, 'x-csrf-token': body.csrfToken, 'x-user': 'Someone Else', 'content-type': 'application/json' },
      payload: JSON.stringify({ into: String(a), reason: 'Same person: checked with the practice' }),
    });
    expect(merged.statusCode).toBe(201);
    expect(merged.json()).toMatchObject({ mergedBy: body.signedIn.name });
    // The merge is in the audit trail (written within moments), as theirs.
    let entries: { actor: string; resource_id: string; reason: string }[] = [];
    for (let tries = 0; tries < 50 && entries.length === 0; tries++) {
      await new Promise((r) => setTimeout(r, 50));
      entries = (await joinedUp.db.query<{ actor: string; resource_id: string; reason: string }>(`SELECT actor, resource_id, reason FROM access.audit_event WHERE action = 'merge' AND resource_id = $1`, [String(b)])).rows;
    }
    expect(entries).toEqual([{ actor: `${body.signedIn.name} (GP, bay-practice)`, resource_id: String(b), reason: 'Same person: checked with the practice' }]);
  });
});
