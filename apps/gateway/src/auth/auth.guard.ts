import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { JwtService } from '@nestjs/jwt';
import { ROLES, Role } from '@yixiang/contracts';
import { ApiError } from '../http/api-error';
import { AuthenticatedRequest, IS_PUBLIC } from './actor.decorator';

export interface AccessTokenClaims {
  sub: string;
  role: Role;
  inst: string | null;
}

/** Every route needs a valid bearer token unless marked @Public(). */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly jwt: JwtService,
    private readonly reflector: Reflector,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<AuthenticatedRequest & { headers: Record<string, string | undefined> }>();
    const isPublic = this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, [context.getHandler(), context.getClass()]);
    const header = request.headers.authorization;
    if (!header) {
      if (isPublic) return true;
      throw new ApiError('UNAUTHENTICATED', 'sign in first: send Authorization: Bearer <accessToken> from POST /api/v1/auth/login');
    }
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    if (!match) throw new ApiError('UNAUTHENTICATED', 'the Authorization header must be "Bearer <accessToken>"');
    let claims: AccessTokenClaims;
    try {
      claims = await this.jwt.verifyAsync<AccessTokenClaims>(match[1]);
    } catch (error) {
      const expired = error instanceof Error && error.name === 'TokenExpiredError';
      throw new ApiError('UNAUTHENTICATED', expired ? 'the access token has expired; sign in again' : 'the access token is not valid; sign in again');
    }
    if (!ROLES.includes(claims.role)) throw new ApiError('UNAUTHENTICATED', 'the access token is not valid; sign in again');
    request.actor = { userId: claims.sub, role: claims.role, institutionId: claims.inst };
    return true;
  }
}
