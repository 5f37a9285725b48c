import { strToU8, zipSync } from 'fflate';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { api, bureauToken, testEnv } from './support/api';
import { createInstitution, createUser, instrumentBody } from './support/factories';
import { ROOT } from './support/paths';
import { launchChromium, screenshot, signIn } from './web/browser';

// Issue 21 in headless Chromium against the suite's stack: the week calendar (five kinds of slot,
// one tab stop, arrow keys, shift-click and Shift+arrow ranges), the page's own dialogs instead of
// prompt(), actions only for the roles that may use them (no booking form for the auditor and the
// bureau, no import for the auditor, no 取消预约 inside the deadline), the session-expired notice,
// and a failed import's progress bar.
jest.setTimeout(240_000);

const HOUR = 3_600_000;
let browser: Browser;
const contexts: BrowserContext[] = [];
const pageErrors: string[] = [];
// Any prompt(), confirm() or alert() fails the test that raised it: the pages have dialogs of their own.
const browserDialogs: string[] = [];

async function newPage(): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1366, height: 900 }, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
  contexts.push(context);
  const page = await context.newPage();
  page.on('pageerror', (error) => pageErrors.push(error.message));
  page.on('dialog', (dialog) => {
    browserDialogs.push(`${dialog.type()}: ${dialog.message()}`);
    void dialog.dismiss();
  });
  return page;
}

async function ok<T = any>(method: string, path: string, token: string, body?: unknown): Promise<T> {
  const res = await api(method, path, { token, body });
  if (res.status >= 300) throw new Error(`${method} ${path} → ${res.status} ${JSON.stringify(res.body)}`);
  return res.body as T;
}

