// Two-step verification over HTTP on each backend: setting it up while signed in (QR code, secret
// in groups of four, a first code to confirm), signing in with password and code (none: asked for;
// wrong: refused and counted toward the lockout; used already: refused), turning it off with a code,
// the administrator's reset, and the audit trail of it all.
import { generate } from 'otplib';
import { describe, expect, it } from 'vitest';
import { backends } from '../../test/support/databases.js';
import { fhirAppFor } from '../../test/support/fhir.js';
import { createAccount, lockout, resetTwoStep, verifyAudit } from './index.js';

const password = 'correct horse battery staple';

/** The code an authenticator app shows `steps` steps from now. */
const codeAt = (secret: string, steps = 0): Promise<string> => generate({ secret: secret.replace(/\s/g, ''), epoch: Math.floor(Date.now() / 1000) + steps * 30 });

/** Waits out the last 3 seconds of a 30-second step, so that codes a step either side of now stay in the window. */
async function awayFromStepEdge(): Promise<void> {
  const left = 30_000 - (Date.now() % 30_000);
  if (left < 3_000) await new Promise((r) => setTimeout(r, left + 100));
}

describe.each(backends)('two-step verification on $name', (backend) => {
  const fhir = fhirAppFor(backend);
  let n = 0;
  const inject = (options: { method: string; url: string; ip: string; body?: unknown; cookie?: string; csrf?: string }) =>
    fhir.joinedUp().app.inject({
      method: options.method as 'GET', url: options.url, remoteAddress: options.ip,
      headers: { ...(options.cookie ? { cookie: options.cookie } : {}), ...(options.csrf ? { 'x-csrf-token': options.csrf } : {}), ...(options.body !== undefined ? { 'content-type': 'application/json' } : {}) },
      ...(options.body !== undefined ? { payload: JSON.stringify(options.body) } : {}),
    });
  const signIn = async (who: { username: string; ip: string }, code?: string) => {
    const response = await inject({ method: 'POST', url: '/api/session', ip: who.ip, body: { username: who.username, password, ...(code !== undefined ? { code } : {}) } });
    const set = response.headers['set-cookie'];
    const raw = (Array.isArray(set) ? set[0] : set) ?? '';
    return { response, raw, cookie: raw.split(';')[0] ?? '', csrf: response.statusCode === 200 ? response.json<{ csrfToken: string }>().csrfToken : '' };
  };
  /** A new account, signed in, with two-step verification set up and confirmed (by the code of the step before now). */
  const enrolled = async () => {
    n++;
    const who = { username: `nia${n}`, ip: `10.1.0.${n}` };
    await createAccount(fhir.joinedUp().db, { username: who.username, displayName: `Nia Adeyemi ${n}`, role: 'district-nurse', password });
    const session = await signIn(who);
    const started = await inject({ method: 'POST', url: '/api/account/two-step/start', ip: who.ip, cookie: session.cookie, csrf: session.csrf });
    expect(started.statusCode, started.body).toBe(200);
    const { secret, uri, qrSvg } = started.json<{ secret: string; uri: string; qrSvg: string }>();
    await awayFromStepEdge();
    const confirmed = await inject({ method: 'POST', url: '/api/account/two-step/confirm', ip: who.ip, cookie: session.cookie, csrf: session.csrf, body: { code: await codeAt(secret, -1) } });
    expect(confirmed.statusCode, confirmed.body).toBe(200);
    return { who, session, secret, uri, qrSvg };
  };

  it.skipIf(!backend.available)('sets up two-step verification with a QR code and the secret in groups of four, confirmed by a first code', async () => {
    n++;
    const who = { username: `ama${n}`, ip: `10.1.1.${n}` };
    await createAccount(fhir.joinedUp().db, { username: who.username, displayName: 'Ama Owusu', role: 'social-worker', password });
    // Only for the person signed in.
    expect((await inject({ method: 'GET', url: '/api/account/two-step', ip: who.ip })).json()).toMatchObject({ code: 'not_signed_in' });
    const session = await signIn(who);
    const off = await inject({ method: 'GET', url: '/api/account/two-step', ip: who.ip, cookie: session.cookie });
    expect(off.json()).toEqual({ on: false, since: null, settingUp: false });
    // Confirming before starting says so.
    const early = await inject({ method: 'POST', url: '/api/account/two-step/confirm', ip: who.ip, cookie: session.cookie, csrf: session.csrf, body: { code: '123456' } });
    expect(early.statusCode).toBe(409);
    expect(early.json()).toMatchObject({ code: 'two_step_not_started' });

    const started = await inject({ method: 'POST', url: '/api/account/two-step/start', ip: who.ip, cookie: session.cookie, csrf: session.csrf });
    const { secret, uri, qrSvg } = started.json<{ secret: string; uri: string; qrSvg: string }>();
    expect(secret).toMatch(/^[A-Z2-7]{4}( [A-Z2-7]{4}){7}$/);
    const parsed = new URL(uri);
    expect(parsed.protocol).toBe('otpauth:');
    expect(parsed.searchParams.get('secret')).toBe(secret.replace(/ /g, ''));
    expect(parsed.searchParams.get('issuer')).toBe('Joined Up');
    expect(decodeURIComponent(parsed.pathname)).toContain(who.username);
    expect(qrSvg).toMatch(/^<svg[^>]*xmlns="http:\/\/www.w3.org\/2000\/svg"/);
    expect((await inject({ method: 'GET', url: '/api/account/two-step', ip: who.ip, cookie: session.cookie })).json()).toMatchObject({ on: false, settingUp: true });

    const wrong = await inject({ method: 'POST', url: '/api/account/two-step/confirm', ip: who.ip, cookie: session.cookie, csrf: session.csrf, body: { code: '000000' } });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json()).toMatchObject({ code: 'two_step_code_wrong', errors: [{ path: 'code' }] });
    const right = await inject({ method: 'POST', url: '/api/account/two-step/confirm', ip: who.ip, cookie: session.cookie, csrf: session.csrf, body: { code: await codeAt(secret) } });
    expect(right.statusCode).toBe(200);
    expect(right.json()).toMatchObject({ on: true, since: expect.any(String) as string, settingUp: false });
    // On already: a second app needs turning off first.
    const again = await inject({ method: 'POST', url: '/api/account/two-step/start', ip: who.ip, cookie: session.cookie, csrf: session.csrf });
    expect(again.json()).toMatchObject({ code: 'two_step_already_on' });
  });

  it.skipIf(!backend.available)('asks for the code after the right password, refuses a wrong or used one, and signs in with the right one', async () => {
    const { who, secret } = await enrolled();
    const noCode = await signIn(who);
    expect(noCode.response.statusCode).toBe(401);
    expect(noCode.response.json()).toMatchObject({ code: 'two_step_required' });
    expect(noCode.raw).toBe('');
    // A wrong password is still just a wrong password, code or no code.
    const wrongPassword = await inject({ method: 'POST', url: '/api/session', ip: who.ip, body: { username: who.username, password: 'not it at all', code: '123456' } });
    expect(wrongPassword.json()).toMatchObject({ code: 'sign_in_failed' });
    const wrongCode = await signIn(who, '000000');
    expect(wrongCode.response.statusCode).toBe(401);
    expect(wrongCode.response.json()).toMatchObject({ code: 'two_step_failed' });
    expect(wrongCode.raw).toBe('');

    const code = await codeAt(secret);
    const right = await signIn(who, code);
    expect(right.response.statusCode).toBe(200);
    expect((await inject({ method: 'GET', url: '/api/session', ip: who.ip, cookie: right.cookie })).json()).toMatchObject({ signedIn: { username: who.username } });
    // Seen over a shoulder: the same code does not work twice.
    const replay = await signIn(who, code);
    expect(replay.response.json()).toMatchObject({ code: 'two_step_failed' });
  });

  it.skipIf(!backend.available)('counts wrong codes toward the same lockout as wrong passwords', async () => {
    const { who, secret } = await enrolled();
    for (let i = 0; i < lockout.failures; i++) expect((await signIn(who, '999999')).response.statusCode).toBe(401);
    const locked = await signIn(who, await codeAt(secret));
    expect(locked.response.statusCode).toBe(423);
    expect(locked.response.json()).toMatchObject({ code: 'account_locked' });
  });

  it.skipIf(!backend.available)('turns off only with a current code; then the password alone signs in', async () => {
    const { who, session, secret } = await enrolled();
    const wrong = await inject({ method: 'POST', url: '/api/account/two-step/turn-off', ip: who.ip, cookie: session.cookie, csrf: session.csrf, body: { code: '111111' } });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json()).toMatchObject({ code: 'two_step_code_wrong' });
    const right = await inject({ method: 'POST', url: '/api/account/two-step/turn-off', ip: who.ip, cookie: session.cookie, csrf: session.csrf, body: { code: await codeAt(secret) } });
    expect(right.statusCode).toBe(200);
    expect(right.json()).toEqual({ on: false, since: null, settingUp: false });
    expect((await signIn(who)).response.statusCode).toBe(200);
    const twice = await inject({ method: 'POST', url: '/api/account/two-step/turn-off', ip: who.ip, cookie: session.cookie, csrf: session.csrf, body: { code: '111111' } });
    expect(twice.json()).toMatchObject({ code: 'two_step_off' });
  });

  it.skipIf(!backend.available)('lets an administrator reset it (a lost phone), and audits setting up, removal and wrong codes', async () => {
    const { who, session, secret } = await enrolled();
    await signIn(who, '000000');
    await inject({ method: 'POST', url: '/api/account/two-step/turn-off', ip: who.ip, cookie: session.cookie, csrf: session.csrf, body: { code: '000000' } });
    await inject({ method: 'POST', url: '/api/account/two-step/turn-off', ip: who.ip, cookie: session.cookie, csrf: session.csrf, body: { code: await codeAt(secret) } });
    const { db } = fhir.joinedUp();
    const { rows } = await db.query<{ action: string; outcome: number; reason: string }>(`SELECT action, outcome, reason FROM access.audit_event WHERE actor = $1 ORDER BY seq`, [who.username]);
    expect(rows).toEqual([
      { action: 'sign-in', outcome: 200, reason: 'password' },
      { action: 'two-step-on', outcome: 200, reason: 'turn two-step verification on' },
      { action: 'failed-sign-in', outcome: 401, reason: 'wrong two-step verification code' },
      { action: 'failed-two-step-code', outcome: 400, reason: 'wrong code to turn two-step verification off' },
      { action: 'two-step-off', outcome: 200, reason: 'turn two-step verification off' },
    ]);
    expect((await verifyAudit(db)).breaks).toEqual([]);

    const other = await enrolled();
    expect(await resetTwoStep(db, other.who.username)).toMatchObject({ wasOn: true });
    expect((await signIn(other.who)).response.statusCode).toBe(200);
    await expect(resetTwoStep(db, 'no-such-person')).rejects.toMatchObject({ code: 'account_not_found' });
  });
});
