import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { LocalStack } from '../deploy/local/stack/local-stack';
import { ROOT } from './support/paths';
import { readSheet } from './support/xlsx';
import { DESKTOP, launchChromium, screenshot, signIn, fitsPhone } from './web/browser';

// The national reporting page (issue 20) in headless Chromium, against a platform of its own: an
// institution admin validates the quarter's instrument records (one instrument lacks its manufacturer
// and model), downloads them as CSV and Excel, then the service records; the bureau picks the
// institution from the list.
jest.setTimeout(240_000);

const run = `${Date.now().toString(36)}${randomBytes(3).toString('hex')}`;
const bureau = { email: 'bureau@webnational.test.yixiang.local', password: `web-${randomBytes(8).toString('hex')}` };
const password = `pw-${randomBytes(6).toString('hex')}`;
const adminEmail = 'admin@webnational.test.example.cn';
let stack: LocalStack;
let base: string;
let browser: Browser;
const contexts: BrowserContext[] = [];
const pageErrors: string[] = [];

async function call(method: string, path: string, token: string | null, body?: unknown): Promise<any> {
  const response = await fetch(`${base}/api/v1${path}`, {
    method,
    headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const parsed = await response.json().catch(() => undefined);
  if (!response.ok) throw new Error(`${method} ${path} → ${response.status} ${JSON.stringify(parsed)}`);
  return parsed;
}
const token = async (email: string, pw: string) => (await call('POST', '/auth/login', null, { email, password: pw })).accessToken as string;

async function newPage(): Promise<Page> {
  const context = await browser.newContext({ viewport: DESKTOP, locale: 'zh-CN', timezoneId: 'Asia/Shanghai', acceptDownloads: true });
  contexts.push(context);
  const page = await context.newPage();
  page.on('pageerror', (error) => pageErrors.push(error.message));
  return page;
}


/** Clicks a download button and returns the file's name and bytes. */
async function downloaded(page: Page, button: string): Promise<{ name: string; bytes: Buffer }> {
  const [file] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: button }).click()]);
  const path = await file.path();
  return { name: file.suggestedFilename(), bytes: readFileSync(path) };
}

async function chooseQuarter(page: Page, kind: '仪器信息' | '服务记录'): Promise<void> {
  await page.getByLabel('年份').fill('2026');
  await page.getByLabel('季度', { exact: true }).selectOption({ label: '第 3 季度' });
  await page.getByLabel('报送内容').selectOption({ label: kind });
}

beforeAll(async () => {
  const { LocalStack } = require('../deploy/local/stack/local-stack') as typeof import('../deploy/local/stack/local-stack');
  stack = new LocalStack({
    database: `yixiang_webnational_${run}`,
    bullmqPrefix: `yxwebnational-${run}`,
    logDir: join(ROOT, '.runtime', 'test-logs', `webnational-${run}`),
    dropDatabaseOnStop: process.env.KEEP_TEST_DATABASE !== 'true',
    env: { DB_POOL_MAX: '4', BOOTSTRAP_ADMIN_EMAIL: bureau.email, BOOTSTRAP_ADMIN_PASSWORD: bureau.password, PUBLIC_URL: 'https://yixiang.example.cn' },
  });
  try {
    await stack.start();
  } catch (error) {
    await stack.stop();
    throw error;
  }
  base = stack.gatewayUrl;
  browser = await launchChromium();

  const officer = await token(bureau.email, bureau.password);
  await call('POST', '/institutions', officer, { code: 'WN-CQU', name: '重庆嘉陵理工大学', kind: 'university', region: 'CQ' });
  await call('POST', '/institutions', officer, { code: 'WN-SCE', name: '成都蓉芯测试有限公司', kind: 'enterprise', region: 'SC' });
  await call('POST', '/users', officer, { email: adminEmail, password, name: '陈静', role: 'institution_admin', institutionCode: 'WN-CQU' });
  const operator = await call('POST', '/users', officer, { email: 'operator@webnational.test.example.cn', password, name: '刘工', role: 'operator', institutionCode: 'WN-CQU' });
  const researcher = await call('POST', '/users', officer, { email: 'researcher@webnational.test.example.cn', password, name: '王晓川', role: 'researcher', institutionCode: 'WN-SCE' });
  const admin = await token(adminEmail, password);
  const sem = await call('POST', '/instruments', admin, {
    code: 'WN-SEM', name: '场发射扫描电子显微镜', model: 'Gemini 300', manufacturer: 'Carl Zeiss', countryOfOrigin: 'DE', categoryCode: '0101', originalValueFen: 650000000,
    purchaseDate: '2019-05-20', sharingStatus: 'open', onlineBooking: true, serviceModes: ['self'], specifications: '分辨率 0.7 nm', mainFunctions: '表面形貌观察',
  });
  await call('POST', '/instruments', admin, {
    code: 'WN-XRD', name: 'X 射线衍射仪', categoryCode: '0303', originalValueFen: 123456789, purchaseDate: '2020-03-01', countryOfOrigin: 'JP',
    sharingStatus: 'open', serviceModes: ['sample'], specifications: '2θ 范围 −110°～168°', mainFunctions: '物相分析',
  });
  await call('PUT', `/instruments/${sem.id}/rates`, admin, [
    { code: 'WN-SEM-S', serviceMode: 'self', unit: 'hour', internalPriceFen: 20000, externalPriceFen: 40000, incrementMinutes: 30, validFrom: '2020-01-01' },
  ]);
  const operatorToken = await token('operator@webnational.test.example.cn', password);
  expect(operator.id).toBeDefined();
  await call('POST', '/usage', operatorToken, {
    instrumentId: sem.id, userId: researcher.id, start: '2026-08-12T09:00:00+08:00', end: '2026-08-12T11:30:00+08:00', serviceMode: 'self', serviceCategory: 'research', reason: '网页测试补录',
  });
  const settlement = await call('POST', '/settlements', admin, { period: '2026-08' });
  for (let i = 0; i < 600; i++) {
    const job = await call('GET', `/jobs/${settlement.jobId}`, admin);
    if (job.state === 'completed') break;
    if (job.state === 'failed') throw new Error(`settlement failed ${JSON.stringify(job)}`);
    await new Promise((r) => setTimeout(r, 200));
  }
});

