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

/** Kills billing `times` times during `jobId`'s run, each time once the restarted worker has taken the job over; ms from each kill to the takeover. */
async function killDuring(platform: FaultPlatform, token: string, jobId: string, times: number, awaitLastTakeover = true): Promise<number[]> {
  const billing = platform.process('billing-1');
  // Which worker holds the job: BullMQ's lock key holds the worker's token. A new token after a kill is
  // the restarted worker having taken the job over; that is when it is killed again.
  const redis = new Redis(platform.redis.url);
  const lockKey = `${platform.stack.env.BULLMQ_PREFIX}:billing-settlement:${jobId}:lock`;
  const holder = async (other: string | null, timeoutMs: number): Promise<string | null> => {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const lock = await redis.get(lockKey);
      if (lock && lock !== other) return lock;
      if (Date.now() > deadline) return null;
      await new Promise((r) => setTimeout(r, 5));
    }
  };
  const recoveries: number[] = [];
  try {
    let lock = await holder(null, 60000);
    await platform.job(token, jobId, (j) => j.progress > 0, 60000, 10); // part-way, not before it began
    for (let kill = 1; kill <= times && lock; kill++) {
      process.kill(billing.pid as number, 'SIGKILL');
      const killedAt = Date.now();
      if (kill === times && !awaitLastTakeover) break;
      lock = await holder(lock, 60000);
      if (lock) recoveries.push(Date.now() - killedAt);
    }
  } finally {
    redis.disconnect();
  }
  return recoveries;
}

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
    await importBundle(platform, bureau, usageBundle(['2026-04', '2026-05', '2026-06'], INSTRUMENTS, PER_INSTRUMENT));

    const april = await settle(platform, bureau, '2026-04');
    const aprilStarted = Date.now();
    expect((await platform.job(bureau, april, (j) => j.state === 'completed' || j.state === 'failed', 120000)).state).toBe('completed');
    const uninterruptedMs = Date.now() - aprilStarted;

    const billing = platform.process('billing-1');
    const may = await settle(platform, bureau, '2026-05');
    const started = Date.now();
    const recoveries: number[] = [];
    recoveries.push(...(await killDuring(platform, bureau, may, 2)));
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
    // A completed job is not run again: whoever may retry it is told so.
    const again = await platform.api('POST', `/jobs/${may}/retry`, { token: bureau });
    expect([again.status, again.body?.error?.code]).toEqual([409, 'ILLEGAL_TRANSITION']);
  }, 480000);

  it('a settlement whose worker crashes more often than allowed fails visibly, and POST /jobs/:id/retry completes it', async () => {
    const bureau = await platform.bureau();
    const june = await settle(platform, bureau, '2026-06');
    // Six crashes: one more than WORKER_STALL_OPTIONS.maxStalledCount allows.
    const recoveries = await killDuring(platform, bureau, june, 6, false);
    const failed = await platform.job(bureau, june, (j) => j.state === 'completed' || j.state === 'failed', 120000, 250);
    expect(failed.state).toBe('failed');
    expect(failed.error).toMatchObject({ details: { reason: 'stalled' } });
    const runs = await platform.api('GET', '/settlements', { token: bureau });
    const listed = runs.body.items.find((r: any) => r.jobId === june);
    expect(listed).toMatchObject({ state: 'failed', error: expect.stringMatching(/崩溃或被终止/) });

    const retried = await platform.api('POST', `/jobs/${june}/retry`, { token: bureau });
    expect([retried.status, retried.body?.state]).toEqual([200, 'waiting']);
    const retriedAt = Date.now();
    const done = await platform.job(bureau, june, (j) => j.state === 'completed' || j.state === 'failed', 120000, 250);
    process.stdout.write(`  [figures] 6 SIGKILLs: takeovers after ${recoveries.join(', ')} ms, then failed (${failed.error?.message}); retried, completed in ${Date.now() - retriedAt} ms\n`);
    expect(done.state).toBe('completed');
    const aprilStatements = await platform.statements(bureau, '2026-04', PER_INSTRUMENT * INSTRUMENTS / 2);
    expect(await platform.statements(bureau, '2026-06', PER_INSTRUMENT * INSTRUMENTS / 2)).toEqual(aprilStatements);
  }, 480000);
});
