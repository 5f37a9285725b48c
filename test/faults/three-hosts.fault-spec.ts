import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect, NatsConnection } from 'nats';
import { Client } from 'pg';
import { EVENTS_STREAM } from '@yixiang/contracts';
import { makeCreditCode } from '@yixiang/domain';
import { PostgresServer, RedisServer } from '../../deploy/local/stack/engines';
import { migrateAll } from '../../deploy/local/stack/migrate';
import { databaseUrl, ensureDatabase } from '../../deploy/local/stack/postgres';
import { waitFor } from '../../deploy/local/stack/ports';
import { REPO_ROOT, SERVICE_SCRIPTS, ServiceProcess } from '../../deploy/local/stack/processes';
import { randomSecret } from '../../deploy/local/stack/secret';
import { instrumentBody } from '../support/factories';
import { BookingLoad, NatsCluster, SUBNET, TestHost, TestHosts, testHostsUnavailable } from './support';

/**
 * Three hosts (network namespaces on one bridge), a nats-server on each in one cluster with the
 * events stream kept three times, one replica of every service per host, the gateway on hosts 1
 * and 2, PostgreSQL and Redis on host 1. Under a steady booking → check-out load, host 3 is cut
 * off for a while, and later host 2's nats-server is killed: the clients may see 503s (with
 * Retry-After) while the cluster re-forms, nothing else, and every check-out still becomes
 * exactly one usage record.
 */
const unavailable = testHostsUnavailable();
if (unavailable) process.stdout.write(`three-host fault test skipped: ${unavailable}\n`);
const describeHosts = unavailable ? describe.skip : describe;

