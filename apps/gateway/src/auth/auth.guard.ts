import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { JwtService } from '@nestjs/jwt';
import { ROLES, Role } from '@yixiang/contracts';
import { trimOldest } from '@yixiang/common';
import { ApiError } from '../http/api-error';
import { AuthenticatedRequest, IS_PUBLIC } from './actor.decorator';

export interface AccessTokenClaims {
  sub: string;
  role: Role;
  inst: string | null;
  exp?: number;
}

/** How many verified tokens are remembered (a few MiB at most). */
const VERIFIED_TOKENS_KEPT = 10_000;

/** Every route needs a valid bearer token unless marked @Public(). */
@Injectable()
export class AuthGuard implements CanActivate {
  /**
   * Tokens whose signature was checked, with their claims. A client sends the same token with every
   * request until it expires, and checking the HMAC and parsing the token again cost more than the
   * rest of the guard; a remembered token is still refused once its `exp` has passed.
   */
  private readonly verified = new Map<string, AccessTokenClaims>();

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
    const claims = await this.claims(match[1]);
    request.actor = { userId: claims.sub, role: claims.role, institutionId: claims.inst };
    return true;
  }

  private async claims(token: string): Promise<AccessTokenClaims> {
    const kept = this.verified.get(token);
    if (kept && kept.exp !== undefined && kept.exp * 1000 > Date.now()) return kept;
    if (kept) this.verified.delete(token);
    let claims: AccessTokenClaims;
    try {
      claims = await this.jwt.verifyAsync<AccessTokenClaims>(token);
    } catch (error) {
      const expired = error instanceof Error && error.name === 'TokenExpiredError';
      throw new ApiError('UNAUTHENTICATED', expired ? 'the access token has expired; sign in again' : 'the access token is not valid; sign in again');
    }
    if (!ROLES.includes(claims.role)) throw new ApiError('UNAUTHENTICATED', 'the access token is not valid; sign in again');
    // Only tokens that expire are remembered; the oldest are forgotten first when the map is full.
    if (claims.exp !== undefined) {
      this.verified.set(token, claims);
      trimOldest(this.verified, VERIFIED_TOKENS_KEPT);
    }
    return claims;
  }
}
