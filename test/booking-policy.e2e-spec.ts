import { Client } from 'pg';
import { Events } from '@yixiang/contracts';
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
    for (const i of [approved, easy]) {
      expect((await api('PUT', `/instruments/${i.id}/availability`, { token: admin.token, body: { timezone: 'Asia/Shanghai', weekly: EVERY_DAY('00:00', '24:00') } })).status).toBe(200);
    }
  });

  afterAll(async () => {
    await db.end();
  });

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
});
