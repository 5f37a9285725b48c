import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { startBenchStack } from './support/bench-stack';
import { closedLoop, formatLoad, LoadResult, send } from './support/load';
import { cpuSnapshot, formatCpuPerRequest } from './support/cpu';
import { useWrk, wrkClosedLoop } from './support/wrk';

/**
 * bench/booking: bookings through the gateway → NATS → booking service (→ catalogue for the
 * instrument's rules) → PostgreSQL, at 32 concurrent clients on distinct slots; then the raw
 * ceiling: the same INSERT under the same exclusion constraint, straight into PostgreSQL from 32
 * connections. Prints bookings/s, p50/p99 and the ratio, and each service process's memory.
 * Targets: ≥ 1,500 bookings/s, p99 ≤ 50 ms, ≤ 300 MiB per service process.
 */
const SLOT_MS = 30 * 60000;

async function json(res: Response): Promise<any> {
  const body = await res.json();
  if (!res.ok) throw new Error(`${res.status} ${JSON.stringify(body)}`);
  return body;
}

async function main(): Promise<void> {
  const clients = Number(process.env.CLIENTS ?? 32);
  const seconds = Number(process.env.SECONDS ?? 15);
  const replicas = Number(process.env.REPLICAS ?? 1);
  const wrk = useWrk();
  console.log(`booking: ${clients} clients, ${seconds} s per scenario, ${replicas} booking replica(s), load from ${wrk ? 'wrk' : 'a Node.js client'}`);
  const { stack, bureau } = await startBenchStack('booking', { bookingReplicas: replicas, catalogueReplicas: replicas });
  try {
    const base = `${stack.gatewayUrl}/api/v1`;
    const call = (method: string, path: string, token: string, body?: unknown) =>
      fetch(`${base}${path}`, { method, headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });
    const run = Date.now().toString(36).toUpperCase();
    const owner = await json(await call('POST', '/institutions', bureau, benchInstitution(`BO-${run}`, '重庆仪享基准大学')));
    const guest = await json(await call('POST', '/institutions', bureau, benchInstitution(`BG-${run}`, '成都仪享基准研究所')));
    const password = 'bench-password-2026';
    const signIn = async (email: string) => (await json(await fetch(`${base}/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, password }) }))).accessToken as string;
    await json(await call('POST', '/users', bureau, { email: `admin-${run}@bench.local`, password, name: '管理员', role: 'institution_admin', institutionCode: owner.code }));
    const admin = await signIn(`admin-${run}@bench.local`);
    const instruments: string[] = [];
    for (let i = 0; i < clients; i++) {
      const created = await json(await call('POST', '/instruments', admin, {
        code: `BI-${run}-${i}`, name: `基准测试扫描电镜 ${i}`, model: 'Bench', manufacturer: 'Yixiang', categoryCode: '0101', originalValueFen: 100000000,
        sharingStatus: 'open', onlineBooking: true, serviceModes: ['assisted'], mainFunctions: '基准测试',
        bookingRules: { slotMinutes: 30, minMinutes: 30, maxMinutes: 480, leadMinutes: 0, cancelDeadlineMinutes: 0, approvalRequired: false, qualificationRequired: false },
      }));
      await json(await call('PUT', `/instruments/${created.id}/availability`, admin, { timezone: 'Asia/Shanghai', weekly: [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({ weekday, start: '00:00', end: '24:00' })) }));
      instruments.push(created.id);
    }
    const tokens: string[] = [];
    for (let c = 0; c < clients; c++) {
      await json(await call('POST', '/users', bureau, { email: `r${c}-${run}@bench.local`, password, name: `研究员${c}`, role: 'researcher', institutionCode: guest.code }));
      tokens.push(await signIn(`r${c}-${run}@bench.local`));
    }
    // Client c books instrument c, slot after slot: distinct slots, no conflicts by construction.
    const firstSlot = Math.ceil((Date.now() + 86400e3) / SLOT_MS) * SLOT_MS;
    const slot = (i: number) => ({ start: new Date(firstSlot + i * SLOT_MS).toISOString(), end: new Date(firstSlot + (i + 1) * SLOT_MS).toISOString() });
    await closedLoop(clients, 2, async (c, i) => (await call('POST', '/bookings', tokens[c], { instrumentId: instruments[c], serviceMode: 'assisted', purpose: 'warm-up', ...slot(1_000_000 + i) })).status === 201);
    const cpuBefore = cpuSnapshot(stack);
    const gateway = wrk
      ? await wrkClosedLoop({
          origin: stack.gatewayUrl, clients, seconds, threads: Number(process.env.WRK_THREADS ?? 2),
          perClient: tokens.map((token, c) => ({ token, instrument: instruments[c] })),
          // The same body as below, slot j of the client's own instrument (os.date "!" is UTC).
          lua: `
            local first = ${firstSlot / 1000}
            local function iso(t) return os.date("!%Y-%m-%dT%H:%M:%S.000Z", t) end
            function request_of(j, own)
              local s = first + j * ${SLOT_MS / 1000}
              local body = '{"instrumentId":"' .. own.instrument .. '","serviceMode":"assisted","purpose":"基准测试","start":"' .. iso(s) .. '","end":"' .. iso(s + ${SLOT_MS / 1000}) .. '"}'
              return wrk.format("POST", "/api/v1/bookings", { ["authorization"] = "Bearer " .. own.token, ["content-type"] = "application/json" }, body)
            end`,
        })
      : await closedLoop(clients, seconds, async (c, i) => {
          const body = JSON.stringify({ instrumentId: instruments[c], serviceMode: 'assisted', purpose: '基准测试', ...slot(i) });
          const res = await send(`${base}/bookings`, 'POST', { authorization: `Bearer ${tokens[c]}`, 'content-type': 'application/json' }, body);
          return res.status === 201;
        });
    const cpuUse = formatCpuPerRequest(cpuBefore, cpuSnapshot(stack), gateway.requests);
    const memory = await stack.memory();
    const stored = await storedBookings(stack.databaseUrl);
    const raw = await rawCeiling(stack.databaseUrl, clients, seconds, firstSlot);
    console.log('');
    console.log(formatLoad('through the gateway', gateway));
    console.log(formatLoad('raw INSERT into PostgreSQL', raw));
    console.log(`bookings stored by the run: ${stored.count} (answered 201: ${gateway.requests - gateway.errors}), in ${stored.transactions} transactions: ${(stored.count / Math.max(1, stored.transactions)).toFixed(1)} bookings per group`);
    console.log(cpuUse);
    console.log(`ratio gateway / raw: ${(gateway.perSecond / raw.perSecond).toFixed(2)}`);
    console.log(`resident memory after the gateway run: ${memory.map(([name, mib]) => `${name} ${mib} MiB`).join(', ')}`);
    const targets: [string, boolean][] = [
      ['≥ 1,500 bookings/s', gateway.perSecond >= 1500],
      ['p99 ≤ 50 ms', gateway.p99 <= 50],
      ['≤ 300 MiB per service process', memory.every(([, mib]) => mib <= 300)],
      ['no errors', gateway.errors === 0],
      // wrk stops with up to one request per client still under way: stored, but not counted.
      ['every answered booking stored', stored.count >= gateway.requests - gateway.errors && stored.count <= gateway.requests - gateway.errors + clients],
    ];
    console.log(`targets: ${targets.map(([name, ok]) => `${name} ${ok ? 'met' : 'NOT met'}`).join('; ')}`);
  } finally {
    await stack.stop();
  }
}

function benchInstitution(code: string, name: string) {
  return { code, name, kind: 'university', region: 'CQ', creditCode: null };
}

/** The run's stored bookings, and the transactions that wrote them (the booking service writes groups). */
async function storedBookings(databaseUrl: string): Promise<{ count: number; transactions: number }> {
  const db = new Client({ connectionString: databaseUrl });
  await db.connect();
  try {
    const { rows } = await db.query<{ n: string; tx: string }>(`select count(*) as n, count(distinct xmin::text) as tx from booking.booking where purpose = '基准测试'`);
    return { count: Number(rows[0].n), transactions: Number(rows[0].tx) };
  } finally {
    await db.end();
  }
}

/** The booking row as the service writes it, under the same exclusion constraint, from `clients` connections. */
async function rawCeiling(databaseUrl: string, clients: number, seconds: number, firstSlot: number): Promise<LoadResult> {
  const connections = await Promise.all(Array.from({ length: clients }, async () => {
    const c = new Client({ connectionString: databaseUrl });
    await c.connect();
    return c;
  }));
  const instruments = connections.map(() => randomUUID());
  const provider = randomUUID();
  const user = randomUUID();
  const userInstitution = randomUUID();
  try {
    return await closedLoop(clients, seconds, async (c, i) => {
      const id = randomUUID();
      const start = new Date(firstSlot + i * SLOT_MS);
      const end = new Date(start.getTime() + SLOT_MS);
      await connections[c].query(
        `insert into booking.booking (id, code, kind, instrument_id, provider_institution_id, user_id, user_institution_id, service_mode, purpose, status, start_at, end_at, created_by)
         values ($1, $2, 'booking', $3, $4, $5, $6, 'assisted', '基准测试', 'approved', $7, $8, $5) returning id`,
        [id, `RAW-${id.slice(0, 13)}`, instruments[c], provider, user, userInstitution, start, end]);
      return true;
    });
  } finally {
    await Promise.all(connections.map((c) => c.end()));
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
