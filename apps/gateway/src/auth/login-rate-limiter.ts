import { Inject, Injectable } from '@nestjs/common';
import type Redis from 'ioredis';
import { GatewayConfig } from '../config';
import { ApiError } from '../http/api-error';

export const GATEWAY_REDIS = Symbol('GATEWAY_REDIS');

/**
 * Fixed one-minute windows counted in Redis, so every gateway replica shares the count: per
 * address and email (guessing one account's password) and per address (trying many accounts).
 */
@Injectable()
export class LoginRateLimiter {
  constructor(
    @Inject(GATEWAY_REDIS) private readonly redis: Redis,
    private readonly config: GatewayConfig,
  ) {}

  async check(ip: string, email: string): Promise<void> {
    const minute = Math.floor(Date.now() / 60000);
    const base = `${this.config.BULLMQ_PREFIX}:login-limit:${minute}`;
    const perAccount = `${base}:${ip}:${email.toLowerCase()}`;
    const perAddress = `${base}:${ip}`;
    const [[, a], [, b]] = (await this.redis.multi().incr(perAccount).incr(perAddress).expire(perAccount, 120).expire(perAddress, 120).exec()) as [unknown, number][];
    if (a > this.config.LOGIN_ATTEMPTS_PER_MINUTE || b > this.config.LOGIN_ATTEMPTS_PER_ADDRESS_PER_MINUTE) {
      const retryAfterSeconds = 60 - Math.floor((Date.now() / 1000) % 60);
      throw new ApiError('RATE_LIMITED', `too many sign-in attempts; try again in ${retryAfterSeconds} s`, { retryAfterSeconds });
    }
  }
}
