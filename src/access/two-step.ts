/**
 * Two-step verification for staff accounts: a time-based one-time code (RFC 6238 with the settings
 * every authenticator app uses: 30-second steps, 6 digits, HMAC-SHA-1), accepted one step either side
 * of now for clock drift. The last step a code was accepted for is kept, so a code seen over someone's
 * shoulder cannot be used again. Set up while signed in: start (a new secret, shown as a QR code and
 * as text), then confirm with a first code; turning it off needs a current code too.
 */
import { generateSecret, generateURI, verify } from 'otplib';
import QRCode from 'qrcode';
import type { Queryable } from '../platform/index.js';
import { accessError } from './errors.js';

export const totpSettings = { period: 30, digits: 6, algorithm: 'sha1', windowSteps: 1 } as const;

/** The issuer name authenticator apps show beside the account. */
export const twoStepIssuer = 'Joined Up';

export interface TwoStepStatus {
  on: boolean;
  since: Date | null;
  /** A secret was issued and awaits its first code. */
  settingUp: boolean;
}

export interface TwoStepEnrolment {
  /** otpauth:// URI for an authenticator app (what the QR code holds). */
  uri: string;
  /** The base32 secret in groups of four, for typing in by hand. */
  secret: string;
  /** The URI as a QR code, SVG. */
  qrSvg: string;
}

/** The time step a 6-digit code is right for (within a step of `at`, and after `after`), if any. */
export async function acceptedStep(secret: string, code: string, after: number | null, at: Date): Promise<number | undefined> {
  if (!/^\d{6}$/.test(code)) return undefined;
  try {
    const result = await verify({
      secret, token: code, epoch: Math.floor(at.getTime() / 1000), period: totpSettings.period, digits: totpSettings.digits, algorithm: totpSettings.algorithm,
      epochTolerance: totpSettings.period * totpSettings.windowSteps, ...(after === null ? {} : { afterTimeStep: after }),
    });
    return result.valid && 'timeStep' in result ? result.timeStep : undefined;
  } catch {
    // otplib throws when the last accepted step is ahead of the window (a clock turned back): no code is right then.
    return undefined;
  }
}

/**
 * Takes a code for a sign-in or a change: true when it is right and newer than the last one
 * accepted, which it then becomes (conditionally, so that two requests cannot both use one code).
 */
export async function takeCode(db: Queryable, account: { id: number; secret: string; lastStep: number | null }, code: string, at = new Date()): Promise<boolean> {
  const step = await acceptedStep(account.secret, code.replace(/\s/g, ''), account.lastStep, at);
  if (step === undefined) return false;
  const { rows } = await db.query(
    'UPDATE access.account SET two_step_last_step = $2 WHERE id = $1 AND (two_step_last_step IS NULL OR two_step_last_step < $2) RETURNING id',
    [account.id, step],
  );
  return rows.length === 1;
}

interface TwoStepRow {
  two_step_secret: string | null;
  two_step_pending_secret: string | null;
  two_step_enabled_at: Date | null;
  two_step_last_step: string | number | null;
}

async function rowOf(db: Queryable, accountId: number): Promise<TwoStepRow> {
  const { rows } = await db.query<TwoStepRow>(
    'SELECT two_step_secret, two_step_pending_secret, two_step_enabled_at, two_step_last_step FROM access.account WHERE id = $1',
    [accountId],
  );
  const row = rows[0];
  if (!row) throw accessError('account_not_found', `There is no account ${accountId}.`);
  return row;
}

const stepOf = (value: string | number | null): number | null => (value === null ? null : Number(value));

/** Whether two-step verification is on for the account, or being set up. */
export async function twoStepStatus(db: Queryable, accountId: number): Promise<TwoStepStatus> {
  const row = await rowOf(db, accountId);
  return { on: row.two_step_secret !== null, since: row.two_step_enabled_at, settingUp: row.two_step_pending_secret !== null };
}

