import { LogController, type FastifyReply, type FastifyRequest } from 'fastify';
import { safeErrorFields } from '../logger.js';

/**
 * Fastify's request log lines, rewritten so they never carry personal data: a request is logged
 * once, when it completes, by its route pattern (never its URL, whose path or query may hold a
 * name or NHS number), status and time. Successful health checks are not logged at all.
 */
export class SafeLogController extends LogController {
  override incomingRequest(): void {
    // logged once, on completion
  }

  override routeNotFound(): void {
    // logged on completion as route "(unmatched)"
  }

  override requestCompleted(error: Error | null | undefined, request: FastifyRequest, reply: FastifyReply): void {
    // Checked on the raw URL first: building routeOptions costs more than a health check.
    if ((request.url === '/health' || request.url === '/ready') && reply.statusCode < 400 && !error) return;
    const line = { method: request.method, route: request.routeOptions.url ?? '(unmatched)', status: reply.statusCode, ms: Math.round(reply.elapsedTime) };
    if (error) reply.log.error({ ...line, error: safeErrorFields(error) }, 'request failed');
    else reply.log.info(line, 'request');
  }

  override defaultErrorLog(error: Error, request: FastifyRequest): void {
    request.log.error({ error: safeErrorFields(error) }, 'unhandled error');
  }

  override streamError(error: Error, request: FastifyRequest): void {
    request.log.warn({ error: safeErrorFields(error) }, 'response stream failed');
  }

  override writeHeadError(error: Error, request: FastifyRequest): void {
    request.log.warn({ error: safeErrorFields(error) }, 'writing headers failed');
  }

  override serializerError(error: Error, request: FastifyRequest, _reply: FastifyReply, metadata: { statusCode: number }): void {
    request.log.error({ error: safeErrorFields(error), status: metadata.statusCode }, 'response did not match its schema');
  }
}

