import { api, bureauToken, testEnv } from './support/api';
import { createInstitution, createUser, instrumentBody } from './support/factories';
import { report } from './support/terminal';
import { eventually, ok } from './support/voucher-flow';
import { chromiumPages, PHONE, screenshot, signIn } from './web/browser';

// Instrument terminals (issue 20) in headless Chromium: the admin registers one and is shown its
// credential once; a session it reports with no booking waits on the operator's page until confirmed
// as a researcher's use, which becomes a usage record of source terminal. Screenshots at both widths.
jest.setTimeout(180_000);

const { newPage } = chromiumPages();

describe('instrument terminals in the web app', () => {
  it('the admin registers a terminal and sees its credential once; the operator confirms an unbooked use it reported', async () => {
    const base = testEnv().gatewayUrl;
    const bureau = await bureauToken();
    const provider = await createInstitution(bureau, { name: '重庆网页终端测试大学' });
    const admin = await createUser(bureau, 'institution_admin', provider.code);
    const operator = await createUser(bureau, 'operator', provider.code);
    const researcher = await createUser(bureau, 'researcher', provider.code);
    const instrument = ok(await api('POST', '/instruments', { token: admin.token, body: instrumentBody({ name: '原子力显微镜 网页终端' }) }), 201, 'instrument');

    const page = await newPage();
    await signIn(page, base, admin.email, admin.password);
    await page.getByRole('link', { name: '仪器终端' }).click();
    const form = page.getByRole('form', { name: '登记终端' });
    await form.getByLabel('仪器编号').fill(instrument.code);
    await form.getByLabel('终端名称').fill('AFM 室工控机');
    await form.getByRole('button', { name: '登记终端' }).click();
    const credential = (await page.locator('[data-credential]').textContent()) ?? '';
    expect(credential).toMatch(/^tsec_[A-Za-z0-9_-]{43}$/);
    await page.locator('tr[data-terminal="AFM 室工控机"]').getByText('在用').waitFor();
    const listed = ok(await api('GET', '/terminals', { token: admin.token }), 200, 'terminals').items.find((x: any) => x.name === 'AFM 室工控机');
    expect(JSON.stringify(listed)).not.toContain(credential);

    // The terminal reports a use nobody booked.
    const at = Math.floor((Date.now() - 3 * 3600e3) / 60e3) * 60e3; // usage is kept in whole minutes
    const stopped = ok(await report({ id: listed.id, credential }, '/terminal/sessions/stop', { sequence: 1, start: new Date(at).toISOString(), at: new Date(at + 40 * 60e3).toISOString() }), 200, 'stop');
    expect(stopped.status).toBe('pending');

    const staff = await newPage();
    await signIn(staff, base, operator.email, operator.password);
    await staff.goto(`${base}/terminals`);
    const card = staff.locator(`[data-session="${stopped.id}"]`);
    await card.getByText('原子力显微镜 网页终端').waitFor();
    await screenshot(staff, 'terminals');
    await card.getByRole('button', { name: '确认为使用' }).click();
    const dialog = staff.getByRole('dialog', { name: '确认未预约使用' });
    await dialog.getByLabel('使用人邮箱').fill(researcher.email);
    await dialog.getByRole('button', { name: '确认为使用' }).click();
    await staff.getByRole('status').filter({ hasText: '已处理' }).waitFor();
    await staff.getByText('没有待确认的使用记录。').waitFor();
    await staff.setViewportSize(PHONE);
    const widths = await staff.evaluate<{ page: number; viewport: number }>('({ page: document.documentElement.scrollWidth, viewport: window.innerWidth })');
    expect(widths.page).toBeLessThanOrEqual(widths.viewport);

    const record = await eventually('the confirmed use’s usage record', async () =>
      ok(await api('GET', `/usage?instrumentId=${instrument.id}&source=terminal`, { token: operator.token }), 200, 'usage').items.find((u: any) => u.userId === researcher.user.id));
    expect(record).toMatchObject({ source: 'terminal', start: new Date(at).toISOString() });
  });
});
