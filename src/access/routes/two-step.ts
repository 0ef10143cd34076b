/**
 * Two-step verification for the signed-in person: GET says whether it is on; start issues a new
 * secret (URI, text and QR code); confirm turns it on with a first code; turn-off needs a current
 * code. Each change and each wrong code is in the audit trail.
 */
import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import type { RouteDeps, SignedIn } from '../../platform/index.js';
import { appendAudit } from '../audit.js';
import { accessError } from '../errors.js';
import { confirmTwoStep, startTwoStep, turnOffTwoStep, type TwoStepStatus, twoStepStatus } from '../two-step.js';
import { isAppError } from '../../platform/index.js';

type App = Parameters<FastifyPluginAsyncTypebox<RouteDeps>>[0];

const Problem = Type.Object({}, { additionalProperties: true });
const StatusSchema = Type.Object({
  on: Type.Boolean(), since: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]), settingUp: Type.Boolean(),
});
const CodeBody = Type.Object({ code: Type.String({ minLength: 1, maxLength: 12, description: 'the 6 digits the authenticator app shows now' }) }, { additionalProperties: false });

const statusOf = (s: TwoStepStatus) => ({ on: s.on, since: s.since?.toISOString() ?? null, settingUp: s.settingUp });

function signedIn(request: FastifyRequest): SignedIn {
  if (!request.signedIn) throw accessError('not_signed_in', 'Sign in to see or change your own two-step verification.');
  return request.signedIn;
}

export function twoStepRoutes(app: App, deps: RouteDeps): void {
  const audit = (request: FastifyRequest, who: SignedIn, action: string, outcome: number, reason: string): Promise<void> =>
    appendAudit(deps.db, [{
      at: new Date(), actor: who.username, action, resourceType: 'Account', resourceId: String(who.accountId), outcome, reason, requestId: request.id, detail: `from ${request.ip}`,
    }]);

  /** Runs a change that takes a code, auditing a wrong one. */
  const withCode = async (request: FastifyRequest, who: SignedIn, change: () => Promise<TwoStepStatus>, action: string, reason: string) => {
    try {
      const status = await change();
      await audit(request, who, action, 200, reason);
      return statusOf(status);
    } catch (error) {
      if (isAppError(error) && error.code === 'two_step_code_wrong') await audit(request, who, 'failed-two-step-code', 400, `wrong code to ${reason}`);
      throw error;
    }
  };

  app.get(
    '/api/account/two-step',
    { config: { access: 'signed-in' }, schema: { summary: 'Whether two-step verification is on for the signed-in account', tags: ['access'], response: { 200: StatusSchema, 401: Problem } } },
    async (request) => statusOf(await twoStepStatus(deps.db, signedIn(request).accountId)),
  );

  app.post(
    '/api/account/two-step/start',
    {
      config: { access: 'signed-in' },
      schema: {
        summary: 'Start setting up two-step verification: a new secret, as an otpauth:// URI, as text in groups of four, and as a QR code (SVG)',
        tags: ['access'],
        response: { 200: Type.Object({ uri: Type.String(), secret: Type.String(), qrSvg: Type.String() }), 401: Problem, 409: Problem },
      },
    },
    async (request) => {
      const who = signedIn(request);
      return startTwoStep(deps.db, { accountId: who.accountId, username: who.username });
    },
  );

  app.post(
    '/api/account/two-step/confirm',
    {
      config: { access: 'signed-in' },
      schema: {
        summary: 'Turn two-step verification on with the first code from the authenticator app',
        tags: ['access'], body: CodeBody, response: { 200: StatusSchema, 400: Problem, 401: Problem, 409: Problem },
      },
    },
    async (request) => {
      const who = signedIn(request);
      return withCode(request, who, () => confirmTwoStep(deps.db, who.accountId, request.body.code), 'two-step-on', 'turn two-step verification on');
    },
  );

  app.post(
    '/api/account/two-step/turn-off',
    {
      config: { access: 'signed-in' },
      schema: {
        summary: 'Turn two-step verification off, with a current code',
        tags: ['access'], body: CodeBody, response: { 200: StatusSchema, 400: Problem, 401: Problem, 409: Problem },
      },
    },
    async (request) => {
      const who = signedIn(request);
      return withCode(request, who, () => turnOffTwoStep(deps.db, who.accountId, request.body.code), 'two-step-off', 'turn two-step verification off');
    },
  );
}
