import { Client } from 'pg';
import { api, bureauToken, expectError, testEnv } from './support/api';
import { createInstitution, createUser, instrumentBody } from './support/factories';

/**
 * Issue 18's training, through HTTP: before it a self-operated booking is refused naming the
 * missing qualification; the operator books the session (a booking of the trainee that holds the
 * instrument like any other) and records the pass; then the trainee books self-operated time.
 */
const EVERY_DAY = [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({ weekday, start: '00:00', end: '24:00' }));
const MINUTE = 60_000;
/** A whole minute `minutes` from now, as an ISO instant. */
const inMinutes = (minutes: number) => new Date(Math.floor(Date.now() / MINUTE) * MINUTE + minutes * MINUTE).toISOString();
const inDays = (days: number, hour: number) => {
  const day = new Date(Date.now() + 8 * 3600e3 + days * 86400e3).toISOString().slice(0, 10);
  return `${day}T${String(hour).padStart(2, '0')}:00:00+08:00`;
};

describe('training before operating alone', () => {
  let db: Client;
  let admin: { token: string; user: any };
  let operator: { token: string; user: any };
  let trainee: { token: string; user: any };
  let second: { token: string; user: any };
  let outsider: { token: string; user: any };
  let provider: any;
  let sem: any;
  let open: any;

  beforeAll(async () => {
    db = new Client({ connectionString: testEnv().databaseUrl });
    await db.connect();
    const bureau = await bureauToken();
    provider = await createInstitution(bureau, { name: '重庆嘉陵理工大学' });
    const guest = await createInstitution(bureau, { name: '四川天府生物研究院', kind: 'institute', region: 'SC' });
    const stranger = await createInstitution(bureau, { name: '成都锦江新材料研究所', kind: 'institute', region: 'SC' });
    admin = await createUser(bureau, 'institution_admin', provider.code);
    operator = await createUser(bureau, 'operator', provider.code);
    trainee = await createUser(bureau, 'researcher', guest.code);
    second = await createUser(bureau, 'researcher', guest.code);
    outsider = await createUser(bureau, 'researcher', stranger.code);
    const rules = { leadMinutes: 0, qualificationRequired: true, approvalRequired: false };
    sem = (await api('POST', '/instruments', { token: admin.token, body: instrumentBody({ name: '场发射扫描电镜 培训测试', bookingRules: rules }) })).body;
    open = (await api('POST', '/instruments', { token: admin.token, body: instrumentBody({ name: 'X射线衍射仪 培训测试', bookingRules: { leadMinutes: 0 } }) })).body;
    for (const instrument of [sem, open]) {
      expect((await api('PUT', `/instruments/${instrument.id}/availability`, { token: admin.token, body: { timezone: 'Asia/Shanghai', weekly: EVERY_DAY } })).status).toBe(200);
    }
  });

  afterAll(async () => {
    await db.end();
  });

  const selfBooking = (token: string, start: string, end: string) =>
    api('POST', '/bookings', { token, body: { instrumentId: sem.id, start, end, serviceMode: 'self', purpose: '独立操作表征' } });

  it('refuses self-operation before training, trains, records the pass, and then books self-operated time', async () => {
    const before = await selfBooking(trainee.token, inDays(3, 10), inDays(3, 11));
    expectError(before, 422, 'RULE_VIOLATION');
    expect(before.body.error.details.rules).toEqual([expect.objectContaining({ rule: 'qualification' })]);
    expect(before.body.error.message).toContain(sem.code);

    const asked = await api('POST', '/training-requests', { token: trainee.token, body: { instrumentId: sem.code, note: '课题需要独立操作扫描电镜' } });
    expect(asked.status).toBe(201);
    expect(asked.body).toMatchObject({ status: 'requested', instrumentId: sem.id, instrumentCode: sem.code, userId: trainee.user.id, bookingId: null });
    const id = asked.body.id;
    expectError(await api('POST', '/training-requests', { token: trainee.token, body: { instrumentId: sem.id } }), 409, 'CONFLICT');

    // Who sees it: the trainee and the instrument's staff; someone of a third institution does not.
    expectError(await api('GET', `/training-requests/${id}`, { token: outsider.token }), 404, 'NOT_FOUND');
    expect((await api('GET', '/training-requests', { token: outsider.token })).body.items).toEqual([]);
    const queue = await api('GET', `/training-requests?status=requested&instrumentId=${sem.id}`, { token: operator.token });
    expect(queue.body.items.map((r: any) => r.id)).toEqual([id]);

    // Only the instrument's staff schedule, and only a session that makes sense.
    const session = { start: inMinutes(-10), end: inMinutes(50) };
    expectError(await api('POST', `/training-requests/${id}/schedule`, { token: trainee.token, body: session }), 403, 'FORBIDDEN');
    const backwards = await api('POST', `/training-requests/${id}/schedule`, { token: operator.token, body: { start: session.end, end: session.start } });
    expectError(backwards, 400, 'VALIDATION_FAILED');
    expect(backwards.body.error.message).toBe('培训结束时间须晚于开始时间');
    const scheduled = await api('POST', `/training-requests/${id}/schedule`, { token: operator.token, body: session });
    expect(scheduled.status).toBe(200);
    expect(scheduled.body).toMatchObject({ status: 'scheduled', sessionStart: session.start, sessionEnd: session.end, decidedBy: operator.user.id });
    const booking = await api('GET', `/bookings/${scheduled.body.bookingId}`, { token: trainee.token });
    expect(booking.body).toMatchObject({ userId: trainee.user.id, serviceMode: 'assisted', serviceCategory: 'training', status: 'approved', start: session.start, end: session.end });
    expectError(await api('POST', `/training-requests/${id}/schedule`, { token: operator.token, body: { start: inMinutes(120), end: inMinutes(180) } }), 409, 'ILLEGAL_TRANSITION');

    // The session holds the instrument: nobody else's training (or booking) goes over it.
    const other = await api('POST', '/training-requests', { token: second.token, body: { instrumentId: sem.id } });
    expect(other.status).toBe(201);
    expectError(await api('POST', `/training-requests/${other.body.id}/schedule`, { token: operator.token, body: { start: inMinutes(20), end: inMinutes(80) } }), 409, 'BOOKING_CONFLICT');
    // A session tomorrow has not begun: no outcome yet.
    expect((await api('POST', `/training-requests/${other.body.id}/schedule`, { token: operator.token, body: { start: inDays(1, 14), end: inDays(1, 16) } })).status).toBe(200);
    const early = await api('POST', `/training-requests/${other.body.id}/outcome`, { token: operator.token, body: { passed: true, validTo: inDays(365, 0) } });
    expectError(early, 422, 'RULE_VIOLATION');
    expect(early.body.error.message).toBe('培训尚未开始，不能登记结果');

    expectError(await api('POST', `/training-requests/${id}/outcome`, { token: operator.token, body: { passed: true } }), 400, 'VALIDATION_FAILED');
    expectError(await api('POST', `/training-requests/${id}/outcome`, { token: trainee.token, body: { passed: true, validTo: inDays(365, 0) } }), 403, 'FORBIDDEN');
    const passed = await api('POST', `/training-requests/${id}/outcome`, { token: operator.token, body: { passed: true, validTo: inDays(365, 0), remark: '操作规范' } });
    expect(passed.status).toBe(200);
    expect(passed.body).toMatchObject({ status: 'passed', qualificationValidTo: new Date(inDays(365, 0)).toISOString(), remark: '操作规范' });
    expectError(await api('POST', `/training-requests/${id}/outcome`, { token: operator.token, body: { passed: false } }), 409, 'ILLEGAL_TRANSITION');

    // The pass is the qualification the booking rule checks.
    const qualifications = await api('GET', `/qualifications?instrumentId=${sem.id}`, { token: operator.token });
    expect(qualifications.body).toEqual([expect.objectContaining({ userId: trainee.user.id, validTo: new Date(inDays(365, 0)).toISOString() })]);
    const after = await selfBooking(trainee.token, inDays(3, 10), inDays(3, 11));
    expect(after.status).toBe(201);
    expect(after.body).toMatchObject({ serviceMode: 'self', userId: trainee.user.id });
    // Qualified for a year: no second training request.
    expectError(await api('POST', '/training-requests', { token: trainee.token, body: { instrumentId: sem.id } }), 409, 'CONFLICT');
  });

  it('a failed training grants nothing; requests are declined with a reason or withdrawn; an instrument that needs no qualification takes none', async () => {
    const asked = (await api('POST', '/training-requests', { token: outsider.token, body: { instrumentId: sem.id } })).body;
    expectError(await api('POST', `/training-requests/${asked.id}/decline`, { token: operator.token, body: {} }), 400, 'VALIDATION_FAILED');
    const declined = await api('POST', `/training-requests/${asked.id}/decline`, { token: operator.token, body: { reason: '本月培训名额已满' } });
    expect(declined.body).toMatchObject({ status: 'declined', remark: '本月培训名额已满' });
    expectError(await api('POST', `/training-requests/${asked.id}/cancel`, { token: outsider.token }), 409, 'ILLEGAL_TRANSITION');

    const again = (await api('POST', '/training-requests', { token: outsider.token, body: { instrumentId: sem.id } })).body;
    expect(again.status).toBe('requested');
    expectError(await api('POST', `/training-requests/${again.id}/cancel`, { token: operator.token }), 403, 'FORBIDDEN');
    expect((await api('POST', `/training-requests/${again.id}/cancel`, { token: outsider.token })).body.status).toBe('cancelled');

    const third = (await api('POST', '/training-requests', { token: outsider.token, body: { instrumentId: sem.id } })).body;
    expect((await api('POST', `/training-requests/${third.id}/schedule`, { token: admin.token, body: { start: inMinutes(-240), end: inMinutes(-180) } })).status).toBe(200);
    const failed = await api('POST', `/training-requests/${third.id}/outcome`, { token: operator.token, body: { passed: false, remark: '未掌握样品台更换' } });
    expect(failed.body).toMatchObject({ status: 'failed', qualificationValidTo: null });
    expectError(await selfBooking(outsider.token, inDays(4, 10), inDays(4, 11)), 422, 'RULE_VIOLATION');

    const needless = await api('POST', '/training-requests', { token: outsider.token, body: { instrumentId: open.id } });
    expectError(needless, 422, 'RULE_VIOLATION');
    expect(needless.body.error.message).toContain('无需上机资格');
  });

  it('two operators scheduling one request at once: one session, the other told it is already scheduled', async () => {
    const colleague = await createUser(await bureauToken(), 'operator', provider.code);
    const lab = (await api('POST', '/instruments', { token: admin.token, body: instrumentBody({ name: '核磁共振波谱仪 培训测试', bookingRules: { leadMinutes: 0, qualificationRequired: true } }) })).body;
    expect((await api('PUT', `/instruments/${lab.id}/availability`, { token: admin.token, body: { timezone: 'Asia/Shanghai', weekly: EVERY_DAY } })).status).toBe(200);
    const request = (await api('POST', '/training-requests', { token: second.token, body: { instrumentId: lab.id } })).body;
    const answers = await Promise.all([
      api('POST', `/training-requests/${request.id}/schedule`, { token: operator.token, body: { start: inDays(2, 9), end: inDays(2, 11) } }),
      api('POST', `/training-requests/${request.id}/schedule`, { token: colleague.token, body: { start: inDays(2, 14), end: inDays(2, 16) } }),
    ]);
    expect(answers.map((a) => a.status).sort()).toEqual([200, 409]);
    expect(answers.find((a) => a.status === 409)?.body.error.code).toBe('ILLEGAL_TRANSITION');
    const sessions = await db.query(`select count(*)::int as n from booking.booking where instrument_id = $1 and service_category = 'training'`, [lab.id]);
    expect(sessions.rows[0].n).toBe(1);
  });
});
