import { strToU8, zipSync } from 'fflate';
import { randomBytes } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import type { LocalStack } from '../deploy/local/stack/local-stack';
import { ROOT } from './support/paths';
import { DESKTOP, launchChromium, PHONE, SCREENSHOT_DIR, signIn } from './web/browser';

// Issue 21, "layouts that fit": every page of every role, at phone and at desktop width, in one
// headless Chromium against a platform of its own holding the worked example (imported, settled,
// its 2025 subsidy computed and a what-if beside it) and an instrument with rates, opening hours,
// a booking and usage. A page fails if the whole page scrolls sideways (named with its widest
// element), if a table's cells are squeezed to a character or two a line, or if a visible error is
// English while the page is Chinese. Every page × role × width
// leaves a screenshot in test-artifacts/screenshots/walk/ (README, "Screenshots").
jest.setTimeout(420_000);

const EXAMPLE = join(ROOT, 'test/fixtures/worked-example');
const WALK_DIR = join(SCREENSHOT_DIR, 'walk');
const run = `${Date.now().toString(36)}${randomBytes(3).toString('hex')}`;
const bureau = { email: 'bureau@walk.test.yixiang.local', password: `walk-${randomBytes(8).toString('hex')}` };
const password = `pw-${randomBytes(6).toString('hex')}`;
const ROLES = ['researcher', 'operator', 'institution_admin', 'bureau', 'auditor'] as const;
type WalkRole = (typeof ROLES)[number];
const emails: Record<WalkRole, string> = {
  researcher: 'researcher@walk.test.example.cn',
  operator: 'operator@walk.test.example.cn',
  institution_admin: 'admin@walk.test.example.cn',
  bureau: bureau.email,
  auditor: 'auditor@walk.test.example.cn',
};
let stack: LocalStack;
let base: string;
let browser: Browser;
const pageErrors: string[] = [];
const seeded = { instrumentId: '', runId: '', whatIfId: '' };

