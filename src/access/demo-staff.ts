/**
 * The demo's staff: the organisations of a small integrated-care place and one account per role,
 * so that anyone trying Joined Up can sign in as each and see what each sees. The password is the
 * same for all and printed in the README: for demonstration only, never for real data.
 */
import type { Queryable } from '../platform/index.js';
import { createAccount, type Role } from './accounts.js';

export const demoPassword = 'joined-up-demo';

export const demoOrganisations = [
  { id: 'bayside-practice', name: 'Bayside Practice', kind: 'gp-practice' },
  { id: 'bayside-hospital', name: 'Bayside Hospital NHS Trust', kind: 'nhs-trust' },
  { id: 'bayside-community', name: 'Bayside Community Health', kind: 'community-provider' },
  { id: 'bayside-council', name: 'Bayside Council Adult Social Care', kind: 'council' },
  { id: 'harbour-home-care', name: 'Harbour Home Care', kind: 'care-provider' },
  { id: 'bayside-age-friendly', name: 'Age Friendly Bayside', kind: 'voluntary' },
  { id: 'bayside-icb', name: 'Bayside Integrated Care Board', kind: 'icb' },
] as const;

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

/** Creates the demo's organisations and accounts that do not exist yet; returns how many accounts it made. */
export async function createDemoStaff(db: Queryable): Promise<number> {
  await db.query(
    `INSERT INTO access.organisation (id, name, kind) SELECT * FROM unnest($1::text[], $2::text[], $3::text[]) ON CONFLICT (id) DO NOTHING`,
    [demoOrganisations.map((o) => o.id), demoOrganisations.map((o) => o.name), demoOrganisations.map((o) => o.kind)],
  );
  const { rows } = await db.query<{ username: string }>('SELECT username FROM access.account WHERE username = ANY($1::text[])', [demoStaff.map((s) => s.username)]);
  const existing = new Set(rows.map((r) => r.username));
  let made = 0;
  for (const s of demoStaff) {
    if (existing.has(s.username)) continue;
    await createAccount(db, { ...s, password: demoPassword });
    made++;
  }
  return made;
}
