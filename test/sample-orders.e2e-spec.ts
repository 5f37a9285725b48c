import { createHash, randomBytes } from 'node:crypto';
import { api, ApiResponse, bureauToken, expectError, testEnv } from './support/api';
import { createInstitution, createUser, instrumentBody, rateCard } from './support/factories';

/**
 * Sample submission (送样检测, issue 18) through the public API: an order from submission to
 * completion with a report the requester downloads byte for byte, billed per sample after the
 * provider's settlement; a rejected order bills nothing; steps out of order are refused.
 */

type User = { user: any; token: string };

async function eventually<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 15000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`${what}: not within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

function ok<T = any>(res: ApiResponse<T>, status: number, what: string): T {
  if (res.status !== status) throw new Error(`${what} → ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

async function settle(token: string, period: string): Promise<any> {
  const started = ok(await api('POST', '/settlements', { token, body: { period } }), 202, `settle ${period}`);
  for (let i = 0; i < 1200; i++) {
    const job = ok(await api('GET', `/jobs/${started.jobId}`, { token }), 200, 'job');
    if (job.state === 'completed' || job.state === 'failed') return job;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('settlement did not finish');
}

function upload(token: string, id: string, bytes: Buffer, fileName: string, type: string, field = 'report'): Promise<ApiResponse> {
  const form = new FormData();
  form.append(field, new Blob([bytes], { type }), fileName);
  return api('POST', `/sample-orders/${id}/report`, { token, raw: form });
}

/** The Asia/Shanghai month of now: the month a sample order tested now is billed in. */
const shanghaiMonth = () => new Date(Date.now() + 8 * 3600e3).toISOString().slice(0, 7);

describe('sample orders (送样检测)', () => {
  let bureau: string;
  let admin: User;
  let operator: User;
  let researcher: User;
  let colleague: User;
  let instrument: any;
  const order = (overrides: Record<string, unknown> = {}) => ({
    instrumentId: instrument.id, sampleCount: 3, sampleNames: ['S-1 钙钛矿薄膜', 'S-2 钙钛矿薄膜', 'S-3 对照'], hazards: ['toxic'],
    hazardNotes: '含铅，请戴手套', requestedTests: 'XRD 物相分析，10°–80°，步长 0.02°', delivery: 'courier', trackingNumber: 'SF1234567890', ...overrides,
  });
  const step = (who: User, id: string, action: string, body: unknown = {}) => api('POST', `/sample-orders/${id}/${action}`, { token: who.token, body });

  beforeAll(async () => {
    bureau = await bureauToken();
    const provider = await createInstitution(bureau, { name: '重庆嘉陵分析测试中心', region: 'CQ' });
    const guest = await createInstitution(bureau, { name: '四川天府材料研究院', kind: 'institute', region: 'SC' });
    admin = await createUser(bureau, 'institution_admin', provider.code);
    operator = await createUser(bureau, 'operator', provider.code);
    researcher = await createUser(bureau, 'researcher', guest.code);
    colleague = await createUser(bureau, 'researcher', guest.code);
    instrument = ok(await api('POST', '/instruments', { token: admin.token, body: instrumentBody({ name: 'X射线衍射仪', categoryCode: '0103', serviceModes: ['assisted', 'sample'] }) }), 201, 'instrument');
    // 80 元 a sample for outsiders, 30 元 inside: policy.md's per-sample card.
    ok(await api('PUT', `/instruments/${instrument.id}/rates`, { token: admin.token, body: [
      rateCard({ code: `${instrument.code}-S`, serviceMode: 'sample', unit: 'sample', internalPriceFen: 3000, externalPriceFen: 8000, validFrom: '2026-01-01' }),
    ] }), 200, 'rates');
  });

  it('goes from submitted to completed with a report the requester downloads byte for byte, billed per sample', async () => {
    const submitted = ok(await api('POST', '/sample-orders', { token: researcher.token, body: order() }), 201, 'submit');
    expect(submitted).toMatchObject({
      state: 'submitted', sampleCount: 3, hazards: ['toxic'], delivery: 'courier', trackingNumber: 'SF1234567890', serviceCategory: 'testing',
      instrumentId: instrument.id, instrumentCode: instrument.code, userId: researcher.user.id, report: null, acceptedAt: null,
    });
    expect(submitted.code).toMatch(/^SO-[0-9A-F]{12}$/);
    const id = submitted.id as string;

    // The operator's queue has it; the requester does not move it for the lab, nor sees a queue.
    const queue = ok(await api('GET', `/sample-orders?scope=queue&state=submitted&pageSize=50`, { token: operator.token }), 200, 'queue');
    expect(queue.items.map((o: any) => o.id)).toContain(id);
    expectError(await api('GET', '/sample-orders?scope=queue', { token: researcher.token }), 403, 'FORBIDDEN');
    expectError(await step(researcher, id, 'accept'), 403, 'FORBIDDEN');
    // A colleague of the requester does not see it at all.
    expectError(await api('GET', `/sample-orders/${id}`, { token: colleague.token }), 404, 'NOT_FOUND');

    expect(ok(await step(operator, id, 'accept'), 200, 'accept').state).toBe('accepted');
    // Two staff confirm receipt at the same moment: one moves it, the other is told it already moved.
    const both = await Promise.all([step(operator, id, 'receive'), step(admin, id, 'receive')]);
    expect(both.map((r) => r.status).sort()).toEqual([200, 409]);
    const lost = both.find((r) => r.status === 409)!;
    expect(lost.body.error).toMatchObject({ code: 'ILLEGAL_TRANSITION', details: { state: 'received', action: 'receive', allowedFrom: ['accepted'] } });
    // Samples in the lab are not taken back by a click.
    const late = await step(researcher, id, 'cancel');
    expectError(late, 409, 'ILLEGAL_TRANSITION');
    expect(late.body.error.message).toContain('样品已在实验室');
    // A report before testing, or completion before the report: refused.
    expectError(await upload(operator.token, id, Buffer.from('early'), 'r.pdf', 'application/pdf'), 409, 'ILLEGAL_TRANSITION');
    expect(ok(await step(operator, id, 'start-testing'), 200, 'start testing').state).toBe('testing');
    const early = await step(researcher, id, 'complete');
    expectError(early, 409, 'ILLEGAL_TRANSITION');
    expect(early.body.error.message).toContain('检测中');

    // The report: binary bytes (every byte value) under a Chinese name; the requester may not upload one.
    const bytes = Buffer.concat([Buffer.from('%PDF-1.7\n'), randomBytes(300_000), Buffer.from(Array.from({ length: 256 }, (_, i) => i))]);
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    expectError(await upload(researcher.token, id, bytes, '检测报告.pdf', 'application/pdf'), 403, 'FORBIDDEN');
    expectError(await upload(operator.token, id, bytes, '检测报告.pdf', 'application/pdf', 'bundle'), 400, 'VALIDATION_FAILED');
    const reported = ok(await upload(operator.token, id, bytes, 'XRD 检测报告 (SO).pdf', 'application/pdf'), 200, 'upload');
    expect(reported.state).toBe('report_issued');
    expect(reported.report).toMatchObject({ fileName: 'XRD 检测报告 (SO).pdf', contentType: 'application/pdf', size: bytes.length, sha256, uploadedBy: operator.user.id });
    // The report is issued once: a second upload is refused and the first kept.
    expectError(await upload(operator.token, id, Buffer.from('other'), 'other.pdf', 'application/pdf'), 409, 'ILLEGAL_TRANSITION');

    for (const reader of [researcher, operator, admin]) {
      const res = await fetch(`${testEnv().gatewayUrl}/api/v1/sample-orders/${id}/report`, { headers: { authorization: `Bearer ${reader.token}` }, signal: AbortSignal.timeout(8000) });
      expect(res.status).toBe(200);
      const got = Buffer.from(await res.arrayBuffer());
      expect(got.equals(bytes)).toBe(true);
      expect(res.headers.get('content-type')).toBe('application/pdf');
      expect(res.headers.get('content-disposition')).toBe(`attachment; filename="XRD ____ (SO).pdf"; filename*=UTF-8''XRD%20%E6%A3%80%E6%B5%8B%E6%8A%A5%E5%91%8A%20%28SO%29.pdf`);
      expect(res.headers.get('x-content-sha256')).toBe(sha256);
    }
    expectError(await api('GET', `/sample-orders/${id}/report`, { token: colleague.token }), 404, 'NOT_FOUND');

    const completed = ok(await step(researcher, id, 'complete'), 200, 'complete');
    expect(completed.state).toBe('completed');
    // The status timeline: every step's instant, in order.
    const timeline = ['submittedAt', 'acceptedAt', 'receivedAt', 'testingAt', 'reportIssuedAt', 'completedAt'].map((k) => Date.parse(completed[k]));
    expect(timeline.every((t) => Number.isFinite(t))).toBe(true);
    expect([...timeline].sort((x, y) => x - y)).toEqual(timeline);
    expect(completed.rejectedAt).toBeNull();
    expect(completed.cancelledAt).toBeNull();
    expectError(await step(researcher, id, 'complete'), 409, 'ILLEGAL_TRANSITION');

    // One usage record of mode sample with its sample count, from the order.
    const record = await eventually('the usage record of the order', async () =>
      (ok(await api('GET', `/usage?source=sample-order&instrumentId=${instrument.id}&pageSize=50`, { token: researcher.token }), 200, 'usage')).items.find((u: any) => u.code === `U-${submitted.code}`));
    expect(record).toMatchObject({ serviceMode: 'sample', samples: 3, source: 'sample-order', status: 'completed', serviceCategory: 'testing', userId: researcher.user.id });

    // Turnaround: one completed order, receipt to report in whole minutes.
    const turnaround = ok(await api('GET', `/instruments/${instrument.code}/sample-turnaround`, { token: researcher.token }), 200, 'turnaround');
    expect(turnaround).toEqual({ instrumentId: instrument.id, orders: 1, medianMinutes: Math.floor((Date.parse(completed.reportIssuedAt) - Date.parse(completed.receivedAt)) / 60000) });

    // The provider's admin settles the month: 3 samples × 80 元, in charges.csv.
    const period = shanghaiMonth();
    expect((await settle(admin.token, period)).state).toBe('completed');
    const csv = await api('GET', `/exports/charges.csv?period=${period}`, { token: admin.token });
    expect(csv.status).toBe(200);
    const lines = String(csv.body).trim().split('\n');
    const header = lines[0]!.split(',');
    const rows = lines.slice(1).map((l) => Object.fromEntries(l.split(',').map((v, i) => [header[i], v])));
    const line = rows.find((r) => r.usageCode === `U-${submitted.code}`);
    expect(line).toMatchObject({ rateCode: `${instrument.code}-S`, external: 'true', billedUnits: '3', amountFen: '24000' });
  });

  it('bills nothing for a rejected or a cancelled order', async () => {
    const rejected = ok(await api('POST', '/sample-orders', { token: researcher.token, body: order({ delivery: 'by-hand', trackingNumber: undefined, sampleCount: 5, sampleNames: ['批次 A'] }) }), 201, 'submit');
    expect(rejected).toMatchObject({ delivery: 'by-hand', trackingNumber: null, sampleCount: 5 });
    const noReason = await step(operator, rejected.id, 'reject');
    expectError(noReason, 400, 'VALIDATION_FAILED');
    expect(noReason.body.error.details.fields).toEqual([expect.objectContaining({ field: 'reason' })]);
    const r = ok(await step(operator, rejected.id, 'reject', { reason: '样品含放射性，本实验室无法检测' }), 200, 'reject');
    expect(r).toMatchObject({ state: 'rejected', reason: '样品含放射性，本实验室无法检测' });
    for (const action of ['accept', 'receive', 'cancel', 'complete']) expectError(await step(action === 'cancel' || action === 'complete' ? researcher : operator, rejected.id, action), 409, 'ILLEGAL_TRANSITION');

    const cancelled = ok(await api('POST', '/sample-orders', { token: researcher.token, body: order() }), 201, 'submit');
    ok(await step(operator, cancelled.id, 'accept'), 200, 'accept');
    expect(ok(await step(researcher, cancelled.id, 'cancel', { reason: '课题调整' }), 200, 'cancel')).toMatchObject({ state: 'cancelled', reason: '课题调整' });
    expectError(await step(operator, cancelled.id, 'receive'), 409, 'ILLEGAL_TRANSITION');

    // A completed order of the same instrument reaches billing after these; theirs never do.
    const control = ok(await api('POST', '/sample-orders', { token: researcher.token, body: order({ sampleCount: 1, sampleNames: ['C-1'] }) }), 201, 'control');
    for (const action of ['accept', 'receive', 'start-testing']) ok(await step(operator, control.id, action), 200, action);
    ok(await upload(operator.token, control.id, Buffer.from('report'), 'r.txt', 'text/plain'), 200, 'upload');
    // The lab may close an order for a requester who does not confirm.
    ok(await step(operator, control.id, 'complete'), 200, 'complete for the requester');
    const codes = await eventually('the control order’s usage record', async () => {
      const items = (ok(await api('GET', `/usage?source=sample-order&instrumentId=${instrument.id}&pageSize=50`, { token: admin.token }), 200, 'usage')).items as any[];
      return items.some((u) => u.code === `U-${control.code}`) ? items.map((u) => u.code) : undefined;
    });
    expect(codes).not.toContain(`U-${rejected.code}`);
    expect(codes).not.toContain(`U-${cancelled.code}`);
    const period = shanghaiMonth();
    expect((await settle(admin.token, period)).state).toBe('completed');
    const csv = String((await api('GET', `/exports/charges.csv?period=${period}`, { token: admin.token })).body);
    expect(csv).toContain(`U-${control.code},`);
    expect(csv).not.toContain(rejected.code);
    expect(csv).not.toContain(cancelled.code);
  });

  it('refuses bad orders and unknown steps with clear errors', async () => {
    const courier = await api('POST', '/sample-orders', { token: researcher.token, body: order({ trackingNumber: undefined }) });
    expectError(courier, 400, 'VALIDATION_FAILED');
    expect(new Set(courier.body.error.details.fields.map((f: any) => f.field))).toEqual(new Set(['trackingNumber']));
    const names = await api('POST', '/sample-orders', { token: researcher.token, body: order({ sampleCount: 1 }) });
    expectError(names, 400, 'VALIDATION_FAILED');
    expect(names.body.error.details.fields.map((f: any) => f.field)).toEqual(['sampleNames']);
    expectError(await api('POST', '/sample-orders', { token: researcher.token, body: order({ hazards: ['spicy'] }) }), 400, 'VALIDATION_FAILED');
    // An instrument that takes no samples: the rule is named (422).
    const selfOnly = ok(await api('POST', '/instruments', { token: admin.token, body: instrumentBody({ serviceModes: ['self'] }) }), 201, 'self-only instrument');
    const refused = await api('POST', '/sample-orders', { token: researcher.token, body: order({ instrumentId: selfOnly.id }) });
    expectError(refused, 422, 'RULE_VIOLATION');
    expect(refused.body.error.details.rules[0].rule).toBe('service-mode');
    // The bureau and auditors do not send samples.
    expectError(await api('POST', '/sample-orders', { token: bureau, body: order() }), 403, 'FORBIDDEN');

    const o = ok(await api('POST', '/sample-orders', { token: researcher.token, body: order() }), 201, 'submit');
    expectError(await step(operator, o.id, 'issue-report'), 404, 'NOT_FOUND');
    expectError(await step(operator, o.id, 'start-testing'), 409, 'ILLEGAL_TRANSITION');
    expectError(await api('GET', `/sample-orders/${o.id}/report`, { token: researcher.token }), 404, 'NOT_FOUND');
    expect(ok(await api('GET', `/sample-orders/${o.id}`, { token: admin.token }), 200, 'get').state).toBe('submitted');
    // English for a client that asks for it.
    const en = await api('POST', `/sample-orders/${o.id}/complete`, { token: researcher.token, body: {}, headers: { 'accept-language': 'en' } });
    expect(en.body.error.message).toBe(`sample order ${o.code} is submitted; "complete" is only possible from report_issued`);
  });

  it('refuses a report larger than the limit (413) and keeps the order in testing', async () => {
    const o = ok(await api('POST', '/sample-orders', { token: researcher.token, body: order() }), 201, 'submit');
    for (const action of ['accept', 'receive', 'start-testing']) ok(await step(operator, o.id, action), 200, action);
    expectError(await upload(operator.token, o.id, Buffer.alloc(20 * 1024 * 1024 + 1, 7), 'big.pdf', 'application/pdf'), 413, 'PAYLOAD_TOO_LARGE');
    expect(ok(await api('GET', `/sample-orders/${o.id}`, { token: operator.token }), 200, 'get')).toMatchObject({ state: 'testing', report: null });
  });
});
