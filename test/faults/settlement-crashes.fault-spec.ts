import Redis from 'ioredis';
import { FaultPlatform, importBundle, settle, usageBundle } from './support';

/**
 * Issue 14: a second worker crash during one settlement failed it for good ("job stalled more than
 * allowable limit": BullMQ's maxStalledCount was left at 1). Here billing is SIGKILLed twice during the
 * same month's settlement; the stack starts it again each time, and the job must complete with the
 * statements of the same usage settled without interruption (the month before).
 */
const INSTRUMENTS = 4;
const PER_INSTRUMENT = 5000;

describe('a settlement survives two crashes of its worker', () => {
  const platform = new FaultPlatform({ env: { SETTLEMENT_BATCH: '100' } });

  beforeAll(async () => {
    await platform.start();
  }, 180000);

  afterAll(async () => {
    await platform.stop();
  }, 60000);

  it('completes after two SIGKILLs, with the statements of an uninterrupted run', async () => {
    const bureau = await platform.bureau();
    await importBundle(platform, bureau, usageBundle(['2026-04', '2026-05'], INSTRUMENTS, PER_INSTRUMENT));

    const april = await settle(platform, bureau, '2026-04');
    const aprilStarted = Date.now();
    expect((await platform.job(bureau, april, (j) => j.state === 'completed' || j.state === 'failed', 120000)).state).toBe('completed');
    const uninterruptedMs = Date.now() - aprilStarted;

    const billing = platform.process('billing-1');
    const may = await settle(platform, bureau, '2026-05');
    const started = Date.now();
    const recoveries: number[] = [];
    // Which worker holds the job: BullMQ's lock key holds the worker's token. A new token after a kill is
    // the restarted worker having taken the job over; that is when it is killed again.
    const redis = new Redis(platform.redis.url);
    const lockKey = `${platform.stack.env.BULLMQ_PREFIX}:billing-settlement:${may}:lock`;
    const holder = async (other: string | null, timeoutMs: number): Promise<string> => {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const token = await redis.get(lockKey);
        if (token && token !== other) return token;
        if (Date.now() > deadline) throw new Error(`no worker took job ${may} over within ${timeoutMs} ms`);
        await new Promise((r) => setTimeout(r, 5));
      }
    };
    try {
      let token = await holder(null, 60000);
      await platform.job(bureau, may, (j) => j.progress > 0, 60000, 10); // part-way, not before it began
      for (let kill = 1; kill <= 2; kill++) {
        process.kill(billing.pid as number, 'SIGKILL');
        const killedAt = Date.now();
        token = await holder(token, 120000);
        recoveries.push(Date.now() - killedAt);
      }
    } finally {
      redis.disconnect();
    }
    const finished = await platform.job(bureau, may, (j) => j.state === 'completed' || j.state === 'failed', 120000, 250);
    const totalMs = Date.now() - started;
    process.stdout.write(`  [figures] settlement of ${INSTRUMENTS * PER_INSTRUMENT} records: uninterrupted ${uninterruptedMs} ms; `
      + `with 2 SIGKILLs ${totalMs} ms, recovered in ${recoveries.join(' ms, ')} ms; attemptsMade ${finished.attemptsMade}; billing restarts ${billing.restarts}\n`);
    expect({ state: finished.state, error: finished.error }).toEqual({ state: 'completed', error: undefined });
    expect(billing.restarts).toBe(2);

    const aprilStatements = await platform.statements(bureau, '2026-04', PER_INSTRUMENT * INSTRUMENTS / 2);
    expect(aprilStatements).toHaveLength(2);
    expect(await platform.statements(bureau, '2026-05', PER_INSTRUMENT * INSTRUMENTS / 2)).toEqual(aprilStatements);
    const charges = await platform.api('GET', '/charges?period=2026-05&pageSize=1', { token: bureau });
    expect(charges.body.total).toBe(PER_INSTRUMENT * INSTRUMENTS);
  }, 480000);
});
