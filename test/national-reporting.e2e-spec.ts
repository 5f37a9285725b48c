import { randomBytes } from 'node:crypto';
import { parse } from 'csv-parse/sync';
import { api, ApiResponse, bureauToken, expectError, login, testEnv } from './support/api';
import { createInstitution, createRegionalOfficer, createUser, instrumentBody, rateCard, uniqueCode } from './support/factories';
import { readSheet } from './support/xlsx';

/**
 * Reporting to the national platform (issue 20): an institution's instrument records and service
 * records of a quarter (Asia/Shanghai days, half-open), checked before export, as CSV (UTF-8 with a
 * byte-order mark) and .xlsx with exactly the expected rows and columns.
 *
 * The institution is this file's own, so every record of it is the file's. The record that must stay
 * without a charge is outside every rate card's validity (unbilled), so that a bureau's settlement of
 * another file, which sweeps every month, cannot give it one.
 */

const WEEKLY = [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({ weekday, start: '00:00', end: '24:00' }));
type User = { user: any; token: string; password: string; email: string };

function ok<T = any>(res: ApiResponse<T>, status: number, what: string): T {
  if (res.status !== status) throw new Error(`${what} → ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

/** A user with a name of its own: the applicant the service records name. */
async function person(bureau: string, role: string, institutionCode: string, name: string): Promise<User> {
  const email = `${uniqueCode(role).toLowerCase()}@test.example.cn`;
  const password = `pw-${randomBytes(8).toString('hex')}`;
  const user = ok(await api('POST', '/users', { token: bureau, body: { email, password, name, role, institutionCode } }), 201, 'user');
  return { user, token: await login(email, password), password, email };
}

async function settle(token: string, period: string): Promise<void> {
  const started = ok(await api('POST', '/settlements', { token, body: { period } }), 202, `settle ${period}`);
  for (let i = 0; i < 1200; i++) {
    const job = ok(await api('GET', `/jobs/${started.jobId}`, { token }), 200, 'job');
    if (job.state === 'completed') return;
    if (job.state === 'failed') throw new Error(`settlement failed: ${JSON.stringify(job)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('settlement did not finish');
}

/** The raw bytes of a download (api() reads text). */
async function download(path: string, token: string): Promise<{ status: number; type: string; disposition: string; bytes: Buffer }> {
  const res = await fetch(`${testEnv().gatewayUrl}/api/v1${path}`, { headers: { authorization: `Bearer ${token}` } });
  return { status: res.status, type: res.headers.get('content-type') ?? '', disposition: res.headers.get('content-disposition') ?? '', bytes: Buffer.from(await res.arrayBuffer()) };
}

describe('national reporting', () => {
  let bureau: string;
  let institution: any;
  let admin: User;
  let operator: User;
  let researcher: User;
  let userUnit: any;
  let full: any;
  let sparse: any;
  const codes: Record<string, string> = {};
  const q = (kind: string, quarter = '2026-Q3', who?: string) => `institutionId=${institution.id}&quarter=${quarter}&kind=${kind}${who ?? ''}`;

  async function usage(instrument: any, start: string, end: string, serviceCategory = 'research'): Promise<any> {
    return ok(await api('POST', '/usage', {
      token: operator.token, body: { instrumentId: instrument.id, userId: researcher.user.id, start, end, serviceMode: 'self', serviceCategory, reason: '国家平台报送测试补录' },
    }), 201, 'usage');
  }

  beforeAll(async () => {
    bureau = await bureauToken();
    institution = await createInstitution(bureau, { region: 'CQ', name: '重庆国报理工大学' });
    userUnit = await createInstitution(bureau, { region: 'SC', kind: 'enterprise', name: '成都报送测试有限公司' });
    admin = await createUser(bureau, 'institution_admin', institution.code);
    operator = await createUser(bureau, 'operator', institution.code);
    researcher = await person(bureau, 'researcher', userUnit.code, '王晓川');
    // A complete record; one missing three required fields; one bought after the quarter; one retired before it.
    full = ok(await api('POST', '/instruments', { token: admin.token, body: instrumentBody({
      code: uniqueCode('NR-A'), name: '场发射扫描电子显微镜', specifications: '分辨率 0.8 nm @ 15 kV', serviceModes: ['self', 'assisted'],
    }) }), 201, 'full instrument');
    sparse = ok(await api('POST', '/instruments', { token: admin.token, body: instrumentBody({
      code: uniqueCode('NR-B'), name: 'X 射线衍射仪', manufacturer: null, model: null, specifications: '2θ 范围 −110°～168°', categoryCode: '0303', originalValueFen: 123456789, serviceModes: ['sample'],
    }) }), 201, 'sparse instrument');
    const later = ok(await api('POST', '/instruments', { token: admin.token, body: instrumentBody({ code: uniqueCode('NR-C'), purchaseDate: '2026-10-01', specifications: '新购' }) }), 201, 'later');
    ok(await api('POST', '/instruments', { token: admin.token, body: instrumentBody({ code: uniqueCode('NR-D'), retiredOn: '2026-06-30', specifications: '已报废' }) }), 201, 'retired');
    codes.later = later.code;
    ok(await api('PUT', `/instruments/${full.id}/availability`, { token: admin.token, body: { timezone: 'Asia/Shanghai', weekly: WEEKLY } }), 200, 'availability');
    // Priced from 1 July 2026 Beijing time: a record of 30 June is unbilled for good.
    ok(await api('PUT', `/instruments/${full.id}/rates`, { token: admin.token, body: [rateCard({ code: `${full.code}-RC`, validFrom: '2026-07-01', externalPriceFen: 33333, incrementMinutes: 30 })] }), 200, 'rates');

    // Quarter boundaries in Beijing time: 1 July 00:00 is Q3's first minute, 1 October 00:00 is Q4's.
    codes.first = (await usage(full, '2026-07-01T00:00:00+08:00', '2026-07-01T02:00:00+08:00')).code;
    codes.last = (await usage(full, '2026-09-30T23:00:00+08:00', '2026-09-30T23:30:00+08:00', 'testing')).code;
    codes.q4 = (await usage(full, '2026-10-01T00:00:00+08:00', '2026-10-01T01:00:00+08:00')).code;
    codes.q2 = (await usage(full, '2026-06-30T22:00:00+08:00', '2026-06-30T23:00:00+08:00')).code;
    // The institution's own settlement (an admin's covers its own records only): July to October.
    await settle(admin.token, '2026-10');
    full = ok(await api('GET', `/instruments/${full.id}`, { token: admin.token }), 200, 'instrument');
  }, 120000);

  it('reports each missing required field of the instruments by record, field and Chinese label, and none of the complete one', async () => {
    const report = ok(await api('GET', `/reports/national/validation?${q('instruments')}`, { token: admin.token }), 200, 'validation');
    expect(report).toMatchObject({ institutionId: institution.id, institutionCode: institution.code, institutionName: '重庆国报理工大学', quarter: '2026-Q3', kind: 'instruments', records: 2, completeRecords: 1 });
    expect(report.missing).toEqual([
      { record: sparse.code, field: 'manufacturer', label: '生产制造商' },
      { record: sparse.code, field: 'instrVersion', label: '规格型号' },
    ]);
    expect(report.fields.map((f: any) => f.field)).toEqual(['cname', 'ename', 'innerId', 'instrCategory', 'worth', 'nation', 'manufacturer', 'beginDate', 'type', 'instrVersion',
      'technical', 'function', 'serviceContent', 'requirement', 'fee', 'serviceUrl', 'shareMode']);
    expect(report.fields.find((f: any) => f.field === 'worth')).toEqual({ field: 'worth', label: '仪器原值（万元）', required: true });
    // The reply is what the OpenAPI document says: every property it names, no other.
    const document = ok(await api('GET', '/api/docs-json'), 200, 'openapi');
    const schema = document.components.schemas.NationalValidationView;
    expect(Object.keys(report).sort()).toEqual(Object.keys(schema.properties).sort());
    expect(schema.required.slice().sort()).toEqual(Object.keys(schema.properties).sort());
    const operation = document.paths['/api/v1/reports/national/validation'].get;
    expect(operation.responses['200'].content['application/json'].schema.$ref).toBe('#/components/schemas/NationalValidationView');
    expect(Object.keys(report.missing[0]).sort()).toEqual(Object.keys(document.components.schemas.NationalReportIssueView.properties).sort());
    // The instrument bought on 1 October is Q4's, not Q3's.
    const q4 = ok(await api('GET', `/reports/national/validation?${q('instruments', '2026-Q4')}`, { token: admin.token }), 200, 'Q4');
    expect(q4.records).toBe(3);
  });

  it('exports the instruments as CSV with a byte-order mark and as .xlsx, exactly the expected rows and columns', async () => {
    const fee = `${(full.fromPriceFen / 100).toFixed(2)} 元起`;
    const fullRow = ['场发射扫描电子显微镜', '', full.code, '0101', '350.00', 'DE', 'Carl Zeiss', '2021-05-10', '', 'Gemini 300', '分辨率 0.8 nm @ 15 kV',
      '表面形貌观察，能谱元素分析 surface morphology', '自主上机、机时服务（协助操作）', '', fee, `http://yixiang.test/instruments/${full.id}`, '对外开放共享'];
    const sparseRow = ['X 射线衍射仪', '', sparse.code, '0303', '123.46', 'DE', '', '2021-05-10', '', '', '2θ 范围 −110°～168°',
      '表面形貌观察，能谱元素分析 surface morphology', '送样检测', '', '', `http://yixiang.test/instruments/${sparse.id}`, '对外开放共享'];
    const csv = await download(`/reports/national/export?${q('instruments')}&format=csv`, admin.token);
    expect(csv.status).toBe(200);
    expect(csv.type).toMatch(/^text\/csv/);
    expect(csv.disposition).toContain(`national-instruments-${institution.code}-2026-Q3.csv`);
    expect([...csv.bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = csv.bytes.toString('utf8');
    expect(text).toContain('\r\n');
    const rows = parse(text.slice(1), { relax_column_count: false }) as string[][];
    const sorted = [fullRow, sparseRow].sort((x, y) => (x[2] < y[2] ? -1 : 1));
    expect(rows).toEqual([
      ['cname', 'ename', 'innerId', 'instrCategory', 'worth', 'nation', 'manufacturer', 'beginDate', 'type', 'instrVersion', 'technical', 'function',
        'serviceContent', 'requirement', 'fee', 'serviceUrl', 'shareMode'],
      ...sorted,
    ]);
    // The sparse instrument has no card: no fee (not required).
    expect(sparseRow[14]).toBe('');

    const xlsx = await download(`/reports/national/export?${q('instruments')}&format=xlsx`, admin.token);
    expect(xlsx.status).toBe(200);
    expect(xlsx.type).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    const sheet = await readSheet(xlsx.bytes);
    expect(sheet.name).toBe('仪器信息');
    expect(sheet.rows[0]).toEqual(['仪器中文名称', '仪器英文名称', '所在单位仪器编号', '仪器分类编码', '仪器原值（万元）', '产地国别', '生产制造商', '启用日期', '仪器类型', '规格型号',
      '主要技术指标', '主要功能', '服务内容', '服务要求', '参考收费标准', '预约服务网址', '共享模式']);
    // Empty cells are empty (null), 万元 a number with two decimals shown.
    const cells = (r: string[]) => r.map((v, c) => (v === '' ? null : c === 4 ? Number(v) : v));
    expect(sheet.rows.slice(1)).toEqual(sorted.map(cells));
    expect(sheet.formats[1][4]).toBe('0.00');
    expect(sheet.formats[1][2]).toBe('@');
  });

  it('exports the quarter’s service records: the charge in 元 exactly, the applicant and their institution, boundaries half-open', async () => {
    const report = ok(await api('GET', `/reports/national/validation?${q('services')}`, { token: admin.token }), 200, 'validation');
    expect(report).toMatchObject({ kind: 'services', records: 2, completeRecords: 2, missing: [] });
    const expected = [
      // 2 h external at 333.33 元 an hour: 666.66 元.
      [codes.first, ['2026-07-01 00:00', '场发射扫描电子显微镜，科研，2.00 小时', '自主上机', '666.66', '', '', '王晓川', '成都报送测试有限公司', '']],
      // Half an hour: one 30-minute increment, 33333 / 2 = 16666.5 fen, as the rate card's rounding gives it.
      [codes.last, ['2026-09-30 23:00', '场发射扫描电子显微镜，检测，0.50 小时', '自主上机', null, '', '', '王晓川', '成都报送测试有限公司', '']],
    ] as [string, (string | null)[]][];
    // The half-hour's charge is what settlement charged (the card's rounding of 16666.5 fen): the export writes it to the fen.
    const chargeOf = async (period: string, code: string) => {
      const items = ok(await api('GET', `/charges?period=${period}&pageSize=200`, { token: admin.token }), 200, 'charges').items as any[];
      return items.find((c) => c.usageCode === code).amountFen as number;
    };
    expect(await chargeOf('2026-07', codes.first)).toBe(66666);
    const lastFen = await chargeOf('2026-09', codes.last);
    expected[1][1][3] = `${Math.floor(lastFen / 100)}.${String(lastFen % 100).padStart(2, '0')}`;
    const ordered = expected.sort((x, y) => (x[0] < y[0] ? -1 : 1)).map(([, r]) => r as string[]);

    const csv = await download(`/reports/national/export?${q('services')}&format=csv`, admin.token);
    expect(csv.status).toBe(200);
    expect([...csv.bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const rows = parse(csv.bytes.toString('utf8').slice(1)) as string[][];
    expect(rows).toEqual([['serviceTime', 'serviceContent', 'serviceWay', 'serviceAmount', 'subjectName', 'subjectIncome', 'applicant', 'applicantUnit', 'comment'], ...ordered]);

    const sheet = await readSheet((await download(`/reports/national/export?${q('services')}&format=xlsx`, admin.token)).bytes);
    expect(sheet.name).toBe('服务记录');
    expect(sheet.rows[0]).toEqual(['服务时间', '服务内容', '服务方式', '服务金额（元）', '课题名称', '课题经费（万元）', '申请人', '申请人单位', '备注']);
    expect(sheet.rows.slice(1)).toEqual(ordered.map((r) => r.map((v, c) => (v === '' ? null : c === 3 ? Number(v) : v))));

    // Q4 has the record of 1 October 00:00 only; Q2 the one of 30 June, unbilled (no card before July): its amount is named missing.
    const q4 = parse((await download(`/reports/national/export?${q('services', '2026-Q4')}&format=csv`, admin.token)).bytes.toString('utf8').slice(1)) as string[][];
    expect(q4.slice(1).map((r) => r[0])).toEqual(['2026-10-01 00:00']);
    const q2 = ok(await api('GET', `/reports/national/validation?${q('services', '2026-Q2')}`, { token: admin.token }), 200, 'Q2');
    expect(q2).toMatchObject({ records: 1, completeRecords: 0, missing: [{ record: codes.q2, field: 'serviceAmount', label: '服务金额（元）' }] });
  });

  it('lets the institution’s admin, the bureau (a regional officer its region only) and auditors read; no one else', async () => {
    const other = await createInstitution(bureau, { region: 'CQ' });
    const otherAdmin = await createUser(bureau, 'institution_admin', other.code);
    const [cq, sc] = await Promise.all([createRegionalOfficer(bureau, 'CQ'), createRegionalOfficer(bureau, 'SC')]);
    const auditor = await createUser(bureau, 'auditor');
    const path = `/reports/national/validation?${q('services')}`;
    const statuses = async (p: string) => Promise.all([admin.token, bureau, cq.token, auditor.token, sc.token, otherAdmin.token, operator.token, researcher.token, undefined]
      .map(async (token) => (await api('GET', p, { token })).status));
    expect(await statuses(path)).toEqual([200, 200, 200, 200, 403, 403, 403, 403, 401]);
    expect(await statuses(`/reports/national/export?${q('instruments')}&format=xlsx`)).toEqual([200, 200, 200, 200, 403, 403, 403, 403, 401]);
    // No such institution: the bureau is told so.
    expectError(await api('GET', `/reports/national/validation?institutionId=3f1c2b8e-8f0e-4b51-9d7c-1d2e3f4a5b6c&quarter=2026-Q3&kind=services`, { token: bureau }), 404, 'NOT_FOUND');
  });

  it('refuses a bad quarter, kind, format or institution with 400 naming the field', async () => {
    for (const [query, field] of [
      [`institutionId=${institution.id}&quarter=2026-Q5&kind=services`, 'quarter'], [`institutionId=${institution.id}&quarter=2026-07&kind=services`, 'quarter'],
      [`institutionId=${institution.id}&quarter=2026-Q3&kind=bookings`, 'kind'], [`institutionId=not-an-id&quarter=2026-Q3&kind=services`, 'institutionId'],
      [`quarter=2026-Q3&kind=services`, 'institutionId'],
    ] as const) {
      const res = await api('GET', `/reports/national/validation?${query}`, { token: bureau });
      expectError(res, 400, 'VALIDATION_FAILED');
      expect(res.body.error.details.fields.map((f: any) => f.field)).toContain(field);
    }
    const res = await api('GET', `/reports/national/export?${q('services')}&format=pdf`, { token: bureau });
    expectError(res, 400, 'VALIDATION_FAILED');
    expect(res.body.error.details.fields.map((f: any) => f.field)).toEqual(['format']);
  });
});
