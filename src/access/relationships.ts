/**
 * Legitimate relationships (DESIGN.md, Security model): a person's record is open to a reader only
 * through a reason —
 *   registration: the person is registered with the reader's GP practice;
 *   care: the reader's organisation holds an open episode, referral or admission for the person, or
 *     one that ended within the last `relationshipAfterCare.days` (a caseload does not vanish the day
 *     an episode closes; the figure is this installation's policy, stated in docs/access/README.md);
 *   care team: the reader's organisation, or the reader, was added to the person's care team;
 *   self or carer: the reader is the person, or a carer the person authorised;
 *   break-glass: the reader declared an emergency, with a reason, for a few hours (then reviewed).
 * Each rule is SQL, built into the queries that read person data (PersonScope), so a list or a
 * search never holds anyone the reader may not see.
 */
import type { PersonScope, Queryable, SignedIn } from '../platform/index.js';
import { accessError } from './errors.js';

/** How long after an episode, referral or contact ends the organisation keeps its relationship. */
export const relationshipAfterCare = { days: 365 } as const;
/** How long break-glass access lasts unless the reader asks for less. */
export const breakGlassHours = { default: 4, max: 12 } as const;

/** Roles that care for people and may read their records through a legitimate relationship. */
export const careRoles: readonly string[] = [
  'gp', 'practice-nurse', 'district-nurse', 'social-worker', 'occupational-therapist', 'care-coordinator', 'home-care-provider', 'discharge-team',
];
/** Roles that read records only as themselves (the person) or for someone who authorised them (a carer). */
export const personRoles: readonly string[] = ['person', 'carer'];

/** Whether a signed-in person's role reads person records at all (commissioners, IG leads and administrators do not). */
export function readsRecords(role: string): boolean {
  return careRoles.includes(role) || personRoles.includes(role);
}

/** Column expressions must be qualified (alias.column), so that none is taken for a column of the subqueries they go into. */
function qualified(column: string): void {
  if (!/^[a-z_]\w*\.[a-z_]\w*$/.test(column)) throw new Error(`accountScope: "${column}" must be a qualified column such as r.person_id`);
}

/** The date from which ended care still counts, as of `now`. */
function careSince(now: Date): string {
  return new Date(now.getTime() - relationshipAfterCare.days * 86_400_000).toISOString().slice(0, 10);
}

/**
 * The people an account may see, as SQL. The person rule is one probe of `access.reader_grant`,
 * which the database keeps from registrations, care records, recorded relationships and own
 * accounts (migration 0012): the reader is the account, its organisation, or a team it is in (as
 * the session or token found it on this request). The record rules are a probe of the record's
 * sensitivity and, while any consent directive is in force, a function call (decision 0009).
 */
export function accountScope(account: Pick<SignedIn, 'accountId' | 'organisationId' | 'role' | 'teams'>, now = new Date()): PersonScope {
  const readers = [
    `account:${account.accountId}`, ...(account.organisationId === null ? [] : [`organisation:${account.organisationId}`]), ...account.teams.map((t) => `team:${t}`),
  ];
  return {
    records(record, params) {
      for (const column of [record.id, record.sourceId, record.personId]) qualified(column);
      const acct = params.push(account.accountId);
      const org = params.push(account.organisationId);
      const role = params.push(account.role);
      // The person sees all of their own record.
      const own = account.role === 'person'
        ? `EXISTS (SELECT 1 FROM access.reader_grant og WHERE og.person_id = ${record.personId} AND og.reader = 'account:' || $${acct}::int8 AND og.origin = 'own') OR `
        : '';
      // A sensitive record only for the roles its category names; the person's choices keep other
      // organisations' records from the reader (except under break-glass).
      return `(${own}(NOT EXISTS (SELECT 1 FROM access.record_sensitivity rs WHERE rs.record_id = ${record.id} AND NOT ($${role}::text = ANY(rs.roles)))
        AND (NOT EXISTS (SELECT 1 FROM access.consent_directive ad WHERE ad.withdrawn_at IS NULL)
             OR access.consent_allows(${record.personId}, ${record.sourceId}, $${org}::text, $${acct}::int8))))`;
    },
    condition(person, params) {
      qualified(person);
      const who = params.push(readers);
      // A care grant lasts until the day after care's last day (migration 0012).
      const since = params.push(`${careSince(now)}T00:00:00Z`);
      return `EXISTS (SELECT 1 FROM access.reader_grant g
                WHERE g.person_id = ${person}
                  AND g.reader = ANY($${who}::text[])
                  AND g.starts <= now() AND (g.until IS NULL OR g.until > CASE WHEN g.origin = 'care' THEN $${since}::timestamptz ELSE now() END))`;
    },
  };
}

