import fc from 'fast-check';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { api, ApiResponse, bureauToken, testEnv } from './support/api';
import { createInstitution, createUser, instrumentBody, rateCard, uniqueCode } from './support/factories';

/**
 * No input makes the platform answer 5xx, crash a process or store something half-written or
 * wrong (issue 13). Two halves: the exact findings as named regression cases, each checking that
 * nothing was stored; then every operation of the OpenAPI document fed bad bodies, queries and
 * path ids generated from its own schemas.
 */

type Json = any;

/**
 * A value nested `levels` deep. Kept as a marker and written out by toJson: JSON.stringify (and
 * fast-check's printing of a counterexample) recurse, and a few thousand levels overflow the test's stack.
 */
class Deep {
  constructor(readonly levels: number) {}
  toString(): string {
    return `Deep(${this.levels})`;
  }
}
const deep = (levels: number): Deep => new Deep(levels);

function nestedJson(levels: number): string {
  const open: string[] = [];
  const close: string[] = [];
  for (let i = 0; i < levels; i++) {
    open.push(i % 2 ? '[' : '{"a":');
    close.push(i % 2 ? ']' : '}');
  }
  return `${open.join('')}1${close.reverse().join('')}`;
}

/** The request body as text, Deep markers written out as the nesting they stand for. */
function toJson(value: unknown): string | undefined {
  const deeps: Deep[] = [];
  const text = JSON.stringify(value, (_key, v: unknown) => (v instanceof Deep ? `\u0001DEEP${deeps.push(v) - 1}\u0001` : v));
  return text?.replace(/"\\u0001DEEP(\d+)\\u0001"/g, (_m, i: string) => nestedJson(deeps[Number(i)].levels));
}

/** api() with a body that may hold Deep markers. */
function send(method: string, path: string, token: string | undefined, body: unknown): Promise<ApiResponse> {
  const raw = body === undefined ? undefined : toJson(body);
  return api(method, path, { token, raw, headers: raw === undefined ? {} : { 'content-type': 'application/json' } });
}

/** Percent-encoding that keeps lone surrogates (encodeURIComponent throws on them): their WTF-8 bytes. */
function encodeLoose(text: string): string {
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdfff) {
      const next = text.charCodeAt(i + 1);
      if (c < 0xdc00 && next >= 0xdc00 && next <= 0xdfff) {
        out += encodeURIComponent(text.slice(i, i + 2));
        i++;
        continue;
      }
      out += [0xe0 | (c >> 12), 0x80 | ((c >> 6) & 0x3f), 0x80 | (c & 0x3f)].map((b) => `%${b.toString(16).toUpperCase()}`).join('');
    } else out += encodeURIComponent(text[i]);
  }
  return out;
}

/** NUL, or UTF-16 that does not survive UTF-8 (a lone surrogate): an oracle apart from libs/domain's regular expression. */
const holdsBadText = (text: string): boolean => text.includes('\u0000') || Buffer.from(text, 'utf8').toString('utf8') !== text;

const fieldsOf = (res: ApiResponse): string[] => ((res.body?.error?.details?.fields ?? []) as { field: string }[]).map((f) => f.field);

/** The answer to bad input: a 400 VALIDATION_FAILED whose details name `field`. */
function expectRefused(res: ApiResponse, field: string): void {
  expect({ status: res.status, code: res.body?.error?.code, fields: fieldsOf(res) }).toEqual({ status: 400, code: 'VALIDATION_FAILED', fields: expect.arrayContaining([field]) });
}

jest.setTimeout(30000);

