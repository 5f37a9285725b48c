import { zipSync, strToU8 } from 'fflate';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { api, ApiResponse, bureauToken, expectError, testEnv } from './support/api';
import { createInstitution, createUser, instrumentBody, rateCard } from './support/factories';

/**
 * Issue 21: every error in the user's language, chosen by Accept-Language — Chinese by default,
 * English when the request prefers it — fields named by their labels and values in the user's
 * units (元, %, hours, Beijing time). Each case is asked three times: without the header, with a
 * browser's Chinese header, and with `Accept-Language: en`.
 */
const ZH = { 'accept-language': 'zh-CN,zh;q=0.9' };
const EN = { 'accept-language': 'en-US,en;q=0.9' };
const CHINESE = /[\u4e00-\u9fff]/;
const ENGLISH_WORDS = /\b(must|not|the|is|does|exist|than|should)\b/;

const EVERY_DAY = [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({ weekday, start: '00:00', end: '24:00' }));

/** The reason a 400 gives for `field`. */
const reasonOf = (res: ApiResponse, field: string): string => res.body.error.details.fields.find((f: any) => f.field === field)?.reason;

/** Chinese through and through: Chinese text and no English sentence in it. */
function expectChinese(text: string): void {
  expect(text).toMatch(CHINESE);
  expect(text).not.toMatch(ENGLISH_WORDS);
}

