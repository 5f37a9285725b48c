import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { api, bureauToken } from './support/api';
import { createInstitution, createUser, instrumentBody, uniqueCode } from './support/factories';

/**
 * Sources in the evaluation (issue 20): an institution's hours by source in its explanation, and a
 * policy's manualHoursFactorPct counting non-terminal hours (here, entered by hand) at a discount.
 */

async function followJob(token: string, jobId: string): Promise<any> {
  for (let i = 0; i < 1200; i++) {
    const job = await api('GET', `/jobs/${jobId}`, { token });
    if (job.body.state === 'completed' || job.body.state === 'failed') return job.body;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`job ${jobId} did not finish`);
}

describe('usage sources in the evaluation', () => {
  const document = JSON.parse(readFileSync(join(__dirname, 'fixtures/worked-example/bundle/policy.json'), 'utf8'));
  let bureau: string;
  let provider: any;
  let instrument: any;

  const policy = async (changes: Record<string, unknown>) => {
    const created = await api('POST', '/policies', { token: bureau, body: { ...document, code: uniqueCode('sources'), ...changes } });
    expect(created.status).toBe(201);
    return created.body.id as string;
  };
  const run = async (policyId: string) => {
    const started = await api('POST', '/subsidy-runs', { token: bureau, body: { policyId, year: 2026 } });
    expect(started.status).toBe(202);
    expect((await followJob(bureau, started.body.jobId)).state).toBe('completed');
    return started.body.runId as string;
  };
  const resultOf = async (runId: string, language = 'zh') => {
    const res = await api('GET', `/subsidy-runs/${runId}/results?institution=${provider.code}&lang=${language}`, { token: bureau });
    expect(res.status).toBe(200);
    return res.body;
  };
  const instrumentRow = async (runId: string) => {
    const csv = (await api('GET', `/exports/evaluation-instruments.csv?runId=${runId}`, { token: bureau })).body as string;
    return csv.split('\n').find((line) => line.startsWith(`${instrument.code},`))?.split(',');
  };

  beforeAll(async () => {
    bureau = await bureauToken();
    provider = await createInstitution(bureau, { name: '重庆来源测试大学', region: 'CQ' });
    const guest = await createInstitution(bureau, { name: '四川来源测试研究院', kind: 'institute', region: 'SC' });
    const admin = await createUser(bureau, 'institution_admin', provider.code);
    const own = await createUser(bureau, 'researcher', provider.code);
    const visitor = await createUser(bureau, 'researcher', guest.code);
    instrument = (await api('POST', '/instruments', { token: admin.token, body: instrumentBody({ name: '来源测试透射电镜' }) })).body;
    // Entered by hand: 3 h and 45 min by the guest institution's researcher, 1 h by the provider's own.
    for (const [user, start, end] of [
      [visitor, '2026-03-02T09:00:00+08:00', '2026-03-02T12:00:00+08:00'],
      [visitor, '2026-03-03T09:00:00+08:00', '2026-03-03T09:45:00+08:00'],
      [own, '2026-03-04T09:00:00+08:00', '2026-03-04T10:00:00+08:00'],
    ] as const) {
      const res = await api('POST', '/usage', { token: admin.token, body: { instrumentId: instrument.id, userId: user.user.id, start, end, serviceMode: 'self', serviceCategory: 'research', reason: '手工补录 来源测试' } });
      expect([res.status, res.body.source]).toEqual([201, 'manual']);
    }
  });

  it('counts every hour with the default factor and shows them by source, 手工录入 among them', async () => {
    const runId = await run(await policy({}));
    const { result, explanation } = await resultOf(runId);
    expect(result).toMatchObject({ effectiveMinutes: '285', externalMinutes: '225', minutesBySource: [{ source: 'manual', minutes: '285' }] });
    expect(explanation.hoursBySource).toBe('按来源记录的机时：终端采集 0.00 小时，签退 0.00 小时，导入 0.00 小时，手工录入 4.75 小时；各来源机时全额计入');
    expect((await resultOf(runId, 'en')).explanation.hoursBySource).toBe('recorded hours by source: terminal 0.00 h, check-out 0.00 h, import 0.00 h, manual entry 4.75 h; every hour counts in full');
    expect((await instrumentRow(runId))?.slice(1, 4)).toEqual([provider.code, '4.75', '3.75']);
  });

  it('with manualHoursFactorPct 50 counts the hours entered by hand at half, floored to the minute per instrument', async () => {
    const runId = await run(await policy({ manualHoursFactorPct: 50 }));
    const { result, explanation } = await resultOf(runId);
    // 285 min → 142 (142.5 floored), 225 external → 112; the recorded minutes by source are unchanged.
    expect(result).toMatchObject({ effectiveMinutes: '142', externalMinutes: '112', minutesBySource: [{ source: 'manual', minutes: '285' }] });
    expect(explanation.hoursBySource).toBe('按来源记录的机时：终端采集 0.00 小时，签退 0.00 小时，导入 0.00 小时，手工录入 4.75 小时；终端采集机时全额计入，其余按 50% 计入（每台仪器合计后向下取整到分钟）');
    expect(explanation.effectiveHours).toContain('2.37 小时');
    expect((await instrumentRow(runId))?.slice(1, 4)).toEqual([provider.code, '2.37', '1.87']);
  });

  it('refuses a factor above 100 or not whole, naming the field in Chinese', async () => {
    for (const manualHoursFactorPct of [101, 12.5, '50']) {
      const res = await api('POST', '/policies', { token: bureau, body: { ...document, code: uniqueCode('sources'), manualHoursFactorPct } });
      expect(res.status).toBe(400);
      expect(res.body.error.details.fields).toEqual([{ field: 'manualHoursFactorPct', reason: expect.stringContaining('非终端机时计入比例须为 0–100 的整数百分比') }]);
    }
  });
});
