import 'reflect-metadata';
import { Controller, INestMicroservice, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { ClientProxy, ClientProxyFactory, MessagePattern, Transport } from '@nestjs/microservices';
import { strToU8, zipSync } from 'fflate';
import { readdirSync, readFileSync } from 'node:fs';
import { Client } from 'pg';
import { natsConnectionOptions, ServiceCallError, ServiceClient, ServiceExceptionFilter, ServiceServer } from '@yixiang/common';
import { NatsServer, startNatsServer } from '../deploy/local/stack/nats';
import { api, bureauToken, expectError, testEnv } from './support/api';
import { createInstitution, createUser, uniqueCode } from './support/factories';
import { zipBomb } from './support/zip-bomb';
import { subject } from '@yixiang/contracts';

/** A subject of this test's probe handlers: any payload, a reply the test checks itself. */
const probe = (name: string) => subject<Record<string, unknown>, unknown>(name);

function zip(files: Record<string, string | Uint8Array>): Blob {
  const entries = Object.fromEntries(Object.entries(files).map(([n, t]) => [n, typeof t === 'string' ? strToU8(t) : t]));
  return new Blob([zipSync(entries)], { type: 'application/zip' });
}

async function upload(token: string, bundle: Blob): Promise<string> {
  const form = new FormData();
  form.append('bundle', bundle, 'bundle.zip');
  const started = await api('POST', '/imports', { token, raw: form });
  expect(started.status).toBe(202);
  return started.body.jobId as string;
}

async function finished(token: string, jobId: string, pollMs = 100, timeoutMs = 120000): Promise<any> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    const job = await api('GET', `/jobs/${jobId}`, { token });
    expect(job.status).toBe(200);
    if (job.body.state === 'completed' || job.body.state === 'failed') return job.body;
    await new Promise((r) => setTimeout(r, pollMs));
  }
  throw new Error(`job ${jobId} did not finish`);
}

/**
 * The service processes of this run as they are now, by name (`catalogue@1234`): found by the run's
 * BULLMQ_PREFIX in their environment, since another test file may have killed one and the stack
 * started it again under another pid (settlement-recovery kills billing on purpose).
 */
function pids(): Record<string, number> {
  const prefix = `BULLMQ_PREFIX=${testEnv().bullmqPrefix}`;
  const found: Record<string, number> = {};
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const service = /dist\/apps\/(\w+)\//.exec(readFileSync(`/proc/${entry}/cmdline`, 'utf8'))?.[1];
      if (service && readFileSync(`/proc/${entry}/environ`, 'utf8').split('\0').includes(prefix)) found[`${service}@${entry}`] = Number(entry);
    } catch {
      // gone meanwhile, or not ours to read
    }
  }
  return found;
}
const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};
/** The processes running when the test began: none died (and was started again) during it. */
let running: Record<string, number> = {};
beforeEach(() => {
  running = pids();
});
function expectEveryServiceUp(): void {
  expect(Object.keys(running).length).toBeGreaterThanOrEqual(5);
  for (const [name, pid] of Object.entries(running)) expect({ name, alive: alive(pid) }).toEqual({ name, alive: true });
}
function residentMiB(pid: number): number {
  const kib = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
  return Number(kib) / 1024;
}

/** instruments.csv with `rows` rows, each with one bad cell (a category that does not exist). */
const badInstruments = (rows: number) =>
  `code,institutionCode,categoryCode,originalValueFen,sharingStatus\n${Array.from({ length: rows }, (_, i) => `EQ-BAD-${i},NOWHERE,0199,1,open`).join('\n')}\n`;

/** A service of its own whose answer is larger than NATS carries. */
@Controller()
class HugeHandlers {
  @MessagePattern('probe.huge')
  huge() {
    return { blob: 'x'.repeat(2 * 1024 * 1024) };
  }

  @MessagePattern('probe.small')
  small() {
    return { ok: true };
  }
}

@Module({ controllers: [HugeHandlers] })
class HugeModule {}

