import { strToU8, zipSync } from 'fflate';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { RedisServer } from '../../deploy/local/stack/engines';
import { LocalStack } from '../../deploy/local/stack/local-stack';
import { faultLogDir, faultRunName } from './support';

/**
 * Imports through Redis faults (issue 14): Redis restarted without persistence, Redis restarted
 * with the platform's AOF, and the catalogue worker killed between billing's commit and the
 * catalogue's. Each import must end complete (every row) or rolled back (none), GET /jobs/:id
 * answering throughout, never half. The platform runs on the machine's PostgreSQL (a database of
 * its own), a private nats-server and a private Redis.
 */
const USAGE_ROWS = 24000;
const INSTRUMENTS = 4;
const run = faultRunName();
const bootstrapEmail = 'bureau@faults.yixiang.local';
const bootstrapPassword = `fault-${randomBytes(8).toString('hex')}`;

function bundle(tag: string): Blob {
  const files: Record<string, string> = {
    'institutions.csv': `code,name,kind,region\n${tag}-PROV,重庆故障测试大学,university,CQ\n${tag}-USER,成都故障测试科技有限公司,enterprise,SC\n`,
    'users.csv': `code,institutionCode,name,email\n${tag}U1,${tag}-USER,周杰,${tag.toLowerCase()}u1@f-user.example.cn\n`,
    'instruments.csv': 'code,institutionCode,name,categoryCode,originalValueFen,sharingStatus,onlineBooking\n'
      + Array.from({ length: INSTRUMENTS }, (_, i) => `${tag}-EQ-${i + 1},${tag}-PROV,故障测试电镜${i + 1},0101,100000000,open,true\n`).join(''),
    'rates.csv': 'code,instrumentCode,serviceMode,unit,internalPriceFen,externalPriceFen,incrementMinutes,minimumChargeFen,validFrom,validTo\n'
      + Array.from({ length: INSTRUMENTS }, (_, i) => `${tag}-RC-${i + 1},${tag}-EQ-${i + 1},self,hour,10000,20000,30,0,2026-01-01,\n`).join(''),
  };
  const usage = ['code,instrumentCode,userCode,start,end,samples,serviceMode,serviceCategory,status,voucherCode'];
  const base = Date.parse('2026-04-01T00:00:00+08:00');
  for (let i = 1; i <= INSTRUMENTS; i++) {
    for (let g = 0; g < USAGE_ROWS / INSTRUMENTS; g++) {
      const start = new Date(base + g * 8 * 60000);
      usage.push(`${tag}-UR-${i}-${g},${tag}-EQ-${i},${tag}U1,${start.toISOString()},${new Date(start.getTime() + 6 * 60000).toISOString()},,self,research,completed,`);
    }
  }
  files['usage.csv'] = `${usage.join('\n')}\n`;
  return new Blob([zipSync(Object.fromEntries(Object.entries(files).map(([n, t]) => [n, strToU8(t)])))], { type: 'application/zip' });
}

