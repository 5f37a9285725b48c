import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { LocalStack } from '../deploy/local/stack/local-stack';
import { ROOT } from './support/paths';
import { launchChromium, PHONE, screenshot, signIn } from './web/browser';

// Issue 21 in headless Chromium, against a platform of its own: the operator's qualifications page grants
// and revokes; the admin edits an instrument's model and manufacturer and sees them on the public page;
// the admin gives a day two opening ranges.
jest.setTimeout(240_000);

const run = `${Date.now().toString(36)}${randomBytes(3).toString('hex')}`;
const bureau = { email: 'bureau@web-manage.test.yixiang.local', password: `web-${randomBytes(8).toString('hex')}` };
const password = `pw-${randomBytes(6).toString('hex')}`;
const people = { admin: 'admin@web-manage.example.cn', operator: 'operator@web-manage.example.cn', researcher: 'researcher@web-manage.example.cn' };
let stack: LocalStack;
let base: string;
let browser: Browser;
const contexts: BrowserContext[] = [];
const pageErrors: string[] = [];
let instrumentId = '';
let adminToken = '';

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
const token = async (email: string, secret: string) => (await call('POST', '/auth/login', null, { email, password: secret })).accessToken as string;

async function newPage(): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1366, height: 900 }, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
  contexts.push(context);
  const page = await context.newPage();
  page.on('pageerror', (error) => pageErrors.push(error.message));
  return page;
}

/** A Beijing date "YYYY-MM-DD" plus days. */
function beijingDate(days: number): string {
  return new Date(Date.now() + 8 * 3_600_000 + days * 86_400_000).toISOString().slice(0, 10);
}

/** Whether the page scrolls sideways at phone width (it must not: tables scroll in their own box). */
async function scrollsSideways(page: Page): Promise<boolean> {
  await page.setViewportSize(PHONE);
  const wider = await page.evaluate('document.documentElement.scrollWidth > window.innerWidth + 1');
  await page.setViewportSize({ width: 1366, height: 900 });
  return wider as boolean;
}

