import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ERROR_STATUS, ErrorBody, ErrorCode, SaidErrorBody } from '@yixiang/contracts';
import { classifyOutage, OUTAGE_RETRY_AFTER_SECONDS, outageBody, ServiceCallError } from '@yixiang/common';
import { languageOf, localize, said } from '@yixiang/domain';
import { ApiError } from './api-error';

const CODE_FOR_STATUS: Record<number, ErrorCode> = {
  400: 'BAD_REQUEST', 401: 'UNAUTHENTICATED', 403: 'FORBIDDEN', 404: 'NOT_FOUND', 409: 'CONFLICT',
  413: 'PAYLOAD_TOO_LARGE', 415: 'BAD_REQUEST', 422: 'RULE_VIOLATION', 429: 'RATE_LIMITED',
};

/**
 * Every error leaves as `{ error: { code, message, details? } }` with the status its code
 * means; nothing unexpected ever shows a stack trace (it is logged here instead). The message and
 * every reason in the details are written in the language the request's Accept-Language prefers
 * (Chinese unless it prefers English): services send both.
 */
@Catch()
export class ErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger('ErrorFilter');

  catch(exception: unknown, host: ArgumentsHost): void {
    const reply = host.switchToHttp().getResponse<FastifyReply>();
    const request = host.switchToHttp().getRequest<FastifyRequest | undefined>();
    const body = localize(this.toBody(exception), languageOf(request?.headers?.['accept-language'])) as ErrorBody;
    const status = ERROR_STATUS[body.code] ?? 500;
    if (status >= 500 && body.code !== 'SERVICE_UNAVAILABLE') this.logger.error(exception instanceof Error ? exception.stack ?? exception.message : String(exception));
    if (body.code === 'RATE_LIMITED' && typeof body.details?.retryAfterSeconds === 'number') reply.header('Retry-After', String(body.details.retryAfterSeconds));
    // A 503 is always worth retrying, and says after how long (a service's own figure, or ours).
    if (body.code === 'SERVICE_UNAVAILABLE') reply.header('Retry-After', String(retryAfterSeconds(body)));
    void reply.status(status).send({ error: body });
  }

  private toBody(exception: unknown): SaidErrorBody {
    if (exception instanceof ApiError || exception instanceof ServiceCallError) return exception.body;
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      const response = exception.getResponse();
      const message = typeof response === 'object' && response && 'message' in response
        ? ([] as unknown[]).concat((response as { message: unknown }).message).join('; ')
        : exception.message;
      if (status === 404) {
        const route = message.replace(/^Cannot /, '');
        return { code: 'NOT_FOUND', message: message.startsWith('Cannot') ? said(`没有这个接口：${route}`, `no such endpoint: ${route}`) : said('未找到', message) };
      }
      const code = CODE_FOR_STATUS[status] ?? (status < 500 ? 'BAD_REQUEST' : 'INTERNAL');
      if (status === 400 && /JSON/.test(message)) return { code, message: said('请求内容不是有效的 JSON', `the request body is not valid JSON: ${message}`) };
      // Nest's and fastify's own texts are English: the Chinese says what the status means.
      return { code, message: status < 500 ? said(HTTP_REFUSAL[code] ?? '请求无效', message) : INTERNAL_ERROR };
    }
    // Fastify's own errors (malformed JSON, body too large, wrong content type) carry a statusCode.
    const e = exception as { statusCode?: number; message?: string; code?: string } | null;
    if (e && typeof e.statusCode === 'number' && e.statusCode >= 400 && e.statusCode < 500) {
      const code = CODE_FOR_STATUS[e.statusCode] ?? 'BAD_REQUEST';
      const message = e.code === 'FST_ERR_CTP_INVALID_JSON_BODY' || /JSON/.test(e.message ?? '')
        ? said('请求内容不是有效的 JSON', `the request body is not valid JSON: ${e.message}`)
        : said(HTTP_REFUSAL[code] ?? '请求无效', e.message ?? 'bad request');
      return { code, message };
    }
    // The gateway's own stores (Redis for the sign-in limits) unreachable: an outage, not a bug.
    const outage = classifyOutage(exception);
    if (outage) return outageBody(outage, 'gateway');
    return { code: 'INTERNAL', message: INTERNAL_ERROR };
  }
}

const INTERNAL_ERROR = said('服务器内部错误，请稍后重试', 'internal error');

/** What a refusal of Nest's or fastify's own (a guard, a body too large) says first, by its code. */
const HTTP_REFUSAL: Partial<Record<ErrorCode, string>> = {
  BAD_REQUEST: '请求无效', UNAUTHENTICATED: '未登录或登录已过期', FORBIDDEN: '无权执行此操作', CONFLICT: '与现有数据冲突',
  PAYLOAD_TOO_LARGE: '请求内容过大', RULE_VIOLATION: '不符合规则', RATE_LIMITED: '请求过于频繁，请稍后再试', NOT_FOUND: '未找到',
};

/** Seconds a client should wait before retrying a 503: the figure in its details, else the default. */
export function retryAfterSeconds(body: ErrorBody): number {
  const given = body.details?.retryAfterSeconds;
  return typeof given === 'number' && Number.isFinite(given) && given > 0 ? Math.ceil(given) : OUTAGE_RETRY_AFTER_SECONDS;
}
