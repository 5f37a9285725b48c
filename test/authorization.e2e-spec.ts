import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { strToU8, zipSync } from 'fflate';
import { Client } from 'pg';
import { api, ApiResponse, bureauToken, expectError, testEnv } from './support/api';
import { createInstitution, createRegionalOfficer, createUser, instrumentBody, rateCard, uniqueCode } from './support/factories';
import { paidProviderClaim, programmeBody } from './support/voucher-flow';
import { report, Terminal } from './support/terminal';

/**
 * Who may do what, through the public API. Part one: the findings of issue 13 (an admin's settlement
 * settled the platform; a researcher read colleagues' charges; staff read other institutions'
 * qualifications; anyone read the blackouts of another institution's internal instrument). Part two:
 * every operation of the OpenAPI document × role × (own / other institution's object), one line each.
 */

const SPEC = join(__dirname, 'fixtures');
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
// Usage months of this file's own: a settlement sweeps every unsettled earlier month, and
// settlement-recovery counts every charge of 2026-04 and 2026-05 as its own.
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
      const listed = ok(await api('GET', '/settlements', { token: a.admin.token }), 200, 'settlements').items as { jobId: string }[];
      expect(listed.map((r) => r.jobId)).toContain(job.id);
      expect(listed.map((r) => r.jobId)).not.toContain(bureauJob.id);
      expect(ok(await api('GET', '/settlements', { token: bureau }), 200, 'settlements').items.map((r: any) => r.jobId)).toEqual(expect.arrayContaining([job.id, bureauJob.id]));

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
      // Their own line only, and the statement says that its totals cover more.
      expect(mine.charges).toHaveLength(1);
      expect(mine.chargesScope).toBe('own');
      const own = ok(await api('GET', '/charges?period=2026-07', { token: a.researcher.token }), 200, 'charges').items as any[];
      expect(mine.charges.map((c: any) => c.usageId).sort()).toEqual(own.filter((c) => c.providerInstitutionId === b.institution.id).map((c) => c.usageId).sort());
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

  /**
   * The endpoint × role × ownership table. A row: the operation as the OpenAPI document names it
   * (method and path; a variant in brackets where one operation needs two objects or actions), then
   * the expected status for [anonymous, researcher, operator, institution_admin, bureau, auditor].
   * Where the path has an id, a cell [own, other] gives the outcome on the caller's own institution's
   * object and on another institution's (the bureau and auditors belong to none: one status for both).
   * The actors are institution A's staff; "other" objects are institution B's. A status other than
   * 2xx for an allowed caller (409, 400) means the permission passed and the object's state or the
   * body then decided. Adding an endpoint: one `row(...)` line (and a request when the default
   * — ids filled in by the path's resource, no body — will not do).
   */
  describe('endpoint × role × ownership', () => {
    const ROLES = ['anonymous', 'researcher', 'operator', 'institution_admin', 'bureau', 'auditor'] as const;
    type RoleName = (typeof ROLES)[number];
    type Which = 'own' | 'other';
    type Cell = number | [own: number, other: number];
    /** `token`: a throwaway caller of the role, for operations that end the caller's own sessions. */
    interface Request { path: string; body?: unknown; raw?: RequestInit['body']; token?: string }
    type Build = (which: Which, role: RoleName) => Promise<Request> | Request;
    interface Row { op: string; variant: string; expected: Cell[]; build?: Build }
    const row = (op: string, expected: Cell[], build?: Build): Row => {
      const m = /^(\S+ \S+)(?: \[(.+)\])?$/.exec(op) as RegExpExecArray;
      return { op: m[1], variant: m[2] ?? '', expected, build };
    };

    let f: {
      auditor: User; bookings: Record<Which, any>; samples: Record<Which, { instrument: any; reported: any }>; statements: Record<Which, any>; jobs: Record<Which, string>; imports: Record<Which, string>; policy: any; run: any; calendar: string;
    };
    /** Voucher programmes (issue 16): one programme of SC open to any applicant, and an application of each side. */
    let vp: { programme: any; applications: Record<Which, any> };
    const freshApplication = async (which: Which) => ok(await api('POST', '/voucher-applications', {
      token: side(which).researcher.token, body: { programmeId: vp.programme.id, amountFen: 1000, project: '授权测试项目' },
    }), 201, 'voucher application');
    const side = (which: Which) => (which === 'own' ? a : b);
    /** Issue 16: a CQ programme and a paid provider claim of each side (A's and B's). */
    let vouchers: { programme: any; claims: Record<Which, any> };
    const tokenOf = (role: RoleName): string | undefined => ({
      anonymous: undefined, researcher: a.researcher.token, operator: a.operator.token, institution_admin: a.admin.token, bureau, auditor: f.auditor.token,
    })[role];

    async function freshBooking(which: Which): Promise<any> {
      const s = side(which);
      return ok(await api('POST', '/bookings', { token: s.researcher.token, body: { instrumentId: s.open.id, ...futureSlot(), serviceMode: 'self', purpose: '授权测试' } }), 201, 'booking');
    }
    const sampleOrderBody = (instrument: any) => ({ instrumentId: instrument.id, sampleCount: 1, sampleNames: ['授权测试样品'], requestedTests: 'XRD', delivery: 'by-hand' });
    async function freshSampleOrder(which: Which): Promise<any> {
      const s = side(which);
      return ok(await api('POST', '/sample-orders', { token: s.researcher.token, body: sampleOrderBody(f.samples[which].instrument) }), 201, 'sample order');
    }
    /** A sample instrument of the side's, and an order of its researcher there with a report issued. */
    async function sampleFixture(s: Staff): Promise<{ instrument: any; reported: any }> {
      const instrument = ok(await api('POST', '/instruments', { token: s.admin.token, body: instrumentBody({ serviceModes: ['sample'] }) }), 201, 'sample instrument');
      const order = ok(await api('POST', '/sample-orders', { token: s.researcher.token, body: sampleOrderBody(instrument) }), 201, 'sample order');
      for (const step of ['accept', 'receive', 'start-testing']) ok(await api('POST', `/sample-orders/${order.id}/${step}`, { token: s.operator.token, body: {} }), 200, step);
      const form = new FormData();
      form.append('report', new Blob(['授权测试报告'], { type: 'text/plain' }), 'report.txt');
      const reported = ok(await api('POST', `/sample-orders/${order.id}/report`, { token: s.operator.token, raw: form }), 200, 'report');
      return { instrument, reported };
    }
    async function freshSeries(which: Which): Promise<any> {
      const s = side(which);
      return ok(await api('POST', '/bookings/series', { token: s.researcher.token, body: { instrumentId: s.open.id, ...futureSlot(), rrule: 'FREQ=DAILY;COUNT=1', mode: 'all-or-nothing', serviceMode: 'self', purpose: '授权测试' } }), 201, 'series');
    }
    /** A slot of institution A's open instrument that a colleague has booked (what one waits for). */
    async function takenSlot(which: Which): Promise<{ start: string; end: string }> {
      const s = side(which);
      const slot = futureSlot();
      ok(await api('POST', '/bookings', { token: s.colleague.token, body: { instrumentId: s.open.id, ...slot, serviceMode: 'self', purpose: '授权测试' } }), 201, 'booking');
      return slot;
    }
    /** A waiting-list entry: the caller's own (who can wait), else one of institution B's researcher. */
    async function waitingEntry(which: Which, role: RoleName): Promise<any> {
      const mine = which === 'own' && (role === 'researcher' || role === 'operator' || role === 'institution_admin');
      const token = mine ? (tokenOf(role) as string) : b.researcher.token;
      const s = mine ? a : b;
      return ok(await api('POST', '/waitlist', { token, body: { instrumentId: s.open.id, ...(await takenSlot(mine ? 'own' : 'other')) } }), 201, 'waitlist entry');
    }
    /** Issue 18: a training request of the side's researcher on a new instrument of the side that needs a qualification; scheduled (a session that began an hour ago) if asked. */
    async function freshTraining(which: Which, scheduled = false): Promise<any> {
      const s = side(which);
      const instrument = ok(await api('POST', '/instruments', { token: s.admin.token, body: instrumentBody({ name: '授权测试 培训仪器', bookingRules: { qualificationRequired: true, leadMinutes: 0 } }) }), 201, 'instrument');
      const request = ok(await api('POST', '/training-requests', { token: s.researcher.token, body: { instrumentId: instrument.id } }), 201, 'training request');
      if (!scheduled) return request;
      const start = Math.floor(Date.now() / 60000) * 60000 - 3600e3;
      const session = { start: new Date(start).toISOString(), end: new Date(start + 1800e3).toISOString() };
      return ok(await api('POST', `/training-requests/${request.id}/schedule`, { token: s.operator.token, body: session }), 200, 'training session');
    }
    /** A suspension of the side's researcher at the side's institution, written straight into the booking schema. */
    async function freshSuspension(which: Which): Promise<string> {
      const s = side(which);
      const db = new Client({ connectionString: testEnv().databaseUrl });
      await db.connect();
      try {
        const [row] = (await db.query(`insert into booking.suspension (id, user_id, user_institution_id, institution_id, starts_at, ends_at, no_shows, reason)
          values (gen_random_uuid(), $1, $2, $2, now(), now() + interval '30 days', 3, '授权测试') returning id`, [s.researcher.user.id, s.institution.id])).rows;
        return row.id as string;
      } finally {
        await db.end();
      }
    }
    async function freshRun(): Promise<any> {
      const started = ok(await api('POST', '/subsidy-runs', { token: bureau, body: { policyId: f.policy.id, year: 2019, region: 'ZZAUTHZ' } }), 202, 'subsidy run');
      await followJob(bureau, started.jobId);
      return { id: started.runId };
    }
    const policyDocument = () => ({ ...JSON.parse(readFileSync(join(SPEC, 'worked-example/bundle/policy.json'), 'utf8')), code: uniqueCode('authz-policy') });
    const validTo = () => new Date(Date.now() + 30 * 86400e3).toISOString();
    /** A new signed-in user of the role (in institution A for institution roles), whose sessions a row may end. */
    async function throwaway(role: RoleName): Promise<User | undefined> {
      if (role === 'anonymous') return undefined;
      return createUser(bureau, role, role === 'bureau' || role === 'auditor' ? undefined : a.institution.code);
    }

    /** Ids in a path, by the resource they follow. */
    function fill(path: string, which: Which): string {
      const s = side(which);
      return path
        .replace(/^\/institutions\/\{id\}/, `/institutions/${s.institution.id}`)
        .replace(/^\/instruments\/\{id\}/, `/instruments/${s.open.id}`)
        .replace(/^\/users\/\{id\}/, `/users/${s.colleague.user.id}`)
        .replace(/^\/bookings\/\{id\}/, `/bookings/${f.bookings[which].id}`)
        .replace(/^\/statements\/\{id\}/, `/statements/${f.statements[which].id}`)
        .replace(/^\/jobs\/\{id\}/, `/jobs/${f.jobs[which]}`)
        .replace(/^\/policies\/\{id\}/, `/policies/${f.policy.id}`)
        .replace(/^\/subsidy-runs\/\{id\}/, `/subsidy-runs/${f.run.id}`)
        .replace(/^\/voucher-programmes\/\{id\}/, `/voucher-programmes/${vp.programme.id}`)
        .replace(/^\/voucher-applications\/\{id\}/, `/voucher-applications/${vp.applications[which].id}`);
    }

    /** Issue 18: a research group of each side (its researcher the PI, made by its admin) and a fund account of each. */
    let rg: { groups: Record<Which, any>; accounts: Record<Which, any> };
    const groupPath = (which: Which, rest = '') => `/research-groups/${rg.groups[which].id}${rest}`;
    async function freshGroupMember(which: Which): Promise<string> {
      const s = side(which);
      ok(await api('POST', groupPath(which, '/members'), { token: s.admin.token, body: { userId: s.colleague.user.id } }), 201, 'group member');
      return s.colleague.user.id as string;
    }

    /** A member's booking of the side's open instrument waiting for the PI (the group's account approves nothing above 0 fen without them). */
    async function waitingForPi(which: Which): Promise<any> {
      const s = side(which);
      await freshGroupMember(which);
      const booking = ok(await api('POST', '/bookings', { token: s.colleague.token, body: { instrumentId: s.open.id, ...futureSlot(), serviceMode: 'self', purpose: '授权测试', fundAccountId: rg.accounts[which].id } }), 201, 'booking waiting for the PI');
      if (booking.piApproval !== 'pending') throw new Error(`expected a booking waiting for the PI: ${JSON.stringify(booking)}`);
      return booking;
    }

    /** A webhook of each side's institution, made by its admin (a DELETE takes its own). */
    async function freshWebhook(which: Which): Promise<any> {
      return ok(await api('POST', '/webhooks', { token: side(which).admin.token, body: { url: 'https://erp.authz.example.cn/hooks', events: ['booking.booking.approved'] } }), 201, 'webhook');
    }

    /** Issue 20: a terminal of each side's open instrument, registered by its admin. */
    const freshTerminal = async (which: Which): Promise<Terminal> => {
      const t = ok(await api('POST', '/terminals', { token: side(which).admin.token, body: { instrumentId: side(which).open.id, name: '授权测试终端' } }), 201, 'terminal');
      return { id: t.id, credential: t.credential };
    };
    const sessionTerminals: Partial<Record<Which, Terminal>> = {};
    let terminalSequence = 0;
    /** An unbooked use of the side's open instrument (pending): a stop with its start, ten minutes apart from every other. */
    async function freshPendingSession(which: Which): Promise<any> {
      sessionTerminals[which] ??= await freshTerminal(which);
      terminalSequence += 1;
      const start = Math.floor(Date.now() / 60000) * 60000 - (60 + terminalSequence * 10) * 60000;
      const stopped = ok(await report(sessionTerminals[which] as Terminal, '/terminal/sessions/stop', {
        sequence: terminalSequence, start: new Date(start).toISOString(), at: new Date(start + 5 * 60000).toISOString(),
      }), 200, 'terminal session');
      expect(stopped.status).toBe('pending');
      return stopped;
    }
    const terminalEvent = () => ({ sequence: 1, at: new Date().toISOString() });

    const TABLE: Row[] = [
      // op                                                    anon  researcher   operator     admin        bureau auditor
      row('POST /auth/login', [200, 200, 200, 200, 200, 200], (_w, role) => {
        const who = role === 'anonymous' ? b.colleague : role === 'researcher' ? a.researcher : role === 'operator' ? a.operator : role === 'institution_admin' ? a.admin : role === 'auditor' ? f.auditor : null;
        return { path: '/auth/login', body: who ? { email: who.email, password: who.password } : { email: testEnv().bootstrapEmail, password: testEnv().bootstrapPassword } };
      }),
      row('GET /auth/me', [401, 200, 200, 200, 200, 200]),
      row('POST /users', [401, 403, 403, 201, 201, 403], () => ({ path: '/users', body: { email: `${uniqueCode('u').toLowerCase()}@test.example.cn`, password: 'pw-0123456789abcdef', name: '新用户', role: 'researcher', institutionCode: a.institution.code } })),
      row('GET /users', [401, 200, 200, 200, 200, 200]),
      row('GET /users/{id}', [401, [403, 403], [200, 403], [200, 403], 200, 200]),
      row('POST /institutions', [401, 403, 403, 403, 201, 403], () => ({ path: '/institutions', body: { code: uniqueCode('INS'), name: '新单位', kind: 'university', region: 'CQ' } })),
      row('GET /institutions', [401, 200, 200, 200, 200, 200]),
      row('GET /institutions/{id}', [401, 200, 200, 200, 200, 200]),
      row('PATCH /institutions/{id}', [401, [403, 403], [403, 403], [200, 403], 200, 403], (w) => ({ path: fill('/institutions/{id}', w), body: { contacts: [{ name: '联系人', phone: '023-00000000' }] } })),
      row('POST /instruments', [401, 403, 403, 201, 403, 403], () => ({ path: '/instruments', body: { ...instrumentBody(), institutionCode: a.institution.code } })),
      row('GET /instruments', [401, 200, 200, 200, 200, 200], () => ({ path: '/instruments?pageSize=5' })),
      row('GET /instruments/{id}', [401, 200, 200, 200, 200, 200]),
      row('GET /instruments/{id} [internal]', [401, [200, 404], [200, 404], [200, 404], 200, 200], (w) => ({ path: `/instruments/${side(w).internal.id}` })),
      row('PATCH /instruments/{id}', [401, [403, 403], [403, 403], [200, 403], 403, 403], (w) => ({ path: fill('/instruments/{id}', w), body: { mainFunctions: '表面形貌观察 surface morphology' } })),
      row('PATCH /instruments/{id} [internal]', [401, [403, 404], [403, 404], [200, 404], 403, 403], (w) => ({ path: `/instruments/${side(w).internal.id}`, body: { mainFunctions: '内部使用 internal use' } })),
      row('GET /instruments/{id}/rates', [401, 200, 200, 200, 200, 200]),
      row('PUT /instruments/{id}/rates', [401, [403, 403], [403, 403], [200, 403], 403, 403], (w) => ({ path: fill('/instruments/{id}/rates', w), body: [rateCard({ validFrom: '2019-01-01', code: `${side(w).open.code}-RC` })] })),
      row('GET /instruments/{id}/availability', [401, 200, 200, 200, 200, 200]),
      row('PUT /instruments/{id}/availability', [401, [403, 403], [403, 403], [200, 403], 403, 403], (w) => ({ path: fill('/instruments/{id}/availability', w), body: { timezone: 'Asia/Shanghai', weekly: WEEKLY } })),
      row('GET /instruments/{id}/blackouts', [401, 200, 200, 200, 200, 200]),
      row('GET /instruments/{id}/blackouts [internal]', [401, [200, 404], [200, 404], [200, 404], 200, 200], (w) => ({ path: `/instruments/${side(w).internal.id}/blackouts` })),
      row('POST /instruments/{id}/blackouts', [401, [403, 403], [201, 403], [201, 403], 403, 403], (w) => ({ path: fill('/instruments/{id}/blackouts', w), body: { ...futureSlot(), reason: '例行维护' } })),
      row('DELETE /instruments/{id}/blackouts/{blackoutId}', [401, [403, 403], [200, 403], [200, 403], 403, 403], async (w) => {
        const s = side(w);
        const blackout = ok(await api('POST', `/instruments/${s.open.id}/blackouts`, { token: s.operator.token, body: { ...futureSlot(), reason: '例行维护' } }), 201, 'blackout');
        return { path: `/instruments/${s.open.id}/blackouts/${blackout.id}` };
      }),
      row('GET /instruments/{id}/slots', [401, 200, 200, 200, 200, 200], (w) => ({ path: `${fill('/instruments/{id}/slots', w)}?from=2027-03-01T00:00:00Z&to=2027-03-02T00:00:00Z` })),
      row('POST /qualifications', [401, 403, 201, 201, 403, 403], () => ({ path: '/qualifications', body: { userId: a.colleague.user.id, instrumentId: a.open.id, validTo: validTo() } })),
      row('GET /qualifications', [401, 200, 200, 200, 200, 200], (w) => ({ path: `/qualifications?instrumentId=${side(w).open.id}` })),
      // Issue 21: the qualifications page's list; each caller gets the rows the read rule gives them (a researcher their own);
      // another institution's internal instrument is not found, as GET /instruments/{id} [internal].
      row('GET /qualifications/roster', [401, 200, 200, 200, 200, 200], () => ({ path: '/qualifications/roster?pageSize=5' })),
      row('GET /qualifications/roster [internal]', [401, 404, 404, 404, 200, 200], () => ({ path: `/qualifications/roster?instrumentId=${b.internal.id}` })),
      row('DELETE /qualifications/{id}', [401, [404, 404], [200, 404], [200, 404], 403, 403], async (w) => {
        const s = side(w);
        const q = ok(await api('POST', '/qualifications', { token: s.operator.token, body: { userId: s.colleague.user.id, instrumentId: s.internal.id, validTo: validTo() } }), 201, 'qualification');
        return { path: `/qualifications/${q.id}` };
      }),
      row('GET /categories', [200, 200, 200, 200, 200, 200]),
      // Without a bundle: a caller allowed to import is told what is missing (400), the others are refused first.
      row('POST /imports', [401, 403, 403, 400, 400, 403], () => ({ path: '/imports', body: {} })),
      row('GET /jobs/{id}', [401, [404, 404], [404, 404], [200, 404], 200, 200]),
      row('GET /jobs', [401, 403, 403, 200, 200, 200], () => ({ path: '/jobs?pageSize=5' })),
      // The table's jobs are completed: whoever may retry is told it is not failed (409); who may not see it, 404.
      row('POST /jobs/{id}/retry', [401, [404, 404], [404, 404], [409, 404], 409, 403]),
      row('PATCH /users/{id}', [401, [403, 403], [403, 403], [200, 403], 200, 403], (w) => ({ path: fill('/users/{id}', w), body: { name: '改名测试' } })),
      // Ending sessions: the target is a throwaway user of each side, so the table's own callers keep theirs.
      row('POST /users/{id}/sessions/revoke', [401, [403, 403], [403, 403], [204, 403], 204, 403], async (w) => ({ path: `/users/${(await createUser(bureau, 'researcher', side(w).institution.code)).user.id}/sessions/revoke` })),
      row('POST /auth/logout', [401, 204, 204, 204, 204, 204], async (_w, role) => ({ path: '/auth/logout', token: (await throwaway(role))?.token })),
      row('POST /auth/password', [401, 200, 200, 200, 200, 200], async (_w, role) => {
        const caller = await throwaway(role);
        return { path: '/auth/password', token: caller?.token, body: { currentPassword: caller?.password ?? 'x'.repeat(12), newPassword: `Neu-${uniqueCode('pw')}-Passwort` } };
      }),
      row('GET /jobs/{id}/cells', [401, [404, 404], [404, 404], [200, 404], 200, 200], (w) => ({ path: `/jobs/${f.imports[w]}/cells?page=1` })),
      row('GET /health', [200, 200, 200, 200, 200, 200]),
      row('GET /health/live', [200, 200, 200, 200, 200, 200]),
      row('GET /health/ready', [200, 200, 200, 200, 200, 200]),
      row('GET /metrics', [200, 200, 200, 200, 200, 200]),
      row('POST /bookings', [401, 201, 201, 201, 403, 403], () => ({ path: '/bookings', body: { instrumentId: a.open.id, ...futureSlot(), serviceMode: 'self', purpose: '授权测试' } })),
      row('GET /bookings', [401, 200, 200, 200, 200, 200]),
      row('GET /bookings/{id}', [401, [200, 404], [200, 404], [200, 404], 200, 200]),
      row('POST /bookings/{id}/{action} [cancel]', [401, [200, 404], [200, 404], [200, 404], 403, 403], async (w) => ({ path: `/bookings/${(await freshBooking(w)).id}/cancel`, body: {} })),
      row('POST /bookings/{id}/{action} [approve]', [401, [403, 404], [409, 404], [409, 404], 403, 403], (w) => ({ path: `/bookings/${f.bookings[w].id}/approve`, body: {} })),
      // Issue 19: recurring bookings, the waiting list, suspensions, no-show policies, maintenance over bookings.
      row('POST /bookings/series', [401, 201, 201, 201, 403, 403], () => ({ path: '/bookings/series', body: { instrumentId: a.open.id, ...futureSlot(), rrule: 'FREQ=DAILY;COUNT=1', mode: 'all-or-nothing', serviceMode: 'self', purpose: '授权测试' } })),
      row('POST /bookings/series/{id}/cancel', [401, [200, 404], [200, 404], [200, 404], 403, 403], async (w) => ({ path: `/bookings/series/${(await freshSeries(w)).id}/cancel`, body: {} })),
      // Sample orders (issue 18): a fresh order of the side's researcher on the side's sample instrument where a step changes it.
      row('POST /sample-orders', [401, 201, 201, 201, 403, 403], () => ({ path: '/sample-orders', body: sampleOrderBody(f.samples.own.instrument) })),
      row('GET /sample-orders', [401, 200, 200, 200, 200, 200]),
      row('GET /sample-orders/{id}', [401, [200, 404], [200, 404], [200, 404], 200, 200], (w) => ({ path: `/sample-orders/${f.samples[w].reported.id}` })),
      row('POST /sample-orders/{id}/{action} [accept]', [401, [403, 404], [200, 404], [200, 404], 403, 403], async (w) => ({ path: `/sample-orders/${(await freshSampleOrder(w)).id}/accept`, body: {} })),
      row('POST /sample-orders/{id}/{action} [cancel]', [401, [200, 404], [200, 404], [200, 404], 403, 403], async (w) => ({ path: `/sample-orders/${(await freshSampleOrder(w)).id}/cancel`, body: {} })),
      // Without a file: whoever may issue the report is told what is missing (400), the others are refused first.
      row('POST /sample-orders/{id}/report', [401, [403, 404], [400, 404], [400, 404], 403, 403], async (w) => ({ path: `/sample-orders/${(await freshSampleOrder(w)).id}/report`, body: {} })),
      row('GET /sample-orders/{id}/report', [401, [200, 404], [200, 404], [200, 404], 200, 200], (w) => ({ path: `/sample-orders/${f.samples[w].reported.id}/report` })),
      row('GET /instruments/{id}/sample-turnaround', [401, 200, 200, 200, 200, 200]),
      row('POST /waitlist', [401, 201, 201, 201, 403, 403], async () => ({ path: '/waitlist', body: { instrumentId: a.open.id, ...(await takenSlot('own')) } })),
      row('GET /waitlist', [401, 200, 200, 200, 200, 200]),
      row('DELETE /waitlist/{id}', [401, [200, 404], [200, 404], [200, 404], 404, 404], async (w, role) => ({ path: `/waitlist/${(await waitingEntry(w, role)).id}` })),
      // Nothing is offered yet: the owner is told so (409); for anyone else the entry does not exist.
      row('POST /waitlist/{id}/accept', [401, [409, 404], [409, 404], [409, 404], 404, 404], async (w, role) => ({ path: `/waitlist/${(await waitingEntry(w, role)).id}/accept` })),
      // Issue 18: training requests — asked by the trainee, scheduled and decided by the instrument's staff.
      row('POST /training-requests', [401, 201, 201, 201, 403, 403], async () => ({
        path: '/training-requests', body: { instrumentId: ok(await api('POST', '/instruments', { token: a.admin.token, body: instrumentBody({ name: '授权测试 培训仪器', bookingRules: { qualificationRequired: true } }) }), 201, 'instrument').id },
      })),
      row('GET /training-requests', [401, 200, 200, 200, 200, 200]),
      row('GET /training-requests/{id}', [401, [200, 404], [200, 404], [200, 404], 200, 200], async (w) => ({ path: `/training-requests/${(await freshTraining(w)).id}` })),
      row('POST /training-requests/{id}/schedule', [401, [403, 404], [200, 404], [200, 404], 403, 403], async (w) => {
        const start = Date.now() + 3 * 86400e3;
        return { path: `/training-requests/${(await freshTraining(w)).id}/schedule`, body: { start: new Date(start).toISOString(), end: new Date(start + 3600e3).toISOString() } };
      }),
      row('POST /training-requests/{id}/outcome', [401, [403, 404], [200, 404], [200, 404], 403, 403], async (w) => ({ path: `/training-requests/${(await freshTraining(w, true)).id}/outcome`, body: { passed: false, remark: '授权测试' } })),
      row('POST /training-requests/{id}/decline', [401, [403, 404], [200, 404], [200, 404], 403, 403], async (w) => ({ path: `/training-requests/${(await freshTraining(w)).id}/decline`, body: { reason: '授权测试' } })),
      // Only the trainee withdraws: the instrument's staff and the bureau see the request but may not.
      row('POST /training-requests/{id}/cancel', [401, [200, 404], [403, 404], [403, 404], 403, 403], async (w) => ({ path: `/training-requests/${(await freshTraining(w)).id}/cancel`, body: {} })),
      row('GET /suspensions', [401, 200, 200, 200, 200, 200]),
      row('POST /suspensions/{id}/lift', [401, [403, 404], [403, 404], [200, 404], 200, 403], async (w) => ({ path: `/suspensions/${await freshSuspension(w)}/lift`, body: { reason: '授权测试' } })),
      row('GET /institutions/{id}/no-show-policy', [401, 200, 200, 200, 200, 200]),
      row('PUT /institutions/{id}/no-show-policy', [401, [403, 403], [403, 403], [200, 403], 200, 403], (w) => ({ path: fill('/institutions/{id}/no-show-policy', w), body: { noShowLimit: 3, windowDays: 90, suspensionDays: 30 } })),
      row('GET /instruments/{id}/blackouts/conflicts', [401, [403, 403], [200, 403], [200, 403], 403, 403], (w) => ({ path: `${fill('/instruments/{id}/blackouts/conflicts', w)}?start=2027-03-01T00:00:00Z&end=2027-03-02T00:00:00Z` })),
      row('GET /slots/earliest', [401, 200, 200, 200, 200, 200], () => ({ path: '/slots/earliest?category=0101&durationMinutes=60&withinDays=2' })),
      row('POST /calendar-tokens', [401, 201, 201, 201, 201, 201], () => ({ path: '/calendar-tokens', body: {} })),
      row('GET /calendar/{file}', [200, 200, 200, 200, 200, 200], () => ({ path: f.calendar })),
      row('POST /usage', [401, 403, 201, 201, 403, 403], () => ({ path: '/usage', body: { instrumentId: a.open.id, userId: a.researcher.user.id, ...pastHour('2026-02-20'), serviceMode: 'self', serviceCategory: 'research', reason: '手工补录 manual entry' } })),
      row('GET /usage', [401, 200, 200, 200, 200, 200]),
      row('GET /usage/monthly', [401, 403, 200, 200, 200, 200], () => ({ path: '/usage/monthly?year=2026' })),
      // Cross-region statistics (issue 16): every bureau officer and auditors; no institution.
      row('GET /statistics/cross-region', [401, 403, 403, 403, 200, 200], () => ({ path: '/statistics/cross-region?year=2026' })),
      row('GET /statistics/cross-region.csv', [401, 403, 403, 403, 200, 200], () => ({ path: '/statistics/cross-region.csv?year=2026&region=CQ' })),
      row('GET /statistics/cross-region.xlsx', [401, 403, 403, 403, 200, 200], () => ({ path: '/statistics/cross-region.xlsx?year=2026' })),
      // National reporting (issue 20): an institution's admin its own institution's, the bureau and auditors any; nobody else.
      row('GET /reports/national/validation [own]', [401, 403, 403, 200, 200, 200], () => ({ path: `/reports/national/validation?institutionId=${a.institution.id}&quarter=2026-Q2&kind=services` })),
      row('GET /reports/national/validation [other]', [401, 403, 403, 403, 200, 200], () => ({ path: `/reports/national/validation?institutionId=${b.institution.id}&quarter=2026-Q2&kind=instruments` })),
      row('GET /reports/national/export [own]', [401, 403, 403, 200, 200, 200], () => ({ path: `/reports/national/export?institutionId=${a.institution.id}&quarter=2026-Q2&kind=services&format=csv` })),
      row('GET /reports/national/export [other]', [401, 403, 403, 403, 200, 200], () => ({ path: `/reports/national/export?institutionId=${b.institution.id}&quarter=2026-Q2&kind=instruments&format=xlsx` })),
      // The audit trail (issue 20): the bureau and auditors read every service's trail and have it verified; no institution does.
      row('GET /audit', [401, 403, 403, 403, 200, 200], () => ({ path: '/audit?pageSize=5' })),
      row('GET /audit/verify', [401, 403, 403, 403, 200, 200]),
      row('POST /settlements', [401, 403, 403, 202, 202, 403], () => ({ path: '/settlements', body: { period: '2026-06' } })),
      row('POST /settlements/range', [401, 403, 403, 202, 202, 403], () => ({ path: '/settlements/range', body: { from: '2026-05', to: '2026-06' } })),
      row('GET /settlements', [401, 403, 403, 200, 200, 200]),
      row('POST /vouchers', [401, 403, 403, 403, 201, 403], () => ({ path: '/vouchers', body: { code: uniqueCode('CV'), holderInstitutionCode: a.institution.code, faceValueFen: 100000, coverBps: 5000, validFrom: '2026-01-01' } })),
      row('GET /vouchers', [401, 403, 403, 200, 200, 200]),
      row('POST /feedback', [401, 201, 403, 403, 403, 403], async (_w, role) => {
        const record = role === 'anonymous' ? { id: f.bookings.own.id } : await usage(a.operator, a.open, a.researcher.user, '2026-02-21');
        return { path: '/feedback', body: { usageId: record.id, rating: 5, comment: '很好' } };
      }),
      row('GET /charges', [401, 200, 200, 200, 200, 200]),
      row('GET /statements', [401, 200, 200, 200, 200, 200]),
      row('GET /statements/{id}', [401, [200, 404], [200, 404], [200, 404], 200, 200]),
      // A draft statement cannot be paid: 409 says the permission passed.
      row('POST /statements/{id}/{action} [pay]', [401, [403, 404], [403, 404], [409, 404], 409, 403], (w) => ({ path: `/statements/${f.statements[w].id}/pay` })),
      row('GET /exports/{file}', [401, 200, 200, 200, 200, 200], () => ({ path: '/exports/charges.csv?period=2026-06' })),
      row('POST /policies', [401, 403, 403, 403, 201, 403], () => ({ path: '/policies', body: policyDocument() })),
      row('GET /policies', [401, 403, 403, 403, 200, 200]),
      row('GET /policies/{id}', [401, 403, 403, 403, 200, 200]),
      row('POST /subsidy-runs', [401, 403, 403, 403, 202, 403], () => ({ path: '/subsidy-runs', body: { policyId: f.policy.id, year: 2019, region: 'ZZAUTHZ', simulation: true } })),
      row('GET /subsidy-runs', [401, 403, 403, 200, 200, 200]),
      // A draft run does not exist for an institution admin (they read published results only).
      row('GET /subsidy-runs/{id}', [401, 403, 403, 404, 200, 200]),
      row('DELETE /subsidy-runs/{id}', [401, 403, 403, 403, 200, 403], async (_w, role) => ({ path: `/subsidy-runs/${role === 'bureau' ? (await freshRun()).id : f.run.id}` })),
      row('GET /subsidy-runs/{id}/results', [401, 403, 403, 404, 200, 200]),
      row('GET /subsidy-runs/{id}/compare', [401, 403, 403, 403, 200, 200], () => ({ path: `/subsidy-runs/${f.run.id}/compare?base=${f.run.id}` })),
      row('POST /subsidy-runs/{id}/publish', [401, 403, 403, 403, 200, 403], async (_w, role) => ({ path: `/subsidy-runs/${role === 'bureau' ? (await freshRun()).id : f.run.id}/publish` })),
      row('POST /voucher-programmes', [401, 403, 403, 403, 201, 403], () => ({ path: '/voucher-programmes', body: {
        code: uniqueCode('VP'), name: '授权测试创新券', issuingRegion: 'SC', year: 2026, budgetFen: 100000000, coverBps: 5000, perApplicationCapFen: 100000,
        perHolderYearCapFen: 1000000, validFrom: '2026-01-01', validTo: '2031-01-01', mode: 'provider-redeemed',
      } })),
      row('GET /voucher-programmes', [401, 200, 200, 200, 200, 200]),
      row('GET /voucher-programmes/{id}', [401, 200, 200, 200, 200, 200]),
      row('POST /voucher-applications', [401, 201, 403, 201, 403, 403], () => ({ path: '/voucher-applications', body: { programmeId: vp.programme.id, amountFen: 1000, project: '授权测试项目' } })),
      row('GET /voucher-applications', [401, 200, 200, 200, 200, 200]),
      row('GET /voucher-applications/{id}', [401, [200, 404], [404, 404], [200, 404], 200, 200]),
      // Deciding is the programme's bureau's: an applicant who sees the application is refused (403), one who does not finds nothing.
      row('POST /voucher-applications/{id}/approve', [401, [403, 404], [404, 404], [403, 404], 200, 403], async (w, role) => ({
        path: `/voucher-applications/${role === 'bureau' ? (await freshApplication(w)).id : vp.applications[w].id}/approve`, body: { amountFen: 1000 },
      })),
      row('POST /voucher-applications/{id}/reject', [401, [403, 404], [404, 404], [403, 404], 200, 403], async (w, role) => ({
        path: `/voucher-applications/${role === 'bureau' ? (await freshApplication(w)).id : vp.applications[w].id}/reject`, body: { reason: '授权测试' },
      })),
      // Reimbursement claims (issue 16). With no draw in that month, an admin's claim passes the permission and is refused by the rule (422).
      row('POST /voucher-claims', [401, 403, 403, 422, 403, 403], () => ({ path: '/voucher-claims', body: { kind: 'provider', month: '2019-01', issuingRegion: 'CQ' } })),
      row('GET /voucher-claims', [401, 403, 200, 200, 200, 200]),
      row('GET /voucher-claims/claimable', [401, 403, 403, 200, 403, 403], () => ({ path: '/voucher-claims/claimable?month=2019-01' })),
      row('GET /voucher-claims/{id}', [401, [404, 404], [200, 404], [200, 404], 200, 200], (w) => ({ path: `/voucher-claims/${vouchers.claims[w].id}` })),
      // The table's claims are paid: the issuing bureau is told the state forbids it (409); the claimant's staff may not decide (403).
      row('POST /voucher-claims/{id}/approve', [401, [404, 404], [403, 404], [403, 404], 409, 403], (w) => ({ path: `/voucher-claims/${vouchers.claims[w].id}/approve` })),
      row('POST /voucher-claims/{id}/reject', [401, [404, 404], [403, 404], [403, 404], 409, 403], (w) => ({ path: `/voucher-claims/${vouchers.claims[w].id}/reject`, body: { reason: '授权测试' } })),
      row('POST /voucher-claims/{id}/pay', [401, [404, 404], [403, 404], [403, 404], 409, 403], (w) => ({ path: `/voucher-claims/${vouchers.claims[w].id}/pay`, body: { reference: 'AUTHZ-PAY' } })),
      row('GET /voucher-programmes/{id}/ledger', [401, 403, 403, 403, 200, 200], () => ({ path: `/voucher-programmes/${vouchers.programme.id}/ledger` })),
      row('GET /voucher-programmes/{id}/ledger.{format}', [401, 403, 403, 403, 200, 200], () => ({ path: `/voucher-programmes/${vouchers.programme.id}/ledger.csv` })),
      // Notifications (issue 19): everyone's own inbox; webhooks and robots are an institution admin's (and the bureau's).
      row('GET /notifications', [401, 200, 200, 200, 200, 200]),
      row('GET /notifications/unread-count', [401, 200, 200, 200, 200, 200]),
      row('GET /notifications/deliveries', [401, 403, 403, 200, 200, 200], () => ({ path: '/notifications/deliveries?state=failed' })),
      row('POST /notifications/read-all', [401, 200, 200, 200, 200, 200]),
      // Nobody's notification: no one learns whether it exists.
      row('POST /notifications/{id}/read', [401, 404, 404, 404, 404, 404], () => ({ path: '/notifications/3f1c2b8e-8f0e-4b51-9d7c-1d2e3f4a5b6c/read' })),
      row('GET /notification-preferences', [401, 200, 200, 200, 200, 200]),
      row('PUT /notification-preferences', [401, 200, 200, 200, 200, 200], () => ({ path: '/notification-preferences', body: { preferences: [{ kind: 'booking.reminder', email: true }] } })),
      row('POST /webhooks', [401, 403, 403, 201, 201, 403], (_w, role) => ({
        path: '/webhooks', body: { url: 'https://erp.authz.example.cn/hooks', events: ['booking.booking.approved'], ...(role === 'bureau' ? { institutionId: a.institution.id } : {}) },
      })),
      row('GET /webhooks', [401, 403, 403, 200, 200, 200]),
      row('DELETE /webhooks/{id}', [401, [404, 404], [404, 404], [200, 404], 200, 403], async (w) => ({ path: `/webhooks/${(await freshWebhook(w)).id}` })),
      row('GET /webhooks/{id}/deliveries', [401, [404, 404], [404, 404], [200, 404], 200, 200], async (w) => ({ path: `/webhooks/${(await freshWebhook(w)).id}/deliveries` })),
      row('POST /webhook-deliveries/{id}/replay', [401, 404, 404, 404, 404, 404], () => ({ path: '/webhook-deliveries/3f1c2b8e-8f0e-4b51-9d7c-1d2e3f4a5b6c/replay' })),
      row('GET /institutions/{id}/robots', [401, [403, 403], [403, 403], [200, 403], 200, 200]),
      row('PUT /institutions/{id}/robots', [401, [403, 403], [403, 403], [200, 403], 200, 403], (w) => ({ path: fill('/institutions/{id}/robots', w), body: { dingtalk: 'https://oapi.dingtalk.com/robot/send?access_token=authz' } })),
      // Research groups and fund accounts (issue 18). A's researcher is the PI of A's group; the operator belongs to no group,
      // so neither group exists for them; the bureau and auditors read every group and change none.
      row('POST /research-groups', [401, 403, 403, 201, 403, 403], () => ({ path: '/research-groups', body: { name: `授权测试课题组-${uniqueCode('G')}`, institutionId: a.institution.id, piUserId: a.researcher.user.id } })),
      row('GET /research-groups', [401, 200, 200, 200, 200, 200]),
      row('GET /research-groups/{id}', [401, [200, 404], [404, 404], [200, 404], 200, 200], (w) => ({ path: groupPath(w) })),
      row('POST /research-groups/{id}/members', [401, [201, 404], [404, 404], [201, 404], 403, 403], (w) => ({ path: groupPath(w, '/members'), body: { userId: side(w).colleague.user.id } })),
      row('DELETE /research-groups/{id}/members/{userId}', [401, [200, 404], [404, 404], [200, 404], 403, 403], async (w) => ({ path: groupPath(w, `/members/${await freshGroupMember(w)}`) })),
      row('POST /research-groups/{id}/fund-accounts', [401, [403, 404], [404, 404], [201, 404], 403, 403], (w) => ({ path: groupPath(w, '/fund-accounts'), body: { code: uniqueCode('JF'), name: '授权测试经费卡', validFrom: '2026-01-01' } })),
      row('GET /research-groups/{id}/fund-accounts', [401, [200, 404], [404, 404], [200, 404], 200, 200], (w) => ({ path: groupPath(w, '/fund-accounts') })),
      row('PATCH /fund-accounts/{id}', [401, [403, 404], [404, 404], [200, 404], 403, 403], (w) => ({ path: `/fund-accounts/${rg.accounts[w].id}`, body: { name: '授权测试改名' } })),
      // The PI's approval (issue 18): the side's colleague, a member, books above the account's threshold (0); only the PI (the side's researcher) decides.
      row('GET /research-groups/{id}/pi-approvals', [401, [200, 404], [404, 404], [200, 404], 200, 200], (w) => ({ path: groupPath(w, '/pi-approvals') })),
      row('POST /bookings/{id}/pi-approve', [401, [200, 404], [403, 404], [403, 404], 403, 403], async (w) => ({ path: `/bookings/${(await waitingForPi(w)).id}/pi-approve`, body: {} })),
      row('POST /bookings/{id}/pi-reject', [401, [200, 404], [403, 404], [403, 404], 403, 403], async (w) => ({ path: `/bookings/${(await waitingForPi(w)).id}/pi-reject`, body: { reason: '授权测试' } })),
      // Instrument terminals (issue 20): an admin registers and revokes; staff see them and decide on unbooked uses.
      row('POST /terminals', [401, 403, 403, 201, 403, 403], () => ({ path: '/terminals', body: { instrumentId: a.open.id, name: '授权测试终端' } })),
      row('GET /terminals', [401, 403, 200, 200, 200, 200]),
      row('POST /terminals/{id}/revoke', [401, [404, 404], [403, 404], [200, 404], 403, 403], async (w) => ({ path: `/terminals/${(await freshTerminal(w)).id}/revoke` })),
      row('GET /terminal-sessions', [401, 403, 200, 200, 200, 200], () => ({ path: '/terminal-sessions?status=pending' })),
      row('GET /terminal-sessions/no-show-candidates', [401, 403, 200, 200, 200, 200]),
      row('POST /terminal-sessions/{id}/confirm', [401, [404, 404], [200, 404], [200, 404], 403, 403], async (w) => ({
        path: `/terminal-sessions/${(await freshPendingSession(w)).id}/confirm`, body: { userId: side(w).researcher.user.id },
      })),
      row('POST /terminal-sessions/{id}/reject', [401, [404, 404], [200, 404], [200, 404], 403, 403], async (w) => ({
        path: `/terminal-sessions/${(await freshPendingSession(w)).id}/reject`, body: { reason: '授权测试' },
      })),
      // The terminal API takes no bearer token, whoever's: only a terminal's signature (test/terminals.e2e-spec.ts).
      row('POST /terminal/sessions/start', [401, 401, 401, 401, 401, 401], () => ({ path: '/terminal/sessions/start', body: terminalEvent() })),
      row('POST /terminal/sessions/heartbeat', [401, 401, 401, 401, 401, 401], () => ({ path: '/terminal/sessions/heartbeat', body: terminalEvent() })),
      row('POST /terminal/sessions/stop', [401, 401, 401, 401, 401, 401], () => ({ path: '/terminal/sessions/stop', body: terminalEvent() })),
      row('POST /terminal/sessions/batch', [401, 401, 401, 401, 401, 401], () => ({
        path: '/terminal/sessions/batch', body: { sessions: [{ sequence: 1, start: new Date(Date.now() - 3600e3).toISOString(), end: new Date().toISOString() }] },
      })),
    ];

    beforeAll(async () => {
      const auditor = await createUser(bureau, 'auditor');
      const bookings = { own: await freshBooking('own'), other: await freshBooking('other') };
      // One internal statement each (provider and payer the same institution), still a draft.
      await Promise.all([a, b].map((s) => usage(s.operator, s.open, s.researcher.user, '2026-06-10')));
      await settle(bureau, '2026-06');
      const statementOf = async (s: Staff) => (ok(await api('GET', '/statements?period=2026-06&pageSize=200', { token: s.admin.token }), 200, 'statements').items as any[])
        .find((x) => x.providerInstitutionId === s.institution.id && x.payerInstitutionId === s.institution.id);
      const statements = { own: await statementOf(a), other: await statementOf(b) };
      const jobs = {
        own: ok(await api('POST', '/settlements', { token: a.admin.token, body: { period: '2026-06' } }), 202, 'settle').jobId,
        other: ok(await api('POST', '/settlements', { token: b.admin.token, body: { period: '2026-06' } }), 202, 'settle').jobId,
      };
      // An import each admin started, refused for a bad cell: a job with a report of cells.
      const badImport = async (s: Staff) => {
        const form = new FormData();
        form.append('bundle', new Blob([zipSync({ 'instruments.csv': strToU8('code,name\nEQ-AUTHZ,\n') })], { type: 'application/zip' }), 'bundle.zip');
        return ok(await api('POST', '/imports', { token: s.admin.token, raw: form }), 202, 'import').jobId as string;
      };
      const imports = { own: await badImport(a), other: await badImport(b) };
      const policy = ok(await api('POST', '/policies', { token: bureau, body: policyDocument() }), 201, 'policy');
      const calendar = ok(await api('POST', '/calendar-tokens', { token: a.researcher.token, body: {} }), 201, 'calendar token').url.replace(/^\/api\/v1/, '');
      const samples = { own: await sampleFixture(a), other: await sampleFixture(b) };
      f = { auditor, bookings, samples, statements, jobs, imports, policy, run: null, calendar };
      f.run = await freshRun();
      await Promise.all([followJob(a.admin.token, jobs.own), followJob(b.admin.token, jobs.other), followJob(a.admin.token, imports.own), followJob(b.admin.token, imports.other)]);
    }, 120000);

    // Reimbursement claims (issue 16): a CQ programme; A's claim of what B's researcher drew at A, and B's the other way round.
    beforeAll(async () => {
      const programme = ok(await api('POST', '/voucher-programmes', { token: bureau, body: programmeBody({ issuingRegion: 'CQ' }) }), 201, 'voucher programme');
      vouchers = {
        programme,
        claims: { own: await paidProviderClaim(bureau, programme, a, b.researcher), other: await paidProviderClaim(bureau, programme, b, a.researcher) },
      };
    }, 120000);

    beforeAll(async () => {
      const groupOf = async (s: Staff) => ok(await api('POST', '/research-groups', { token: s.admin.token, body: { name: `授权测试课题组-${uniqueCode('G')}`, piUserId: s.researcher.user.id } }), 201, 'research group');
      const groups = { own: await groupOf(a), other: await groupOf(b) };
      const accountOf = async (which: Which) => ok(await api('POST', `/research-groups/${groups[which].id}/fund-accounts`, {
        token: side(which).admin.token, body: { code: uniqueCode('JF'), name: '授权测试经费卡', budgetFen: 100000, validFrom: '2026-01-01', piApprovalAboveFen: 0 },
      }), 201, 'fund account');
      rg = { groups, accounts: { own: await accountOf('own'), other: await accountOf('other') } };
    }, 60000);

    beforeAll(async () => {
      const programme = ok(await api('POST', '/voucher-programmes', { token: bureau, body: {
        code: uniqueCode('VP'), name: '授权测试创新券', issuingRegion: 'SC', year: 2026, budgetFen: 100000000, coverBps: 5000, perApplicationCapFen: 100000,
        perHolderYearCapFen: 1000000, validFrom: '2026-01-01', validTo: '2031-01-01', mode: 'provider-redeemed',
      } }), 201, 'voucher programme');
      vp = { programme, applications: { own: null, other: null } };
      vp.applications = { own: await freshApplication('own'), other: await freshApplication('other') };
    }, 60000);

    it('has one row (or more) for every operation of the OpenAPI document, and none for an operation it does not have', async () => {
      const document = ok(await api('GET', '/api/docs-json'), 200, 'openapi');
      const documented = Object.entries(document.paths as Record<string, Record<string, unknown>>)
        .flatMap(([path, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${path.replace(/^\/api\/v1/, '')}`)).sort();
      const tabled = [...new Set(TABLE.map((r) => r.op))].sort();
      expect({ missingFromTable: documented.filter((o) => !tabled.includes(o)), notInDocument: tabled.filter((o) => !documented.includes(o)) })
        .toEqual({ missingFromTable: [], notInDocument: [] });
      for (const r of TABLE) expect(r.expected).toHaveLength(ROLES.length);
    });

    it('gives every role the expected outcome on its own and on another institution’s objects', async () => {
      const mismatches: string[] = [];
      for (const r of TABLE) {
        const [method, path] = r.op.split(' ');
        const cells = ROLES.flatMap((role, i) => {
          const cell = r.expected[i];
          const own = Array.isArray(cell) ? cell[0] : cell;
          const other = Array.isArray(cell) ? cell[1] : cell;
          // An id in the path: the own and the other institution's object (bureau and auditors: both, same outcome).
          return /\{/.test(path) && role !== 'anonymous' ? [{ role, which: 'own' as Which, want: own }, { role, which: 'other' as Which, want: other }] : [{ role, which: 'own' as Which, want: own }];
        });
        // One cell after another: throwaway objects (a granted qualification is one per user and instrument) must not race.
        for (const { role, which, want } of cells) {
          const req = r.build ? await r.build(which, role) : { path: fill(path, which) };
          const res = await api(method, req.path, { token: req.token ?? tokenOf(role), body: req.body, raw: req.raw });
          if (res.status !== want) {
            mismatches.push(`${r.op}${r.variant ? ` [${r.variant}]` : ''} ${role}/${which}: expected ${want}, got ${res.status} ${typeof res.body === 'object' ? JSON.stringify(res.body?.error ?? '').slice(0, 160) : ''}`);
          }
          if (res.status >= 500) mismatches.push(`${r.op} ${role}/${which}: a server error ${res.status}`);
        }
      }
      expect(mismatches).toEqual([]);
    }, 150000);
  });
  /**
   * Regional bureau officers (issue 16): a CQ and an SC officer, and the joint officer, against a CQ
   * object (institution A's, `a`) and an SC object (an SC institution's). A cell is [on the CQ
   * object, on the SC object]. As above, a 409 or 422 means the permission passed and the object's
   * state or the body then decided.
   */
  describe('endpoint × regional officer × region', () => {
    const OFFICERS = ['CQ', 'SC', 'joint'] as const;
    type Officer = (typeof OFFICERS)[number];
    type Where = 'CQ' | 'SC';
    interface RegionalRow { op: string; expected: Record<Officer, [cq: number, sc: number]>; build: (where: Where, officer: Officer) => Promise<{ path: string; body?: unknown }> | { path: string; body?: unknown } }
    let sc: Staff;
    let tokens: Record<Officer, string>;
    let g: { statements: Record<Where, any>; bookings: Record<Where, any>; policies: Record<Where, any>; runs: Record<Where, any>; jobs: Record<Where, string> };
    /** Issue 16: a programme issued by each region and a paid provider claim on each (claimed from that region's bureau). */
    let gv: { programmes: Record<Where, any>; claims: Record<Where, any> };
    const sideOf = (where: Where) => (where === 'CQ' ? a : sc);
    const regionRun = async (where: Where) => {
      const started = ok(await api('POST', '/subsidy-runs', { token: bureau, body: { policyId: g.policies[where].id, year: 2019, region: where, simulation: true } }), 202, 'regional run');
      await followJob(bureau, started.jobId);
      return { id: started.runId };
    };
    const policyOf = (region: string) => ({ ...JSON.parse(readFileSync(join(SPEC, 'worked-example/bundle/policy.json'), 'utf8')), code: uniqueCode(`authz-${region}`), region });
    const R = (cq: [number, number], scOfficer: [number, number], joint: [number, number]) => ({ CQ: cq, SC: scOfficer, joint });

    const REGIONAL: RegionalRow[] = [
      { op: 'POST /institutions', expected: R([201, 403], [403, 201], [201, 201]), build: (w) => ({ path: '/institutions', body: { code: uniqueCode('INS'), name: '区域新单位', kind: 'enterprise', region: w } }) },
      { op: 'PATCH /institutions/{id}', expected: R([200, 403], [403, 200], [200, 200]), build: (w) => ({ path: `/institutions/${sideOf(w).institution.id}`, body: { name: `${w} 改名单位` } }) },
      { op: 'POST /users', expected: R([201, 403], [403, 201], [201, 201]), build: (w) => ({ path: '/users', body: { email: `${uniqueCode('ru').toLowerCase()}@test.example.cn`, password: 'pw-0123456789abcdef', name: '区域用户', role: 'researcher', institutionCode: sideOf(w).institution.code } }) },
      { op: 'GET /users/{id}', expected: R([200, 403], [403, 200], [200, 200]), build: (w) => ({ path: `/users/${sideOf(w).colleague.user.id}` }) },
      { op: 'PATCH /users/{id}', expected: R([200, 403], [403, 200], [200, 200]), build: (w) => ({ path: `/users/${sideOf(w).colleague.user.id}`, body: { name: '区域改名' } }) },
      { op: 'GET /instruments/{id} [internal]', expected: R([200, 200], [200, 200], [200, 200]), build: (w) => ({ path: `/instruments/${sideOf(w).internal.id}` }) },
      { op: 'POST /calendar-tokens', expected: R([201, 403], [403, 201], [201, 201]), build: (w) => ({ path: '/calendar-tokens', body: { instrumentId: sideOf(w).open.id } }) },
      { op: 'GET /bookings/{id}', expected: R([200, 404], [404, 200], [200, 200]), build: (w) => ({ path: `/bookings/${g.bookings[w].id}` }) },
      { op: 'GET /statements/{id}', expected: R([200, 404], [404, 200], [200, 200]), build: (w) => ({ path: `/statements/${g.statements[w].id}` }) },
      { op: 'POST /statements/{id}/{action} [pay]', expected: R([409, 404], [404, 409], [409, 409]), build: (w) => ({ path: `/statements/${g.statements[w].id}/pay` }) },
      { op: 'POST /vouchers', expected: R([201, 403], [403, 201], [201, 201]), build: (w) => ({ path: '/vouchers', body: { code: uniqueCode('RV'), holderInstitutionCode: sideOf(w).institution.code, faceValueFen: 100000, coverBps: 5000, validFrom: '2026-01-01' } }) },
      { op: 'POST /policies', expected: R([201, 403], [403, 201], [201, 201]), build: (w) => ({ path: '/policies', body: policyOf(w) }) },
      { op: 'POST /subsidy-runs', expected: R([202, 403], [403, 202], [202, 202]), build: (w) => ({ path: '/subsidy-runs', body: { policyId: g.policies[w].id, year: 2019, region: w, simulation: true } }) },
      { op: 'GET /subsidy-runs/{id}', expected: R([200, 404], [404, 200], [200, 200]), build: (w) => ({ path: `/subsidy-runs/${g.runs[w].id}` }) },
      { op: 'GET /subsidy-runs/{id}/compare', expected: R([200, 404], [404, 200], [200, 200]), build: (w) => ({ path: `/subsidy-runs/${g.runs[w].id}/compare?base=${g.runs[w].id}` }) },
      // A simulation is never published: 422 says the permission passed.
      { op: 'POST /subsidy-runs/{id}/publish', expected: R([422, 403], [403, 422], [422, 422]), build: (w) => ({ path: `/subsidy-runs/${g.runs[w].id}/publish` }) },
      { op: 'DELETE /subsidy-runs/{id}', expected: R([200, 403], [403, 200], [200, 200]), build: async (w) => ({ path: `/subsidy-runs/${(await regionRun(w)).id}` }) },
      { op: 'GET /jobs/{id}', expected: R([200, 404], [404, 200], [200, 200]), build: (w) => ({ path: `/jobs/${g.jobs[w]}` }) },
      { op: 'POST /imports', expected: R([403, 403], [403, 403], [400, 400]), build: () => ({ path: '/imports', body: {} }) },
      { op: 'GET /usage/monthly', expected: R([200, 200], [200, 200], [200, 200]), build: () => ({ path: '/usage/monthly?year=2026' }) },
      { op: 'GET /reports/national/validation', expected: R([200, 403], [403, 200], [200, 200]), build: (w) => ({ path: `/reports/national/validation?institutionId=${sideOf(w).institution.id}&quarter=2026-Q2&kind=services` }) },
      { op: 'GET /reports/national/export', expected: R([200, 403], [403, 200], [200, 200]), build: (w) => ({ path: `/reports/national/export?institutionId=${sideOf(w).institution.id}&quarter=2026-Q2&kind=instruments&format=csv` }) },
      // Reimbursement claims: decided by the issuing region's bureau (paid claims: 409 says the permission passed); another region's officer is refused.
      { op: 'GET /voucher-claims/{id}', expected: R([200, 403], [403, 200], [200, 200]), build: (w) => ({ path: `/voucher-claims/${gv.claims[w].id}` }) },
      { op: 'POST /voucher-claims/{id}/approve', expected: R([409, 403], [403, 409], [409, 409]), build: (w) => ({ path: `/voucher-claims/${gv.claims[w].id}/approve` }) },
      { op: 'POST /voucher-claims/{id}/reject', expected: R([409, 403], [403, 409], [409, 409]), build: (w) => ({ path: `/voucher-claims/${gv.claims[w].id}/reject`, body: { reason: '区域授权测试' } }) },
      { op: 'POST /voucher-claims/{id}/pay', expected: R([409, 403], [403, 409], [409, 409]), build: (w) => ({ path: `/voucher-claims/${gv.claims[w].id}/pay`, body: { reference: 'REGION-PAY' } }) },
      { op: 'GET /voucher-programmes/{id}/ledger', expected: R([200, 403], [403, 200], [200, 200]), build: (w) => ({ path: `/voucher-programmes/${gv.programmes[w].id}/ledger` }) },
      { op: 'GET /voucher-programmes/{id}/ledger.{format}', expected: R([200, 403], [403, 200], [200, 200]), build: (w) => ({ path: `/voucher-programmes/${gv.programmes[w].id}/ledger.xlsx` }) },
      // An officer files no claims, and has nothing of its own to claim.
      { op: 'POST /voucher-claims', expected: R([403, 403], [403, 403], [403, 403]), build: (w) => ({ path: '/voucher-claims', body: { kind: 'provider', month: '2019-01', issuingRegion: w } }) },
      { op: 'GET /voucher-claims/claimable', expected: R([403, 403], [403, 403], [403, 403]), build: () => ({ path: '/voucher-claims/claimable?month=2019-01' }) },
    ];

    beforeAll(async () => {
      // The table above leaves in place the suspensions its refused lifts were about; this table books
      // as the same researchers, and booking under a suspension is not its subject.
      const db = new Client({ connectionString: testEnv().databaseUrl });
      await db.connect();
      await db.query(`delete from booking.suspension where reason = '授权测试'`).finally(() => db.end());
      sc = await staffOf(bureau, 'SC');
      const [cqOfficer, scOfficer] = await Promise.all([createRegionalOfficer(bureau, 'CQ'), createRegionalOfficer(bureau, 'SC')]);
      tokens = { CQ: cqOfficer.token, SC: scOfficer.token, joint: bureau };
      const bookings = {
        CQ: ok(await api('POST', '/bookings', { token: a.researcher.token, body: { instrumentId: a.open.id, ...futureSlot(), serviceMode: 'self', purpose: '区域授权测试' } }), 201, 'booking'),
        SC: ok(await api('POST', '/bookings', { token: sc.researcher.token, body: { instrumentId: sc.open.id, ...futureSlot(), serviceMode: 'self', purpose: '区域授权测试' } }), 201, 'booking'),
      };
      await usage(sc.operator, sc.open, sc.researcher.user, '2026-06-11');
      // Each regional officer settles its own region's providers: a job of its region.
      const jobs = {
        CQ: ok(await api('POST', '/settlements', { token: cqOfficer.token, body: { period: '2026-06' } }), 202, 'settle CQ').jobId as string,
        SC: ok(await api('POST', '/settlements', { token: scOfficer.token, body: { period: '2026-06' } }), 202, 'settle SC').jobId as string,
      };
      await followJob(cqOfficer.token, jobs.CQ);
      await followJob(scOfficer.token, jobs.SC);
      const statementOf = async (s: Staff) => (ok(await api('GET', '/statements?period=2026-06&pageSize=200', { token: s.admin.token }), 200, 'statements').items as any[])
        .find((x) => x.providerInstitutionId === s.institution.id && x.payerInstitutionId === s.institution.id);
      const statements = { CQ: await statementOf(a), SC: await statementOf(sc) };
      const policies = {
        CQ: ok(await api('POST', '/policies', { token: bureau, body: policyOf('CQ') }), 201, 'CQ policy'),
        SC: ok(await api('POST', '/policies', { token: bureau, body: policyOf('SC') }), 201, 'SC policy'),
      };
      g = { statements, bookings, policies, runs: { CQ: null, SC: null }, jobs };
      g.runs = { CQ: await regionRun('CQ'), SC: await regionRun('SC') };
      const programmes = {
        CQ: ok(await api('POST', '/voucher-programmes', { token: cqOfficer.token, body: programmeBody() }), 201, 'CQ programme'),
        SC: ok(await api('POST', '/voucher-programmes', { token: scOfficer.token, body: programmeBody() }), 201, 'SC programme'),
      };
      // A (CQ) provides to the SC institution's researcher on the CQ programme, and the SC institution to A's researcher on the SC one.
      gv = {
        programmes,
        claims: { CQ: await paidProviderClaim(cqOfficer.token, programmes.CQ, a, sc.researcher), SC: await paidProviderClaim(scOfficer.token, programmes.SC, sc, a.researcher) },
      };
    }, 180000);

    it('gives each regional officer its own region and nothing of the other’s; the joint officer both', async () => {
      expect(g.statements.CQ).toBeDefined();
      expect(g.statements.SC).toBeDefined();
      const mismatches: string[] = [];
      for (const r of REGIONAL) {
        const m = /^(\S+) (\S+)/.exec(r.op) as RegExpExecArray;
        for (const officer of OFFICERS) {
          for (const [i, where] of (['CQ', 'SC'] as const).entries()) {
            const req = await r.build(where, officer);
            const res = await api(m[1], req.path, { token: tokens[officer], body: req.body });
            const want = r.expected[officer][i];
            if (res.status !== want) mismatches.push(`${r.op} ${officer} officer on ${where}: expected ${want}, got ${res.status} ${typeof res.body === 'object' ? JSON.stringify(res.body?.error ?? '').slice(0, 200) : ''}`);
          }
        }
      }
      expect(mismatches).toEqual([]);
    }, 180000);
  });
});
