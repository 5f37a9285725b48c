import { FreshRead } from './fresh-read';

/** A store whose value changes, read slowly: each read sees the value at the moment it starts. */
function slowStore() {
  let value = 0;
  const started: number[] = [];
  const reads: (() => void)[] = [];
  const read = () => {
    const seen = value;
    started.push(seen);
    return new Promise<number>((resolve) => reads.push(() => resolve(seen)));
  };
  const finishReads = async () => {
    while (reads.length) {
      reads.shift()?.();
      await new Promise((r) => setImmediate(r));
    }
  };
  return { read, started, finishReads, set: (v: number) => (value = v) };
}

describe('FreshRead', () => {
  it('serves every caller of one moment with one read', async () => {
    const store = slowStore();
    const fresh = new FreshRead(store.read);
    const answers = Promise.all([fresh.get(), fresh.get(), fresh.get()]);
    await new Promise((r) => setImmediate(r));
    await store.finishReads();
    expect(await answers).toEqual([0, 0, 0]);
    expect(store.started).toHaveLength(1);
  });

  it('never gives a caller a value read before it asked, even while a read is under way', async () => {
    const store = slowStore();
    const fresh = new FreshRead(store.read);
    const early = fresh.get();
    await new Promise((r) => setImmediate(r)); // the first read has started and sees 0
    store.set(1); // a change commits; these callers have seen it
    const late = [fresh.get(), fresh.get()];
    await store.finishReads();
    expect(await early).toBe(0);
    expect(await Promise.all(late)).toEqual([1, 1]);
    expect(store.started).toEqual([0, 1]);
  });

  it('passes a failed read to its callers and goes on with the next', async () => {
    let calls = 0;
    const fresh = new FreshRead(async () => {
      calls++;
      if (calls === 1) throw new Error('connection lost');
      return 'g2';
    });
    await expect(fresh.get()).rejects.toThrow('connection lost');
    await expect(fresh.get()).resolves.toBe('g2');
  });
});