/**
 * The people a signed-in caller may see on this request: the account's, and of those only the
 * person a token was approved for when it carries a patient launch context (SMART: the token is
 * limited to that patient, its user/ scopes included — stricter than SMART asks, never wider).
 */
export function readerScope(request: { launchPerson?: number }, signedIn: Pick<SignedIn, 'accountId' | 'organisationId' | 'role' | 'teams'>): PersonScope {
  const scope = accountScope(signedIn);
  const person = request.launchPerson;
  if (person === undefined) return scope;
  return { ...scope, condition: (column, params) => `(${column} = $${params.push(person)}::int8 AND ${scope.condition(column, params)})` };
}

/** Why an account may see a person, in words for the audit trail and for the reader; empty when it may not. */
export async function reasonsToSee(db: Queryable, account: Pick<SignedIn, 'accountId' | 'organisationId'>, personId: number, now = new Date()): Promise<string[]> {
  const { rows } = await db.query<{ reason: string }>(
    `WITH ids AS (SELECT id, practice FROM people.identity WHERE person_id = $1)
     SELECT 'registered with ' || o.name AS reason FROM access.organisation o WHERE o.id = $2 AND o.kind = 'gp-practice' AND o.ods_code IN (SELECT practice FROM ids)
     UNION ALL
     SELECT DISTINCT CASE WHEN c.ends IS NULL THEN 'open ' ELSE '' END || c.kind || ' with ' || co.name
            || CASE WHEN c.ends IS NULL THEN '' ELSE ' (ended ' || max(c.ends) OVER (PARTITION BY c.kind) || ')' END
       FROM access.care_record c JOIN access.organisation co ON co.id = c.organisation_id
      WHERE c.identity_id IN (SELECT id FROM ids) AND c.organisation_id = $2 AND (c.ends IS NULL OR c.ends >= $4::date)
     UNION ALL
     SELECT CASE WHEN rel.kind = 'care-team' THEN 'on the care team' || coalesce(' (' || t.name || ')', '') ELSE rel.kind END || CASE WHEN rel.kind = 'break-glass' THEN ' until ' || to_char(rel.ends AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI') || ' UTC: ' || rel.reason ELSE '' END
       FROM access.relationship rel LEFT JOIN access.team t ON t.id = rel.team_id
      WHERE rel.identity_id IN (SELECT id FROM ids)
        AND (rel.organisation_id = $2 OR rel.account_id = $3 OR rel.team_id IN (SELECT tm.team_id FROM access.team_member tm WHERE tm.account_id = $3))
        AND rel.ended_at IS NULL AND rel.starts <= now() AND (rel.ends IS NULL OR rel.ends > now())
     UNION ALL
     SELECT 'their own record' FROM access.account a JOIN people.identity i ON i.id = a.identity_id WHERE a.id = $3 AND i.person_id = $1`,
    [personId, account.organisationId, account.accountId, careSince(now)],
  );
  return [...new Set(rows.map((r) => r.reason))];
}

export interface BreakGlass {
  id: string;
  personId: string;
  accountId: string;
  by: string;
  role: string;
  organisation: string | null;
  reason: string;
  starts: string;
  ends: string;
  person: { name: string; nhsNumber: string | null; birthDate: string | null };
  review: { by: string; at: string; outcome: 'appropriate' | 'inappropriate'; note: string | null } | null;
}

