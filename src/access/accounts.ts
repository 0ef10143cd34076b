/**
 * Staff accounts and web sessions. Passwords are hashed with argon2id (OWASP's minimum parameters:
 * 19 MiB, 2 passes, 1 lane, the @node-rs/argon2 defaults); five failed sign-ins in a row lock the
 * account for 15 minutes; a username that does not exist costs the same hash as one that does, so
 * timing does not tell them apart. A session is a random 256-bit token in an HTTP-only cookie, kept
 * in the database only as its SHA-256; it ends after an hour unused, 12 hours in all, or at sign-out;
 * each sign-in starts a new one (no session fixation), with its own CSRF token.
 */
import { createHash, randomBytes } from 'node:crypto';
import { hash, verify } from '@node-rs/argon2';
import type { ErrorLocation, Queryable, SignedIn } from '../platform/index.js';
import { accessError } from './errors.js';
import { takeCode } from './two-step.js';

export const roles = [
  'gp', 'practice-nurse', 'district-nurse', 'social-worker', 'occupational-therapist', 'care-coordinator', 'home-care-provider', 'discharge-team',
  'commissioner', 'ig-lead', 'administrator', 'person', 'carer',
] as const;
export type Role = (typeof roles)[number];

export const roleNames: Readonly<Record<Role, string>> = {
  gp: 'GP', 'practice-nurse': 'Practice nurse', 'district-nurse': 'District nurse', 'social-worker': 'Social worker',
  'occupational-therapist': 'Occupational therapist', 'care-coordinator': 'Care coordinator', 'home-care-provider': 'Home care provider',
  'discharge-team': 'Discharge team', commissioner: 'Commissioner or analyst', 'ig-lead': 'Information governance lead', administrator: 'Administrator',
  person: 'The person', carer: 'Carer',
};

export const organisationKinds = ['gp-practice', 'nhs-trust', 'community-provider', 'council', 'care-provider', 'voluntary', 'icb'] as const;

/** Adds an organisation people work for, with the source systems it runs (their records are its records). */
export async function createOrganisation(db: Queryable, o: { id: string; name: string; kind: string; odsCode?: string | null; sources?: readonly string[] }): Promise<void> {
  const problems: ErrorLocation[] = [];
  if (!/^[a-z0-9][a-z0-9-]{0,39}$/.test(o.id)) problems.push({ where: 'organisation', path: 'id', message: 'must be 1 to 40 lower-case letters, digits or dashes, starting with a letter or digit' });
  if (o.name.trim() === '' || o.name.length > 200) problems.push({ where: 'organisation', path: 'name', message: 'must be a name of 1 to 200 characters' });
  if (!(organisationKinds as readonly string[]).includes(o.kind)) problems.push({ where: 'organisation', path: 'kind', message: `must be one of ${organisationKinds.join(', ')}` });
  const sources = o.sources ?? [];
  if (sources.length > 0) {
    const { rows } = await db.query<{ id: string; runner: string | null }>(
      `SELECT s.id, so.organisation_id AS runner FROM unnest($1::text[]) AS w(id) LEFT JOIN people.source_system s ON s.id = w.id
         LEFT JOIN access.source_organisation so ON so.source_id = w.id`,
      [sources],
    );
    sources.forEach((id, i) => {
      const row = rows[i];
      if (row?.id == null) problems.push({ where: 'organisation', path: `sources[${i}]`, message: `there is no source system "${id}"` });
      else if (row.runner !== null) problems.push({ where: 'organisation', path: `sources[${i}]`, message: `source system "${id}" is run by ${row.runner}` });
    });
  }
  if (problems.length > 0) throw accessError('organisation_invalid', `${problems.length} problem(s) with the organisation.`, problems);
  const { rows } = await db.query('INSERT INTO access.organisation (id, name, kind, ods_code) VALUES ($1, $2, $3, $4) ON CONFLICT (id) DO NOTHING RETURNING id', [o.id, o.name.trim(), o.kind, o.odsCode ?? null]);
  if (rows.length === 0) throw accessError('organisation_invalid', `There is already an organisation "${o.id}".`, [{ where: 'organisation', path: 'id', message: 'is taken' }]);
  if (sources.length > 0) await db.query('INSERT INTO access.source_organisation (source_id, organisation_id) SELECT unnest($1::text[]), $2', [sources, o.id]);
}

export const lockout = { failures: 5, minutes: 15 } as const;
export const sessionLimits = { idleMinutes: 60, hours: 12 } as const;

export interface NewAccount {
  username: string;
  displayName: string;
  role: string;
  organisationId?: string | null;
  /** Null for an account that signs in only through an identity provider. */
  password: string | null;
  /** For the person's own account (role "person"): one of their identities in the person index. */
  identityId?: number | null;
}

