import { Logger } from '@nestjs/common';
import Redis from 'ioredis';
import { redisOptions } from './redis';

/** What Redis says of itself (CONFIG GET), as far as BullMQ cares. */
export interface RedisSettings {
  maxmemoryPolicy: string;
  appendonly: string;
  /** RDB snapshot schedule; '' when none. */
  save: string;
}

export interface RedisVerdict {
  /** Set: the service must not start (BullMQ would lose jobs silently). */
  refuse?: string;
  /** Set: it may start, but the operator should know. */
  warn?: string;
}

/**
 * BullMQ keeps its queues in Redis keys: a Redis that evicts keys under memory pressure deletes jobs
 * and locks at random, so anything but `noeviction` is refused. One that persists nothing loses every job
 * (and the job schedulers) when it restarts: allowed, since development and test machines run such a
 * Redis, but said loudly.
 */
export function redisVerdict(s: RedisSettings): RedisVerdict {
  const verdict: RedisVerdict = {};
  if (s.maxmemoryPolicy !== 'noeviction') {
    verdict.refuse = `Redis maxmemory-policy is "${s.maxmemoryPolicy}"; BullMQ needs "noeviction" (an evicting Redis deletes queued jobs). `
      + 'Fix: set "maxmemory-policy noeviction" in redis.conf (or CONFIG SET maxmemory-policy noeviction; a managed Redis: its parameter group).';
  }
  if (s.appendonly !== 'yes' && s.save.trim() === '') {
    verdict.warn = 'Redis persists nothing (appendonly no, no save schedule): a Redis restart loses every queued and running job and the job schedulers '
      + '(they are registered again within a minute). For production set "appendonly yes" in redis.conf.';
  }
  return verdict;
}

/**
 * Checked by every service that uses Redis, before it starts: throws (and so refuses to start) on an
 * evicting Redis, logs a warning on one that keeps nothing. A Redis that forbids CONFIG (managed services
 * often do) cannot be checked: that is said, and the service starts.
 */
export async function checkRedisPolicy(url: string, service: string): Promise<RedisVerdict> {
  const logger = new Logger('RedisPolicy');
  const redis = new Redis({ ...redisOptions(url), lazyConnect: true, maxRetriesPerRequest: 3 });
  try {
    await redis.connect();
    const get = async (key: string) => ((await redis.call('CONFIG', 'GET', key)) as string[])[1] ?? '';
    let settings: RedisSettings;
    try {
      settings = { maxmemoryPolicy: await get('maxmemory-policy'), appendonly: await get('appendonly'), save: await get('save') };
    } catch (error) {
      logger.warn(`${service}: cannot read Redis's configuration (${error instanceof Error ? error.message : String(error)}); make sure it has maxmemory-policy noeviction and appendonly yes`);
      return {};
    }
    const verdict = redisVerdict(settings);
    if (verdict.refuse) throw new Error(`${service}: ${verdict.refuse}`);
    if (verdict.warn) logger.warn(`${service}: ${verdict.warn}`);
    return verdict;
  } finally {
    redis.disconnect();
  }
}