describe('replies are bounded by construction', () => {
  let nats: NatsServer;
  let service: INestMicroservice;
  let proxy: ClientProxy;

  beforeAll(async () => {
    nats = await startNatsServer();
    service = await NestFactory.createMicroservice(HugeModule, { strategy: new ServiceServer({ ...natsConnectionOptions(nats.url, 'huge'), queue: 'huge' }), logger: false });
    service.useGlobalFilters(new ServiceExceptionFilter());
    await service.listen();
    proxy = ClientProxyFactory.create({ transport: Transport.NATS, options: natsConnectionOptions(nats.url, 'huge-client') });
  });

  afterAll(async () => {
    await proxy?.close();
    await service?.close();
    await nats?.stop();
  });

  it('answers a 2 MB reply with a small error at once, and goes on serving', async () => {
    const client = new ServiceClient(proxy, 'probe', 3000);
    const started = Date.now();
    const error = await client.request(probe('probe.huge'), {}).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ServiceCallError);
    expect((error as ServiceCallError).body).toMatchObject({ code: 'INTERNAL', details: { reason: 'REPLY_TOO_LARGE', maxPayload: 1024 * 1024 } });
    // Not the caller's timeout: the service said so.
    expect(Date.now() - started).toBeLessThan(2000);
    await expect(client.request(probe('probe.small'), {})).resolves.toEqual({ ok: true });
  });

  it('refuses to send a request larger than NATS carries, saying so', async () => {
    const client = new ServiceClient(proxy, 'probe', 3000);
    const error = await client.request(probe('probe.small'), { blob: 'x'.repeat(2 * 1024 * 1024) }).catch((e: unknown) => e);
    expect((error as ServiceCallError).body).toMatchObject({ code: 'INTERNAL', details: { reason: 'REQUEST_TOO_LARGE', maxPayload: 1024 * 1024 } });
    await expect(client.request(probe('probe.small'), {})).resolves.toEqual({ ok: true });
  });
});

let honestBomb: Uint8Array | undefined;

describe('imports of any size stay bounded', () => {
  let bureau: string;
  beforeAll(async () => {
    bureau = await bureauToken();
  });

  it('reports 8,000 bad cells as a summary: reading the job keeps the catalogue (and sign-in) up', async () => {
    const jobId = await upload(bureau, zip({ 'instruments.csv': badInstruments(8000) }));
    const job = await finished(bureau, jobId);
    expect(job.state).toBe('failed');
    expect(job.error.code).toBe('VALIDATION_FAILED');
    expect(job.error.details.totalBadCells).toBe(8000);
    expect(job.error.details.cells).toHaveLength(20);
    expect(job.error.details.cells[0]).toEqual({ file: 'instruments.csv', line: 2, column: 'categoryCode', reason: expect.stringContaining('0199') });
    for (let i = 0; i < 5; i++) expect((await api('GET', `/jobs/${jobId}`, { token: bureau })).status).toBe(200);
    await bureauToken();
    expectEveryServiceUp();
  }, 180000);

  it('stores 200,000 bad cells and pages them, with every service up', async () => {
    const jobId = await upload(bureau, zip({ 'instruments.csv': badInstruments(200000) }));
    const job = await finished(bureau, jobId, 250, 300000);
    expect(job.state).toBe('failed');
    expect(job.error.details.totalBadCells).toBe(200000);
    expect(job.error.details.cells).toHaveLength(20);
    const first = await api('GET', `/jobs/${jobId}/cells?page=1&pageSize=200`, { token: bureau });
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ total: 200000, page: 1, pageSize: 200 });
    expect(first.body.items).toHaveLength(200);
    expect(first.body.items[0]).toEqual(job.error.details.cells[0]);
    expect(first.body.items.map((c: any) => c.line)).toEqual(Array.from({ length: 200 }, (_, i) => i + 2));
    const last = await api('GET', `/jobs/${jobId}/cells?page=1000&pageSize=200`, { token: bureau });
    expect(last.body.items).toHaveLength(200);
    expect(last.body.items[199]).toMatchObject({ file: 'instruments.csv', line: 200001, column: 'categoryCode' });
    expect((await api('GET', `/jobs/${jobId}/cells?page=1001&pageSize=200`, { token: bureau })).body).toMatchObject({ items: [], total: 200000 });
    // Defaults, bounds, and the job's own visibility.
    expect((await api('GET', `/jobs/${jobId}/cells`, { token: bureau })).body).toMatchObject({ page: 1, pageSize: 50 });
    expectError(await api('GET', `/jobs/${jobId}/cells?pageSize=201`, { token: bureau }), 400, 'VALIDATION_FAILED');
    const inst = await createInstitution(bureau);
    const stranger = await createUser(bureau, 'institution_admin', inst.code);
    expectError(await api('GET', `/jobs/${jobId}/cells`, { token: stranger.token }), 404);
    expectError(await api('GET', `/jobs/${jobId}`, { token: stranger.token }), 404);
    const health = await api('GET', '/health');
    expect(health.status).toBe(200);
    expectEveryServiceUp();
  }, 400000);

  it.each([
    ['whose headers tell the truth', false],
    ['whose headers lie about its sizes', true],
  ])('refuses a 250 KB zip that would expand to 250 MB, %s, at once and in little memory', async (_, lie) => {
    // usage.csv: on its way billing would have unzipped it again, after the catalogue.
    // Zipping 250 MB takes seconds: the lying one is the honest one patched.
    honestBomb ??= zipBomb(250 * 1024 * 1024, { name: 'usage.csv' });
    const bomb = lie ? zipBomb(250 * 1024 * 1024, { lie, from: honestBomb }) : honestBomb;
    expect(bomb.length).toBeLessThan(300 * 1024);
    const watched = Object.entries(pids()).filter(([name]) => name.startsWith('catalogue') || name.startsWith('billing'));
    expect(watched.length).toBe(3);
    const before = new Map(watched.map(([name, pid]) => [name, residentMiB(pid)]));
    let peak = new Map(before);
    const sampler = setInterval(() => {
      peak = new Map(watched.map(([name, pid]) => [name, Math.max(peak.get(name) ?? 0, residentMiB(pid))]));
    }, 10);
    try {
      const started = Date.now();
      const jobId = await upload(bureau, new Blob([bomb], { type: 'application/zip' }));
      const job = await finished(bureau, jobId, 20);
      const took = Date.now() - started;
      expect(job.state).toBe('failed');
      expect(job.error.details.cells).toEqual([{ file: expect.stringMatching(/usage\.csv/), line: 0, column: '', reason: expect.stringMatching(/压缩比.*200:1/) }]);
      process.stdout.write(`  bomb (lie: ${lie}) refused in ${took} ms\n`);
      expect(took).toBeLessThan(1000);
    } finally {
      clearInterval(sampler);
    }
    for (const [name, pid] of watched) {
      const rise = Math.max(peak.get(name) ?? 0, residentMiB(pid)) - (before.get(name) ?? 0);
      process.stdout.write(`  ${name}: resident ${Math.round(before.get(name) ?? 0)} MiB, rose by ${Math.round(rise)} MiB\n`);
      expect({ name, riseUnder50MiB: rise < 50 }).toEqual({ name, riseUnder50MiB: true });
    }
    expectEveryServiceUp();
  }, 60000);
});

