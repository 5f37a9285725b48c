import { join } from 'node:path';
import { LocalStack } from './local-stack';
import { MailServer, startMailServer } from './mail';
import { platformRedisUrl } from './platform-redis';
import { REPO_ROOT } from './processes';
import { installationSecret } from './secret';
import { seedDemo } from './seed';

/**
 * `npm run platform`: the platform on this machine with demo data, on the system NATS and its
 * own database and BullMQ prefix (tests use others, so the two never mix).
 */
async function main(): Promise<void> {
  const port = Number(process.env.PORT ?? 3000);
  const bureau = {
    email: process.env.BOOTSTRAP_ADMIN_EMAIL ?? 'bureau@yixiang.local',
    password: process.env.BOOTSTRAP_ADMIN_PASSWORD ?? 'yixiang-kejiju-2026',
  };
  // JWT_SECRET from the environment wins; otherwise this installation's own, made on the first start.
  const secretFile = join(REPO_ROOT, '.runtime', 'jwt-secret');
  const secret = process.env.JWT_SECRET ? { secret: process.env.JWT_SECRET, created: false } : installationSecret(secretFile);
  if (secret.created) console.log(`  made this installation's token signing secret: ${secretFile} (mode 0600; delete it to rotate)`);
  const probe = await fetch(`http://127.0.0.1:${port}/health`).then(() => true, () => false);
  if (probe) throw new Error(`port ${port} is taken (is the platform already running?); stop it or set PORT`);
  const redisUrl = await platformRedisUrl((line) => console.log(`  ${line}`));
  // Without an SMTP server of the installation's, mail goes to a local one that keeps each message as a file.
  let mail: MailServer | null = null;
  if (!process.env.SMTP_URL) mail = await startMailServer(join(REPO_ROOT, '.runtime', 'mail'), Number(process.env.MAIL_PORT ?? 0));
  const mailEnv: Record<string, string> = {
    ...(process.env.SMTP_URL ?? mail?.url ? { SMTP_URL: (process.env.SMTP_URL ?? mail?.url) as string } : {}),
    PUBLIC_URL: process.env.PUBLIC_URL ?? `http://127.0.0.1:${port}`,
    ...(process.env.WEBHOOK_ALLOW_INTERNAL ? { WEBHOOK_ALLOW_INTERNAL: process.env.WEBHOOK_ALLOW_INTERNAL } : {}),
  };
  const stack = new LocalStack({
    database: process.env.PLATFORM_DATABASE ?? 'yixiang',
    redisUrl,
    bullmqPrefix: process.env.BULLMQ_PREFIX ?? 'yixiang',
    natsUrl: process.env.NATS_URL ?? 'nats://127.0.0.1:4222',
    gatewayPort: port,
    catalogueReplicas: Number(process.env.CATALOGUE_REPLICAS ?? 1),
    bookingReplicas: Number(process.env.BOOKING_REPLICAS ?? 1),
    env: { BOOTSTRAP_ADMIN_EMAIL: bureau.email, BOOTSTRAP_ADMIN_PASSWORD: bureau.password, ...mailEnv },
    jwtSecret: secret.secret,
    log: (line) => console.log(`  ${line}`),
  });
  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    console.log('\nstopping the platform…');
    await stack.stop();
    await mail?.stop();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop());
  process.on('SIGTERM', () => void stop());
  console.log('» starting the platform');
  await stack.start();
  console.log('» seeding demo data');
  const accounts = await seedDemo(stack.gatewayUrl, bureau, Number(process.env.DEMO_INSTRUMENTS ?? 300), (l) => console.log(`  ${l}`));
  const width = Math.max(...accounts.map((a) => a.email.length));
  console.log(`
Yixiang (仪享) is running.

  Web and API   http://127.0.0.1:${port}/
  API docs      http://127.0.0.1:${port}/api/docs
  Health        http://127.0.0.1:${port}/health
  Mail          ${mail ? `every e-mail is kept as a file in ${mail.dir} (SMTP ${mail.url}; set SMTP_URL for a real server)` : `sent through ${process.env.SMTP_URL}`}

Demo accounts (POST /api/v1/auth/login with email and password):
${accounts.map((a) => `  ${(a.region ? `${a.role} ${a.region}` : a.role).padEnd(18)} ${a.email.padEnd(width)}  ${a.password}`).join('\n')}

Logs: .runtime/logs/   Stop: Ctrl-C
`);
}

main().catch((error) => {
  console.error(`✗ the platform did not start: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