describe('imports survive Redis and worker faults', () => {
  const redis = new RedisServer({ appendonly: true });
  let stack: LocalStack;
  let db: Client;
  let token: string;

  const call = async (method: string, path: string, body?: RequestInit['body']): Promise<{ status: number; body: any }> => {
    const headers: Record<string, string> = token ? { authorization: `Bearer ${token}` } : {};
    if (typeof body === 'string') headers['content-type'] = 'application/json';
    const response = await fetch(`${stack.gatewayUrl}/api/v1${path}`, { method, body, headers });
    const text = await response.text();
    return { status: response.status, body: text ? JSON.parse(text) : undefined };
  };

  /** Rows of the bundle stored: catalogue instruments and billing usage records. */
  const stored = async (tag: string): Promise<{ instruments: number; usage: number }> => {
    const [i] = (await db.query(`select count(*)::int as n from catalogue.instrument where code like $1`, [`${tag}-EQ-%`])).rows;
    const [u] = (await db.query(`select count(*)::int as n from billing.usage_record where code like $1`, [`${tag}-UR-%`])).rows;
    return { instruments: i.n, usage: u.n };
  };

  /** Polls GET /jobs/:id until the job is over, failing on any answer but 200 (a job must never vanish). */
  const follow = async (id: string, seen: string[], onPoll: (job: any) => Promise<void> = async () => undefined, catalogueDown = false): Promise<any> => {
    const deadline = Date.now() + 240000;
    for (;;) {
      const job = await call('GET', `/jobs/${id}`);
      seen.push(`${job.status}:${job.body?.state}:${job.body?.progress}`);
      // With its only catalogue killed, the gateway answers a retriable 503 until it is back; never 404.
      if (catalogueDown && job.status === 503) {
        await new Promise((r) => setTimeout(r, 200));
        continue;
      }
      if (job.status !== 200) throw new Error(`GET /jobs/${id} → ${job.status} ${JSON.stringify(job.body)}; seen ${seen.slice(-5).join(' ')}`);
      await onPoll(job.body);
      if (job.body.state === 'completed' || job.body.state === 'failed') return job.body;
      if (Date.now() > deadline) throw new Error(`import ${id} did not finish: ${seen.slice(-5).join(' ')}`);
      await new Promise((r) => setTimeout(r, 200));
    }
  };

  const start = async (tag: string): Promise<string> => {
    const form = new FormData();
    form.append('bundle', bundle(tag), `${tag}.zip`);
    const started = await call('POST', '/imports', form);
    expect(started.status).toBe(202);
    return started.body.jobId as string;
  };

  /** Whole or nothing, never half; returns which. */
  const wholeOrNothing = async (tag: string, job: any): Promise<'whole' | 'nothing'> => {
    const rows = await stored(tag);
    if (job.state === 'completed') {
      expect(rows).toEqual({ instruments: INSTRUMENTS, usage: USAGE_ROWS });
      return 'whole';
    }
    expect(rows).toEqual({ instruments: 0, usage: 0 });
    return 'nothing';
  };

  beforeAll(async () => {
    await redis.start();
    const logDir = faultLogDir(`import-redis-${run}`);
    mkdirSync(logDir, { recursive: true });
    stack = new LocalStack({
      database: `yixiang_fault_import_${run}`, bullmqPrefix: `yxfault-${run}`, redisUrl: redis.url, logDir, dropDatabaseOnStop: true,
      env: {
        BOOTSTRAP_ADMIN_EMAIL: bootstrapEmail, BOOTSTRAP_ADMIN_PASSWORD: bootstrapPassword, LOG_LEVEL: 'info',
        IMPORT_SWEEP_SECONDS: '2', IMPORT_LOST_GRACE_SECONDS: '6', IMPORT_TEST_PAUSE_BEFORE_COMMIT_MS: '8000',
      },
    });
    await stack.start();
    db = new Client({ connectionString: stack.databaseUrl });
    await db.connect();
    const login = await call('POST', '/auth/login', JSON.stringify({ email: bootstrapEmail, password: bootstrapPassword }));
    expect(login.status).toBe(200);
    token = login.body.accessToken;
  }, 180000);

  afterAll(async () => {
    await db?.end().catch(() => undefined);
    await stack?.stop().catch(() => undefined);
    await redis.destroy().catch(() => undefined);
  }, 60000);

  /** Redis comes back empty: killed, its data folder emptied, started again on the same port. */
  const restartWithoutPersistence = async (): Promise<void> => {
    await redis.kill();
    const { rmSync, readdirSync } = await import('node:fs');
    for (const f of readdirSync(redis.dataDir)) rmSync(join(redis.dataDir, f), { recursive: true, force: true });
    await redis.start();
  };

  // Set by each test: the moment in an import at which the fault strikes.
  const faultAt = (when: (job: any) => boolean, fault: () => Promise<void>) => {
    let done = false;
    return async (job: any) => {
      if (done || !when(job)) return;
      done = true;
      await fault();
    };
  };

  it('Redis restarted without persistence mid-import: complete or rolled back, visible throughout', async () => {
    const started = Date.now();
    const id = await start('FA');
    const seen: string[] = [];
    const job = await follow(id, seen, faultAt((j) => j.state === 'active' && j.progress >= 20, restartWithoutPersistence));
    const outcome = await wholeOrNothing('FA', job);
    process.stdout.write(`  no-persistence restart: ${outcome} in ${Date.now() - started} ms; ${seen.length} polls, last ${seen.slice(-3).join(' ')}\n`);
  });

  it('Redis restarted with the platform\'s AOF mid-import: complete or rolled back', async () => {
    const started = Date.now();
    const id = await start('FB');
    const seen: string[] = [];
    const job = await follow(id, seen, faultAt((j) => j.state === 'active' && j.progress >= 20, () => redis.restart()));
    const outcome = await wholeOrNothing('FB', job);
    process.stdout.write(`  AOF restart: ${outcome} in ${Date.now() - started} ms; ${seen.length} polls\n`);
  });

  it('the catalogue worker killed after billing committed, before the catalogue did: whole in the end', async () => {
    const started = Date.now();
    const id = await start('FC');
    const seen: string[] = [];
    const catalogue = stack.processes.find((p) => p.name === 'catalogue-1');
    let billingRowsAtKill = -1;
    // Billing has committed its rows (they are visible) while the catalogue's transaction waits in the test pause.
    const job = await follow(id, seen, faultAt((j) => j.state === 'active' && j.progress >= 75, async () => {
      // Billing's part can take many seconds on a loaded machine: wait for its commit (up to 60 s), then
      // kill at once, inside the catalogue's pause before its own commit.
      for (let i = 0; i < 1200 && (await stored('FC')).usage < USAGE_ROWS; i++) await new Promise((r) => setTimeout(r, 50));
      billingRowsAtKill = (await stored('FC')).usage;
      process.kill(catalogue?.pid as number, 'SIGKILL');
    }), true);
    expect(billingRowsAtKill).toBe(USAGE_ROWS);
    const outcome = await wholeOrNothing('FC', job);
    process.stdout.write(`  catalogue killed in the commit window: ${outcome} in ${Date.now() - started} ms\n`);
  });
});