describe('an institution admin imports only what PATCH would let them change', () => {
  let bureau: string;
  beforeAll(async () => {
    bureau = await bureauToken();
  });

  it('refuses, cell by cell, a row for their own institution that changes a field PATCH refuses', async () => {
    const own = await createInstitution(bureau, { groupCode: 'GRP-A', region: 'CQ' });
    const admin = await createUser(bureau, 'institution_admin', own.code);
    // PATCH says no, for groupCode as for the rest.
    expectError(await api('PATCH', `/institutions/${own.id}`, { token: admin.token, body: { groupCode: 'GRP-B' } }), 403);
    const header = 'code,name,kind,region,creditCode,groupCode';
    const rewrite = await finished(admin.token, await upload(admin.token, zip({ 'institutions.csv': `${header}\n${own.code},${own.name},hospital,CQ,${own.creditCode},GRP-B\n` })));
    expect(rewrite.state).toBe('failed');
    expect(rewrite.error.details.cells).toEqual([
      { file: 'institutions.csv', line: 2, column: 'kind', reason: expect.stringContaining('不能修改本单位的 kind') },
      { file: 'institutions.csv', line: 2, column: 'groupCode', reason: expect.stringContaining('不能修改本单位的 groupCode') },
    ]);
    const stored = await api('GET', `/institutions/${own.id}`, { token: bureau });
    expect(stored.body).toMatchObject({ kind: 'university', groupCode: 'GRP-A' });
    // Saying what is stored is no change, and passes; another institution's row is refused as before.
    const same = await finished(admin.token, await upload(admin.token, zip({ 'institutions.csv': `${header}\n${own.code},${own.name},university,CQ,${own.creditCode},GRP-A\n` })));
    expect(same.state).toBe('completed');
    const other = await createInstitution(bureau);
    const foreign = await finished(admin.token, await upload(admin.token, zip({ 'institutions.csv': `${header}\n${other.code},x,university,CQ,,\n` })));
    expect(foreign.error.details.cells).toEqual([expect.objectContaining({ file: 'institutions.csv', line: 2, column: 'code' })]);
  }, 60000);
});