/** Problems with a new account or password, each with the field it is about. */
export function accountProblems(a: NewAccount): ErrorLocation[] {
  const out: ErrorLocation[] = [];
  const at = (path: string, message: string): void => {
    out.push({ where: 'account', path, message });
  };
  // An email address may be a username, so that an identity provider's email claim can name the account.
  if (!/^[a-z0-9][a-z0-9._@+-]{1,127}$/.test(a.username)) at('username', 'must be 2 to 128 lower-case letters, digits, dots, dashes, underscores, @ or +, starting with a letter or digit');
  if (a.displayName.trim() === '' || a.displayName.length > 200) at('displayName', 'must be a name of 1 to 200 characters');
  if (!(roles as readonly string[]).includes(a.role)) at('role', `must be one of ${roles.join(', ')}`);
  if (a.role === 'person' && (a.identityId ?? null) === null) at('identityId', 'says whose account it is: one of the person\'s identities (from the command line, --nhs-number)');
  if (a.role !== 'person' && (a.identityId ?? null) !== null) at('identityId', 'is only for the person\'s own account');
  if ((a.role === 'person' || a.role === 'carer') && a.organisationId) at('organisationId', 'is for staff: the person and their carers work for no organisation here');
  // NCSC guidance: length over complexity rules; refuse what is trivially guessed.
  if (a.password === null) return out;
  if (a.password.length < 12) at('password', 'must be at least 12 characters (three random words make a good one)');
  else if (a.password.length > 200) at('password', 'must be at most 200 characters');
  else if (a.password.toLowerCase().includes(a.username.toLowerCase()) || /^(.)\1*$/.test(a.password)) at('password', 'must not contain the username or be one character repeated');
  return out;
}

/** Creates an account (staff, the person's own, or a carer's); returns its id. */
export async function createAccount(db: Queryable, a: NewAccount): Promise<number> {
  const problems = accountProblems(a);
  if (a.organisationId) {
    const org = await db.query('SELECT 1 FROM access.organisation WHERE id = $1', [a.organisationId]);
    if (org.rows.length === 0) problems.push({ where: 'account', path: 'organisationId', message: `there is no organisation "${a.organisationId}"` });
  }
  if (problems.length > 0) throw accessError('account_invalid', `${problems.length} problem(s) with the account.`, problems);
  const passwordHash = a.password === null ? null : await hash(a.password);
  const { rows } = await db.query<{ id: number }>(
    `INSERT INTO access.account (username, display_name, role, organisation_id, password_hash, identity_id) VALUES ($1, $2, $3, $4, $5, $6)
     ON CONFLICT (username) DO NOTHING RETURNING id`,
    [a.username, a.displayName.trim(), a.role, a.organisationId ?? null, passwordHash, a.identityId ?? null],
  );
  const id = rows[0]?.id;
  if (id === undefined) throw accessError('account_exists', `There is already an account "${a.username}".`);
  return id;
}

interface AccountRow {
  id: number;
  username: string;
  display_name: string;
  role: string;
  organisation_id: string | null;
  password_hash: string | null;
  failed_sign_ins: number;
  locked_until: Date | null;
  disabled_at: Date | null;
  two_step_secret: string | null;
  two_step_last_step: number | null;
}

/** A hash to verify against when the username does not exist, so that it takes as long as when it does. */
let decoy: Promise<string> | undefined;

export interface SessionStart {
  /** The cookie's value (never stored). */
  token: string;
  csrfToken: string;
  signedIn: SignedIn;
  expiresAt: Date;
}

/** What happened at a sign-in, for the audit trail. */
export interface SignInOutcome {
  username: string;
  accountId: number | null;
  result: 'signed-in' | 'failed' | 'locked';
  /** How they signed in, or why it failed (the audit entry's reason); the password's wording when absent. */
  reason?: string;
}

/** Where a sign-in comes from, kept with the session. */
export interface SignInClient {
  ip?: string | undefined;
  userAgent?: string | undefined;
}

const tokenHash = (token: string): string => createHash('sha256').update(token, 'utf8').digest('hex');

/** What a session needs of an account (`sessionAccountColumns` of access.account a). */
export type SessionAccount = Pick<AccountRow, 'id' | 'username' | 'display_name' | 'role' | 'organisation_id'> & { teams: string[] };
export const sessionAccountColumns = `a.id, a.username, a.display_name, a.role, a.organisation_id,
  ARRAY(SELECT tm.team_id FROM access.team_member tm WHERE tm.account_id = a.id ORDER BY tm.team_id) AS teams`;

const signedInOf = (row: SessionAccount): SignedIn => ({
  accountId: row.id, username: row.username, name: row.display_name, role: row.role, roleName: (roleNames as Readonly<Record<string, string | undefined>>)[row.role] ?? row.role,
  organisationId: row.organisation_id, teams: row.teams,
});

/**
 * Starts a new session for an account whose person has proved who they are (by password, with a
 * code when two-step verification is on, or through an identity provider): every way of signing in
 * ends here, so every session is made the same way.
 */
export async function startSession(db: Queryable, account: SessionAccount, client: SignInClient = {}): Promise<SessionStart> {
  const token = randomBytes(32).toString('base64url');
  const csrfToken = randomBytes(24).toString('base64url');
  const expiresAt = new Date(Date.now() + sessionLimits.hours * 3_600_000);
  await db.query(
    'INSERT INTO access.session (token_hash, account_id, csrf_token, expires_at, ip, user_agent) VALUES ($1, $2, $3, $4, $5, $6)',
    [tokenHash(token), account.id, csrfToken, expiresAt, client.ip ?? null, client.userAgent?.slice(0, 300) ?? null],
  );
  return { token, csrfToken, signedIn: signedInOf(account), expiresAt };
}

