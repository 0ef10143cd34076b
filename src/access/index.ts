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

export { accessPolicy, decide, typeGrant, type TypeGrant, type AccessAction, type AccessDecision, type AccessEvent, type AccessPolicy, type AccessRequest, type Principal } from './policy.js';
export { appendAudit, auditHash, genesisHash, verifyAudit, type AuditBreak, type AuditContents, type AuditVerification } from './audit.js';
export { accountProblems, createAccount, createOrganisation, organisationKinds, endSession, lockout, roleNames, roles, sessionLimits, sessionOf, signIn, signedInAs, startSession, type NewAccount, type Role, type SessionStart } from './accounts.js';
export { confirmTwoStep, resetTwoStep, startTwoStep, totpSettings, turnOffTwoStep, twoStepIssuer, twoStepStatus, type TwoStepEnrolment, type TwoStepStatus } from './two-step.js';
export { addIdentityProvider, identityProviderProblems, listIdentityProviders, providerDefaults, setIdentityProviderEnabled, type IdentityProvider, type NewIdentityProvider } from './identity-providers.js';
export { accessError, accessErrors, type AccessErrorCode } from './errors.js';
export { accessRoutes, sessionCookie } from './routes.js';
export {
  accountScope, readerScope, addTeamMembers, addToCareTeam, careTeamOf, createTeam, breakGlass, breakGlassHours, careRoles, listBreakGlass, personRoles, readsRecords, reasonsToSee, relationshipAfterCare, reviewBreakGlass,
  type BreakGlass,
} from './relationships.js';
export { createDemoPerson, createDemoStaff, demoOrganisations, demoPassword, demoStaff } from './demo-staff.js';
export {
  ScopeError, describeScope, fhirInteractions, formatScope, formatScopes, interactionPermission, parseScope, parseScopes, scopeGrant, scopeWithin, scopesAllow,
  type FhirInteraction, type Permission, type ResourceScope, type Scope, type ScopeContext, type ScopeQuery, type ScopeRestriction,
} from './oauth/scopes.js';
export { clientIdOf, clientKinds, clientProblems, createClient, disableClient, findClient, listClients, type Client, type ClientKind, type NewClient } from './oauth/clients.js';
export { accessTokenSeconds, tokenService, TokenError, type IssuedToken, type TokenService, type VerifiedToken } from './oauth/tokens.js';
export { codeChallengeOf, codeSeconds, issueCode, redeemCode } from './oauth/codes.js';
export { grantToken, narrowScopes, type GrantEvent, type TokenRequest, type TokenResponse } from './oauth/grants.js';
export { OAuthError, type OAuthErrorCode } from './oauth/oauth-error.js';
export { actorParts, auditEntry, personAccessLog, searchAudit, type AccessLogEntry, type AuditEntry } from './access-log.js';
export { consentDirectives, consentResource, recordConsent, withdrawConsent, type ConsentDirective } from './consent.js';
