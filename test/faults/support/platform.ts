import { randomBytes } from 'node:crypto';
import { strToU8, zipSync } from 'fflate';
import { RedisServer } from '../../../deploy/local/stack/engines';
import { LocalStack } from '../../../deploy/local/stack/local-stack';
import { faultLogDir, faultRunName } from './run';

/**
 * A platform of a fault test's own: its own database on the machine's PostgreSQL, its own Redis
 * (RedisServer, so the test may restart or kill it) and its own nats-server; logs under
 * .runtime/fault-logs/<run>/. `stop()` stops all of it, whatever the test did.
 */
export class FaultPlatform {
  readonly run = faultRunName();
  readonly logDir = faultLogDir(this.run);
  readonly redis: RedisServer;
  stack!: LocalStack;
  private readonly email = 'bureau@faults.yixiang.local';
  private readonly password = `fault-${randomBytes(8).toString('hex')}`;

  constructor(private readonly options: { appendonly?: boolean; env?: Record<string, string> } = {}) {
    this.redis = new RedisServer({ appendonly: options.appendonly });
  }

  async start(): Promise<void> {
    await this.redis.start();
    this.stack = new LocalStack({
      database: `yixiang_fault_${this.run}`,
      bullmqPrefix: `yxfault-${this.run}`,
      redisUrl: this.redis.url,
      logDir: this.logDir,
      dropDatabaseOnStop: process.env.KEEP_TEST_DATABASE !== 'true',
      env: { BOOTSTRAP_ADMIN_EMAIL: this.email, BOOTSTRAP_ADMIN_PASSWORD: this.password, LOG_LEVEL: 'info', ...(this.options.env ?? {}) },
      log: (line) => process.stdout.write(`  [stack] ${line}\n`),
    });
    await this.stack.start();
  }

  async stop(): Promise<void> {
    await this.stack?.stop().catch(() => undefined);
    await this.redis.destroy().catch(() => undefined);
  }

  process(name: string) {
    const p = this.stack.processes.find((x) => x.name === name);
    if (!p) throw new Error(`no process ${name}`);
    return p;
  }

  async api(method: string, path: string, opts: { token?: string; body?: unknown; raw?: RequestInit['body'] } = {}): Promise<{ status: number; body: any }> {
    const headers: Record<string, string> = {};
    if (opts.token) headers.authorization = `Bearer ${opts.token}`;
    let body = opts.raw;
    if (opts.body !== undefined) {
      headers['content-type'] = 'application/json';
      body = JSON.stringify(opts.body);
    }
    const url = path.startsWith('/health') ? path : `/api/v1${path}`;
    try {
      const response = await fetch(`${this.stack.gatewayUrl}${url}`, { method, headers, body });
      const text = await response.text();
      return { status: response.status, body: text ? JSON.parse(text) : undefined };
    } catch (error) {
      // The fault itself may cut a request off: the caller polls again.
      return { status: 0, body: { error: String(error) } };
    }
  }

  async bureau(): Promise<string> {
    const res = await this.api('POST', '/auth/login', { body: { email: this.email, password: this.password } });
    if (res.status !== 200) throw new Error(`login → ${res.status} ${JSON.stringify(res.body)}`);
    return res.body.accessToken as string;
  }

  /** Polls GET /jobs/:id until `until` holds; answers that are not 200 (a service restarting) are polled past. */
  async job(token: string, id: string, until: (j: any) => boolean, timeoutMs: number, everyMs = 100): Promise<any> {
    const deadline = Date.now() + timeoutMs;
    let last: unknown;
    for (;;) {
      const res = await this.api('GET', `/jobs/${id}`, { token });
      last = res.body;
      if (res.status === 200 && until(res.body)) return res.body;
      if (Date.now() > deadline) throw new Error(`job ${id}: ${JSON.stringify(last).slice(0, 400)}`);
      await new Promise((r) => setTimeout(r, everyMs));
    }
  }

  /** The statements of a month that carry `lines` lines, as comparable tuples. */
  async statements(token: string, period: string, lines: number): Promise<unknown[]> {
    const res = await this.api('GET', `/statements?period=${period}&pageSize=200`, { token });
    return res.body.items
      .filter((s: any) => s.lines === lines)
      .map((s: any) => [s.payerInstitutionId, s.lines, s.amountFen, s.voucherFen, s.payableFen])
      .sort();
  }
}

/** A bundle of two institutions, `instruments` instruments and `perInstrument` usage records each in every month given. */
export function usageBundle(months: string[], instruments: number, perInstrument: number): Blob {
  const files: Record<string, string> = {
    'institutions.csv': 'code,name,kind,region\nF-PROV,重庆故障测试大学,university,CQ\nF-USER,成都故障测试科技有限公司,enterprise,SC\n',
    'users.csv': 'code,institutionCode,name,email\nFU1,F-USER,周杰,fu1@f-user.example.cn\nFU2,F-PROV,吴敏,fu2@f-prov.example.cn\n',
    'instruments.csv': 'code,institutionCode,name,categoryCode,originalValueFen,sharingStatus,onlineBooking\n'
      + Array.from({ length: instruments }, (_, i) => `F-EQ-${i + 1},F-PROV,故障测试电镜${i + 1},0101,100000000,open,true\n`).join(''),
    'rates.csv': 'code,instrumentCode,serviceMode,unit,internalPriceFen,externalPriceFen,incrementMinutes,minimumChargeFen,validFrom,validTo\n'
      + Array.from({ length: instruments }, (_, i) => `F-RC-${i + 1},F-EQ-${i + 1},self,hour,10000,20000,30,0,2026-01-01,\n`).join(''),
  };
  const usage = ['code,instrumentCode,userCode,start,end,samples,serviceMode,serviceCategory,status,voucherCode'];
  for (const month of months) {
    const base = Date.parse(`${month}-01T00:00:00+08:00`);
    for (let i = 1; i <= instruments; i++) {
      for (let g = 0; g < perInstrument; g++) {
        const start = new Date(base + g * 8 * 60000);
        const end = new Date(start.getTime() + 6 * 60000);
        usage.push(`F-${month}-${i}-${g},F-EQ-${i},${g % 2 ? 'FU1' : 'FU2'},${start.toISOString()},${end.toISOString()},,self,research,completed,`);
      }
    }
  }
  files['usage.csv'] = `${usage.join('\n')}\n`;
  return new Blob([zipSync(Object.fromEntries(Object.entries(files).map(([n, t]) => [n, strToU8(t)])))], { type: 'application/zip' });
}

export async function importBundle(platform: FaultPlatform, token: string, bundle: Blob): Promise<void> {
  const form = new FormData();
  form.append('bundle', bundle, 'faults.zip');
  const imported = await platform.api('POST', '/imports', { token, raw: form });
  if (imported.status !== 202) throw new Error(`import → ${imported.status} ${JSON.stringify(imported.body)}`);
  const done = await platform.job(token, imported.body.jobId, (j) => j.state === 'completed' || j.state === 'failed', 180000, 250);
  if (done.state !== 'completed') throw new Error(`import failed: ${JSON.stringify(done).slice(0, 400)}`);
}

export async function settle(platform: FaultPlatform, token: string, period: string): Promise<string> {
  const res = await platform.api('POST', '/settlements', { token, body: { period } });
  if (res.status !== 202) throw new Error(`settle → ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.jobId as string;
}
