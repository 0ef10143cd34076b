/**
 * The one place errors become HTTP answers: RFC 9457 problem details (application/problem+json)
 * with the stable catalogue code. Unknown errors are logged (scrubbed) and answered as a generic
 * 500 that reveals nothing of the internals.
 */
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { type Static, Type } from '@sinclair/typebox';
import { type AppError, errorCode, isAppError, platformError } from '../errors.js';
import { safeErrorFields } from '../logger.js';

export type Problem = Static<typeof ProblemSchema>;

/** The URI that documents a problem code (served by the API itself). */
export function problemType(code: string): string {
  return `/api/problems/${code}`;
}

export function sendProblem(request: FastifyRequest, reply: FastifyReply, error: AppError): FastifyReply {
  const problem: Problem = {
    type: problemType(error.code),
    title: error.title,
    status: error.status,
    detail: error.message,
    code: error.code,
    instance: request.url.split('?')[0] ?? request.url,
    requestId: request.id,
    ...(error.errors.length > 0 ? { errors: [...error.errors] } : {}),
  };
  return reply.code(error.status).type('application/problem+json').send(problem);
}

function isFastifyError(error: unknown): error is FastifyError {
  return error instanceof Error && errorCode(error)?.startsWith('FST_') === true;
}

/** Turns whatever was thrown into a catalogued error, or undefined if it is not ours to explain. */
export function toAppError(error: unknown): AppError | undefined {
  if (isAppError(error)) return error;
  if (!isFastifyError(error)) return undefined;
  if (error.validation) {
    const where = error.validationContext ?? 'request';
    const errors = error.validation.map((v) => ({
      where,
      path: v.instancePath || '/',
      message: v.message ?? 'is not valid',
    }));
    const first = errors[0];
    return platformError('validation_failed', first ? `${where} ${first.path}: ${first.message}` : 'The request is not valid.', { errors });
  }
  switch (error.code) {
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return platformError('malformed_body', error.message);
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return platformError('body_too_large');
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return platformError('unsupported_media_type', error.message);
    default:
      break;
  }
  const status = error.statusCode ?? 500;
  if (status === 404) return platformError('not_found');
  if (status === 405) return platformError('method_not_allowed');
  if (status >= 400 && status < 500) return platformError('bad_request', error.message);
  return undefined;
}

export function errorHandler(error: unknown, request: FastifyRequest, reply: FastifyReply): FastifyReply {
  const known = toAppError(error);
  if (known !== undefined) {
    if (known.status >= 500) request.log.warn({ code: known.code }, known.title);
    return sendProblem(request, reply, known);
  }
  request.log.error({ error: safeErrorFields(error), route: request.routeOptions.url }, 'unhandled error');
  return sendProblem(request, reply, platformError('internal_error', `Something went wrong. Quote request id ${request.id} when reporting it.`));
}

/** The problem document's schema, for the OpenAPI description of error responses. */
export const ProblemSchema = Type.Object(
  {
    type: Type.String(),
    title: Type.String(),
    status: Type.Integer(),
    detail: Type.String(),
    code: Type.String(),
    instance: Type.String(),
    requestId: Type.String(),
    errors: Type.Optional(Type.Array(Type.Object({ where: Type.String(), path: Type.String(), message: Type.String() }))),
  },
  { $id: 'Problem', description: 'RFC 9457 problem details with a stable code' },
);