/** Starts setting up two-step verification: a new secret (replacing one not yet confirmed), as a URI, text and QR code. */
export async function startTwoStep(db: Queryable, account: { accountId: number; username: string }): Promise<TwoStepEnrolment> {
  const row = await rowOf(db, account.accountId);
  if (row.two_step_secret !== null) throw accessError('two_step_already_on');
  const secret = generateSecret();
  await db.query('UPDATE access.account SET two_step_pending_secret = $2 WHERE id = $1', [account.accountId, secret]);
  const uri = generateURI({ issuer: twoStepIssuer, label: account.username, secret, algorithm: totpSettings.algorithm, digits: totpSettings.digits, period: totpSettings.period });
  const qrSvg = await QRCode.toString(uri, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 });
  return { uri, secret: secret.replace(/(.{4})(?=.)/g, '$1 '), qrSvg };
}

/** Confirms the secret being set up with a first code from the app; two-step verification is then on. */
export async function confirmTwoStep(db: Queryable, accountId: number, code: string, at = new Date()): Promise<TwoStepStatus> {
  const row = await rowOf(db, accountId);
  if (row.two_step_secret !== null) throw accessError('two_step_already_on');
  const pending = row.two_step_pending_secret;
  if (pending === null) throw accessError('two_step_not_started');
  const step = await acceptedStep(pending, code.replace(/\s/g, ''), null, at);
  if (step === undefined) throw accessError('two_step_code_wrong', 'That is not the code the authenticator app shows for this account now.', [{ where: 'body', path: 'code', message: 'is not the current code' }]);
  const { rows } = await db.query<{ two_step_enabled_at: Date }>(
    `UPDATE access.account SET two_step_secret = two_step_pending_secret, two_step_pending_secret = NULL, two_step_enabled_at = now(), two_step_last_step = $2
      WHERE id = $1 AND two_step_pending_secret = $3 AND two_step_secret IS NULL RETURNING two_step_enabled_at`,
    [accountId, step, pending],
  );
  const enabled = rows[0];
  if (!enabled) throw accessError('two_step_not_started', 'Setting up was started again meanwhile: confirm the newest secret.');
  return { on: true, since: enabled.two_step_enabled_at, settingUp: false };
}

/** Turns two-step verification off, given a current code. */
export async function turnOffTwoStep(db: Queryable, accountId: number, code: string, at = new Date()): Promise<TwoStepStatus> {
  const row = await rowOf(db, accountId);
  if (row.two_step_secret === null) throw accessError('two_step_off');
  const right = await takeCode(db, { id: accountId, secret: row.two_step_secret, lastStep: stepOf(row.two_step_last_step) }, code, at);
  if (!right) throw accessError('two_step_code_wrong', 'That is not the code the authenticator app shows for this account now (or it was used already).', [{ where: 'body', path: 'code', message: 'is not the current code' }]);
  await clearTwoStep(db, accountId);
  return { on: false, since: null, settingUp: false };
}

async function clearTwoStep(db: Queryable, accountId: number): Promise<void> {
  await db.query(
    'UPDATE access.account SET two_step_secret = NULL, two_step_pending_secret = NULL, two_step_enabled_at = NULL, two_step_last_step = NULL WHERE id = $1',
    [accountId],
  );
}

/** An administrator's reset (a lost phone): two-step verification is off until the person sets it up again. Says whether it was on. */
export async function resetTwoStep(db: Queryable, username: string): Promise<{ accountId: number; wasOn: boolean }> {
  const { rows } = await db.query<{ id: number; two_step_secret: string | null }>('SELECT id, two_step_secret FROM access.account WHERE username = $1', [username.trim().toLowerCase()]);
  const row = rows[0];
  if (!row) throw accessError('account_not_found', `There is no account "${username}".`, [{ where: 'account', path: 'username', message: 'is not an account' }]);
  await clearTwoStep(db, row.id);
  return { accountId: row.id, wasOn: row.two_step_secret !== null };
}
