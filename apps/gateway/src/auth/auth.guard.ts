import { CanActivate, ExecutionContext, Injectable, SetMetadata } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { JwtService } from '@nestjs/jwt';
import { trimOldest } from '@yixiang/common';
import { ApiError } from '../http/api-error';
import { AuthenticatedRequest, IS_PUBLIC } from './actor.decorator';
import { SessionCache } from './session-cache';
import { said } from '@yixiang/domain';

/**
 * What an access token says: whose it is (`sub`), which of their token versions (`ver`), until when
 * (`exp`, always). Role and institution are not in it: they are read live (SessionCache).
 */
export interface AccessTokenClaims {
  sub: string;
  ver: number;
  exp: number;
}

export const OPS_ENDPOINT = 'yixiang:ops';
/** /metrics: guarded by OPS_TOKEN in main.ts's hook, not by an access token. */
export const OpsEndpoint = () => SetMetadata(OPS_ENDPOINT, true);

/** How many verified tokens are remembered (a few MiB at most). */
const VERIFIED_TOKENS_KEPT = 10_000;

interface VerifiedToken {
  sub: string;
  ver: number;
  expiresAt: number;
}

const INVALID = said('登录凭证无效，请重新登录', 'the access token is not valid; sign in again');
const ENDED = said('登录已失效（已退出、被撤销或账号有变动），请重新登录', 'this session has ended (signed out, revoked, or the account changed); sign in again');

/** Every route needs a valid bearer token of a live user unless marked @Public(). */
@Injectable()
export class AuthGuard implements CanActivate {
  /**
   * Tokens whose signature was checked. A client sends the same token with every request until it
   * expires, and checking the HMAC and parsing the token again cost more than the rest of the
   * guard; a remembered token is still refused once its `exp` has passed.
   */
  private readonly verified = new Map<string, VerifiedToken>();

  constructor(
    private readonly jwt: JwtService,
    private readonly reflector: Reflector,
    private readonly sessions: SessionCache,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<AuthenticatedRequest & { headers: Record<string, string | undefined> }>();
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(OPS_ENDPOINT, targets)) return true;
    const header = request.headers.authorization;
    if (!header) {
      if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, targets)) return true;
      throw new ApiError('UNAUTHENTICATED', said('请先登录', 'sign in first: send Authorization: Bearer <accessToken> from POST /api/v1/auth/login'));
    }
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    if (!match) throw new ApiError('UNAUTHENTICATED', said('登录凭证格式不正确（Authorization 须为 "Bearer <accessToken>"）', 'the Authorization header must be "Bearer <accessToken>"'));
    const now = Date.now();
    const token = this.verifiedToken(match[1], now) ?? (await this.verify(match[1]));
    // The hot path: both lookups hit their maps; only a user unseen for SESSION_CACHE_MS is asked for.
    const session = this.sessions.fresh(token.sub, now) ?? (await this.sessions.load(token.sub));
    if (!session.actor || session.tokenVersion !== token.ver) throw new ApiError('UNAUTHENTICATED', ENDED);
    request.actor = session.actor;
    return true;
  }

  private verifiedToken(token: string, now: number): VerifiedToken | undefined {
    const kept = this.verified.get(token);
    if (!kept) return undefined;
    if (kept.expiresAt > now) return kept;
    this.verified.delete(token);
    return undefined;
  }

  private async verify(token: string): Promise<VerifiedToken> {
    let claims: Partial<AccessTokenClaims>;
    try {
      claims = await this.jwt.verifyAsync<Partial<AccessTokenClaims>>(token);
    } catch (error) {
      const expired = error instanceof Error && error.name === 'TokenExpiredError';
      throw new ApiError('UNAUTHENTICATED', expired ? said('登录已过期，请重新登录', 'the access token has expired; sign in again') : INVALID);
    }
    // A token without `exp` would never end; one without `ver` predates revocation. Both refused.
    if (typeof claims.sub !== 'string' || !Number.isInteger(claims.ver) || typeof claims.exp !== 'number') throw new ApiError('UNAUTHENTICATED', INVALID);
    const verified: VerifiedToken = { sub: claims.sub, ver: claims.ver as number, expiresAt: claims.exp * 1000 };
    this.verified.set(token, verified);
    trimOldest(this.verified, VERIFIED_TOKENS_KEPT);
    return verified;
  }
}
