import type { EntityManager } from '@mikro-orm/postgresql';
import type Redis from 'ioredis';
import { hostname } from 'node:os';
import type { HealthReply } from '@yixiang/contracts';

export type CheckResult = { ok: boolean; error?: string; ms?: number };

async function timed(fn: () => Promise<unknown>, timeoutMs = 2000): Promise<CheckResult> {
  const started = Date.now();
  try {
    await Promise.race([
      fn(),
      new Promise((_, reject) => setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs).unref()),
    ]);
    return { ok: true, ms: Date.now() - started };
  } catch (error) {
    return { ok: false, error: error instanceof Error ? error.message : String(error), ms: Date.now() - started };
  }
}

export const checkPostgres = (em: EntityManager) => timed(() => em.getConnection().execute('select 1'));
export const checkRedis = (redis: Redis) => timed(() => redis.ping());

/**
 * A service's answer to the health request: which replica answered, and its checks. `ok` is what
 * readiness depends on; by default every check, a service may name fewer (a backlog it reports
 * without refusing traffic).
 */
export function healthReply(service: string, version: string, checks: Record<string, CheckResult>, ok = Object.values(checks).every((c) => c.ok)): HealthReply {
  return { service, version, instance: `${hostname()}:${process.pid}`, ok, checks };
}
