import { randomBytes } from 'node:crypto';
import { makeCreditCode } from '@yixiang/domain';
import { PostgresServer, RedisServer } from '../../deploy/local/stack/engines';
import { LocalStack } from '../../deploy/local/stack/local-stack';
import { ServiceProcess } from '../../deploy/local/stack/processes';
import { countBy, faultLogDir, faultRunName, gatewayCall, gatewayLogin, Outcome, uniqueCode } from './support';

/**
 * Issue 14, graceful shutdown and outages as 503, on a platform of this file's own (its own
 * PostgreSQL and Redis, two booking replicas): (1) SIGTERM of one booking replica under a steady
 * load of reads and keyed bookings; (2) the database stopped for 20 s under load, with a
 * settlement started just before and one asked for during it; (3) Redis stopped while a job is
 * asked for; (4) SIGTERM of the gateway. Figures are printed.
 */


const run = faultRunName();
const logDir = faultLogDir(`shutdown-${run}`);
const bureauEmail = 'bureau@fault.yixiang.local';
const bureauPassword = `fault-${randomBytes(8).toString('hex')}`;

let pg: PostgresServer;
let redis: RedisServer;
let stack: LocalStack;

const call = (method: string, path: string, token?: string, body?: unknown, headers: Record<string, string> = {}) => gatewayCall(stack.gatewayUrl, method, path, token, body, headers);

const login = (email: string, password: string) => gatewayLogin(stack.gatewayUrl, email, password);

const code = uniqueCode;
const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] : 0;
};

let bureau: string;
let researcher: string;
let instrumentId: string;
/** Each booking gets an hour of its own, counted from a day well ahead. */
let slot = 0;
const firstDay = Date.UTC(2027, 0, 4);
function nextSlot(): { start: string; end: string } {
  const start = firstDay + slot++ * 60 * 60000;
  return { start: new Date(start).toISOString(), end: new Date(start + 60 * 60000).toISOString() };
}

let loads = 0;

/**
 * `workers` loops, each alternating a read (a booking, the list) and a keyed booking, until `until()`
 * says stop; every answer (or failure to connect) is recorded.
 */
async function steadyLoad(workers: number, until: () => boolean, opts: { book?: boolean } = {}): Promise<{ outcomes: Outcome[]; booked: Map<string, string>; failures: string[] }> {
  const outcomes: Outcome[] = [];
  const booked = new Map<string, string>();
  const failures: string[] = [];
  const started = Date.now();
  const loadNo = ++loads;
  await Promise.all(Array.from({ length: workers }, async (_, w) => {
    let i = 0;
    while (!until()) {
      const kind: Outcome['kind'] = opts.book !== false && i++ % 2 === 0 ? 'book' : 'read';
      const t0 = performance.now();
      try {
        let res;
        const key = `fault-${run}-${loadNo}-${w}-${i}`;
        if (kind === 'book') {
          const s = nextSlot();
          res = await call('POST', '/bookings', researcher, { instrumentId, serviceMode: 'assisted', purpose: '故障注入测试', start: s.start, end: s.end }, { 'idempotency-key': key });
          if (res.status === 201) booked.set(key, res.body.id as string);
        } else {
          res = await call('GET', i % 4 === 1 ? '/bookings?pageSize=5' : `/instruments/${instrumentId}`, researcher);
        }
        outcomes.push({ kind, status: res.status, ms: performance.now() - t0, at: Date.now() - started, code: res.body?.error?.code, retryAfter: res.headers.get('retry-after'), body: res.status >= 500 ? res.body : undefined });
      } catch (error) {
        failures.push(error instanceof Error ? `${error.message} ${(error as { cause?: { code?: string } }).cause?.code ?? ''}` : String(error));
        await new Promise((r) => setTimeout(r, 50));
      }
    }
  }));
  return { outcomes, booked, failures };
}

function report(title: string, outcomes: Outcome[]): void {
  const ms = outcomes.map((o) => o.ms);
  console.log(`${title}: ${outcomes.length} requests, max ${Math.round(Math.max(0, ...ms))} ms, p99 ${Math.round(percentile(ms, 99))} ms, p50 ${Math.round(percentile(ms, 50))} ms; ${JSON.stringify(countBy(outcomes))}`);
}

function process_(name: string): ServiceProcess {
  const p = stack.processes.find((x) => x.name === name);
  if (!p) throw new Error(`no process ${name}`);
  return p;
}

