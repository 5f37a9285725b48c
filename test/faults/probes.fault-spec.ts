import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { PostgresServer, RedisServer } from '../../deploy/local/stack/engines';
import { LocalStack } from '../../deploy/local/stack/local-stack';
import { faultLogDir, faultRunName } from './support';

/**
 * Issue 14, probes, on a platform of this file's own stores: (1) a service whose database lacks
 * its latest migration is not ready, and the gateway's aggregate /health says so (it said 200);
 * (2) the subsidy service down leaves the gateway ready (its readiness is its own NATS
 * connection), while the aggregate /health names subsidy.
 */

const run = faultRunName();
const logDir = faultLogDir(`probes-${run}`);

let pg: PostgresServer;
let redis: RedisServer;
let stack: LocalStack;

async function json(url: string): Promise<{ status: number; body: any }> {
  const res = await fetch(url, { signal: AbortSignal.timeout(10000) });
  return { status: res.status, body: await res.json() };
}

async function sql(text: string, values: unknown[] = []): Promise<void> {
  const client = new Client({ connectionString: stack.databaseUrl });
  await client.connect();
  try {
    await client.query(text, values);
  } finally {
    await client.end();
  }
}

beforeAll(async () => {
  pg = new PostgresServer();
  redis = new RedisServer();
  await pg.start();
  await redis.start();
  stack = new LocalStack({
    database: `yixiang_fault_${run}`,
    bullmqPrefix: `yxfault-${run}`,
    postgresUrl: pg.url,
    redisUrl: redis.url,
    logDir,
    env: { LOG_LEVEL: 'info', BOOTSTRAP_ADMIN_EMAIL: 'bureau@probes.yixiang.local', BOOTSTRAP_ADMIN_PASSWORD: `probes-${randomBytes(8).toString('hex')}` },
    log: (line) => process.stdout.write(`  [stack] ${line}\n`),
  });
  try {
    await stack.start();
  } catch (error) {
    await stack.stop();
    throw error;
  }
});

afterAll(async () => {
  await stack?.stop().catch(() => undefined);
  await redis?.destroy().catch(() => undefined);
  await pg?.destroy().catch(() => undefined);
  console.log(`logs: ${logDir}`);
});

it('booking on a database without its latest migration: its /health/ready 503 naming the schema, gateway /health 503, gateway ready', async () => {
  const latest = 'Migration20261122110000_service_category';
  // The database as one migrated all but the last: the version the service reads is the record.
  await sql(`delete from booking.mikro_orm_migrations where name = $1 returning name`, [latest]);
  try {
    const ready = await json(`${stack.opsUrls['booking-1']}/health/ready`);
    expect(ready.status).toBe(503);
    expect(ready.body.failing).toEqual(['schema']);
    expect(ready.body.checks.schema.error).toContain(latest);
    expect(ready.body.checks.postgres.ok).toBe(true);
    const aggregate = await json(`${stack.gatewayUrl}/health`);
    expect(aggregate.status).toBe(503);
    expect(aggregate.body.services.booking.ok).toBe(false);
    expect(aggregate.body.services.booking.checks.schema.ok).toBe(false);
    expect((await json(`${stack.gatewayUrl}/health/ready`)).status).toBe(200);
    // The other services stay ready: nobody's readiness asks booking.
    expect((await json(`${stack.opsUrls['catalogue-1']}/health/ready`)).status).toBe(200);
  } finally {
    await sql(`insert into booking.mikro_orm_migrations (name, executed_at) values ($1, now())`, [latest]);
  }
  expect((await json(`${stack.opsUrls['booking-1']}/health/ready`)).status).toBe(200);
  expect((await json(`${stack.gatewayUrl}/health`)).status).toBe(200);
});

it('subsidy down: the gateway stays ready, the aggregate /health names subsidy, the other services stay ready', async () => {
  const subsidy = stack.processes.find((p) => p.name === 'subsidy-1');
  await subsidy?.stop('SIGKILL');
  const gateway = await json(`${stack.gatewayUrl}/health/ready`);
  expect(gateway.status).toBe(200);
  expect(Object.keys(gateway.body.checks)).toEqual(['nats']);
  const aggregate = await json(`${stack.gatewayUrl}/health`);
  expect(aggregate.status).toBe(503);
  expect(aggregate.body.services.subsidy.ok).toBe(false);
  for (const name of ['catalogue-1', 'booking-1', 'billing-1']) expect({ name, status: (await json(`${stack.opsUrls[name]}/health/ready`)).status }).toEqual({ name, status: 200 });
});