afterEach(() => {
  expect(pageErrors.splice(0)).toEqual([]);
});

afterAll(async () => {
  for (const context of contexts) await context.close().catch(() => undefined);
  await browser?.close();
  await stack?.stop();
});

describe('the national reporting page', () => {
  it('lets an institution admin validate the quarter’s instrument records, see what is missing in Chinese, and download CSV and Excel', async () => {
    const page = await newPage();
    await signIn(page, base, adminEmail, password);
    await page.getByRole('navigation', { name: '主导航' }).getByRole('link', { name: '国家平台报送' }).click();
    await page.getByRole('heading', { name: '国家平台报送' }).waitFor();
    await chooseQuarter(page, '仪器信息');
    await page.getByRole('button', { name: '校验' }).click();
    await page.getByText('2026-Q3 仪器信息：共 2 条，1 条必填字段齐全。').waitFor();
    const missing = page.getByRole('table');
    await expect(missing.locator('tbody tr').allTextContents()).resolves.toEqual(['WN-XRD生产制造商manufacturer', 'WN-XRD规格型号instrVersion']);
    await page.waitForLoadState('networkidle');
    await screenshot(page, 'national-reporting');
    await fitsPhone(page);

    const csv = await downloaded(page, '下载 CSV');
    expect(csv.name).toBe('national-instruments-WN-CQU-2026-Q3.csv');
    expect([...csv.bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const rows = parse(csv.bytes.toString('utf8').slice(1)) as string[][];
    expect(rows.map((r) => r[2])).toEqual(['innerId', 'WN-SEM', 'WN-XRD']);
    expect(rows[1].slice(0, 8)).toEqual(['场发射扫描电子显微镜', '', 'WN-SEM', '0101', '650.00', 'DE', 'Carl Zeiss', '2019-05-20']);
    const xlsx = await downloaded(page, '下载 Excel');
    expect(xlsx.name).toBe('national-instruments-WN-CQU-2026-Q3.xlsx');
    const sheet = await readSheet(xlsx.bytes);
    expect(sheet.rows.map((r) => r[2])).toEqual(['所在单位仪器编号', 'WN-SEM', 'WN-XRD']);

    // The service records of the quarter are complete: the page says so.
    await page.getByLabel('报送内容').selectOption({ label: '服务记录' });
    await page.getByRole('button', { name: '校验' }).click();
    await page.getByText('必填字段齐全，可以报送。').waitFor();
    await page.getByText('2026-Q3 服务记录：共 1 条，1 条必填字段齐全。').waitFor();
    const services = parse((await downloaded(page, '下载 CSV')).bytes.toString('utf8').slice(1)) as string[][];
    expect(services).toEqual([
      ['serviceTime', 'serviceContent', 'serviceWay', 'serviceAmount', 'subjectName', 'subjectIncome', 'applicant', 'applicantUnit', 'comment'],
      ['2026-08-12 09:00', '场发射扫描电子显微镜，科研，2.50 小时', '自主上机', '1000.00', '', '', '王晓川', '成都蓉芯测试有限公司', ''],
    ]);
    await screenshot(page, 'national-reporting-services');
  });

  it('lets the bureau pick the institution', async () => {
    const page = await newPage();
    await signIn(page, base, bureau.email, bureau.password);
    await page.goto(`${base}/national-reporting`);
    await page.getByRole('heading', { name: '国家平台报送' }).waitFor();
    await expect(page.getByRole('button', { name: '校验' }).isDisabled()).resolves.toBe(true);
    await page.getByLabel('单位').selectOption({ label: '重庆嘉陵理工大学（WN-CQU）' });
    await chooseQuarter(page, '仪器信息');
    await page.getByRole('button', { name: '校验' }).click();
    await page.getByRole('heading', { name: '重庆嘉陵理工大学（WN-CQU）' }).waitFor();
    await expect(page.getByRole('table').locator('tbody tr').count()).resolves.toBe(2);
    await fitsPhone(page);
  });
});