beforeAll(async () => {
  const { LocalStack } = require('../deploy/local/stack/local-stack') as typeof import('../deploy/local/stack/local-stack');
  stack = new LocalStack({
    database: `yixiang_webmanage_${run}`,
    bullmqPrefix: `yxwebm-${run}`,
    logDir: join(ROOT, '.runtime', 'test-logs', `web-manage-${run}`),
    dropDatabaseOnStop: process.env.KEEP_TEST_DATABASE !== 'true',
    // A few connections a service: this stack runs beside the suite's own on one PostgreSQL.
    env: { DB_POOL_MAX: '4', BOOTSTRAP_ADMIN_EMAIL: bureau.email, BOOTSTRAP_ADMIN_PASSWORD: bureau.password },
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
  await call('POST', '/institutions', officer, { code: 'WM-U', name: '嘉陵共享大学', kind: 'university', region: 'CQ' });
  await call('POST', '/institutions', officer, { code: 'WM-L', name: '渝北材料研究所', kind: 'institute', region: 'CQ' });
  await call('POST', '/users', officer, { email: people.admin, password, name: '王管理', role: 'institution_admin', institutionCode: 'WM-U' });
  await call('POST', '/users', officer, { email: people.operator, password, name: '赵机组', role: 'operator', institutionCode: 'WM-U' });
  await call('POST', '/users', officer, { email: people.researcher, password, name: '李研究', role: 'researcher', institutionCode: 'WM-L' });
  adminToken = await token(people.admin, password);
  const instrument = await call('POST', '/instruments', adminToken, {
    code: 'WM-SEM', name: '场发射扫描电镜', model: 'Gemini 300', manufacturer: 'Carl Zeiss', countryOfOrigin: 'DE', categoryCode: '0101',
    originalValueFen: 350000000, purchaseDate: '2021-05-10', sharingStatus: 'open', onlineBooking: true, serviceModes: ['self', 'assisted'],
    bookingRules: { qualificationRequired: true },
  });
  instrumentId = instrument.id;
});

afterEach(() => {
  // An uncaught error in the page fails the test that caused it.
  expect(pageErrors.splice(0)).toEqual([]);
});

afterAll(async () => {
  for (const context of contexts) await context.close().catch(() => undefined);
  await browser?.close();
  await stack?.stop();
});

describe('the operator’s qualifications page', () => {
  it('grants a qualification by email until a Beijing day, shows it as expiring soon, and revokes it', async () => {
    const page = await newPage();
    await signIn(page, base, people.operator, password);
    await page.getByRole('navigation', { name: '主导航' }).getByRole('link', { name: '上机资格' }).click();
    await page.getByRole('heading', { name: '上机资格管理' }).waitFor();

    const lastDay = beijingDate(20);
    const grant = page.getByRole('form', { name: '授予上机资格' });
    await grant.getByLabel('用户邮箱').fill(people.researcher);
    await grant.getByLabel('仪器', { exact: true }).selectOption({ label: '场发射扫描电镜' });
    await grant.getByLabel('有效期至（含当日，北京时间）').fill(lastDay);
    await grant.getByRole('button', { name: '授予上机资格' }).click();
    await page.getByRole('status').filter({ hasText: `已授予 ${people.researcher} 使用 场发射扫描电镜 的上机资格，有效期至 ${lastDay}（北京时间）` }).waitFor();

    // The row: names, the last day, and the yellow "expiring" mark (within 30 days).
    const row = page.locator('tr[data-standing="expiring"]').filter({ hasText: '李研究' });
    await row.waitFor();
    expect((await row.textContent())?.replace(/\s+/g, ' ')).toContain(`场发射扫描电镜 WM-SEM李研究${people.researcher}${lastDay}即将到期`);
    // Stored as the midnight (Beijing) after the last day: the server holds the instant.
    const held = await call('GET', `/qualifications?instrumentId=${instrumentId}`, adminToken);
    const nextDay = new Date(Date.parse(`${lastDay}T00:00:00+08:00`) + 86_400_000).toISOString();
    expect(held.map((q: any) => q.validTo)).toEqual([nextDay]);
    expect(await scrollsSideways(page)).toBe(false);
    await screenshot(page, 'qualifications');

    // Revoking asks once more in the row, then the row is gone and so is the qualification.
    await row.getByRole('button', { name: '撤销资格：李研究 · 场发射扫描电镜' }).click();
    await row.getByRole('button', { name: '确认撤销：李研究 · 场发射扫描电镜' }).click();
    await page.getByRole('status').filter({ hasText: '已撤销 李研究 使用 场发射扫描电镜 的上机资格。' }).waitFor();
    await row.waitFor({ state: 'detached' });
    expect(await call('GET', `/qualifications?instrumentId=${instrumentId}`, adminToken)).toEqual([]);
  });
});

describe('the admin’s instrument page', () => {
  it('edits model, manufacturer, purchase date and specifications, and the public page shows them', async () => {
    const page = await newPage();
    await signIn(page, base, people.admin, password);
    await page.goto(`${base}/manage/instruments/${instrumentId}`);
    const details = page.getByRole('form', { name: '基本信息与预约规则' });
    await details.getByLabel('型号', { exact: true }).fill('Regulus 8100');
    await details.getByLabel('生产厂商').fill('Hitachi');
    await details.getByLabel('产地（国家代码，如 CN、DE）').fill('jp');
    await details.getByLabel('购置日期').fill('2023-09-01');
    await details.getByLabel('技术指标').fill('分辨率 0.6 nm @ 15 kV');
    await details.getByRole('button', { name: '保存' }).click();
    await details.getByRole('status').filter({ hasText: '已保存' }).waitFor();
    expect(await call('GET', `/instruments/${instrumentId}`, adminToken)).toMatchObject({
      model: 'Regulus 8100', manufacturer: 'Hitachi', countryOfOrigin: 'JP', purchaseDate: '2023-09-01', specifications: '分辨率 0.6 nm @ 15 kV',
    });

    await page.getByRole('link', { name: '查看公开页面' }).click();
    await page.getByRole('heading', { name: '场发射扫描电镜' }).waitFor();
    await page.getByText('Regulus 8100 · Hitachi · JP').first().waitFor();
    await page.getByText('2023-09-01').first().waitFor();
    await page.getByText('分辨率 0.6 nm @ 15 kV').first().waitFor();
    // And the search finds it by its new model.
    const found = await call('GET', `/instruments?q=${encodeURIComponent('regulus')}`, adminToken);
    expect(found.items.map((i: any) => i.code)).toEqual(['WM-SEM']);
    await screenshot(page, 'instrument-edited');
  });

  it('gives Monday two opening ranges with the lunch hours closed, and refuses overlapping ones', async () => {
    const page = await newPage();
    await signIn(page, base, people.admin, password);
    await page.goto(`${base}/manage/instruments/${instrumentId}`);
    const hours = page.getByRole('form', { name: '每周开放时间' });
    await hours.getByText('全天不开放').first().waitFor();
    await hours.getByRole('button', { name: '周一 增加时段' }).click();
    await hours.getByLabel('周一 时段 1 结束').fill('12:00');
    // The second range is offered two hours after the first closes.
    await hours.getByRole('button', { name: '周一 增加时段' }).click();
    expect([await hours.getByLabel('周一 时段 2 开始').inputValue(), await hours.getByLabel('周一 时段 2 结束').inputValue()]).toEqual(['14:00', '18:00']);
    await hours.getByRole('button', { name: '周二 增加时段' }).click();
    await hours.getByRole('button', { name: '保存' }).click();
    await hours.getByRole('status').filter({ hasText: '已保存' }).waitFor();
    expect((await call('GET', `/instruments/${instrumentId}/availability`, adminToken)).weekly).toEqual([
      { weekday: 1, start: '08:00', end: '12:00' }, { weekday: 1, start: '14:00', end: '18:00' }, { weekday: 2, start: '08:00', end: '18:00' },
    ]);

    // After a reload the form shows both ranges as stored.
    await page.reload();
    await hours.getByLabel('周一 时段 2 开始').waitFor();
    expect(await hours.getByLabel('周一 时段 1 结束').inputValue()).toBe('12:00');

    // An overlap is refused, and the stored hours stay.
    await hours.getByLabel('周一 时段 2 开始').fill('11:00');
    await hours.getByRole('button', { name: '保存' }).click();
    await hours.getByRole('alert').waitFor();
    expect((await call('GET', `/instruments/${instrumentId}/availability`, adminToken)).weekly).toHaveLength(3);
    await hours.getByLabel('周一 时段 2 开始').fill('14:00');
    // Tuesday closed again: its one range removed.
    await hours.getByRole('button', { name: '周二 时段 1 删除此时段' }).click();
    await hours.getByRole('button', { name: '保存' }).click();
    await hours.getByRole('status').filter({ hasText: '已保存' }).waitFor();
    expect((await call('GET', `/instruments/${instrumentId}/availability`, adminToken)).weekly).toEqual([
      { weekday: 1, start: '08:00', end: '12:00' }, { weekday: 1, start: '14:00', end: '18:00' },
    ]);
    expect(await scrollsSideways(page)).toBe(false);
    await hours.scrollIntoViewIfNeeded();
    await screenshot(page, 'manage-instrument-hours');
  });
});
