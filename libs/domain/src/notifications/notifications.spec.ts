import fc from 'fast-check';
import { yuanText } from '../validation/money';
import { BILLING_NOTIFICATION_KINDS, BillingNotificationKind, BOOKING_NOTIFICATION_KINDS, BookingNotificationKind, channelsFor, KIND_LABELS, NOTIFICATION_KINDS, preferencesOf } from './kinds';
import type { BillingNotifiable, BookingNotifiable } from './notifiable';
import { adminsAmong, approversAmong, Contact, deliveryInstitutionOf, institutionsOf, recipientRule } from './recipients';
import { beijingInterval, beijingTime, monthText, renderMessage, robotText } from './render';
import { robotAccepted, robotBody } from './robots';
import { verifyWebhookSignature, webhookSignature } from './signature';
import { deliveryUrlProblem, isInternalAddress } from './webhook-url';

const PROVIDER = '20000000-0000-4000-8000-000000000001';
const USER_INST = '40000000-0000-4000-8000-000000000001';
const event = (kind: BookingNotificationKind, extra: Partial<BookingNotifiable> = {}): BookingNotifiable => ({
  kind, subject: `booking.booking.${kind}`, eventId: '00000000-0000-4000-8000-000000000001', occurredAt: '2026-12-02T01:00:00Z',
  bookingId: '10000000-0000-4000-8000-000000000001', instrumentId: '30000000-0000-4000-8000-000000000001', instrumentName: '场发射扫描电镜',
  providerInstitutionId: PROVIDER, userId: '50000000-0000-4000-8000-000000000001', userInstitutionId: USER_INST,
  start: '2026-12-03T01:00:00Z', end: '2026-12-03T03:00:00Z', reason: null, cancelledBy: null, until: null, noShows: null, ...extra,
});

describe('recipients per event', () => {
  it.each([
    ['booking.requested', { to: 'approvers', institutionId: PROVIDER }],
    ['booking.approved', { to: 'user', userId: event('booking.approved').userId }],
    ['booking.rejected', { to: 'user', userId: event('booking.approved').userId }],
    ['booking.reminder', { to: 'user', userId: event('booking.approved').userId }],
    ['booking.no-show', { to: 'user', userId: event('booking.approved').userId }],
    ['booking.suspended', { to: 'user', userId: event('booking.approved').userId }],
    ['booking.maintenance', { to: 'user', userId: event('booking.approved').userId }],
    ['waitlist.offered', { to: 'user', userId: event('booking.approved').userId }],
  ] as const)('%s goes to %j', (kind, rule) => {
    expect(recipientRule(event(kind))).toEqual(rule);
  });

  it('tells the user of a cancellation only when the institution cancelled', () => {
    expect(recipientRule(event('booking.cancelled', { cancelledBy: 'institution' }))).toEqual({ to: 'user', userId: event('booking.cancelled').userId });
    expect(recipientRule(event('booking.cancelled', { cancelledBy: 'user' }))).toEqual({ to: 'nobody' });
  });

  it('takes the active operators and admins of the provider as approvers, no one else', () => {
    const c = (id: string, role: string, institutionId: string | null, active = true): Contact => ({ id, email: `${id}@x.cn`, name: id, role, institutionId, active });
    const users = [c('op', 'operator', PROVIDER), c('ad', 'institution_admin', PROVIDER), c('re', 'researcher', PROVIDER),
      c('gone', 'operator', PROVIDER, false), c('other', 'operator', USER_INST), c('bu', 'bureau', null)];
    expect(approversAmong(users, PROVIDER).map((u) => u.id)).toEqual(['op', 'ad']);
  });

  it('names each institution of an event once', () => {
    expect(institutionsOf(event('booking.approved'))).toEqual([PROVIDER, USER_INST]);
    expect(institutionsOf(event('booking.approved', { userInstitutionId: PROVIDER }))).toEqual([PROVIDER]);
    expect(institutionsOf(event('booking.approved', { userInstitutionId: null }))).toEqual([PROVIDER]);
  });
});

