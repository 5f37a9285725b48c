import { redisVerdict } from './redis-policy';

describe('redisVerdict', () => {
  it('accepts a Redis with AOF and noeviction', () => {
    expect(redisVerdict({ maxmemoryPolicy: 'noeviction', appendonly: 'yes', save: '' })).toEqual({});
  });

  it('refuses an evicting Redis, naming the setting and the fix', () => {
    const v = redisVerdict({ maxmemoryPolicy: 'allkeys-lru', appendonly: 'yes', save: '' });
    expect(v.refuse).toMatch(/maxmemory-policy is "allkeys-lru"/);
    expect(v.refuse).toMatch(/maxmemory-policy noeviction/);
  });

  it('refuses volatile policies too (BullMQ sets TTLs on some keys)', () => {
    expect(redisVerdict({ maxmemoryPolicy: 'volatile-lru', appendonly: 'yes', save: '' }).refuse).toBeDefined();
  });

  it('warns, but starts, on a Redis that keeps nothing', () => {
    const v = redisVerdict({ maxmemoryPolicy: 'noeviction', appendonly: 'no', save: '' });
    expect(v.refuse).toBeUndefined();
    expect(v.warn).toMatch(/appendonly yes/);
  });

  it('takes RDB snapshots as some persistence', () => {
    expect(redisVerdict({ maxmemoryPolicy: 'noeviction', appendonly: 'no', save: '3600 1 300 100' })).toEqual({});
  });
});