const USAGE_CONSUMER = 'billing-usage';
const GATEWAY_PORT = 8080;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function http(base: string, method: string, path: string, token: string | null, body?: unknown): Promise<{ status: number; body: any }> {
  const headers: Record<string, string> = {};
  if (token) headers.authorization = `Bearer ${token}`;
  if (body !== undefined) headers['content-type'] = 'application/json';
  const response = await fetch(`${base}/api/v1${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : {} };
}

async function created(base: string, path: string, token: string, body: unknown): Promise<any> {
  const res = await http(base, 'POST', path, token, body);
  if (res.status !== 201) throw new Error(`POST ${path} → ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

describeHosts('three hosts: a cut link and a killed nats-server under load', () => {
  const run = `${Date.now().toString(36)}${randomBytes(2).toString('hex')}`;
  const logDir = join(REPO_ROOT, '.runtime', 'fault-logs', `three-hosts-${run}`);
  const workDir = mkdtempSync(join(tmpdir(), 'yixiang-3h-'));
  const testHosts = new TestHosts(3);
  const services: ServiceProcess[] = [];
  let hosts: TestHost[] = [];
  let postgres: PostgresServer;
  let redis: RedisServer;
  let cluster: NatsCluster;
  let nats: NatsConnection | null = null;
  let db: Client | null = null;
  let gateways: string[] = [];
  let tokens: { researcher: string; operator: string };
  const instrumentIds: string[] = [];
  // Held here, not in the test: a failed assertion must not leave the load's workers running past
  // afterAll (they retried forever against stopped gateways and Jest never exited — CI's 90 minutes ran out).
  let activeLoad: BookingLoad | null = null;

  const cleanUp = async () => {
    await activeLoad?.stop().catch(() => undefined);
    await Promise.all(services.map((s) => s.stop('SIGTERM', 5000).catch(() => undefined)));
    await nats?.close().catch(() => undefined);
    await db?.end().catch(() => undefined);
    await cluster?.stop().catch(() => undefined);
    await redis?.destroy().catch(() => undefined);
    await postgres?.destroy().catch(() => undefined);
    testHosts.destroy();
    rmSync(workDir, { recursive: true, force: true });
  };
  // Ctrl-C of a local run: deleting the namespaces kills whatever still runs on the test hosts.
  const onSigint = () => {
    testHosts.destroy();
    process.exit(130);
  };

  beforeAll(async () => {
    process.once('SIGINT', onSigint);
    mkdirSync(logDir, { recursive: true });
    hosts = testHosts.create();
    const [h1, h2] = hosts;
    postgres = new PostgresServer({ wrap: h1.wrap, host: h1.address, port: 5432, trustNetwork: `${SUBNET}.0/24` });
    redis = new RedisServer({ wrap: h1.wrap, host: h1.address, port: 6379 });
    cluster = new NatsCluster(hosts, workDir, logDir);
    await Promise.all([postgres.start(), redis.start(), cluster.start()]);

    await ensureDatabase(postgres.url, 'yixiang_hosts');
    const dbUrl = databaseUrl(postgres.url, 'yixiang_hosts');
    await migrateAll(dbUrl);
    db = new Client({ connectionString: dbUrl });
    await db.connect();
    nats = await connect({ servers: cluster.nodes.map((n) => n.url), maxReconnectAttempts: -1, reconnectTimeWait: 500 });
    // JetStream answers only once the cluster has elected its meta leader.
    const manager = await nats.jetstreamManager();
    await waitFor('the JetStream cluster', async () => (await manager.getAccountInfo()) && true, 30000, 500);

    const bureau = { email: 'bureau@hosts.yixiang.local', password: `hosts-${randomBytes(8).toString('hex')}` };
    const common = {
      DATABASE_URL: dbUrl, REDIS_URL: redis.url, BULLMQ_PREFIX: `yx3h-${run}`, JWT_SECRET: randomSecret(),
      JETSTREAM_REPLICAS: '3', DB_POOL_MAX: '4', LOG_LEVEL: 'warn', NATS_TIMEOUT_MS: '5000',
      BOOTSTRAP_ADMIN_EMAIL: bureau.email, BOOTSTRAP_ADMIN_PASSWORD: bureau.password,
    };
    for (const host of hosts) {
      const env = { ...common, NATS_URL: cluster.urlsFor(host) };
      for (const service of ['catalogue', 'booking', 'billing', 'subsidy', 'notification'] as const) {
        services.push(new ServiceProcess(`${service}-h${host.index}`, SERVICE_SCRIPTS[service], env, logDir, host.wrap));
      }
      if (host.index <= 2) {
        services.push(new ServiceProcess(`gateway-h${host.index}`, SERVICE_SCRIPTS.gateway, { ...env, HOST: host.address, PORT: String(GATEWAY_PORT) }, logDir, host.wrap));
      }
    }
    // Host 1's catalogue first: it creates the bureau account, which the others then find.
    services[0].start();
    await sleep(3000);
    for (const s of services.slice(1)) s.start();
    gateways = [h1, h2].map((h) => `http://${h.address}:${GATEWAY_PORT}`);
    for (const gateway of gateways) {
      await waitFor(`${gateway}/health`, async () => {
        const dead = services.find((s) => !s.running);
        if (dead) throw new Error(`${dead.name} exited; see ${logDir}`);
        return (await fetch(`${gateway}/health`)).status === 200 ? true : undefined;
      }, 120000, 500);
    }

    const base = gateways[0];
    const login = await http(base, 'POST', '/auth/login', null, bureau);
    const bureauToken = login.body.accessToken as string;
    const signIn = async (role: string, institutionCode: string) => {
      const email = `${role}-${randomBytes(3).toString('hex')}@hosts.example.cn`;
      const password = `pw-${randomBytes(8).toString('hex')}`;
      await created(base, '/users', bureauToken, { email, password, name: '测试用户', role, institutionCode });
      return (await http(base, 'POST', '/auth/login', null, { email, password })).body.accessToken as string;
    };
    const credit = () => Math.floor(Math.random() * 1e9);
    const provider = await created(base, '/institutions', bureauToken, { code: `INS-H${run}`, name: '重庆嘉陵理工大学', kind: 'university', region: 'CQ', creditCode: makeCreditCode(credit()) });
    const guest = await created(base, '/institutions', bureauToken, { code: `INS-G${run}`, name: '四川天府生物研究院', kind: 'institute', region: 'SC', creditCode: makeCreditCode(credit()) });
    const admin = await signIn('institution_admin', provider.code);
    tokens = { operator: await signIn('operator', provider.code), researcher: await signIn('researcher', guest.code) };
    const weekly = [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({ weekday, start: '00:00', end: '24:00' }));
    for (let i = 0; i < 4; i++) {
      const instrument = await created(base, '/instruments', admin, instrumentBody({ code: `EQ-H${run}-${i}`, name: `液相色谱质谱联用仪 ${i + 1}`, categoryCode: '0102',
        // The load checks bookings in at once, days ahead: check-in opens up to a year before (issue 19's window, stretched).
        bookingRules: { checkInBeforeMinutes: 60 * 24 * 366 } }));
      const open = await http(base, 'PUT', `/instruments/${instrument.id}/availability`, admin, { timezone: 'Asia/Shanghai', weekly });
      if (open.status !== 200) throw new Error(`availability → ${open.status} ${JSON.stringify(open.body)}`);
      instrumentIds.push(instrument.id);
    }
  }, 240000);

  afterAll(async () => {
    process.removeListener('SIGINT', onSigint);
    await cleanUp();
  }, 60000);

  /**
   * The events stream's replicas now: whether it has quorum (a leader and at least one current
   * follower, so every publish is stored twice and acknowledged) and whether it is whole (both
   * followers current), with what was seen, so a timeout names the replica that stayed behind.
   */
  async function streamState(): Promise<{ quorum: boolean; whole: boolean; seen: string }> {
    const manager = await (nats as NatsConnection).jetstreamManager();
    const info = await manager.streams.info(EVENTS_STREAM);
    const followers = info.cluster?.replicas ?? [];
    const current = followers.filter((r) => r.current && !r.offline).length;
    const seen = `leader ${info.cluster?.leader ?? 'none'}, followers: ${followers.map((r) => `${r.name} current=${r.current} offline=${Boolean(r.offline)} lag=${r.lag ?? '?'} active=${r.active}`).join('; ') || 'none'}`;
    return { quorum: Boolean(info.cluster?.leader) && current >= 1, whole: Boolean(info.cluster?.leader) && followers.length === 2 && current === 2, seen };
  }

  const STREAM_WAIT_MS = 120000;
  /** Waits until the stream has quorum (or is whole) and says how long that took from `since`. */
  async function streamReady(what: 'quorum' | 'whole', since: number): Promise<number> {
    let last = 'not asked yet';
    return waitFor(`the events stream (${what})`, async () => {
      const state = await streamState();
      last = state.seen;
      return state[what] ? Date.now() - since : undefined;
    }, STREAM_WAIT_MS, 250).catch(() => {
      throw new Error(`the events stream had no ${what} within ${STREAM_WAIT_MS / 1000} s: ${last}`);
    });
  }

  /**
   * From `since`: how long until the events stream has quorum again, until it is whole (both
   * followers current), and until the load completed a check-out again. Quorum and the load's
   * check-out are required: they are what the clients depend on. A follower that has not caught up
   * is reported, not failed: on Debian's nats-server 2.9 a follower cut off for 15 s under this load
   * was seen still 4,759 messages behind 120 s after its link came back (and current later), and CI
   * once saw the same after the SIGKILL; catch-up after cuts and crashes was reworked upstream
   * (e.g. nats-server PR #5362). That is the engine's catching up, not the platform's behaviour —
   * with quorum every event is still stored twice and delivered, which the rest of the test checks.
   */
  async function recovery(load: BookingLoad, since: number): Promise<{ quorumMs: number; wholeMs: number | string; loadMs: number }> {
    const [quorumMs, wholeMs, loadMs] = await Promise.all([
      streamReady('quorum', since),
      streamReady('whole', since).catch((error: Error) => error.message),
      waitFor('a check-out after the fault', async () => {
        const first = load.checkOutTimes.find((t) => t > since);
        return first === undefined ? undefined : first - since;
      }, 120000, 100),
    ]);
    return { quorumMs, wholeMs, loadMs };
  }

  it('keeps every check-out exactly once and answers only retriable 503s', async () => {
    const manager = await (nats as NatsConnection).jetstreamManager();
    const stream = await manager.streams.info(EVENTS_STREAM);
    expect(stream.config.num_replicas).toBe(3);

    const load = new BookingLoad(gateways, { ...tokens, instrumentIds });
    activeLoad = load;
    const started = Date.now();
    load.start(4);
    await sleep(10000);
    const faults: ({ fault: string; outageMs: number } & Awaited<ReturnType<typeof recovery>>)[] = [];

    // (a) Host 3 (services and a nats-server, no gateway, no database) loses its link.
    const cutAt = Date.now();
    testHosts.cut(3);
    await sleep(15000);
    testHosts.restore(3);
    const restoredAt = Date.now();
    faults.push({ fault: 'host 3 link cut', outageMs: restoredAt - cutAt, ...(await recovery(load, restoredAt)) });
    await sleep(10000);

    // (b) Host 2's nats-server dies (SIGKILL) and is started again on its own store.
    const node = cluster.nodes[1];
    const killedAt = Date.now();
    await node.kill('SIGKILL');
    await sleep(10000);
    node.start(logDir);
    await node.waitReady();
    const backAt = Date.now();
    faults.push({ fault: 'host 2 nats-server SIGKILL', outageMs: backAt - killedAt, ...(await recovery(load, backAt)) });
    await sleep(10000);
    await load.stop();
    const loadSeconds = (Date.now() - started) / 1000;

    // Billing has taken every event: nothing left in the outbox, nothing pending on the consumer.
    await waitFor('the usage consumer drained', async () => {
      const outbox = await (db as Client).query<{ n: string }>('select count(*) as n from booking.outbox where published_at is null');
      const consumer = await manager.consumers.info(EVENTS_STREAM, USAGE_CONSUMER);
      return Number(outbox.rows[0].n) === 0 && consumer.num_pending === 0 && consumer.num_ack_pending === 0 ? true : undefined;
    }, 90000, 500);

    const records = await (db as Client).query<{ id: string; status: string; records: number }>(
      `select b.id, b.status, count(u.id)::int as records from booking.booking b
         left join billing.usage_record u on u.booking_id = b.id and u.source = 'check-out'
        where b.kind = 'booking' group by b.id, b.status`);
    const completed = records.rows.filter((r) => r.status === 'completed');
    const wrong = records.rows.filter((r) => r.records !== (r.status === 'completed' ? 1 : 0));
    const orphans = await (db as Client).query(`select u.booking_id from billing.usage_record u left join booking.booking b on b.id = u.booking_id where u.source = 'check-out' and b.id is null`);
    // Live bookings (the ones that hold their slot) never overlap. A completed booking has given
    // its slot back (an early check-out frees the instrument), so a later booking may cover it:
    // those pairs are counted, not failed.
    const live = `('requested', 'approved', 'in_use', 'active')`;
    const heldSlot = `('requested', 'approved', 'in_use', 'active', 'completed')`;
    const overlaps = await (db as Client).query(
      `select a.id as a, b.id as b from booking.booking a join booking.booking b
          on a.instrument_id = b.instrument_id and a.id < b.id and a.period && b.period
       where a.status in ${live} and b.status in ${live}`);
    const overCompleted = await (db as Client).query<{ n: number }>(
      `select count(*)::int as n from booking.booking a join booking.booking b
          on a.instrument_id = b.instrument_id and a.id < b.id and a.period && b.period
       where 'completed' in (a.status, b.status) and a.status in ${heldSlot} and b.status in ${heldSlot}`);
    const held = await (db as Client).query<{ n: number }>(`select count(*)::int as n from billing.usage_record where source = 'check-out' and status = 'held'`);
    const statuses = Object.fromEntries([...load.statuses.entries()].sort());
    process.stdout.write([
      '',
      `three hosts: ${load.requests} requests in ${loadSeconds.toFixed(0)} s, ${load.checkOuts} check-outs by the load`,
      `  answers: ${JSON.stringify(statuses)}, connection errors ${load.connectionErrors}, 503 without Retry-After ${load.without503RetryAfter}`,
      `  successes ${(statuses['200'] ?? 0) + (statuses['201'] ?? 0)}, 503s ${statuses['503'] ?? 0}`,
      `  faults injected ${faults.length}:`,
      ...faults.map((f) => `    ${f.fault}: outage ${(f.outageMs / 1000).toFixed(1)} s; after it ended, stream quorum in ${(f.quorumMs / 1000).toFixed(1)} s, ${typeof f.wholeMs === 'number' ? `whole in ${(f.wholeMs / 1000).toFixed(1)} s` : f.wholeMs}, first check-out in ${(f.loadMs / 1000).toFixed(1)} s`),
      `  usage records checked: ${completed.length} completed bookings of ${records.rows.length}, ${wrong.length} without exactly one record, ${orphans.rowCount} orphans, ${held.rows[0].n} held for review (check-outs of one instrument at the same minutes)`,
      `  overlapping live bookings: ${overlaps.rowCount}; bookings over a completed one's slot: ${overCompleted.rows[0].n}`,
      ...[...load.bare503s.entries()].map(([what, n]) => `  503 without Retry-After ×${n}: ${what}`),
      ...load.unexpected.slice(0, 20).map((u) => `  unexpected: ${u}`),
      '',
    ].join('\n'));

    expect(load.unexpected).toEqual([]);
    expect(load.without503RetryAfter).toBe(0);
    expect(load.checkOuts).toBeGreaterThan(20);
    expect(completed.length).toBeGreaterThanOrEqual(load.checkOuts);
    expect(wrong).toEqual([]);
    expect(orphans.rowCount).toBe(0);
    expect(overlaps.rows).toEqual([]);
  }, 420000);
});
