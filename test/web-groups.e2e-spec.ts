import type { Page } from 'playwright-core';
import { api, bureauToken, testEnv } from './support/api';
import { createInstitution, createUser, instrumentBody, uniqueCode } from './support/factories';
import { chromiumPages, PHONE, screenshot, signIn } from './web/browser';

// Research groups and fund accounts (issue 18) in headless Chromium: the institution's admin sets up
// a group and opens a fund account on the 课题组 page; the PI adds a member; the member books paying
// from the account (the picker on the instrument page) above the PI's threshold; the PI approves it
// on the 课题组 page and the account shows the hold; the admin freezes the account and changes its
// budget. Screenshots at desktop and phone width.
jest.setTimeout(180_000);

const { newPage } = chromiumPages();

/** The page does not scroll sideways at phone width. */
async function fitsPhone(page: Page): Promise<void> {
  await page.setViewportSize(PHONE);
  const widths = await page.evaluate<{ page: number; viewport: number }>('({ page: document.documentElement.scrollWidth, viewport: window.innerWidth })');
  expect(widths.page).toBeLessThanOrEqual(widths.viewport);
  await page.setViewportSize({ width: 1366, height: 900 });
}

describe('the research group page and the fund account picker', () => {
  it('admin sets up the group and account, the PI adds a member, the member books from the account, the PI approves, the admin freezes and re-budgets', async () => {
    const base = testEnv().gatewayUrl;
    const bureau = await bureauToken();
    const institution = await createInstitution(bureau, { name: '重庆网页课题组测试大学' });
    const admin = await createUser(bureau, 'institution_admin', institution.code);
    const pi = await createUser(bureau, 'researcher', institution.code);
    const member = await createUser(bureau, 'researcher', institution.code);
    const instrument = (await api('POST', '/instruments', { token: admin.token, body: instrumentBody({ name: '场发射扫描电镜 网页经费卡', serviceModes: ['assisted'], bookingRules: { leadMinutes: 0 } }) })).body;
    expect(instrument.id).toBeTruthy();
    expect((await api('PUT', `/instruments/${instrument.id}/availability`, { token: admin.token, body: {
      timezone: 'Asia/Shanghai', weekly: [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({ weekday, start: '08:00', end: '20:00' })),
    } })).status).toBe(200);
    // 200.00 元 an hour: the calendar's half-hour slot (100.00 元) is above the 50.00 元 the PI approves beyond.
    expect((await api('PUT', `/instruments/${instrument.id}/rates`, { token: admin.token, body: [
      { code: uniqueCode('RC'), serviceMode: 'assisted', unit: 'hour', internalPriceFen: 20000, externalPriceFen: 40000, incrementMinutes: 30, validFrom: '2025-01-01' },
    ] })).status).toBe(200);
    const groupName = `纳米材料课题组-${uniqueCode('G')}`;
    const code = uniqueCode('JF');

    // The admin: the group with its PI, then a fund account with a budget and the PI's threshold.
    const office = await newPage();
    await signIn(office, base, admin.email, admin.password);
    await office.getByRole('link', { name: '课题组', exact: true }).click();
    const create = office.getByRole('form', { name: '新建课题组' });
    await create.getByLabel('课题组名称').fill(groupName);
    await create.getByLabel('负责人（PI）邮箱').fill(pi.email);
    await create.getByRole('button', { name: '新建课题组' }).click();
    await office.getByRole('status').filter({ hasText: `已建立课题组「${groupName}」` }).waitFor();
    const open = office.getByRole('form', { name: '开设经费卡' });
    await open.getByLabel('编号').fill(code);
    await open.getByLabel('名称').fill('国家自然科学基金面上项目');
    await open.getByLabel('预算（元）').fill('1000');
    await open.getByLabel('超过此金额须 PI 审批（元）').fill('50');
    await open.getByRole('button', { name: '开设经费卡' }).click();
    await office.getByRole('status').filter({ hasText: `已开设经费卡 ${code}` }).waitFor();
    const row = office.locator(`[data-account="${code}"]`);
    await row.getByRole('cell', { name: '1,000.00', exact: true }).first().waitFor();
    await row.getByRole('cell', { name: '50.00', exact: true }).waitFor();
    await row.getByText('可用').waitFor();

    // The PI adds the member by e-mail.
    const lead = await newPage();
    await signIn(lead, base, pi.email, pi.password);
    await lead.getByRole('link', { name: '课题组', exact: true }).click();
    await lead.getByRole('heading', { name: `${groupName} · 成员` }).waitFor();
    await lead.getByLabel('成员邮箱（本单位用户）').fill(member.email);
    await lead.getByRole('button', { name: '添加成员' }).click();
    await lead.getByRole('status').filter({ hasText: '已添加成员' }).waitFor();
    await lead.locator(`[data-member="${member.user.id}"]`).waitFor();

    // The member books next Monday 10:00 paying from the account: it waits for the PI.
    const monday = (() => {
      const date = new Date(Date.now() + 8 * 3600e3 + 7 * 86400e3).toISOString().slice(0, 10);
      const d = new Date(`${date}T00:00:00Z`);
      d.setUTCDate(d.getUTCDate() - ((d.getUTCDay() + 6) % 7));
      return d.toISOString().slice(0, 10);
    })();
    const booker = await newPage();
    await signIn(booker, base, member.email, member.password);
    await booker.goto(`${base}/instruments/${instrument.id}`);
    await booker.getByRole('button', { name: '下一周' }).click();
    await booker.locator(`[data-slot="${new Date(`${monday}T10:00:00+08:00`).toISOString()}"]`).click();
    const picker = booker.getByLabel('经费卡（可不选）');
    await picker.locator('option', { hasText: code }).waitFor({ state: 'attached' });
    await picker.selectOption({ label: `${code} 国家自然科学基金面上项目（可用 1,000.00 元）` });
    await booker.getByLabel('用途说明').fill('钙钛矿薄膜形貌表征');
    await screenshot(booker, 'groups-booking-fund-account');
    await booker.getByRole('button', { name: '提交预约' }).click();
    const done = booker.getByRole('status').filter({ hasText: '等待课题组负责人审批' });
    await done.waitFor();
    const bookingCode = /预约 (\S+)，/.exec((await done.textContent()) ?? '')?.[1] ?? '';
    expect(bookingCode).toMatch(/^BK-/);

    // The PI sees it waiting and approves it: held on the account (no approval on this instrument).
    await lead.reload();
    const card = lead.locator(`[data-waiting="${bookingCode}"]`);
    await card.getByText('场发射扫描电镜 网页经费卡', { exact: false }).waitFor();
    await card.getByText(`经费卡：${code}`).waitFor();
    await screenshot(lead, 'groups-pi');
    await fitsPhone(lead);
    await card.getByRole('button', { name: '批准' }).click();
    await lead.getByRole('status').filter({ hasText: `已批准预约 ${bookingCode}` }).waitFor();
    await lead.getByText('没有等待您审批的预约。').waitFor();
    const booking = (await api('GET', '/bookings', { token: member.token })).body.items.find((b: any) => b.code === bookingCode);
    expect(booking).toMatchObject({ status: 'approved', piApproval: 'approved', heldFen: 10000 });

    // The admin sees the hold, freezes the account and changes its budget.
    await office.reload();
    const held = office.locator(`[data-account="${code}"]`);
    await held.getByRole('cell', { name: '100.00', exact: true }).waitFor();
    await held.getByRole('cell', { name: '900.00', exact: true }).waitFor();
    await held.getByRole('button', { name: '冻结' }).click();
    await held.getByText('已冻结').waitFor();
    await held.getByRole('button', { name: '修改预算' }).click();
    const dialog = office.getByRole('dialog');
    await dialog.getByLabel('预算（元，留空为不限）').fill('2000');
    await dialog.getByRole('button', { name: '修改预算' }).click();
    await office.getByRole('status').filter({ hasText: `经费卡 ${code} 已更新` }).waitFor();
    await held.getByRole('cell', { name: '2,000.00', exact: true }).waitFor();
    await held.getByRole('cell', { name: '1,900.00', exact: true }).waitFor();
    await screenshot(office, 'groups-admin');
    await fitsPhone(office);
    const accounts = (await api('GET', '/research-groups?pageSize=100', { token: admin.token })).body.items.find((g: any) => g.name === groupName);
    const [account] = (await api('GET', `/research-groups/${accounts.id}/fund-accounts`, { token: admin.token })).body;
    expect(account).toMatchObject({ code, state: 'frozen', budgetFen: 200000, heldFen: 10000, availableFen: 190000, piApprovalAboveFen: 5000 });
  });
});
