import { applyDecorators, createParamDecorator, ExecutionContext, SetMetadata } from '@nestjs/common';
import type { Actor } from '@yixiang/contracts';
import { ApiOpen } from '../http/api-docs';

export const IS_PUBLIC = 'yixiang:public';
/** Routes anyone may call without a token (login, health, calendar feeds with their own token). */
/** Also `security: []` in the OpenAPI document, so the document says what the guard does. */
export const Public = () => applyDecorators(SetMetadata(IS_PUBLIC, true), ApiOpen());

export interface AuthenticatedRequest {
  actor?: Actor;
}

export const CurrentActor = createParamDecorator((_: unknown, ctx: ExecutionContext): Actor | null => {
  return ctx.switchToHttp().getRequest<AuthenticatedRequest>().actor ?? null;
});