describe('channel preferences', () => {
  it('keeps the inbox always and e-mail unless turned off', () => {
    fc.assert(fc.property(fc.constantFrom(...NOTIFICATION_KINDS), fc.array(fc.record({ kind: fc.constantFrom(...NOTIFICATION_KINDS), email: fc.boolean() })), (kind, choices) => {
      const channels = channelsFor(kind, choices);
      expect(channels).toContain('inbox');
      const choice = choices.find((c) => c.kind === kind);
      expect(channels.includes('email')).toBe(choice ? choice.email : true);
    }));
    expect(preferencesOf([{ kind: 'booking.approved', email: false }]).find((p) => p.kind === 'booking.approved')).toEqual({ kind: 'booking.approved', inbox: true, email: false });
    expect(preferencesOf([])).toHaveLength(NOTIFICATION_KINDS.length);
  });
});

describe('Chinese messages in Beijing time', () => {
  it('writes instants in Beijing time (UTC+8), crossing midnight where it does', () => {
    expect(beijingTime('2026-12-03T01:00:00Z')).toBe('2026年12月3日 09:00');
    expect(beijingTime('2026-12-03T16:30:00Z')).toBe('2026年12月4日 00:30');
    expect(beijingInterval('2026-12-03T01:00:00Z', '2026-12-03T03:00:00Z')).toBe('2026年12月3日 09:00–11:00（北京时间）');
    expect(beijingInterval('2026-12-03T15:00:00Z', '2026-12-03T17:00:00Z')).toBe('2026年12月3日 23:00–2026年12月4日 01:00（北京时间）');
  });

  it('names the instrument, the Beijing time and the link; approvers get the approval queue', () => {
    const approved = renderMessage(event('booking.approved'), 'https://yixiang.example.cn/');
    expect(approved.title).toBe('【仪享】预约已通过：场发射扫描电镜');
    expect(approved.body).toContain('场发射扫描电镜');
    expect(approved.body).toContain('2026年12月3日 09:00–11:00（北京时间）');
    expect(approved.link).toBe('https://yixiang.example.cn/bookings?booking=10000000-0000-4000-8000-000000000001');
    expect(approved.body).toContain(approved.link);
    const requested = renderMessage(event('booking.requested'), 'https://yixiang.example.cn');
    expect(requested.link).toBe('https://yixiang.example.cn/approvals?booking=10000000-0000-4000-8000-000000000001');
    expect(renderMessage(event('booking.rejected', { reason: '样品不符合要求' }), 'http://x').body).toContain('原因：样品不符合要求');
  });

  it('renders every booking kind with a Chinese title and the link', () => {
    for (const kind of BOOKING_NOTIFICATION_KINDS) {
      const m = renderMessage(event(kind, { until: '2027-01-01T00:00:00Z', noShows: 3 }), 'http://x');
      expect(m.title).toMatch(/^【仪享】/);
      expect(m.body).toContain(m.link);
      expect(m.short).toContain(m.link);
    }
    expect(renderMessage(event('booking.suspended', { until: '2027-01-01T00:00:00Z', noShows: 3, bookingId: null }), 'http://x').body).toContain('2027年1月1日 08:00');
  });
});

describe('group robot texts', () => {
  it('say what happened to which instrument when, without addressing anyone, and link to the approval queue', () => {
    expect(robotText(event('booking.rejected', { reason: '样品不符合要求' }), 'http://x')).toBe(
      '【仪享】预约未通过：场发射扫描电镜 2026年12月3日 09:00–11:00（北京时间）\n原因：样品不符合要求\nhttp://x/approvals?booking=10000000-0000-4000-8000-000000000001');
    expect(robotText(event('booking.cancelled', { cancelledBy: 'user' }), 'http://x')).toContain('（用户取消）');
    for (const kind of BOOKING_NOTIFICATION_KINDS) expect(robotText(event(kind, { until: '2027-01-01T00:00:00Z', noShows: 3 }), 'http://x')).not.toMatch(/您/);
  });
});