describe('bad input', () => {
  let bureau: string;
  let institution: Json;
  let admin: { token: string; user: Json };
  let operator: { token: string; user: Json };
  let researcher: { token: string; user: Json };
  let instrument: Json;

  beforeAll(async () => {
    bureau = await bureauToken();
    institution = await createInstitution(bureau, { name: '坏输入测试大学', region: 'CQ' });
    admin = await createUser(bureau, 'institution_admin', institution.code);
    operator = await createUser(bureau, 'operator', institution.code);
    researcher = await createUser(bureau, 'researcher', institution.code);
    const created = await api('POST', '/instruments', { token: admin.token, body: instrumentBody({ name: '坏输入测试电镜' }) });
    expect(created.status).toBe(201);
    instrument = created.body;
    expect((await api('PUT', `/instruments/${instrument.id}/rates`, { token: admin.token, body: [rateCard()] })).status).toBe(200);
  }, 60000);

  describe('the findings of issue 13, one by one', () => {
    const instrumentUnchanged = async () => {
      const now = await api('GET', `/instruments/${instrument.id}`, { token: admin.token });
      expect(now.status).toBe(200);
      expect({ ...now.body, updatedAt: undefined, fromPriceFen: undefined }).toEqual({ ...instrument, updatedAt: undefined, fromPriceFen: undefined });
    };
    const notCreated = async (code: string) => expect((await api('GET', `/instruments/${code}`, { token: admin.token })).status).toBe(404);

    it.each([
      ['purchaseDate', '2025-02-30'], ['purchaseDate', '2025-13-45'], ['purchaseDate', '0000-01-01'], ['retiredOn', '2027-02-30'],
    ])('POST /instruments with %s %s is a 400 naming it, and nothing is stored', async (field, value) => {
      const code = uniqueCode('EQ');
      expectRefused(await api('POST', '/instruments', { token: admin.token, body: instrumentBody({ code, [field]: value }) }), field);
      await notCreated(code);
    });

    it.each([
      ['retiredOn', '2025-02-30'], ['purchaseDate', '0000-01-01'], ['name', null], ['categoryCode', null], ['originalValueFen', null],
      ['specialised', null], ['sharingStatus', null], ['serviceModes', null], ['bookingRules', null], ['name', 'a\u0000b'], ['name', '\ud800'],
      ['originalValueFen', Number.MAX_SAFE_INTEGER],
    ])('PATCH /instruments/:id with %s = %j is a 400 naming it, and the instrument is unchanged', async (field, value) => {
      expectRefused(await api('PATCH', `/instruments/${instrument.id}`, { token: admin.token, body: { [field]: value } }), field);
      await instrumentUnchanged();
    });

    it('PATCH /instruments/:id may still clear a field the instrument may lack (null)', async () => {
      const cleared = await api('PATCH', `/instruments/${instrument.id}`, { token: admin.token, body: { model: null, purchaseDate: null } });
      expect(cleared.status).toBe(200);
      expect([cleared.body.model, cleared.body.purchaseDate]).toEqual([null, null]);
      instrument = cleared.body;
    });

    it.each([
      ['name', 'x\u0000'], ['name', 'x\udc00y'], ['originalValueFen', Number.MAX_SAFE_INTEGER], ['originalValueFen', 1e18], ['mainFunctions', '功能\u0000'],
    ])('POST /instruments with %s = %j is a 400 naming it, and nothing is stored', async (field, value) => {
      const code = uniqueCode('EQ');
      expectRefused(await api('POST', '/instruments', { token: admin.token, body: instrumentBody({ code, [field]: value }) }), field);
      await notCreated(code);
    });

    it.each([
      ['validTo', '2027-01-01T00:00:00+99:99'], ['validFrom', '2027-02-30'], ['validFrom', '2025-13-45'], ['validTo', '0000-01-01'],
      ['externalPriceFen', Number.MAX_SAFE_INTEGER], ['internalPriceFen', 10_000_000_001], ['minimumChargeFen', 2 ** 53],
    ])('PUT /instruments/:id/rates with %s %j is a 400 naming it, and the cards stay as they were', async (field, value) => {
      const before = await api('GET', `/instruments/${instrument.id}/rates`, { token: admin.token });
      const card = rateCard({ validFrom: '2026-01-01', [field]: value });
      expectRefused(await api('PUT', `/instruments/${instrument.id}/rates`, { token: admin.token, body: [card] }), `cards[0].${field}`);
      expect((await api('GET', `/instruments/${instrument.id}/rates`, { token: admin.token })).body).toEqual(before.body);
    });

    it.each([
      ['validFrom', '2025-02-30'], ['validFrom', '2025-13-45'], ['validTo', '2025-02-30'], ['validTo', '0000-01-01'], ['validTo', '2027-01-01T00:00:00+99:99'],
      ['faceValueFen', Number.MAX_SAFE_INTEGER], ['faceValueFen', 10_000_000_001], ['perUseCapFen', 2 ** 53 + 2],
    ])('POST /vouchers with %s %j is a 400 naming it, and no voucher is issued', async (field, value) => {
      const code = uniqueCode('CV');
      const body = { code, holderInstitutionCode: institution.code, faceValueFen: 100000, coverBps: 5000, validFrom: '2026-01-01', [field]: value };
      expectRefused(await api('POST', '/vouchers', { token: bureau, body }), field);
      const listed = await api('GET', '/vouchers?pageSize=200', { token: bureau });
      expect(listed.status).toBe(200);
      expect(listed.body.items.map((v: Json) => v.code)).not.toContain(code);
    });

    it.each(['2025-02-30T00:00:00+08:00', '2025-13-45T00:00:00Z', '0000-01-01T00:00:00Z', '2027-01-01T00:00:00+99:99'])('POST /qualifications with validTo %s is a 400 naming it', async (validTo) => {
      expectRefused(await api('POST', '/qualifications', { token: operator.token, body: { userId: researcher.user.id, instrumentId: instrument.id, validTo } }), 'validTo');
      const held = await api('GET', `/qualifications?instrumentId=${instrument.id}`, { token: operator.token });
      expect(held.status).toBeLessThan(500);
      if (held.status === 200) expect(JSON.stringify(held.body)).not.toContain(researcher.user.id);
    });

    it.each([
      ['/bookings', 'from', '2025-02-30T00:00:00Z'], ['/bookings', 'to', '2025-13-45T00:00:00Z'], ['/bookings', 'from', '0000-01-01T00:00:00Z'],
      ['/bookings', 'to', '2025-01-01T00:00:00+99:99'], ['/usage', 'period', '0000-01'], ['/charges', 'period', '0000-12'], ['/statements', 'period', '0000-01'],
      ['/instruments', 'availableFrom', '2025-02-30T00:00:00Z'], ['/instruments', 'page', '1e18'], ['/bookings', 'page', '1e18'], ['/usage', 'page', '1e18'],
      ['/vouchers', 'page', '1e18'], ['/instruments', 'q', 'a\u0000b'], ['/institutions', 'q', 'x\u0000'],
      ['/users', 'q', '\u0000'], ['/instruments', 'maxPriceFen', '1e30'], ['/bookings', 'instrumentId', 'x'.repeat(65)],
      ['/qualifications/roster', 'page', '1e18'], ['/qualifications/roster', 'pageSize', '201'], ['/qualifications/roster', 'q', 'a\u0000b'],
      ['/qualifications/roster', 'instrumentId', 'x'.repeat(65)],
    ])('GET %s?%s=%j is a 400 naming the parameter', async (path, field, value) => {
      const query = field === 'availableFrom' ? `availableFrom=${value}&availableTo=2025-03-10T00:00:00Z` : `${field}=${encodeLoose(value)}`;
      expectRefused(await api('GET', `${path}?${query}`, { token: bureau }), field);
    });

    it.each([['period', '0000-01'], ['period', '2025-13'], ['runId', 'x\u0000'], ['excel', 'yes'], ['excel', '\u0000']])('GET /exports/charges.csv?%s=%j is a 400 naming it', async (field, value) => {
      expectRefused(await api('GET', `/exports/${field === 'runId' ? 'evaluation' : 'charges'}.csv?${field}=${encodeLoose(value)}`, { token: bureau }), field);
    });

    it.each(['/statistics/cross-region.csv?year=2026&excel=2', '/statistics/cross-region.csv?year=2026&excel=1&excel=0'])('GET %s is a 400 naming excel', async (path) => {
      expectRefused(await api('GET', path, { token: bureau }), 'excel');
    });

    it('GET /instruments/:id/slots with impossible days is a 400 naming from and to', async () => {
      expectRefused(await api('GET', `/instruments/${instrument.id}/slots?from=2027-02-30T00:00:00%2B08:00&to=2027-03-05T00:00:00%2B08:00`, { token: researcher.token }), 'from');
      expectRefused(await api('GET', `/instruments/${instrument.id}/slots?from=2027-03-01T00:00:00%2B08:00&to=2027-03-05T00:00:00%2B99:99`, { token: researcher.token }), 'to');
    });

    it.each([[{ from: '0000-01', to: '2025-01' }, 'from'], [{ from: '2025-01', to: '2025-13' }, 'to'], [{ from: '2025-02', to: '2025-01' }, 'to'], [{ from: '2023-01', to: '2025-01' }, 'to'], [{ from: '2025-01' }, 'to']])(
      'POST /settlements/range %j is refused naming %s', async (body, field) => {
        expectRefused(await api('POST', '/settlements/range', { token: bureau, body }), field);
      });

    it('POST /settlements for the month 0000-01 is refused, not queued', async () => {
      expectRefused(await api('POST', '/settlements', { token: bureau, body: { period: '0000-01' } }), 'period');
      const runs = await api('GET', '/settlements', { token: bureau });
      expect(runs.status).toBe(200);
      expect(JSON.stringify(runs.body)).not.toContain('0000-01');
    });

    it.each<[unknown]>([[101], [-1], [50.5], ['50'], [null], [1e308]])('a policy with manualHoursFactorPct %p is a 400 naming it, and not stored (issue 20)', async (value) => {
      const document = JSON.parse(readFileSync(join(__dirname, 'fixtures/worked-example/bundle/policy.json'), 'utf8'));
      const code = uniqueCode('bad-factor');
      const res = await api('POST', '/policies', { token: bureau, body: { ...document, code, manualHoursFactorPct: value } });
      expectRefused(res, 'manualHoursFactorPct');
      expect(res.body.error.message).toContain('非终端机时计入比例须为 0–100 的整数百分比');
      expect(JSON.stringify((await api('GET', '/policies?pageSize=200', { token: bureau })).body)).not.toContain(code);
    });

    it('a blackout on 2027-02-30 is refused, not rolled over to 03-02', async () => {
      const body = { start: '2027-02-30T08:00:00+08:00', end: '2027-03-02T18:00:00+08:00', reason: '维护' };
      expectRefused(await api('POST', `/instruments/${instrument.id}/blackouts`, { token: admin.token, body }), 'start');
      const list = await api('GET', `/instruments/${instrument.id}/blackouts`, { token: admin.token });
      expect(list.status).toBe(200);
      expect(list.body).toEqual([]);
    });

    it('a booking on 2027-02-30 or with a +99:99 offset is refused, not rolled over', async () => {
      const body = { instrumentId: instrument.id, serviceMode: 'self', purpose: '测试' };
      expectRefused(await api('POST', '/bookings', { token: researcher.token, body: { ...body, start: '2027-02-30T09:00:00+08:00', end: '2027-02-30T10:00:00+08:00' } }), 'start');
      expectRefused(await api('POST', '/bookings', { token: researcher.token, body: { ...body, start: '2027-03-01T09:00:00+99:99', end: '2027-03-01T10:00:00+08:00' } }), 'start');
      const mine = await api('GET', '/bookings', { token: researcher.token });
      expect(mine.body.total).toBe(0);
    });

    it('a recurring booking or a waiting-list entry on 2027-02-30, or with a broken RRULE, is a 400 naming the field, and nothing is stored (issue 19)', async () => {
      const body = { instrumentId: instrument.id, serviceMode: 'self', purpose: '测试', rrule: 'FREQ=WEEKLY;COUNT=3', mode: 'skip-conflicts' };
      expectRefused(await api('POST', '/bookings/series', { token: researcher.token, body: { ...body, start: '2027-02-30T09:00:00+08:00', end: '2027-02-30T10:00:00+08:00' } }), 'start');
      for (const rrule of ['FREQ=WEEKLY;COUNT=3\r\nRRULE:FREQ=DAILY', 'FREQ=WEEKLY;UNTIL=20270230', 'FREQ=YEARLY;COUNT=2', 'FREQ=DAILY;COUNT=100000', 'FREQ=WEEKLY;BYDAY=XX;COUNT=2', '\u0000']) {
        const res = await api('POST', '/bookings/series', { token: researcher.token, body: { ...body, rrule, start: '2027-03-01T09:00:00+08:00', end: '2027-03-01T10:00:00+08:00' } });
        expect(res.status).toBe(400);
        expect(fieldsOf(res)).toContain('rrule');
      }
      expectRefused(await api('POST', '/waitlist', { token: researcher.token, body: { instrumentId: instrument.id, start: '2027-02-30T09:00:00+08:00', end: '2027-03-01T10:00:00+08:00' } }), 'start');
      expect((await api('GET', '/bookings', { token: researcher.token })).body.total).toBe(0);
      expect((await api('GET', '/waitlist', { token: researcher.token })).body.total).toBe(0);
    });

    it('a 30-year usage record is refused, a 31-day one is not refused for its length', async () => {
      const body = { instrumentId: instrument.id, userId: researcher.user.id, serviceMode: 'self', serviceCategory: 'research', reason: '补录使用记录' };
      expectRefused(await api('POST', '/usage', { token: operator.token, body: { ...body, start: '1995-01-01T00:00:00+08:00', end: '2025-01-01T00:00:00+08:00' } }), 'end');
      expect((await api('GET', `/usage?instrumentId=${instrument.id}`, { token: operator.token })).body.total).toBe(0);
      const month = await api('POST', '/usage', { token: operator.token, body: { ...body, start: '2025-01-01T00:00:00+08:00', end: '2025-02-01T00:00:00+08:00' } });
      expect(fieldsOf(month)).not.toContain('end');
    });

    it.each([
      ['POST', '/policies', () => deep(5000)],
      ['POST', '/subsidy-runs', () => ({ policyId: '3f1c2b8e-8f0e-4b51-9d7c-1d2e3f4a5b6c', year: 2025, simulation: true, overrides: deep(5000) })],
      ['POST', '/instruments', () => instrumentBody({ bookingRules: deep(5000) })],
      ['PATCH', '/institutions/ID', () => ({ contacts: [deep(5000)] })],
    ])('%s %s with JSON nested 5,000 deep is a 400', async (method, path, body) => {
      const res = await send(method, path.replace('ID', institution.id), bureau, body());
      expect(res.status).toBe(400);
      expect(res.body.error.code).toBe('VALIDATION_FAILED');
      // Chinese by default (issue 21): the outermost field named, the limit in levels.
      expect(res.body.error.details.fields[0].reason).toContain('嵌套不能超过 32 层');
    });

    it.each([
      ['name', null], ['kind', null], ['region', null], ['contacts', null], ['name', 'x\u0000'], ['contacts', [{ name: '\udbff' }]],
    ])('PATCH /institutions/:id with %s = %j is a 400 naming it, and the institution is unchanged', async (field, value) => {
      const before = await api('GET', `/institutions/${institution.id}`, { token: bureau });
      const res = await api('PATCH', `/institutions/${institution.id}`, { token: bureau, body: { [field]: value } });
      expect(res.status).toBe(400);
      expect(fieldsOf(res).some((f) => f.startsWith(field))).toBe(true);
      expect((await api('GET', `/institutions/${institution.id}`, { token: bureau })).body).toEqual(before.body);
    });

    it('webhook and robot URLs that are not http(s), carry credentials or are not URLs are 400s naming the field, and nothing is stored', async () => {
      for (const url of ['javascript:alert(1)', 'file:///etc/passwd', 'https://user:secret@erp.example.cn/hook', 'not a url', 'x'.repeat(2001)]) {
        expectRefused(await api('POST', '/webhooks', { token: bureau, body: { url, events: ['booking.booking.approved'], institutionId: institution.id } }), 'url');
        expectRefused(await api('PUT', `/institutions/${institution.id}/robots`, { token: bureau, body: { wecom: url } }), 'wecom');
      }
      expect((await api('GET', '/webhooks', { token: bureau })).body.items.filter((w: any) => w.institutionId === institution.id)).toEqual([]);
      expect((await api('GET', `/institutions/${institution.id}/robots`, { token: bureau })).body).toMatchObject({ wecom: null, dingtalk: null, feishu: null });
      // The same kind twice in one change is refused as a whole.
      const twice = await api('PUT', '/notification-preferences', { token: bureau, body: { preferences: [{ kind: 'booking.approved', email: false }, { kind: 'booking.approved', email: true }] } });
      expectRefused(twice, 'preferences');
      expect((await api('GET', '/notification-preferences', { token: bureau })).body.items.every((p: any) => p.email === true)).toBe(true);
    });

    it('a NUL in a path id or the query is a 400 naming it; a URL cannot carry a lone surrogate, its bytes are refused or read as U+FFFD', async () => {
      expectRefused(await api('GET', `/instruments/${encodeLoose('EQ\u0000')}`, { token: bureau }), 'id');
      expectRefused(await api('GET', `/calendar/${encodeLoose('\u0000')}.ics`), 'file');
      for (const path of [`/bookings/${encodeLoose('\ud800')}`, `/instruments?q=${encodeLoose('\ud800')}`]) {
        const res = await api('GET', path, { token: bureau });
        expect(res.status).toBeLessThan(500);
        expect(JSON.stringify(res.body)).not.toMatch(/\\ud800/i);
      }
    });
  });

  describe('voucher programmes and applications (issue 16)', () => {
    const programme = (over: Record<string, unknown> = {}) => ({
      code: uniqueCode('VPB'), name: '坏输入测试创新券', issuingRegion: 'SC', year: 2026, budgetFen: 100000, coverBps: 5000, perApplicationCapFen: 10000,
      perHolderYearCapFen: 50000, validFrom: '2026-01-01', validTo: '2031-01-01', mode: 'provider-redeemed', ...over,
    });
    const stored = async (code: string) => ((await api('GET', '/voucher-programmes?pageSize=200', { token: bureau })).body.items as Json[]).some((p) => p.code === code);

    it.each([
      ['validTo', { validFrom: '2027-01-01', validTo: '2026-01-01' }], ['validTo', { validTo: '2026-02-30' }], ['applicantKinds', { applicantKinds: ['nope'] }],
      ['providerRegions', { providerRegions: ['cq'] }], ['budgetFen', { budgetFen: 1e18 }], ['coverBps', { coverBps: 10001 }], ['mode', { mode: 'both' }],
      ['perApplicationCapFen', { perApplicationCapFen: 200000 }], ['name', { name: 'a\u0000b' }], ['issuingRegion', { issuingRegion: 'sc' }],
    ])('POST /voucher-programmes with a bad %s is a 400 naming it, and nothing is stored', async (field, over) => {
      const body = programme(over);
      expectRefused(await api('POST', '/voucher-programmes', { token: bureau, body }), field);
      expect(await stored(body.code)).toBe(false);
    });

    it('bad amounts and projects of an application and an approval are 400s naming them; the application stays submitted', async () => {
      const created = await api('POST', '/voucher-programmes', { token: bureau, body: programme({ applicantKinds: [] }) });
      expect(created.status).toBe(201);
      for (const [field, body] of [['amountFen', { amountFen: 0 }], ['amountFen', { amountFen: 1e18 }], ['project', { project: '' }], ['programmeId', { programmeId: 'x' }]] as const) {
        const good: Record<string, unknown> = { programmeId: created.body.id, amountFen: 1000, project: '项目' };
        expectRefused(await api('POST', '/voucher-applications', { token: researcher.token, body: { ...good, ...body } }), field);
      }
      const applied = await api('POST', '/voucher-applications', { token: researcher.token, body: { programmeId: created.body.id, amountFen: 1000, project: '项目' } });
      expect(applied.status).toBe(201);
      for (const amountFen of [0, -1, 1.5, 1e18, '1000x']) {
        expectRefused(await api('POST', `/voucher-applications/${applied.body.id}/approve`, { token: bureau, body: { amountFen } }), 'amountFen');
      }
      expectRefused(await api('POST', `/voucher-applications/${applied.body.id}/reject`, { token: bureau, body: { reason: '\ud800' } }), 'reason');
      expect((await api('GET', `/voucher-applications/${applied.body.id}`, { token: bureau })).body).toMatchObject({ state: 'submitted', voucherId: null });
      expect((await api('GET', `/voucher-programmes/${created.body.id}`, { token: bureau })).body.committedFen).toBe(0);
    });
  });

  describe('sample orders (issue 18)', () => {
    let sampler: Json;
    const order = (over: Record<string, unknown> = {}) => ({
      instrumentId: sampler.id, sampleCount: 2, sampleNames: ['S-1', 'S-2'], requestedTests: 'XRD', delivery: 'courier', trackingNumber: 'SF1234567890', ...over,
    });
    const mine = async () => ((await api('GET', `/sample-orders?scope=mine&instrumentId=${sampler.id}&pageSize=200`, { token: researcher.token })).body.items as Json[]).length;

    beforeAll(async () => {
      const created = await api('POST', '/instruments', { token: admin.token, body: instrumentBody({ name: '坏输入测试衍射仪', serviceModes: ['sample'] }) });
      expect(created.status).toBe(201);
      sampler = created.body;
    });

    it.each([
      ['sampleCount', { sampleCount: 0 }], ['sampleCount', { sampleCount: 1001 }], ['sampleCount', { sampleCount: 1e18 }], ['sampleCount', { sampleCount: 1.5 }],
      ['sampleNames', { sampleNames: [] }], ['sampleNames[1]', { sampleNames: ['S-1', 'a\u0000b'] }], ['sampleNames', { sampleNames: 'S-1' }], ['sampleNames', { sampleNames: ['S-1', 'S-2', 'S-3'] }],
      ['hazards', { hazards: ['spicy'] }], ['hazards', { hazards: ['toxic', 'toxic'] }], ['requestedTests', { requestedTests: '' }], ['requestedTests', { requestedTests: '\ud800' }],
      ['delivery', { delivery: 'drone' }], ['trackingNumber', { trackingNumber: undefined }], ['trackingNumber', { trackingNumber: 'SF 123' }],
      ['instrumentId', { instrumentId: 'x\u0000' }], ['serviceCategory', { serviceCategory: 'fun' }],
    ])('POST /sample-orders with a bad %s is a 400 naming it, and nothing is stored', async (field, over) => {
      expectRefused(await api('POST', '/sample-orders', { token: researcher.token, body: order(over) }), field);
      expect(await mine()).toBe(0);
    });

    it('a bad reason or action is refused and the order stays as it was; a report must come as the file field "report"', async () => {
      const created = await api('POST', '/sample-orders', { token: researcher.token, body: order() });
      expect(created.status).toBe(201);
      const id = created.body.id as string;
      expectRefused(await api('POST', `/sample-orders/${id}/reject`, { token: operator.token, body: { reason: 'x'.repeat(501) } }), 'reason');
      expectRefused(await api('POST', `/sample-orders/${id}/reject`, { token: operator.token, body: { reason: '\ud800' } }), 'reason');
      expect((await api('POST', `/sample-orders/${id}/teleport`, { token: operator.token, body: {} })).status).toBe(404);
      expectRefused(await api('POST', `/sample-orders/${id}/report`, { token: operator.token, body: {} }), 'report');
      const empty = new FormData();
      empty.append('report', new Blob([]), 'empty.pdf');
      expectRefused(await api('POST', `/sample-orders/${id}/report`, { token: operator.token, raw: empty }), 'report');
      expect((await api('GET', `/sample-orders/${id}`, { token: researcher.token })).body).toMatchObject({ state: 'submitted', reason: null, report: null });
    });
  });

  describe('voucher claims (issue 16)', () => {
    const claims = async () => (await api('GET', '/voucher-claims?pageSize=200', { token: admin.token })).body.total as number;

    it.each([
      ['kind', { kind: 'both', month: '2026-03', issuingRegion: 'SC' }], ['month', { kind: 'provider', month: '2026-13', issuingRegion: 'SC' }],
      ['month', { kind: 'provider', issuingRegion: 'SC' }], ['issuingRegion', { kind: 'provider', month: '2026-03', issuingRegion: 'sc' }],
      ['amountFen', { kind: 'provider', month: '2026-03', issuingRegion: 'SC', amountFen: 0.5 }], ['amountFen', { kind: 'provider', month: '2026-03', issuingRegion: 'SC', amountFen: 1e18 }],
      ['programmeId', { kind: 'holder' }], ['statementIds', { kind: 'holder', programmeId: '3f1c2b8e-8f0e-4b51-9d7c-1d2e3f4a5b6c', statementIds: ['x'] }],
      // Fields of the other kind are named, not ignored.
      ['programmeId', { kind: 'provider', month: '2026-03', issuingRegion: 'SC', programmeId: '3f1c2b8e-8f0e-4b51-9d7c-1d2e3f4a5b6c' }],
      ['month', { kind: 'holder', programmeId: '3f1c2b8e-8f0e-4b51-9d7c-1d2e3f4a5b6c', month: '2026-03' }],
    ] as const)('POST /voucher-claims with a bad %s is a 400 naming it, and no claim is stored', async (field, body) => {
      const before = await claims();
      expectRefused(await api('POST', '/voucher-claims', { token: admin.token, body }), field);
      expect(await claims()).toBe(before);
    });

    it('bad reasons, references and months of the decisions and the claimable list are 400s naming them', async () => {
      const id = '3f1c2b8e-8f0e-4b51-9d7c-1d2e3f4a5b6c';
      expectRefused(await api('POST', `/voucher-claims/${id}/reject`, { token: bureau, body: { reason: '' } }), 'reason');
      expectRefused(await api('POST', `/voucher-claims/${id}/reject`, { token: bureau, body: { reason: 'a\u0000b' } }), 'reason');
      expectRefused(await api('POST', `/voucher-claims/${id}/pay`, { token: bureau, body: { reference: 'x'.repeat(201) } }), 'reference');
      expectRefused(await api('GET', '/voucher-claims/claimable?month=2025-02-30', { token: admin.token }), 'month');
      expectRefused(await api('GET', '/voucher-claims?state=lost', { token: admin.token }), 'state');
      expectRefused(await api('GET', `/voucher-claims/${encodeLoose('x\u0000')}`, { token: admin.token }), 'id');
    });
  });

  describe('every operation of the OpenAPI document, fed generated bad input', () => {
    /** Multipart uploads are another suite's (test/import-limits.e2e-spec.ts); listed here so the skip is deliberate. */
    const SKIPPED = new Set(['POST /api/v1/imports']);
    /** Operations that end the caller's own sessions would leave the rest of the run without a token. */
    const ANONYMOUS_ONLY = /logout|sessions\/revoke/;
    const CASES_PER_OPERATION = 200;
    const BATCH = 10;

    const IMPOSSIBLE_DATES = [
      '2025-02-30', '2025-13-45', '0000-01-01', '10000-01-01', '2027-02-30', '2025-02-30T09:00:00+08:00', '2025-01-01T00:00:00+99:99',
      '0000-01-01T00:00:00Z', '9999-12-31T23:59:59-14:00', '2026-12-01T24:00:00Z', '2025-00', '0000-01', '2025-13', '+275760-09-13T00:00:00Z',
    ];
    const HUGE_NUMBERS = [1e18, -1e18, 1e308, -1e308, 2 ** 53 + 2, Number.MAX_SAFE_INTEGER, 10_000_000_001, 0.5, -1, 1e-7];
    /** Values no field may hold whatever it is: the request must be refused. */
    const POISON = ['\u0000', 'a\u0000b', '\ud800', 'x\udfffy', '\ud83d'];
    const STRANGE_STRINGS = ['', ' ', 'x'.repeat(20000), '仪器'.repeat(3000), '1e18', 'NaN', 'Infinity', '-0', '../../etc/passwd', "'; drop table x; --", '%00', '{"a":1}', 'null', 'true']; // self-contained: data
    const WRONG_TYPES: unknown[] = [null, true, false, 0, [], {}, [1, 2], { a: { b: 1 } }, ['x'], 'x'];

    interface Case {
      anonymous: boolean;
      path: string;
      query: string;
      body: unknown;
      /** A value no handler may accept sits where the operation reads it. */
      poisoned: boolean;
      /** A path value other than a real id: the path's own pipe may answer 404 before the rest is read. */
      oddPath: boolean;
    }

    let document: Json;
    const resolve = (schema: Json): Json => (schema?.$ref ? document.components.schemas[(schema.$ref as string).split('/').pop()!] : schema) ?? {};

    /** A value the schema would likely accept: enough of them that validation gets past the first field. */
    function plausible(schema: Json, depth = 0): fc.Arbitrary<unknown> {
      const s = resolve(schema);
      if (s.enum) return fc.constantFrom(...(s.enum as unknown[]));
      if (s.example !== undefined) return fc.constant(s.example);
      if (s.allOf?.length) return plausible(s.allOf[0], depth);
      switch (s.type) {
        case 'integer': case 'number': return fc.integer({ min: s.minimum ?? 1, max: Math.min(s.maximum ?? 100, (s.minimum ?? 1) + 100) });
        case 'boolean': return fc.boolean();
        case 'array': return depth > 3 ? fc.constant([]) : fc.array(plausible(s.items, depth + 1), { maxLength: 2 });
        case 'object': case undefined: return depth > 3 || !s.properties ? fc.constant({}) : objectOf(s, depth + 1, false);
        default: return fc.constantFrom('x', 'EQ-1', '3f1c2b8e-8f0e-4b51-9d7c-1d2e3f4a5b6c', '2026-12-01T09:00:00+08:00', '2026-12-01', '2026-03');
      }
    }

    /** Any bad value, and whether it is one that no field may hold. */
    const bad = (): fc.Arbitrary<{ value: unknown; poisoned: boolean }> => fc.oneof(
      fc.constantFrom(...POISON).map((value) => ({ value, poisoned: true })),
      fc.integer({ min: 33, max: 6000 }).map((levels) => ({ value: deep(levels), poisoned: true })),
      fc.constantFrom(...IMPOSSIBLE_DATES, ...STRANGE_STRINGS).map((value) => ({ value, poisoned: false })),
      fc.constantFrom(...HUGE_NUMBERS, ...WRONG_TYPES).map((value) => ({ value, poisoned: false })),
      fc.string({ unit: 'binary', maxLength: 30 }).map((value) => ({ value, poisoned: holdsBadText(value) })),
    );

    function objectOf(schema: Json, depth: number, withBad: boolean): fc.Arbitrary<Record<string, unknown>> {
      const properties = Object.entries((schema.properties ?? {}) as Record<string, Json>);
      return fc.tuple(...properties.map(([, p]) => fc.oneof(
        { arbitrary: fc.constant(undefined), weight: 2 },
        { arbitrary: plausible(p, depth), weight: 4 },
        { arbitrary: withBad ? bad().map((b) => b.value) : fc.constant(undefined), weight: withBad ? 2 : 1 },
      )), fc.constant(0)).map((values) => {
        const out: Record<string, unknown> = {};
        properties.forEach(([name], i) => { if (values[i] !== undefined) out[name] = values[i]; });
        return out;
      });
    }

    /** A body for the operation's schema with at least one bad value in it (or none, now and then). */
    function bodyFor(schema: Json): fc.Arbitrary<{ body: unknown; poisoned: boolean }> {
      const s = resolve(schema);
      const isArray = s.type === 'array';
      const target = isArray ? resolve(s.items) : s;
      const fieldNames = Object.keys(target.properties ?? {});
      const record = objectOf(target, 0, false);
      const injected = fc.tuple(record, fc.constantFrom(...(fieldNames.length ? fieldNames : ['x'])), bad(), fc.boolean()).map(([r, field, b, unknownToo]) => {
        const body: Record<string, unknown> = { ...r, [field]: b.value };
        if (unknownToo) body[`zz${field}`] = 1;
        return { body: isArray ? [body] : body, poisoned: b.poisoned };
      });
      const whole = bad().map((b) => ({ body: b.value, poisoned: b.poisoned }));
      const valid = record.map((r) => ({ body: isArray ? [r] : r, poisoned: false }));
      return fc.oneof({ arbitrary: injected, weight: 6 }, { arbitrary: whole, weight: 2 }, { arbitrary: valid, weight: 1 });
    }

    function casesFor(path: string, operation: Json, ids: Record<string, string>): fc.Arbitrary<Case> {
      const params = (operation.parameters ?? []) as Json[];
      const pathParams = params.filter((p) => p.in === 'path');
      const queryParams = params.filter((p) => p.in === 'query');
      const pathValue = (p: Json) => fc.oneof(
        { arbitrary: fc.constant(ids[p.name] ?? '3f1c2b8e-8f0e-4b51-9d7c-1d2e3f4a5b6c').map((value) => ({ value, poisoned: false })), weight: 3 },
        { arbitrary: p.schema?.enum ? fc.constantFrom(...(p.schema.enum as string[])).map((value) => ({ value, poisoned: false })) : fc.constant({ value: 'x', poisoned: false }), weight: 2 },
        { arbitrary: fc.constantFrom(...POISON).map((value) => ({ value, poisoned: true })), weight: 2 },
        { arbitrary: fc.constantFrom(...IMPOSSIBLE_DATES, ...STRANGE_STRINGS.filter((x) => x !== '' && x.length < 3000)).map((value) => ({ value, poisoned: false })), weight: 2 },
      );
      const queryValue = (p: Json) => fc.oneof(
        { arbitrary: fc.constant(undefined), weight: 3 },
        { arbitrary: plausible(p.schema ?? {}).map((value) => ({ value: String(value), poisoned: false })), weight: 3 },
        { arbitrary: bad().filter((b) => typeof b.value === 'string' || typeof b.value === 'number').map((b) => ({ value: String(b.value), poisoned: b.poisoned })), weight: 3 },
        { arbitrary: fc.constantFrom('1e18', '-1', '0', '1.5', '2025-02-30', '0000-01').map((value) => ({ value, poisoned: false })), weight: 2 },
      );
      const content = operation.requestBody?.content?.['application/json'];
      return fc.record({
        anonymous: fc.boolean(),
        pathValues: fc.tuple(fc.constant(null), ...pathParams.map(pathValue)),
        queryValues: fc.tuple(fc.constant(null), ...queryParams.map(queryValue)),
        extraQuery: fc.option(fc.constantFrom('zz=1', 'page=1&page=2', 'period=a&period=b', `q=${'x'.repeat(5000)}`), { freq: 5 }),
        body: content ? bodyFor(content.schema) : fc.constant({ body: undefined, poisoned: false }),
      }).map(({ anonymous, pathValues, queryValues, extraQuery, body }) => {
        let url = path;
        let poisoned = body.poisoned;
        let oddPath = false;
        // A URL is UTF-8: a lone surrogate cannot travel in one (its bytes are refused or read as U+FFFD); NUL can.
        const inUrl = (v: { value: string }) => v.value.includes('\u0000');
        pathParams.forEach((p, i) => {
          const v = pathValues[i + 1] as { value: string; poisoned: boolean };
          poisoned ||= inUrl(v);
          oddPath ||= v.value !== ids[p.name];
          url = url.replace(`{${p.name}}`, encodeLoose(v.value));
        });
        const query: string[] = [];
        queryParams.forEach((p, i) => {
          const v = queryValues[i + 1] as { value: string; poisoned: boolean } | undefined;
          if (!v) return;
          poisoned ||= inUrl(v);
          query.push(`${encodeURIComponent(p.name)}=${encodeLoose(v.value)}`);
        });
        if (extraQuery) query.push(extraQuery);
        return { anonymous, path: url, query: query.join('&'), body: body.body, poisoned, oddPath };
      });
    }

    const SQL_OR_STACK = /\bselect\b.*\bfrom\b|\binsert into\b|SQLSTATE|at .*\.js:\d+|node_modules/i;

    function check(key: string, c: Case, res: ApiResponse): void {
      const summary = { key, anonymous: c.anonymous, path: c.path.slice(0, 200), query: c.query.slice(0, 200), body: toJson(c.body)?.slice(0, 200), status: res.status, error: res.body?.error };
      if (res.status >= 500) throw new Error(`5xx for bad input: ${JSON.stringify(summary)}`);
      // Refused as bad input (or, for a URL, by the HTTP layer's limits) before any rule or permission is looked at;
      // signed out, a 401 for a route that needs a sign-in comes first.
      const refusals = [400, 414, 431, ...(c.anonymous ? [401] : []), ...(c.oddPath ? [404] : [])];
      if (c.poisoned && !refusals.includes(res.status)) throw new Error(`input no field may hold was not refused with 400: ${JSON.stringify(summary)}`);
      if (res.status >= 400) {
        if (typeof res.body?.error?.code !== 'string' || typeof res.body.error.message !== 'string') throw new Error(`error without the error shape: ${JSON.stringify(summary)}`);
        if (SQL_OR_STACK.test(JSON.stringify(res.body))) throw new Error(`error shows SQL or a stack: ${JSON.stringify(summary)}`);
        if (res.body.error.code === 'VALIDATION_FAILED') {
          const fields = res.body.error.details?.fields as { field?: unknown; reason?: unknown }[] | undefined;
          if (!Array.isArray(fields) || fields.length === 0 || !fields.every((f) => typeof f.field === 'string' && f.field !== '' && typeof f.reason === 'string')) {
            throw new Error(`400 VALIDATION_FAILED without named fields: ${JSON.stringify(summary)}`);
          }
        }
      }
    }

    it(`answers ${CASES_PER_OPERATION} generated bad requests per operation with 4xx (never 5xx), naming fields, and every service stays up`, async () => {
      const docs = await api('GET', '/api/docs-json');
      expect(docs.status).toBe(200);
      document = docs.body;
      const ids: Record<string, string> = { id: instrument.id, blackoutId: '3f1c2b8e-8f0e-4b51-9d7c-1d2e3f4a5b6c' };
      const operations: [string, string, Json][] = [];
      for (const [path, methods] of Object.entries(document.paths as Record<string, Record<string, Json>>)) {
        for (const [method, operation] of Object.entries(methods)) operations.push([method.toUpperCase(), path, operation]);
      }
      const skipped = operations.filter(([m, p]) => SKIPPED.has(`${m} ${p}`)).map(([m, p]) => `${m} ${p}`);
      expect(skipped).toEqual([...SKIPPED]);
      let requests = 0;
      for (const [method, path, operation] of operations) {
        const key = `${method} ${path}`;
        if (SKIPPED.has(key)) continue;
        const arbitrary = casesFor(path, operation, ids);
        await fc.assert(fc.asyncProperty(fc.array(arbitrary, { minLength: BATCH, maxLength: BATCH }), async (cases) => {
          await Promise.all(cases.map(async (c) => {
            const anonymous = c.anonymous || ANONYMOUS_ONLY.test(path);
            const res = await send(method, `${c.path}${c.query ? `?${c.query}` : ''}`, anonymous ? undefined : bureau, c.body);
            requests++;
            check(key, { ...c, anonymous }, res);
          }));
        }), { numRuns: CASES_PER_OPERATION / BATCH, seed: Number(process.env.BAD_INPUT_SEED ?? 13), endOnFailure: true });
      }
      expect(requests).toBeGreaterThanOrEqual((operations.length - SKIPPED.size) * CASES_PER_OPERATION);

      const health = await api('GET', '/health');
      expect({ status: health.status, body: health.body.status }).toEqual({ status: 200, body: 'ok' });
      // The local stack restarts a process that exits and says so in its log: none may have.
      const logDir = testEnv().logDir;
      const exits = readdirSync(logDir).filter((f) => /exited \(/.test(readFileSync(join(logDir, f), 'utf8')));
      expect(exits).toEqual([]);
    }, 300000);
  });
});
