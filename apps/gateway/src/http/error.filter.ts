import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { ERROR_STATUS, ErrorBody, ErrorCode } from '@yixiang/contracts';
import { classifyOutage, OUTAGE_RETRY_AFTER_SECONDS, outageBody, ServiceCallError } from '@yixiang/common';
import { ApiError } from './api-error';

const CODE_FOR_STATUS: Record<number, ErrorCode> = {
  400: 'BAD_REQUEST', 401: 'UNAUTHENTICATED', 403: 'FORBIDDEN', 404: 'NOT_FOUND', 409: 'CONFLICT',
  413: 'PAYLOAD_TOO_LARGE', 415: 'BAD_REQUEST', 422: 'RULE_VIOLATION', 429: 'RATE_LIMITED',
};

/**
 * Every error leaves as `{ error: { code, message, details? } }` with the status its code
 * means; nothing unexpected ever shows a stack trace (it is logged here instead).
 */
@Catch()
export class ErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger('ErrorFilter');

  catch(exception: unknown, host: ArgumentsHost): void {
    const reply = host.switchToHttp().getResponse<FastifyReply>();
    const body = this.toBody(exception);
    const status = ERROR_STATUS[body.code] ?? 500;
    if (status >= 500 && body.code !== 'SERVICE_UNAVAILABLE') this.logger.error(exception instanceof Error ? exception.stack ?? exception.message : String(exception));
    if (body.code === 'RATE_LIMITED' && typeof body.details?.retryAfterSeconds === 'number') reply.header('Retry-After', String(body.details.retryAfterSeconds));
    // A 503 is always worth retrying, and says after how long (a service's own figure, or ours).
    if (body.code === 'SERVICE_UNAVAILABLE') reply.header('Retry-After', String(retryAfterSeconds(body)));
    void reply.status(status).send({ error: body });
  }

  private toBody(exception: unknown): ErrorBody {
    if (exception instanceof ApiError || exception instanceof ServiceCallError) return exception.body;
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      const response = exception.getResponse();
      const message = typeof response === 'object' && response && 'message' in response
        ? ([] as unknown[]).concat((response as { message: unknown }).message).join('; ')
        : exception.message;
      if (status === 404) return { code: 'NOT_FOUND', message: message.startsWith('Cannot') ? `no such endpoint: ${message.replace(/^Cannot /, '')}` : message };
      return { code: CODE_FOR_STATUS[status] ?? (status < 500 ? 'BAD_REQUEST' : 'INTERNAL'), message: status < 500 ? message : 'internal error' };
    }
    // Fastify's own errors (malformed JSON, body too large, wrong content type) carry a statusCode.
    const e = exception as { statusCode?: number; message?: string; code?: string } | null;
    if (e && typeof e.statusCode === 'number' && e.statusCode >= 400 && e.statusCode < 500) {
      const code = CODE_FOR_STATUS[e.statusCode] ?? 'BAD_REQUEST';
      const message = e.code === 'FST_ERR_CTP_INVALID_JSON_BODY' || /JSON/.test(e.message ?? '') ? `the request body is not valid JSON: ${e.message}` : e.message ?? 'bad request';
      return { code, message };
    }
    // The gateway's own stores (Redis for the sign-in limits) unreachable: an outage, not a bug.
    const outage = classifyOutage(exception);
    if (outage) return outageBody(outage, 'gateway');
    return { code: 'INTERNAL', message: 'internal error' };
  }
}

/** Seconds a client should wait before retrying a 503: the figure in its details, else the default. */
export function retryAfterSeconds(body: ErrorBody): number {
  const given = body.details?.retryAfterSeconds;
  return typeof given === 'number' && Number.isFinite(given) && given > 0 ? Math.ceil(given) : OUTAGE_RETRY_AFTER_SECONDS;
}
