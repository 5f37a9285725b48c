import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { registerSourcePaths, ROOT, RUNTIME_FILE, TestEnv } from './paths';

/**
 * Starts the platform once for the end-to-end tests: a database, a BullMQ prefix and a
 * nats-server of this run's own, two catalogue and two booking replicas and a gateway, from the compiled tree.
 */
export default async function globalSetup(): Promise<void> {
  registerSourcePaths();
  const { LocalStack } = require('../../deploy/local/stack/local-stack') as typeof import('../../deploy/local/stack/local-stack');
  const run = `${Date.now().toString(36)}${randomBytes(3).toString('hex')}`;
  const logDir = join(ROOT, '.runtime', 'test-logs', run);
  const bootstrapEmail = 'bureau@test.yixiang.local';
  const bootstrapPassword = `test-${randomBytes(8).toString('hex')}`;
  // A real SMTP server of this run's own: the notification service sends to it, tests read the .eml files it writes.
  const { startMailServer } = require('../../deploy/local/stack/mail') as typeof import('../../deploy/local/stack/mail');
  const mail = await startMailServer(join(ROOT, '.runtime', 'test-mail', run));
  (globalThis as { __YIXIANG_MAIL__?: unknown }).__YIXIANG_MAIL__ = mail;
  const stack = new LocalStack({
    database: `yixiang_test_${run}`,
    bullmqPrefix: `yxtest-${run}`,
    catalogueReplicas: 2,
    bookingReplicas: 2,
    logDir,
    dropDatabaseOnStop: process.env.KEEP_TEST_DATABASE !== 'true',
    // DB_POOL_MAX 8: seven services at their production pools (booking 16 × 2, billing and subsidy 20…) could take
    // 97 of PostgreSQL's default 100 connections, beside the tests' own clients and the web tests' stacks.
    env: { DB_POOL_MAX: '8', BOOTSTRAP_ADMIN_EMAIL: bootstrapEmail, BOOTSTRAP_ADMIN_PASSWORD: bootstrapPassword, LOG_LEVEL: 'info', LOGIN_ATTEMPTS_PER_MINUTE: '5', SETTLEMENT_BATCH: '1000',
      // Notifications: mail to the run's SMTP server; webhook receivers of the tests listen on 127.0.0.1; retries quick.
      SMTP_URL: mail.url, PUBLIC_URL: 'http://yixiang.test', WEBHOOK_ALLOW_INTERNAL: 'true', DELIVERY_BACKOFF_MS: '300', DELIVERY_ATTEMPTS: '5' },
    log: (line) => process.stdout.write(`  [stack] ${line}\n`),
  });
  (globalThis as { __YIXIANG_STACK__?: unknown }).__YIXIANG_STACK__ = stack;
  try {
    await stack.start();
  } catch (error) {
    await stack.stop();
    await mail.stop();
    throw error;
  }
  const env: TestEnv = {
    gatewayUrl: stack.gatewayUrl, natsUrl: stack.natsUrl, databaseUrl: stack.databaseUrl, redisUrl: stack.env.REDIS_URL,
    bullmqPrefix: stack.env.BULLMQ_PREFIX, bootstrapEmail, bootstrapPassword, logDir, jwtSecret: stack.jwtSecret, opsUrls: stack.opsUrls, mailDir: mail.dir,
  };
  mkdirSync(dirname(RUNTIME_FILE), { recursive: true });
  writeFileSync(RUNTIME_FILE, JSON.stringify(env, null, 2));
}
