import { readFileSync } from 'node:fs';
import { api, bureauToken, testEnv } from './support/api';
import { createInstitution, createUser, instrumentBody, rateCard } from './support/factories';
import { chromiumPages, screenshot, signIn } from './web/browser';

// The sample order pages of issue 18 in headless Chromium, against the suite's platform: a
// researcher submits samples through the form, the lab's operator takes the order through its queue
// (accept, receive, start testing, upload the report), the researcher follows the status timeline,
// downloads the report and confirms. Screenshots at desktop and phone width.
jest.setTimeout(180_000);

const { newPage } = chromiumPages({ acceptDownloads: true });

describe('sample order pages', () => {
  it('a researcher submits samples, the operator works the queue and uploads the report, the researcher downloads it and confirms', async () => {
    const base = testEnv().gatewayUrl;
    const bureau = await bureauToken();
    const provider = await createInstitution(bureau, { name: '重庆嘉陵理工大学分析测试中心', region: 'CQ' });
    const guest = await createInstitution(bureau, { name: '四川天府新材料研究院', kind: 'institute', region: 'SC' });
    const [admin, operator] = await Promise.all([createUser(bureau, 'institution_admin', provider.code), createUser(bureau, 'operator', provider.code)]);
    const researcher = await createUser(bureau, 'researcher', guest.code);
    const created = await api('POST', '/instruments', { token: admin.token, body: instrumentBody({ name: 'X射线衍射仪', categoryCode: '0103', serviceModes: ['assisted', 'sample'] }) });
    expect(created.status).toBe(201);
    const instrument = created.body;
    expect((await api('PUT', `/instruments/${instrument.id}/rates`, { token: admin.token, body: [rateCard({ serviceMode: 'sample', unit: 'sample', externalPriceFen: 8000, internalPriceFen: 3000 })] })).status).toBe(200);

    // The researcher's form.
    const page = await newPage();
    await signIn(page, base, researcher.email, researcher.password);
    await page.getByRole('link', { name: '送样检测' }).click();
    await page.getByLabel('检测仪器').selectOption(instrument.id);
    await page.getByLabel('样品数量').fill('2');
    await page.getByLabel('送样方式').selectOption('courier');
    await page.getByLabel('快递单号').fill('SF1234567890');
    await page.getByLabel('样品名称（每行一个，可按批次填写）').fill('S-1 钙钛矿薄膜\nS-2 对照');
    await page.getByLabel('检测项目及要求').fill('XRD 物相分析，10°–80°');
    await page.getByLabel('有毒').check();
    await page.getByLabel('危险品处置说明').fill('含铅，请戴手套');
    await page.getByRole('button', { name: '提交送样单' }).click();
    await page.getByRole('status').filter({ hasText: '已提交送样单' }).waitFor();
    const [order] = (await api('GET', '/sample-orders?scope=mine', { token: researcher.token })).body.items as any[];
    expect(order).toMatchObject({ sampleCount: 2, sampleNames: ['S-1 钙钛矿薄膜', 'S-2 对照'], hazards: ['toxic'], hazardNotes: '含铅，请戴手套', delivery: 'courier', trackingNumber: 'SF1234567890', state: 'submitted' });
    await page.getByRole('row').filter({ hasText: order.code }).getByText('待受理').waitFor();
    await screenshot(page, 'sample-orders');

    // The operator's queue: accept, receive, start testing, upload the report.
    const lab = await newPage();
    await signIn(lab, base, operator.email, operator.password);
    await lab.getByRole('link', { name: '送样受理' }).click();
    const row = () => lab.getByRole('row').filter({ hasText: order.code });
    await row().getByRole('button', { name: '受理' }).waitFor();
    await screenshot(lab, 'sample-queue');
    await row().getByRole('button', { name: '受理' }).click();
    await lab.getByRole('status').filter({ hasText: '已受理' }).waitFor();
    await lab.getByLabel('按状态筛选').selectOption('accepted');
    await row().getByRole('button', { name: '确认收样' }).click();
    await lab.getByRole('status').filter({ hasText: '已收样' }).waitFor();
    await lab.getByLabel('按状态筛选').selectOption('received');
    await row().getByRole('button', { name: '开始检测' }).click();
    await lab.getByRole('status').filter({ hasText: '检测中' }).waitFor();
    await lab.getByLabel('按状态筛选').selectOption('testing');
    const report = Buffer.concat([Buffer.from('%PDF-1.7\n'), Buffer.from(Array.from({ length: 256 }, (_, i) => i)), Buffer.from('\n%%EOF\n')]);
    await lab.getByLabel(`报告文件 ${order.code}`).setInputFiles({ name: 'XRD检测报告.pdf', mimeType: 'application/pdf', buffer: report });
    await lab.getByRole('status').filter({ hasText: '已出报告' }).waitFor();
    await lab.getByRole('region', { name: `进度 ${order.code}` }).getByText('出具报告').waitFor();

    // The researcher: the timeline, the report byte for byte, confirmation.
    await page.reload();
    const mine = page.getByRole('row').filter({ hasText: order.code });
    await mine.getByText('已出报告').waitFor();
    await mine.getByRole('button', { name: '查看进度' }).click();
    const timeline = page.getByRole('region', { name: `进度 ${order.code}` });
    for (const step of ['提交', '受理', '收样', '开始检测', '出具报告']) await timeline.getByText(step, { exact: true }).waitFor();
    const [download] = await Promise.all([page.waitForEvent('download'), mine.getByRole('button', { name: '下载报告' }).click()]);
    expect(download.suggestedFilename()).toBe('XRD检测报告.pdf');
    expect(readFileSync((await download.path()) as string).equals(report)).toBe(true);
    await screenshot(page, 'sample-order-timeline');
    await mine.getByRole('button', { name: '确认完成' }).click();
    await timeline.getByText('完成', { exact: true }).waitFor();
    await mine.getByText('已完成').waitFor();
    expect((await api('GET', `/sample-orders/${order.id}`, { token: researcher.token })).body.state).toBe('completed');
  });
});
