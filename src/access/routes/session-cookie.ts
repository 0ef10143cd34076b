/** The session cookie and the audit of signing in, shared by every way of signing in. */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { RouteDeps } from '../../platform/index.js';
import { type SessionStart, sessionLimits, type SignInOutcome } from '../accounts.js';
import { appendAudit } from '../audit.js';

export const sessionCookie = 'joinedup_session';

/** Sets the cookie of a session just started, whichever way its person signed in. */
export function setSessionCookie(request: FastifyRequest, reply: FastifyReply, session: SessionStart): void {
  reply.setCookie(sessionCookie, session.token, {
    httpOnly: true, sameSite: 'strict', path: '/', secure: request.protocol === 'https', maxAge: sessionLimits.hours * 3600,
  });
}

/** Writes a sign-in, failed sign-in or sign-out to the audit trail. */
export function auditSignIn(deps: RouteDeps, request: FastifyRequest, o: SignInOutcome | { username: string; accountId: number; result: 'signed-out' }): Promise<void> {
  return appendAudit(deps.db, [{
    at: new Date(), actor: o.username, action: o.result === 'signed-in' ? 'sign-in' : o.result === 'signed-out' ? 'sign-out' : 'failed-sign-in',
    resourceType: 'Account', resourceId: o.accountId === null ? null : String(o.accountId), outcome: o.result === 'signed-in' || o.result === 'signed-out' ? 200 : o.result === 'locked' ? 423 : 401,
    reason: ('reason' in o ? o.reason : undefined) ?? (o.result === 'locked' ? 'account locked after failed sign-ins' : o.result === 'failed' ? 'wrong username or password' : 'password'), requestId: request.id,
    detail: `from ${request.ip}`,
  }]);
}
