import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { ClientProxy, ClientProxyFactory, Transport } from '@nestjs/microservices';
import { BookingSubjects, Events, SweepReply } from '@yixiang/contracts';
import { natsConnectionOptions, ServiceClient } from '@yixiang/common';
import { api, bureauToken, expectError, testEnv } from './support/api';
import { createInstitution, createUser, instrumentBody } from './support/factories';

/** A Shanghai calendar day `days` from today, as YYYY-MM-DD. */
function shanghaiDay(days: number): string {
  return new Date(Date.now() + 8 * 3600e3 + days * 86400e3).toISOString().slice(0, 10);
}
const at = (day: string, hhmm: string) => `${day}T${hhmm}:00+08:00`;
const EVERY_DAY = (start: string, end: string) => [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({ weekday, start, end }));

describe('booking policy (issue 19)', () => {
  let db: Client;
  let bureau: string;
  let provider: any;
  let admin: { token: string; user: any };
  let operator: { token: string; user: any };
  let researcher: { token: string; user: any };
  /** Approval needed, open around the clock. */
  let approved: any;
  /** Books straight to approved, open around the clock. */
  let easy: any;
  /** For bookings written straight into the database in the past (the API refuses them). */
  let past: any;
  let proxy: ClientProxy;
  let booking: ServiceClient;

  beforeAll(async () => {
    db = new Client({ connectionString: testEnv().databaseUrl });
    await db.connect();
    bureau = await bureauToken();
    provider = await createInstitution(bureau, { name: '重庆嘉陵理工大学 预约规则', region: 'CQ' });
    const client = await createInstitution(bureau, { name: '成都锦江新材料研究所 预约规则', kind: 'institute', region: 'SC' });
    admin = await createUser(bureau, 'institution_admin', provider.code);
    operator = await createUser(bureau, 'operator', provider.code);
    researcher = await createUser(bureau, 'researcher', client.code);
    const rules = { slotMinutes: 30, minMinutes: 30, maxMinutes: 480, leadMinutes: 0, cancelDeadlineMinutes: 0, approvalRequired: true };
    approved = (await api('POST', '/instruments', { token: admin.token, body: instrumentBody({ name: '核磁共振波谱仪 规则测试', bookingRules: rules }) })).body;
    easy = (await api('POST', '/instruments', { token: admin.token, body: instrumentBody({ name: 'X射线衍射仪 规则测试', bookingRules: { ...rules, approvalRequired: false } }) })).body;
    past = (await api('POST', '/instruments', { token: admin.token, body: instrumentBody({ name: '激光共聚焦显微镜 爽约测试', bookingRules: { ...rules, approvalRequired: false } }) })).body;
    for (const i of [approved, easy, past]) {
      expect((await api('PUT', `/instruments/${i.id}/availability`, { token: admin.token, body: { timezone: 'Asia/Shanghai', weekly: EVERY_DAY('00:00', '24:00') } })).status).toBe(200);
    }
  });

  afterAll(async () => {
    await proxy?.close();
    await db.end();
  });

  /** The scheduled sweep's work at an explicit instant, over NATS as the job would run it. */
  const sweep = async (now: Date): Promise<SweepReply> => {
    if (!booking) {
      proxy = ClientProxyFactory.create({ transport: Transport.NATS, options: natsConnectionOptions(testEnv().natsUrl, 'booking-policy-test') });
      booking = new ServiceClient(proxy, 'booking', 20000);
    }
    return booking.request(BookingSubjects.policySweep, { now: now.toISOString() });
  };

  /** How many sweep requests each booking replica has handled, from its own /metrics (each replica serves its own ops port). */
  const sweepsHandled = async (): Promise<Record<string, number>> => {
    const replicas = Object.entries(testEnv().opsUrls ?? {}).filter(([name]) => name.startsWith('booking-'));
    expect(replicas.map(([name]) => name).sort()).toEqual(['booking-1', 'booking-2']);
    return Object.fromEntries(await Promise.all(replicas.map(async ([name, url]) => {
      const line = (await (await fetch(`${url}/metrics`)).text()).split('\n')
        .find((l) => l.startsWith('yixiang_nats_handling_duration_seconds_count{') && l.includes(`subject="${BookingSubjects.policySweep}"`));
      return [name, line ? Number(line.slice(line.lastIndexOf(' ') + 1)) : 0] as const;
    })));
  };

  /**
   * The sweep at one clock on both booking replicas at once. Requests go through the service's queue
   * group, which hands each to a member at random: a burst of a dozen reaches both (all to one: 1 in
   * 2048), and each replica's own count of handled sweeps says that both ran it. Should one burst miss a
   * replica, another follows; the sweep is idempotent, so the bursts' sum is what one sweep does.
   */
  const sweepOnEveryReplica = async (now: Date): Promise<SweepReply[]> => {
    const before = await sweepsHandled();
    const replies: SweepReply[] = [];
    for (let burst = 0; burst < 3; burst++) {
      replies.push(...await Promise.all(Array.from({ length: 12 }, () => sweep(now))));
      const after = await sweepsHandled();
      if (Object.keys(after).every((name) => after[name] > before[name])) return replies;
    }
    throw new Error('three bursts of sweeps did not reach both booking replicas');
  };

  /** The user's inbox, polled until `ready` holds, then once more a little later: what arrives late arrives by then. */
  const settledInbox = async (user: { token: string }, ready: (items: any[]) => boolean): Promise<any[]> => {
    const read = async () => (await api('GET', '/notifications?pageSize=200', { token: user.token })).body.items as any[];
    const deadline = Date.now() + 20000;
    while (!ready(await read())) {
      if (Date.now() > deadline) throw new Error(`the inbox did not fill: ${JSON.stringify((await read()).map((n) => [n.kind, n.bookingId]))}`);
      await new Promise((r) => setTimeout(r, 200));
    }
    await new Promise((r) => setTimeout(r, 2000));
    return read();
  };

  /** A booking written straight into the database (past bookings, which the API refuses). */
  const insertBooking = async (instrument: any, user: { user: any }, start: Date, end: Date, status = 'approved', extra: Record<string, unknown> = {}): Promise<string> => {
    const id = randomUUID();
    await db.query(`insert into booking.booking (id, code, kind, instrument_id, provider_institution_id, user_id, user_institution_id, service_mode,
        service_category, purpose, status, start_at, end_at, checked_in_at, created_by)
      values ($1, $2, 'booking', $3, $4, $5, $6, 'self', 'research', '测试', $7, $8, $9, $10, $5)`,
    [id, `BK-T${id.slice(0, 10).toUpperCase()}`, instrument.id, provider.id, user.user.id, user.user.institutionId, status, start, end, extra.checkedInAt ?? null]);
    return id;
  };
  const statusOf = async (id: string) => (await db.query(`select status from booking.booking where id = $1`, [id])).rows[0].status as string;
  const MIN = 60_000;

  const book = (token: string, body: Record<string, unknown>) =>
    api('POST', '/bookings', { token, body: { serviceMode: 'self', purpose: '结构表征', ...body } });
  const outbox = async (subject: string, bookingId: string) =>
    (await db.query(`select payload from booking.outbox where subject = $1 and payload->>'bookingId' = $2`, [subject, bookingId])).rows.map((r) => r.payload);

  describe('booking events through the outbox', () => {
    it('a request writes one booking.booking.requested, an approval exactly one booking.booking.approved', async () => {
      const day = shanghaiDay(20);
      const requested = await book(researcher.token, { instrumentId: approved.id, start: at(day, '09:00'), end: at(day, '10:00') });
      expect(requested.status).toBe(201);
      expect(await outbox(Events.bookingRequested.subject, requested.body.id)).toEqual([expect.objectContaining({
        bookingId: requested.body.id, instrumentCode: approved.code, instrumentName: approved.name, providerInstitutionId: provider.id,
        userId: researcher.user.id, start: requested.body.start, end: requested.body.end,
      })]);
      expect(await outbox(Events.bookingApproved.subject, requested.body.id)).toEqual([]);
      expect((await api('POST', `/bookings/${requested.body.id}/approve`, { token: admin.token })).body.status).toBe('approved');
      expectError(await api('POST', `/bookings/${requested.body.id}/approve`, { token: admin.token }), 409, 'ILLEGAL_TRANSITION');
      const events = await outbox(Events.bookingApproved.subject, requested.body.id);
      expect(events).toHaveLength(1);
      expect(events[0]).toMatchObject({ bookingId: requested.body.id, approvedBy: admin.user.id, instrumentName: approved.name });
      expect(events[0].eventId).toMatch(/^[0-9a-f-]{36}$/);
    });

    it('a rejection and a cancellation by staff write their events with the reason and who cancelled', async () => {
      const day = shanghaiDay(21);
      const one = await book(researcher.token, { instrumentId: approved.id, start: at(day, '09:00'), end: at(day, '10:00') });
      const two = await book(researcher.token, { instrumentId: approved.id, start: at(day, '11:00'), end: at(day, '12:00') });
      const three = await book(researcher.token, { instrumentId: easy.id, start: at(day, '11:00'), end: at(day, '12:00') });
      expect(three.body.status).toBe('approved');
      expect(await outbox(Events.bookingRequested.subject, three.body.id)).toEqual([]);
      await api('POST', `/bookings/${one.body.id}/reject`, { token: admin.token, body: { reason: '样品不符合要求' } });
      await api('POST', `/bookings/${two.body.id}/cancel`, { token: operator.token, body: { reason: '仪器故障' } });
      await api('POST', `/bookings/${three.body.id}/cancel`, { token: researcher.token });
      expect(await outbox(Events.bookingRejected.subject, one.body.id)).toEqual([expect.objectContaining({ reason: '样品不符合要求' })]);
      expect(await outbox(Events.bookingCancelled.subject, two.body.id)).toEqual([expect.objectContaining({ cancelledBy: 'institution', reason: '仪器故障' })]);
      expect(await outbox(Events.bookingCancelled.subject, three.body.id)).toEqual([expect.objectContaining({ cancelledBy: 'user', reason: null })]);
    });
  });
  describe('check-in window and overrun', () => {
    it('refuses a check-in six days early (422 naming the window in Beijing time) and allows it 15 minutes before the start', async () => {
      const day = shanghaiDay(6);
      const b = await book(researcher.token, { instrumentId: easy.id, start: at(day, '09:00'), end: at(day, '10:00') });
      expect(b.status).toBe(201);
      const early = await api('POST', `/bookings/${b.body.id}/check-in`, { token: operator.token });
      expectError(early, 422, 'RULE_VIOLATION');
      expect(early.body.error.message).toContain(`${day} 08:45 至 ${day} 10:00（北京时间）`);
      expect(early.body.error.details.rules[0].rule).toBe('check-in-window');
      // Move it to start in 10 minutes: inside the 15-minute window.
      const start = new Date(Date.now() + 10 * MIN);
      await db.query(`update booking.booking set start_at = $2, end_at = $3 where id = $1`, [b.body.id, start, new Date(start.getTime() + 60 * MIN)]);
      expect((await api('POST', `/bookings/${b.body.id}/check-in`, { token: operator.token })).body.status).toBe('in_use');
    });

    it('a check-out after the end records the actual time and flags the overrun into the next booking', async () => {
      const now = Date.now();
      const end = new Date(Math.floor((now - 10 * MIN) / MIN) * MIN);
      const start = new Date(end.getTime() - 60 * MIN);
      const own = (await api('POST', '/instruments', { token: admin.token, body: instrumentBody({ name: '电感耦合等离子体质谱仪 超时测试' }) })).body;
      const first = await insertBooking(own, researcher, start, end, 'in_use', { checkedInAt: start });
      const next = await insertBooking(own, operator, end, new Date(end.getTime() + 60 * MIN));
      const out = await api('POST', `/bookings/${first}/check-out`, { token: operator.token });
      expect(out.status).toBe(200);
      expect(new Date(out.body.checkedOutAt).getTime()).toBeGreaterThan(end.getTime());
      expect(out.body.overrun).toEqual({ intoBookingId: next, minutes: expect.any(Number) });
      expect(out.body.overrun.minutes).toBeGreaterThanOrEqual(10);
      expect((await api('GET', `/bookings/${first}`, { token: admin.token })).body.overrun.intoBookingId).toBe(next);
    });
  });

  describe('automatic no-shows and suspensions', () => {
    it('a booking not checked in 30 minutes after its start becomes a no-show, once, with its event', async () => {
      const start = new Date(Math.floor((Date.now() - 20 * MIN) / MIN) * MIN);
      const id = await insertBooking(past, operator, start, new Date(start.getTime() + 60 * MIN));
      await sweep(new Date(start.getTime() + 29 * MIN));
      expect(await statusOf(id)).toBe('approved');
      await sweep(new Date(start.getTime() + 30 * MIN));
      expect(await statusOf(id)).toBe('no_show');
      await sweep(new Date(start.getTime() + 40 * MIN));
      const events = await outbox(Events.noShowRecorded.subject, id);
      expect(events).toEqual([expect.objectContaining({ bookingId: id, automatic: true, instrumentName: past.name, providerInstitutionId: provider.id })]);
    });

    it('both booking replicas sweeping at once record each no-show once and notify its user once; the 3rd no-show suspends the user once, for 30 days, and refusals name the dates', async () => {
      const client = await createInstitution(bureau, { name: '西南计量研究院 爽约测试', kind: 'institute', region: 'CQ' });
      const late = await createUser(bureau, 'researcher', client.code);
      const base = Math.floor((Date.now() - 10 * 3600e3) / MIN) * MIN;
      const ids: string[] = [];
      for (let i = 0; i < 3; i++) ids.push(await insertBooking(past, late, new Date(base + i * 120 * MIN), new Date(base + i * 120 * MIN + 60 * MIN)));
      await sweepOnEveryReplica(new Date());
      for (const id of ids) {
        expect(await statusOf(id)).toBe('no_show');
        expect(await outbox(Events.noShowRecorded.subject, id)).toHaveLength(1);
      }
      // What the user hears: one no-show notice per booking and one suspension notice, however many sweeps ran.
      const noShows = (items: any[]) => items.filter((n) => n.kind === 'booking.no-show' && ids.includes(n.bookingId));
      const inbox = await settledInbox(late, (items) => new Set(noShows(items).map((n) => n.bookingId)).size === ids.length && items.some((n) => n.kind === 'booking.suspended'));
      expect(noShows(inbox).map((n) => n.bookingId).sort()).toEqual([...ids].sort());
      expect(inbox.filter((n) => n.kind === 'booking.suspended')).toHaveLength(1);
      const suspensions = (await db.query(`select * from booking.suspension where user_id = $1`, [late.user.id])).rows;
      expect(suspensions).toHaveLength(1);
      expect(suspensions[0]).toMatchObject({ institution_id: provider.id, no_shows: 3 });
      expect(new Date(suspensions[0].ends_at).getTime() - new Date(suspensions[0].starts_at).getTime()).toBe(30 * 86400e3);
      const started = (await db.query(`select payload from booking.outbox where subject = $1 and payload->>'userId' = $2`, [Events.suspensionStarted.subject, late.user.id])).rows;
      expect(started).toHaveLength(1);

      const day = shanghaiDay(12);
      const refused = await book(late.token, { instrumentId: easy.id, start: at(day, '09:00'), end: at(day, '10:00') });
      expectError(refused, 422, 'BOOKING_SUSPENDED');
      expect(refused.body.error.message).toMatch(/\d{4}-\d{2}-\d{2} \d{2}:\d{2} 至 \d{4}-\d{2}-\d{2} \d{2}:\d{2}（北京时间）/);
      expect(refused.body.error.details.suspension).toMatchObject({ id: suspensions[0].id, timeZone: 'Asia/Shanghai' });

      // The researcher sees their own suspension, the provider's admin theirs; another institution's admin none of it.
      expect((await api('GET', '/suspensions', { token: late.token })).body.items.map((x: any) => x.id)).toEqual([suspensions[0].id]);
      expect((await api('GET', '/suspensions?active=true', { token: admin.token })).body.items.map((x: any) => x.id)).toContain(suspensions[0].id);

      // S days later it has ended: shift it back 30 days (the rule itself is a pure function, unit-tested to the millisecond).
      await db.query(`update booking.suspension set starts_at = starts_at - interval '30 days', ends_at = ends_at - interval '30 days' where id = $1`, [suspensions[0].id]);
      const after = await book(late.token, { instrumentId: easy.id, start: at(day, '09:00'), end: at(day, '10:00') });
      expect(after.status).toBe(201);

      // Put it back in force, and let the admin lift it with a reason.
      await db.query(`update booking.suspension set starts_at = now() - interval '1 day', ends_at = now() + interval '29 days' where id = $1`, [suspensions[0].id]);
      expectError(await book(late.token, { instrumentId: easy.id, start: at(day, '11:00'), end: at(day, '12:00') }), 422, 'BOOKING_SUSPENDED');
      expectError(await api('POST', `/suspensions/${suspensions[0].id}/lift`, { token: operator.token, body: { reason: '误记' } }), 403, 'FORBIDDEN');
      const lifted = await api('POST', `/suspensions/${suspensions[0].id}/lift`, { token: admin.token, body: { reason: '系统故障导致未签到' } });
      expect(lifted.status).toBe(200);
      expect(lifted.body).toMatchObject({ active: false, liftReason: '系统故障导致未签到', liftedBy: admin.user.id });
      expectError(await api('POST', `/suspensions/${suspensions[0].id}/lift`, { token: admin.token, body: { reason: '再次' } }), 409, 'ILLEGAL_TRANSITION');
      expect((await book(late.token, { instrumentId: easy.id, start: at(day, '11:00'), end: at(day, '12:00') })).status).toBe(201);
    });

    it('an institution sets its own policy (K=1)', async () => {
      expect((await api('GET', `/institutions/${provider.id}/no-show-policy`, { token: researcher.token })).body).toMatchObject({ noShowLimit: 3, windowDays: 90, suspensionDays: 30, custom: false });
      expectError(await api('PUT', `/institutions/${provider.id}/no-show-policy`, { token: operator.token, body: { noShowLimit: 1, windowDays: 30, suspensionDays: 7 } }), 403, 'FORBIDDEN');
      const put = await api('PUT', `/institutions/${provider.id}/no-show-policy`, { token: admin.token, body: { noShowLimit: 1, windowDays: 30, suspensionDays: 7 } });
      expect(put.body).toMatchObject({ noShowLimit: 1, windowDays: 30, suspensionDays: 7, custom: true });
      const once = await createUser(bureau, 'researcher', (await createInstitution(bureau, { name: '一次爽约测试所', kind: 'institute' })).code);
      const start = new Date(Math.floor((Date.now() - 5 * 3600e3) / MIN) * MIN);
      const id = await insertBooking(past, once, new Date(start.getTime() - 600 * MIN), new Date(start.getTime() - 540 * MIN));
      await sweep(new Date());
      expect(await statusOf(id)).toBe('no_show');
      const [s] = (await db.query(`select starts_at, ends_at from booking.suspension where user_id = $1`, [once.user.id])).rows;
      expect(new Date(s.ends_at).getTime() - new Date(s.starts_at).getTime()).toBe(7 * 86400e3);
      await api('PUT', `/institutions/${provider.id}/no-show-policy`, { token: admin.token, body: { noShowLimit: 3, windowDays: 90, suspensionDays: 30 } });
    });
  });

  describe('reminders', () => {
    it('emits booking.booking.reminder-due once per approved booking, 24 hours before its start, however many sweeps run', async () => {
      // Written straight into the database, 23.5 hours ahead: sweeps run at the real clock (a far-future `now` would also record no-shows).
      const start = new Date(Math.ceil((Date.now() + 23.5 * 3600e3) / (30 * MIN)) * 30 * MIN);
      const id = await insertBooking(past, researcher, start, new Date(start.getTime() + 60 * MIN));
      await sweep(new Date(start.getTime() - 25 * 3600e3));
      expect(await outbox(Events.bookingReminderDue.subject, id)).toEqual([]);
      await Promise.all([sweep(new Date()), sweep(new Date())]);
      await sweep(new Date());
      expect(await outbox(Events.bookingReminderDue.subject, id)).toEqual([expect.objectContaining({ bookingId: id, hoursBefore: 24, instrumentName: past.name })]);
    });
  });

  describe('recurring bookings', () => {
    it('a weekly series over a blackout with skip-conflicts books the rest and lists the skipped one; all-or-nothing books none', async () => {
      const first = shanghaiDay(30);
      const third = shanghaiDay(44);
      const blackout = await api('POST', `/instruments/${easy.id}/blackouts`, { token: admin.token, body: { start: at(third, '08:00'), end: at(third, '12:00'), reason: '年度维护' } });
      expect(blackout.status).toBe(201);
      const body = { instrumentId: easy.id, start: at(first, '09:00'), end: at(first, '10:00'), rrule: 'FREQ=WEEKLY;COUNT=4', serviceMode: 'self', purpose: '每周例行测试' };
      const none = await api('POST', '/bookings/series', { token: researcher.token, body: { ...body, mode: 'all-or-nothing' } });
      expectError(none, 409, 'BOOKING_CONFLICT');
      expect(none.body.error.details.skipped).toEqual([expect.objectContaining({ start: new Date(at(third, '09:00')).toISOString(), code: 'BOOKING_CONFLICT' })]);
      expect((await db.query(`select count(*)::int as n from booking.booking where instrument_id = $1 and purpose = '每周例行测试'`, [easy.id])).rows[0].n).toBe(0);

      const series = await api('POST', '/bookings/series', { token: researcher.token, body: { ...body, mode: 'skip-conflicts' } });
      expect(series.status).toBe(201);
      expect(series.body.booked.map((b: any) => b.start)).toEqual([first, shanghaiDay(37), shanghaiDay(51)].map((d) => new Date(at(d, '09:00')).toISOString()));
      expect(series.body.booked.every((b: any) => b.seriesId === series.body.id && b.status === 'approved')).toBe(true);
      expect(series.body.skipped).toEqual([{ start: new Date(at(third, '09:00')).toISOString(), end: new Date(at(third, '10:00')).toISOString(), code: 'BOOKING_CONFLICT', reason: expect.stringContaining('仪器维护') }]);

      // The iCalendar feed shows each occurrence as its own event, sharing the series id.
      const calendar = await api('POST', '/calendar-tokens', { token: researcher.token, body: {} });
      const feed = await api('GET', calendar.body.url.replace(/^\/api\/v1/, ''));
      expect(String(feed.body).match(new RegExp(`X-YIXIANG-SERIES:${series.body.id}`, 'g'))).toHaveLength(3);

      // One occurrence with the usual cancel; the rest of the series from the second on.
      expect((await api('POST', `/bookings/${series.body.booked[0].id}/cancel`, { token: researcher.token })).body.status).toBe('cancelled');
      const rest = await api('POST', `/bookings/series/${series.body.id}/cancel`, { token: researcher.token, body: { from: series.body.booked[1].start } });
      expect(rest.status).toBe(200);
      expect(rest.body.cancelled.map((b: any) => b.id)).toEqual([series.body.booked[1].id, series.body.booked[2].id]);
      expectError(await api('POST', `/bookings/series/${series.body.id}/cancel`, { token: operator.token.replace(/./g, 'x') }), 401);
    });

    it('refuses an RRULE it cannot honour with 400 naming the problem', async () => {
      const day = shanghaiDay(30);
      const bad = await api('POST', '/bookings/series', { token: researcher.token, body: { instrumentId: easy.id, start: at(day, '13:00'), end: at(day, '14:00'), rrule: 'FREQ=DAILY;COUNT=500', mode: 'skip-conflicts', serviceMode: 'self', purpose: 'x' } });
      expectError(bad, 400, 'VALIDATION_FAILED');
      expect(bad.body.error.message).toContain('100');
    });
  });

  describe('waiting list', () => {
    it('a freed slot is offered to the first waiting user, then to the next after the offer expires', async () => {
      const second = await createUser(bureau, 'researcher', researcher.user.institutionCode ?? (await api('GET', `/institutions/${researcher.user.institutionId}`, { token: bureau })).body.code);
      const third = await createUser(bureau, 'researcher', (await api('GET', `/institutions/${researcher.user.institutionId}`, { token: bureau })).body.code);
      const day = shanghaiDay(15);
      const slot = { instrumentId: easy.id, start: at(day, '14:00'), end: at(day, '16:00') };
      expectError(await api('POST', '/waitlist', { token: second.token, body: slot }), 422, 'RULE_VIOLATION'); // free: book it
      const taken = await book(researcher.token, slot);
      expect(taken.status).toBe(201);
      const firstInLine = await api('POST', '/waitlist', { token: second.token, body: { ...slot, purpose: '候补测试' } });
      expect(firstInLine.body).toMatchObject({ status: 'waiting', position: 1 });
      expectError(await api('POST', '/waitlist', { token: second.token, body: slot }), 409, 'DUPLICATE');
      const next = await api('POST', '/waitlist', { token: third.token, body: slot });
      expect(next.body).toMatchObject({ status: 'waiting', position: 2 });

      await api('POST', `/bookings/${taken.body.id}/cancel`, { token: researcher.token });
      const offered = (await api('GET', '/waitlist', { token: second.token })).body.items[0];
      expect(offered).toMatchObject({ id: firstInLine.body.id, status: 'offered' });
      const expiresAt = new Date(offered.expiresAt).getTime();
      expect(Math.abs(expiresAt - (Date.now() + 120 * MIN))).toBeLessThan(5 * MIN);
      expect((await api('GET', '/waitlist', { token: third.token })).body.items[0]).toMatchObject({ status: 'waiting' });
      const events = (await db.query(`select payload from booking.outbox where subject = $1 and payload->>'entryId' = $2`, [Events.waitlistOffered.subject, firstInLine.body.id])).rows;
      expect(events).toHaveLength(1);
      expect(events[0].payload).toMatchObject({ userId: second.user.id, instrumentName: easy.name });

      // Two hours pass without an answer: the sweep expires the offer and offers the slot to the next.
      await sweep(new Date(expiresAt + MIN));
      expect((await api('GET', '/waitlist', { token: second.token })).body.items[0]).toMatchObject({ status: 'expired' });
      expect((await api('GET', '/waitlist', { token: third.token })).body.items[0]).toMatchObject({ status: 'offered' });
      expectError(await api('POST', `/waitlist/${firstInLine.body.id}/accept`, { token: second.token }), 409, 'ILLEGAL_TRANSITION');
      expectError(await api('POST', `/waitlist/${next.body.id}/accept`, { token: second.token }), 404, 'NOT_FOUND');
      const accepted = await api('POST', `/waitlist/${next.body.id}/accept`, { token: third.token });
      expect(accepted.status).toBe(201);
      expect(accepted.body).toMatchObject({ userId: third.user.id, status: 'approved', start: new Date(slot.start).toISOString() });
      expect((await api('GET', '/waitlist', { token: third.token })).body.items[0]).toMatchObject({ status: 'accepted', bookingId: accepted.body.id });
    });
  });

  describe('maintenance over bookings', () => {
    it('lists the bookings a window covers, refuses it with 409 naming them, and with cancelConflicting cancels them with the reason', async () => {
      const day = shanghaiDay(25);
      const one = await book(researcher.token, { instrumentId: easy.id, start: at(day, '09:00'), end: at(day, '10:00') });
      const two = await book(researcher.token, { instrumentId: easy.id, start: at(day, '10:00'), end: at(day, '11:00') });
      const window = { start: at(day, '08:00'), end: at(day, '12:00'), reason: '更换X光管' };
      const conflicts = await api('GET', `/instruments/${easy.id}/blackouts/conflicts?start=${encodeURIComponent(window.start)}&end=${encodeURIComponent(window.end)}`, { token: operator.token });
      expect(conflicts.body.map((c: any) => c.bookingId)).toEqual([one.body.id, two.body.id]);
      expectError(await api('GET', `/instruments/${easy.id}/blackouts/conflicts?start=${encodeURIComponent(window.start)}&end=${encodeURIComponent(window.end)}`, { token: researcher.token }), 403, 'FORBIDDEN');
      const refused = await api('POST', `/instruments/${easy.id}/blackouts`, { token: operator.token, body: window });
      expectError(refused, 409, 'BOOKING_CONFLICT');
      expect(refused.body.error.details.conflicts.map((c: any) => c.code)).toEqual([one.body.code, two.body.code]);
      const added = await api('POST', `/instruments/${easy.id}/blackouts`, { token: operator.token, body: { ...window, cancelConflicting: true } });
      expect(added.status).toBe(201);
      expect(added.body.cancelledBookingIds.sort()).toEqual([one.body.id, two.body.id].sort());
      const cancelled = await api('GET', `/bookings/${one.body.id}`, { token: researcher.token });
      expect(cancelled.body).toMatchObject({ status: 'cancelled', reason: '仪器维护：更换X光管' });
      expect(await outbox(Events.bookingCancelled.subject, one.body.id)).toEqual([expect.objectContaining({ cancelledBy: 'institution' })]);
      expect(await outbox(Events.blackoutConflicted.subject, two.body.id)).toEqual([expect.objectContaining({ blackoutId: added.body.id, reason: '更换X光管', cancelled: true })]);
    });
  });
});
