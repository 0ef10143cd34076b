/**
 * What each role may do, as far as the web UI needs to know to offer the right screens (the server
 * decides; these lists mirror src/access/relationships.ts, which the web UI cannot import).
 */

/** Roles that care for people: they read records through a legitimate relationship, and may use emergency access. */
export const careRoles: readonly string[] = [
  'gp', 'practice-nurse', 'district-nurse', 'social-worker', 'occupational-therapist', 'care-coordinator', 'home-care-provider', 'discharge-team',
];

/**
 * Roles that use case-finding: the lists of people at highest risk of an emergency admission, and a
 * person's risk on their record (this list mirrors `careStaff` in src/risk/routes.ts).
 */
export const caseFindingRoles: readonly string[] = [
  'gp', 'practice-nurse', 'district-nurse', 'social-worker', 'occupational-therapist', 'care-coordinator', 'discharge-team',
];

/** Roles of people looking at their own record, or at the record of someone who authorised them. */
export const personRoles: readonly string[] = ['person', 'carer'];

const roleNames: Readonly<Record<string, string>> = {
  gp: 'GP', 'practice-nurse': 'Practice nurse', 'district-nurse': 'District nurse', 'social-worker': 'Social worker',
  'occupational-therapist': 'Occupational therapist', 'care-coordinator': 'Care coordinator', 'home-care-provider': 'Home care provider',
  'discharge-team': 'Discharge team', commissioner: 'Commissioner or analyst', 'ig-lead': 'Information governance lead', administrator: 'Administrator',
  person: 'The person', carer: 'Carer',
};

/** A role in words: "district-nurse" → "District nurse"; a role the web UI does not know is shown as it is. */
export function roleName(role: string): string {
  return roleNames[role] ?? role;
}

export function isCareRole(role: string | undefined): boolean {
  return role !== undefined && careRoles.includes(role);
}

export function isCaseFindingRole(role: string | undefined): boolean {
  return role !== undefined && caseFindingRoles.includes(role);
}

export function isPersonRole(role: string | undefined): boolean {
  return role !== undefined && personRoles.includes(role);
}

/** Roles that use the financial assessment form and its live calculation (POST /api/finance/charge, src/finance/routes/charging.ts). */
export const chargingRoles: readonly string[] = ['social-worker', 'care-coordinator', 'occupational-therapist', 'administrator'];

/** Roles that save a person's financial assessment (POST /api/people/:id/financial-assessments). */
export const assessmentRoles: readonly string[] = ['social-worker', 'care-coordinator'];

/** Roles that see the pooled funds' positions (src/finance/routes/fund.ts). */
export const fundRoles: readonly string[] = ['commissioner', 'social-worker', 'care-coordinator', 'administrator'];

/** Roles that see the care packages charged to a fund, which name people (person data). */
export const fundPackageRoles: readonly string[] = ['social-worker', 'care-coordinator'];

/** Roles that see a person's money: their budgets, direct payments and packages (the person and their carers only their own). */
export const moneyRoles: readonly string[] = ['social-worker', 'care-coordinator', 'person', 'carer'];

/** Whether `role` is one of `roles` (no one signed in has none). */
export function hasRole(roles: readonly string[], role: string | undefined): boolean {
  return role !== undefined && roles.includes(role);
}