/** Monday of the week after this one, as a Beijing date. */
const nextMonday = (() => {
  const today = new Date(Date.now() + 8 * HOUR);
  const d = new Date(`${today.toISOString().slice(0, 10)}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() - ((d.getUTCDay() + 6) % 7) + 7);
  return d.toISOString().slice(0, 10);
})();
const plusDays = (date: string, days: number) => new Date(Date.parse(`${date}T00:00:00Z`) + days * 24 * HOUR).toISOString().slice(0, 10);
/** An instant at a Beijing date and hour, as the calendar marks its slots. */
const at = (date: string, hour: number) => new Date(`${date}T${String(hour).padStart(2, '0')}:00:00+08:00`).toISOString();
const cell = (page: Page, date: string, hour: number) => page.locator(`table.week button[data-start="${at(date, hour)}"]`);

const people = {} as Record<'admin' | 'researcher' | 'other' | 'auditor' | 'userAdmin', { email: string; password: string; token: string; user: any }>;
let instrumentId = '';
let strictId = '';
const tuesday = plusDays(nextMonday, 1);
const wednesday = plusDays(nextMonday, 2);
const thursday = plusDays(nextMonday, 3);

beforeAll(async () => {
  browser = await launchChromium();
  const joint = await bureauToken();
  const provider = await createInstitution(joint, { name: '日历测试大学' });
  const user = await createInstitution(joint, { name: '日历测试研究所', kind: 'institute' });
  people.admin = await createUser(joint, 'institution_admin', provider.code);
  people.researcher = await createUser(joint, 'researcher', user.code);
  people.other = await createUser(joint, 'researcher', user.code);
  people.auditor = await createUser(joint, 'auditor');
  // The admin of the researchers' own institution reads their bookings, but does not manage another's instrument.
  people.userAdmin = await createUser(joint, 'institution_admin', user.code);
  const admin = people.admin.token;

  // Open 08:00–20:00 every day but Tuesday (08:00–12:00 only), hour slots, booked without approval.
  const instrument = await ok('POST', '/instruments', admin, instrumentBody({
    name: '日历测试透射电镜', serviceModes: ['assisted'],
    bookingRules: { slotMinutes: 60, minMinutes: 60, maxMinutes: 480, leadMinutes: 0, cancelDeadlineMinutes: 1440, approvalRequired: false },
  }));
  instrumentId = instrument.id;
  await ok('PUT', `/instruments/${instrumentId}/availability`, admin, {
    timezone: 'Asia/Shanghai', weekly: [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({ weekday, start: '08:00', end: weekday === 2 ? '12:00' : '20:00' })),
  });
  const book = (token: string, id: string, start: string, end: string) =>
    ok('POST', '/bookings', token, { instrumentId: id, start, end, serviceMode: 'assisted', purpose: '日历测试' });
  // Next Monday: 10:00 someone else's, 14:00 the researcher's own, 16:00–18:00 maintenance.
  await book(people.other.token, instrumentId, at(nextMonday, 10), at(nextMonday, 11));
  await book(people.researcher.token, instrumentId, at(nextMonday, 14), at(nextMonday, 15));
  await ok('POST', `/instruments/${instrumentId}/blackouts`, admin, { start: at(nextMonday, 16), end: at(nextMonday, 18), reason: '年度维护' });

  // Open round the clock, cancellable until 24 hours before: one booking inside the deadline, one outside.
  const strict = await ok('POST', '/instruments', admin, instrumentBody({
    name: '日历测试核磁共振波谱仪', serviceModes: ['assisted'],
    bookingRules: { slotMinutes: 60, minMinutes: 60, maxMinutes: 480, leadMinutes: 0, cancelDeadlineMinutes: 1440, approvalRequired: false },
  }));
  strictId = strict.id;
  await ok('PUT', `/instruments/${strictId}/availability`, admin, {
    timezone: 'Asia/Shanghai', weekly: [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({ weekday, start: '00:00', end: '24:00' })),
  });
  const soon = Math.ceil(Date.now() / HOUR) * HOUR + 2 * HOUR;
  const later = soon + 72 * HOUR;
  await book(people.researcher.token, strictId, new Date(soon).toISOString(), new Date(soon + HOUR).toISOString());
  await book(people.researcher.token, strictId, new Date(later).toISOString(), new Date(later + HOUR).toISOString());
});

afterEach(() => {
  expect(pageErrors.splice(0)).toEqual([]);
  expect(browserDialogs.splice(0)).toEqual([]);
});

afterAll(async () => {
  for (const context of contexts) await context.close().catch(() => undefined);
  await browser?.close();
});

async function openNextWeek(page: Page): Promise<void> {
  await page.goto(`${testEnv().gatewayUrl}/instruments/${instrumentId}`);
  await page.getByRole('heading', { name: '日历测试透射电镜' }).waitFor();
  await page.getByRole('button', { name: '下一周' }).click();
  // A free slot, marked as the calendar has always marked them (so each test fails on its own point, not here).
  await page.locator(`[data-slot="${at(nextMonday, 9)}"]`).waitFor();
}

describe('the week calendar', () => {
  it('tells free, own, taken, closed and maintenance apart, in classes and in words', async () => {
    const page = await newPage();
    await signIn(page, testEnv().gatewayUrl, people.researcher.email, people.researcher.password);
    await openNextWeek(page);
    for (const [date, hour, kind, words] of [
      [nextMonday, 9, 'free', '空闲，可预约'],
      [nextMonday, 10, 'taken', '已被他人预约'],
      [nextMonday, 14, 'own', '我的预约'],
      [nextMonday, 16, 'maintenance', '维护中'],
      [nextMonday, 17, 'maintenance', '维护中'],
      [tuesday, 13, 'closed', '不开放'],
    ] as const) {
      const button = cell(page, date, hour);
      expect(await button.getAttribute('data-kind')).toBe(kind);
      expect(await button.getAttribute('aria-label')).toContain(words);
      expect(await button.locator('xpath=..').getAttribute('class')).toContain(`slot ${kind}`);
      // Only what can be booked is offered as a slot to pick.
      expect(await button.getAttribute('aria-disabled')).toBe(kind === 'free' ? 'false' : 'true');
    }
    // Five looks, not one: each kind has its own background.
    const looks = new Set<string>();
    for (const [date, hour] of [[nextMonday, 9], [nextMonday, 10], [nextMonday, 14], [nextMonday, 16], [tuesday, 13]] as const) {
      looks.add(await cell(page, date, hour).locator('xpath=..').evaluate((td) => {
        const style = (globalThis as unknown as { getComputedStyle(e: unknown): { backgroundImage: string; backgroundColor: string } }).getComputedStyle(td);
        return `${style.backgroundColor} ${style.backgroundImage}`;
      }));
    }
    // The free slot's colour is its button's; its cell is plain, which is a look of its own too.
    expect(looks.size).toBe(5);
    await page.getByText('我的预约', { exact: true }).first().waitFor();
    await screenshot(page, 'calendar-kinds');
  });

  it('is one tab stop; arrow keys move, Shift+arrow extends the pick, Enter picks; shift-click picks the whole range', async () => {
    const page = await newPage();
    await signIn(page, testEnv().gatewayUrl, people.researcher.email, people.researcher.password);
    await openNextWeek(page);
    const grid = page.getByRole('grid', { name: '一周空闲时段' });
    expect(await grid.locator('button').count()).toBeGreaterThan(50);
    expect(await grid.locator('[tabindex="0"]').count()).toBe(1);
    // Tab from the week's buttons enters the grid once and the next Tab leaves it.
    await page.getByRole('button', { name: '下一周' }).focus();
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => (globalThis as any).document.activeElement.closest('table.week') !== null)).toBe(true);
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => (globalThis as any).document.activeElement.closest('table.week') !== null)).toBe(false);

    const selected = page.getByText(/^已选：/);
    // Shift-click: from Monday 11:00 to 13:00 is three hours, not the last one alone.
    await cell(page, nextMonday, 11).click();
    await cell(page, nextMonday, 13).click({ modifiers: ['Shift'] });
    expect(await selected.textContent()).toBe(`已选：${nextMonday} 11:00 至 ${nextMonday} 14:00`);
    for (const hour of [11, 12, 13]) expect(await cell(page, nextMonday, hour).getAttribute('aria-pressed')).toBe('true');
    // Across someone else's booking there is no range: the clicked slot alone.
    await cell(page, nextMonday, 9).click({ modifiers: ['Shift'] });
    expect(await selected.textContent()).toBe(`已选：${nextMonday} 09:00 至 ${nextMonday} 10:00`);

    // The keyboard: Wednesday 09:00, Shift+↓ twice: 09:00–12:00.
    await cell(page, wednesday, 9).click();
    await page.keyboard.press('Shift+ArrowDown');
    await page.keyboard.press('Shift+ArrowDown');
    expect(await selected.textContent()).toBe(`已选：${wednesday} 09:00 至 ${wednesday} 12:00`);
    expect(await page.evaluate(() => (globalThis as any).document.activeElement.getAttribute('data-start'))).toBe(at(wednesday, 11));
    expect(await grid.locator('[tabindex="0"]').count()).toBe(1);
    // Shift+↑ shrinks it back towards the anchor.
    await page.keyboard.press('Shift+ArrowUp');
    expect(await selected.textContent()).toBe(`已选：${wednesday} 09:00 至 ${wednesday} 11:00`);
    // → moves without picking; Enter picks the slot there.
    await page.keyboard.press('ArrowRight');
    expect(await page.evaluate(() => (globalThis as any).document.activeElement.getAttribute('data-start'))).toBe(at(thursday, 10));
    expect(await selected.textContent()).toBe(`已选：${wednesday} 09:00 至 ${wednesday} 11:00`);
    await page.keyboard.press('Enter');
    expect(await selected.textContent()).toBe(`已选：${thursday} 10:00 至 ${thursday} 11:00`);
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Space');
    expect(await selected.textContent()).toBe(`已选：${thursday} 11:00 至 ${thursday} 12:00`);
    // And the pick books: Thursday 11:00–13:00 by Shift+↓, submitted.
    await page.keyboard.press('Shift+ArrowDown');
    await page.getByLabel('用途说明').fill('键盘预约测试');
    await page.getByRole('button', { name: '提交预约' }).click();
    await page.getByRole('status').filter({ hasText: '已确认' }).waitFor();
    const mine = await ok('GET', `/bookings?instrumentId=${instrumentId}&pageSize=50`, people.researcher.token);
    expect(mine.items.some((b: any) => Date.parse(b.start) === Date.parse(at(thursday, 11)) && Date.parse(b.end) === Date.parse(at(thursday, 13)))).toBe(true);
    await cell(page, thursday, 12).and(page.locator('[data-kind="own"]')).waitFor();
  });
});

describe('roles see only what they may do', () => {
  it('the auditor and the bureau get no booking form; the auditor cannot start an import', async () => {
    const env = testEnv();
    for (const [email, password, role] of [[people.auditor.email, people.auditor.password, '审计'], [env.bootstrapEmail, env.bootstrapPassword, '科技局']] as const) {
      const page = await newPage();
      await signIn(page, env.gatewayUrl, email, password);
      await openNextWeek(page);
      await page.getByText(`您的角色（${role}）不能预约仪器`).waitFor();
      expect(await page.getByRole('form', { name: '预约机时' }).count()).toBe(0);
      expect(await page.getByRole('button', { name: '提交预约' }).count()).toBe(0);
      if (role === '审计') {
        await page.goto(`${env.gatewayUrl}/imports`);
        await page.getByText('审计账号只能查看，不能导入数据。').waitFor();
        expect(await page.getByRole('button', { name: '开始导入' }).isDisabled()).toBe(true);
        await screenshot(page, 'imports-auditor');
      }
    }
  });

  it('offers 取消预约 outside the cancellation deadline only, and asks why in the page’s own dialog', async () => {
    const page = await newPage();
    await signIn(page, testEnv().gatewayUrl, people.researcher.email, people.researcher.password);
    await page.goto(`${testEnv().gatewayUrl}/bookings`);
    const rows = page.getByRole('row').filter({ hasText: '日历测试核磁共振波谱仪' });
    await rows.nth(1).waitFor();
    const mine = (await ok('GET', `/bookings?instrumentId=${strictId}&pageSize=50`, people.researcher.token)).items as any[];
    const [soon, later] = [...mine].sort((a, b) => a.start.localeCompare(b.start));
    const soonRow = page.locator(`tr[data-booking="${soon.code}"]`);
    const laterRow = page.locator(`tr[data-booking="${later.code}"]`);
    await soonRow.getByText('距开始不足 24 小时，不可取消').waitFor();
    expect(await soonRow.getByRole('button', { name: '取消预约' }).count()).toBe(0);

    // Esc closes the dialog and nothing is cancelled.
    await laterRow.getByRole('button', { name: '取消预约' }).click();
    const dialog = page.getByRole('dialog', { name: `取消预约 ${later.code}` });
    await dialog.waitFor();
    // The field has the focus, and Tab stays inside the dialog.
    expect(await page.evaluate(() => (globalThis as any).document.activeElement.tagName)).toBe('TEXTAREA');
    for (let i = 0; i < 4; i++) {
      await page.keyboard.press('Tab');
      const inside = await page.evaluate(() => (globalThis as any).document.activeElement.closest('dialog') !== null || (globalThis as any).document.activeElement === (globalThis as any).document.body);
      expect(inside).toBe(true);
    }
    await screenshot(page, 'cancel-dialog');
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
    expect((await ok('GET', `/bookings/${later.id}`, people.researcher.token)).status).toBe('approved');

    // Too long a reason is refused in the dialog, in Chinese; a short one cancels.
    await laterRow.getByRole('button', { name: '取消预约' }).click();
    await dialog.getByLabel('取消原因（可不填）').fill('长'.repeat(501));
    await dialog.getByRole('button', { name: '确认取消预约' }).click();
    await dialog.getByRole('alert').filter({ hasText: '取消原因（可不填）不能超过 500 个字。' }).waitFor();
    await dialog.getByLabel('取消原因（可不填）').fill('实验计划调整');
    await dialog.getByRole('button', { name: '确认取消预约' }).click();
    await page.getByRole('status').filter({ hasText: `预约 ${later.code} 已取消。` }).waitFor();
    await laterRow.getByText('实验计划调整').waitFor();
    expect((await ok('GET', `/bookings/${later.id}`, people.researcher.token)).reason).toBe('实验计划调整');
  });
});

describe('the approvals queue', () => {
  it('offers approve, cancel and the rest only to the instrument’s own staff; a staff cancellation asks why in a dialog', async () => {
    const env = testEnv();
    const other = await newPage();
    await signIn(other, env.gatewayUrl, people.userAdmin.email, people.userAdmin.password);
    await other.goto(`${env.gatewayUrl}/approvals`);
    await other.getByRole('tab', { name: '已确认' }).click();
    const mine = (await ok('GET', `/bookings?instrumentId=${instrumentId}&pageSize=50`, people.other.token)).items as any[];
    const taken = mine[0];
    // The researchers' admin sees their booking on the other institution's instrument, with nothing to press.
    const foreign = other.locator(`[data-booking="${taken.code}"]`);
    await foreign.waitFor();
    expect(await foreign.getByRole('button').count()).toBe(0);

    const owner = await newPage();
    await signIn(owner, env.gatewayUrl, people.admin.email, people.admin.password);
    await owner.goto(`${env.gatewayUrl}/approvals`);
    await owner.getByRole('tab', { name: '已确认' }).click();
    const card = owner.locator(`[data-booking="${taken.code}"]`);
    await card.getByRole('button', { name: '取消', exact: true }).click();
    const dialog = owner.getByRole('dialog', { name: `取消预约 ${taken.code}（将通知预约人）` });
    await dialog.getByLabel('原因（会告知预约人）').fill('仪器临时检修');
    await screenshot(owner, 'approvals-cancel-dialog');
    await dialog.getByRole('button', { name: '确认取消预约' }).click();
    await owner.getByRole('status').filter({ hasText: `预约 ${taken.code}：已取消` }).waitFor();
    expect((await ok('GET', `/bookings/${taken.id}`, people.other.token)).reason).toBe('仪器临时检修');
  });
});

describe('session expiry and failed jobs', () => {
  it('says why the user is back on the sign-in page when the token is no longer accepted', async () => {
    const page = await newPage();
    await signIn(page, testEnv().gatewayUrl, people.researcher.email, people.researcher.password);
    // A token the gateway refuses (as an expired one is): the stored session is kept, the token forged.
    await page.evaluate(() => {
      const storage = (globalThis as any).sessionStorage;
      const stored = JSON.parse(storage.getItem('yixiang.session'));
      storage.setItem('yixiang.session', JSON.stringify({ ...stored, token: `${stored.token.split('.').slice(0, 2).join('.')}.forged` }));
    });
    await page.reload();
    await page.getByText('登录已过期，请重新登录。').waitFor();
    await page.getByLabel('邮箱').waitFor();
    await screenshot(page, 'session-expired');
  });

  it('shows a failed import’s bar as failed, in red, with the reason', async () => {
    const env = testEnv();
    const page = await newPage();
    await signIn(page, env.gatewayUrl, env.bootstrapEmail, env.bootstrapPassword);
    const example = join(ROOT, 'test/fixtures/worked-example/bundle');
    const files = Object.fromEntries(readdirSync(example).map((f) => [f, readFileSync(join(example, f), 'utf8')]));
    files['instruments.csv'] = files['instruments.csv'].replace('2000000000', '2OOOOOOOOO');
    const bundle = join(mkdtempSync(join(tmpdir(), 'yixiang-calendar-')), 'bundle.zip');
    writeFileSync(bundle, zipSync(Object.fromEntries(Object.entries(files).map(([name, text]) => [name, strToU8(text)]))));
    await page.goto(`${env.gatewayUrl}/imports`);
    await page.getByLabel('数据包（.zip）').setInputFiles(bundle);
    await page.getByRole('button', { name: '开始导入' }).click();
    const bar = page.locator('[role="progressbar"][data-state="failed"]');
    await bar.waitFor();
    expect(await bar.getAttribute('aria-valuetext')).toMatch(/^失败/);
    expect(await bar.textContent()).toMatch(/^失败/);
    expect(await bar.locator('.progress-fill').evaluate((el) => (el as unknown as { style: { width: string } }).style.width)).toBe('100%');
    const fill = await bar.locator('.progress-fill').evaluate((el) => (globalThis as unknown as { getComputedStyle(e: unknown): { backgroundColor: string } }).getComputedStyle(el).backgroundColor);
    expect(fill).toBe('rgb(166, 27, 27)');
    // Its words readable on the red: white, not red on red.
    expect(await bar.locator('span').evaluate((el) => (globalThis as unknown as { getComputedStyle(e: unknown): { color: string } }).getComputedStyle(el).color)).toBe('rgb(255, 255, 255)');
    await screenshot(page, 'import-failed-bar');
  });
});
