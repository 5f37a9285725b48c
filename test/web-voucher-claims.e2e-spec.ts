import { api, bureauToken, testEnv } from './support/api';
import { createInstitution, createRegionalOfficer, createUser } from './support/factories';
import { approvedVoucher, hourlyInstrument, ok, programmeBody, settle, shanghaiMonth, statementBetween, useInstrument } from './support/voucher-flow';
import { chromiumPages, screenshot, signIn } from './web/browser';

// The claims and ledger pages of issue 16 in headless Chromium, against the suite's platform (its
// gateway serves the web app's build, apps/web/dist): the provider's admin files a claim, the SC
// officer reviews it and reads the programme's ledger. Screenshots at desktop and phone width.
jest.setTimeout(180_000);

const { newPage } = chromiumPages();

describe('voucher claims and ledger pages', () => {
  it('a CQ provider files a claim in the browser; the SC officer approves it and reads the ledger', async () => {
    const base = testEnv().gatewayUrl;
    const index = await fetch(`${base}/`);
    expect(index.headers.get('content-type') ?? '').toContain('text/html');

    const joint = await bureauToken();
    const sc = await createRegionalOfficer(joint, 'SC');
    const cq = await createRegionalOfficer(joint, 'CQ');
    const provider = await createInstitution(cq.token, { name: '重庆嘉陵理工大学分析测试中心', kind: 'university', region: 'CQ' });
    const enterprise = await createInstitution(sc.token, { name: '成都天府锂电科技有限公司', kind: 'enterprise', region: 'SC' });
    const [admin, operator] = await Promise.all([createUser(cq.token, 'institution_admin', provider.code), createUser(cq.token, 'operator', provider.code)]);
    const researcher = await createUser(sc.token, 'researcher', enterprise.code);
    const instrument = await hourlyInstrument(admin);
    const programme = ok(await api('POST', '/voucher-programmes', {
      token: sc.token, body: programmeBody({ name: '2026 年川渝科技创新券（通兑）', applicantKinds: ['enterprise'], providerRegions: ['CQ'] }),
    }), 201, 'programme');
    const { voucherId } = await approvedVoucher(researcher, sc.token, programme.id, 15000);
    const record = await useInstrument(researcher, operator, instrument, voucherId);
    const month = shanghaiMonth(record.start);
    await settle(admin.token, month);
    const statement = await statementBetween(admin, month, provider.id, enterprise.id);
    ok(await api('POST', `/statements/${statement.id}/issue`, { token: admin.token }), 200, 'issue');

    // The provider's admin files the claim through the form.
    const page = await newPage();
    await signIn(page, base, admin.email, admin.password);
    await page.getByRole('link', { name: '创新券兑付' }).click();
    await page.getByLabel('费用月份', { exact: true }).fill(month);
    // exact: the page's table "本月可兑付（按发券地区）" also carries the words once it has loaded.
    await page.getByLabel('发券地区', { exact: true }).fill('SC');
    await page.getByRole('button', { name: '提交兑付申请' }).click();
    await page.getByRole('status').filter({ hasText: '已提交兑付申请' }).waitFor();
    await page.getByRole('cell', { name: '待审核' }).first().waitFor();
    await page.getByRole('button', { name: /^VC-/ }).first().click();
    await page.getByRole('cell', { name: record.code }).waitFor();
    await screenshot(page, 'voucher-claims-provider');

    // The SC officer sees it in the queue (with other tests' SC claims, perhaps) and approves this one; then the ledger.
    const [filed] = ok(await api('GET', '/voucher-claims?pageSize=1', { token: admin.token }), 200, 'claims').items as any[];
    const officer = await newPage();
    await signIn(officer, base, sc.email, sc.password);
    await officer.goto(`${base}/voucher-claims`);
    const row = officer.getByRole('row').filter({ hasText: filed.code });
    await row.getByRole('button', { name: '批准' }).waitFor();
    await screenshot(officer, 'voucher-claims-review');
    await row.getByRole('button', { name: '批准' }).click();
    await officer.getByLabel('按状态筛选').selectOption('approved');
    await officer.getByRole('row').filter({ hasText: filed.code }).getByRole('button', { name: '登记付款' }).waitFor();
    await officer.goto(`${base}/voucher-ledger`);
    await officer.getByLabel('计划', { exact: true }).selectOption(programme.id);
    await officer.getByRole('table', { name: '各券明细' }).waitFor();
    await officer.getByText('¥120.00').first().waitFor();
    await screenshot(officer, 'voucher-ledger');
    const claims = ok(await api('GET', '/voucher-claims?state=approved&pageSize=200', { token: sc.token }), 200, 'claims').items as any[];
    expect(claims.filter((c) => c.claimantInstitutionId === provider.id).map((c) => c.amountFen)).toEqual([12000]);
  });
});
