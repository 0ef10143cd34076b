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

export { allowAndAudit, type AccessAction, type AccessDecision, type AccessEvent, type AccessPolicy, type AccessRequest, type Principal } from './policy.js';
export { appendAudit, auditHash, genesisHash, verifyAudit, type AuditBreak, type AuditContents, type AuditVerification } from './audit.js';
export { accountProblems, createAccount, createOrganisation, organisationKinds, endSession, lockout, roleNames, roles, sessionLimits, sessionOf, signIn, startSession, type NewAccount, type Role, type SessionStart } from './accounts.js';
export { confirmTwoStep, resetTwoStep, startTwoStep, totpSettings, turnOffTwoStep, twoStepIssuer, twoStepStatus, type TwoStepEnrolment, type TwoStepStatus } from './two-step.js';
export { addIdentityProvider, identityProviderProblems, listIdentityProviders, providerDefaults, setIdentityProviderEnabled, type IdentityProvider, type NewIdentityProvider } from './identity-providers.js';
export { accessError, accessErrors, type AccessErrorCode } from './errors.js';
export { accessRoutes, sessionCookie } from './routes.js';
export { createDemoStaff, demoOrganisations, demoPassword, demoStaff } from './demo-staff.js';
