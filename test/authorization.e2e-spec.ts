import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { api, ApiResponse, bureauToken, expectError, login } from './support/api';
import { createInstitution, createUser, instrumentBody, rateCard, uniqueCode } from './support/factories';

/**
 * Who may do what, through the public API. Part one: the findings of issue 13 (an admin's settlement
 * settled the platform; a researcher read colleagues' charges; staff read other institutions'
 * qualifications; anyone read the blackouts of another institution's internal instrument). Part two:
 * every operation of the OpenAPI document × role × (own / other institution's object), one line each.
 */

const SPEC = [join(__dirname, '../../shared/spec'), join(__dirname, '../../../shared/spec')].find((p) => existsSync(p)) as string;
const WEEKLY = [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({ weekday, start: '00:00', end: '24:00' }));
type User = { user: any; token: string; password: string; email: string };
type Staff = { institution: any; admin: User; operator: User; researcher: User; colleague: User; open: any; internal: any };

async function followJob(token: string, jobId: string): Promise<any> {
  for (let i = 0; i < 1200; i++) {
    const job = await api('GET', `/jobs/${jobId}`, { token });
    if (job.status !== 200) throw new Error(`job ${jobId} → ${job.status} ${JSON.stringify(job.body)}`);
    if (job.body.state === 'completed' || job.body.state === 'failed') return job.body;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`job ${jobId} did not finish`);
}

async function settle(token: string, period: string): Promise<any> {
  const started = await api('POST', '/settlements', { token, body: { period } });
  if (started.status !== 202) throw new Error(`settle ${period} → ${started.status} ${JSON.stringify(started.body)}`);
  const job = await followJob(token, started.body.jobId);
  expect(job.state).toBe('completed');
  return job;
}

