import { strToU8, zipSync } from 'fflate';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { LocalStack } from '../deploy/local/stack/local-stack';
import { ROOT } from './support/paths';
import { DESKTOP, launchChromium, PHONE, screenshot, signIn } from './web/browser';

// Forms for people (issue 21) in headless Chromium, against a platform of its own: the bureau
// imports the worked example twice (the second time all unchanged), settles its fourteen months in
// one range run, edits a policy through the form in 元 and percent (no JSON typed), runs a what-if
// through the form, and prints the public notice of the official run.
jest.setTimeout(420_000);

const EXAMPLE = join(ROOT, 'test/fixtures/worked-example');
const run = `${Date.now().toString(36)}${randomBytes(3).toString('hex')}`;
const bureau = { email: 'bureau@webforms.test.yixiang.local', password: `web-${randomBytes(8).toString('hex')}` };
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
const token = async () => (await call('POST', '/auth/login', null, bureau)).accessToken as string;

async function newPage(): Promise<Page> {
  const context = await browser.newContext({ viewport: DESKTOP, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
  contexts.push(context);
  const page = await context.newPage();
  page.on('pageerror', (error) => pageErrors.push(error.message));
  return page;
}

/** Nothing makes the whole page scroll sideways on a phone. */
async function fitsPhone(page: Page): Promise<void> {
  await page.setViewportSize(PHONE);
  const widths = await page.evaluate<{ page: number; viewport: number }>('({ page: document.documentElement.scrollWidth, viewport: window.innerWidth })');
  expect(widths.page).toBeLessThanOrEqual(widths.viewport);
  await page.setViewportSize(DESKTOP);
}

function bundleFile(files: Record<string, string>): string {
  const path = join(mkdtempSync(join(tmpdir(), 'yixiang-webforms-')), 'bundle.zip');
  writeFileSync(path, zipSync(Object.fromEntries(Object.entries(files).map(([name, text]) => [name, strToU8(text)]))));
  return path;
}
const workedExample = () => Object.fromEntries(readdirSync(join(EXAMPLE, 'bundle')).map((f) => [f, readFileSync(join(EXAMPLE, 'bundle', f), 'utf8')]));
const yuanText = (fen: bigint) => `${(fen / 100n).toLocaleString('en-US')}.${(fen % 100n).toString().padStart(2, '0')}`;
const expected = readFileSync(join(EXAMPLE, 'expected/evaluation.csv'), 'utf8').trim().split('\n').slice(1).map((line) => line.split(','));
const names = Object.fromEntries(readFileSync(join(EXAMPLE, 'bundle/institutions.csv'), 'utf8').trim().split('\n').slice(1).map((line) => line.split(',').slice(0, 2)));
const GRADE = { excellent: '优秀', good: '良好', pass: '合格', poor: '不合格' } as Record<string, string>;

beforeAll(async () => {
  const { LocalStack } = require('../deploy/local/stack/local-stack') as typeof import('../deploy/local/stack/local-stack');
  stack = new LocalStack({
    database: `yixiang_webforms_${run}`,
    bullmqPrefix: `yxwebforms-${run}`,
    logDir: join(ROOT, '.runtime', 'test-logs', `webforms-${run}`),
    dropDatabaseOnStop: process.env.KEEP_TEST_DATABASE !== 'true',
    env: {
      // A few connections a service: this stack runs beside the suite's own on one PostgreSQL (100 connections by default).
      DB_POOL_MAX: '4', BOOTSTRAP_ADMIN_EMAIL: bureau.email, BOOTSTRAP_ADMIN_PASSWORD: bureau.password, SETTLEMENT_BATCH: '1000' },
  });
  try {
    // On a loaded machine (this stack starts beside the suite's own) a minute may not be enough: its processes run on, so wait longer once.
    await stack.start().catch(() => stack.waitHealthy(240_000));
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
});

describe('the bureau works through forms, not JSON', () => {
  let page: Page;
  let officialUrl = '';

  beforeAll(async () => {
    page = await newPage();
    await signIn(page, base, bureau.email, bureau.password);
  });

  it('imports the worked example twice: the second report says every row is unchanged', async () => {
    for (const time of [1, 2]) {
      await page.goto(`${base}/imports`);
      await page.getByLabel('数据包（.zip）').setInputFiles(bundleFile(workedExample()));
      await page.getByRole('button', { name: '开始导入' }).click();
      await page.getByText('导入完成。').waitFor({ timeout: 120_000 });
      const usage = page.getByRole('row').filter({ hasText: 'usage.csv' });
      // 新增, 更新, 未变
      const cells = (await usage.locator('td.num').allTextContents()).map((c) => c.trim());
      expect(cells).toEqual(time === 1 ? ['60', '0', '0'] : ['0', '0', '60']);
    }
    await screenshot(page, 'forms-reimport-unchanged');
  });

  it('settles the fourteen months of the worked example in one range run', async () => {
    await page.goto(`${base}/settlements`);
    await page.getByLabel('起始月').fill('2024-12');
    await page.getByLabel('截止月').fill('2026-01');
    await page.getByRole('button', { name: '逐月结算该区间' }).click();
    await page.getByText('2024-12 至 2026-01 已结算（14 个月）。').waitFor({ timeout: 180_000 });
    expect(await page.getByRole('progressbar').getAttribute('aria-valuenow')).toBe('100');
    const listed = page.getByRole('table', { name: '结算记录' }).getByRole('row').filter({ hasText: '2024-12 至 2026-01' });
    await listed.getByText(/2025-03：\d+ 条记录/).waitFor();
    // A range the wrong way round is refused before it is sent, in Chinese.
    await page.getByLabel('截止月').fill('2024-11');
    await page.getByText(/结束月份 2024-11 早于起始月份 2024-12/).waitFor();
    expect(await page.getByRole('button', { name: '逐月结算该区间' }).isDisabled()).toBe(true);
    await page.getByLabel('截止月').fill('2026-01');
    await screenshot(page, 'forms-settle-range');
    await fitsPhone(page);
    // The charges are the worked example's, to the fen.
    const charges = await (await fetch(`${base}/api/v1/exports/charges.csv`, { headers: { authorization: `Bearer ${await token()}` } })).text();
    expect(charges).toBe(readFileSync(join(EXAMPLE, 'expected/charges.csv'), 'utf8'));
  });

  it('edits a policy through the form in 元 and percent, the JSON following it', async () => {
    await page.goto(`${base}/policies`);
    await page.getByText('worked-example-2025 · v1').waitFor();
    await page.getByRole('button', { name: '以此为基础编辑新版本' }).first().click();
    // The stored fen and basis points, shown as 元 and percent.
    await expect(page.getByLabel('补助总预算（元）').inputValue()).resolves.toBe('50020');
    await expect(page.getByLabel('补助比例（对外收入的 %）').inputValue()).resolves.toBe('20');
    await expect(page.getByLabel('对外服务占比目标（%）').inputValue()).resolves.toBe('30');
    await expect(page.getByLabel('通用仪器基准机时（小时/年）').inputValue()).resolves.toBe('400');
    // Not in the worked example's document: empty, every hour counted in full (issue 20).
    await expect(page.getByLabel('非终端采集机时计入比例（%，不填为 100）').inputValue()).resolves.toBe('');
    await page.getByLabel('非终端采集机时计入比例（%，不填为 100）').fill('120');
    await page.getByRole('button', { name: '保存', exact: true }).click();
    await page.getByText('非终端采集机时计入比例请填写 0–100 的整数百分比，全额计入请留空或填 100').waitFor();
    await page.getByLabel('非终端采集机时计入比例（%，不填为 100）').fill('');

    // A wrong amount is named in Chinese beside its field, and nothing is saved.
    await page.getByLabel('补助总预算（元）').fill('50020.123');
    await page.getByRole('button', { name: '保存', exact: true }).click();
    await page.getByText('请填写金额（元），最多两位小数，如 12.34').waitFor();
    await page.getByText('请先改正标出的 1 处。').waitFor();

    await page.getByLabel('补助总预算（元）').fill('60,000.29');
    await page.getByLabel('补助比例（对外收入的 %）').fill('22.5');
    await page.getByLabel('单台仪器补助上限（元）').fill('40000');
    await page.getByText('以 JSON 编辑（高级）').click();
    const json = page.locator('.pf-json textarea');
    expect(JSON.parse(await json.inputValue())).toMatchObject({ budgetFen: 6000029, rateBps: 2250, perInstrumentCapFen: 4000000 });
    await screenshot(page, 'forms-policy-editor');
    await fitsPhone(page);
    await page.getByRole('button', { name: '保存', exact: true }).click();
    await page.getByRole('status').filter({ hasText: '已保存 worked-example-2025 第 2 版。' }).waitFor();

    const officer = await token();
    const stored = (await call('GET', '/policies?pageSize=50', officer)).items as { code: string; version: number; document: Record<string, unknown> }[];
    const v1 = stored.find((p) => p.version === 1)?.document as Record<string, unknown>;
    const v2 = stored.find((p) => p.version === 2)?.document as Record<string, unknown>;
    // Exactly the three fields changed, to the fen and the basis point; every other field as it was.
    expect(v2).toEqual({ ...v1, budgetFen: 6000029, rateBps: 2250, perInstrumentCapFen: 4000000 });
  });

  it('runs the official 2025 evaluation and prints its public notice: names, grades, amounts in 元 and the total', async () => {
    await page.goto(`${base}/subsidy`);
    await page.getByLabel('评价办法').selectOption({ label: 'worked-example-2025 v1' });
    await page.getByLabel('年度').fill('2025');
    await page.getByRole('button', { name: '开始计算' }).click();
    await page.getByRole('table', { name: '评价结果' }).waitFor({ timeout: 120_000 });
    officialUrl = page.url();

    await page.getByRole('link', { name: '名单公示（可打印）' }).click();
    const notice = page.getByRole('article', { name: '2025 年度大型科研仪器开放共享绩效评价及后补助结果公示' });
    await notice.waitFor();
    for (const [code, , , , , , , , , , , total, grade, , , subsidyFen] of expected) {
      const row = notice.locator(`tr[data-institution="${code}"]`);
      await row.getByText(names[code], { exact: true }).waitFor();
      const cells = (await row.locator('td').allTextContents()).map((c) => c.trim());
      expect(cells.slice(1)).toEqual([names[code], code, GRADE[grade], total, yuanText(BigInt(subsidyFen))]);
    }
    expect(await notice.locator('tbody tr').count()).toBe(expected.length);
    const sum = expected.reduce((s, columns) => s + BigInt(columns[15]), 0n);
    expect((await notice.locator('tfoot').textContent())?.replace(/\s+/g, '')).toBe(`合计${yuanText(sum)}`);
    await notice.getByText(/日期：\d{4}年\d{1,2}月\d{1,2}日/).waitFor();
    await screenshot(page, 'forms-evaluation-notice');
    await fitsPhone(page);

    // As printed: the notice alone — the menu and the buttons are not on the paper.
    await page.emulateMedia({ media: 'print' });
    const visibility = (selector: string) => page.locator(selector).first().evaluate((el) => (globalThis as unknown as { getComputedStyle(e: unknown): { visibility: string; display: string } }).getComputedStyle(el));
    expect((await visibility('.evaluation-notice h1')).visibility).toBe('visible');
    expect((await visibility('.evaluation-notice tfoot td')).visibility).toBe('visible');
    expect((await visibility('nav')).visibility).toBe('hidden');
    expect(await page.getByRole('button', { name: '打印' }).isVisible()).toBe(false);
    const pdf = await page.pdf({ format: 'A4', printBackground: false });
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    await page.emulateMedia({ media: 'screen' });
  });

  it('runs a what-if through the form: factors as percent, compared with the official run', async () => {
    await page.goto(`${base}/subsidy`);
    await page.getByLabel('评价办法').selectOption({ label: 'worked-example-2025 v1' });
    await page.getByLabel('年度').fill('2025');
    await page.getByLabel('模拟测算（调整参数，不可发布）').check();
    await page.getByLabel('对比的正式批次').selectOption({ index: 1 });
    await expect(page.getByLabel('优秀系数（%）').inputValue()).resolves.toBe('120');
    await page.getByText('尚未调整任何参数。').waitFor();
    await page.getByLabel('优秀系数（%）').fill('100');
    await page.getByLabel('合格系数（%）', { exact: true }).fill('100');
    await page.getByText(/将调整：后补助/).waitFor();
    // The advanced JSON holds only the overrides, in the stored units.
    await page.getByText('以 JSON 编辑（高级）').click();
    expect(JSON.parse(await page.locator('.pf-json textarea').inputValue())).toEqual({ gradeFactorPct: { excellent: 100, good: 100, pass: 100, poor: 0 } });
    await screenshot(page, 'forms-what-if');
    await fitsPhone(page);
    await page.getByRole('button', { name: '开始计算' }).click();
    const compare = page.getByRole('heading', { name: /与正式批次对比/ });
    await compare.waitFor({ timeout: 120_000 });
    expect(await compare.textContent()).toMatch(/与正式批次对比：[1-9]\d* 家增加，[1-9]\d* 家减少/);
    // A what-if has no public notice.
    expect(await page.getByRole('link', { name: '名单公示（可打印）' }).count()).toBe(0);
    expect(page.url()).not.toBe(officialUrl);
    await screenshot(page, 'forms-what-if-result');
  });
});
