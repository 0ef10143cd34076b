/** Access: who may see and change a person's record, and the audit trail of everything that happened. */
import { fileURLToPath } from 'node:url';
import type { Capability } from '../platform/index.js';

export const accessCapability: Capability = {
  name: 'access',
  schema: 'access',
  migrationsDir: fileURLToPath(new URL('./migrations/', import.meta.url)),
};

export { allowAndAudit, type AccessAction, type AccessDecision, type AccessEvent, type AccessPolicy, type AccessRequest, type Principal } from './policy.js';
