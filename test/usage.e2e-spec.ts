import { connect, headers } from 'nats';
import { api, bureauToken, expectError, testEnv } from './support/api';
import { createInstitution, createUser, instrumentBody } from './support/factories';

const shanghaiDay = (days: number) => new Date(Date.now() + 8 * 3600e3 + days * 86400e3).toISOString().slice(0, 10);
const at = (day: string, hhmm: string) => `${day}T${hhmm}:00+08:00`;

async function eventually<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 10000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`${what}: not within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

describe('usage records', () => {
  let bureau: string;
  let operator: { token: string; user: any };
  let researcher: { token: string; user: any };
  let instrument: any;

  beforeAll(async () => {
    bureau = await bureauToken();
    const provider = await createInstitution(bureau, { name: '重庆嘉陵理工大学', region: 'CQ' });
    const guest = await createInstitution(bureau, { name: '四川天府生物研究院', kind: 'institute', region: 'SC' });
    const admin = await createUser(bureau, 'institution_admin', provider.code);
    operator = await createUser(bureau, 'operator', provider.code);
    researcher = await createUser(bureau, 'researcher', guest.code);
    instrument = (await api('POST', '/instruments', { token: admin.token, body: instrumentBody({ name: '液相色谱质谱联用仪', categoryCode: '0102',
      // This test follows usage, not the check-in window (issue 19): check-in opens a month ahead here.
      bookingRules: { checkInBeforeMinutes: 60 * 24 * 30 } }) })).body;
    const weekly = [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({ weekday, start: '00:00', end: '24:00' }));
    expect((await api('PUT', `/instruments/${instrument.id}/availability`, { token: admin.token, body: { timezone: 'Asia/Shanghai', weekly } })).status).toBe(200);
  });

  it('turns a check-out into one usage record, however often the event is delivered', async () => {
    const day = shanghaiDay(3);
    const booking = (await api('POST', '/bookings', { token: researcher.token, body: { instrumentId: instrument.id, start: at(day, '09:00'), end: at(day, '10:00'), serviceMode: 'assisted', serviceCategory: 'testing', purpose: '农残检测' } })).body;
    expect(booking.serviceCategory).toBe('testing');
    await api('POST', `/bookings/${booking.id}/check-in`, { token: operator.token });
    expect((await api('POST', `/bookings/${booking.id}/check-out`, { token: operator.token })).body.status).toBe('completed');

    const findRecord = async () => {
      const res = await api('GET', `/usage?instrumentId=${instrument.id}&source=check-out`, { token: researcher.token });
      return res.body.items.find((u: any) => u.bookingId === booking.id);
    };
    const record = await eventually('the usage record of the check-out', findRecord);
    expect(record).toMatchObject({ code: `U-${booking.code}`, status: 'completed', serviceMode: 'assisted', serviceCategory: 'testing', userId: researcher.user.id });

    // Redeliver the same event by hand, as JetStream would after a lost acknowledgement.
    const nc = await connect({ servers: testEnv().natsUrl });
    try {
      const js = nc.jetstream();
      const event = { bookingId: booking.id, bookingCode: booking.code, instrumentId: instrument.id, providerInstitutionId: booking.providerInstitutionId, userId: researcher.user.id, userInstitutionId: booking.userInstitutionId, serviceMode: 'assisted', serviceCategory: 'testing', start: record.start, end: record.end, samples: null, projectCode: null, voucherId: null, status: 'completed' };
      const h = headers();
      h.set('x-correlation-id', 'redelivery-test');
      for (let i = 0; i < 3; i++) await js.publish('events.booking.usage.recorded', JSON.stringify(event), { msgID: `redelivery-${booking.id}-${i}`, headers: h });
    } finally {
      await nc.close();
    }
    await new Promise((r) => setTimeout(r, 1500));
    const all = await api('GET', `/usage?instrumentId=${instrument.id}`, { token: operator.token });
    expect(all.body.items.filter((u: any) => u.bookingId === booking.id)).toHaveLength(1);

    // The researcher rates the service once; nobody else can.
    expectError(await api('POST', '/feedback', { token: operator.token, body: { usageId: record.id, rating: 5 } }), 403, 'FORBIDDEN');
    const rated = await api('POST', '/feedback', { token: researcher.token, body: { usageId: record.id, rating: 4, comment: '数据及时' } });
    expect(rated.status).toBe(201);
    expect(rated.body).toMatchObject({ usageId: record.id, rating: 4 });
    expectError(await api('POST', '/feedback', { token: researcher.token, body: { usageId: record.id, rating: 5 } }), 409, 'DUPLICATE');
    const badRating = await api('POST', '/feedback', { token: researcher.token, body: { usageId: record.id, rating: 6 } });
    expectError(badRating, 400, 'VALIDATION_FAILED');
    expect(badRating.body.error.details.fields[0].field).toBe('rating');
  });

  it('issues vouchers (bureau only) and shows what they have paid', async () => {
    const holder = await createInstitution(bureau, { name: '成都蓉芯测试有限公司', kind: 'enterprise', region: 'SC' });
    const code = `CV-T-${Date.now()}`;
    const body = { code, holderInstitutionCode: holder.code, faceValueFen: 2000000, coverBps: 5000, perUseCapFen: 800000, validFrom: '2026-01-01', validTo: '2027-01-01' };
    expectError(await api('POST', '/vouchers', { token: operator.token, body }), 403, 'FORBIDDEN');
    const created = await api('POST', '/vouchers', { token: bureau, body });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ code, faceValueFen: 2000000, drawnFen: 0, balanceFen: 2000000, validFrom: '2025-12-31T16:00:00.000Z' });
    expectError(await api('POST', '/vouchers', { token: bureau, body }), 409, 'DUPLICATE');
    const bad = await api('POST', '/vouchers', { token: bureau, body: { ...body, code: `${code}-2`, coverBps: 12000, validTo: '2025-01-01' } });
    expectError(bad, 400, 'VALIDATION_FAILED');
    expect(bad.body.error.details.fields.map((f: any) => f.field)).toContain('coverBps');
    expectError(await api('POST', '/vouchers', { token: bureau, body: { ...body, code: `${code}-3`, holderInstitutionCode: 'NO-SUCH-INST' } }), 400, 'VALIDATION_FAILED');
    const listed = await api('GET', '/vouchers?pageSize=200', { token: bureau });
    expect(listed.body.items.map((v: any) => v.code)).toContain(code);
  });

  it('takes manual entries from the instrument’s staff, with a reason, in whole minutes, without overlap', async () => {
    const day = shanghaiDay(-2);
    const body = { instrumentId: instrument.code, userId: researcher.user.id, start: at(day, '14:00'), end: at(day, '15:30'), serviceMode: 'assisted', serviceCategory: 'research', reason: '仪器日志补录' };
    const created = await api('POST', '/usage', { token: operator.token, body });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ source: 'manual', status: 'completed', reason: '仪器日志补录', start: `${day}T06:00:00.000Z`, end: `${day}T07:30:00.000Z` });

    const overlap = await api('POST', '/usage', { token: operator.token, body: { ...body, start: at(day, '15:00'), end: at(day, '16:00') } });
    expectError(overlap, 409, 'CONFLICT');
    expect(overlap.body.error.details.conflict).toBe(created.body.code);
    expectError(await api('POST', '/usage', { token: researcher.token, body: { ...body, start: at(day, '17:00'), end: at(day, '18:00') } }), 403, 'FORBIDDEN');
    const { reason: _omit, ...noReason } = body;
    void _omit;
    const missing = await api('POST', '/usage', { token: operator.token, body: noReason });
    expectError(missing, 400, 'VALIDATION_FAILED');
    expect(missing.body.error.details.fields.map((f: any) => f.field)).toContain('reason');
    const odd = await api('POST', '/usage', { token: operator.token, body: { ...body, start: `${day}T18:00:30+08:00`, end: at(day, '19:00') } });
    expectError(odd, 400, 'VALIDATION_FAILED');
    expect(odd.body.error.details.fields.map((f: any) => f.field)).toContain('start');
    expectError(await api('POST', '/usage', { token: operator.token, body: { ...body, start: at(shanghaiDay(2), '09:00'), end: at(shanghaiDay(2), '10:00') } }), 400, 'VALIDATION_FAILED');
    expectError(await api('POST', '/usage', { token: operator.token, body: { ...body, start: at(day, '20:00'), end: at(day, '19:00') } }), 400, 'VALIDATION_FAILED');

    // Researchers see their own records only; the bureau sees all, by month.
    const month = day.slice(0, 7);
    const own = await api('GET', `/usage?period=${month}`, { token: researcher.token });
    expect(own.body.items.every((u: any) => u.userId === researcher.user.id)).toBe(true);
    expect(own.body.items.map((u: any) => u.id)).toContain(created.body.id);
    expectError(await api('GET', '/usage?period=2025-13', { token: bureau }), 400, 'VALIDATION_FAILED');
  });
});