const breakGlassColumns = `rel.id::text, i.person_id::text AS person_id, a.id::text AS account_id, a.display_name AS by, a.role, a.organisation_id,
  rel.reason, rel.starts, rel.ends, rv.display_name AS reviewed_by, rel.reviewed_at, rel.review_outcome, rel.review_note,
  (SELECT coalesce(nullif(trim(coalesce(x.given, '') || ' ' || coalesce(x.family, '')), ''), 'Name not recorded') FROM people.identity x WHERE x.person_id = i.person_id ORDER BY x.id LIMIT 1) AS name,
  (SELECT x.nhs_number FROM people.identity x WHERE x.person_id = i.person_id AND x.nhs_number IS NOT NULL ORDER BY x.id LIMIT 1) AS nhs_number,
  (SELECT x.birth_date::text FROM people.identity x WHERE x.person_id = i.person_id AND x.birth_date IS NOT NULL ORDER BY x.id LIMIT 1) AS birth_date`;
const breakGlassFrom = `FROM access.relationship rel JOIN people.identity i ON i.id = rel.identity_id JOIN access.account a ON a.id = rel.account_id
  LEFT JOIN access.account rv ON rv.id = rel.reviewed_by`;

interface BreakGlassRow {
  id: string; person_id: string; account_id: string; by: string; role: string; organisation_id: string | null; reason: string; starts: Date; ends: Date;
  reviewed_by: string | null; reviewed_at: Date | null; review_outcome: 'appropriate' | 'inappropriate' | null; review_note: string | null;
  name: string; nhs_number: string | null; birth_date: string | null;
}

function toBreakGlass(r: BreakGlassRow): BreakGlass {
  return {
    id: r.id, personId: r.person_id, accountId: r.account_id, by: r.by, role: r.role, organisation: r.organisation_id, reason: r.reason,
    starts: r.starts.toISOString(), ends: r.ends.toISOString(), person: { name: r.name, nhsNumber: r.nhs_number, birthDate: r.birth_date },
    review: r.reviewed_at === null || r.review_outcome === null ? null : { by: r.reviewed_by ?? 'unknown', at: r.reviewed_at.toISOString(), outcome: r.review_outcome, note: r.review_note },
  };
}

/**
 * Emergency access to one person, found by their exact NHS number (never by a search, so that
 * break-glass cannot be used to browse): a reason is required, and access ends after `hours`.
 */
export async function breakGlass(db: Queryable, account: SignedIn, input: { nhsNumber: string; reason: string; hours?: number }): Promise<BreakGlass> {
  if (!careRoles.includes(account.role)) throw accessError('role_not_allowed', 'Only staff who care for people can use emergency access.');
  const reason = input.reason.trim();
  const problems = [];
  if (reason.length < 10) problems.push({ where: 'body', path: 'reason', message: 'say why you need the record now, in at least 10 characters' });
  const nhsNumber = input.nhsNumber.replace(/\s/g, '');
  if (!/^\d{10}$/.test(nhsNumber)) problems.push({ where: 'body', path: 'nhsNumber', message: 'must be an NHS number of 10 digits' });
  const hours = input.hours ?? breakGlassHours.default;
  if (!Number.isInteger(hours) || hours < 1 || hours > breakGlassHours.max) problems.push({ where: 'body', path: 'hours', message: `must be a whole number of hours from 1 to ${breakGlassHours.max}` });
  if (problems.length > 0) throw accessError('break_glass_invalid', `${problems.length} problem(s) with the emergency access request.`, problems);
  const { rows } = await db.query<{ id: string }>(
    `INSERT INTO access.relationship (identity_id, kind, account_id, reason, ends, created_by)
     SELECT min(i.id), 'break-glass', $2, $3, now() + make_interval(hours => $4), $2 FROM people.identity i
      WHERE i.person_id = (SELECT person_id FROM people.identity WHERE nhs_number = $1 ORDER BY id LIMIT 1)
     HAVING count(*) > 0
     RETURNING id::text`,
    [nhsNumber, account.accountId, reason, hours],
  );
  const id = rows[0]?.id;
  if (id === undefined) throw accessError('person_not_found', `No one with NHS number ${nhsNumber} is held in the shared record.`);
  return breakGlassById(db, Number(id));
}

