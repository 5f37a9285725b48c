import type { EntityManager } from '@mikro-orm/postgresql';
import { CatalogueSubjects } from '@yixiang/contracts';
import { healthHandlers, ServiceHealth } from './health.handlers';

// The composition only: PostgreSQL and the schema are checked for real by test/ops and schema-readiness.
const em = {
  getConnection: () => ({ execute: async () => [] }),
  config: { get: () => ({ tableName: 'mikro_orm_migrations', migrationsList: [] }) },
} as unknown as EntityManager;

type Check = { check(): Promise<{ ok: boolean; checks: Record<string, { ok: boolean }>; service: string; version: string }> };
const handlerWith = (own: ServiceHealth): Check => {
  const Handlers = healthHandlers('catalogue', CatalogueSubjects.health) as unknown as new (em: EntityManager, own: ServiceHealth) => Check;
  return new Handlers(em, own);
};

describe('healthHandlers', () => {
  it('answers with the common checks and the service name and version', async () => {
    const reply = await handlerWith({ version: '1.2.3' }).check();
    expect(reply).toMatchObject({ service: 'catalogue', version: '1.2.3', ok: true });
    expect(Object.keys(reply.checks)).toEqual(['postgres', 'schema']);
  });

  it('is not ready when a required check fails', async () => {
    const reply = await handlerWith({ version: 'v', required: async () => ({ redis: { ok: false } }) }).check();
    expect(reply.ok).toBe(false);
    expect(reply.checks.redis).toEqual({ ok: false });
  });

  it('reports a failing reported check without becoming unready', async () => {
    const reply = await handlerWith({ version: 'v', reported: async () => ({ outbox: { ok: false } }) }).check();
    expect(reply.ok).toBe(true);
    expect(reply.checks.outbox).toEqual({ ok: false });
  });
});
