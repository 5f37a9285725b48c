import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { LocalStack } from '../deploy/local/stack/local-stack';
import { ROOT } from './support/paths';
import { DESKTOP, launchChromium, screenshot, signIn, fitsPhone } from './web/browser';

// The cross-region statistics page (issue 16) in headless Chromium, against a platform of its own:
// a Sichuan user's services on a Chongqing instrument and back, settled, then the joint 川渝 view and
// one region's view at desktop and phone width, never wider than the phone.
jest.setTimeout(240_000);

const run = `${Date.now().toString(36)}${randomBytes(3).toString('hex')}`;
const bureau = { email: 'bureau@webstats.test.yixiang.local', password: `web-${randomBytes(8).toString('hex')}` };
let stack: LocalStack;
let base: string;
let browser: Browser;
const contexts: BrowserContext[] = [];
const pageErrors: string[] = [];
const YEAR = new Date().getFullYear();
const scOfficer = { email: 'sc-officer@webstats.test.example.cn', password: `pw-${randomBytes(6).toString('hex')}` };

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
  const context = await browser.newContext({ viewport: DESKTOP, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
  contexts.push(context);
  const page = await context.newPage();
  page.on('pageerror', (error) => pageErrors.push(error.message));
  return page;
}


beforeAll(async () => {
  const { LocalStack } = require('../deploy/local/stack/local-stack') as typeof import('../deploy/local/stack/local-stack');
  stack = new LocalStack({
    database: `yixiang_webstats_${run}`,
    bullmqPrefix: `yxwebstats-${run}`,
    logDir: join(ROOT, '.runtime', 'test-logs', `webstats-${run}`),
    dropDatabaseOnStop: process.env.KEEP_TEST_DATABASE !== 'true',
    env: {
      // A few connections a service: this stack runs beside the suite's own on one PostgreSQL (100 connections by default).
      DB_POOL_MAX: '4', BOOTSTRAP_ADMIN_EMAIL: bureau.email, BOOTSTRAP_ADMIN_PASSWORD: bureau.password },
  });
  try {
    await stack.start();
  } catch (error) {
    await stack.stop();
    throw error;
  }
  base = stack.gatewayUrl;
  browser = await launchChromium();

  // Two providers, CQ and SC, each with an instrument; users of both regions on both sides of the border.
  const officer = await token(bureau.email, bureau.password);
  const password = `pw-${randomBytes(6).toString('hex')}`;
  const institutions = [
    ['WS-CQU', '重庆嘉陵理工大学', 'university', 'CQ'], ['WS-CQE', '重庆两江检测有限公司', 'enterprise', 'CQ'],
    ['WS-SCI', '四川天府生物研究院', 'institute', 'SC'], ['WS-SCE', '成都蓉芯测试有限公司', 'enterprise', 'SC'],
  ] as const;
  for (const [code, name, kind, region] of institutions) await call('POST', '/institutions', officer, { code, name, kind, region });
  const users: Record<string, any> = {};
  for (const [key, role, institutionCode] of [
    ['cqAdmin', 'institution_admin', 'WS-CQU'], ['cqOperator', 'operator', 'WS-CQU'], ['scAdmin', 'institution_admin', 'WS-SCI'], ['scOperator', 'operator', 'WS-SCI'],
    ['cqUser', 'researcher', 'WS-CQE'], ['scUser', 'researcher', 'WS-SCE'],
  ] as const) {
    users[key] = await call('POST', '/users', officer, { email: `${key.toLowerCase()}@webstats.test.example.cn`, password, name: `${key} 用户`, role, institutionCode });
  }
  const instruments: Record<string, any> = {};
  for (const [key, admin, code, name] of [['cq', 'cqAdmin', 'WS-CQ-SEM', '场发射扫描电镜'], ['sc', 'scAdmin', 'WS-SC-NMR', '核磁共振波谱仪']] as const) {
    const adminToken = await token(`${admin.toLowerCase()}@webstats.test.example.cn`, password);
    instruments[key] = await call('POST', '/instruments', adminToken, {
      code, name, model: 'M-1', manufacturer: '厂商', categoryCode: '0101', originalValueFen: 350000000, sharingStatus: 'open', onlineBooking: true,
      serviceModes: ['self', 'assisted'], mainFunctions: '共享测试',
    });
    await call('PUT', `/instruments/${instruments[key].id}/rates`, adminToken, [
      { code: `${code}-S`, serviceMode: 'self', unit: 'hour', internalPriceFen: 20000, externalPriceFen: 40000, incrementMinutes: 30, validFrom: '2020-01-01' },
    ]);
  }
  const operators = { cq: await token('cqoperator@webstats.test.example.cn', password), sc: await token('scoperator@webstats.test.example.cn', password) };
  // Services across the year's months: SC users on the CQ instrument more often than the other way.
  const lastMonth = Math.max(1, new Date().getMonth());
  for (let month = 1; month <= lastMonth; month++) {
    const mm = String(month).padStart(2, '0');
    const day = (d: number, h: number) => `${YEAR}-${mm}-${String(d).padStart(2, '0')}T${String(h).padStart(2, '0')}:00:00+08:00`;
    const use = (side: 'cq' | 'sc', user: string, d: number, from: number, to: number, serviceCategory: string) => call('POST', '/usage', operators[side], {
      instrumentId: instruments[side].id, userId: users[user].id, start: day(d, from), end: day(d, to), serviceMode: 'self', serviceCategory, reason: '网页测试补录',
    });
    await use('cq', 'scUser', 3, 9, 9 + 1 + (month % 3), 'testing');
    await use('cq', 'cqUser', 4, 9, 11, 'research');
    if (month % 2 === 0) await use('sc', 'cqUser', 5, 14, 16, 'research');
    await use('sc', 'scUser', 6, 8, 9 + (month % 2), 'training');
  }
  // A Sichuan bureau officer: the page opens on its own region.
  await call('POST', '/users', officer, { email: scOfficer.email, password: scOfficer.password, name: '四川科技局', role: 'bureau', region: 'SC' });
  const settlement = await call('POST', '/settlements', officer, { period: `${YEAR}-${String(lastMonth).padStart(2, '0')}` });
  for (let i = 0; i < 600; i++) {
    const job = await call('GET', `/jobs/${settlement.jobId}`, officer);
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

describe('the cross-region statistics page', () => {
  it('shows a joint officer the 川渝 view with the flows both ways, and one region’s figures by month and category', async () => {
    const page = await newPage();
    await signIn(page, base, bureau.email, bureau.password);
    await page.getByRole('navigation', { name: '主导航' }).getByRole('link', { name: '跨区域统计' }).click();
    await page.getByRole('heading', { name: '跨区域共享统计' }).waitFor();
    await page.getByRole('heading', { name: '跨区域服务流向' }).waitFor();
    // Both regions side by side, and the two flows as labelled arrows.
    await page.getByRole('heading', { name: '重庆（CQ）' }).waitFor();
    await page.getByRole('heading', { name: '四川（SC）' }).waitFor();
    await expect(page.getByRole('img', { name: '跨区域服务流向' }).textContent()).resolves.toContain('重庆（CQ） → 四川（SC）');
    await page.waitForLoadState('networkidle');
    await screenshot(page, 'cross-region-joint');
    await fitsPhone(page);

    await page.getByLabel('查看').selectOption('SC');
    await page.getByRole('heading', { name: '四川（SC） 地区' }).waitFor();
    await page.getByRole('img', { name: '四川（SC） 每月机时：服务方与使用方' }).waitFor();
    const byCategory = page.getByRole('table').nth(1);
    await expect(byCategory.textContent()).resolves.toContain('检测');
    await screenshot(page, 'cross-region-region');
    await fitsPhone(page);
  });

  it('opens on a regional officer’s own region, as provider and as user', async () => {
    const page = await newPage();
    await signIn(page, base, scOfficer.email, scOfficer.password);
    await page.goto(`${base}/statistics`);
    await page.getByRole('heading', { name: '四川（SC） 地区' }).waitFor();
    await expect(page.getByLabel('查看').inputValue()).resolves.toBe('SC');
    await page.getByRole('heading', { name: '作为服务方' }).first().waitFor();
    await page.getByRole('heading', { name: '本地用户赴外地使用' }).waitFor();
    await page.waitForLoadState('networkidle');
    await screenshot(page, 'cross-region-sc-officer');
    await fitsPhone(page);
  });
});
