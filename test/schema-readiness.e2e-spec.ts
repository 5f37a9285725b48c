import { MikroORM } from '@mikro-orm/postgresql';
import { join } from 'node:path';
import { bookingOrmOptions } from '../apps/booking/src/orm.config';
import { BOOKING_MIGRATIONS } from '../apps/booking/src/migrations';
import { schemaBehind } from '../apps/gateway/src/ops/health.views';
import { databaseUrl, dropDatabase, ensureDatabase } from '../deploy/local/stack/postgres';
import { startNatsServer, NatsServer } from '../deploy/local/stack/nats';
import { freePort, waitFor } from '../deploy/local/stack/ports';
import { SERVICE_SCRIPTS, ServiceProcess } from '../deploy/local/stack/processes';
import { testEnv } from './support/api';

/**
 * A booking replica started against a database that lacks the service's latest migration (the
 * release's migration Job has not run): its readiness must say so, on a broker of its own so the
 * platform's queue group never routes a request to it.
 */
describe('readiness checks the schema version', () => {
  const server = process.env.POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  const database = `yixiang_behind_${Date.now().toString(36)}`;
  let nats: NatsServer | null = null;
  let booking: ServiceProcess | null = null;

  afterAll(async () => {
    await booking?.stop();
    await nats?.stop();
    await dropDatabase(server, database).catch(() => undefined);
  });

  it('a booking replica on a database one migration behind answers /health/ready 503 naming the schema', async () => {
    await ensureDatabase(server, database);
    const url = databaseUrl(server, database);
    const orm = await MikroORM.init({ ...bookingOrmOptions(url), entities: [], discovery: { warnWhenNoEntities: false } });
    try {
      await orm.em.getConnection().execute('create schema if not exists booking');
      const allButLast = BOOKING_MIGRATIONS[BOOKING_MIGRATIONS.length - 2].name;
      await orm.getMigrator().up({ to: allButLast });
    } finally {
      await orm.close(true);
    }
    nats = await startNatsServer();
    const port = await freePort();
    booking = new ServiceProcess('booking-behind', SERVICE_SCRIPTS.booking, {
      DATABASE_URL: url, NATS_URL: nats.url, REDIS_URL: testEnv().redisUrl, BULLMQ_PREFIX: `behind-${Date.now()}`, OPS_PORT: String(port),
    }, join(testEnv().logDir));
    booking.start();
    const ready = await waitFor('booking-behind /health/ready', async () => {
      const res = await fetch(`http://127.0.0.1:${port}/health/ready`).catch(() => null);
      if (!res) return undefined;
      const body = await res.json() as { failing: string[]; checks: Record<string, { ok: boolean; error?: string }> };
      return body.checks.nats?.ok ? { status: res.status, body } : undefined;
    }, 30000, 300);
    expect(ready.status).toBe(503);
    expect(ready.body.failing).toEqual(['schema']);
    expect(ready.body.checks.schema.error).toContain(BOOKING_MIGRATIONS[BOOKING_MIGRATIONS.length - 1].name);
    expect((await fetch(`http://127.0.0.1:${port}/health/live`)).status).toBe(200);
  });

  it("the gateway's aggregate health names a service whose schema is behind", () => {
    expect(schemaBehind({ booking: { checks: { postgres: { ok: true }, schema: { ok: false } } }, billing: { checks: { schema: { ok: true } } } })).toEqual(['booking']);
  });
});
