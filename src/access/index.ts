/** Access: who may see and change a person's record, and the audit trail of everything that happened. */
import { fileURLToPath } from 'node:url';
import type { Capability } from '../platform/index.js';
import { accessErrors } from './errors.js';

export const accessCapability: Capability = {
  name: 'access',
  schema: 'access',
  migrationsDir: fileURLToPath(new URL('./migrations/', import.meta.url)),
  errors: accessErrors,
};

export { accessPolicy, decide, type AccessAction, type AccessDecision, type AccessEvent, type AccessPolicy, type AccessRequest, type Principal } from './policy.js';
export { appendAudit, auditHash, genesisHash, verifyAudit, type AuditBreak, type AuditContents, type AuditVerification } from './audit.js';
export { accountProblems, createAccount, createOrganisation, organisationKinds, endSession, lockout, roleNames, roles, sessionLimits, sessionOf, signIn, type NewAccount, type Role } from './accounts.js';
export { accessError, accessErrors, type AccessErrorCode } from './errors.js';
export { accessRoutes, actorOf, sessionCookie } from './routes.js';
export {
  accountScope, breakGlass, breakGlassHours, careRoles, listBreakGlass, personRoles, readsRecords, reasonsToSee, relationshipAfterCare, reviewBreakGlass,
  type BreakGlass,
} from './relationships.js';
export { createDemoStaff, demoOrganisations, demoPassword, demoStaff } from './demo-staff.js';
