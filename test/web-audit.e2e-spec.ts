import { api, bureauToken, testEnv } from './support/api';
import { createInstitution, createUser, instrumentBody, rateCard } from './support/factories';
import { ok } from './support/voucher-flow';
import { chromiumPages, PHONE, screenshot, signIn } from './web/browser';

// The auditor's page of issue 20 in headless Chromium, against the suite's platform (its gateway
// serves the web app's build, apps/web/dist): an institution admin raises a rate card's price; the
// auditor finds the change by its object, sees the price before and after, and has every hash chain
// verified. Screenshots at desktop and phone width (test-artifacts/screenshots/audit-*.png).
jest.setTimeout(180_000);

const { newPage } = chromiumPages();

describe('the audit trail page', () => {
  it('an auditor finds a rate card change by its instrument, reads the price before and after, and verifies the chains', async () => {
    const base = testEnv().gatewayUrl;
    const bureau = await bureauToken();
    const institution = await createInstitution(bureau, { name: '重庆嘉陵理工大学测试中心', region: 'CQ' });
    const admin = await createUser(bureau, 'institution_admin', institution.code);
    const auditor = await createUser(bureau, 'auditor');
    const instrument = ok(await api('POST', '/instruments', { token: admin.token, body: instrumentBody({ name: '场发射扫描电子显微镜' }) }), 201, 'instrument');
    const code = `${instrument.code}-RC`;
    for (const externalPriceFen of [40000, 45000]) {
      ok(await api('PUT', `/instruments/${instrument.id}/rates`, { token: admin.token, body: [rateCard({ code, externalPriceFen })] }), 200, 'rates');
    }

    const page = await newPage();
    await signIn(page, base, auditor.email, auditor.password);
    await page.getByRole('link', { name: '审计日志' }).click();
    await page.getByRole('heading', { name: '审计日志', level: 1 }).waitFor();
    await page.getByLabel('对象类型').selectOption('rate-cards');
    await page.getByLabel('对象编号').fill(instrument.id);
    await page.getByRole('button', { name: '筛选' }).click();
    const table = page.getByRole('table', { name: '审计记录' });
    // The filter reached the API: only this instrument's two replacements are listed, the newer first.
    await page.getByText('第 1 / 1 页，共 2 条').waitFor();
    const rows = table.getByRole('row').filter({ hasText: '修改收费标准' });
    expect(await rows.count()).toBe(2);
    const newest = rows.first();
    await newest.getByText('[0].externalPriceFen').waitFor();
    expect(await newest.locator('del').filter({ hasText: '40000' }).count()).toBe(1);
    expect(await newest.locator('ins').filter({ hasText: '45000' }).count()).toBe(1);
    await newest.getByText('单位管理员').waitFor();
    await newest.getByText(admin.user.id).waitFor();

    // test/audit.e2e-spec.ts alters a billing row for a moment (and restores it): a verdict of that moment is asked again.
    const verdict = page.getByRole('status').filter({ hasText: '全部完好' });
    for (let attempt = 0; attempt < 5 && !(await verdict.isVisible()); attempt++) {
      if (attempt > 0) await page.waitForTimeout(1000);
      await page.getByRole('button', { name: '校验哈希链' }).click();
      await page.getByRole('status').filter({ hasText: '全部完好' }).or(page.getByRole('alert').filter({ hasText: '哈希链已断开' })).waitFor();
    }
    await verdict.waitFor();
    expect(await verdict.textContent()).toMatch(/目录服务 \d+ 条，预约服务 \d+ 条，计费服务 \d+ 条，补助服务 \d+ 条/);
    await screenshot(page, 'audit');

    // On a phone the list is cards, and nothing (a 64-character hash, a UUID) widens the page.
    await page.setViewportSize(PHONE);
    await newest.getByText('完整记录').click();
    const widths = await page.evaluate<{ page: number; viewport: number }>('({ page: document.documentElement.scrollWidth, viewport: window.innerWidth })');
    expect(widths.page).toBeLessThanOrEqual(widths.viewport);
    await screenshot(page, 'audit-entry');
  });
});