beforeAll(async () => {
  pg = new PostgresServer();
  redis = new RedisServer();
  await pg.start();
  await redis.start();
  stack = new LocalStack({
    database: `yixiang_fault_${run}`,
    bullmqPrefix: `yxfault-${run}`,
    postgresUrl: pg.url,
    redisUrl: redis.url,
    bookingReplicas: 2,
    logDir,
    env: { BOOTSTRAP_ADMIN_EMAIL: bureauEmail, BOOTSTRAP_ADMIN_PASSWORD: bureauPassword, LOG_LEVEL: 'info', SHUTDOWN_DELAY_MS: '1500', SHUTDOWN_GRACE_MS: '8000' },
    log: (line) => process.stdout.write(`  [stack] ${line}\n`),
  });
  try {
    await stack.start();
  } catch (error) {
    await stack.stop();
    throw error;
  }
  bureau = await login(bureauEmail, bureauPassword);
  const provider = await call('POST', '/institutions', bureau, { code: code('INS'), name: '重庆故障注入大学', kind: 'university', region: 'CQ', creditCode: makeCreditCode(Math.floor(Math.random() * 1e9)) });
  const other = await call('POST', '/institutions', bureau, { code: code('INS'), name: '成都故障注入研究所', kind: 'institute', region: 'SC', creditCode: makeCreditCode(Math.floor(Math.random() * 1e9)) });
  const adminEmail = `${code('adm').toLowerCase()}@fault.example.cn`;
  const researcherEmail = `${code('res').toLowerCase()}@fault.example.cn`;
  const password = `pw-${randomBytes(8).toString('hex')}`;
  expect((await call('POST', '/users', bureau, { email: adminEmail, password, name: '管理员', role: 'institution_admin', institutionCode: provider.body.code })).status).toBe(201);
  expect((await call('POST', '/users', bureau, { email: researcherEmail, password, name: '研究员', role: 'researcher', institutionCode: other.body.code })).status).toBe(201);
  const admin = await login(adminEmail, password);
  researcher = await login(researcherEmail, password);
  const instrument = await call('POST', '/instruments', admin, {
    code: code('EQ'), name: '场发射扫描电镜 故障测试', model: 'Gemini 300', manufacturer: 'Carl Zeiss', countryOfOrigin: 'DE', categoryCode: '0101',
    originalValueFen: 350000000, purchaseDate: '2021-05-10', sharingStatus: 'open', onlineBooking: true, mainFunctions: '表面形貌观察', serviceModes: ['self', 'assisted'],
  });
  expect(instrument.status).toBe(201);
  instrumentId = instrument.body.id;
  const weekly = [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({ weekday, start: '00:00', end: '24:00' }));
  expect((await call('PUT', `/instruments/${instrumentId}/availability`, admin, { timezone: 'UTC', weekly })).status).toBe(200);
}, 180000);

afterAll(async () => {
  await stack?.stop().catch(() => undefined);
  await redis?.destroy().catch(() => undefined);
  await pg?.destroy().catch(() => undefined);
  console.log(`logs: ${logDir}`);
});

it('SIGTERM of one of two booking replicas under load: nobody waits for the timeout, no 500, no booking lost', async () => {
  let stop = false;
  const load = steadyLoad(12, () => stop);
  await new Promise((r) => setTimeout(r, 2500));
  const booking1 = process_('booking-1');
  const t0 = Date.now();
  await booking1.stop('SIGTERM', 15000);
  console.log(`booking-1 stopped ${Date.now() - t0} ms after SIGTERM`);
  await new Promise((r) => setTimeout(r, 2500));
  stop = true;
  const { outcomes, booked, failures } = await load;
  report('booking replica SIGTERM', outcomes);
  expect(failures).toEqual([]);
  expect(outcomes.filter((o) => o.status >= 500)).toEqual([]);
  expect(Math.max(...outcomes.map((o) => o.ms))).toBeLessThan(3000);
  expect(outcomes.filter((o) => o.kind === 'book' && o.status !== 201)).toEqual([]);
  // Every booking answered 201 is there, exactly once (its key repeated gives the same one).
  const list = await call('GET', '/bookings?pageSize=1', researcher);
  expect(list.body.total).toBe(booked.size);
  booking1.start();
  await stack.waitHealthy();
});

