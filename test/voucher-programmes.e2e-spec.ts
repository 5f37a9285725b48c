import { strToU8, zipSync } from 'fflate';
import { randomBytes } from 'node:crypto';
import { api, bureauToken } from './support/api';
import { createInstitution, createRegionalOfficer, createUser, instrumentBody, rateCard } from './support/factories';

/**
 * Innovation voucher programmes across two regional bureaus (issue 16): a Sichuan officer opens a
 * provider-redeemed programme for enterprises, spendable in Chongqing and Sichuan; a Sichuan enterprise
 * applies and is approved (a voucher issued); the Chongqing officer may not decide Sichuan's queue;
 * settlement draws the voucher at a Chongqing provider but not at one outside the provider regions, and
 * never draws a holder-reimbursed voucher. Budget and caps hold under 20 simultaneous approvals.
 */
const tag = randomBytes(3).toString('hex').toUpperCase();
const ENT = `VPE-${tag}`;
const HOSP = `VPH-${tag}`;
const CQU = `VPC-${tag}`;
const GZI = `VPG-${tag}`;

const zip = (files: Record<string, string>): Blob =>
  new Blob([zipSync(Object.fromEntries(Object.entries(files).map(([n, t]) => [n, strToU8(t)])))], { type: 'application/zip' });

const catalogueBundle = () => zip({
  'institutions.csv': `code,name,kind,region\n${ENT},成都创新券测试科技有限公司,enterprise,SC\n${HOSP},成都创新券测试医院,hospital,SC\n`
    + `${CQU},重庆创新券测试大学,university,CQ\n${GZI},贵阳创新券测试研究院,institute,GZ\n`,
  'users.csv': `code,institutionCode,name,email\nVPU-${tag},${ENT},李研,vpu-${tag.toLowerCase()}@ent.example.cn\n`,
  'instruments.csv': 'code,institutionCode,name,categoryCode,originalValueFen,sharingStatus,onlineBooking\n'
    + `VPI1-${tag},${CQU},创新券测试电镜,0101,100000000,open,true\nVPI2-${tag},${GZI},创新券测试质谱,0101,100000000,open,true\n`,
  'rates.csv': 'code,instrumentCode,serviceMode,unit,internalPriceFen,externalPriceFen,incrementMinutes,minimumChargeFen,validFrom,validTo\n'
    + `VPR1-${tag},VPI1-${tag},self,hour,10000,30001,30,0,2026-01-01,\nVPR2-${tag},VPI2-${tag},self,hour,10000,30000,30,0,2026-01-01,\n`,
});

async function finished(token: string, id: string): Promise<any> {
  for (let i = 0; i < 1200; i++) {
    const j = (await api('GET', `/jobs/${id}`, { token })).body;
    if (j.state === 'completed' || j.state === 'failed') return j;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`job ${id} did not finish`);
}

async function importBundle(token: string, bundle: Blob): Promise<void> {
  const form = new FormData();
  form.append('bundle', bundle, 'vouchers.zip');
  const started = await api('POST', '/imports', { token, raw: form });
  expect(started.status).toBe(202);
  const job = await finished(token, started.body.jobId);
  if (job.state !== 'completed') throw new Error(`import failed: ${JSON.stringify(job)}`);
}

const programmeBody = (overrides: Record<string, unknown> = {}) => ({
  code: `VP-${randomBytes(3).toString('hex').toUpperCase()}`, name: '2026 年川渝科技创新券（测试）', year: 2026, budgetFen: 1_000_000, coverBps: 5000,
  perApplicationCapFen: 200_000, perHolderYearCapFen: 300_000, applicantKinds: ['enterprise'], providerRegions: ['CQ', 'SC'],
  validFrom: '2026-01-01', validTo: '2030-01-01', mode: 'provider-redeemed', ...overrides,
});

