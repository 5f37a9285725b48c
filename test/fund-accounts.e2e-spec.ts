import { Client } from 'pg';
import { api, ApiResponse, bureauToken, expectError, testEnv } from './support/api';
import { createInstitution, createUser, instrumentBody, rateCard, uniqueCode } from './support/factories';

/**
 * Research groups and fund accounts (issue 18), through HTTP: a PI, two members and an account with
 * a budget; 20 simultaneous bookings that together exceed it — those within it succeed, the rest are
 * refused (422 naming the account and the shortfall in 元), and the holds in PostgreSQL never sum
 * past the budget; cancelling gives a hold back; a frozen account, one out of its validity and a
 * non-member are refused; an approval takes the hold, a rejection takes none.
 */
const WEEKLY = [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({ weekday, start: '00:00', end: '24:00' }));
/** 200 元 an hour inside the institution: one hour holds 20000 fen. */
const HOURLY_FEN = 20000;

function ok<T = any>(res: ApiResponse<T>, status: number, what: string): T {
  if (res.status !== status) throw new Error(`${what} → ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

let hour = 0;
/** A distinct future hour for each booking of the file. */
const nextHour = () => {
  hour += 1;
  const start = new Date(Date.UTC(2027, 8, 1) + hour * 3600e3);
  return { start: start.toISOString(), end: new Date(start.getTime() + 3600e3).toISOString() };
};

async function sql<T = any>(query: string, params: unknown[]): Promise<T[]> {
  const db = new Client({ connectionString: testEnv().databaseUrl });
  await db.connect();
  try {
    return (await db.query(query, params)).rows as T[];
  } finally {
    await db.end();
  }
}

describe('research groups and fund accounts', () => {
  type User = Awaited<ReturnType<typeof createUser>>;
  let admin: User;
  let pi: User;
  let members: User[];
  let outsider: User;
  let otherAdmin: User;
  let instrument: any;
  let reviewed: any;
  /** Checked in at any time up to a year before its start: a use can be recorded now for a booking of next September. */
  let early: any;
  let bureau: string;
  let group: any;

  const book = (who: User, fundAccountId: string, on = instrument, slot = nextHour()) => api('POST', '/bookings', {
    token: who.token, body: { instrumentId: on.id, ...slot, serviceMode: 'self', purpose: '经费卡测试', fundAccountId },
  });
  const account = async (id: string) => (ok(await api('GET', `/research-groups/${group.id}/fund-accounts`, { token: admin.token }), 200, 'accounts') as any[]).find((a) => a.id === id);
  const openAccount = async (body: Record<string, unknown>) => ok(await api('POST', `/research-groups/${group.id}/fund-accounts`, {
    token: admin.token, body: { code: uniqueCode('JF'), name: '国家自然科学基金面上项目', validFrom: '2026-01-01', validTo: '2030-01-01', ...body },
  }), 201, 'fund account');

  beforeAll(async () => {
    bureau = await bureauToken();
    const institution = await createInstitution(bureau);
    const other = await createInstitution(bureau);
    admin = await createUser(bureau, 'institution_admin', institution.code);
    otherAdmin = await createUser(bureau, 'institution_admin', other.code);
    [pi, outsider, ...members] = await Promise.all([0, 1, 2, 3].map(() => createUser(bureau, 'researcher', institution.code)));
    const made: any[] = [];
    for (const rules of [{}, { approvalRequired: true }, { checkInBeforeMinutes: 60 * 24 * 366 }]) {
      const one = ok(await api('POST', '/instruments', { token: admin.token, body: instrumentBody({ bookingRules: rules }) }), 201, 'instrument');
      ok(await api('PUT', `/instruments/${one.id}/availability`, { token: admin.token, body: { timezone: 'Asia/Shanghai', weekly: WEEKLY } }), 200, 'availability');
      ok(await api('PUT', `/instruments/${one.id}/rates`, { token: admin.token, body: [rateCard({ internalPriceFen: HOURLY_FEN, validFrom: '2019-01-01', code: `${one.code}-RC` })] }), 200, 'rates');
      made.push(one);
    }
    [instrument, reviewed, early] = made;
  });

  it('an admin sets up a group with its PI; the PI adds members; others may not', async () => {
    const name = `纳米材料课题组-${uniqueCode('G')}`;
    expectError(await api('POST', '/research-groups', { token: pi.token, body: { name, piUserId: pi.user.id } }), 403, 'FORBIDDEN');
    // The PI must be of the institution.
    expectError(await api('POST', '/research-groups', { token: admin.token, body: { name, piUserId: otherAdmin.user.id } }), 422, 'RULE_VIOLATION');
    group = ok(await api('POST', '/research-groups', { token: admin.token, body: { name, piUserId: pi.user.id } }), 201, 'group');
    expect(group).toMatchObject({ name, piUserId: pi.user.id, members: [{ userId: pi.user.id, role: 'pi' }] });
    expectError(await api('POST', '/research-groups', { token: admin.token, body: { name, piEmail: pi.email } }), 409, 'DUPLICATE');

    ok(await api('POST', `/research-groups/${group.id}/members`, { token: pi.token, body: { userEmail: members[0].email } }), 201, 'member by email');
    group = ok(await api('POST', `/research-groups/${group.id}/members`, { token: admin.token, body: { userId: members[1].user.id } }), 201, 'member by id');
    expect(group.members.map((m: any) => m.userId).sort()).toEqual([pi.user.id, members[0].user.id, members[1].user.id].sort());
    // Named as the catalogue names them, for the group's page.
    expect(group.members.map((m: any) => m.name)).toEqual([pi.user.name, members[0].user.name, members[1].user.name]);
    // A member does not add members; a stranger does not even see the group; another institution's user may not join.
    expectError(await api('POST', `/research-groups/${group.id}/members`, { token: members[0].token, body: { userId: outsider.user.id } }), 403, 'FORBIDDEN');
    expectError(await api('GET', `/research-groups/${group.id}`, { token: outsider.token }), 404, 'NOT_FOUND');
    expectError(await api('GET', `/research-groups/${group.id}`, { token: otherAdmin.token }), 404, 'NOT_FOUND');
    expectError(await api('POST', `/research-groups/${group.id}/members`, { token: pi.token, body: { userId: otherAdmin.user.id } }), 422, 'RULE_VIOLATION');
    expectError(await api('DELETE', `/research-groups/${group.id}/members/${pi.user.id}`, { token: admin.token }), 422, 'RULE_VIOLATION');
    // Members see their group in their list; the outsider does not.
    const listed = ok(await api('GET', '/research-groups', { token: members[1].token }), 200, 'list');
    expect(listed.items.map((g: any) => g.id)).toContain(group.id);
    expect(ok(await api('GET', '/research-groups', { token: outsider.token }), 200, 'list').items.map((g: any) => g.id)).not.toContain(group.id);
  });

  it('only the admin opens accounts, with codes unique in the institution', async () => {
    const code = uniqueCode('JF');
    expectError(await api('POST', `/research-groups/${group.id}/fund-accounts`, { token: pi.token, body: { code, name: '横向课题', validFrom: '2026-01-01' } }), 403, 'FORBIDDEN');
    const made = await openAccount({ code, budgetFen: 500000 });
    expect(made).toMatchObject({ code, budgetFen: 500000, heldFen: 0, chargedFen: 0, availableFen: 500000, state: 'active', groupId: group.id });
    expectError(await api('POST', `/research-groups/${group.id}/fund-accounts`, { token: admin.token, body: { code, name: '重复', validFrom: '2026-01-01' } }), 409, 'DUPLICATE');
    expectError(await api('POST', `/research-groups/${group.id}/fund-accounts`, { token: admin.token, body: { code: uniqueCode('JF'), name: '倒置', validFrom: '2027-01-01', validTo: '2026-01-01' } }), 400);
  });

  it('20 simultaneous bookings never hold more than the budget; the rest are told the account and the shortfall', async () => {
    // 4.5 hours of budget: four one-hour bookings fit, and every later one finds 100.00 元 of the 200.00 it needs.
    const budgetFen = 4 * HOURLY_FEN + HOURLY_FEN / 2;
    const card = await openAccount({ budgetFen });
    const bookers = [pi, members[0], members[1]];
    const replies = await Promise.all(Array.from({ length: 20 }, (_, i) => book(bookers[i % 3], card.id)));
    const booked = replies.filter((r) => r.status === 201);
    const refused = replies.filter((r) => r.status !== 201);
    expect(booked).toHaveLength(4);
    for (const r of booked) expect(r.body).toMatchObject({ status: 'approved', fundAccountId: card.id, heldFen: HOURLY_FEN });
    expect(refused).toHaveLength(16);
    for (const r of refused) {
      expectError(r, 422, 'RULE_VIOLATION');
      expect(r.body.error.message).toContain(`经费卡 ${card.code}`);
      expect(r.body.error.message).toContain('还差 100.00 元');
      expect(r.body.error.details).toMatchObject({ fundAccount: { id: card.id, code: card.code }, shortfallFen: HOURLY_FEN / 2, availableFen: HOURLY_FEN / 2 });
    }
    // In English when asked.
    const english = await api('POST', '/bookings', { token: pi.token, headers: { 'accept-language': 'en' }, body: { instrumentId: instrument.id, ...nextHour(), serviceMode: 'self', purpose: 'fund test', fundAccountId: card.id } });
    expectError(english, 422, 'RULE_VIOLATION');
    expect(english.body.error.message).toContain(`fund account ${card.code}`);

    const [{ holds, n }] = await sql(`select coalesce(sum(held_fen), 0)::bigint as holds, count(*)::int as n from booking.booking where fund_account_id = $1 and held_fen is not null`, [card.id]);
    expect(Number(holds)).toBe(4 * HOURLY_FEN);
    expect(Number(holds)).toBeLessThanOrEqual(budgetFen);
    expect(n).toBe(4);
    const [running] = await sql(`select held_fen from booking.fund_account where id = $1`, [card.id]);
    expect(Number(running.held_fen)).toBe(4 * HOURLY_FEN);
    expect(await account(card.id)).toMatchObject({ heldFen: 4 * HOURLY_FEN, availableFen: HOURLY_FEN / 2 });

    // A cancelled booking gives its hold back, and the next booking fits again.
    const cancelled = ok(await api('POST', `/bookings/${booked[0].body.id}/cancel`, { token: admin.token, body: { reason: '经费卡测试' } }), 200, 'cancel');
    expect(cancelled).toMatchObject({ status: 'cancelled', heldFen: null });
    expect(await account(card.id)).toMatchObject({ heldFen: 3 * HOURLY_FEN, availableFen: HOURLY_FEN + HOURLY_FEN / 2 });
    ok(await book(members[0], card.id), 201, 'booking after the release');
  });

  it('a frozen account and one outside its validity refuse; a non-member cannot pay from the account', async () => {
    const card = await openAccount({ budgetFen: 1000000 });
    ok(await api('PATCH', `/fund-accounts/${card.id}`, { token: pi.token, body: { state: 'frozen' } }), 403, 'a PI does not freeze');
    expect(ok(await api('PATCH', `/fund-accounts/${card.id}`, { token: admin.token, body: { state: 'frozen' } }), 200, 'freeze')).toMatchObject({ state: 'frozen' });
    const frozen = await book(members[0], card.id);
    expectError(frozen, 422, 'RULE_VIOLATION');
    expect(frozen.body.error.message).toMatch(new RegExp(`^经费卡 ${card.code}.*已冻结`));
    ok(await api('PATCH', `/fund-accounts/${card.id}`, { token: admin.token, body: { state: 'active' } }), 200, 'unfreeze');
    ok(await book(members[0], card.id), 201, 'booking on the unfrozen account');

    const ended = await openAccount({ budgetFen: 1000000, validFrom: '2026-01-01', validTo: '2027-01-01' });
    const late = await book(members[0], ended.id);
    expectError(late, 422, 'RULE_VIOLATION');
    expect(late.body.error.message).toContain('不在有效期内');

    expectError(await book(outsider, card.id), 403, 'FORBIDDEN');
    expectError(await book(otherAdmin, card.id), 403, 'FORBIDDEN');
    // A removed member can no longer use it.
    const removed = ok(await api('DELETE', `/research-groups/${group.id}/members/${members[1].user.id}`, { token: pi.token }), 200, 'remove member');
    expect(removed.members.map((m: any) => m.userId)).not.toContain(members[1].user.id);
    expectError(await book(members[1], card.id), 403, 'FORBIDDEN');
    ok(await api('POST', `/research-groups/${group.id}/members`, { token: pi.token, body: { userId: members[1].user.id } }), 201, 'member back');
    const [{ n }] = await sql(`select count(*)::int as n from booking.booking where fund_account_id = $1`, [card.id]);
    expect(n).toBe(1);
  });

  it('a booking awaiting approval holds nothing until approved; an approval past the budget is refused and changes nothing', async () => {
    const card = await openAccount({ budgetFen: 2 * HOURLY_FEN });
    const first = ok(await book(members[0], card.id, reviewed), 201, 'request');
    const second = ok(await book(members[1], card.id, reviewed), 201, 'request');
    const third = ok(await book(pi, card.id, reviewed), 201, 'request');
    for (const b of [first, second, third]) expect(b).toMatchObject({ status: 'requested', heldFen: null });
    expect(await account(card.id)).toMatchObject({ heldFen: 0 });

    expect(ok(await api('POST', `/bookings/${first.id}/approve`, { token: admin.token, body: {} }), 200, 'approve')).toMatchObject({ status: 'approved', heldFen: HOURLY_FEN });
    ok(await api('PATCH', `/fund-accounts/${card.id}`, { token: admin.token, body: { budgetFen: HOURLY_FEN + HOURLY_FEN / 4 } }), 200, 'lower budget');
    const over = await api('POST', `/bookings/${second.id}/approve`, { token: admin.token, body: {} });
    expectError(over, 422, 'RULE_VIOLATION');
    expect(over.body.error.message).toContain('还差 150.00 元');
    expect(ok(await api('GET', `/bookings/${second.id}`, { token: admin.token }), 200, 'still requested')).toMatchObject({ status: 'requested', heldFen: null });
    // A rejection holds nothing; a cancellation of the approved one gives its hold back.
    expect(ok(await api('POST', `/bookings/${third.id}/reject`, { token: admin.token, body: { reason: '经费不足' } }), 200, 'reject')).toMatchObject({ status: 'rejected', heldFen: null });
    ok(await api('POST', `/bookings/${first.id}/cancel`, { token: members[0].token, body: {} }), 200, 'cancel');
    expect(await account(card.id)).toMatchObject({ heldFen: 0, availableFen: HOURLY_FEN + HOURLY_FEN / 4 });
    expect(ok(await api('POST', `/bookings/${second.id}/approve`, { token: admin.token, body: {} }), 200, 'approve now')).toMatchObject({ status: 'approved', heldFen: HOURLY_FEN });
  });

  it('a member’s booking above the account’s threshold waits for the PI, then the institution; the PI alone decides', async () => {
    const card = await openAccount({ budgetFen: 3 * HOURLY_FEN, piApprovalAboveFen: HOURLY_FEN / 2 });
    expect(card).toMatchObject({ piApprovalAboveFen: HOURLY_FEN / 2 });
    // A member's hour (200.00 元) is above 100.00 元: requested and holding nothing, though the instrument needs no approval.
    const waiting = ok(await book(members[0], card.id), 201, 'member booking');
    expect(waiting).toMatchObject({ status: 'requested', piApproval: 'pending', heldFen: null });
    // The PI's own booking does not wait for themselves.
    expect(ok(await book(pi, card.id), 201, 'PI booking')).toMatchObject({ status: 'approved', piApproval: null, heldFen: HOURLY_FEN });
    expect(await account(card.id)).toMatchObject({ heldFen: HOURLY_FEN });

    const listed = ok(await api('GET', `/research-groups/${group.id}/pi-approvals`, { token: pi.token }), 200, 'waiting for the PI') as any[];
    expect(listed.map((b) => b.id)).toContain(waiting.id);
    expect(ok(await api('GET', `/research-groups/${group.id}/pi-approvals`, { token: admin.token }), 200, 'admin reads').map((b: any) => b.id)).toContain(waiting.id);
    expectError(await api('GET', `/research-groups/${group.id}/pi-approvals`, { token: outsider.token }), 404, 'NOT_FOUND');

    // The institution does not approve before the PI; nobody but the PI decides for the PI.
    const early = await api('POST', `/bookings/${waiting.id}/approve`, { token: admin.token, body: {} });
    expectError(early, 422, 'RULE_VIOLATION');
    expect(early.body.error.message).toMatch(/^预约 .*须先经课题组负责人（PI）审批/);
    for (const who of [members[0], admin]) expectError(await api('POST', `/bookings/${waiting.id}/pi-approve`, { token: who.token, body: {} }), 403, 'FORBIDDEN');
    for (const who of [outsider, otherAdmin]) expectError(await api('POST', `/bookings/${waiting.id}/pi-approve`, { token: who.token, body: {} }), 404, 'NOT_FOUND');

    // Two clicks of the PI: one approves (and holds, the instrument needing no approval), the other is told it is decided.
    const clicks = await Promise.all([0, 1].map(() => api('POST', `/bookings/${waiting.id}/pi-approve`, { token: pi.token, body: {} })));
    const approved = clicks.find((r) => r.status === 200);
    expect(approved?.body).toMatchObject({ status: 'approved', piApproval: 'approved', heldFen: HOURLY_FEN });
    expectError(clicks.find((r) => r.status !== 200) as ApiResponse, 409, 'ILLEGAL_TRANSITION');
    expect(await account(card.id)).toMatchObject({ heldFen: 2 * HOURLY_FEN });

    // The PI's approval is a hold like any other: past the budget it is refused, and the booking still waits.
    const short = ok(await book(members[0], card.id), 201, 'member booking');
    ok(await api('PATCH', `/fund-accounts/${card.id}`, { token: admin.token, body: { budgetFen: 2 * HOURLY_FEN + HOURLY_FEN / 2 } }), 200, 'lower budget');
    const refused = await api('POST', `/bookings/${short.id}/pi-approve`, { token: pi.token, body: {} });
    expectError(refused, 422, 'RULE_VIOLATION');
    expect(refused.body.error.message).toContain('还差 100.00 元');
    expect(ok(await api('GET', `/bookings/${short.id}`, { token: members[0].token }), 200, 'still waiting')).toMatchObject({ status: 'requested', piApproval: 'pending', heldFen: null });
    ok(await api('PATCH', `/fund-accounts/${card.id}`, { token: admin.token, body: { budgetFen: 10 * HOURLY_FEN } }), 200, 'raise budget');

    // On an instrument that needs approval, the PI's approval passes it on to the institution, which then holds.
    const reviewedOne = ok(await book(members[1], card.id, reviewed), 201, 'reviewed booking');
    expect(reviewedOne).toMatchObject({ status: 'requested', piApproval: 'pending' });
    expect(ok(await api('POST', `/bookings/${reviewedOne.id}/pi-approve`, { token: pi.token, body: {} }), 200, 'PI approves'))
      .toMatchObject({ status: 'requested', piApproval: 'approved', heldFen: null });
    expect(ok(await api('POST', `/bookings/${reviewedOne.id}/approve`, { token: admin.token, body: {} }), 200, 'institution approves'))
      .toMatchObject({ status: 'approved', piApproval: 'approved', heldFen: HOURLY_FEN });

    // The PI's rejection rejects the booking, with the reason; nothing was held and nothing can approve it now.
    const rejected = ok(await api('POST', `/bookings/${short.id}/pi-reject`, { token: pi.token, body: { reason: '请改用横向经费' } }), 200, 'PI rejects');
    expect(rejected).toMatchObject({ status: 'rejected', piApproval: 'rejected', heldFen: null, reason: '请改用横向经费' });
    expectError(await api('POST', `/bookings/${short.id}/approve`, { token: admin.token, body: {} }), 409, 'ILLEGAL_TRANSITION');
    expectError(await api('POST', `/bookings/${short.id}/pi-approve`, { token: pi.token, body: {} }), 409, 'ILLEGAL_TRANSITION');
    // A booking that never needed the PI is not theirs to decide.
    expectError(await api('POST', `/bookings/${approved?.body.id}/pi-reject`, { token: pi.token, body: {} }), 409, 'ILLEGAL_TRANSITION');
    expect(ok(await api('GET', `/research-groups/${group.id}/pi-approvals`, { token: pi.token }), 200, 'none left').map((b: any) => b.id)).not.toContain(short.id);

    // The PI sets the threshold alone; anything else on the account stays the admin's; a member sets nothing.
    expect(ok(await api('PATCH', `/fund-accounts/${card.id}`, { token: pi.token, body: { piApprovalAboveFen: HOURLY_FEN } }), 200, 'PI threshold')).toMatchObject({ piApprovalAboveFen: HOURLY_FEN });
    expectError(await api('PATCH', `/fund-accounts/${card.id}`, { token: pi.token, body: { piApprovalAboveFen: HOURLY_FEN, name: '改名' } }), 403, 'FORBIDDEN');
    expectError(await api('PATCH', `/fund-accounts/${card.id}`, { token: members[0].token, body: { piApprovalAboveFen: null } }), 403, 'FORBIDDEN');
    // An hour is not above 200.00 元: approved at once.
    expect(ok(await book(members[0], card.id), 201, 'at the threshold')).toMatchObject({ status: 'approved', piApproval: null, heldFen: HOURLY_FEN });

    // PostgreSQL keeps a booking the PI has not approved from being approved or held, whatever writes it.
    const pending = ok(await book(members[1], card.id, reviewed, { ...nextHour(), end: new Date(Date.UTC(2027, 8, 1) + (hour + 2) * 3600e3).toISOString() }), 201, 'two hours');
    hour += 1;
    expect(pending).toMatchObject({ piApproval: 'pending' });
    await expect(sql(`update booking.booking set status = 'approved' where id = $1`, [pending.id])).rejects.toThrow(/booking_pi_approval_first/);
  });

  it('settlement replaces the hold by the real charge, once however often the month is settled, and the statement line names the account', async () => {
    const card = await openAccount({ budgetFen: 10 * HOURLY_FEN });
    const booking = ok(await book(members[0], card.id, early), 201, 'booking');
    expect(booking).toMatchObject({ status: 'approved', heldFen: HOURLY_FEN, chargedFen: null });
    ok(await api('POST', `/bookings/${booking.id}/check-in`, { token: admin.token, body: {} }), 200, 'check-in');
    ok(await api('POST', `/bookings/${booking.id}/check-out`, { token: admin.token, body: {} }), 200, 'check-out');
    // A minute or so of use, billed as one started half hour: half the hour that was held.
    const period = new Date(Date.now() + 8 * 3600e3).toISOString().slice(0, 7);
    const usageCode = `U-${booking.code}`;
    await until(async () => (ok(await api('GET', `/usage?pageSize=200`, { token: admin.token }), 200, 'usage').items as any[]).some((u) => u.code === usageCode), 'the usage record');

    const settledAt = async () => (await sql(`select charge_settled_at as at from booking.booking where id = $1`, [booking.id]))[0].at as Date | null;
    for (const round of [1, 2]) {
      const before = await settledAt();
      await settle(period);
      // Each settlement's charge reaches the booking (the second one later than the first).
      await until(async () => { const at = await settledAt(); return at !== null && (before === null || at > before); }, `the charge of settlement ${round} applied`);
      const settled = ok(await api('GET', `/bookings/${booking.id}`, { token: members[0].token }), 200, 'booking');
      expect(settled).toMatchObject({ heldFen: null, chargedFen: HOURLY_FEN / 2 });
      // Settled twice, charged once: the second settlement's charge replaced the first's.
      expect(await account(card.id)).toMatchObject({ heldFen: 0, chargedFen: HOURLY_FEN / 2, availableFen: 10 * HOURLY_FEN - HOURLY_FEN / 2 });
    }
    const [row] = await sql(`select held_fen, charged_fen from booking.fund_account where id = $1`, [card.id]);
    expect({ held: Number(row.held_fen), charged: Number(row.charged_fen) }).toEqual({ held: 0, charged: HOURLY_FEN / 2 });

    // The statement's line carries the fund account.
    const statements = ok(await api('GET', `/statements?period=${period}&pageSize=200`, { token: admin.token }), 200, 'statements').items as any[];
    const own = statements.find((x) => x.providerInstitutionId === booking.providerInstitutionId && x.payerInstitutionId === booking.userInstitutionId);
    const detail = ok(await api('GET', `/statements/${own.id}`, { token: admin.token }), 200, 'statement');
    expect(detail.charges.find((c: any) => c.usageCode === usageCode)).toMatchObject({ fundAccountId: card.id, fundAccountCode: card.code, amountFen: HOURLY_FEN / 2 });
  }, 120000);
});

async function until<T>(probe: () => Promise<T | null | false>, what: string): Promise<T> {
  for (let i = 0; i < 300; i++) {
    const got = await probe();
    if (got) return got;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`waited in vain for ${what}`);
}

async function settle(period: string): Promise<void> {
  const bureau = await bureauToken();
  const started = ok(await api('POST', '/settlements', { token: bureau, body: { period } }), 202, 'settlement');
  const job = await until(async () => {
    const j = ok(await api('GET', `/jobs/${started.jobId}`, { token: bureau }), 200, 'job');
    return j.state === 'completed' || j.state === 'failed' ? j : null;
  }, 'the settlement');
  expect(job.state).toBe('completed');
}
