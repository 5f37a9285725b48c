import { createParamDecorator, ExecutionContext, SetMetadata } from '@nestjs/common';
import type { Actor } from '@yixiang/contracts';

export const IS_PUBLIC = 'yixiang:public';
/** Routes anyone may call without a token (login, health, calendar feeds with their own token). */
export const Public = () => SetMetadata(IS_PUBLIC, true);

export interface AuthenticatedRequest {
  actor?: Actor;
}

export const CurrentActor = createParamDecorator((_: unknown, ctx: ExecutionContext): Actor | null => {
  return ctx.switchToHttp().getRequest<AuthenticatedRequest>().actor ?? null;
});
