import { randomUUID } from 'node:crypto';
import { connect } from 'nats';
import { Client } from 'pg';
import { Events } from '@yixiang/contracts';
import { verifyWebhookSignature } from '@yixiang/domain';
import { api, bureauToken, expectError, testEnv } from './support/api';
import { createInstitution, createRegionalOfficer, createUser } from './support/factories';
import { mailTo, receiver, until } from './support/notifications';
import {
  approvedVoucher, hourlyInstrument, ok, paidProviderClaim, programmeBody, settle, shanghaiMonth, Signed, statementBetween, useInstrument,
} from './support/voucher-flow';

/**
 * Billing's events reach people and institutions' systems (issue 19): a statement issued tells the
 * payer's admins (inbox and e-mail in Chinese, through the run's SMTP server) and the parties'
 * webhooks; a voucher decision tells the applicant; a claim's decision and payment the claimant's admins.
 */

type User = Signed & { email: string };

describe('statement and voucher notifications (issue 19)', () => {
  let db: Client;
  let joint: string;
  let sc: string;
  let provider: any;
  let payer: any;
  let providerAdmin: User;
  let operator: User;
  let payerAdmin: User;
  let researcher: User;

  beforeAll(async () => {
    db = new Client({ connectionString: testEnv().databaseUrl });
    await db.connect();
    joint = await bureauToken();
    sc = (await createRegionalOfficer(joint, 'SC')).token;
    provider = await createInstitution(joint, { name: '重庆嘉陵理工大学 账单通知', region: 'CQ' });
    payer = await createInstitution(joint, { name: '成都锦江新材料研究所 账单通知', kind: 'institute', region: 'SC' });
    providerAdmin = await createUser(joint, 'institution_admin', provider.code);
    operator = await createUser(joint, 'operator', provider.code);
    payerAdmin = await createUser(joint, 'institution_admin', payer.code);
    researcher = await createUser(joint, 'researcher', payer.code);
  }, 60000);

  afterAll(async () => {
    await db.end();
  });

  const inboxOf = async (user: Signed) => (await api('GET', '/notifications?pageSize=200', { token: user.token })).body.items as any[];
  const entry = (user: Signed, kind: string, link: string) => async () => (await inboxOf(user)).find((n) => n.kind === kind && n.link === link);
  const verified = (secret: string, got: { headers: Record<string, unknown>; body: string }) =>
    verifyWebhookSignature(secret, got.headers['x-yixiang-signature'] as string, got.body, Math.floor(Date.now() / 1000));

  it('lists the billing kinds among the preferences, with their Chinese labels', async () => {
    const prefs = (await api('GET', '/notification-preferences', { token: payerAdmin.token })).body.items as any[];
    expect(prefs.filter((p) => !p.kind.startsWith('booking.') && p.kind !== 'waitlist.offered')).toEqual([
      { kind: 'statement.issued', label: '结算单已开具', inbox: true, email: true },
      { kind: 'voucher.approved', label: '创新券申领已批准', inbox: true, email: true },
      { kind: 'voucher.rejected', label: '创新券申领未通过', inbox: true, email: true },
      { kind: 'voucher-claim.approved', label: '创新券兑付已批准', inbox: true, email: true },
      { kind: 'voucher-claim.rejected', label: '创新券兑付未通过', inbox: true, email: true },
      { kind: 'voucher-claim.paid', label: '创新券兑付已拨付', inbox: true, email: true },
    ]);
  });

  it('a statement issued tells the payer’s admin in the inbox and by e-mail in Chinese (provider, month, amount in 元), and both parties’ webhooks, signed, once', async () => {
    const payerHook = await receiver();
    const providerHook = await receiver();
    try {
      const payerWebhook = ok(await api('POST', '/webhooks', { token: payerAdmin.token, body: { url: payerHook.url, events: ['billing.statement.issued'] } }), 201, 'payer webhook');
      const providerWebhook = ok(await api('POST', '/webhooks', { token: providerAdmin.token, body: { url: providerHook.url, events: ['billing.statement.issued'] } }), 201, 'provider webhook');
      const instrument = await hourlyInstrument(providerAdmin);
      const record = await useInstrument(researcher, operator, instrument, null);
      const month = shanghaiMonth(record.start);
      await settle(providerAdmin.token, month);
      const statement = await statementBetween(providerAdmin, month, provider.id, payer.id);
      // One 30-minute use at 400 元 an hour to outsiders, no voucher.
      expect([statement.status, statement.payableFen]).toEqual(['draft', 20000]);
      ok(await api('POST', `/statements/${statement.id}/issue`, { token: providerAdmin.token }), 200, 'issue');
      expectError(await api('POST', `/statements/${statement.id}/issue`, { token: providerAdmin.token }), 409, 'ILLEGAL_TRANSITION');
      const events = (await db.query(`select payload from billing.outbox where subject = $1 and payload->>'statementId' = $2`, [Events.statementIssued.subject, statement.id])).rows;
      expect(events.map((r) => r.payload)).toEqual([expect.objectContaining({
        period: month, providerInstitutionId: provider.id, providerInstitutionName: provider.name, payerInstitutionId: payer.id, payableFen: 20000, amountFen: 20000,
      })]);

      const link = `http://yixiang.test/billing?statement=${statement.id}`;
      const [y, m] = month.split('-').map(Number);
      const notice = await until('the payer admin’s inbox entry', entry(payerAdmin, 'statement.issued', link));
      expect(notice.title).toBe(`【仪享】结算单已开具：${provider.name} ${y}年${m}月`);
      expect(notice.body).toContain('应付金额 200.00 元');
      const mail = await until('the payer admin’s e-mail', async () => (await mailTo(payerAdmin.email)).find((x) => x.text?.includes(link)));
      expect(mail.subject).toBe(notice.title);
      expect(mail.text).toContain(`${provider.name}已于`);
      expect(mail.text).toContain(`开具贵单位${y}年${m}月的结算单，应付金额 200.00 元`);
      expect(mail.text).toMatch(/\d{4}年\d{1,2}月\d{1,2}日 \d{2}:\d{2}（北京时间）/);

      const toPayer = await until('the payer’s webhook', () => payerHook.got.find((g) => g.body.includes(statement.id)));
      const toProvider = await until('the provider’s webhook', () => providerHook.got.find((g) => g.body.includes(statement.id)));
      expect(verified(payerWebhook.secret, toPayer)).toBe(true);
      expect(verified(providerWebhook.secret, toProvider)).toBe(true);
      expect(verified(providerWebhook.secret, toPayer)).toBe(false);
      expect(JSON.parse(toPayer.body)).toMatchObject({ type: 'billing.statement.issued', data: { statementId: statement.id, period: month, payableFen: 20000 } });
      expect(toPayer.headers['x-yixiang-event']).toBe('billing.statement.issued');

      // Told once, and only the payer's admins: not the provider's admin, not the researcher who ran up the charge.
      await new Promise((r) => setTimeout(r, 2000));
      expect((await inboxOf(payerAdmin)).filter((n) => n.link === link)).toHaveLength(1);
      expect((await mailTo(payerAdmin.email)).filter((x) => x.text?.includes(link))).toHaveLength(1);
      expect(payerHook.got.filter((g) => g.body.includes(statement.id))).toHaveLength(1);
      for (const other of [providerAdmin, researcher, operator]) expect((await inboxOf(other)).filter((n) => n.kind === 'statement.issued')).toEqual([]);
    } finally {
      await payerHook.close();
      await providerHook.close();
    }
  }, 90000);

  it('a voucher application approved tells the applicant with the amount (and the applicant institution’s webhook); one rejected, with the reason', async () => {
    const hook = await receiver();
    try {
      const webhook = ok(await api('POST', '/webhooks', { token: payerAdmin.token, body: { url: hook.url, events: ['billing.voucher-application.approved'] } }), 201, 'webhook');
      const programme = ok(await api('POST', '/voucher-programmes', { token: sc, body: programmeBody({ name: '2026 年川渝科技创新券（通知测试）' }) }), 201, 'programme');
      const { application } = await approvedVoucher(researcher, sc, programme.id, 1234550);
      const link = `http://yixiang.test/voucher-applications?application=${application.id}`;
      const approved = await until('the applicant’s inbox entry', entry(researcher, 'voucher.approved', link));
      expect(approved.title).toBe(`【仪享】创新券申领已批准：${programme.name}`);
      const mail = await until('the approval e-mail', async () => (await mailTo(researcher.email)).find((x) => x.text?.includes(link)));
      expect(mail.subject).toBe(approved.title);
      expect(mail.text).toContain(`批准金额 12,345.50 元，创新券编号 ${application.voucherCode}`);
      const got = await until('the applicant institution’s webhook', () => hook.got.find((g) => g.body.includes(application.id)));
      expect(verified(webhook.secret, got)).toBe(true);
      expect(JSON.parse(got.body)).toMatchObject({ type: 'billing.voucher-application.approved', data: { applicationId: application.id, amountFen: 1234550, voucherId: application.voucherId } });

      const second = ok(await api('POST', '/voucher-applications', { token: researcher.token, body: { programmeId: programme.id, amountFen: 50000, project: '锂电池隔膜孔隙表征' } }), 201, 'apply');
      ok(await api('POST', `/voucher-applications/${second.id}/reject`, { token: sc, body: { reason: '项目与本计划支持方向不符' } }), 200, 'reject');
      expectError(await api('POST', `/voucher-applications/${second.id}/reject`, { token: sc, body: { reason: '再次' } }), 409, 'ILLEGAL_TRANSITION');
      const rejectedLink = `http://yixiang.test/voucher-applications?application=${second.id}`;
      const rejected = await until('the rejection notice', entry(researcher, 'voucher.rejected', rejectedLink));
      expect(rejected.title).toBe(`【仪享】创新券申领未通过：${programme.name}`);
      expect(rejected.body).toContain('申请金额 500.00 元');
      const rejectedMail = await until('the rejection e-mail', async () => (await mailTo(researcher.email)).find((x) => x.text?.includes(rejectedLink)));
      expect(rejectedMail.text).toContain('原因：项目与本计划支持方向不符');
      expect((await db.query(`select count(*)::int as n from billing.outbox where payload->>'applicationId' = $1`, [second.id])).rows[0].n).toBe(1);
    } finally {
      await hook.close();
    }
  }, 90000);

  it('a claim approved and paid tells the claimant institution’s admins, with its code, the amount and the payment reference', async () => {
    const programme = ok(await api('POST', '/voucher-programmes', { token: sc, body: programmeBody() }), 201, 'programme');
    const claim = await paidProviderClaim(sc, programme, { admin: providerAdmin, operator }, researcher);
    const link = `http://yixiang.test/voucher-claims?claim=${claim.id}`;
    const approved = await until('the approval notice', entry(providerAdmin, 'voucher-claim.approved', link));
    expect(approved.title).toBe(`【仪享】创新券兑付已批准：${claim.code}`);
    const paid = await until('the payment notice', entry(providerAdmin, 'voucher-claim.paid', link));
    expect(paid.body).toContain(`拨付 ${(claim.amountFen / 100).toFixed(2)} 元，付款凭证号：PAY-${claim.code}`);
    const mail = await until('the payment e-mail', async () => (await mailTo(providerAdmin.email)).find((x) => x.text?.includes(link) && x.subject?.includes('已拨付')));
    expect(mail.text).toContain(`创新券兑付申请 ${claim.code}（SC 科技局`);
    // The claimant's admins only: its operator hears nothing of it.
    expect((await inboxOf(operator)).filter((n) => n.link === link)).toEqual([]);
  }, 120000);

  it('a statement event delivered twice (same eventId, two messages) notifies once; an invalid one notifies nobody', async () => {
    const nc = await connect({ servers: testEnv().natsUrl });
    try {
      const js = nc.jetstream();
      const statementId = randomUUID();
      const event = {
        eventId: randomUUID(), occurredAt: new Date().toISOString(), statementId, period: '2027-08', providerInstitutionId: provider.id, providerInstitutionName: provider.name,
        payerInstitutionId: payer.id, payerInstitutionName: payer.name, lines: 3, amountFen: 300000, voucherFen: 0, payableFen: 300000, issuedAt: new Date().toISOString(),
      };
      await js.publish(Events.statementIssued.subject, JSON.stringify(event), { msgID: `dup-a-${event.eventId}` });
      await js.publish(Events.statementIssued.subject, JSON.stringify(event), { msgID: `dup-b-${event.eventId}` });
      const bad = { ...event, eventId: randomUUID(), statementId: randomUUID(), payerInstitutionId: 'not-a-uuid' };
      await js.publish(Events.statementIssued.subject, JSON.stringify(bad), { msgID: `bad-${bad.eventId}` });
      const link = `http://yixiang.test/billing?statement=${statementId}`;
      const notice = await until('the inbox entry', entry(payerAdmin, 'statement.issued', link));
      expect(notice.body).toContain('应付金额 3,000.00 元');
      await until('its e-mail', async () => (await mailTo(payerAdmin.email)).find((x) => x.text?.includes(link)));
      await new Promise((r) => setTimeout(r, 2000));
      expect((await inboxOf(payerAdmin)).filter((n) => n.link === link)).toHaveLength(1);
      expect((await mailTo(payerAdmin.email)).filter((x) => x.text?.includes(link))).toHaveLength(1);
      expect((await inboxOf(payerAdmin)).filter((n) => n.link.includes(bad.statementId))).toEqual([]);
    } finally {
      await nc.close();
    }
  });

  it('billing’s outbox has booking’s shape, and its backlog is measured and reported like booking’s', async () => {
    const columns = async (schema: string) => (await db.query(
      `select column_name, data_type, is_nullable, column_default from information_schema.columns where table_schema = $1 and table_name = 'outbox' order by ordinal_position`, [schema])).rows;
    expect(await columns('billing')).toEqual(await columns('booking'));
    const metrics = await (await fetch(`${testEnv().opsUrls!['billing-1']}/metrics`)).text();
    expect(metrics).toMatch(/^yixiang_outbox_backlog\{service="billing"\} \d+/m);
    const health = (await api('GET', '/health')).body;
    expect(health.services.billing.checks.outbox).toEqual({ ok: true });
    expect(health.services.booking.checks.outbox).toEqual({ ok: true });
  });
});
