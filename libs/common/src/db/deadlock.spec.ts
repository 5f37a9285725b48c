import { PG_DEADLOCK_DETECTED, retryOnDeadlock } from './deadlock';

const pgError = (code: string) => Object.assign(new Error(`pg ${code}`), { code });

describe('retryOnDeadlock', () => {
  it('runs a deadlock victim again and returns what the next try gives', async () => {
    const outcomes = [pgError(PG_DEADLOCK_DETECTED), 'booked'];
    let calls = 0;
    await expect(retryOnDeadlock(async () => {
      const next = outcomes[calls++];
      if (next instanceof Error) throw next;
      return next;
    })).resolves.toBe('booked');
    expect(calls).toBe(2);
  });

  it('passes every other error through at once (an exclusion violation is the caller’s 409)', async () => {
    let calls = 0;
    await expect(retryOnDeadlock(async () => {
      calls++;
      throw pgError('23P01');
    })).rejects.toMatchObject({ code: '23P01' });
    expect(calls).toBe(1);
  });

  it('gives up after the given number of tries, with the deadlock error', async () => {
    let calls = 0;
    await expect(retryOnDeadlock(async () => {
      calls++;
      throw Object.assign(new Error('wrapped'), { cause: { code: PG_DEADLOCK_DETECTED } });
    }, 3)).rejects.toThrow('wrapped');
    expect(calls).toBe(3);
  });
});
