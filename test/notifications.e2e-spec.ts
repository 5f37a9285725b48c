import { randomUUID } from 'node:crypto';
import { connect } from 'nats';
import { Events } from '@yixiang/contracts';
import { verifyWebhookSignature } from '@yixiang/domain';
import { api, bureauToken, expectError, testEnv } from './support/api';
import { createInstitution, createUser, instrumentBody } from './support/factories';
import { mailTo, receiver, until } from './support/notifications';

/** Notifications and webhooks (issue 19): e-mail through the run's own SMTP server, the inbox, preferences, signed webhooks with retries and replay. */

type User = { user: any; token: string; email: string };

/** A Shanghai calendar day `days` from today, as YYYY-MM-DD. */
function shanghaiDay(days: number): string {
  return new Date(Date.now() + 8 * 3600e3 + days * 86400e3).toISOString().slice(0, 10);
}
const EVERY_DAY = [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({ weekday, start: '00:00', end: '24:00' }));

describe('notifications and webhooks (issue 19)', () => {
  let bureau: string;
  let provider: any;
  let client: any;
  let admin: User;
  let operator: User;
  let clientAdmin: User;
  let researcher: User;
  let quiet: User;
  let instrument: any;
  let hour = 8;

  beforeAll(async () => {
    bureau = await bureauToken();
    provider = await createInstitution(bureau, { name: '重庆嘉陵理工大学 通知', region: 'CQ' });
    client = await createInstitution(bureau, { name: '成都锦江新材料研究所 通知', kind: 'institute', region: 'SC' });
    admin = await createUser(bureau, 'institution_admin', provider.code);
    operator = await createUser(bureau, 'operator', provider.code);
    clientAdmin = await createUser(bureau, 'institution_admin', client.code);
    researcher = await createUser(bureau, 'researcher', client.code);
    quiet = await createUser(bureau, 'researcher', client.code);
    const rules = { slotMinutes: 30, minMinutes: 30, maxMinutes: 480, leadMinutes: 0, cancelDeadlineMinutes: 0, approvalRequired: true };
    instrument = (await api('POST', '/instruments', { token: admin.token, body: instrumentBody({ name: '场发射扫描电镜 通知测试', bookingRules: rules }) })).body;
    expect((await api('PUT', `/instruments/${instrument.id}/availability`, { token: admin.token, body: { timezone: 'Asia/Shanghai', weekly: EVERY_DAY } })).status).toBe(200);
  });

  /** A booking of the instrument an hour long, on day +30, at the next free hour (Beijing time). */
  async function requestBooking(user: User): Promise<any> {
    hour += 1;
    const day = shanghaiDay(30);
    const hh = String(hour).padStart(2, '0');
    const res = await api('POST', '/bookings', {
      token: user.token, body: { instrumentId: instrument.id, start: `${day}T${hh}:00:00+08:00`, end: `${day}T${hh}:30:00+08:00`, serviceMode: 'self', purpose: '薄膜形貌表征' },
    });
    if (res.status !== 201) throw new Error(`book → ${res.status} ${JSON.stringify(res.body)}`);
    expect(res.body.status).toBe('requested');
    return { ...res.body, day, hh };
  }

  async function approve(booking: any): Promise<void> {
    const res = await api('POST', `/bookings/${booking.id}/approve`, { token: admin.token });
    expect([res.status, res.body.status]).toEqual([200, 'approved']);
  }

  const inboxOf = async (user: User, query = '') => (await api('GET', `/notifications${query}`, { token: user.token })).body;
  const entryFor = (user: User, kind: string, bookingId: string) => async () =>
    ((await inboxOf(user)).items as any[]).find((n) => n.kind === kind && n.bookingId === bookingId);

  it('an approval sends the user an e-mail in Chinese with the instrument, the time in Beijing time and a link, and the inbox shows it unread', async () => {
    const booking = await requestBooking(researcher);
    // The request goes to the provider's approvers: its admin and operator, not the researcher.
    for (const staff of [admin, operator]) {
      const entry = await until('the approvers’ inbox entry', entryFor(staff, 'booking.requested', booking.id));
      expect(entry.link).toBe(`http://yixiang.test/approvals?booking=${booking.id}`);
    }
    expect((await until('the approver’s e-mail', async () => (await mailTo(admin.email)).find((m) => m.text?.includes(booking.id))))!.subject).toContain('待审核');
    const before = (await api('GET', '/notifications/unread-count', { token: researcher.token })).body.unread;
    await approve(booking);

    const mail = await until('the approval e-mail', async () => (await mailTo(researcher.email)).find((m) => m.text?.includes(booking.id)));
    expect(mail.subject).toBe(`【仪享】预约已通过：${instrument.name}`);
    expect(mail.to && 'text' in mail.to ? mail.to.text : '').toContain(researcher.email);
    const [y, m, d] = booking.day.split('-').map(Number);
    expect(mail.text).toContain(instrument.name);
    expect(mail.text).toContain(`${y}年${m}月${d}日 ${booking.hh}:00–${booking.hh}:30（北京时间）`);
    expect(mail.text).toContain(`http://yixiang.test/bookings?booking=${booking.id}`);
    expect(mail.text).toMatch(/已通过审核/);

    const entry = await until('the inbox entry', entryFor(researcher, 'booking.approved', booking.id));
    expect(entry).toMatchObject({ title: mail.subject, readAt: null, email: 'delivered', link: `http://yixiang.test/bookings?booking=${booking.id}` });
    expect((await api('GET', '/notifications/unread-count', { token: researcher.token })).body.unread).toBe(before + 1);
    expect(((await inboxOf(researcher, '?unread=true')).items as any[]).map((n) => n.id)).toContain(entry.id);
    // Nobody else's inbox has it, and nobody else may mark it read.
    expectError(await api('POST', `/notifications/${entry.id}/read`, { token: quiet.token }), 404, 'NOT_FOUND');
    const read = await api('POST', `/notifications/${entry.id}/read`, { token: researcher.token });
    expect([read.status, typeof read.body.readAt]).toEqual([200, 'string']);
    expect((await api('GET', '/notifications/unread-count', { token: researcher.token })).body.unread).toBe(before);
    expect(((await inboxOf(researcher, '?unread=true')).items as any[]).map((n) => n.id)).not.toContain(entry.id);
    const all = await api('POST', '/notifications/read-all', { token: admin.token });
    expect(all.status).toBe(200);
    expect((await api('GET', '/notifications/unread-count', { token: admin.token })).body.unread).toBe(0);
  });

  it('a user who switched e-mail off for approvals gets the inbox entry and no mail', async () => {
    const prefs = await api('GET', '/notification-preferences', { token: quiet.token });
    expect(prefs.body.items.find((p: any) => p.kind === 'booking.approved')).toEqual({ kind: 'booking.approved', label: '预约已通过', inbox: true, email: true });
    const put = await api('PUT', '/notification-preferences', { token: quiet.token, body: { preferences: [{ kind: 'booking.approved', email: false }] } });
    expect(put.status).toBe(200);
    expect(put.body.items.find((p: any) => p.kind === 'booking.approved').email).toBe(false);
    expectError(await api('PUT', '/notification-preferences', { token: quiet.token, body: { preferences: [{ kind: 'booking.approved', email: 'no' }] } }), 400);
    expectError(await api('PUT', '/notification-preferences', { token: quiet.token, body: { preferences: [{ kind: 'booking.exploded', email: true }] } }), 400);

    const booking = await requestBooking(quiet);
    await approve(booking);
    const entry = await until('the inbox entry', entryFor(quiet, 'booking.approved', booking.id));
    expect(entry.email).toBe('off');
    // Give a mail that should not exist the time the first test's took, then look.
    await new Promise((r) => setTimeout(r, 2000));
    expect((await mailTo(quiet.email)).filter((m) => m.subject?.includes('预约已通过'))).toEqual([]);
  });

  it('a cancellation by the institution tells the user with the reason; the user’s own cancellation does not', async () => {
    const byStaff = await requestBooking(researcher);
    await approve(byStaff);
    const cancelled = await api('POST', `/bookings/${byStaff.id}/cancel`, { token: operator.token, body: { reason: '仪器故障，暂停服务' } });
    expect(cancelled.status).toBe(200);
    const entry = await until('the cancellation notice', entryFor(researcher, 'booking.cancelled', byStaff.id));
    expect(entry.title).toBe(`【仪享】预约已被取消：${instrument.name}`);
    expect(entry.body).toContain('已被仪器管理单位取消');
    expect(entry.body).toContain('原因：仪器故障，暂停服务');
    const mail = await until('its e-mail', async () => (await mailTo(researcher.email)).find((m) => m.text?.includes(byStaff.id) && m.subject?.includes('取消')));
    expect(mail.text).toContain('原因：仪器故障，暂停服务');

    const byUser = await requestBooking(researcher);
    await approve(byUser);
    expect((await api('POST', `/bookings/${byUser.id}/cancel`, { token: researcher.token, body: {} })).status).toBe(200);
    await until('the approval of the second booking', entryFor(researcher, 'booking.approved', byUser.id));
    await new Promise((r) => setTimeout(r, 2000));
    expect(((await inboxOf(researcher, '?pageSize=200')).items as any[]).filter((n) => n.bookingId === byUser.id).map((n) => n.kind)).toEqual(['booking.approved']);
  });

  it('maintenance over a booking tells its owner, with the reason, in the inbox and by e-mail', async () => {
    const booking = await requestBooking(researcher);
    await approve(booking);
    const window = { start: `${booking.day}T${booking.hh}:00:00+08:00`, end: `${booking.day}T${booking.hh}:30:00+08:00`, reason: '更换电子枪灯丝' };
    const added = await api('POST', `/instruments/${instrument.id}/blackouts`, { token: operator.token, body: { ...window, cancelConflicting: true } });
    expect(added.status).toBe(201);
    const notice = await until('the maintenance notice', entryFor(researcher, 'booking.maintenance', booking.id));
    expect(notice.title).toBe(`【仪享】维护时段与您的预约冲突：${instrument.name}`);
    expect(notice.body).toContain('原因：更换电子枪灯丝；该预约已随维护安排取消');
    const cancelled = await until('the cancellation notice', entryFor(researcher, 'booking.cancelled', booking.id));
    expect(cancelled.body).toContain('已被仪器管理单位取消');
    await until('the maintenance e-mail', async () => (await mailTo(researcher.email)).find((m) => m.text?.includes(booking.id) && m.subject?.includes('维护')));
  });

  it('webhooks: a valid signature; a receiver failing twice gets it on the third attempt (the log shows both failures); replay resends', async () => {
    const good = await receiver();
    const flaky = await receiver((n) => (n <= 2 ? 500 : 200));
    try {
      // Only the institution's admin (or the bureau) sets them up; the secret is shown once.
      expectError(await api('POST', '/webhooks', { token: operator.token, body: { url: good.url, events: ['booking.booking.approved'] } }), 403);
      expectError(await api('POST', '/webhooks', { token: admin.token, body: { url: 'ftp://erp.example.cn/x', events: ['booking.booking.approved'] } }), 400);
      expectError(await api('POST', '/webhooks', { token: admin.token, body: { url: good.url, events: ['booking.booking.exploded'] } }), 400);
      expectError(await api('POST', '/webhooks', { token: admin.token, body: { url: good.url, events: ['booking.booking.approved'], institutionId: client.id } }), 403);
      const hook = await api('POST', '/webhooks', { token: admin.token, body: { url: good.url, events: ['booking.booking.approved'], description: '本单位预约系统' } });
      expect(hook.status).toBe(201);
      expect(hook.body.secret).toMatch(/^whsec_[0-9a-f]{48}$/);
      expect(hook.body.institutionId).toBe(provider.id);
      const flakyHook = await api('POST', '/webhooks', { token: clientAdmin.token, body: { url: flaky.url, events: ['booking.booking.approved', 'booking.booking.rejected'] } });
      expect(flakyHook.status).toBe(201);
      const listed = await api('GET', '/webhooks', { token: admin.token });
      expect(listed.body.items.map((w: any) => w.id)).toEqual([hook.body.id]);
      expect(JSON.stringify(listed.body)).not.toContain(hook.body.secret);
      expectError(await api('GET', `/webhooks/${hook.body.id}/deliveries`, { token: clientAdmin.token }), 404);

      const booking = await requestBooking(researcher);
      await approve(booking);

      const delivered = await until('the webhook delivery', () => good.got.find((g) => g.body.includes(booking.id)));
      const signature = delivered.headers['x-yixiang-signature'] as string;
      expect(signature).toMatch(/^t=\d+,v1=[0-9a-f]{64}$/);
      expect(verifyWebhookSignature(hook.body.secret, signature, delivered.body, Math.floor(Date.now() / 1000))).toBe(true);
      expect(verifyWebhookSignature(flakyHook.body.secret, signature, delivered.body, Math.floor(Date.now() / 1000))).toBe(false);
      const event = JSON.parse(delivered.body);
      expect(event).toMatchObject({ type: 'booking.booking.approved', data: { bookingId: booking.id, instrumentName: instrument.name, providerInstitutionId: provider.id, userId: researcher.user.id } });
      expect(delivered.headers['x-yixiang-event']).toBe('booking.booking.approved');

      // The user's institution's receiver: refused twice, taken the third time.
      const ofBooking = () => flaky.got.filter((g) => g.body.includes(booking.id));
      const third = await until('the third attempt', () => (ofBooking().length >= 3 ? ofBooking() : undefined));
      expect(third).toHaveLength(3);
      expect(verifyWebhookSignature(flakyHook.body.secret, third[2].headers['x-yixiang-signature'] as string, third[2].body, Math.floor(Date.now() / 1000))).toBe(true);
      expect(third[2].at - third[1].at).toBeGreaterThanOrEqual(third[1].at - third[0].at - 50);
      const log = await until('the delivered log', async () => {
        const page = await api('GET', `/webhooks/${flakyHook.body.id}/deliveries`, { token: clientAdmin.token });
        const d = (page.body.items as any[]).find((x) => x.eventId === event.id);
        return d?.state === 'delivered' ? d : undefined;
      });
      expect(log.attempts).toBe(3);
      expect(log.log.map((a: any) => [a.attempt, a.ok, a.status])).toEqual([[1, false, 500], [2, false, 500], [3, true, 200]]);
      expect(log.log[0].error).toMatch(/HTTP 500/);

      // Replay: the same body again, signed anew, as a delivery of its own.
      const replay = await api('POST', `/webhook-deliveries/${log.id}/replay`, { token: clientAdmin.token });
      expect(replay.status).toBe(201);
      expect(replay.body.replayOf).toBe(log.id);
      expectError(await api('POST', `/webhook-deliveries/${log.id}/replay`, { token: admin.token }), 404);
      const again = await until('the replay', () => (ofBooking().length >= 4 ? ofBooking()[3] : undefined));
      expect(again.body).toBe(third[2].body);
      expect(verifyWebhookSignature(flakyHook.body.secret, again.headers['x-yixiang-signature'] as string, again.body, Math.floor(Date.now() / 1000))).toBe(true);
      expect(again.headers['x-yixiang-delivery']).toBe(replay.body.id);

      expect((await api('DELETE', `/webhooks/${hook.body.id}`, { token: admin.token })).status).toBe(200);
      expect((await api('GET', '/webhooks', { token: admin.token })).body.items).toEqual([]);
    } finally {
      await good.close();
      await flaky.close();
    }
  });

  it('a delivery that keeps failing ends failed and is listed for the bureau and the institution’s admin', async () => {
    const dead = await receiver(() => 503);
    const robot = await receiver();
    try {
      const hook = await api('POST', '/webhooks', { token: bureau, body: { url: dead.url, events: ['booking.booking.rejected'], institutionId: provider.id } });
      expect(hook.status).toBe(201);
      const robots = await api('PUT', `/institutions/${provider.id}/robots`, { token: admin.token, body: { wecom: robot.url } });
      expect([robots.status, robots.body.wecom]).toEqual([200, robot.url]);
      expectError(await api('PUT', `/institutions/${provider.id}/robots`, { token: clientAdmin.token, body: { wecom: robot.url } }), 403);
      const booking = await requestBooking(researcher);
      const rejected = await api('POST', `/bookings/${booking.id}/reject`, { token: admin.token, body: { reason: '样品不符合要求' } });
      expect(rejected.status).toBe(200);
      const text = await until('the group robot message of the rejection', () => robot.got.find((g) => g.body.includes(booking.id) && g.body.includes('预约未通过')));
      const message = JSON.parse(text.body);
      expect(message.msgtype).toBe('text');
      expect(message.text.content).toContain(`【仪享】预约未通过：${instrument.name}`);
      expect(message.text.content).toContain('原因：样品不符合要求');
      const failed = await until('the failed delivery', async () => {
        const page = await api('GET', '/notifications/deliveries?state=failed&channel=webhook', { token: bureau });
        return (page.body.items as any[]).find((d) => d.webhookId === hook.body.id);
      }, 30000);
      expect(failed.attempts).toBe(5);
      expect(failed.log).toHaveLength(5);
      expect(failed.lastError).toMatch(/503/);
      expect(dead.got.filter((g) => g.body.includes(booking.id))).toHaveLength(5);
      const own = await api('GET', '/notifications/deliveries?state=failed', { token: admin.token });
      expect((own.body.items as any[]).map((d) => d.id)).toContain(failed.id);
      const other = await api('GET', '/notifications/deliveries?state=failed', { token: clientAdmin.token });
      expect((other.body.items as any[]).map((d) => d.id)).not.toContain(failed.id);
      expectError(await api('GET', '/notifications/deliveries?state=failed', { token: researcher.token }), 403);
      expectError(await api('GET', '/notifications/deliveries?state=lost', { token: bureau }), 400);
      await api('PUT', `/institutions/${provider.id}/robots`, { token: admin.token, body: { wecom: null } });
    } finally {
      await dead.close();
      await robot.close();
    }
  });

  it('an event delivered twice (same eventId, another message) notifies once; an invalid one notifies nobody', async () => {
    const nc = await connect({ servers: testEnv().natsUrl });
    try {
      const js = nc.jetstream();
      const eventId = randomUUID();
      const bookingId = randomUUID();
      const day = shanghaiDay(40);
      const event = {
        eventId, occurredAt: new Date().toISOString(), bookingId, bookingCode: 'B-DUP-1', instrumentId: instrument.id, instrumentCode: instrument.code,
        instrumentName: instrument.name, providerInstitutionId: provider.id, userId: researcher.user.id, userInstitutionId: client.id,
        start: `${day}T01:00:00.000Z`, end: `${day}T02:00:00.000Z`, approvedBy: admin.user.id,
      };
      // Two publications under different message ids: the stream keeps both, the consumer sees both.
      await js.publish(Events.bookingApproved.subject, JSON.stringify(event), { msgID: `dup-a-${eventId}` });
      await js.publish(Events.bookingApproved.subject, JSON.stringify(event), { msgID: `dup-b-${eventId}` });
      await js.publish(Events.bookingApproved.subject, JSON.stringify({ ...event, eventId: randomUUID(), bookingId: randomUUID(), userId: 'not-a-uuid' }), { msgID: `bad-${eventId}` });
      await until('the inbox entry', entryFor(researcher, 'booking.approved', bookingId));
      await until('its e-mail', async () => (await mailTo(researcher.email)).find((m) => m.text?.includes(bookingId)));
      // Time for the second copy to have been handled, then count.
      await new Promise((r) => setTimeout(r, 2000));
      const entries = ((await inboxOf(researcher, '?pageSize=200')).items as any[]).filter((n) => n.bookingId === bookingId);
      expect(entries).toHaveLength(1);
      expect((await mailTo(researcher.email)).filter((m) => m.text?.includes(bookingId))).toHaveLength(1);
    } finally {
      await nc.close();
    }
  });

  it('a usage record (check-out) reaches the webhooks subscribed to it, once, and nobody’s inbox', async () => {
    const hookReceiver = await receiver();
    const nc = await connect({ servers: testEnv().natsUrl });
    try {
      const hook = await api('POST', '/webhooks', { token: clientAdmin.token, body: { url: hookReceiver.url, events: ['booking.usage.recorded'] } });
      expect(hook.status).toBe(201);
      const bookingId = randomUUID();
      const usage = {
        bookingId, bookingCode: `B-USAGE-${bookingId.slice(0, 8)}`, instrumentId: instrument.id, providerInstitutionId: provider.id, userId: researcher.user.id, userInstitutionId: client.id,
        // A month no other test settles, nor sweeps by settling a later one: billing records it too (its own consumer), unbilled.
        serviceMode: 'self', serviceCategory: 'research', start: '2027-09-02T01:00:00.000Z', end: '2027-09-02T02:00:00.000Z', samples: null, projectCode: null,
        voucherId: null, status: 'completed',
      };
      const js = nc.jetstream();
      await js.publish(Events.usageRecorded.subject, JSON.stringify(usage), { msgID: `usage-a-${bookingId}` });
      await js.publish(Events.usageRecorded.subject, JSON.stringify(usage), { msgID: `usage-b-${bookingId}` });
      const got = await until('the usage webhook', () => hookReceiver.got.find((g) => g.body.includes(bookingId)));
      expect(verifyWebhookSignature(hook.body.secret, got.headers['x-yixiang-signature'] as string, got.body, Math.floor(Date.now() / 1000))).toBe(true);
      expect(JSON.parse(got.body)).toMatchObject({ id: `usage:${bookingId}`, type: 'booking.usage.recorded', data: { bookingId, status: 'completed' } });
      await new Promise((r) => setTimeout(r, 1500));
      expect(hookReceiver.got.filter((g) => g.body.includes(bookingId))).toHaveLength(1);
      expect(((await inboxOf(researcher, '?pageSize=200')).items as any[]).filter((n) => n.bookingId === bookingId)).toEqual([]);
    } finally {
      await nc.close();
      await hookReceiver.close();
    }
  });
});
