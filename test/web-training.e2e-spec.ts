import { api, bureauToken, testEnv } from './support/api';
import { createInstitution, createUser, instrumentBody } from './support/factories';
import { chromiumPages, PHONE, screenshot, signIn } from './web/browser';

// Training (issue 18) in headless Chromium: a researcher asks for training on the instrument's page,
// the operator schedules the session and records the pass on the training page, and the researcher
// sees the qualification's end. Screenshots at desktop and phone width.
jest.setTimeout(180_000);

const { newPage } = chromiumPages();

describe('training requests in the web app', () => {
  it('a researcher asks on the instrument page, the operator schedules and passes them, the researcher sees the qualification', async () => {
    const base = testEnv().gatewayUrl;
    const bureau = await bureauToken();
    const provider = await createInstitution(bureau, { name: '重庆网页培训测试大学' });
    const guest = await createInstitution(bureau, { name: '四川网页培训测试研究院', kind: 'institute', region: 'SC' });
    const admin = await createUser(bureau, 'institution_admin', provider.code);
    const operator = await createUser(bureau, 'operator', provider.code);
    const researcher = await createUser(bureau, 'researcher', guest.code);
    const instrument = (await api('POST', '/instruments', { token: admin.token, body: instrumentBody({ name: '场发射扫描电镜 网页培训', bookingRules: { qualificationRequired: true, leadMinutes: 0 } }) })).body;
    expect(instrument.id).toBeTruthy();

    const trainee = await newPage();
    await signIn(trainee, base, researcher.email, researcher.password);
    await trainee.goto(`${base}/instruments/${instrument.id}`);
    await trainee.getByRole('button', { name: '申请上机培训' }).click();
    await trainee.getByRole('status').filter({ hasText: '已提交培训申请' }).waitFor();
    await trainee.getByRole('link', { name: '查看我的培训申请' }).click();
    await trainee.locator('[data-training]', { hasText: '场发射扫描电镜 网页培训' }).getByText('待安排').waitFor();

    const staff = await newPage();
    await signIn(staff, base, operator.email, operator.password);
    await staff.getByRole('link', { name: '上机培训' }).click();
    const card = staff.locator('[data-training]', { hasText: '场发射扫描电镜 网页培训' });
    await card.getByText('待安排').waitFor();
    await screenshot(staff, 'training-queue');
    // Today, from the start of the current hour: the session has begun, so its outcome can be recorded.
    const now = new Date(Date.now() + 8 * 3600e3);
    const day = now.toISOString().slice(0, 10);
    const hour = now.getUTCHours();
    const hh = (h: number) => `${String(h).padStart(2, '0')}:00`;
    await card.getByLabel('培训日期').fill(day);
    await card.getByLabel('开始').fill(hh(hour));
    await card.getByLabel('结束').fill(hour === 23 ? '23:59' : hh(hour + 1));
    await card.getByRole('button', { name: '安排培训' }).click();
    await staff.getByRole('status').filter({ hasText: '已安排培训' }).waitFor();
    await card.getByLabel('资格有效至').fill('2030-12-31');
    await card.getByRole('button', { name: '登记通过' }).click();
    await staff.getByRole('status').filter({ hasText: '已通过' }).waitFor();

    await trainee.reload();
    const mine = trainee.locator('[data-training]', { hasText: '场发射扫描电镜 网页培训' });
    await mine.getByText('已通过').waitFor();
    await mine.getByText('资格有效至：2030-12-31').waitFor();
    await screenshot(trainee, 'training');
    await trainee.setViewportSize(PHONE);
    const widths = await trainee.evaluate<{ page: number; viewport: number }>('({ page: document.documentElement.scrollWidth, viewport: window.innerWidth })');
    expect(widths.page).toBeLessThanOrEqual(widths.viewport);

    // The pass is the qualification the booking rule checks.
    const qualifications = await api('GET', `/qualifications?instrumentId=${instrument.id}`, { token: researcher.token });
    expect(qualifications.body).toEqual([expect.objectContaining({ userId: researcher.user.id, validTo: '2030-12-30T16:00:00.000Z' })]);
  });
});
