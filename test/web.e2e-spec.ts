import { strToU8, zipSync } from 'fflate';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { LocalStack } from '../deploy/local/stack/local-stack';
import type { MailServer } from '../deploy/local/stack/mail';
import { ROOT } from './support/paths';
import { launchChromium, screenshot, signIn } from './web/browser';

// The web application in headless Chromium against a platform of its own (its own database,
// BullMQ prefix and nats-server), so the worked example's subsidy is computed on exactly its data.
jest.setTimeout(240_000);

const EXAMPLE = join(ROOT, 'test/fixtures/worked-example');
const run = `${Date.now().toString(36)}${randomBytes(3).toString('hex')}`;
const bureau = { email: 'bureau@web.test.yixiang.local', password: `web-${randomBytes(8).toString('hex')}` };
let stack: LocalStack;
let mail: MailServer | undefined;
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
const token = async (email: string, password: string) => (await call('POST', '/auth/login', null, { email, password })).accessToken as string;

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

function bundleFile(files: Record<string, string>): string {
  const path = join(mkdtempSync(join(tmpdir(), 'yixiang-web-')), 'bundle.zip');
  writeFileSync(path, zipSync(Object.fromEntries(Object.entries(files).map(([name, text]) => [name, strToU8(text)]))));
  return path;
}
const workedExample = () => Object.fromEntries(readdirSync(join(EXAMPLE, 'bundle')).map((f) => [f, readFileSync(join(EXAMPLE, 'bundle', f), 'utf8')]));

beforeAll(async () => {
  const { LocalStack } = require('../deploy/local/stack/local-stack') as typeof import('../deploy/local/stack/local-stack');
  const { startMailServer } = require('../deploy/local/stack/mail') as typeof import('../deploy/local/stack/mail');
  mail = await startMailServer(join(ROOT, '.runtime', 'test-mail', `web-${run}`));
  stack = new LocalStack({
    database: `yixiang_webtest_${run}`,
    bullmqPrefix: `yxweb-${run}`,
    logDir: join(ROOT, '.runtime', 'test-logs', `web-${run}`),
    dropDatabaseOnStop: process.env.KEEP_TEST_DATABASE !== 'true',
    env: {
      // A few connections a service: this stack runs beside the suite's own on one PostgreSQL (100 connections by default).
      DB_POOL_MAX: '4', BOOTSTRAP_ADMIN_EMAIL: bureau.email, BOOTSTRAP_ADMIN_PASSWORD: bureau.password, SETTLEMENT_BATCH: '1000', SMTP_URL: mail.url },
  });
  try {
    await stack.start();
  } catch (error) {
    await stack.stop();
    throw error;
  }
  base = stack.gatewayUrl;
  browser = await launchChromium();
});

afterEach(() => {
  // An uncaught error in the page fails the test that caused it.
  expect(pageErrors.splice(0)).toEqual([]);
});

afterAll(async () => {
  for (const context of contexts) await context.close().catch(() => undefined);
  await browser?.close();
  await stack?.stop();
  await mail?.stop();
});