describe('errors in the user’s language', () => {
  let bureau: string;
  let admin: { token: string };
  let researcher: { token: string };
  let instrument: any;

  beforeAll(async () => {
    bureau = await bureauToken();
    const provider = await createInstitution(bureau, { name: '语言测试大学' });
    admin = await createUser(bureau, 'institution_admin', provider.code);
    researcher = await createUser(bureau, 'researcher', provider.code);
    instrument = (await api('POST', '/instruments', { token: admin.token, body: instrumentBody({ name: '语言测试电镜' }) })).body;
    expect(instrument.id).toBeTruthy();
    expect((await api('PUT', `/instruments/${instrument.id}/availability`, { token: admin.token, body: { timezone: 'Asia/Shanghai', weekly: EVERY_DAY } })).status).toBe(200);
  });

  it('a wrong password', async () => {
    const body = { email: testEnv().bootstrapEmail, password: 'not-the-password-1' };
    const zh = await api('POST', '/auth/login', { body });
    expectError(zh, 401, 'UNAUTHENTICATED');
    expect(zh.body.error.message).toBe('电子邮箱或密码不正确');
    expect((await api('POST', '/auth/login', { body, headers: ZH })).body.error.message).toBe('电子邮箱或密码不正确');
    expect((await api('POST', '/auth/login', { body, headers: EN })).body.error.message).toBe('the email or the password is wrong');
  });

  it('an invalid DTO: the field by its label, fen as 元 and basis points as percent', async () => {
    const instrumentZh = await api('POST', '/instruments', { token: admin.token, body: instrumentBody({ originalValueFen: -1 }) });
    expectError(instrumentZh, 400, 'VALIDATION_FAILED');
    expect(reasonOf(instrumentZh, 'originalValueFen')).toBe('原值（元）不能小于 0.00 元');
    expect(instrumentZh.body.error.message).toBe('输入有误：原值（元）不能小于 0.00 元');
    const instrumentEn = await api('POST', '/instruments', { token: admin.token, body: instrumentBody({ originalValueFen: -1 }), headers: EN });
    expect(reasonOf(instrumentEn, 'originalValueFen')).toBe('original value (yuan) must not be less than 0.00 yuan');

    const voucher = { code: 'CV-LANG-1', holderInstitutionCode: 'NOPE', faceValueFen: 100000, coverBps: 20000, validFrom: '2026-01-01' };
    const coverZh = await api('POST', '/vouchers', { token: bureau, body: voucher });
    expectError(coverZh, 400, 'VALIDATION_FAILED');
    expect(reasonOf(coverZh, 'coverBps')).toBe('补贴比例（%）不能大于 100%');
    const coverEn = await api('POST', '/vouchers', { token: bureau, body: voucher, headers: EN });
    expect(reasonOf(coverEn, 'coverBps')).toBe('share covered (%) must not be greater than 100%');

    const unknown = await api('POST', '/instruments', { token: admin.token, body: instrumentBody({ colour: 'red' }) });
    expectChinese(reasonOf(unknown, 'colour'));
  });

  it('a nested field: 第 3 张价目卡的对外价格（元）', async () => {
    const cards = [rateCard(), rateCard({ serviceMode: 'assisted' }), rateCard({ serviceMode: 'sample', externalPriceFen: -1 })];
    const zh = await api('PUT', `/instruments/${instrument.id}/rates`, { token: admin.token, body: cards });
    expectError(zh, 400, 'VALIDATION_FAILED');
    expect(reasonOf(zh, 'cards[2].externalPriceFen')).toBe('第 3 张价目卡的对外价格（元）不能小于 0.00 元');
    const en = await api('PUT', `/instruments/${instrument.id}/rates`, { token: admin.token, body: cards, headers: EN });
    expect(reasonOf(en, 'cards[2].externalPriceFen')).toBe('external price (yuan) of rate card 3 must not be less than 0.00 yuan');
  });

  it('a 404, an unknown record and a refused permission', async () => {
    const route = await api('GET', '/no-such-endpoint', { token: bureau });
    expectError(route, 404, 'NOT_FOUND');
    expect(route.body.error.message).toBe('没有这个接口：GET /api/v1/no-such-endpoint');
    expect((await api('GET', '/no-such-endpoint', { token: bureau, headers: EN })).body.error.message).toBe('no such endpoint: GET /api/v1/no-such-endpoint');

    const booking = await api('GET', '/bookings/7a6c1f2e-1d7e-4b6e-9a3c-2f1e0d9c8b7a', { token: bureau });
    expectError(booking, 404, 'NOT_FOUND');
    expect(booking.body.error.message).toBe('预约 7a6c1f2e-1d7e-4b6e-9a3c-2f1e0d9c8b7a 不存在');

    const forbidden = await api('POST', '/institutions', { token: researcher.token, body: { code: 'X-LANG', name: '某单位', kind: 'university', region: 'CQ' } });
    expectError(forbidden, 403, 'FORBIDDEN');
    expectChinese(forbidden.body.error.message);
    expect((await api('POST', '/institutions', { token: researcher.token, body: { code: 'X-LANG', name: '某单位', kind: 'university', region: 'CQ' }, headers: EN })).body.error.message).toMatch(ENGLISH_WORDS);

    const unauthenticated = await api('GET', '/bookings');
    expectError(unauthenticated, 401, 'UNAUTHENTICATED');
    expect(unauthenticated.body.error.message).toBe('请先登录');
  });

  it('a rule broken with a deadline: the deadline in Beijing time, the rule in hours', async () => {
    // Cancelling inside the 24-hour deadline: start a few hours ahead, on a half-hour boundary.
    const start = new Date(Math.ceil((Date.now() + 3 * 3600e3) / 1800e3) * 1800e3);
    const booked = await api('POST', '/bookings', {
      token: researcher.token,
      body: { instrumentId: instrument.id, serviceMode: 'assisted', purpose: '语言测试', start: start.toISOString(), end: new Date(start.getTime() + 3600e3).toISOString() },
    });
    expect(booked.status).toBe(201);
    const zh = await api('POST', `/bookings/${booked.body.id}/cancel`, { token: researcher.token });
    expectError(zh, 422, 'RULE_VIOLATION');
    const deadline = new Date(start.getTime() - 24 * 3600e3 + 8 * 3600e3).toISOString().replace('T', ' ').slice(0, 16);
    expect(zh.body.error.message).toContain(`须在开始前 24 小时取消（截止北京时间 ${deadline}`);
    expect(zh.body.error.details.rules[0]).toMatchObject({ rule: 'cancel-deadline', message: zh.body.error.message });
    expect(zh.body.error.message).not.toMatch(/\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/);
    const en = await api('POST', `/bookings/${booked.body.id}/cancel`, { token: researcher.token, headers: EN });
    expect(en.body.error.message).toContain(`can be cancelled until 24 hours before they start (deadline ${deadline} Beijing time`);
  });

  it('an import’s bad cell, in the job and in its cell report', async () => {
    const worked = join(__dirname, 'fixtures/worked-example/bundle');
    const instruments = readFileSync(join(worked, 'instruments.csv'), 'utf8').replace(',0106,650000000,', ',0106,65O000000,');
    const form = new FormData();
    form.append('bundle', new Blob([zipSync({ 'instruments.csv': strToU8(instruments) })], { type: 'application/zip' }), 'bundle.zip');
    const started = await api('POST', '/imports', { token: bureau, raw: form });
    expect(started.status).toBe(202);
    let job: any;
    for (let i = 0; i < 600 && !(job && ['completed', 'failed'].includes(job.state)); i++) {
      if (i) await new Promise((r) => setTimeout(r, 100));
      job = (await api('GET', `/jobs/${started.body.jobId}`, { token: bureau })).body;
    }
    expect(job.state).toBe('failed');
    const cell = job.error.details.cells.find((c: any) => c.column === 'originalValueFen');
    expect(cell.reason).toBe('"65O000000" 不是整数（金额以分计）');
    expectChinese(job.error.message);
    const jobEn = (await api('GET', `/jobs/${started.body.jobId}`, { token: bureau, headers: EN })).body;
    expect(jobEn.error.details.cells.find((c: any) => c.column === 'originalValueFen').reason).toBe('"65O000000" is not a whole number');
    expect(jobEn.error.message).toMatch(/^the bundle was not imported/);

    const report = await api('GET', `/jobs/${started.body.jobId}/cells`, { token: bureau });
    expect(report.body.items.find((c: any) => c.column === 'originalValueFen').reason).toBe('"65O000000" 不是整数（金额以分计）');
    const reportEn = await api('GET', `/jobs/${started.body.jobId}/cells`, { token: bureau, headers: EN });
    expect(reportEn.body.items.find((c: any) => c.column === 'originalValueFen').reason).toBe('"65O000000" is not a whole number');
  });

  it('the gateway’s own refusals: invalid JSON', async () => {
    const zh = await api('POST', '/bookings', { token: researcher.token, raw: '{"start": ', headers: { 'content-type': 'application/json' } });
    expectError(zh, 400);
    expect(zh.body.error.message).toMatch(/^请求内容不是有效的 JSON/);
    const en = await api('POST', '/bookings', { token: researcher.token, raw: '{"start": ', headers: { 'content-type': 'application/json', ...EN } });
    expect(en.body.error.message).toMatch(/^the request body is not valid JSON/);
  });
});
