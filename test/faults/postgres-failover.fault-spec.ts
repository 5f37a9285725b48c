import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { makeCreditCode } from '@yixiang/domain';
import { PostgresServer, RedisServer } from '../../deploy/local/stack/engines';
import { waitFor } from '../../deploy/local/stack/ports';
import { LocalStack } from '../../deploy/local/stack/local-stack';
import { countBy, faultLogDir, faultRunName, gatewayCall, gatewayLogin, Outcome, TcpForwarder, uniqueCode } from './support';

/**
 * Issue 14, PostgreSQL failover: a primary with a synchronous streaming standby (Debian's
 * packages, `pg_basebackup -R`), the platform reaching it through one address (a TCP forwarder,
 * as CloudNativePG's -rw Service). Under a steady booking load the primary is killed (-9), the
 * standby promoted and the address pointed at it. Synchronous commit means a booking answered
 * 201 was on the standby before the answer: none may be lost, none may overlap, and the clients
 * see only 2xx, expected 4xx and 503 with Retry-After while it happens.
 */


const run = faultRunName();
const logDir = faultLogDir(`pgfailover-${run}`);
const database = `yixiang_fault_${run}`;
const bureauEmail = 'bureau@fault.yixiang.local';
const bureauPassword = `fault-${randomBytes(8).toString('hex')}`;

let primary: PostgresServer;
let standby: PostgresServer;
let forwarder: TcpForwarder;
let redis: RedisServer;
let stack: LocalStack;
/** The primary's WAL sender, frozen by the test: killed in afterAll too, should the test stop half-way. */
let frozenSender: number | undefined;

const call = (method: string, path: string, token?: string, body?: unknown, headers: Record<string, string> = {}) => gatewayCall(stack.gatewayUrl, method, path, token, body, headers);

const login = (email: string, password: string) => gatewayLogin(stack.gatewayUrl, email, password);

async function sql<T>(server: PostgresServer, text: string, values: unknown[] = [], db = database): Promise<T[]> {
  const client = new Client({ host: server.host, port: server.port, user: 'postgres', database: db });
  await client.connect();
  try {
    return (await client.query(text, values)).rows as T[];
  } finally {
    await client.end();
  }
}

const code = uniqueCode;

let researcher: string;
let instrumentId: string;
/** Each booking an hour of its own from a day well ahead; every third asks again for an hour already asked for (a 409, or a 201 if the first was lost to the outage). */
let slot = 0;
const firstDay = Date.UTC(2027, 0, 4);
function slotAt(n: number): { start: string; end: string } {
  const start = firstDay + n * 60 * 60000;
  return { start: new Date(start).toISOString(), end: new Date(start + 60 * 60000).toISOString() };
}

/** `workers` loops alternating a keyed booking and a read until `until()`; what they saw fills in as they go. */
function steadyLoad(workers: number, until: () => boolean): { outcomes: Outcome[]; booked: Map<string, string>; failures: string[]; done: Promise<unknown> } {
  const outcomes: Outcome[] = [];
  const booked = new Map<string, string>();
  const failures: string[] = [];
  const done = Promise.all(Array.from({ length: workers }, async (_, w) => {
    let i = 0;
    while (!until()) {
      const kind: Outcome['kind'] = i++ % 2 === 0 ? 'book' : 'read';
      const t0 = performance.now();
      try {
        let res;
        const key = `failover-${run}-${w}-${i}`;
        if (kind === 'book') {
          const s = slotAt(i % 3 === 0 && slot > 0 ? Math.floor(Math.random() * slot) : slot++);
          res = await call('POST', '/bookings', researcher, { instrumentId, serviceMode: 'assisted', purpose: '故障注入测试', start: s.start, end: s.end }, { 'idempotency-key': key });
          if (res.status === 201) booked.set(key, res.body.id as string);
        } else {
          res = await call('GET', i % 4 === 1 ? '/bookings?pageSize=5' : `/instruments/${instrumentId}`, researcher);
        }
        outcomes.push({ kind, status: res.status, ms: performance.now() - t0, at: Date.now(), code: res.body?.error?.code, retryAfter: res.headers.get('retry-after'), body: res.status >= 500 ? res.body : undefined });
      } catch (error) {
        failures.push(error instanceof Error ? `${error.message} ${(error as { cause?: { code?: string } }).cause?.code ?? ''}` : String(error));
        await new Promise((r) => setTimeout(r, 50));
      }
      if (outcomes.length && outcomes[outcomes.length - 1].status === 503) await new Promise((r) => setTimeout(r, 200));
    }
  }));
  return { outcomes, booked, failures, done };
}