export async function breakGlassById(db: Queryable, id: number): Promise<BreakGlass> {
  const { rows } = await db.query<BreakGlassRow>(`SELECT ${breakGlassColumns} ${breakGlassFrom} WHERE rel.id = $1 AND rel.kind = 'break-glass'`, [id]);
  const row = rows[0];
  if (!row) throw accessError('break_glass_not_found', `There is no emergency access ${id}.`);
  return toBreakGlass(row);
}

/** Emergency accesses, newest first: those waiting for review, or all. */
export async function listBreakGlass(db: Queryable, options: { status: 'to-review' | 'all'; limit?: number }): Promise<BreakGlass[]> {
  const { rows } = await db.query<BreakGlassRow>(
    `SELECT ${breakGlassColumns} ${breakGlassFrom} WHERE rel.kind = 'break-glass' ${options.status === 'to-review' ? 'AND rel.reviewed_at IS NULL' : ''}
      ORDER BY rel.created_at DESC, rel.id DESC LIMIT $1`,
    [options.limit ?? 200],
  );
  return rows.map(toBreakGlass);
}

/** How many emergency accesses wait for review. */
export async function breakGlassToReview(db: Queryable): Promise<number> {
  const { rows } = await db.query<{ n: number }>(`SELECT count(*)::int8 AS n FROM access.relationship WHERE kind = 'break-glass' AND reviewed_at IS NULL`);
  return rows[0]?.n ?? 0;
}

/** The information-governance lead's review of an emergency access. A review is final. */
export async function reviewBreakGlass(db: Queryable, id: number, reviewer: SignedIn, input: { outcome: string; note?: string | undefined }): Promise<BreakGlass> {
  if (input.outcome !== 'appropriate' && input.outcome !== 'inappropriate') {
    throw accessError('break_glass_invalid', 'The review must say whether the access was appropriate.', [{ where: 'body', path: 'outcome', message: 'must be appropriate or inappropriate' }]);
  }
  const note = input.note?.trim() || null;
  if (input.outcome === 'inappropriate' && note === null) {
    throw accessError('break_glass_invalid', 'Say what was wrong with the access.', [{ where: 'body', path: 'note', message: 'is needed when the access was inappropriate' }]);
  }
  const before = await breakGlassById(db, id);
  if (before.accountId === String(reviewer.accountId)) throw accessError('role_not_allowed', 'No one reviews their own emergency access.');
  if (before.review !== null) throw accessError('break_glass_reviewed', `Emergency access ${id} was reviewed by ${before.review.by} on ${before.review.at.slice(0, 10)}.`);
  await db.query(
    `UPDATE access.relationship SET reviewed_by = $2, reviewed_at = now(), review_outcome = $3, review_note = $4 WHERE id = $1 AND reviewed_at IS NULL`,
    [id, reviewer.accountId, input.outcome, note],
  );
  return breakGlassById(db, id);
}

export interface CarerAccess {
  id: string;
  personId: string;
  carer: { accountId: string; username: string; name: string };
  reason: string;
  since: string;
  endedAt: string | null;
}

interface CarerRow { id: string; person_id: string; account_id: string; username: string; display_name: string; reason: string; starts: Date; ended_at: Date | null }

const carerSelect = `SELECT rel.id::text, i.person_id::text AS person_id, a.id::text AS account_id, a.username, a.display_name, rel.reason, rel.starts, rel.ended_at
  FROM access.relationship rel JOIN people.identity i ON i.id = rel.identity_id JOIN access.account a ON a.id = rel.account_id WHERE rel.kind = 'carer'`;