describe('voucher programmes and applications', () => {
  let joint: string;
  let sc: string;
  let cq: string;
  let researcher: string;
  let hospitalResearcher: string;
  let institutions: Record<string, string>;

  beforeAll(async () => {
    joint = await bureauToken();
    await importBundle(joint, catalogueBundle());
    const list = (await api('GET', `/institutions?q=${tag}&pageSize=10`, { token: joint })).body.items as any[];
    institutions = Object.fromEntries(list.map((i) => [i.code, i.id]));
    sc = (await createRegionalOfficer(joint, 'SC')).token;
    cq = (await createRegionalOfficer(joint, 'CQ')).token;
    researcher = (await createUser(joint, 'researcher', ENT)).token;
    hospitalResearcher = (await createUser(joint, 'researcher', HOSP)).token;
  }, 120000);

  it('SC opens a programme, an SC enterprise applies and is approved, CQ may not decide, settlement draws it in CQ but not in GZ', async () => {
    // A regional officer's programme is its own region's; another region's is refused.
    expect((await api('POST', '/voucher-programmes', { token: cq, body: programmeBody({ issuingRegion: 'SC' }) })).status).toBe(403);
    expect((await api('POST', '/voucher-programmes', { token: researcher, body: programmeBody() })).status).toBe(403);
    const created = await api('POST', '/voucher-programmes', { token: sc, body: programmeBody() });
    expect(created.status).toBe(201);
    const programme = created.body;
    expect(programme).toMatchObject({ issuingRegion: 'SC', committedFen: 0, remainingFen: 1_000_000, mode: 'provider-redeemed' });

    // The enterprise sees the programme; the hospital does not (it may not apply) and is refused naming the rule.
    const seen = (await api('GET', '/voucher-programmes?region=SC&pageSize=200', { token: researcher })).body.items.map((p: any) => p.id);
    expect(seen).toContain(programme.id);
    const hospitalSees = (await api('GET', '/voucher-programmes?region=SC&pageSize=200', { token: hospitalResearcher })).body.items.map((p: any) => p.id);
    expect(hospitalSees).not.toContain(programme.id);
    const refused = await api('POST', '/voucher-applications', { token: hospitalResearcher, body: { programmeId: programme.id, amountFen: 100_000, project: '临床样本检测' } });
    expect(refused.status).toBe(422);
    expect(refused.body.error.details.rules[0].rule).toBe('applicant-kind');
    const tooMuch = await api('POST', '/voucher-applications', { token: researcher, body: { programmeId: programme.id, amountFen: 200_001, project: '超额' } });
    expect(tooMuch.status).toBe(422);
    expect(tooMuch.body.error.details.rules[0].rule).toBe('per-application-cap');

    const applied = await api('POST', '/voucher-applications', { token: researcher, body: { programmeId: programme.id, amountFen: 150_000, project: '锂电池隔膜形貌表征' } });
    expect(applied.status).toBe(201);
    expect(applied.body).toMatchObject({ state: 'submitted', applicantInstitutionId: institutions[ENT], issuingRegion: 'SC', voucherId: null });
    const application = applied.body;

    // The SC queue holds it; the CQ officer neither sees it in its queue nor may decide it.
    const queue = (await api('GET', `/voucher-applications?programmeId=${programme.id}`, { token: sc })).body.items.map((a: any) => a.id);
    expect(queue).toEqual([application.id]);
    expect((await api('GET', `/voucher-applications?programmeId=${programme.id}`, { token: cq })).body.items).toEqual([]);
    const cqApprove = await api('POST', `/voucher-applications/${application.id}/approve`, { token: cq, body: { amountFen: 100_000 } });
    expect(cqApprove.status).toBe(403);
    expect((await api('POST', `/voucher-applications/${application.id}/reject`, { token: cq, body: { reason: '不予支持' } })).status).toBe(403);
    expect((await api('POST', `/voucher-applications/${application.id}/approve`, { token: researcher, body: { amountFen: 100_000 } })).status).toBe(403);
    expect((await api('POST', `/voucher-applications/${application.id}/approve`, { token: sc, body: { amountFen: 150_001 } })).status).toBe(422);

    const approved = await api('POST', `/voucher-applications/${application.id}/approve`, { token: sc, body: { amountFen: 100_000 } });
    expect(approved.status).toBe(200);
    expect(approved.body).toMatchObject({ state: 'approved', approvedFen: 100_000 });
    expect(approved.body.voucherId).toEqual(expect.any(String));
    const again = await api('POST', `/voucher-applications/${application.id}/approve`, { token: sc, body: { amountFen: 100_000 } });
    expect(again.status).toBe(409);
    expect((await api('GET', `/voucher-applications/${application.id}`, { token: researcher })).body.state).toBe('approved');

    // The voucher copies the programme's cover, validity, provider regions and mode; its amount is the approved one.
    const vouchers = (await api('GET', '/vouchers?pageSize=200', { token: joint })).body.items as any[];
    const voucher = vouchers.find((v) => v.id === approved.body.voucherId);
    expect(voucher).toMatchObject({
      code: approved.body.voucherCode, holderInstitutionId: institutions[ENT], faceValueFen: 100_000, coverBps: 5000, perUseCapFen: null,
      programmeId: programme.id, mode: 'provider-redeemed', providerRegions: ['CQ', 'SC'], validTo: '2029-12-31T16:00:00.000Z',
    });
    const report = (await api('GET', `/voucher-programmes/${programme.id}`, { token: sc })).body;
    expect(report).toMatchObject({ committedFen: 100_000, remainingFen: 900_000, report: { issuedCount: 1, issuedFen: 100_000, expiredFen: 0, approvedApplications: 1 } });

    // Usage in November 2026: one record at the CQ provider (drawn), one at the GZ provider (outside the provider regions: not drawn).
    await importBundle(joint, zip({
      'usage.csv': 'code,instrumentCode,userCode,start,end,samples,serviceMode,serviceCategory,status,voucherCode\n'
        + `VPU1-${tag},VPI1-${tag},VPU-${tag},2026-11-02T09:00:00+08:00,2026-11-02T10:00:00+08:00,,self,research,completed,${voucher.code}\n`
        + `VPU2-${tag},VPI2-${tag},VPU-${tag},2026-11-03T09:00:00+08:00,2026-11-03T10:00:00+08:00,,self,research,completed,${voucher.code}\n`,
    }));
    const started = await api('POST', '/settlements', { token: joint, body: { period: '2026-11' } });
    expect(started.status).toBe(202);
    expect((await finished(joint, started.body.jobId)).state).toBe('completed');
    const charges = (await api('GET', '/charges?period=2026-11&pageSize=200', { token: joint })).body.items as any[];
    const byCode = Object.fromEntries(charges.filter((c) => c.usageCode.endsWith(tag)).map((c) => [c.usageCode, c]));
    // 30,001 fen × 50 % = 15,000.5 → 15,001 (half up), well within the balance.
    expect(byCode[`VPU1-${tag}`]).toMatchObject({ amountFen: 30_001, voucherId: voucher.id, voucherFen: 15_001, payableFen: 15_000 });
    expect(byCode[`VPU2-${tag}`]).toMatchObject({ amountFen: 30_000, voucherId: null, voucherFen: 0, payableFen: 30_000 });
    const rejections = await api('GET', '/exports/voucher-rejections.csv?period=2026-11', { token: joint });
    expect(rejections.status).toBe(200);
    const line = String(rejections.body).split('\n').find((l) => l.startsWith(`VPU2-${tag}`));
    expect(line).toContain('不在本券可用地区');
    expect((await api('GET', `/voucher-programmes/${programme.id}`, { token: sc })).body.report.drawnFen).toBe(15_001);

    // A bundle cannot rewrite a programme's voucher (its face value is the budget an approval committed).
    const form = new FormData();
    form.append('bundle', zip({
      'vouchers.csv': `code,holderInstitutionCode,faceValueFen,coverBps,perUseCapFen,validFrom,validTo\n${voucher.code},${ENT},9999999,10000,,2026-01-01,2030-01-01\n`,
    }), 'rewrite.zip');
    const rewrite = await finished(joint, (await api('POST', '/imports', { token: joint, raw: form })).body.jobId);
    expect(rewrite.state).toBe('failed');
    expect(JSON.stringify(rewrite)).toContain('由创新券计划发放，不能由导入修改');
    const unchanged = ((await api('GET', '/vouchers?pageSize=200', { token: joint })).body.items as any[]).find((v) => v.id === voucher.id);
    expect(unchanged).toMatchObject({ faceValueFen: 100_000, coverBps: 5000 });
  }, 180000);

  it('the SC enterprise books and uses a CQ instrument with its voucher: the check-out’s charge draws it as policy.md says', async () => {
    const provider = await createInstitution(joint, { region: 'CQ', name: '重庆创新券预约测试大学' });
    const admin = await createUser(joint, 'institution_admin', provider.code);
    const operator = await createUser(joint, 'operator', provider.code);
    const instrument = (await api('POST', '/instruments', { token: admin.token, body: instrumentBody({ serviceModes: ['assisted'], bookingRules: { checkInBeforeMinutes: 60 } }) })).body;
    const weekly = [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({ weekday, start: '00:00', end: '24:00' }));
    expect((await api('PUT', `/instruments/${instrument.id}/availability`, { token: admin.token, body: { timezone: 'Asia/Shanghai', weekly } })).status).toBe(200);
    expect((await api('PUT', `/instruments/${instrument.id}/rates`, { token: admin.token, body: [rateCard({ serviceMode: 'assisted', externalPriceFen: 30001, incrementMinutes: 30, validFrom: '2026-01-01' })] })).status).toBe(200);

    const programme = (await api('POST', '/voucher-programmes', { token: sc, body: programmeBody({ coverBps: 5000 }) })).body;
    const application = (await api('POST', '/voucher-applications', { token: researcher, body: { programmeId: programme.id, amountFen: 100_000, project: '跨区域预约使用' } })).body;
    const voucher = (await api('POST', `/voucher-applications/${application.id}/approve`, { token: sc, body: { amountFen: 100_000 } })).body;

    // A booking on the next free half hour (up to 31 minutes ahead: check-in opens an hour before), checked in and out at once: one minute used, 30 minutes billed.
    const start = new Date(Math.ceil((Date.now() + 60_000) / 1_800_000) * 1_800_000);
    const booked = await api('POST', '/bookings', { token: researcher, body: {
      instrumentId: instrument.id, start: start.toISOString(), end: new Date(start.getTime() + 3_600_000).toISOString(), serviceMode: 'assisted',
      purpose: '用创新券的跨区域测试', voucherId: voucher.voucherId,
    } });
    expect(booked.status).toBe(201);
    expect((await api('POST', `/bookings/${booked.body.id}/check-in`, { token: operator.token, body: {} })).status).toBe(200);
    expect((await api('POST', `/bookings/${booked.body.id}/check-out`, { token: operator.token, body: {} })).status).toBe(200);
    let record: any;
    for (let i = 0; i < 300 && !record; i++) {
      record = ((await api('GET', `/usage?instrumentId=${instrument.id}&pageSize=10`, { token: joint })).body.items as any[])[0];
      if (!record) await new Promise((r) => setTimeout(r, 100));
    }
    expect(record).toBeDefined();
    const period = new Date(new Date(record.start).getTime() + 8 * 3_600_000).toISOString().slice(0, 7);
    const started = await api('POST', '/settlements', { token: joint, body: { period } });
    expect((await finished(joint, started.body.jobId)).state).toBe('completed');
    const charge = ((await api('GET', `/charges?period=${period}&pageSize=200`, { token: joint })).body.items as any[]).find((c) => c.usageId === record.id);
    // 30 minutes of 30,001 fen an hour: 15,000.5 → 15,001; half of it 7,500.5 → 7,501 (half up).
    expect(charge).toMatchObject({ amountFen: 15_001, voucherId: voucher.voucherId, voucherFen: 7_501, payableFen: 7_500 });
  }, 120000);

  it('a holder-reimbursed voucher is not drawn at settlement: the holder pays in full', async () => {
    const programme = (await api('POST', '/voucher-programmes', { token: sc, body: programmeBody({ mode: 'holder-reimbursed', providerRegions: [] }) })).body;
    const application = (await api('POST', '/voucher-applications', { token: researcher, body: { programmeId: programme.id, amountFen: 50_000, project: '通用券项目' } })).body;
    const approved = (await api('POST', `/voucher-applications/${application.id}/approve`, { token: sc, body: { amountFen: 50_000 } })).body;
    expect(approved.state).toBe('approved');
    await importBundle(joint, zip({
      'usage.csv': 'code,instrumentCode,userCode,start,end,samples,serviceMode,serviceCategory,status,voucherCode\n'
        + `VPH1-${tag},VPI1-${tag},VPU-${tag},2026-11-05T09:00:00+08:00,2026-11-05T10:00:00+08:00,,self,research,completed,${approved.voucherCode}\n`,
    }));
    const started = await api('POST', '/settlements', { token: joint, body: { period: '2026-11' } });
    expect((await finished(joint, started.body.jobId)).state).toBe('completed');
    const charges = (await api('GET', '/charges?period=2026-11&pageSize=200', { token: joint })).body.items as any[];
    expect(charges.find((c) => c.usageCode === `VPH1-${tag}`)).toMatchObject({ amountFen: 30_001, voucherId: null, voucherFen: 0, payableFen: 30_001 });
    const rejections = String((await api('GET', '/exports/voucher-rejections.csv?period=2026-11', { token: joint })).body);
    expect(rejections.split('\n').find((l) => l.startsWith(`VPH1-${tag}`))).toContain('通用券不在结算时抵扣');
  }, 180000);

  it('20 simultaneous approvals exceeding the budget: those approved sum to at most the budget, the rest are 422 naming the budget and what is left', async () => {
    const programme = (await api('POST', '/voucher-programmes', { token: sc, body: programmeBody({ budgetFen: 100_000, perApplicationCapFen: 20_000, perHolderYearCapFen: 1_000_000 }) })).body;
    const amounts = Array.from({ length: 20 }, (_, i) => 7_000 + (i % 7) * 1_000); // 7,000 … 13,000 fen: 198,000 asked in all
    const applications = [];
    for (const amountFen of amounts) {
      const res = await api('POST', '/voucher-applications', { token: researcher, body: { programmeId: programme.id, amountFen, project: '并发审批测试' } });
      expect(res.status).toBe(201);
      applications.push(res.body);
    }
    const results = await Promise.all(applications.map((a) => api('POST', `/voucher-applications/${a.id}/approve`, { token: sc, body: { amountFen: a.amountFen } })));
    const approved = results.filter((r) => r.status === 200);
    const refused = results.filter((r) => r.status !== 200);
    for (const r of refused) {
      expect(r.status).toBe(422);
      expect(r.body.error.details.rules[0]).toMatchObject({ rule: 'budget', leftFen: expect.any(Number) });
      expect(r.body.error.message).toContain('预算');
    }
    const sum = approved.reduce((s, r) => s + r.body.approvedFen, 0);
    expect(sum).toBeLessThanOrEqual(100_000);
    expect(approved.length).toBeGreaterThan(0);
    expect(refused.length).toBeGreaterThan(0);
    // Every refusal was right when it was made: what was left then could not hold the amount.
    for (const r of refused) {
      const asked = applications[results.indexOf(r)].amountFen;
      expect(r.body.error.details.rules[0].leftFen).toBeLessThan(asked);
    }
    const after = (await api('GET', `/voucher-programmes/${programme.id}`, { token: sc })).body;
    expect(after.committedFen).toBe(sum);
    expect(after.report).toMatchObject({ issuedCount: approved.length, issuedFen: sum, approvedApplications: approved.length, submittedApplications: refused.length });
  }, 180000);

  it('20 simultaneous approvals of one holder: the per-holder cap holds', async () => {
    const programme = (await api('POST', '/voucher-programmes', { token: sc, body: programmeBody({ budgetFen: 10_000_000, perApplicationCapFen: 20_000, perHolderYearCapFen: 55_000 }) })).body;
    const applications = [];
    for (let i = 0; i < 20; i++) {
      applications.push((await api('POST', '/voucher-applications', { token: researcher, body: { programmeId: programme.id, amountFen: 10_000, project: '单位年度额度测试' } })).body);
    }
    const results = await Promise.all(applications.map((a) => api('POST', `/voucher-applications/${a.id}/approve`, { token: sc, body: { amountFen: 10_000 } })));
    const approved = results.filter((r) => r.status === 200);
    expect(approved.length).toBe(5);
    for (const r of results.filter((x) => x.status !== 200)) {
      expect(r.status).toBe(422);
      expect(r.body.error.details.rules[0]).toMatchObject({ rule: 'per-holder-cap', leftFen: 5_000 });
    }
    expect((await api('GET', `/voucher-programmes/${programme.id}`, { token: sc })).body.committedFen).toBe(50_000);
  }, 180000);

  it('one application decided by several at once: exactly one decision wins, the others are 409, one voucher at most', async () => {
    const programme = (await api('POST', '/voucher-programmes', { token: sc, body: programmeBody() })).body;
    const application = (await api('POST', '/voucher-applications', { token: researcher, body: { programmeId: programme.id, amountFen: 10_000, project: '同时审批' } })).body;
    const results = await Promise.all([
      ...Array.from({ length: 4 }, () => api('POST', `/voucher-applications/${application.id}/approve`, { token: sc, body: { amountFen: 10_000 } })),
      ...Array.from({ length: 2 }, () => api('POST', `/voucher-applications/${application.id}/reject`, { token: sc, body: { reason: '同时驳回' } })),
    ]);
    expect(results.filter((r) => r.status === 200)).toHaveLength(1);
    expect(results.filter((r) => r.status === 409)).toHaveLength(5);
    const after = (await api('GET', `/voucher-programmes/${programme.id}`, { token: sc })).body;
    const state = (await api('GET', `/voucher-applications/${application.id}`, { token: sc })).body.state;
    expect(after.report.issuedCount).toBe(state === 'approved' ? 1 : 0);
    expect(after.committedFen).toBe(state === 'approved' ? 10_000 : 0);
  }, 60000);

  it('the unspent balance of an ended voucher is reported expired', async () => {
    const validTo = new Date(Date.now() + 4000).toISOString();
    const programme = (await api('POST', '/voucher-programmes', { token: sc, body: programmeBody({ validFrom: '2026-01-01', validTo }) })).body;
    const application = (await api('POST', '/voucher-applications', { token: researcher, body: { programmeId: programme.id, amountFen: 30_000, project: '到期测试' } })).body;
    expect((await api('POST', `/voucher-applications/${application.id}/approve`, { token: sc, body: { amountFen: 30_000 } })).status).toBe(200);
    expect((await api('GET', `/voucher-programmes/${programme.id}`, { token: sc })).body.report.expiredFen).toBe(0);
    await new Promise((r) => setTimeout(r, Math.max(0, new Date(validTo).getTime() - Date.now()) + 200));
    expect((await api('GET', `/voucher-programmes/${programme.id}`, { token: sc })).body.report).toMatchObject({ issuedFen: 30_000, drawnFen: 0, expiredFen: 30_000 });
    // An ended programme takes no more applications.
    const late = await api('POST', '/voucher-applications', { token: researcher, body: { programmeId: programme.id, amountFen: 1_000, project: '迟到' } });
    expect(late.status).toBe(422);
    expect(late.body.error.details.rules[0].rule).toBe('programme-ended');
  }, 60000);
});