async function call(method: string, path: string, token: string | null, body?: unknown): Promise<any> {
  const form = body instanceof FormData;
  const response = await fetch(`${base}/api/v1${path}`, {
    method,
    headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(body === undefined || form ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : form ? body : JSON.stringify(body),
  });
  const parsed = await response.json().catch(() => undefined);
  if (!response.ok) throw new Error(`${method} ${path} → ${response.status} ${JSON.stringify(parsed)}`);
  return parsed;
}
const token = async (email: string, secret: string) => (await call('POST', '/auth/login', null, { email, password: secret })).accessToken as string;

async function finished(officer: string, jobId: string): Promise<void> {
  for (let i = 0; i < 1200; i++) {
    const job = await call('GET', `/jobs/${jobId}`, officer);
    if (job.state === 'completed') return;
    if (job.state === 'failed') throw new Error(`job failed ${JSON.stringify(job)}`);
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`job ${jobId} did not finish`);
}

/** A Beijing date "YYYY-MM-DD" plus days. */
function beijingDate(days: number): string {
  return new Date(Date.now() + 8 * 3_600_000 + days * 86_400_000).toISOString().slice(0, 10);
}

/** The worked example, a booking instrument of the walk's own, and people of every role. */
async function seed(): Promise<void> {
  const officer = await token(bureau.email, bureau.password);
  const files = Object.fromEntries(readdirSync(join(EXAMPLE, 'bundle')).map((f) => [f, strToU8(readFileSync(join(EXAMPLE, 'bundle', f), 'utf8'))]));
  const form = new FormData();
  form.append('bundle', new Blob([zipSync(files)], { type: 'application/zip' }), 'bundle.zip');
  await finished(officer, (await call('POST', '/imports', officer, form)).jobId);

  for (const [role, name, institutionCode] of [
    ['institution_admin', '王管理', 'A-UNIV'], ['operator', '李机组', 'A-UNIV'], ['researcher', '张研究', 'D-CORP'], ['auditor', '赵审计', undefined],
  ] as const) {
    await call('POST', '/users', officer, { email: emails[role], password, name, role, ...(institutionCode ? { institutionCode } : {}) });
  }
  const admin = await token(emails.institution_admin, password);
  const instrument = await call('POST', '/instruments', admin, {
    // Worth 300,000 元, under the example policy's 500,000 元: not evaluated, so the 2025 results stay the worked example's.
    code: 'WALK-SEM-0001', name: '场发射扫描电子显微镜（巡检用）', model: 'Gemini 300', manufacturer: 'Carl Zeiss', categoryCode: '0101', originalValueFen: 30000000,
    sharingStatus: 'open', onlineBooking: true, serviceModes: ['self', 'assisted'], mainFunctions: '表面形貌观察、能谱分析与电子背散射衍射',
    bookingRules: { slotMinutes: 60, minMinutes: 60, maxMinutes: 480, leadMinutes: 0, approvalRequired: true },
  });
  seeded.instrumentId = instrument.id;
  // A research group of A-UNIV with a fund account (issue 18), for the admin's 课题组 page (its PI the operator, a user of the institution).
  const group = await call('POST', '/research-groups', admin, { name: '纳米材料课题组（巡检用）', piEmail: emails.operator });
  await call('POST', `/research-groups/${group.id}/fund-accounts`, admin, {
    code: 'WALK-JF-01', name: '国家自然科学基金面上项目', budgetFen: 50000000, piApprovalAboveFen: 100000, validFrom: '2026-01-01', validTo: '2030-01-01',
  });
  await call('PUT', `/instruments/${instrument.id}/availability`, admin, {
    timezone: 'Asia/Shanghai', weekly: [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({ weekday, start: '08:00', end: '20:00' })),
  });
  await call('PUT', `/instruments/${instrument.id}/rates`, admin, [
    { code: 'WALK-SEM-ASSISTED', serviceMode: 'assisted', unit: 'hour', internalPriceFen: 30000, externalPriceFen: 60000, incrementMinutes: 30, validFrom: '2020-01-01' },
    { code: 'WALK-SEM-SELF', serviceMode: 'self', unit: 'hour', internalPriceFen: 20000, externalPriceFen: 45000, incrementMinutes: 30, validFrom: '2020-01-01' },
  ]);
  const researcher = await token(emails.researcher, password);
  const me = await call('GET', '/auth/me', researcher);
  for (const days of [2, 3]) {
    const day = beijingDate(days);
    await call('POST', '/bookings', researcher, {
      instrumentId: instrument.id, serviceMode: 'assisted', purpose: '钙钛矿薄膜形貌与元素分布表征', start: `${day}T10:00:00+08:00`, end: `${day}T12:00:00+08:00`,
    });
  }
  // Usage of the researcher in January 2026: billed and on a statement, without touching the 2025 example.
  const operator = await token(emails.operator, password);
  for (const [d, from, to] of [[12, 9, 11], [19, 14, 17]] as const) {
    await call('POST', '/usage', operator, {
      instrumentId: instrument.id, userId: (me.user ?? me).id, start: `2026-01-${d}T${String(from).padStart(2, '0')}:00:00+08:00`,
      end: `2026-01-${d}T${to}:00:00+08:00`, serviceMode: 'assisted', serviceCategory: 'testing', reason: '巡检补录机时',
    });
  }
  // Settling January 2026 settles every earlier month of the example too.
  await finished(officer, (await call('POST', '/settlements', officer, { period: '2026-01' })).jobId);
  const policies = await call('GET', '/policies', officer);
  const policy = ((policies.items ?? policies) as any[]).find((p) => p.code === 'worked-example-2025');
  const official = await call('POST', '/subsidy-runs', officer, { policyId: policy.id, year: 2025 });
  await finished(officer, official.jobId);
  seeded.runId = official.runId;
  const whatIf = await call('POST', '/subsidy-runs', officer, {
    policyId: policy.id, year: 2025, simulation: true, baseRunId: official.runId, overrides: { gradeFactorPct: { excellent: 100, good: 100, pass: 100, poor: 0 } },
  });
  await finished(officer, whatIf.jobId);
  seeded.whatIfId = whatIf.runId;
}

/** The pages each role may open (apps/web/src/App.tsx), by a short name for the screenshot. */
function pagesOf(role: WalkRole): [name: string, path: string][] {
  const everyone: [string, string][] = [
    ['search', '/'], ['instrument', `/instruments/${seeded.instrumentId}`], ['bookings', '/bookings'], ['billing', '/billing'], ['notifications', '/notifications'],
  ];
  const staff: [string, string][] = [
    ['approvals', '/approvals'], ['usage', '/usage'], ['voucher-claims', '/voucher-claims'], ['qualifications', '/qualifications'], ['training', '/training'], ['terminals', '/terminals'],
    ['sample-orders', '/sample-orders'], ['sample-queue', '/sample-queue'],
  ];
  const bureauPages: [string, string][] = [
    ['institutions', '/institutions'], ['vouchers', '/vouchers'], ['voucher-programmes', '/voucher-programmes'], ['voucher-review', '/voucher-review'],
    ['voucher-claims', '/voucher-claims'], ['voucher-ledger', '/voucher-ledger'], ['imports', '/imports'], ['settlements', '/settlements'],
    ['policies', '/policies'], ['subsidy', '/subsidy'], ['subsidy-run', `/subsidy/${seeded.runId}`], ['subsidy-what-if', `/subsidy/${seeded.whatIfId}`], ['subsidy-notice', `/subsidy/${seeded.runId}/notice`],
    ['statistics', '/statistics'], ['national-reporting', '/national-reporting'], ['audit', '/audit'],
  ];
  switch (role) {
    case 'researcher':
      return [...everyone, ['voucher-applications', '/voucher-applications'], ['training', '/training'], ['sample-orders', '/sample-orders'], ['groups', '/groups']];
    case 'operator':
      return [...everyone, ...staff];
    case 'institution_admin':
      return [
        ...everyone, ...staff, ['manage-instruments', '/manage/instruments'], ['manage-instrument', `/manage/instruments/${seeded.instrumentId}`],
        ['utilisation', '/utilisation'], ['evaluation', '/evaluation'], ['voucher-applications', '/voucher-applications'], ['imports', '/imports'], ['groups', '/groups'],
        ['national-reporting', '/national-reporting'],
      ];
    default:
      return [...everyone, ...bureauPages];
  }
}

interface Reading {
  scrollWidth: number;
  innerWidth: number;
  widest: string | null;
  lang: string;
  englishErrors: string[];
  squeezed: string[];
}

/**
 * What the page shows at the current width: its scroll width, the element reaching furthest right
 * outside any box of its own that scrolls or clips (the one that widens the page), and the visible
 * error texts that are Latin letters without a Chinese character.
 */
const READ = `(() => {
  const describe = (el) => {
    const cls = typeof el.className === 'string' && el.className.trim() ? '.' + el.className.trim().split(/\\s+/).join('.') : '';
    const text = (el.textContent || '').trim().replace(/\\s+/g, ' ').slice(0, 40);
    return el.tagName.toLowerCase() + cls + ' "' + text + '" (right edge ' + Math.round(el.getBoundingClientRect().right) + ' px)';
  };
  // Clipped by a box that scrolls or hides: an ancestor with overflow-x set, which for an absolutely
  // positioned element must hold its containing block (screen-reader text in a wide table's cells
  // escapes a scroll box that is not positioned, and widens the page).
  const inBox = (el) => {
    const own = getComputedStyle(el).position;
    if (own === 'fixed') return false;
    let contained = own !== 'absolute';
    for (let p = el.parentElement; p && p !== document.body; p = p.parentElement) {
      const style = getComputedStyle(p);
      const o = style.overflowX;
      if (contained && (o === 'auto' || o === 'scroll' || o === 'hidden' || o === 'clip')) return true;
      if (style.position !== 'static') contained = true;
    }
    return false;
  };
  let widest = null;
  let right = window.innerWidth + 0.5;
  for (const el of document.body.querySelectorAll('*')) {
    const r = el.getBoundingClientRect().right;
    if (r > right && !inBox(el)) { right = r; widest = el; }
  }
  const visible = (el) => el.getClientRects().length > 0 && getComputedStyle(el).visibility !== 'hidden';
  const cjk = /[\\u3400-\\u9fff\\uff00-\\uffef\\u3000-\\u303f]/;
  const latin = /[A-Za-z]{2,}/;
  const englishErrors = [];
  for (const box of document.querySelectorAll('[role="alert"], .error, .notice-error')) {
    if (!visible(box)) continue;
    const whole = (box.textContent || '').trim();
    const walker = document.createTreeWalker(box, NodeFilter.SHOW_TEXT);
    const parts = [];
    for (let n = walker.nextNode(); n; n = walker.nextNode()) parts.push((n.textContent || '').trim());
    if (parts.concat([whole]).some((t) => latin.test(t) && !cjk.test(t))) englishErrors.push(whole.slice(0, 160));
  }
  // A table cell squeezed to a character or two a line (Chinese breaks between any two characters).
  const squeezed = [];
  for (const cell of document.querySelectorAll('main td, main th')) {
    if (!visible(cell) || (cell.textContent || '').trim().length < 4) continue;
    const style = getComputedStyle(cell);
    const inner = cell.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
    if (inner < 2.5 * parseFloat(style.fontSize)) squeezed.push(describe(cell));
  }
  return { scrollWidth: document.documentElement.scrollWidth, innerWidth: window.innerWidth, widest: widest && describe(widest), lang: document.documentElement.lang, englishErrors, squeezed: squeezed.slice(0, 3) };
})()`;

const problems: string[] = [];

/** The page at phone width, then at desktop width: measured, checked and photographed. */
async function walk(page: Page, role: string, name: string): Promise<void> {
  for (const viewport of [PHONE, DESKTOP]) {
    await page.setViewportSize(viewport);
    // Two frames after the resize, so the layout measured is the new width's.
    await page.evaluate('new Promise((painted) => requestAnimationFrame(() => requestAnimationFrame(painted)))');
    const seen = (await page.evaluate(READ)) as Reading;
    const where = `${name} as ${role} at ${viewport.width} px`;
    if (seen.scrollWidth > seen.innerWidth) problems.push(`${where}: the page is ${seen.scrollWidth} px wide; widest: ${seen.widest}`);
    if (seen.squeezed.length) problems.push(`${where}: table cells squeezed to a character or two a line: ${seen.squeezed.join('; ')}`);
    if (seen.lang.startsWith('zh') && seen.englishErrors.length) problems.push(`${where}: English error text ${JSON.stringify(seen.englishErrors)}`);
    await page.screenshot({ path: join(WALK_DIR, `${role}-${name}-${viewport.width}.png`), fullPage: true });
  }
}

/**
 * The results table names institutions (重庆嘉陵理工大学, not only A-UNIV) and sorts by a header's
 * click: the subsidy in fen ascending, then descending, the header saying which (aria-sort).
 */
async function sortsAndNames(page: Page): Promise<void> {
  const table = page.getByRole('table', { name: '评价结果' });
  await table.getByRole('button', { name: '重庆嘉陵理工大学 A-UNIV', exact: true }).waitFor();
  const header = table.getByRole('columnheader', { name: /补助金额/ });
  expect(await header.getAttribute('aria-sort')).toBe('none');
  const amounts = async () => (await table.locator('.subsidy-amount').allTextContents()).map((text) => Number(text.replace(/,/g, '')));
  await header.getByRole('button').click();
  expect(await header.getAttribute('aria-sort')).toBe('ascending');
  const up = await amounts();
  expect(up).toEqual([...up].sort((a, b) => a - b));
  await header.getByRole('button').click();
  expect(await header.getAttribute('aria-sort')).toBe('descending');
  expect(await amounts()).toEqual([...up].reverse());
}

async function open(page: Page, path: string): Promise<void> {
  await page.goto(`${base}${path}`);
  await page.locator('main h1').first().waitFor();
  await page.waitForLoadState('networkidle');
  // Names looked up after the rows ('…') and lists still loading are not the page as people read it.
  await page.getByText('加载中…').first().waitFor({ state: 'detached', timeout: 15_000 }).catch(() => undefined);
}

beforeAll(async () => {
  const { LocalStack } = require('../deploy/local/stack/local-stack') as typeof import('../deploy/local/stack/local-stack');
  stack = new LocalStack({
    database: `yixiang_webwalk_${run}`,
    bullmqPrefix: `yxwebwalk-${run}`,
    logDir: join(ROOT, '.runtime', 'test-logs', `webwalk-${run}`),
    dropDatabaseOnStop: process.env.KEEP_TEST_DATABASE !== 'true',
    env: {
      // A few connections a service: this stack runs beside the suite's own on one PostgreSQL (100 connections by default).
      DB_POOL_MAX: '4', BOOTSTRAP_ADMIN_EMAIL: bureau.email, BOOTSTRAP_ADMIN_PASSWORD: bureau.password, SETTLEMENT_BATCH: '1000' },
  });
  try {
    await stack.start();
  } catch (error) {
    await stack.stop();
    throw error;
  }
  base = stack.gatewayUrl;
  browser = await launchChromium();
  await seed();
  mkdirSync(WALK_DIR, { recursive: true });
});

afterAll(async () => {
  await browser?.close();
  await stack?.stop();
});

describe('every page of every role fits a phone and a desktop, its errors in Chinese', () => {
  it('walks the sign-in page and each role’s pages at 390 and 1366 px', async () => {
    const context = await browser.newContext({ viewport: DESKTOP, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
    const page = await context.newPage();
    page.on('pageerror', (error) => pageErrors.push(error.message));
    await page.goto(`${base}/login`);
    await page.getByLabel('邮箱').waitFor();
    await walk(page, 'guest', 'login');
    for (const role of ROLES) {
      await signIn(page, base, emails[role], role === 'bureau' ? bureau.password : password);
      for (const [name, path] of pagesOf(role)) {
        await open(page, path);
        await walk(page, role, name);
        if (name === 'billing') {
          // The other tabs of the billing page: statements (with names of both sides), and a researcher's usage to rate.
          for (const [tab, suffix] of [['结算单', 'statements'], ['使用记录', 'usage']] as const) {
            const button = page.getByRole('tab', { name: tab });
            if (!(await button.count())) continue;
            await button.click();
            await page.waitForLoadState('networkidle');
            await walk(page, role, `billing-${suffix}`);
          }
        }
        if (name === 'subsidy-run' && role === 'bureau') await sortsAndNames(page);
        if (name === 'subsidy-run') {
          // The explanation of one institution's figures, opened from its row.
          await page.getByRole('table', { name: '评价结果' }).locator('tbody tr').first().getByRole('button').first().click();
          await page.getByRole('heading', { name: /的评价明细/ }).waitFor();
          await page.waitForLoadState('networkidle');
          await walk(page, role, 'subsidy-explanation');
        }
      }
      await page.getByRole('button', { name: '退出' }).click();
      await page.getByLabel('邮箱').waitFor();
    }
    await context.close();
    expect(pageErrors).toEqual([]);
    expect(problems).toEqual([]);
  });
});
