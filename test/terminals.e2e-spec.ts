import { api, bureauToken, expectError } from './support/api';
import { createInstitution, createUser, instrumentBody } from './support/factories';
import { eventually, ok } from './support/voucher-flow';
import { report, send, signed, Terminal } from './support/terminal';

/**
 * Instrument terminals (issue 20), through the public API: an institution admin registers one, it
 * reports sessions signed with its credential, and its sessions complete bookings or wait as
 * unbooked uses for the operator. Every acceptance point about terminals has its test here.
 */

type User = { user: any; token: string };
const MINUTE = 60_000;
const iso = (ms: number) => new Date(ms).toISOString();

describe('instrument terminals', () => {
  let bureau: string;
  let admin: User;
  let operator: User;
  let researcher: User;
  let otherOperator: User;
  let instrument: any;
  let terminal: Terminal;
  let sequence = 0;

  const terminalUsage = async () => ok(await api('GET', `/usage?instrumentId=${instrument.id}&source=terminal&pageSize=200`, { token: operator.token }), 200, 'usage').items as any[];
  const pending = async (token: string) => ok(await api('GET', `/terminal-sessions?status=pending&pageSize=200`, { token }), 200, 'sessions').items as any[];

  beforeAll(async () => {
    bureau = await bureauToken();
    const provider = await createInstitution(bureau, { name: '终端测试大学', region: 'CQ' });
    const other = await createInstitution(bureau, { name: '终端测试研究院', region: 'SC' });
    admin = await createUser(bureau, 'institution_admin', provider.code);
    operator = await createUser(bureau, 'operator', provider.code);
    researcher = await createUser(bureau, 'researcher', provider.code);
    otherOperator = await createUser(bureau, 'operator', other.code);
    // Five-minute slots, so that a booking can start within minutes of now.
    instrument = ok(await api('POST', '/instruments', { token: admin.token, body: instrumentBody({ name: '终端测试电镜', bookingRules: { slotMinutes: 5, minMinutes: 5 } }) }), 201, 'instrument');
    const weekly = [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({ weekday, start: '00:00', end: '24:00' }));
    ok(await api('PUT', `/instruments/${instrument.id}/availability`, { token: admin.token, body: { timezone: 'Asia/Shanghai', weekly } }), 200, 'availability');
    const registered = ok(await api('POST', '/terminals', { token: admin.token, body: { instrumentId: instrument.code, name: '电镜室工控机' } }), 201, 'terminal');
    expect(registered).toMatchObject({ instrumentId: instrument.id, institutionId: provider.id, name: '电镜室工控机', revokedAt: null });
    expect(registered.credential).toMatch(/^tsec_[A-Za-z0-9_-]{43}$/);
    terminal = { id: registered.id, credential: registered.credential };
  }, 60000);

  it('shows the credential once: the list of terminals never carries it', async () => {
    const listed = ok(await api('GET', '/terminals', { token: operator.token }), 200, 'terminals');
    expect(listed.items.map((t: any) => t.id)).toEqual([terminal.id]);
    expect(JSON.stringify(listed)).not.toContain(terminal.credential);
    expect(listed.items[0].credential).toBeUndefined();
    // Another institution's staff see none of them; an operator may not register one.
    expect(ok(await api('GET', '/terminals', { token: otherOperator.token }), 200, 'terminals').items).toEqual([]);
    expectError(await api('POST', '/terminals', { token: operator.token, body: { instrumentId: instrument.id, name: 'x' } }), 403, 'FORBIDDEN');
  });

  it('a session inside a booking checks it in and out: the booking is completed and one usage record with source terminal exists; the same session resent makes no second', async () => {
    // The next five-minute slot at least a minute away, for an hour.
    const start = Math.ceil((Date.now() + MINUTE) / (5 * MINUTE)) * 5 * MINUTE;
    const booking = ok(await api('POST', '/bookings', {
      token: researcher.token, body: { instrumentId: instrument.id, start: iso(start), end: iso(start + 60 * MINUTE), serviceMode: 'self', purpose: '终端对账测试' },
    }), 201, 'booking');
    expect(booking.status).toBe('approved');
    const seq = ++sequence;
    const began = Date.now() - 2 * MINUTE;
    const started = ok(await report(terminal, '/terminal/sessions/start', { sequence: seq, at: iso(began) }), 200, 'start');
    expect(started).toMatchObject({ sequence: seq, state: 'running', status: 'running', terminalId: terminal.id });
    // A resent start answers with the same session.
    expect(ok(await report(terminal, '/terminal/sessions/start', { sequence: seq, at: iso(began) }), 200, 'start again').id).toBe(started.id);
    expect(ok(await report(terminal, '/terminal/sessions/heartbeat', { sequence: seq, at: iso(Date.now() - MINUTE) }), 200, 'heartbeat').lastHeartbeatAt).not.toBeNull();

    const stop = { sequence: seq, at: iso(Date.now()) };
    const stopped = ok(await report(terminal, '/terminal/sessions/stop', stop), 200, 'stop');
    expect(stopped).toMatchObject({ id: started.id, state: 'stopped', status: 'matched', bookingId: booking.id, late: false });
    const completed = ok(await api('GET', `/bookings/${booking.id}`, { token: researcher.token }), 200, 'booking');
    expect(completed.status).toBe('completed');
    expect(new Date(completed.checkedInAt).getTime()).toBe(new Date(started.start).getTime());
    expect(new Date(completed.checkedOutAt).getTime()).toBe(new Date(stopped.end).getTime());

    const record = await eventually('the terminal’s usage record', async () => (await terminalUsage()).find((u) => u.bookingId === booking.id));
    expect(record).toMatchObject({ source: 'terminal', status: 'completed', userId: researcher.user.id, code: `U-${booking.code}` });

    // The same stop resent (a fresh signature: the terminal never got the reply), and a batch naming the same session: the same answer, nothing more.
    expect(ok(await report(terminal, '/terminal/sessions/stop', stop), 200, 'stop again')).toEqual(stopped);
    const batch = ok(await report(terminal, '/terminal/sessions/batch', { sessions: [{ sequence: seq, start: iso(began), end: stop.at }] }), 200, 'batch resend');
    expect(batch).toEqual({ accepted: [stopped], refused: [] });
    await new Promise((r) => setTimeout(r, 1500));
    expect((await terminalUsage()).filter((u) => u.bookingId === booking.id)).toHaveLength(1);
    expect(ok(await api('GET', `/bookings/${booking.id}`, { token: researcher.token }), 200, 'booking')).toEqual(completed);
  }, 60000);

  it('refuses a replayed signed request, a stale one, a forged one and a revoked terminal’s with 401, Chinese first', async () => {
    const first = signed(terminal, '/terminal/sessions/start', { sequence: ++sequence, at: iso(Date.now() - 10 * MINUTE) });
    expect((await send(first)).status).toBe(200);
    const replayed = await send(first);
    expectError(replayed, 401, 'UNAUTHENTICATED');
    expect(replayed.body.error.details.problem).toBe('replay');
    expect(replayed.body.error.message).toMatch(/^该签名请求已经用过/);
    expect((await api('POST', first.path, { raw: first.raw, headers: { ...first.headers, 'accept-language': 'en' } })).body.error.message).toMatch(/replay/);

    const stale = await send(signed(terminal, '/terminal/sessions/heartbeat', { sequence, at: iso(Date.now()) }, { timestamp: Math.floor(Date.now() / 1000) - 301 }));
    expectError(stale, 401, 'UNAUTHENTICATED');
    expect(stale.body.error.details.problem).toBe('clock-skew');
    const forged = await send(signed(terminal, '/terminal/sessions/heartbeat', { sequence, at: iso(Date.now()) }, { credential: 'tsec_not-the-credential' }));
    expect([forged.status, forged.body.error.details.problem]).toEqual([401, 'bad-signature']);
    // The body changed after signing.
    const tampered = signed(terminal, '/terminal/sessions/heartbeat', { sequence, at: iso(Date.now()) });
    expect((await send({ ...tampered, raw: tampered.raw.replace(`"sequence":${sequence}`, `"sequence":${sequence + 100}`) })).status).toBe(401);
    const unsigned = await api('POST', '/terminal/sessions/heartbeat', { body: { sequence, at: iso(Date.now()) } });
    expect([unsigned.status, unsigned.body.error.details.problem]).toEqual([401, 'malformed']);
    // A bearer token is no terminal's credential.
    expect((await api('POST', '/terminal/sessions/heartbeat', { token: admin.token, body: { sequence, at: iso(Date.now()) } })).status).toBe(401);

    const spare = ok(await api('POST', '/terminals', { token: admin.token, body: { instrumentId: instrument.id, name: '备用终端' } }), 201, 'terminal');
    const spareTerminal = { id: spare.id, credential: spare.credential };
    expect((await report(spareTerminal, '/terminal/sessions/start', { sequence: 1, at: iso(Date.now()) })).status).toBe(200);
    expectError(await api('POST', `/terminals/${spare.id}/revoke`, { token: operator.token }), 403, 'FORBIDDEN');
    expectError(await api('POST', `/terminals/${spare.id}/revoke`, { token: otherOperator.token }), 404, 'NOT_FOUND');
    expect(ok(await api('POST', `/terminals/${spare.id}/revoke`, { token: admin.token }), 200, 'revoke').revokedAt).not.toBeNull();
    const revoked = await report(spareTerminal, '/terminal/sessions/stop', { sequence: 1, at: iso(Date.now()) });
    expect([revoked.status, revoked.body.error.details.problem]).toEqual([401, 'unknown']);
  }, 60000);

  it('takes an offline batch sent later, flagged late, up to TERMINAL_LATE_DAYS old; an older session is refused by name', async () => {
    const twoDaysAgo = Date.now() - 2 * 1440 * MINUTE;
    const late = { sequence: ++sequence, start: iso(twoDaysAgo - 60 * MINUTE), end: iso(twoDaysAgo) };
    const tooOld = { sequence: ++sequence, start: iso(twoDaysAgo - 6 * 1440 * MINUTE - 60 * MINUTE), end: iso(twoDaysAgo - 6 * 1440 * MINUTE) };
    const reply = ok(await report(terminal, '/terminal/sessions/batch', { sessions: [tooOld, late] }), 200, 'batch');
    expect(reply.accepted).toHaveLength(1);
    expect(reply.accepted[0]).toMatchObject({ sequence: late.sequence, state: 'stopped', status: 'pending', late: true, bookingId: null });
    expect(reply.refused).toEqual([{ sequence: tooOld.sequence, problem: 'too-old', reason: expect.stringContaining('7 天') }]);
    // Sent again (the reply was lost): the same session, and the old one still refused.
    const again = ok(await report(terminal, '/terminal/sessions/batch', { sessions: [late, tooOld] }), 200, 'batch again');
    expect(again.accepted).toEqual(reply.accepted);
    expect((await pending(operator.token)).filter((s) => s.sequence === late.sequence)).toHaveLength(1);
  });

  it('an unbooked session stays pending until the operator confirms it: then one usage record with source terminal; a rejected one records none', async () => {
    // Whole minutes, as usage records are.
    const at = Math.floor((Date.now() - 3 * 60 * MINUTE) / MINUTE) * MINUTE;
    const seq = ++sequence;
    expect(ok(await report(terminal, '/terminal/sessions/start', { sequence: seq, at: iso(at) }), 200, 'start').status).toBe('running');
    // A stop that the terminal sends hours later (it was offline): late, and no booking.
    const stopped = ok(await report(terminal, '/terminal/sessions/stop', { sequence: seq, at: iso(at + 45 * MINUTE) }), 200, 'stop');
    expect(stopped).toMatchObject({ status: 'pending', bookingId: null, late: true });
    expect((await pending(operator.token)).map((s) => s.id)).toContain(stopped.id);
    expect((await pending(admin.token)).map((s) => s.id)).toContain(stopped.id);
    expect((await pending(otherOperator.token)).map((s) => s.id)).not.toContain(stopped.id);
    expectError(await api('GET', '/terminal-sessions?status=pending', { token: researcher.token }), 403, 'FORBIDDEN');
    await new Promise((r) => setTimeout(r, 500));
    expect((await terminalUsage()).find((u) => u.bookingId === null)).toBeUndefined();

    expectError(await api('POST', `/terminal-sessions/${stopped.id}/confirm`, { token: otherOperator.token, body: { userId: researcher.user.id } }), 404, 'NOT_FOUND');
    expectError(await api('POST', `/terminal-sessions/${stopped.id}/confirm`, { token: operator.token, body: {} }), 400, 'VALIDATION_FAILED');
    const confirmed = ok(await api('POST', `/terminal-sessions/${stopped.id}/confirm`, { token: operator.token, body: { userEmail: researcher.user.email, serviceMode: 'self' } }), 200, 'confirm');
    expect(confirmed).toMatchObject({ status: 'confirmed', userId: researcher.user.id, decidedBy: operator.user.id });
    expectError(await api('POST', `/terminal-sessions/${stopped.id}/confirm`, { token: operator.token, body: { userId: researcher.user.id } }), 409, 'ILLEGAL_TRANSITION');
    const record = await eventually('the confirmed use’s usage record', async () => (await terminalUsage()).find((u) => u.bookingId === null && u.start === iso(at)));
    expect(record).toMatchObject({ source: 'terminal', status: 'completed', userId: researcher.user.id, end: iso(at + 45 * MINUTE) });
    expect((await pending(operator.token)).map((s) => s.id)).not.toContain(stopped.id);

    const other = ok(await report(terminal, '/terminal/sessions/stop', { sequence: ++sequence, start: iso(at - 90 * MINUTE), at: iso(at - 80 * MINUTE) }), 200, 'stop with start');
    expect(other.status).toBe('pending');
    expectError(await api('POST', `/terminal-sessions/${other.id}/reject`, { token: operator.token, body: { reason: '' } }), 400, 'VALIDATION_FAILED');
    expect(ok(await api('POST', `/terminal-sessions/${other.id}/reject`, { token: operator.token, body: { reason: '设备自检，非用户使用' } }), 200, 'reject'))
      .toMatchObject({ status: 'rejected', rejectReason: '设备自检，非用户使用' });
    await new Promise((r) => setTimeout(r, 1000));
    expect((await terminalUsage()).filter((u) => u.bookingId === null)).toHaveLength(1);
  }, 60000);
});
