import { SchedulerKeeper } from './scheduler-keeper';

describe('SchedulerKeeper', () => {
  it('registers at start and again every period, and a failed tick does not stop it', async () => {
    let calls = 0;
    const keeper = new SchedulerKeeper('test', async () => {
      calls++;
      if (calls === 2) throw new Error('Redis away');
    }, 20, { warn: () => undefined } as never);
    await keeper.start();
    expect(calls).toBe(1);
    await new Promise((r) => setTimeout(r, 110));
    await keeper.stop();
    expect(calls).toBeGreaterThanOrEqual(3);
    const after = calls;
    await new Promise((r) => setTimeout(r, 60));
    expect(calls).toBe(after);
  });
});
