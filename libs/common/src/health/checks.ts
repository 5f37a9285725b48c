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

/** A migration's name as MikroORM records it: without the file's extension. */
const migrationName = (name: string) => name.replace(/\.[jt]s$/, '');

/**
 * The schema version: every migration this build of the service carries is recorded as applied in
 * its schema's migration table. A replica started before the release's migration Job ran (or
 * against the wrong database) answers on a schema it does not know, so it is not ready.
 */
export async function schemaMissing(em: EntityManager): Promise<string[]> {
  const { tableName, migrationsList } = em.config.get('migrations');
  const expected = (migrationsList ?? []).map((m) => migrationName(m.name ?? ''));
  const rows = await em.getConnection().execute<{ name: string }[]>(`select name from ${tableName ?? 'mikro_orm_migrations'}`);
  const applied = new Set(rows.map((r) => migrationName(r.name)));
  return expected.filter((name) => !applied.has(name));
}

export const checkSchema = (em: EntityManager) => timed(async () => {
  const missing = await schemaMissing(em);
  if (missing.length > 0) throw new Error(`数据库结构落后，未应用迁移 / schema behind, migrations not applied: ${missing.join(', ')}`);
});

/**
 * A service's answer to the health request: which replica answered, and its checks. `ok` is what
 * readiness depends on; by default every check, a service may name fewer (a backlog it reports
 * without refusing traffic).
 */
export function healthReply(service: string, version: string, checks: Record<string, CheckResult>, ok = Object.values(checks).every((c) => c.ok)): HealthReply {
  return { service, version, instance: `${hostname()}:${process.pid}`, ok, checks };
}
