import { bureauToken, testEnv } from './support/api';
import { createInstitution, createRegionalOfficer, createUser, uniqueCode } from './support/factories';
import { chromiumPages, screenshot, signIn } from './web/browser';

// The voucher pages (issue 16) in headless Chromium against the suite's stack (the gateway serves the
// web build, apps/web/dist): a Sichuan officer opens a programme, an enterprise's researcher applies
// and follows its status, the officer approves it from the review queue.
jest.setTimeout(180_000);

const { newPage } = chromiumPages();

describe('voucher programmes, applications and review in the web app', () => {
  it('SC opens a programme, an SC enterprise applies and sees it approved, with screenshots of each page', async () => {
    const base = testEnv().gatewayUrl;
    const joint = await bureauToken();
    const officer = await createRegionalOfficer(joint, 'SC');
    const enterprise = await createInstitution(joint, { kind: 'enterprise', region: 'SC', name: '成都网页测试科技有限公司' });
    const researcher = await createUser(joint, 'researcher', enterprise.code);
    const code = uniqueCode('VPW');

    const bureau = await newPage();
    await signIn(bureau, base, officer.email, officer.password);
    await bureau.goto(`${base}/voucher-programmes`);
    await bureau.locator('summary', { hasText: '设立创新券计划' }).click();
    await bureau.getByLabel('计划编号').fill(code);
    await bureau.getByLabel('计划名称').fill('2026 年川渝科技创新券');
    await bureau.getByLabel('预算（元）', { exact: true }).fill('500000');
    await bureau.getByLabel('单次申请上限（元）').fill('20000');
    await bureau.getByLabel('单位年度上限（元）').fill('100000');
    await bureau.getByLabel('可使用地区').fill('CQ,SC');
    await bureau.getByLabel('生效日期').fill('2026-01-01');
    await bureau.getByLabel('截止日期（不含）').fill('2031-01-01');
    await bureau.getByRole('button', { name: '设立创新券计划' }).click();
    await bureau.getByRole('status').filter({ hasText: `已设立计划 ${code}` }).waitFor();
    await bureau.locator(`tr[data-programme="${code}"]`).getByText('500,000.00').first().waitFor();
    await screenshot(bureau, 'voucher-programmes');

    const applicant = await newPage();
    await signIn(applicant, base, researcher.email, researcher.password);
    await applicant.getByRole('link', { name: '创新券申领' }).click();
    await applicant.getByLabel('创新券计划').selectOption({ label: '2026 年川渝科技创新券（SC，通兑（服务方结算抵扣））' });
    await applicant.getByLabel('申请金额（元）').fill('15000');
    await applicant.getByLabel('项目说明').fill('锂电池隔膜的形貌表征与成分分析');
    await applicant.getByRole('button', { name: '申请创新券' }).click();
    await applicant.getByRole('status').filter({ hasText: 'SC 科技局审核' }).waitFor();
    await applicant.getByRole('cell', { name: '待审核' }).waitFor();

    await bureau.goto(`${base}/voucher-review`);
    const row = bureau.locator('tr', { hasText: '锂电池隔膜的形貌表征与成分分析' });
    await row.getByText('成都网页测试科技有限公司').waitFor();
    await screenshot(bureau, 'voucher-review');
    await row.getByRole('button', { name: '批准' }).click();
    // The page's own dialog (issue 21), not the browser's prompt(): the amount, checked against what was asked.
    const approval = bureau.getByRole('dialog', { name: '批准创新券申请' });
    await approval.getByLabel('批准金额（元），不超过申请金额').fill('20000');
    await approval.getByRole('button', { name: '批准并发券' }).click();
    await approval.getByRole('alert').filter({ hasText: '不超过申请金额 15,000.00 元' }).waitFor();
    await approval.getByLabel('批准金额（元），不超过申请金额').fill('12000');
    await approval.getByRole('button', { name: '批准并发券' }).click();
    await bureau.getByRole('status').filter({ hasText: '已批准 12,000.00 元' }).waitFor();

    await bureau.goto(`${base}/voucher-programmes`);
    await bureau.locator(`tr[data-programme="${code}"]`).getByRole('button', { name: '查看' }).click();
    await bureau.locator(`tr[data-programme="${code}"]`).getByText('发放 1 张，共 12,000.00 元').waitFor();
    await screenshot(bureau, 'voucher-programme-report');

    await applicant.reload();
    await applicant.getByRole('cell', { name: '已批准' }).waitFor();
    await applicant.getByRole('cell', { name: `${code}-` , exact: false }).first().waitFor();
    await applicant.waitForLoadState('networkidle');
    await screenshot(applicant, 'voucher-apply');
  });
});
