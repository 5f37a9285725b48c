import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { type Language, languageOf } from '@yixiang/domain';

/**
 * The language the request's Accept-Language prefers among ours (Chinese unless it prefers
 * English): for replies that carry texts the services keep in both languages (an import's cells).
 */
export const RequestLanguage = createParamDecorator((_: unknown, ctx: ExecutionContext): Language =>
  languageOf(ctx.switchToHttp().getRequest<FastifyRequest>().headers['accept-language']));