/** Counts a failed sign-in toward the lockout. */
async function countFailure(db: Queryable, accountId: number): Promise<void> {
  await db.query(
    `UPDATE access.account SET failed_sign_ins = failed_sign_ins + 1,
            locked_until = CASE WHEN failed_sign_ins + 1 >= $2 THEN now() + make_interval(mins => $3) ELSE locked_until END
      WHERE id = $1`,
    [accountId, lockout.failures, lockout.minutes],
  );
}

/**
 * Checks a username and password (and, for an account with two-step verification on, the code) and
 * starts a session. Throws sign_in_failed (whether the username or the password was wrong),
 * account_locked, two_step_required (the password was right but no code came; nothing is counted) or
 * two_step_failed (a wrong or used code, counted toward the lockout); `onOutcome` hears every attempt.
 */
export async function signIn(
  db: Queryable,
  input: { username: string; password: string; code?: string | undefined } & SignInClient,
  onOutcome?: (outcome: SignInOutcome) => void,
): Promise<SessionStart> {
  const username = input.username.trim().toLowerCase();
  const { rows } = await db.query<AccountRow & SessionAccount>(
    `SELECT ${sessionAccountColumns}, a.password_hash, a.failed_sign_ins, a.locked_until, a.disabled_at, a.two_step_secret, a.two_step_last_step
       FROM access.account a WHERE a.username = $1`,
    [username],
  );
  const account = rows[0];
  const usable = account !== undefined && account.disabled_at === null && account.password_hash !== null;
  if (account && account.locked_until !== null && account.locked_until > new Date()) {
    onOutcome?.({ username, accountId: account.id, result: 'locked' });
    throw accessError('account_locked', `The account is locked until ${account.locked_until.toISOString().slice(11, 16)} UTC after ${lockout.failures} failed sign-ins.`);
  }
  decoy ??= hash('a password no account has');
  const right = await verify(usable ? (account.password_hash ?? '') : await decoy, input.password).catch(() => false);
  if (!usable || !right) {
    if (account) await countFailure(db, account.id);
    onOutcome?.({ username, accountId: account?.id ?? null, result: 'failed' });
    throw accessError('sign_in_failed');
  }
  let reason = 'password';
  if (account.two_step_secret !== null) {
    const code = input.code?.trim() ?? '';
    if (code === '') throw accessError('two_step_required', 'The password is right; now send the 6-digit code from the authenticator app as `code`.');
    if (!(await takeCode(db, { id: account.id, secret: account.two_step_secret, lastStep: account.two_step_last_step }, code))) {
      await countFailure(db, account.id);
      onOutcome?.({ username, accountId: account.id, result: 'failed', reason: 'wrong two-step verification code' });
      throw accessError('two_step_failed');
    }
    reason = 'password and two-step verification code';
  }
  await db.query('UPDATE access.account SET failed_sign_ins = 0, locked_until = NULL WHERE id = $1', [account.id]);
  const session = await startSession(db, account, input);
  onOutcome?.({ username, accountId: account.id, result: 'signed-in', reason });
  return session;
}

/** The person signed in with this session token, while the session lasts. Keeps it alive (at most one write a minute). */
export async function sessionOf(db: Queryable, token: string): Promise<{ signedIn: SignedIn; csrfToken: string } | undefined> {
  const key = tokenHash(token);
  const { rows } = await db.query<SessionAccount & { csrf_token: string; stale: boolean }>(
    `SELECT ${sessionAccountColumns}, s.csrf_token, s.last_seen_at < now() - interval '1 minute' AS stale
       FROM access.session s JOIN access.account a ON a.id = s.account_id
      WHERE s.token_hash = $1 AND s.ended_at IS NULL AND s.expires_at > now() AND a.disabled_at IS NULL
        AND s.last_seen_at > now() - make_interval(mins => $2)`,
    [key, sessionLimits.idleMinutes],
    { prepared: true },
  );
  const row = rows[0];
  if (!row) return undefined;
  if (row.stale) await db.query('UPDATE access.session SET last_seen_at = now() WHERE token_hash = $1', [key], { prepared: true });
  return { signedIn: signedInOf(row), csrfToken: row.csrf_token };
}

/** Ends the session (signing out). */
export async function endSession(db: Queryable, token: string): Promise<void> {
  await db.query('UPDATE access.session SET ended_at = now() WHERE token_hash = $1 AND ended_at IS NULL', [tokenHash(token)]);
}

/** The person an account is, unless it is disabled (for tokens an app was given for them). */
export async function signedInAs(db: Queryable, accountId: number): Promise<SignedIn | undefined> {
  const { rows } = await db.query<SessionAccount>(
    `SELECT ${sessionAccountColumns} FROM access.account a WHERE a.id = $1 AND a.disabled_at IS NULL`,
    [accountId],
    { prepared: true },
  );
  return rows[0] ? signedInOf(rows[0]) : undefined;
}