const toCarer = (r: CarerRow): CarerAccess => ({
  id: r.id, personId: r.person_id, carer: { accountId: r.account_id, username: r.username, name: r.display_name }, reason: r.reason,
  since: r.starts.toISOString(), endedAt: r.ended_at?.toISOString() ?? null,
});

/** The carers a person has let see their record, those with access first. */
export async function carersOf(db: Queryable, personId: number): Promise<CarerAccess[]> {
  const { rows } = await db.query<CarerRow>(`${carerSelect} AND i.person_id = $1 ORDER BY rel.ended_at IS NOT NULL, rel.starts DESC`, [personId]);
  return rows.map(toCarer);
}

/** The person lets a carer (an account with the carer role) see their record, until they end it. */
export async function authoriseCarer(db: Queryable, personId: number, by: SignedIn, input: { username: string; reason?: string | undefined }): Promise<CarerAccess> {
  if (by.role !== 'person') throw accessError('role_not_allowed', 'Only the person lets a carer see their record.');
  const { rows: found } = await db.query<{ id: number; role: string }>('SELECT id, role FROM access.account WHERE username = $1 AND disabled_at IS NULL', [input.username.trim().toLowerCase()]);
  const carer = found[0];
  if (carer?.role !== 'carer') {
    throw accessError('carer_invalid', 'That is not a carer\'s account.', [{ where: 'body', path: 'username', message: 'must be the username of a carer\'s account (ask the care coordinator to set one up)' }]);
  }
  const { rows: already } = await db.query(
    `SELECT 1 FROM access.relationship rel JOIN people.identity i ON i.id = rel.identity_id WHERE rel.kind = 'carer' AND rel.account_id = $2 AND i.person_id = $1 AND rel.ended_at IS NULL`,
    [personId, carer.id],
  );
  if (already.length > 0) throw accessError('carer_invalid', 'That carer can see the record already.', [{ where: 'body', path: 'username', message: 'already has access' }]);
  const { rows } = await db.query<{ id: string }>(
    `INSERT INTO access.relationship (identity_id, kind, account_id, reason, created_by)
     SELECT min(id), 'carer', $2, $3, $4 FROM people.identity WHERE person_id = $1 HAVING count(*) > 0 RETURNING id::text`,
    [personId, carer.id, input.reason?.trim() || 'authorised by the person', by.accountId],
  );
  const { rows: made } = await db.query<CarerRow>(`${carerSelect} AND rel.id = $1`, [Number(rows[0]?.id ?? 0)]);
  return toCarer(made[0] as CarerRow);
}

/** The person's own person id, for their own account (role person); null for any other account. */
export async function ownPersonOf(db: Queryable, accountId: number): Promise<number | null> {
  const { rows } = await db.query<{ person_id: number }>(
    'SELECT i.person_id FROM access.account a JOIN people.identity i ON i.id = a.identity_id WHERE a.id = $1', [accountId],
  );
  return rows[0]?.person_id ?? null;
}

/** The person ends a carer's access to their own record (404 for anyone else's). */
export async function endCarerAccess(db: Queryable, id: number, by: SignedIn): Promise<CarerAccess> {
  if (by.role !== 'person') throw accessError('role_not_allowed', 'Only the person ends a carer\'s access to their record.');
  const own = await ownPersonOf(db, by.accountId);
  const { rows: theirs } = await db.query<CarerRow>(`${carerSelect} AND rel.id = $1 AND i.person_id = $2`, [id, own]);
  if (!theirs[0]) throw accessError('carer_access_not_found', `There is no carer access ${id} to your record.`);
  await db.query(`UPDATE access.relationship SET ended_at = now(), ended_by = $2 WHERE id = $1 AND kind = 'carer' AND ended_at IS NULL`, [id, by.accountId]);
  const { rows } = await db.query<CarerRow>(`${carerSelect} AND rel.id = $1`, [id]);
  return toCarer(rows[0] ?? theirs[0]);
}