it('the database stopped for 20 s under load: 503 with Retry-After or a normal answer, never 500; recovers; a settlement started just before completes', async () => {
  const period = new Date().toISOString().slice(0, 7);
  const settlement = await call('POST', '/settlements', bureau, { period });
  expect(settlement.status).toBe(202);
  const jobId = settlement.body.jobId as string;
  let stop = false;
  const load = steadyLoad(8, () => stop);
  await new Promise((r) => setTimeout(r, 1000));
  const jobAtStop = await call('GET', `/jobs/${jobId}`, bureau);
  const stoppedAt = Date.now();
  await pg.stop();
  // A second settlement asked for while the database is down: queueing needs only Redis (and the
  // bureau's session, still cached), so its job runs into the outage and must ride it out.
  const during = await call('POST', '/settlements', bureau, { period });
  const duringJobId = during.status === 202 ? (during.body.jobId as string) : undefined;
  console.log(`database stopped (settlement job ${jobAtStop.body?.state ?? jobAtStop.status} at that moment; one asked for during the outage: ${during.status}${duringJobId ? '' : ` ${JSON.stringify(during.body)}`})`);
  if (during.status !== 202) expect(during).toMatchObject({ status: 503, body: { error: { code: 'SERVICE_UNAVAILABLE' } } });
  await new Promise((r) => setTimeout(r, 3000));
  if (duringJobId) console.log(`its job 3 s into the outage: ${JSON.stringify((await call('GET', `/jobs/${duringJobId}`, bureau)).body)}`);
  await new Promise((r) => setTimeout(r, 17000));
  await pg.start();
  const restartedAt = Date.now();
  console.log(`database started again after ${restartedAt - stoppedAt} ms`);
  // Recovery: the first moment a read and a booking both succeed again.
  let recoveredAt = 0;
  while (!recoveredAt && Date.now() - restartedAt < 60000) {
    const read = await call('GET', `/instruments/${instrumentId}`, researcher);
    const list = await call('GET', '/bookings?pageSize=1', researcher);
    if (read.status === 200 && list.status === 200) recoveredAt = Date.now();
    else await new Promise((r) => setTimeout(r, 250));
  }
  await new Promise((r) => setTimeout(r, 2000));
  stop = true;
  const { outcomes, failures } = await load;
  const whileStopped = outcomes.filter((o) => o.at >= 1000 && o.at <= restartedAt - stoppedAt + 1000);
  report('database outage (all)', outcomes);
  report('database outage (while stopped)', whileStopped);
  console.log(`recovered ${recoveredAt ? recoveredAt - restartedAt : 'never'} ms after the database came back`);
  expect(failures).toEqual([]);
  expect(outcomes.filter((o) => o.status >= 500 && o.status !== 503)).toEqual([]);
  const refusals = outcomes.filter((o) => o.status === 503);
  expect(refusals.length).toBeGreaterThan(0);
  expect(refusals.filter((o) => o.code !== 'SERVICE_UNAVAILABLE' || !o.retryAfter || !(Number(o.retryAfter) > 0))).toEqual([]);
  expect(recoveredAt).toBeGreaterThan(0);
  // The settlements: complete once the database is back (the job retries with backoff).
  for (const id of [jobId, duringJobId].filter((x): x is string => Boolean(x))) {
    let state = '';
    const deadline = Date.now() + 120000;
    while (Date.now() < deadline) {
      const job = await call('GET', `/jobs/${id}`, bureau);
      state = job.body?.state ?? String(job.status);
      if (state === 'completed' || state === 'failed') break;
      await new Promise((r) => setTimeout(r, 1000));
    }
    console.log(`settlement job ${id === jobId ? 'started before' : 'asked for during'} the outage: ${state} (${Date.now() - restartedAt} ms after the database came back)`);
    expect(state).toBe('completed');
  }
});

it('Redis stopped: asking for a settlement is a prompt 503 with Retry-After, not a hang; queueing works again once it is back', async () => {
  const period = new Date().toISOString().slice(0, 7);
  await call('GET', '/settlements', bureau); // the bureau's session, fresh in the gateway's cache
  await redis.stop();
  try {
    const t0 = performance.now();
    const refused = await call('POST', '/settlements', bureau, { period });
    const ms = Math.round(performance.now() - t0);
    console.log(`POST /settlements with Redis down: ${refused.status} in ${ms} ms, Retry-After ${refused.headers.get('retry-after')}: ${JSON.stringify(refused.body)}`);
    expect(refused.status).toBe(503);
    expect(refused.body.error.code).toBe('SERVICE_UNAVAILABLE');
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(ms).toBeLessThan(8000);
  } finally {
    await redis.start();
  }
  let accepted = 0;
  const deadline = Date.now() + 30000;
  while (!accepted && Date.now() < deadline) {
    const res = await call('POST', '/settlements', bureau, { period });
    if (res.status === 202) accepted = Date.now();
    else await new Promise((r) => setTimeout(r, 500));
  }
  expect(accepted).toBeGreaterThan(0);
});

it('SIGTERM of the gateway: requests still arriving are refused in the API’s format with Retry-After', async () => {
  let stop = false;
  const gateway = process_('gateway');
  const load = steadyLoad(8, () => stop, { book: false });
  await new Promise((r) => setTimeout(r, 1500));
  const t0 = Date.now();
  const stopped = gateway.stop('SIGTERM', 20000).then(() => console.log(`gateway exited ${Date.now() - t0} ms after SIGTERM`));
  // Until the gateway is gone and connections are refused for a moment.
  await stopped;
  await new Promise((r) => setTimeout(r, 500));
  stop = true;
  const { outcomes, failures } = await load;
  const afterSignal = outcomes.filter((o) => o.at >= 1500);
  report('gateway SIGTERM', outcomes);
  console.log(`connection failures once it was gone: ${failures.length} (${[...new Set(failures)].slice(0, 3).join('; ')})`);
  expect(outcomes.filter((o) => o.status >= 500 && o.status !== 503)).toEqual([]);
  const refusals = afterSignal.filter((o) => o.status === 503);
  expect(refusals.length).toBeGreaterThan(0);
  for (const r of refusals) {
    expect(r).toMatchObject({ code: 'SERVICE_UNAVAILABLE' });
    expect(Number(r.retryAfter)).toBeGreaterThan(0);
  }
});