describe('webhook signatures', () => {
  const secret = 'whsec_test';
  it('signs "t.body" with HMAC-SHA256 (a known vector)', () => {
    // printf '1700000000.{"a":1}' | openssl dgst -sha256 -hmac whsec_test
    expect(webhookSignature(secret, '{"a":1}', 1700000000)).toBe('t=1700000000,v1=' + require('node:crypto').createHmac('sha256', secret).update('1700000000.{"a":1}').digest('hex'));
    expect(webhookSignature(secret, '{"a":1}', 1700000000)).toMatch(/^t=1700000000,v1=[0-9a-f]{64}$/);
  });

  it('verifies what it signed, and nothing changed, late or signed with another secret', () => {
    fc.assert(fc.property(fc.string(), fc.string({ minLength: 1 }), fc.integer({ min: 1e9, max: 2e9 }), (body, other, t) => {
      const header = webhookSignature(secret, body, t);
      expect(verifyWebhookSignature(secret, header, body, t + 10)).toBe(true);
      expect(verifyWebhookSignature(secret, header, body + other, t)).toBe(false);
      expect(verifyWebhookSignature(`${secret}x`, header, body, t)).toBe(false);
      expect(verifyWebhookSignature(secret, header, body, t + 301)).toBe(false);
    }));
    expect(verifyWebhookSignature(secret, undefined, '', 0)).toBe(false);
    expect(verifyWebhookSignature(secret, 't=abc,v1=00', '', 0)).toBe(false);
  });
});

describe('delivery URLs', () => {
  it.each([
    ['http://127.0.0.1:8080/hook', true], ['http://10.1.2.3/', true], ['http://169.254.169.254/latest/meta-data', true],
    ['http://[::1]/', true], ['http://[::ffff:127.0.0.1]/', true], ['http://localhost/', true], ['http://catalogue:3000/', true],
    ['http://redis.svc/', true], ['http://192.168.1.1/', true], ['http://172.20.0.1/', true], ['http://100.64.0.1/', true],
    ['https://erp.univ.example.cn/hooks/yixiang', false], ['https://8.8.8.8/', false], ['https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=1', false],
  ])('%s refused: %s', (url, refused) => {
    expect(deliveryUrlProblem(url, false) !== null).toBe(refused);
  });

  it('refuses other schemes and credentials even when internal hosts are allowed', () => {
    expect(deliveryUrlProblem('ftp://example.cn/', true)).toMatch(/http/);
    expect(deliveryUrlProblem('https://u:p@example.cn/', true)).toMatch(/credentials/);
    expect(deliveryUrlProblem('not a url', true)).toMatch(/URL/);
    expect(deliveryUrlProblem('http://127.0.0.1:9/', true)).toBeNull();
  });

  it('tells internal addresses from public ones', () => {
    expect(isInternalAddress('127.0.0.53')).toBe(true);
    expect(isInternalAddress('fd00::1')).toBe(true);
    expect(isInternalAddress('1.1.1.1')).toBe(false);
    expect(isInternalAddress('2001:4860::8888')).toBe(false);
  });
});

describe('group robots', () => {
  it('speaks each robot’s text format and reads its answer', () => {
    expect(robotBody('wecom', '你好')).toEqual({ msgtype: 'text', text: { content: '你好' } });
    expect(robotBody('dingtalk', '你好')).toEqual({ msgtype: 'text', text: { content: '你好' } });
    expect(robotBody('feishu', '你好')).toEqual({ msg_type: 'text', content: { text: '你好' } });
    expect(robotAccepted(200, '{"errcode":0,"errmsg":"ok"}')).toBe(true);
    expect(robotAccepted(200, '{"errcode":93000,"errmsg":"invalid webhook url"}')).toBe(false);
    expect(robotAccepted(200, '{"code":19021}')).toBe(false);
    expect(robotAccepted(500, '')).toBe(false);
  });
});