export interface CareTeamMember {
  id: string;
  personId: string;
  /** Who it lets see the record: an organisation, a team, or one person. */
  member: { kind: 'organisation' | 'team' | 'account'; id: string; name: string };
  reason: string;
  addedBy: string | null;
  since: string;
  endedAt: string | null;
}

interface CareTeamRow {
  id: string; person_id: string; organisation_id: string | null; team_id: string | null; account_id: string | null; name: string; reason: string;
  added_by: string | null; starts: Date; ended_at: Date | null;
}

const careTeamSelect = `SELECT rel.id::text, i.person_id::text AS person_id, rel.organisation_id, rel.team_id, rel.account_id::text AS account_id,
    coalesce(o.name, t.name, a.display_name) AS name, rel.reason, cb.display_name AS added_by, rel.starts, rel.ended_at
  FROM access.relationship rel JOIN people.identity i ON i.id = rel.identity_id
  LEFT JOIN access.organisation o ON o.id = rel.organisation_id LEFT JOIN access.team t ON t.id = rel.team_id
  LEFT JOIN access.account a ON a.id = rel.account_id LEFT JOIN access.account cb ON cb.id = rel.created_by
 WHERE rel.kind = 'care-team'`;

const toMember = (r: CareTeamRow): CareTeamMember => ({
  id: r.id, personId: r.person_id,
  member: r.organisation_id !== null ? { kind: 'organisation', id: r.organisation_id, name: r.name } : r.team_id !== null ? { kind: 'team', id: r.team_id, name: r.name } : { kind: 'account', id: r.account_id ?? '', name: r.name },
  reason: r.reason, addedBy: r.added_by, since: r.starts.toISOString(), endedAt: r.ended_at?.toISOString() ?? null,
});

/** The person's care team as access sees it: the organisations, teams and people who may see the record through it. */
export async function careTeamOf(db: Queryable, personId: number): Promise<CareTeamMember[]> {
  const { rows } = await db.query<CareTeamRow>(`${careTeamSelect} AND i.person_id = $1 ORDER BY rel.ended_at IS NOT NULL, rel.starts DESC, rel.id DESC`, [personId]);
  return rows.map(toMember);
}

/**
 * Adds an organisation, a team or a colleague (by username) to the person's care team, by someone
 * who cares for the person and may see them already (the route checks that).
 */
export async function addToCareTeam(
  db: Queryable,
  personId: number,
  by: SignedIn,
  input: { organisationId?: string | undefined; teamId?: string | undefined; username?: string | undefined; reason: string },
): Promise<CareTeamMember> {
  if (!careRoles.includes(by.role)) throw accessError('role_not_allowed', 'Staff who care for the person add to their care team.');
  const given = [input.organisationId, input.teamId, input.username].filter((v) => v !== undefined && v !== '');
  const problems = [];
  if (given.length !== 1) problems.push({ where: 'body', path: 'organisationId', message: 'give one of organisationId, teamId or username' });
  const reason = input.reason.trim();
  if (reason.length < 3) problems.push({ where: 'body', path: 'reason', message: 'say why they join the care team' });
  let accountId: number | null = null;
  if (input.username) {
    const { rows } = await db.query<{ id: number; role: string }>('SELECT id, role FROM access.account WHERE username = $1 AND disabled_at IS NULL', [input.username.trim().toLowerCase()]);
    if (!rows[0] || !careRoles.includes(rows[0].role)) problems.push({ where: 'body', path: 'username', message: 'must be the username of a member of staff who cares for people' });
    accountId = rows[0]?.id ?? null;
  }
  if (input.organisationId && (await db.query('SELECT 1 FROM access.organisation WHERE id = $1', [input.organisationId])).rows.length === 0) {
    problems.push({ where: 'body', path: 'organisationId', message: `there is no organisation "${input.organisationId}"` });
  }
  if (input.teamId && (await db.query('SELECT 1 FROM access.team WHERE id = $1', [input.teamId])).rows.length === 0) {
    problems.push({ where: 'body', path: 'teamId', message: `there is no team "${input.teamId}"` });
  }
  if (problems.length > 0) throw accessError('care_team_invalid', `${problems.length} problem(s) with the care team member.`, problems);
  const { rows } = await db.query<{ id: string }>(
    `INSERT INTO access.relationship (identity_id, kind, organisation_id, team_id, account_id, reason, created_by)
     SELECT min(id), 'care-team', $2, $3, $4, $5, $6 FROM people.identity WHERE person_id = $1 HAVING count(*) > 0 RETURNING id::text`,
    [personId, input.organisationId || null, input.teamId || null, accountId, reason, by.accountId],
  );
  const { rows: made } = await db.query<CareTeamRow>(`${careTeamSelect} AND rel.id = $1`, [Number(rows[0]?.id ?? 0)]);
  if (!made[0]) throw accessError('person_not_found', `There is no person ${personId}.`);
  return toMember(made[0]);
}

