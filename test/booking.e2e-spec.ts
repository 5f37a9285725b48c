import { connect, consumerOpts, JsMsg, StringCodec } from 'nats';
import { Client } from 'pg';
import * as ical from 'node-ical';
import { Events } from '@yixiang/contracts';
import { api, bureauToken, expectError, testEnv } from './support/api';
import { createInstitution, createUser, instrumentBody } from './support/factories';

/** A Shanghai calendar day `days` from today, as YYYY-MM-DD. */
function shanghaiDay(days: number): string {
  return new Date(Date.now() + 8 * 3600e3 + days * 86400e3).toISOString().slice(0, 10);
}
const at = (day: string, hhmm: string) => `${day}T${hhmm}:00+08:00`;
const EVERY_DAY = (start: string, end: string) => [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({ weekday, start, end }));

describe('booking through the gateway', () => {
  let bureau: string;
  let provider: any;
  let admin: { token: string; user: any };
  let operator: { token: string; user: any };
  let researcher: { token: string; user: any };
  let outsider: { token: string; user: any };
  /** Approval and qualification needed, open 08:00–22:00, 60-minute lead. */
  let strict: any;
  /** Books straight to approved, open around the clock. */
  let easy: any;
  const day = shanghaiDay(10);

  beforeAll(async () => {
    bureau = await bureauToken();
    provider = await createInstitution(bureau, { name: '重庆嘉陵理工大学', region: 'CQ' });
    const other = await createInstitution(bureau, { name: '成都锦江新材料研究所', kind: 'institute', region: 'SC' });
    admin = await createUser(bureau, 'institution_admin', provider.code);
    operator = await createUser(bureau, 'operator', provider.code);
    researcher = await createUser(bureau, 'researcher', other.code);
    outsider = await createUser(bureau, 'researcher', other.code);
    // Check-in opens a month ahead: this file follows the state machine; test/booking-policy.e2e-spec.ts the window (issue 19).
    const rules = { slotMinutes: 30, minMinutes: 60, maxMinutes: 240, leadMinutes: 60, cancelDeadlineMinutes: 1440, approvalRequired: true, qualificationRequired: true, checkInBeforeMinutes: 60 * 24 * 30 };
    strict = (await api('POST', '/instruments', { token: admin.token, body: instrumentBody({ name: '透射电子显微镜 预约测试', categoryCode: '0101', bookingRules: rules }) })).body;
    easy = (await api('POST', '/instruments', { token: admin.token, body: instrumentBody({ name: '场发射扫描电镜 预约测试', categoryCode: '0101', serviceModes: ['self', 'assisted', 'sample'] }) })).body;
    expect(strict.id && easy.id).toBeTruthy();
    expect((await api('PUT', `/instruments/${strict.id}/availability`, { token: admin.token, body: { timezone: 'Asia/Shanghai', weekly: EVERY_DAY('08:00', '22:00') } })).status).toBe(200);
    expect((await api('PUT', `/instruments/${easy.id}/availability`, { token: admin.token, body: { timezone: 'Asia/Shanghai', weekly: EVERY_DAY('00:00', '24:00') } })).status).toBe(200);
  });

  const book = (token: string, body: Record<string, unknown>, headers: Record<string, string> = {}) =>
    api('POST', '/bookings', { token, headers, body: { serviceMode: 'assisted', purpose: '薄膜形貌表征', ...body } });

  it('books, refuses an overlap with 409 naming the interval, and follows the state machine to a usage event', async () => {
    const first = await book(researcher.token, { instrumentId: strict.id, start: at(day, '09:00'), end: at(day, '11:00') });
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({ status: 'requested', start: `${day}T01:00:00.000Z`, end: `${day}T03:00:00.000Z`, providerInstitutionId: provider.id });

    const overlap = await book(outsider.token, { instrumentId: strict.id, start: at(day, '10:30'), end: at(day, '12:00') });
    expectError(overlap, 409, 'BOOKING_CONFLICT');
    expect(overlap.body.error.details.conflict).toMatchObject({ code: first.body.code, start: `${day}T01:00:00.000Z`, end: `${day}T03:00:00.000Z` });
    // Touching intervals are not an overlap: [09:00, 11:00) and [11:00, 12:00).
    const touching = await book(outsider.token, { instrumentId: strict.id, start: at(day, '11:00'), end: at(day, '12:00') });
    expect(touching.status).toBe(201);

    expectError(await api('POST', `/bookings/${first.body.id}/approve`, { token: researcher.token }), 403, 'FORBIDDEN');
    expectError(await api('POST', `/bookings/${first.body.id}/check-in`, { token: operator.token }), 409, 'ILLEGAL_TRANSITION');
    const approved = await api('POST', `/bookings/${first.body.id}/approve`, { token: admin.token });
    expect(approved.body.status).toBe('approved');
    expectError(await api('POST', `/bookings/${first.body.id}/approve`, { token: admin.token }), 409, 'ILLEGAL_TRANSITION');
    expectError(await api('POST', `/bookings/${first.body.id}/no-show`, { token: operator.token }), 422, 'RULE_VIOLATION');
    expect((await api('POST', `/bookings/${first.body.id}/check-in`, { token: operator.token })).body.status).toBe('in_use');
    const done = await api('POST', `/bookings/${first.body.id}/check-out`, { token: operator.token });
    expect(done.body.status).toBe('completed');
    expectError(await api('POST', `/bookings/${first.body.id}/cancel`, { token: researcher.token }), 409, 'ILLEGAL_TRANSITION');

    const rejected = await api('POST', `/bookings/${touching.body.id}/reject`, { token: admin.token, body: { reason: '样品不符合要求' } });
    expect(rejected.body).toMatchObject({ status: 'rejected', reason: '样品不符合要求' });

    // The check-out's usage record reaches JetStream through the outbox.
    const nc = await connect({ servers: testEnv().natsUrl });
    try {
      const js = nc.jetstream();
      const opts = consumerOpts();
      opts.deliverAll();
      opts.orderedConsumer();
      opts.filterSubject(Events.usageRecorded.subject);
      const sub = await js.subscribe(Events.usageRecorded.subject, opts);
      const found = await new Promise<any>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error('no usage event within 10 s')), 10000);
        (async () => {
          for await (const m of sub as AsyncIterable<JsMsg>) {
            const event = JSON.parse(StringCodec().decode(m.data));
            if (event.bookingId === first.body.id) {
              clearTimeout(timer);
              resolve(event);
              return;
            }
          }
        })().catch(reject);
      });
      sub.unsubscribe();
      expect(found).toMatchObject({ bookingCode: first.body.code, instrumentId: strict.id, userId: researcher.user.id, serviceMode: 'assisted', status: 'completed' });
      expect(Date.parse(found.end)).toBeGreaterThan(Date.parse(found.start));
      expect(Date.parse(found.start) % 60000).toBe(0);
    } finally {
      await nc.close();
    }
  });

  it('applies every booking rule with 422 naming the rule', async () => {
    const rule = async (body: Record<string, unknown>, expected: string) => {
      const res = await book(researcher.token, { instrumentId: strict.id, ...body });
      expectError(res, 422, 'RULE_VIOLATION');
      expect(res.body.error.details.rules.map((r: any) => r.rule)).toContain(expected);
    };
    await rule({ start: at(day, '13:10'), end: at(day, '14:10') }, 'granularity');
    await rule({ start: at(day, '13:00'), end: at(day, '13:30') }, 'minimum-length');
    await rule({ start: at(day, '13:00'), end: at(day, '17:30') }, 'maximum-length');
    await rule({ start: at(day, '06:00'), end: at(day, '08:30') }, 'opening-hours');
    await rule({ start: at(day, '21:30'), end: at(day, '22:30') }, 'opening-hours');
    await rule({ start: at(day, '13:00'), end: at(day, '14:00'), serviceMode: 'self' }, 'qualification');
    const soon = new Date(Math.ceil((Date.now() + 10 * 60e3) / 1800e3) * 1800e3);
    const lead = await book(researcher.token, { instrumentId: strict.id, start: soon.toISOString(), end: new Date(soon.getTime() + 3600e3).toISOString() });
    expectError(lead, 422, 'RULE_VIOLATION');
    expect(lead.body.error.details.rules.map((r: any) => r.rule)).toContain('lead-time');

    // A qualification lifts the self-operation rule.
    const granted = await api('POST', '/qualifications', { token: operator.token, body: { userId: researcher.user.id, instrumentId: strict.id, validTo: `${shanghaiDay(60)}T00:00:00+08:00` } });
    expect(granted.status).toBe(201);
    const self = await book(researcher.token, { instrumentId: strict.id, start: at(day, '13:00'), end: at(day, '14:00'), serviceMode: 'self' });
    expect(self.status).toBe(201);

    // An instrument without approval books straight to approved; one mode it does not offer is refused.
    const direct = await book(researcher.token, { instrumentId: easy.id, start: at(day, '02:00'), end: at(day, '03:00') });
    expect(direct.body.status).toBe('approved');
    const noMode = await book(researcher.token, { instrumentId: strict.id, start: at(day, '15:00'), end: at(day, '16:00'), serviceMode: 'sample' });
    expectError(noMode, 422, 'RULE_VIOLATION');

    // Cancelling inside the deadline (24 h) is refused for the researcher, allowed for the institution.
    const tomorrow = new Date(Math.ceil((Date.now() + 3 * 3600e3) / 1800e3) * 1800e3);
    const near = await book(researcher.token, { instrumentId: easy.id, start: tomorrow.toISOString(), end: new Date(tomorrow.getTime() + 3600e3).toISOString() });
    expect(near.status).toBe(201);
    const late = await api('POST', `/bookings/${near.body.id}/cancel`, { token: researcher.token });
    expectError(late, 422, 'RULE_VIOLATION');
    expect(late.body.error.details.rules[0].rule).toBe('cancel-deadline');
    expect((await api('POST', `/bookings/${near.body.id}/cancel`, { token: admin.token })).body.status).toBe('cancelled');
    const far = await book(researcher.token, { instrumentId: easy.id, start: at(shanghaiDay(20), '10:00'), end: at(shanghaiDay(20), '11:00') });
    expect((await api('POST', `/bookings/${far.body.id}/cancel`, { token: researcher.token })).body.status).toBe('cancelled');
    // A cancelled booking frees its time.
    expect((await book(outsider.token, { instrumentId: easy.id, start: at(shanghaiDay(20), '10:00'), end: at(shanghaiDay(20), '11:00') })).status).toBe(201);
  });

  it('keeps bookings and blackouts apart, both ways', async () => {
    const d = shanghaiDay(12);
    const blackout = await api('POST', `/instruments/${easy.id}/blackouts`, { token: operator.token, body: { start: at(d, '08:00'), end: at(d, '12:00'), reason: '年度维护' } });
    expect(blackout.status).toBe(201);
    const clash = await book(researcher.token, { instrumentId: easy.id, start: at(d, '11:00'), end: at(d, '13:00') });
    expectError(clash, 409, 'BOOKING_CONFLICT');
    expect(clash.body.error.details.conflict.kind).toBe('blackout');
    const booked = await book(researcher.token, { instrumentId: easy.id, start: at(d, '14:00'), end: at(d, '16:00') });
    expect(booked.status).toBe(201);
    expectError(await api('POST', `/instruments/${easy.id}/blackouts`, { token: operator.token, body: { start: at(d, '15:00'), end: at(d, '18:00'), reason: '检修' } }), 409, 'BOOKING_CONFLICT');
    expectError(await api('POST', `/instruments/${easy.id}/blackouts`, { token: researcher.token, body: { start: at(d, '19:00'), end: at(d, '20:00'), reason: 'x' } }), 403, 'FORBIDDEN');
    const listed = await api('GET', `/instruments/${easy.id}/blackouts`, { token: researcher.token });
    expect(listed.body.map((b: any) => b.id)).toEqual([blackout.body.id]);
    expect((await api('DELETE', `/instruments/${easy.id}/blackouts/${blackout.body.id}`, { token: admin.token })).status).toBe(200);
    expect((await book(outsider.token, { instrumentId: easy.id, start: at(d, '11:00'), end: at(d, '12:00') })).status).toBe(201);
  });

  it('lists free slots on the grid, filters the catalogue by availability and finds the earliest slot anywhere', async () => {
    const d = shanghaiDay(14);
    expect((await book(researcher.token, { instrumentId: strict.id, start: at(d, '10:00'), end: at(d, '12:00') })).status).toBe(201);
    const slots = await api('GET', `/instruments/${strict.id}/slots?from=${encodeURIComponent(at(d, '00:00'))}&to=${encodeURIComponent(at(shanghaiDay(15), '00:00'))}`, { token: outsider.token });
    expect(slots.status).toBe(200);
    expect(slots.body.free).toEqual([
      { start: `${d}T00:00:00.000Z`, end: `${d}T02:00:00.000Z` },
      { start: `${d}T04:00:00.000Z`, end: `${d}T14:00:00.000Z` },
    ]);
    // Issue 21: the held time too, so a calendar tells others' bookings from closed hours; whose, only to its booker.
    expect(slots.body.held).toEqual([{ start: `${d}T02:00:00.000Z`, end: `${d}T04:00:00.000Z`, kind: 'taken' }]);
    const own = await api('GET', `/instruments/${strict.id}/slots?from=${encodeURIComponent(at(d, '00:00'))}&to=${encodeURIComponent(at(shanghaiDay(15), '00:00'))}`, { token: researcher.token });
    expect(own.body.held).toEqual([{ start: `${d}T02:00:00.000Z`, end: `${d}T04:00:00.000Z`, kind: 'own' }]);
    expectError(await api('GET', `/instruments/${strict.id}/slots?from=${encodeURIComponent(at(d, '10:00'))}&to=${encodeURIComponent(at(d, '09:00'))}`, { token: outsider.token }), 400, 'VALIDATION_FAILED');

    const window = `availableFrom=${encodeURIComponent(at(d, '10:30'))}&availableTo=${encodeURIComponent(at(d, '11:30'))}`;
    const free = await api('GET', `/instruments?institution=${provider.code}&${window}`, { token: outsider.token });
    expect(free.status).toBe(200);
    const codes = free.body.items.map((i: any) => i.code);
    expect(codes).toContain(easy.code);
    expect(codes).not.toContain(strict.code);
    expectError(await api('GET', `/instruments?availableFrom=${encodeURIComponent(at(d, '10:30'))}`, { token: outsider.token }), 400, 'VALIDATION_FAILED');

    const earliest = await api('GET', `/slots/earliest?q=${encodeURIComponent('预约测试')}&durationMinutes=120`, { token: outsider.token });
    expect(earliest.status).toBe(200);
    expect(earliest.body.length).toBeGreaterThanOrEqual(2);
    const starts = earliest.body.map((s: any) => s.start);
    expect([...starts].sort()).toEqual(starts);
    for (const s of earliest.body) expect(Date.parse(s.end) - Date.parse(s.start)).toBe(120 * 60e3);
    expect(earliest.body.map((s: any) => s.instrumentCode)).toEqual(expect.arrayContaining([strict.code, easy.code]));
    expectError(await api('GET', '/slots/earliest?durationMinutes=60', { token: outsider.token }), 400, 'VALIDATION_FAILED');
  });

  it('serves valid iCalendar feeds per user and per instrument', async () => {
    const d = shanghaiDay(16);
    const mine = await book(outsider.token, { instrumentId: easy.id, start: at(d, '09:00'), end: at(d, '10:30'), purpose: '原位拉伸, 断口分析; 第二批' });
    expect(mine.status).toBe(201);
    const token = await api('POST', '/calendar-tokens', { token: outsider.token, body: {} });
    expect(token.status).toBe(201);
    const feed = await api('GET', token.body.url.replace('/api/v1', ''));
    expect(feed.status).toBe(200);
    expect(feed.headers.get('content-type')).toContain('text/calendar');
    const parsed = ical.sync.parseICS(feed.body as string);
    const userEvents = Object.values(parsed).filter((c): c is ical.VEvent => c?.type === 'VEVENT');
    // The researcher's own feed holds only their own bookings.
    const own = new Set(((await api('GET', '/bookings?pageSize=200', { token: outsider.token })).body.items as { id: string }[]).map((b) => `${b.id}@yixiang`));
    expect(userEvents.filter((e) => !own.has(e.uid))).toEqual([]);
    const event = userEvents.find((c) => c.uid === `${mine.body.id}@yixiang`);
    if (!event) throw new Error(`the feed has no event for booking ${mine.body.id}: ${userEvents.map((e) => e.uid).join(', ')}`);
    expect(new Date(event.start).toISOString()).toBe(`${d}T01:00:00.000Z`);
    expect(new Date(event.end).toISOString()).toBe(`${d}T02:30:00.000Z`);
    expect(String(event.summary)).toContain('原位拉伸, 断口分析; 第二批');

    expectError(await api('POST', '/calendar-tokens', { token: outsider.token, body: { instrumentId: easy.id } }), 403, 'FORBIDDEN');
    const instrumentFeed = await api('POST', '/calendar-tokens', { token: operator.token, body: { instrumentId: easy.id } });
    const events = Object.values(ical.sync.parseICS((await api('GET', instrumentFeed.body.url.replace('/api/v1', ''))).body as string)).filter((c: any) => c.type === 'VEVENT');
    expect(events.length).toBeGreaterThanOrEqual(3);
    expectError(await api('GET', '/calendar/not-a-real-token-at-all.ics'), 404, 'NOT_FOUND');
  });

  it('returns the first booking for a repeated Idempotency-Key and refuses the key for another body', async () => {
    const d = shanghaiDay(18);
    const key = `retry-${Date.now()}`;
    const body = { instrumentId: easy.id, start: at(d, '09:00'), end: at(d, '10:00') };
    const [a, b] = await Promise.all([book(researcher.token, body, { 'Idempotency-Key': key }), book(researcher.token, body, { 'Idempotency-Key': key })]);
    expect([a.status, b.status]).toEqual([201, 201]);
    expect(a.body.id).toBe(b.body.id);
    const again = await book(researcher.token, body, { 'Idempotency-Key': key });
    expect(again.body.id).toBe(a.body.id);
    expectError(await book(researcher.token, { ...body, end: at(d, '11:00') }, { 'Idempotency-Key': key }), 409, 'CONFLICT');
    const list = await api('GET', `/bookings?instrumentId=${easy.id}&from=${encodeURIComponent(at(d, '00:00'))}&to=${encodeURIComponent(at(d, '23:00'))}`, { token: researcher.token });
    expect(list.body.total).toBe(1);
  });

  it('lets exactly one of 50 simultaneous overlapping requests through two booking replicas win', async () => {
    const d = shanghaiDay(25);
    const clients = await Promise.all(Array.from({ length: 5 }, () => createUser(bureau, 'researcher', provider.code)));
    const results = await Promise.all(Array.from({ length: 50 }, (_, i) => {
      const start = 9 * 60 + (i % 4) * 30;
      const hhmm = (m: number) => `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
      return book(clients[i % 5].token, { instrumentId: easy.id, start: at(d, hhmm(start)), end: at(d, hhmm(start + 120)) });
    }));
    const statuses = results.map((r) => r.status);
    expect(statuses.filter((s) => s === 201)).toHaveLength(1);
    expect(statuses.filter((s) => s === 409)).toHaveLength(49);
    for (const r of results.filter((x) => x.status === 409)) expect(r.body.error.code).toBe('BOOKING_CONFLICT');
    const db = new Client({ connectionString: testEnv().databaseUrl });
    await db.connect();
    try {
      const { rows } = await db.query(
        `select count(*)::int as n from booking.booking where instrument_id = $1 and kind = 'booking' and period && tstzrange($2, $3)`,
        [easy.id, at(d, '00:00'), at(d, '23:59')]);
      expect(rows[0].n).toBe(1);
    } finally {
      await db.end();
    }
  });
});