describe('billing events (issue 19)', () => {
  const PAYER = '60000000-0000-4000-8000-000000000001';
  const APPLICANT = '70000000-0000-4000-8000-000000000001';
  const RECORD = '80000000-0000-4000-8000-000000000001';
  const billing = (kind: BillingNotificationKind, extra: Partial<BillingNotifiable> = {}): BillingNotifiable => ({
    kind, subject: `billing.${kind}`, eventId: '00000000-0000-4000-8000-000000000002', occurredAt: '2026-12-01T02:30:00Z', reason: null,
    recordId: RECORD, institutionId: PAYER, providerInstitutionId: null, userId: null, amountFen: 123450, providerName: null, programmeName: null,
    code: null, period: null, region: null, reference: null, ...extra,
  });
  const statement = (extra: Partial<BillingNotifiable> = {}) => billing('statement.issued', { providerInstitutionId: PROVIDER, providerName: '重庆嘉陵理工大学', period: '2026-11', ...extra });

  it.each([
    ['statement.issued', {}, { to: 'admins', institutionId: PAYER }],
    ['voucher.approved', { userId: APPLICANT }, { to: 'user', userId: APPLICANT }],
    ['voucher.rejected', { userId: APPLICANT }, { to: 'user', userId: APPLICANT }],
    ['voucher.approved', { userId: null }, { to: 'admins', institutionId: PAYER }],
    ['voucher-claim.approved', {}, { to: 'admins', institutionId: PAYER }],
    ['voucher-claim.rejected', {}, { to: 'admins', institutionId: PAYER }],
    ['voucher-claim.paid', {}, { to: 'admins', institutionId: PAYER }],
  ] as const)('%s (%j) goes to %j', (kind, extra, rule) => {
    expect(recipientRule(billing(kind, extra))).toEqual(rule);
  });

  it('takes the active admins of the institution as its admins, no operator, researcher or other institution’s', () => {
    const c = (id: string, role: string, institutionId: string | null, active = true): Contact => ({ id, email: `${id}@x.cn`, name: id, role, institutionId, active });
    const users = [c('ad', 'institution_admin', PAYER), c('ad2', 'institution_admin', PAYER), c('op', 'operator', PAYER), c('re', 'researcher', PAYER),
      c('gone', 'institution_admin', PAYER, false), c('other', 'institution_admin', PROVIDER), c('bu', 'bureau', null)];
    expect(adminsAmong(users, PAYER).map((u) => u.id)).toEqual(['ad', 'ad2']);
  });

  it('calls the webhooks of a statement’s provider and payer, of an application’s applicant, of a claim’s claimant; deliveries belong to the institution addressed', () => {
    expect(institutionsOf(statement())).toEqual([PROVIDER, PAYER]);
    expect(institutionsOf(statement({ providerInstitutionId: PAYER }))).toEqual([PAYER]);
    expect(institutionsOf(billing('voucher.approved', { userId: APPLICANT }))).toEqual([PAYER]);
    expect(institutionsOf(billing('voucher-claim.paid'))).toEqual([PAYER]);
    expect(deliveryInstitutionOf(statement())).toBe(PAYER);
    expect(deliveryInstitutionOf(event('booking.approved'))).toBe(PROVIDER);
  });

  it('a statement issued names the provider, the month and the amount due in 元, when in Beijing time, and links to the billing page', () => {
    const m = renderMessage(statement(), 'https://yixiang.example.cn/');
    expect(m.title).toBe('【仪享】结算单已开具：重庆嘉陵理工大学 2026年11月');
    expect(m.body).toContain('重庆嘉陵理工大学已于2026年12月1日 10:30（北京时间）开具贵单位2026年11月的结算单，应付金额 1,234.50 元。');
    expect(m.link).toBe(`https://yixiang.example.cn/billing?statement=${RECORD}`);
    expect(m.body).toContain(m.link);
    expect(renderMessage(statement({ providerName: null }), 'http://x').title).toBe('【仪享】结算单已开具：服务单位 2026年11月');
  });

  it('a voucher decision names the programme and the amount (approved: the voucher; rejected: the reason) and links to the applications', () => {
    const approved = renderMessage(billing('voucher.approved', { userId: APPLICANT, programmeName: '2026 年川渝科技创新券', amountFen: 1200000, code: 'PG-1-7' }), 'http://x');
    expect(approved.title).toBe('【仪享】创新券申领已批准：2026 年川渝科技创新券');
    expect(approved.body).toContain('批准金额 12,000.00 元，创新券编号 PG-1-7');
    expect(approved.link).toBe(`http://x/voucher-applications?application=${RECORD}`);
    const rejected = renderMessage(billing('voucher.rejected', { userId: APPLICANT, programmeName: '2026 年川渝科技创新券', amountFen: 50, reason: '项目与本计划支持方向不符' }), 'http://x');
    expect(rejected.title).toBe('【仪享】创新券申领未通过：2026 年川渝科技创新券');
    expect(rejected.body).toContain('申请金额 0.50 元');
    expect(rejected.body).toContain('原因：项目与本计划支持方向不符');
  });

  it('a claim’s decision names its code, region, month and amount; a payment its reference; the link leads to the claims', () => {
    const claim = { code: 'VC-000012', region: 'SC', period: '2026-11', amountFen: 9000 };
    expect(renderMessage(billing('voucher-claim.approved', claim), 'http://x').body).toContain('贵单位的创新券兑付申请 VC-000012（SC 科技局，2026年11月）已于2026年12月1日 10:30（北京时间）获批，金额 90.00 元');
    expect(renderMessage(billing('voucher-claim.rejected', { ...claim, reason: '材料不全' }), 'http://x').body).toContain('原因：材料不全');
    const paid = renderMessage(billing('voucher-claim.paid', { ...claim, period: null, reference: 'BANK-2026-0001' }), 'http://x');
    expect(paid.title).toBe('【仪享】创新券兑付已拨付：VC-000012');
    expect(paid.body).toContain('VC-000012（SC 科技局）已于2026年12月1日 10:30（北京时间）拨付 90.00 元，付款凭证号：BANK-2026-0001');
    expect(paid.link).toBe(`http://x/voucher-claims?claim=${RECORD}`);
  });

  it('renders every billing kind in Chinese with the amount and the link, and labels every kind', () => {
    for (const kind of BILLING_NOTIFICATION_KINDS) {
      const m = renderMessage(billing(kind, { providerName: '甲', programmeName: '乙', code: 'C', region: 'CQ', reference: 'R', period: '2026-01' }), 'http://x');
      expect(m.title).toMatch(/^【仪享】/);
      expect(m.body).toContain('1,234.50 元');
      expect(m.body).toContain(m.link);
      expect(m.short).toContain(m.link);
    }
    for (const kind of NOTIFICATION_KINDS) expect(KIND_LABELS[kind]).toMatch(/\p{Script=Han}/u);
    expect(monthText('2026-01')).toBe('2026年1月');
  });

  it('writes fen as yuan with two decimals and thousands separated, exactly', () => {
    expect([0, 5, 50, 100, 123450, 100000000, -123450].map(yuanText)).toEqual(['0.00', '0.05', '0.50', '1.00', '1,234.50', '1,000,000.00', '-1,234.50']);
    expect(yuanText(12345678901234567n)).toBe('123,456,789,012,345.67');
    fc.assert(fc.property(fc.integer({ min: -Number.MAX_SAFE_INTEGER, max: Number.MAX_SAFE_INTEGER }), (fen) => {
      const text = yuanText(fen);
      expect(text).toMatch(/^-?\d{1,3}(,\d{3})*\.\d{2}$/);
      const [whole, cents] = text.replace(/,/g, '').split('.');
      expect(BigInt(whole) * 100n + (whole.startsWith('-') ? -1n : 1n) * BigInt(cents)).toBe(BigInt(fen));
    }));
  });
});