/** Ends a care-team membership (the relationship, and so the access it gave). */
export async function endCareTeamMembership(db: Queryable, id: number, by: SignedIn): Promise<CareTeamMember> {
  if (!careRoles.includes(by.role)) throw accessError('role_not_allowed', 'Staff who care for the person change their care team.');
  await db.query(`UPDATE access.relationship SET ended_at = now(), ended_by = $2 WHERE id = $1 AND kind = 'care-team' AND ended_at IS NULL`, [id, by.accountId]);
  const { rows } = await db.query<CareTeamRow>(`${careTeamSelect} AND rel.id = $1`, [id]);
  if (!rows[0]) throw accessError('care_team_invalid', `There is no care team membership ${id}.`);
  return toMember(rows[0]);
}

/** Creates a team hosted by an organisation. */
export async function createTeam(db: Queryable, t: { id: string; name: string; organisationId: string }): Promise<void> {
  const problems = [];
  if (!/^[a-z0-9][a-z0-9-]{0,39}$/.test(t.id)) problems.push({ where: 'team', path: 'id', message: 'must be 1 to 40 lower-case letters, digits or dashes, starting with a letter or digit' });
  if (t.name.trim() === '' || t.name.length > 200) problems.push({ where: 'team', path: 'name', message: 'must be a name of 1 to 200 characters' });
  if ((await db.query('SELECT 1 FROM access.organisation WHERE id = $1', [t.organisationId])).rows.length === 0) {
    problems.push({ where: 'team', path: 'organisation', message: `there is no organisation "${t.organisationId}"` });
  }
  if (problems.length > 0) throw accessError('team_invalid', `${problems.length} problem(s) with the team.`, problems);
  const { rows } = await db.query('INSERT INTO access.team (id, name, organisation_id) VALUES ($1, $2, $3) ON CONFLICT (id) DO NOTHING RETURNING id', [t.id, t.name.trim(), t.organisationId]);
  if (rows.length === 0) throw accessError('team_invalid', `There is already a team "${t.id}".`, [{ where: 'team', path: 'id', message: 'is taken' }]);
}

/** Adds staff to a team, by username. */
export async function addTeamMembers(db: Queryable, teamId: string, usernames: readonly string[]): Promise<number> {
  const { rows: team } = await db.query('SELECT 1 FROM access.team WHERE id = $1', [teamId]);
  if (team.length === 0) throw accessError('team_invalid', `There is no team "${teamId}".`, [{ where: 'team', path: 'team', message: 'no such team' }]);
  const { rows } = await db.query<{ username: string; id: number }>('SELECT username, id FROM access.account WHERE username = ANY($1::text[])', [usernames]);
  const missing = usernames.filter((u) => !rows.some((r) => r.username === u));
  if (missing.length > 0) throw accessError('team_invalid', `No account ${missing.join(', ')}.`, missing.map((u) => ({ where: 'team', path: 'username', message: `there is no account "${u}"` })));
  const added = await db.query('INSERT INTO access.team_member (team_id, account_id) SELECT $1, unnest($2::int8[]) ON CONFLICT DO NOTHING RETURNING account_id', [teamId, rows.map((r) => r.id)]);
  return added.rows.length;
}
