import { Inject, Injectable } from '@nestjs/common';
import type Redis from 'ioredis';
import { GatewayConfig } from '../config';
import { ApiError } from '../http/api-error';
import { said } from '@yixiang/domain';

export const GATEWAY_REDIS = Symbol('GATEWAY_REDIS');

/**
 * Failed sign-ins counted in fixed one-minute windows in Redis, so every gateway replica shares the
 * count: per account over all addresses (guessing one account's password, from however many
 * addresses) and per address (trying many accounts). The address is the connection's, or the one a
 * TRUSTED_PROXIES proxy reports: a client-chosen X-Forwarded-For would dodge both limits, or lock
 * out everyone behind an address it names.
 */
@Injectable()
export class LoginRateLimiter {
  constructor(
    @Inject(GATEWAY_REDIS) private readonly redis: Redis,
    private readonly config: GatewayConfig,
  ) {}

  /** Refuses a sign-in while the failures of the current minute are over the limits. */
  async check(ip: string, email: string): Promise<void> {
    const { perAccount, perAddress } = this.keys(ip, email);
    const [a, b] = (await this.redis.mget(perAccount, perAddress)).map((v) => Number(v ?? 0));
    if (a >= this.config.LOGIN_ATTEMPTS_PER_MINUTE || b >= this.config.LOGIN_ATTEMPTS_PER_ADDRESS_PER_MINUTE) {
      const retryAfterSeconds = 60 - Math.floor((Date.now() / 1000) % 60);
      throw new ApiError('RATE_LIMITED', said(`登录失败次数过多，请 ${retryAfterSeconds} 秒后再试`, `too many failed sign-in attempts; try again in ${retryAfterSeconds} s`), { retryAfterSeconds });
    }
  }

  /** Only failures count: people who sign in correctly, however often, are never locked out. */
  async recordFailure(ip: string, email: string): Promise<void> {
    const { perAccount, perAddress } = this.keys(ip, email);
    await this.redis.multi().incr(perAccount).incr(perAddress).expire(perAccount, 120).expire(perAddress, 120).exec();
  }

  private keys(ip: string, email: string): { perAccount: string; perAddress: string } {
    const base = `${this.config.BULLMQ_PREFIX}:login-limit:${Math.floor(Date.now() / 60000)}`;
    return { perAccount: `${base}:account:${email.toLowerCase()}`, perAddress: `${base}:address:${ip}` };
  }
}