describe('a researcher books, a second booking of the slot conflicts, the admin approves', () => {
  const people = { admin: '', first: '', second: '' };
  const password = `pw-${randomBytes(6).toString('hex')}`;
  let instrumentId = '';
  const monday = (() => {
    const date = beijingDate(7);
    const weekday = new Date(`${date}T00:00:00Z`).getUTCDay();
    const d = new Date(`${date}T00:00:00Z`);
    d.setUTCDate(d.getUTCDate() - ((weekday + 6) % 7));
    return d.toISOString().slice(0, 10);
  })();
  // Monday 10:00 in Beijing, as the calendar marks its slot.
  const slot = new Date(`${monday}T10:00:00+08:00`).toISOString();

  beforeAll(async () => {
    const officer = await token(bureau.email, bureau.password);
    await call('POST', '/institutions', officer, { code: 'WEB-U', name: '嘉陵共享大学', kind: 'university', region: 'CQ' });
    await call('POST', '/institutions', officer, { code: 'WEB-L', name: '渝北材料研究所', kind: 'institute', region: 'CQ' });
    for (const [key, role, institutionCode] of [['admin', 'institution_admin', 'WEB-U'], ['first', 'researcher', 'WEB-L'], ['second', 'researcher', 'WEB-L']] as const) {
      people[key] = `${key}@web.test.example.cn`;
      await call('POST', '/users', officer, { email: people[key], password, name: `${key} 用户`, role, institutionCode });
    }
    const admin = await token(people.admin, password);
    const instrument = await call('POST', '/instruments', admin, {
      code: 'WEB-SEM', name: '场发射扫描电镜', model: 'Gemini 300', manufacturer: 'Carl Zeiss', categoryCode: '0101', originalValueFen: 350000000,
      sharingStatus: 'open', onlineBooking: true, serviceModes: ['assisted'], mainFunctions: '表面形貌观察',
      bookingRules: { slotMinutes: 60, minMinutes: 60, maxMinutes: 480, leadMinutes: 0, approvalRequired: true },
    });
    instrumentId = instrument.id;
    await call('PUT', `/instruments/${instrumentId}/availability`, admin, {
      timezone: 'Asia/Shanghai', weekly: [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({ weekday, start: '08:00', end: '20:00' })),
    });
    await call('PUT', `/instruments/${instrumentId}/rates`, admin, [
      { code: 'WEB-SEM-A', serviceMode: 'assisted', unit: 'hour', internalPriceFen: 30000, externalPriceFen: 60000, incrementMinutes: 30, validFrom: '2025-01-01' },
    ]);
  });

  it('finds the instrument by a Chinese word, books a free slot and sees it in my bookings; the second booking shows the conflict; the admin approves', async () => {
    const first = await newPage();
    await signIn(first, base, people.first, password);
    // As people type (issue 21): an abbreviation finds the Chinese name, and typing alone searches.
    await first.getByLabel('关键词').fill('SEM');
    // The first page already lists every instrument: the typed text must reach the address (after the
    // typing pause) and its results come back before the list says anything.
    await first.waitForURL((url) => url.searchParams.get('q') === 'SEM');
    await first.waitForLoadState('networkidle');
    await first.getByRole('link', { name: '场发射扫描电镜' }).waitFor();
    await first.getByLabel('关键词').fill('电镜');
    await first.getByRole('button', { name: '搜索' }).click();
    await first.getByRole('link', { name: '场发射扫描电镜' }).click();
    await first.getByRole('heading', { name: '场发射扫描电镜' }).waitFor();
    await first.getByRole('button', { name: '下一周' }).click();
    await first.locator(`[data-slot="${slot}"]`).click();
    await first.getByLabel('用途说明').fill('钙钛矿薄膜形貌表征');

    // The second researcher has the same week open, and picks the same hour, before the first books.
    const second = await newPage();
    await signIn(second, base, people.second, password);
    await second.goto(`${base}/instruments/${instrumentId}`);
    await second.getByRole('button', { name: '下一周' }).click();
    await second.locator(`[data-slot="${slot}"]`).click();
    await second.getByLabel('用途说明').fill('同一时段的第二个预约');

    await first.getByRole('button', { name: '提交预约' }).click();
    const done = first.getByRole('status').filter({ hasText: '等待审核' });
    await done.waitFor();
    const code = /预约 (\S+) 已提交/.exec((await done.textContent()) ?? '')?.[1];
    expect(code).toBeTruthy();
    // The booked hour is no longer offered (once the calendar has reloaded).
    await first.locator(`[data-slot="${slot}"]`).waitFor({ state: 'detached' });
    await screenshot(first, 'instrument-booked');

    await second.getByRole('button', { name: '提交预约' }).click();
    const conflict = second.locator('[role="alert"][data-code="BOOKING_CONFLICT"]');
    await conflict.waitFor();
    expect(await conflict.textContent()).toContain(`时段冲突： ${monday} 10:00 至 ${monday} 11:00（北京时间）已被其他预约占用`);
    await screenshot(second, 'instrument-conflict');
    // Issue 19: the taken hour can be waited for; the waiting list shows on the researcher's bookings.
    await second.getByRole('button', { name: '加入候补名单' }).click();
    await second.getByRole('status').filter({ hasText: '已加入候补名单' }).waitFor();
    await screenshot(second, 'waitlist-joined');
    await second.goto(`${base}/bookings`);
    await second.getByRole('heading', { name: '候补名单' }).waitFor();
    await second.getByText('排第 1 位').waitFor();
    await second.waitForLoadState('networkidle');
    await screenshot(second, 'my-waitlist');
    // A recurring booking: Monday 14:00, every week, three times.
    await second.goto(`${base}/instruments/${instrumentId}`);
    await second.getByRole('button', { name: '下一周' }).click();
    await second.locator(`[data-slot="${new Date(`${monday}T14:00:00+08:00`).toISOString()}"]`).click();
    await second.getByLabel('用途说明').fill('每周例行表征');
    await second.getByLabel('重复').selectOption('WEEKLY');
    await second.getByLabel('次数').fill('3');
    await second.getByRole('button', { name: '提交预约' }).click();
    await second.getByRole('status').filter({ hasText: '重复预约已提交：预约 3 次，跳过 0 次' }).waitFor();
    await screenshot(second, 'series-booked');

    await first.getByRole('link', { name: '查看我的预约' }).click();
    const row = first.locator(`tr[data-booking="${code}"]`);
    // The row comes first, the instrument's name a moment later: wait for each.
    await row.getByText('待审核').waitFor();
    await row.getByText('场发射扫描电镜', { exact: false }).waitFor();
    await screenshot(first, 'my-bookings');

    const admin = await newPage();
    await signIn(admin, base, people.admin, password);
    await admin.goto(`${base}/approvals`);
    const card = admin.locator(`[data-booking="${code}"]`);
    await card.waitFor();
    await screenshot(admin, 'approvals');
    await card.getByRole('button', { name: '批准' }).click();
    await admin.getByRole('status').filter({ hasText: `预约 ${code}：已确认` }).waitFor();

    await first.reload();
    await row.getByText('已确认').waitFor();

    // The approval reaches the researcher's inbox: the header counts it unread until it is read.
    const unread = first.locator('.unread-link .count');
    // The inbox loads once per visit: visit again until the event has gone round (outbox, JetStream, notification service).
    const approvedTitle = first.getByText('【仪享】预约已通过：', { exact: false }).first();
    for (let i = 0; i < 30; i++) {
      await first.goto(`${base}/notifications`);
      await first.waitForLoadState('networkidle');
      if (await approvedTitle.isVisible()) break;
      await first.waitForTimeout(1000);
    }
    await approvedTitle.waitFor();
    await unread.waitFor();
    expect(Number(await unread.textContent())).toBeGreaterThanOrEqual(1);
    await first.waitForLoadState('networkidle');
    await screenshot(first, 'notifications');
    await first.getByRole('button', { name: '全部标为已读' }).click();
    await unread.waitFor({ state: 'detached' });

    // The rest of the main pages of each role, for the screenshots.
    for (const [page, path, name, ready] of [
      [first, '/', 'search', '查找仪器'],
      [first, '/billing', 'billing', '费用与账单'],
      [admin, '/manage/instruments', 'manage-instruments', '本单位仪器'],
      [admin, `/manage/instruments/${instrumentId}`, 'manage-instrument', '每周开放时间'],
      [admin, '/usage', 'usage', '手工补录机时'],
      [admin, '/utilisation', 'utilisation', '本单位仪器使用统计'],
      [admin, '/evaluation', 'evaluation', '本单位绩效评价结果'],
    ] as const) {
      await page.goto(`${base}${path}`);
      await page.getByText(ready).first().waitFor();
      await page.waitForLoadState('networkidle');
      await screenshot(page, name);
    }
    await first.goto(`${base}/login`);
    const token = await first.evaluate(() => (JSON.parse((globalThis as unknown as { sessionStorage: { getItem(k: string): string | null } }).sessionStorage.getItem('yixiang.session') ?? 'null') as { token?: string } | null)?.token);
    expect((await fetch(`${base}/api/v1/auth/me`, { headers: { authorization: `Bearer ${token}` } })).status).toBe(200);
    await first.getByRole('button', { name: '退出' }).click();
    await first.getByLabel('邮箱').waitFor();
    // Signing out ended the token on the server, not only in the tab.
    expect((await fetch(`${base}/api/v1/auth/me`, { headers: { authorization: `Bearer ${token}` } })).status).toBe(401);
    await screenshot(first, 'login');
  });
});