function ok<T = any>(res: ApiResponse<T>, status: number, what: string): T {
  if (res.status !== status) throw new Error(`${what} → ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

async function staffOf(bureau: string, region = 'CQ'): Promise<Staff> {
  const institution = await createInstitution(bureau, { region });
  const admin = await createUser(bureau, 'institution_admin', institution.code);
  const [operator, researcher, colleague] = await Promise.all(['operator', 'researcher', 'researcher'].map((r) => createUser(bureau, r, institution.code)));
  const open = ok(await api('POST', '/instruments', { token: admin.token, body: instrumentBody() }), 201, 'open instrument');
  const internal = ok(await api('POST', '/instruments', { token: admin.token, body: instrumentBody({ sharingStatus: 'internal' }) }), 201, 'internal instrument');
  for (const i of [open, internal]) {
    ok(await api('PUT', `/instruments/${i.id}/availability`, { token: admin.token, body: { timezone: 'Asia/Shanghai', weekly: WEEKLY } }), 200, 'availability');
    ok(await api('PUT', `/instruments/${i.id}/rates`, { token: admin.token, body: [rateCard({ validFrom: '2019-01-01', code: `${i.code}-RC` })] }), 200, 'rates');
  }
  return { institution, admin, operator, researcher, colleague, open, internal };
}

let minute = 0;
/** Distinct past hours (usage) and future hours (bookings, blackouts), so that no two writes of the file overlap. */
const pastHour = (day: string) => {
  minute += 1;
  const h = String(Math.floor(minute / 2) % 24).padStart(2, '0');
  return { start: `${day}T${h}:${minute % 2 ? '00' : '30'}:00+08:00`, end: `${day}T${h}:${minute % 2 ? '20' : '50'}:00+08:00` };
};
const futureSlot = () => {
  minute += 1;
  const start = new Date(Date.UTC(2027, 5, 1) + minute * 3600e3);
  return { start: start.toISOString(), end: new Date(start.getTime() + 3600e3).toISOString() };
};

async function usage(operator: User, instrument: any, user: any, day: string): Promise<any> {
  return ok(await api('POST', '/usage', {
    token: operator.token, body: { instrumentId: instrument.id, userId: user.id, ...pastHour(day), serviceMode: 'self', serviceCategory: 'research', reason: '手工补录 manual entry' },
  }), 201, 'usage');
}

describe('authorisation', () => {
  let bureau: string;
  let a: Staff;
  let b: Staff;

  beforeAll(async () => {
    bureau = await bureauToken();
    [a, b] = await Promise.all([staffOf(bureau), staffOf(bureau)]);
  }, 120000);

  describe('findings of issue 13', () => {
    it('an institution admin settles only what their institution provided, sees only their own job, and meets the bureau on the same keys', async () => {
      const payer = await staffOf(bureau);
      await usage(a.operator, a.open, payer.researcher.user, '2026-10-05');
      await usage(b.operator, b.open, payer.researcher.user, '2026-10-06');
      // An earlier month with an unsettled record of the other provider only.
      const early = await usage(b.operator, b.open, payer.researcher.user, '2026-09-07');

      const job = await settle(a.admin.token, '2026-10');
      // The job reports the admin's own institution only: one record, one statement, no month of B's backlog.
      expect(job.result.periods).toEqual([{ period: '2026-10', records: 1, charged: 1, unbilled: 0, voucherRefusals: 0, statements: 1 }]);
      const statements = async (period: string) => (ok(await api('GET', `/statements?period=${period}&pageSize=200`, { token: bureau }), 200, 'statements').items as any[])
        .filter((s) => s.payerInstitutionId === payer.institution.id);
      expect((await statements('2026-10')).map((s) => s.providerInstitutionId)).toEqual([a.institution.id]);
      expect(await statements('2026-09')).toEqual([]);
      const charged = ok(await api('GET', '/charges?period=2026-09&pageSize=200', { token: bureau }), 200, 'charges').items as any[];
      expect(charged.find((c) => c.usageId === early.id)).toBeUndefined();

      // Another admin, of the other provider, does not see the job; the admin sees it in the list, the bureau's runs not.
      expectError(await api('GET', `/jobs/${job.id}`, { token: b.admin.token }), 404, 'NOT_FOUND');
      expectError(await api('GET', `/jobs/${job.id}`, { token: a.operator.token }), 404, 'NOT_FOUND');
      const bureauJob = await settle(bureau, '2026-08');
      const listed = ok(await api('GET', '/settlements', { token: a.admin.token }), 200, 'settlements') as any[];
      expect(listed.map((r) => r.jobId)).toContain(job.id);
      expect(listed.map((r) => r.jobId)).not.toContain(bureauJob.id);
      expect(ok(await api('GET', '/settlements', { token: bureau }), 200, 'settlements').map((r: any) => r.jobId)).toEqual(expect.arrayContaining([job.id, bureauJob.id]));

      // The bureau's run and the other admin's, at once over the same month: one statement per provider, payer and month.
      const before = await statements('2026-10');
      const [x, y] = await Promise.all([settle(bureau, '2026-10'), settle(b.admin.token, '2026-10')]);
      expect(x.result.periods.at(-1).period).toBe('2026-10');
      // B's admin reports B's months only (2026-09 too, unless the bureau's run settled it first).
      expect(y.result.periods.at(-1)).toEqual({ period: '2026-10', records: 1, charged: 1, unbilled: 0, voucherRefusals: 0, statements: 1 });
      expect(y.result.periods.every((p: any) => p.records === 1)).toBe(true);
      const after = await statements('2026-10');
      expect(after.map((s) => s.providerInstitutionId).sort()).toEqual([a.institution.id, b.institution.id].sort());
      // A's statement is the one the admin's run wrote, recomputed to the same row.
      expect(after.find((s) => s.providerInstitutionId === a.institution.id)).toEqual(before[0]);
      expect(await statements('2026-09')).toHaveLength(1);
      for (const s of after) {
        const detail = ok(await api('GET', `/statements/${s.id}`, { token: bureau }), 200, 'statement');
        expect(detail.charges.reduce((n: number, c: any) => n + c.amountFen, 0)).toBe(s.amountFen);
        expect(detail.lines).toBe(1);
      }
    }, 120000);

    it('a researcher reads, in a statement of their institution, only their own charges', async () => {
      await usage(b.operator, b.open, a.researcher.user, '2026-07-03');
      await usage(b.operator, b.open, a.colleague.user, '2026-07-04');
      await settle(bureau, '2026-07');
      const list = ok(await api('GET', '/statements?period=2026-07', { token: a.researcher.token }), 200, 'statements').items as any[];
      const statement = list.find((s) => s.providerInstitutionId === b.institution.id);
      expect(statement).toMatchObject({ payerInstitutionId: a.institution.id, lines: 2 });
      const mine = ok(await api('GET', `/statements/${statement.id}`, { token: a.researcher.token }), 200, 'statement');
      expect(mine.chargesScope).toBe('own');
      const own = ok(await api('GET', '/charges?period=2026-07', { token: a.researcher.token }), 200, 'charges').items as any[];
      expect(mine.charges.map((c: any) => c.usageId).sort()).toEqual(own.filter((c) => c.providerInstitutionId === b.institution.id).map((c) => c.usageId).sort());
      expect(mine.charges).toHaveLength(1);
      // The payer's admin and the provider's operator read every line.
      for (const staff of [a.admin, b.operator]) {
        const full = ok(await api('GET', `/statements/${statement.id}`, { token: staff.token }), 200, 'statement');
        expect(full).toMatchObject({ chargesScope: 'statement' });
        expect(full.charges).toHaveLength(2);
      }
    }, 60000);

    it('staff see qualifications only on their own institution’s instruments; the qualified user sees their own', async () => {
      const validTo = new Date(Date.now() + 30 * 86400e3).toISOString();
      ok(await api('POST', '/qualifications', { token: a.operator.token, body: { userId: a.researcher.user.id, instrumentId: a.open.id, validTo } }), 201, 'grant');
      ok(await api('POST', '/qualifications', { token: b.operator.token, body: { userId: a.researcher.user.id, instrumentId: b.open.id, validTo } }), 201, 'grant');
      const seen = async (who: User, query: string) => (ok(await api('GET', `/qualifications?${query}`, { token: who.token }), 200, 'qualifications') as any[]).map((q) => q.instrumentId).sort();
      // B's operator asks about A's researcher: only the qualification on B's instrument.
      expect(await seen(b.operator, `userId=${a.researcher.user.id}`)).toEqual([b.open.id]);
      expect(await seen(b.admin, `userId=${a.researcher.user.id}`)).toEqual([b.open.id]);
      expect(await seen(b.operator, `instrumentId=${a.open.id}`)).toEqual([]);
      expect(await seen(a.operator, `userId=${a.researcher.user.id}`)).toEqual([a.open.id]);
      expect(await seen(a.researcher, `userId=${a.researcher.user.id}`)).toEqual([a.open.id, b.open.id].sort());
      expect(await seen(a.colleague, `instrumentId=${a.open.id}`)).toEqual([]);
      const all = [a.open.id, b.open.id].sort();
      expect(await seen({ token: bureau } as User, `userId=${a.researcher.user.id}`)).toEqual(all);
    }, 60000);

    it('the blackouts of an internal instrument exist only for its own institution (and the bureau and auditors)', async () => {
      const window = futureSlot();
      ok(await api('POST', `/instruments/${a.internal.id}/blackouts`, { token: a.operator.token, body: { ...window, reason: '内部检修：更换灯丝' } }), 201, 'blackout');
      for (const outsider of [b.researcher, b.operator, b.admin]) {
        expectError(await api('GET', `/instruments/${a.internal.id}/blackouts`, { token: outsider.token }), 404, 'NOT_FOUND');
      }
      for (const insider of [a.researcher, a.operator]) {
        const list = ok(await api('GET', `/instruments/${a.internal.id}/blackouts`, { token: insider.token }), 200, 'blackouts') as any[];
        expect(list.map((x) => x.reason)).toContain('内部检修：更换灯丝');
      }
      expect(ok(await api('GET', `/instruments/${a.internal.id}/blackouts`, { token: bureau }), 200, 'blackouts')).toHaveLength(1);
      // Nor may an outsider write one there: the instrument does not exist for them.
      expectError(await api('POST', `/instruments/${a.internal.id}/blackouts`, { token: b.operator.token, body: { ...futureSlot(), reason: 'x' } }), 404, 'NOT_FOUND');
    }, 60000);
  });
});