beforeAll(async () => {
  // Synchronous replication: a commit is acknowledged only once the standby has it.
  primary = new PostgresServer({ extraArgs: ['-c', 'wal_level=replica', '-c', 'synchronous_standby_names=*', '-c', 'synchronous_commit=on'] });
  await primary.start();
  standby = PostgresServer.standbyOf(primary);
  await standby.start();
  // The standby counts as synchronous once it has caught up and streams.
  const state = await waitFor('the standby streaming synchronously', async () => {
    const [replica] = await sql<{ state: string; sync_state: string }>(primary, 'select state, sync_state from pg_stat_replication', [], 'postgres');
    return replica?.sync_state === 'sync' ? replica : undefined;
  }, 30000, 200);
  console.log(`primary :${primary.port}, standby :${standby.port} (${state.state}, ${state.sync_state})`);
  forwarder = new TcpForwarder({ host: primary.host, port: primary.port });
  await forwarder.start();
  redis = new RedisServer();
  await redis.start();
  stack = new LocalStack({
    database,
    bullmqPrefix: `yxfault-${run}`,
    postgresUrl: `postgres://postgres@127.0.0.1:${forwarder.port}/postgres`,
    redisUrl: redis.url,
    logDir,
    env: { BOOTSTRAP_ADMIN_EMAIL: bureauEmail, BOOTSTRAP_ADMIN_PASSWORD: bureauPassword, LOG_LEVEL: 'info' },
    log: (line) => process.stdout.write(`  [stack] ${line}\n`),
  });
  try {
    await stack.start();
  } catch (error) {
    await stack.stop();
    throw error;
  }
  const bureau = await login(bureauEmail, bureauPassword);
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
    code: code('EQ'), name: '场发射扫描电镜 切换测试', model: 'Gemini 300', manufacturer: 'Carl Zeiss', countryOfOrigin: 'DE', categoryCode: '0101',
    originalValueFen: 350000000, purchaseDate: '2021-05-10', sharingStatus: 'open', onlineBooking: true, mainFunctions: '表面形貌观察', serviceModes: ['self', 'assisted'],
  });
  expect(instrument.status).toBe(201);
  instrumentId = instrument.body.id;
  const weekly = [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({ weekday, start: '00:00', end: '24:00' }));
  expect((await call('PUT', `/instruments/${instrumentId}/availability`, admin, { timezone: 'UTC', weekly })).status).toBe(200);
}, 240000);

afterAll(async () => {
  if (frozenSender) {
    try {
      process.kill(frozenSender, 'SIGKILL');
    } catch {
      // gone already, as it should be
    }
  }
  await stack?.stop().catch(() => undefined);
  await forwarder?.stop().catch(() => undefined);
  await redis?.destroy().catch(() => undefined);
  await standby?.destroy().catch(() => undefined);
  await primary?.destroy().catch(() => undefined);
  console.log(`logs: ${logDir}`);
});

it('the primary killed under load, the standby promoted: no acknowledged booking lost, none overlapping, only 2xx/4xx/503 with Retry-After, serving again', async () => {
  let stop = false;
  const load = steadyLoad(6, () => stop);
  await new Promise((r) => setTimeout(r, 4000));
  // The standby falls behind for a moment before the kill (the primary's WAL sender frozen, then
  // killed with it), as a busy or distant one does: without synchronous commit, bookings answered
  // 201 in that moment exist on the primary only and die with it; with it, they wait for the
  // standby and are never answered 201.
  const [sender] = await sql<{ pid: number }>(primary, 'select pid from pg_stat_replication', [], 'postgres');
  frozenSender = sender.pid;
  process.kill(sender.pid, 'SIGSTOP');
  await new Promise((r) => setTimeout(r, 1500));
  const killedAt = Date.now();
  await primary.kill();
  process.kill(sender.pid, 'SIGKILL');
  frozenSender = undefined;
  // The time a failover manager takes to decide the primary is gone: the address still leads to it.
  await new Promise((r) => setTimeout(r, 1000));
  standby.promote();
  forwarder.repoint({ host: standby.host, port: standby.port });
  const repointedAt = Date.now();
  console.log(`primary killed; standby promoted and the address repointed ${repointedAt - killedAt} ms later`);
  let recoveredAt = 0;
  while (!recoveredAt && Date.now() - repointedAt < 60000) {
    await new Promise((r) => setTimeout(r, 100));
    recoveredAt = load.outcomes.find((o) => o.kind === 'book' && o.status === 201 && o.at > repointedAt)?.at ?? 0;
  }
  await new Promise((r) => setTimeout(r, 3000));
  stop = true;
  await load.done;
  const { outcomes, booked, failures } = load;
  const during = outcomes.filter((o) => o.at >= killedAt && o.at <= (recoveredAt || Date.now()));
  console.log(`load: ${outcomes.length} answers ${JSON.stringify(countBy(outcomes))}; from the kill to recovery: ${JSON.stringify(countBy(during))}`);
  console.log(`recovered ${recoveredAt ? recoveredAt - killedAt : 'never'} ms after the kill (first booking 201 on the new primary); ${booked.size} bookings acknowledged`);
  for (const o of outcomes.filter((x) => x.status >= 500 && x.status !== 503)) console.log(`  ${o.kind} ${o.status}: ${JSON.stringify(o.body)}`);
  expect(failures).toEqual([]);
  expect(outcomes.filter((o) => o.status >= 500 && o.status !== 503)).toEqual([]);
  expect(outcomes.filter((o) => o.status >= 300 && o.status < 500 && o.code !== 'BOOKING_CONFLICT')).toEqual([]);
  expect(outcomes.filter((o) => o.status === 503 && (o.code !== 'SERVICE_UNAVAILABLE' || !(Number(o.retryAfter) > 0)))).toEqual([]);
  expect(recoveredAt).toBeGreaterThan(0);
  // On the new primary: every acknowledged booking, and no two live ones of the instrument overlapping.
  const ids = [...booked.values()];
  const found = await sql<{ n: string }>(standby, 'select count(*) as n from booking.booking where id = any($1::uuid[])', [ids]);
  expect(Number(found[0].n)).toBe(ids.length);
  const overlaps = await sql<{ a: string; b: string }>(standby, `select a.id as a, b.id as b from booking.booking a join booking.booking b
    on a.instrument_id = b.instrument_id and a.id < b.id and a.period && b.period
    where a.status in ('requested', 'approved', 'in_use', 'active') and b.status in ('requested', 'approved', 'in_use', 'active')`);
  expect(overlaps).toEqual([]);
});