describe('a bundle is imported whole or not at all, across services', () => {
  let bureau: string;
  let db: Client;
  beforeAll(async () => {
    bureau = await bureauToken();
    db = new Client({ connectionString: testEnv().databaseUrl });
    await db.connect();
  });
  afterAll(async () => {
    await db?.end();
  });

  it('stores nothing of the catalogue part when billing fails to write its part after checking it', async () => {
    const holder = await createInstitution(bureau);
    const instrument = uniqueCode('EQ-WHOLE');
    const voucher = uniqueCode('V-WHOLE');
    const files = {
      'instruments.csv': `code,institutionCode,name,categoryCode,originalValueFen,sharingStatus\n${instrument},${holder.code},整体导入,0101,100,open\n`,
      'vouchers.csv': `code,holderInstitutionCode,faceValueFen,coverBps,validFrom\n${voucher},${holder.code},500000,5000,2025-01-01\n`,
    };
    // A rule only the write meets: billing's check cannot know of it.
    const constraint = `import_test_${voucher.replace(/[^A-Za-z0-9]/g, '_').toLowerCase()}`;
    await db.query(`alter table billing.voucher add constraint ${constraint} check (code <> '${voucher}') not valid`);
    let job: any;
    try {
      job = await finished(bureau, await upload(bureau, zip(files)), 200);
    } finally {
      await db.query(`alter table billing.voucher drop constraint ${constraint}`);
    }
    expect(job.state).toBe('failed');
    expectError(await api('GET', `/instruments/${instrument}`, { token: bureau }), 404);
    expect((await db.query(`select 1 from catalogue.instrument where code = $1`, [instrument])).rowCount).toBe(0);
    expect((await db.query(`select 1 from billing.voucher where code = $1`, [voucher])).rowCount).toBe(0);
    expect(job.error.message).toContain('未导入任何内容');
    expect(JSON.stringify(job.error)).not.toMatch(/insert into|select |unnest|\bbilling\.voucher\b|\$\d/i);

    // Without the rule the same bundle goes in, both parts, billing's voucher held by the catalogue's institution.
    const again = await finished(bureau, await upload(bureau, zip(files)), 200);
    expect(again.state).toBe('completed');
    expect(again.result.counts['vouchers.csv']).toEqual({ inserted: 1, updated: 0, unchanged: 0 });
    expect((await api('GET', `/instruments/${instrument}`, { token: bureau })).status).toBe(200);
    const stored = await db.query(`select holder_institution_id from billing.voucher where code = $1`, [voucher]);
    expect(stored.rows).toEqual([{ holder_institution_id: holder.id }]);
  }, 120000);

  it('writes usage of instruments and users that the same bundle creates (ids not yet committed when billing writes)', async () => {
    const ins = uniqueCode('INS-NEW');
    const eq = uniqueCode('EQ-NEW');
    const user = uniqueCode('U-NEW');
    const usage = uniqueCode('LIM-USAGE'); // not UR-…: the worked example's exports are read by that prefix
    const files = {
      'institutions.csv': `code,name,kind,region\n${ins},新单位,university,CQ\n`,
      'users.csv': `code,institutionCode,name\n${user},${ins},新用户\n`,
      'instruments.csv': `code,institutionCode,name,categoryCode,originalValueFen,sharingStatus\n${eq},${ins},新仪器,0101,100,open\n`,
      'usage.csv': `code,instrumentCode,userCode,start,end,serviceMode,serviceCategory,status\n${usage},${eq},${user},2025-03-03T09:00:00+08:00,2025-03-03T10:00:00+08:00,self,research,completed\n`,
    };
    const job = await finished(bureau, await upload(bureau, zip(files)), 200);
    expect(job.state).toBe('completed');
    expect(job.result.counts['usage.csv']).toEqual({ inserted: 1, updated: 0, unchanged: 0 });
    const rows = await db.query(
      `select (u.instrument_id = i.id) as instrument_ok, (u.user_id = p.id) as user_ok, (u.provider_institution_id = i.institution_id) as provider_ok
         from billing.usage_record u, catalogue.instrument i, catalogue.app_user p where u.code = $1 and i.code = $2 and p.code = $3`, [usage, eq, user]);
    expect(rows.rows).toEqual([{ instrument_ok: true, user_ok: true, provider_ok: true }]);
  }, 120000);
});
