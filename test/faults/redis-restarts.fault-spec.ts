import { Queue } from 'bullmq';
import { FaultPlatform, importBundle, settle, usageBundle } from './support';

/**
 * Issue 14: a Redis restarted without persistence lost running jobs (GET /jobs/:id → 404) and the job
 * schedulers until each service restarted. Here the platform runs on a Redis that keeps nothing
 * (appendonly no), restarted mid-settlement: the job must stay visible from its record in PostgreSQL,
 * be enqueued again by itself and complete with the statements of an uninterrupted run, and the
 * schedulers (monthly settlement, price refresh) must be back within their re-registration period.
 */
const INSTRUMENTS = 4;
const PER_INSTRUMENT = 5000;

describe('jobs and schedulers survive a Redis restarted without its data', () => {
  const platform = new FaultPlatform({ appendonly: false, env: { SETTLEMENT_BATCH: '100' } });

  beforeAll(async () => {
    await platform.start();
  }, 180000);

  afterAll(async () => {
    await platform.stop();
  }, 60000);

  async function schedulers(): Promise<{ monthly: boolean; prices: boolean }> {
    const prefix = platform.stack.env.BULLMQ_PREFIX;
    const settlement = new Queue('billing-settlement', { connection: { host: platform.redis.host, port: platform.redis.port }, prefix });
    const prices = new Queue('catalogue-prices', { connection: { host: platform.redis.host, port: platform.redis.port }, prefix });
    try {
      return { monthly: Boolean(await settlement.getJobScheduler('settle-monthly')), prices: Boolean(await prices.getJobScheduler('refresh-due-prices')) };
    } finally {
      await Promise.all([settlement.close(), prices.close()]);
    }
  }

  it('resumes the settlement from its record and registers the schedulers again', async () => {
    let bureau = await platform.bureau();
    await importBundle(platform, bureau, usageBundle(['2026-04', '2026-05'], INSTRUMENTS, PER_INSTRUMENT));
    const april = await settle(platform, bureau, '2026-04');
    expect((await platform.job(bureau, april, (j) => j.state === 'completed' || j.state === 'failed', 120000)).state).toBe('completed');
    expect(await schedulers()).toEqual({ monthly: true, prices: true });

    const may = await settle(platform, bureau, '2026-05');
    await platform.job(bureau, may, (j) => j.state === 'active' && j.progress > 0, 60000, 10);
    await platform.redis.restart(); // SIGTERM and start: with appendonly no, every key is gone
    const restartedAt = Date.now();
    expect(await schedulers()).toEqual({ monthly: false, prices: false }); // the fault is real

    // Sessions live in PostgreSQL, but a fresh token keeps the test independent of what Redis held.
    bureau = await platform.bureau().catch(() => bureau);
    const seen = new Set<string>();
    const finished = await platform.job(bureau, may, (j) => {
      seen.add(j.state);
      return j.state === 'completed' || j.state === 'failed';
    }, 180000, 100);
    const completedMs = Date.now() - restartedAt;
    let back = await schedulers();
    while (!(back.monthly && back.prices) && Date.now() - restartedAt < 90000) {
      await new Promise((r) => setTimeout(r, 1000));
      back = await schedulers();
    }
    const schedulersMs = Date.now() - restartedAt;
    process.stdout.write(`  [figures] Redis restarted without data mid-settlement: states seen ${[...seen].join(' → ')}; completed ${completedMs} ms after the restart `
      + `(attemptsMade ${finished.attemptsMade}); schedulers back after ${schedulersMs} ms\n`);
    expect({ state: finished.state, error: finished.error }).toEqual({ state: 'completed', error: undefined });
    expect(seen.has('interrupted')).toBe(true); // shown from its record while Redis had lost it, never a 404
    expect(back).toEqual({ monthly: true, prices: true });

    const aprilStatements = await platform.statements(bureau, '2026-04', PER_INSTRUMENT * INSTRUMENTS / 2);
    expect(aprilStatements).toHaveLength(2);
    expect(await platform.statements(bureau, '2026-05', PER_INSTRUMENT * INSTRUMENTS / 2)).toEqual(aprilStatements);
  }, 480000);
});
