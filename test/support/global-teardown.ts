import Redis from 'ioredis';
import { readFileSync, rmSync } from 'node:fs';
import { RUNTIME_FILE, TestEnv } from './paths';

/** Stops every process the setup started, drops the run's database and its Redis keys. */
export default async function globalTeardown(): Promise<void> {
  const stack = (globalThis as { __YIXIANG_STACK__?: { stop(): Promise<void> } }).__YIXIANG_STACK__;
  await stack?.stop();
  await (globalThis as { __YIXIANG_MAIL__?: { stop(): Promise<void> } }).__YIXIANG_MAIL__?.stop();
  try {
    const env = JSON.parse(readFileSync(RUNTIME_FILE, 'utf8')) as TestEnv;
    const redis = new Redis(env.redisUrl);
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${env.bullmqPrefix}:*`, 'COUNT', 1000);
      if (keys.length) await redis.del(...keys);
      cursor = next;
    } while (cursor !== '0');
    await redis.quit();
    rmSync(RUNTIME_FILE, { force: true });
  } catch {
    // Nothing was started, or the keys are gone already.
  }
}