describe('the bureau officer imports the worked example, settles and runs its 2025 subsidy', () => {
  it('shows a bad bundle’s error report, then the expected amount of every institution', async () => {
    const page = await newPage();
    await signIn(page, base, bureau.email, bureau.password);

    // One bad cell: nothing is imported, and the report names file, line, column and reason.
    const bad = workedExample();
    bad['instruments.csv'] = bad['instruments.csv'].replace('2000000000', '2OOOOOOOOO');
    await page.goto(`${base}/imports`);
    await page.getByLabel('数据包（.zip）').setInputFiles(bundleFile(bad));
    await page.getByRole('button', { name: '开始导入' }).click();
    const report = page.locator('table.error-report');
    await report.waitFor();
    expect(await report.textContent()).toMatch(/instruments\.csv\s*2\s*originalValueFen/);
    await screenshot(page, 'import-error-report');

    await page.getByLabel('数据包（.zip）').setInputFiles(bundleFile(workedExample()));
    await page.getByRole('button', { name: '开始导入' }).click();
    await page.getByText('导入完成。').waitFor();
    expect(await page.getByRole('progressbar').getAttribute('aria-valuenow')).toBe('100');
    await screenshot(page, 'import-done');

    await page.goto(`${base}/settlements`);
    await page.getByLabel('月份').fill('2025-12');
    await page.getByRole('button', { name: '结算该月' }).click();
    await page.getByText('2025-12 已结算。').waitFor({ timeout: 120_000 });
    await page.getByRole('table', { name: '结算记录' }).getByText(/2025-03：\d+ 条记录/).waitFor();
    await screenshot(page, 'settlements');

    await page.goto(`${base}/policies`);
    await page.getByText('worked-example-2025 · v1').waitFor();
    await screenshot(page, 'policies');

    await page.goto(`${base}/subsidy`);
    await page.getByLabel('年度').fill('2025');
    await page.getByRole('button', { name: '开始计算' }).click();
    await page.getByRole('table', { name: '评价结果' }).waitFor({ timeout: 120_000 });

    const expected = readFileSync(join(EXAMPLE, 'expected/evaluation.csv'), 'utf8').trim().split('\n').slice(1).map((line) => line.split(','));
    for (const columns of expected) {
      const [institution, grade, subsidyFen] = [columns[0], columns[12], columns[15]];
      const row = page.locator(`tr[data-institution="${institution}"]`);
      const yuanText = `${(BigInt(subsidyFen) / 100n).toLocaleString('en-US')}.${(BigInt(subsidyFen) % 100n).toString().padStart(2, '0')}`;
      expect(await row.locator('.subsidy-amount').textContent()).toBe(yuanText);
      expect(await row.textContent()).toContain({ excellent: '优秀', good: '良好', pass: '合格', poor: '不合格' }[grade]);
    }
    await screenshot(page, 'subsidy-run');

    // Every number explained, with its usage records.
    // The institution's button reads its name and its code (issue 21: names instead of codes).
    await page.getByRole('button', { name: new RegExp(` ${expected[0][0]}$`) }).click();
    await page.getByRole('heading', { name: new RegExp(`${expected[0][0]} 的评价明细`) }).waitFor();
    // The rules behind the figures in the page's language, not the API's English.
    await page.getByText(/台自有仪器，原值不低于/).waitFor();
    // Its hours by source (issue 20): the worked example's records are all imported.
    const bySource = page.getByRole('row', { name: /按来源机时/ });
    expect(await bySource.textContent()).toContain('按来源记录的机时：终端采集 0.00 小时，签退 0.00 小时，导入 899.17 小时，手工录入 0.00 小时；各来源机时全额计入');
    await screenshot(page, 'subsidy-explanation');

    // A what-if beside the official run: a higher rate moves money towards nobody but is compared row by row.
    const official = page.url();
    await page.goto(`${base}/subsidy`);
    await page.getByLabel('模拟测算（调整参数，不可发布）').check();
    await page.getByLabel('对比的正式批次').selectOption({ index: 1 });
    // The factors as percent in the what-if form (no JSON typed): excellent and pass both 100 %.
    await page.getByLabel('优秀系数（%）').fill('100');
    await page.getByLabel('合格系数（%）', { exact: true }).fill('100');
    await page.getByRole('button', { name: '开始计算' }).click();
    const compare = page.getByRole('heading', { name: /与正式批次对比/ });
    await compare.waitFor({ timeout: 120_000 });
    expect(await compare.textContent()).toMatch(/与正式批次对比：[1-9]\d* 家增加，[1-9]\d* 家减少/);
    await expect(page.getByRole('button', { name: '发布结果' }).count()).resolves.toBe(0);
    await screenshot(page, 'subsidy-what-if');

    // Publishing the official run freezes it.
    await page.goto(official);
    await page.getByRole('button', { name: '发布结果' }).click();
    // The page's own dialog (issue 21), not the browser's confirm().
    await page.getByRole('dialog', { name: '发布评价结果' }).getByRole('button', { name: '确认发布' }).click();
    await page.getByText('结果已发布。').waitFor();
    await page.getByRole('button', { name: '发布结果' }).waitFor({ state: 'detached' });
    await page.getByText('已发布', { exact: true }).first().waitFor();

    await page.goto(`${base}/subsidy`);
    await page.getByRole('table', { name: '评价批次' }).waitFor();
    await screenshot(page, 'subsidy-runs');

    // The English switch is remembered.
    await page.getByRole('button', { name: 'English' }).click();
    await page.getByRole('heading', { name: 'Evaluation and post-subsidy' }).waitFor();
    await page.reload();
    await page.getByRole('heading', { name: 'Evaluation and post-subsidy' }).waitFor();
    await page.getByRole('button', { name: '中文' }).click();
    // Registering an institution and issuing a voucher through their forms (after the evaluation, which they would change).
    await page.goto(`${base}/institutions`);
    await page.getByText('登记新单位').click();
    await page.getByLabel('编号', { exact: true }).fill('WEB-NEW');
    await page.getByLabel('名称', { exact: true }).fill('网页登记研究院');
    await page.getByLabel('地区').fill('CQ');
    await page.getByRole('button', { name: '创建' }).click();
    await page.getByRole('status').filter({ hasText: '已登记 网页登记研究院。' }).waitFor();
    await page.getByRole('cell', { name: 'WEB-NEW' }).waitFor();
    await page.goto(`${base}/vouchers`);
    await page.getByText('发放创新券').first().click();
    await page.getByLabel('编号', { exact: true }).fill('CV-WEB-1');
    await page.getByLabel('持券单位编号').fill('WEB-NEW');
    await page.getByLabel('面额（元）').fill('2000');
    await page.getByLabel('生效日期').fill('2027-01-01');
    await page.getByRole('button', { name: '发放创新券' }).click();
    await page.getByRole('status').filter({ hasText: '已发放 CV-WEB-1。' }).waitFor();
    await page.getByRole('cell', { name: 'CV-WEB-1' }).waitFor();
    await expect(page.getByRole('row').filter({ hasText: 'CV-WEB-1' }).textContent()).resolves.toContain('2,000.00');

    for (const [path, name, ready] of [
      ['/institutions', 'institutions', '单位管理'],
      ['/vouchers', 'vouchers', '创新券'],
    ] as const) {
      await page.goto(`${base}${path}`);
      await page.getByRole('heading', { name: ready }).waitFor();
      await page.waitForLoadState('networkidle');
      await screenshot(page, name);
    }
  });

  it('prints a statement: its lines and total on the paper, nothing of the page around it', async () => {
    const page = await newPage();
    await signIn(page, base, bureau.email, bureau.password);
    const listed = (await call('GET', '/statements?period=2025-03&pageSize=200', await token(bureau.email, bureau.password))).items as any[];
    const statement = listed.find((s) => s.lines > 1) ?? listed[0];
    await page.goto(`${base}/billing`);
    await page.getByRole('tab', { name: '结算单' }).click();
    await page.getByLabel('月份').fill('2025-03');
    const payable = `${(BigInt(statement.payableFen) / 100n).toLocaleString('en-US')}.${(BigInt(statement.payableFen) % 100n).toString().padStart(2, '0')}`;
    const row = page.getByRole('row').filter({ hasText: payable }).first();
    await row.getByRole('button', { name: /打印结算单/ }).click();
    const sheet = page.getByRole('article', { name: '仪器共享服务结算单' });
    await sheet.waitFor();
    await sheet.locator('tbody tr').nth(statement.lines - 1).waitFor();
    expect(await sheet.locator('tbody tr').count()).toBe(statement.lines);
    const total = await sheet.locator('tfoot').textContent();
    expect(total).toContain('合计');
    expect(total).toContain(payable);
    // As printed: the sheet is visible, the menu and the list behind it are not, the buttons are gone.
    await page.emulateMedia({ media: 'print' });
    const visibility = (selector: string) => page.locator(selector).first().evaluate((el) => (globalThis as unknown as { getComputedStyle(e: unknown): { visibility: string } }).getComputedStyle(el).visibility);
    expect(await visibility('.statement-sheet h2')).toBe('visible');
    expect(await visibility('h1')).toBe('hidden');
    expect(await sheet.getByRole('button', { name: '打印' }).isVisible()).toBe(false);
    await page.screenshot({ path: join(ROOT, '.runtime', `statement-print-${run}.png`), fullPage: true });
    await page.emulateMedia({ media: 'screen' });
    await screenshot(page, 'statement-print');
  });
});
