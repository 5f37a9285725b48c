import { strToU8, zipSync } from 'fflate';
import { makeCreditCode } from '@yixiang/domain';
import { api, ApiResponse, bureauToken, expectError, testEnv } from './support/api';
import { createInstitution, createRegionalOfficer, createUser, instrumentBody, rateCard, uniqueCode } from './support/factories';
import { readSheet } from './support/xlsx';

/**
 * Cross-region sharing statistics (issue 16): a Sichuan user's service on a Chongqing instrument
 * counts under provider CQ × user SC, for both regions, and in both regions' cross-border figures;
 * every bureau officer and auditors read them, other roles do not.
 *
 * The year 2022 is this file's own (no other test records usage in it); the figures are still
 * compared as the change this file's records make, so that a rerun against the same database holds.
 */

const YEAR = 2022;
const WEEKLY = [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({ weekday, start: '00:00', end: '24:00' }));
type User = { user: any; token: string; password: string; email: string };

function ok<T = any>(res: ApiResponse<T>, status: number, what: string): T {
  if (res.status !== status) throw new Error(`${what} → ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

async function settle(token: string, period: string): Promise<void> {
  const started = ok(await api('POST', '/settlements', { token, body: { period } }), 202, `settle ${period}`);
  for (let i = 0; i < 1200; i++) {
    const job = ok(await api('GET', `/jobs/${started.jobId}`, { token }), 200, 'job');
    if (job.state === 'completed') return;
    if (job.state === 'failed') throw new Error(`settlement failed: ${JSON.stringify(job)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('settlement did not finish');
}

/** A provider institution of the region with an operator and an open instrument priced since 2019. */
async function provider(bureau: string, region: string, name: string) {
  const institution = await createInstitution(bureau, { region, name });
  const admin = await createUser(bureau, 'institution_admin', institution.code);
  const operator = await createUser(bureau, 'operator', institution.code);
  const instrument = ok(await api('POST', '/instruments', { token: admin.token, body: instrumentBody({ serviceModes: ['self', 'assisted'] }) }), 201, 'instrument');
  ok(await api('PUT', `/instruments/${instrument.id}/availability`, { token: admin.token, body: { timezone: 'Asia/Shanghai', weekly: WEEKLY } }), 200, 'availability');
  ok(await api('PUT', `/instruments/${instrument.id}/rates`, { token: admin.token, body: [rateCard({ validFrom: '2019-01-01', code: `${instrument.code}-RC` })] }), 200, 'rates');
  return { institution, admin, operator, instrument };
}

async function usage(operator: User, instrument: any, user: any, start: string, end: string, serviceCategory: string): Promise<any> {
  return ok(await api('POST', '/usage', {
    token: operator.token, body: { instrumentId: instrument.id, userId: user.id, start, end, serviceMode: 'self', serviceCategory, reason: '跨区域服务补录 cross-region entry' },
  }), 201, 'usage');
}

type Figures = { services: number; minutes: number; amountFen: number; voucherFen: number };
const ZERO: Figures = { services: 0, minutes: 0, amountFen: 0, voucherFen: 0 };
const minus = (a: Figures = ZERO, b: Figures = ZERO): Figures => ({
  services: a.services - b.services, minutes: a.minutes - b.minutes, amountFen: a.amountFen - b.amountFen, voucherFen: a.voucherFen - b.voucherFen,
});
const figures = (f: Figures | undefined): Figures => (f ? { services: f.services, minutes: f.minutes, amountFen: f.amountFen, voucherFen: f.voucherFen } : ZERO);
const rowOf = (s: any, providerRegion: string, userRegion: string, period: string, category: string) =>
  figures((s.rows as any[]).find((r) => r.providerRegion === providerRegion && r.userRegion === userRegion && r.period === period && r.serviceCategory === category));
const totalsOf = (s: any, region: string) => (s.totals as any[]).find((t) => t.region === region);
const flowOf = (s: any, from: string, to: string) => figures((s.flows as any[]).find((f) => f.providerRegion === from && f.userRegion === to));

describe('cross-region statistics', () => {
  let bureau: string;
  let cq: Awaited<ReturnType<typeof provider>>;
  let sc: Awaited<ReturnType<typeof provider>>;
  let scUser: User;
  let cqUser: User;
  let auditor: User;
  let before: any;
  let after: any;
  const charged: Record<string, number> = {};

  beforeAll(async () => {
    bureau = await bureauToken();
    [cq, sc] = await Promise.all([provider(bureau, 'CQ', '重庆嘉陵理工大学'), provider(bureau, 'SC', '四川天府生物研究院')]);
    const scEnterprise = await createInstitution(bureau, { region: 'SC', kind: 'enterprise', name: '成都蓉芯测试有限公司' });
    scUser = await createUser(bureau, 'researcher', scEnterprise.code);
    cqUser = await createUser(bureau, 'researcher', cq.institution.code);
    auditor = await createUser(bureau, 'auditor');
    before = ok(await api('GET', `/statistics/cross-region?year=${YEAR}`, { token: bureau }), 200, 'statistics before');

    // An SC enterprise's researcher on the CQ instrument (2 h, testing); a CQ researcher at home (1 h)
    // and on the SC instrument (1 h 30, research).
    const records = {
      scOnCq: await usage(cq.operator, cq.instrument, scUser.user, `${YEAR}-05-10T09:00:00+08:00`, `${YEAR}-05-10T11:00:00+08:00`, 'testing'),
      cqAtHome: await usage(cq.operator, cq.instrument, cqUser.user, `${YEAR}-05-11T09:00:00+08:00`, `${YEAR}-05-11T10:00:00+08:00`, 'research'),
      cqOnSc: await usage(sc.operator, sc.instrument, cqUser.user, `${YEAR}-06-01T00:30:00+08:00`, `${YEAR}-06-01T02:00:00+08:00`, 'research'),
    };
    await settle(bureau, `${YEAR}-06`);
    for (const period of [`${YEAR}-05`, `${YEAR}-06`]) {
      const charges = ok(await api('GET', `/charges?period=${period}&pageSize=200`, { token: bureau }), 200, 'charges').items as any[];
      for (const [name, record] of Object.entries(records)) {
        const charge = charges.find((c) => c.usageId === record.id);
        if (charge) charged[name] = charge.amountFen;
      }
    }
    expect(Object.keys(charged).sort()).toEqual(['cqAtHome', 'cqOnSc', 'scOnCq']);
    after = ok(await api('GET', `/statistics/cross-region?year=${YEAR}`, { token: bureau }), 200, 'statistics after');
  }, 120000);

  it('counts the SC user’s service on the CQ instrument under provider CQ × user SC, in its Shanghai month and category', () => {
    expect(minus(rowOf(after, 'CQ', 'SC', `${YEAR}-05`, 'testing'), rowOf(before, 'CQ', 'SC', `${YEAR}-05`, 'testing')))
      .toEqual({ services: 1, minutes: 120, amountFen: charged.scOnCq, voucherFen: 0 });
    // 00:30 in Shanghai on 1 June is still 31 May in UTC: the month is Shanghai's.
    expect(minus(rowOf(after, 'SC', 'CQ', `${YEAR}-06`, 'research'), rowOf(before, 'SC', 'CQ', `${YEAR}-06`, 'research')))
      .toEqual({ services: 1, minutes: 90, amountFen: charged.cqOnSc, voucherFen: 0 });
    expect(charged.scOnCq).toBeGreaterThan(0);
    expect(after).toMatchObject({ year: YEAR, region: null });
  });

  it('counts it for both regions, as provider and as user, and in both regions’ cross-border figures', () => {
    const delta = (region: string, key: string) => minus(figures(totalsOf(after, region)?.[key]), figures(totalsOf(before, region)?.[key]));
    const scOnCq = { services: 1, minutes: 120, amountFen: charged.scOnCq, voucherFen: 0 };
    const cqAtHome = { services: 1, minutes: 60, amountFen: charged.cqAtHome, voucherFen: 0 };
    const cqOnSc = { services: 1, minutes: 90, amountFen: charged.cqOnSc, voucherFen: 0 };
    const plus = (...list: Figures[]) => list.reduce((s, f) => minus(s, minus(ZERO, f)), ZERO);
    expect(delta('CQ', 'asProvider')).toEqual(plus(scOnCq, cqAtHome));
    expect(delta('CQ', 'asUser')).toEqual(plus(cqAtHome, cqOnSc));
    expect(delta('CQ', 'crossBorder')).toEqual(plus(scOnCq, cqOnSc));
    expect(delta('CQ', 'crossBorderAsProvider')).toEqual(scOnCq);
    expect(delta('SC', 'asProvider')).toEqual(cqOnSc);
    expect(delta('SC', 'asUser')).toEqual(scOnCq);
    expect(delta('SC', 'crossBorder')).toEqual(plus(scOnCq, cqOnSc));
    expect(delta('SC', 'crossBorderAsUser')).toEqual(scOnCq);
    expect(minus(flowOf(after, 'CQ', 'SC'), flowOf(before, 'CQ', 'SC'))).toEqual(scOnCq);
    expect(minus(flowOf(after, 'SC', 'CQ'), flowOf(before, 'SC', 'CQ'))).toEqual(cqOnSc);
    // The totals are the sums of the rows.
    for (const t of after.totals as any[]) {
      const services = (after.rows as any[]).filter((r) => r.providerRegion === t.region).reduce((n, r) => n + r.services, 0);
      expect(t.asProvider.services).toBe(services);
    }
  });

  it('with region=SC: the rows touching SC and SC’s totals alone, the same as in the whole', async () => {
    const sc = ok(await api('GET', `/statistics/cross-region?year=${YEAR}&region=SC`, { token: bureau }), 200, 'statistics SC');
    expect(sc.region).toBe('SC');
    expect(sc.rows).toEqual((after.rows as any[]).filter((r) => r.providerRegion === 'SC' || r.userRegion === 'SC'));
    expect(sc.totals).toEqual([totalsOf(after, 'SC')]);
  });

  it('is read by a CQ officer and an SC officer alike (every row, both regions), by auditors, not by institutions', async () => {
    const [cqOfficer, scOfficer] = await Promise.all([createRegionalOfficer(bureau, 'CQ'), createRegionalOfficer(bureau, 'SC')]);
    for (const officer of [cqOfficer, scOfficer]) {
      expect(officer.user.region).toMatch(/^(CQ|SC)$/);
      const seen = ok(await api('GET', `/statistics/cross-region?year=${YEAR}`, { token: officer.token }), 200, `${officer.user.region} officer`);
      expect(seen).toEqual(after);
      // The service is there for both regions, whichever officer reads.
      expect(rowOf(seen, 'CQ', 'SC', `${YEAR}-05`, 'testing').services).toBeGreaterThanOrEqual(1);
      expect(totalsOf(seen, 'CQ').crossBorder.services).toBeGreaterThanOrEqual(2);
      expect(totalsOf(seen, 'SC').crossBorder.services).toBeGreaterThanOrEqual(2);
      // Another region's figures alone too: statistics are what a regional officer reads everywhere.
      const other = officer.user.region === 'CQ' ? 'SC' : 'CQ';
      expect(ok(await api('GET', `/statistics/cross-region?year=${YEAR}&region=${other}`, { token: officer.token }), 200, 'other region').totals).toEqual([totalsOf(after, other)]);
    }
    expect(ok(await api('GET', `/statistics/cross-region?year=${YEAR}`, { token: auditor.token }), 200, 'auditor')).toEqual(after);
    expectError(await api('GET', `/statistics/cross-region?year=${YEAR}`, { token: cq.admin.token }), 403, 'FORBIDDEN');
    expectError(await api('GET', `/statistics/cross-region?year=${YEAR}`, { token: scUser.token }), 403, 'FORBIDDEN');
    expectError(await api('GET', `/statistics/cross-region?year=${YEAR}`), 401);
  });

  it.each([
    ['year=abc', 'year'], ['year=1999', 'year'], ['year=2101', 'year'], ['year=2022.5', 'year'], ['', 'year'], [`year=${YEAR}&region=cq`, 'region'], [`year=${YEAR}&region=C`, 'region'],
  ])('refuses %s with a 400 naming %s', async (query, field) => {
    const res = await api('GET', `/statistics/cross-region?${query}`, { token: bureau });
    expectError(res, 400, 'VALIDATION_FAILED');
    expect((res.body.error.details.fields as { field: string }[]).map((f) => f.field)).toContain(field);
  });

  it('counts the voucher part of a settled charge as voucher fen, for both regions', async () => {
    // A bundle of its own: a CQ provider, an SC enterprise holding an old-style voucher (50 %), one use of 3 h in September.
    const c = (prefix: string) => uniqueCode(prefix);
    const [provider, holder, instrument, user, voucher, record] = [c('XP'), c('XH'), c('XEQ'), c('XU'), c('XCV'), c('XUR')];
    const files: Record<string, string> = {
      'institutions.csv': `code,name,kind,region,creditCode,groupCode\n${provider},重庆跨区测试大学,university,CQ,${makeCreditCode(Math.floor(Math.random() * 1e9))},\n`
        + `${holder},成都跨区测试公司,enterprise,SC,${makeCreditCode(Math.floor(Math.random() * 1e9))},\n`,
      'instruments.csv': 'code,institutionCode,name,model,manufacturer,countryOfOrigin,categoryCode,originalValueFen,purchaseDate,specialised,sharingStatus,onlineBooking,retiredOn\n'
        + `${instrument},${provider},激光共聚焦显微镜,LSM 980,Carl Zeiss,DE,0101,300000000,2020-01-01,false,open,true,\n`,
      'rates.csv': 'code,instrumentCode,serviceMode,unit,internalPriceFen,externalPriceFen,incrementMinutes,minimumChargeFen,validFrom,validTo\n'
        + `${instrument}-RC,${instrument},self,hour,10000,20000,30,0,2020-01-01,\n`,
      'users.csv': `code,institutionCode,name,email\n${user},${holder},王敏,${user.toLowerCase()}@x.example.cn\n`,
      'vouchers.csv': `code,holderInstitutionCode,faceValueFen,coverBps,perUseCapFen,validFrom,validTo\n${voucher},${holder},1000000,5000,,${YEAR}-01-01,${YEAR + 1}-01-01\n`,
      'usage.csv': 'code,instrumentCode,userCode,start,end,samples,serviceMode,serviceCategory,status,voucherCode\n'
        + `${record},${instrument},${user},${YEAR}-09-01T09:00:00+08:00,${YEAR}-09-01T12:00:00+08:00,,self,testing,completed,${voucher}\n`,
    };
    const form = new FormData();
    form.append('bundle', new Blob([zipSync(Object.fromEntries(Object.entries(files).map(([n, t]) => [n, strToU8(t)])))], { type: 'application/zip' }), 'bundle.zip');
    const beforeVoucher = ok(await api('GET', `/statistics/cross-region?year=${YEAR}`, { token: bureau }), 200, 'before');
    const started = ok(await api('POST', '/imports', { token: bureau, raw: form }), 202, 'import');
    for (let i = 0; i < 600; i++) {
      const job = ok(await api('GET', `/jobs/${started.jobId}`, { token: bureau }), 200, 'import job');
      if (job.state === 'completed') break;
      if (job.state === 'failed') throw new Error(`import failed ${JSON.stringify(job.error)}`);
      await new Promise((r) => setTimeout(r, 100));
    }
    await settle(bureau, `${YEAR}-09`);
    const charge = (ok(await api('GET', `/charges?period=${YEAR}-09&pageSize=200`, { token: bureau }), 200, 'charges').items as any[])
      .find((x) => x.usageCode === record);
    expect(charge).toMatchObject({ amountFen: 60000, voucherFen: 30000 });
    const afterVoucher = ok(await api('GET', `/statistics/cross-region?year=${YEAR}`, { token: bureau }), 200, 'after');
    // 3 h at the external 200 CNY: 600 CNY billed, half of it covered by the voucher.
    const expected = { services: 1, minutes: 180, amountFen: 60000, voucherFen: 30000 };
    expect(minus(rowOf(afterVoucher, 'CQ', 'SC', `${YEAR}-09`, 'testing'), rowOf(beforeVoucher, 'CQ', 'SC', `${YEAR}-09`, 'testing'))).toEqual(expected);
    expect(minus(figures(totalsOf(afterVoucher, 'SC').crossBorderAsUser), figures(totalsOf(beforeVoucher, 'SC').crossBorderAsUser))).toEqual(expected);
    expect(minus(figures(totalsOf(afterVoucher, 'CQ').crossBorderAsProvider), figures(totalsOf(beforeVoucher, 'CQ').crossBorderAsProvider))).toEqual(expected);
  });

  it('exports the same rows as CSV and .xlsx', async () => {
    const csv = await api('GET', `/statistics/cross-region.csv?year=${YEAR}`, { token: bureau });
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toMatch(/text\/csv/);
    const now = ok(await api('GET', `/statistics/cross-region?year=${YEAR}`, { token: bureau }), 200, 'statistics');
    const lines = (csv.body as string).trim().split('\n');
    expect(lines[0]).toBe('providerRegion,userRegion,period,serviceCategory,services,minutes,amountFen,voucherFen');
    expect(lines.slice(1)).toEqual((now.rows as any[]).map((r) => [r.providerRegion ?? '', r.userRegion ?? '', r.period, r.serviceCategory, r.services, r.minutes, r.amountFen, r.voucherFen].join(',')));
    const xlsx = await fetch(`${testEnv().gatewayUrl}/api/v1/statistics/cross-region.xlsx?year=${YEAR}&region=CQ`, { headers: { authorization: `Bearer ${bureau}` } });
    expect(xlsx.status).toBe(200);
    const sheet = await readSheet(await xlsx.arrayBuffer());
    expect(sheet.rows[0]).toEqual(['服务地区代码', '服务地区', '用户地区代码', '用户地区', '月份', '服务类别', '服务次数', '机时（小时）', '金额（元）', '创新券抵扣（元）']);
    expect(sheet.rows.some((r) => r[4] === `${YEAR}-05`)).toBe(true);
    expect(sheet.rows.some((r) => r[0] === 'CQ' && r[1] === '重庆')).toBe(true);
    expectError(await api('GET', `/statistics/cross-region.csv?year=${YEAR}`, { token: cq.admin.token }), 403, 'FORBIDDEN');
  });
});
