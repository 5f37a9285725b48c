import { Queue } from 'bullmq';
import { FaultPlatform, importBundle, settle, usageBundle } from './support';

/**
 * Issue 14, with the platform's Redis configuration (appendonly yes, noeviction): Redis restarted
 * mid-settlement keeps its keys, so the settlement carries on (or is taken over) and completes with
 * the statements of an uninterrupted run, and the job schedulers are there afterwards.
 */
const INSTRUMENTS = 4;
const PER_INSTRUMENT = 5000;

describe('a settlement and the schedulers survive a restart of a Redis with AOF', () => {
  const platform = new FaultPlatform({ appendonly: true, env: { SETTLEMENT_BATCH: '100' } });

  beforeAll(async () => {
    await platform.start();
  }, 180000);

  afterAll(async () => {
    await platform.stop();
  }, 60000);

  async function schedulers(): Promise<{ monthly: boolean; prices: boolean }> {
    const connection = { host: platform.redis.host, port: platform.redis.port };
    const prefix = platform.stack.env.BULLMQ_PREFIX;
    const settlement = new Queue('billing-settlement', { connection, prefix });
    const prices = new Queue('catalogue-prices', { connection, prefix });
    try {
      return { monthly: Boolean(await settlement.getJobScheduler('settle-monthly')), prices: Boolean(await prices.getJobScheduler('refresh-due-prices')) };
    } finally {
      await Promise.all([settlement.close(), prices.close()]);
    }
  }

  it('completes with identical statements, schedulers present afterwards', async () => {
    const bureau = await platform.bureau();
    await importBundle(platform, bureau, usageBundle(['2026-04', '2026-05'], INSTRUMENTS, PER_INSTRUMENT));
    const april = await settle(platform, bureau, '2026-04');
    expect((await platform.job(bureau, april, (j) => j.state === 'completed' || j.state === 'failed', 120000)).state).toBe('completed');

    const may = await settle(platform, bureau, '2026-05');
    await platform.job(bureau, may, (j) => j.state === 'active' && j.progress > 0, 60000, 10);
    await platform.redis.restart(); // SIGTERM: Redis writes its append-only file; start() reads it back
    const restartedAt = Date.now();
    const finished = await platform.job(bureau, may, (j) => j.state === 'completed' || j.state === 'failed', 180000, 100);
    const completedMs = Date.now() - restartedAt;
    const back = await schedulers();
    process.stdout.write(`  [figures] Redis (AOF) restarted mid-settlement: completed ${completedMs} ms after the restart (attemptsMade ${finished.attemptsMade}); schedulers ${JSON.stringify(back)}\n`);
    expect({ state: finished.state, error: finished.error }).toEqual({ state: 'completed', error: undefined });
    expect(back).toEqual({ monthly: true, prices: true });

    const aprilStatements = await platform.statements(bureau, '2026-04', PER_INSTRUMENT * INSTRUMENTS / 2);
    expect(aprilStatements).toHaveLength(2);
    expect(await platform.statements(bureau, '2026-05', PER_INSTRUMENT * INSTRUMENTS / 2)).toEqual(aprilStatements);
  }, 480000);
});
