/**
 * The demo's staff: the organisations of a small integrated-care place and one account per role,
 * so that anyone trying Joined Up can sign in as each and see what each sees. The password is the
 * same for all and printed in the README: for demonstration only, never for real data.
 */
import type { Queryable } from '../platform/index.js';
import { createAccount, type Role } from './accounts.js';

export const demoPassword = 'joined-up-demo';

/** The place's organisations; each of the synthetic place's source systems is run by one of them. */
export const demoOrganisations: readonly { id: string; name: string; kind: string; odsCode?: string; sources?: readonly string[] }[] = [
  // The synthetic place's first practice (src/synthetic): its registered patients are this practice's.
  { id: 'bayside-practice', name: 'Bayside Practice', kind: 'gp-practice', odsCode: 'Z90001', sources: ['gp'] },
  { id: 'bayside-hospital', name: 'Bayside Hospital NHS Trust', kind: 'nhs-trust', sources: ['hospital'] },
  { id: 'bayside-community', name: 'Bayside Community Health', kind: 'community-provider', sources: ['community'] },
  { id: 'bayside-council', name: 'Bayside Council Adult Social Care', kind: 'council', sources: ['council'] },
  { id: 'harbour-home-care', name: 'Harbour Home Care', kind: 'care-provider' },
  { id: 'bayside-age-friendly', name: 'Age Friendly Bayside', kind: 'voluntary' },
  { id: 'bayside-icb', name: 'Bayside Integrated Care Board', kind: 'icb' },
];

export const demoStaff: readonly { username: string; displayName: string; role: Role; organisationId: string | null }[] = [
  { username: 'gp', displayName: 'Dr Ada Okafor', role: 'gp', organisationId: 'bayside-practice' },
  { username: 'practice-nurse', displayName: 'Priya Shah', role: 'practice-nurse', organisationId: 'bayside-practice' },
  { username: 'district-nurse', displayName: 'Tom Evans', role: 'district-nurse', organisationId: 'bayside-community' },
  { username: 'occupational-therapist', displayName: 'Grace Mensah', role: 'occupational-therapist', organisationId: 'bayside-community' },
  { username: 'social-worker', displayName: 'Sam Clarke', role: 'social-worker', organisationId: 'bayside-council' },
  { username: 'care-coordinator', displayName: 'Jo Pengelly', role: 'care-coordinator', organisationId: 'bayside-council' },
  { username: 'home-care', displayName: 'Marta Nowak', role: 'home-care-provider', organisationId: 'harbour-home-care' },
  { username: 'discharge-team', displayName: 'Lee Harris', role: 'discharge-team', organisationId: 'bayside-hospital' },
  { username: 'commissioner', displayName: 'Ruth Bennett', role: 'commissioner', organisationId: 'bayside-icb' },
  { username: 'ig-lead', displayName: 'Imran Qureshi', role: 'ig-lead', organisationId: 'bayside-icb' },
  { username: 'admin', displayName: 'Alex Morgan', role: 'administrator', organisationId: null },
];

/** The integrated team aligned with the demo practice. */
export const demoTeam = {
  id: 'bayside-integrated-team', name: 'Bayside integrated team', members: ['care-coordinator', 'social-worker', 'district-nurse', 'occupational-therapist', 'home-care'],
} as const;

/** Creates the demo's organisations and accounts that do not exist yet; returns how many accounts it made. */
export async function createDemoStaff(db: Queryable): Promise<number> {
  await db.query(
    `INSERT INTO access.organisation (id, name, kind, ods_code) SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[]) ON CONFLICT (id) DO NOTHING`,
    [demoOrganisations.map((o) => o.id), demoOrganisations.map((o) => o.name), demoOrganisations.map((o) => o.kind), demoOrganisations.map((o) => o.odsCode ?? null)],
  );
  const runs = demoOrganisations.flatMap((o) => (o.sources ?? []).map((source) => ({ source, organisation: o.id })));
  await db.query(
    `INSERT INTO access.source_organisation (source_id, organisation_id)
     SELECT r.s, r.o FROM unnest($1::text[], $2::text[]) AS r(s, o) JOIN people.source_system ss ON ss.id = r.s ON CONFLICT (source_id) DO NOTHING`,
    [runs.map((r) => r.source), runs.map((r) => r.organisation)],
  );
  const { rows } = await db.query<{ username: string }>('SELECT username FROM access.account WHERE username = ANY($1::text[])', [demoStaff.map((s) => s.username)]);
  const existing = new Set(rows.map((r) => r.username));
  let made = 0;
  for (const s of demoStaff) {
    if (existing.has(s.username)) continue;
    await createAccount(db, { ...s, password: demoPassword });
    made++;
  }
  // The practice-aligned integrated team: a coordinator, a social worker, community nursing and therapy, and home care.
  await db.query(`INSERT INTO access.team (id, name, organisation_id) VALUES ($1, $2, 'bayside-council') ON CONFLICT (id) DO NOTHING`, [demoTeam.id, demoTeam.name]);
  await db.query(
    'INSERT INTO access.team_member (team_id, account_id) SELECT $1, id FROM access.account WHERE username = ANY($2::text[]) ON CONFLICT DO NOTHING',
    [demoTeam.id, demoTeam.members],
  );
  return made;
}

/**
 * The demo's person and their carer: the person known to most of the place's systems (registered at
 * the demo practice, with the NHS number they all share) gets an account of their own, "person", and
 * has let a family carer, "carer", see their record. Returns who they are, or undefined when the
 * place has no one registered at the practice.
 */
export async function createDemoPerson(db: Queryable): Promise<{ person: string; personId: number; carer: string } | undefined> {
  const { rows } = await db.query<{ identity_id: number; person_id: string; name: string }>(
    `SELECT min(i.id) AS identity_id, i.person_id, max(concat_ws(' ', g.given, g.family)) AS name
       FROM people.identity i JOIN people.identity g ON g.person_id = i.person_id AND g.source_id = 'gp' AND g.practice = 'Z90001' AND g.nhs_number IS NOT NULL
      WHERE g.deceased IS NULL GROUP BY i.person_id ORDER BY count(DISTINCT i.source_id) DESC, i.person_id LIMIT 1`,
  );
  const chosen = rows[0];
  if (!chosen) return undefined;
  const existing = await db.query<{ username: string }>("SELECT username FROM access.account WHERE username IN ('person', 'carer')");
  const have = new Set(existing.rows.map((r) => r.username));
  const carerName = `${chosen.name.split(' ').slice(-1)[0] ?? ''} family carer`.trim();
  if (!have.has('person')) await createAccount(db, { username: 'person', displayName: chosen.name, role: 'person', password: demoPassword, identityId: chosen.identity_id });
  if (!have.has('carer')) {
    const carer = await createAccount(db, { username: 'carer', displayName: carerName, role: 'carer', password: demoPassword });
    const { rows: me } = await db.query<{ id: number }>("SELECT id FROM access.account WHERE username = 'person'");
    await db.query(
      `INSERT INTO access.relationship (identity_id, kind, account_id, reason, created_by) VALUES ($1, 'carer', $2, 'authorised by the person (demo)', $3)`,
      [chosen.identity_id, carer, me[0]?.id ?? null],
    );
    // The integrated team looks after them.
    await db.query(
      `INSERT INTO access.relationship (identity_id, kind, team_id, reason, created_by)
       SELECT $1, 'care-team', $2, 'referred to the integrated team (demo)', id FROM access.account WHERE username = 'gp'`,
      [chosen.identity_id, demoTeam.id],
    );
  }
  return { person: chosen.name, personId: Number(chosen.person_id), carer: carerName };
}
