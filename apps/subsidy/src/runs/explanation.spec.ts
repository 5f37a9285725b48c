import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parsePolicy, Policy } from '@yixiang/domain';
import { explain } from './explanation';

const EXAMPLE = join(__dirname, '../../../../test/fixtures/worked-example');
const parsed = parsePolicy(JSON.parse(readFileSync(join(EXAMPLE, 'bundle/policy.json'), 'utf8')));
const policy = ('policy' in parsed ? parsed.policy : null) as Policy;

/** An institution's result as the subsidy service stores it (JSON: integers as strings). */
const stored = (over: Record<string, unknown>) => ({
  institutionCode: 'X-INST', eligibleInstruments: 1, effectiveMinutes: '6000', externalMinutes: '1200', total: '4200', rank: 3,
  grade: 'poor', gradeBeforeQuota: 'poor', ratings: 2, externalInstitutions: 1, incomeBaseFen: '0', subsidyBeforeBudgetFen: '0', subsidyFen: '0',
  counts: { open: 1, online: 0, active: 0, ratingSum: 8 },
  indicators: { openRate: '1000', onlineRate: '0', utilisation: '750', activeShare: '0', externalShare: '1333', satisfaction: '500', externalReach: '333' },
  ineligibleReason: 'grade poor is not among the eligible grades (excellent, good, pass)', ...over,
});
const instruments = [{ instrumentCode: 'EQ-X1', effectiveMinutes: '6000', benchmarkHours: 400 }];

describe('the explanation of an institution’s result', () => {
  it('names, in Chinese, the rule that left it without a subsidy: its grade, or too few external hours', () => {
    expect(explain(stored({}), instruments, policy, 'zh').subsidyBeforeBudgetFen).toBe('0：等级不合格不在可获补助的等级（优秀、良好、合格）之内');
    const short = stored({ grade: 'pass', gradeBeforeQuota: 'pass', externalMinutes: '1200', ineligibleReason: 'external hours 20.00 are below the minimum 40' });
    expect(explain(short, instruments, policy, 'zh').subsidyBeforeBudgetFen).toBe('0：对外机时 20.00 小时，低于最低要求 40 小时');
    expect(explain(short, instruments, policy, 'en').subsidyBeforeBudgetFen).toBe('0: external hours 20.00 are below the minimum 40');
  });

  it('says the same figures in both languages, for every number', () => {
    const zh = explain(stored({}), instruments, policy, 'zh');
    const en = explain(stored({}), instruments, policy, 'en');
    expect(Object.keys(zh)).toEqual(Object.keys(en));
    expect(zh.satisfaction).toBe('对外使用记录的评分 2 条，少于 5 条：5.00');
    expect(zh.grade).toBe('按分数段 90/75/60 评为不合格');
    expect(zh.incomeBaseFen).toContain('法定认证、执法、商业检验、商业拍摄、医疗服务');
    for (const text of Object.values(zh)) expect(text).not.toMatch(/\b(instruments|hours|open|rating|fen|grade)\b/);
  });

  it('gives money in yuan, never fen under a 元 heading (issue 21: "对外收入基数（元）… 52171763 分")', () => {
    const paid = stored({ grade: 'good', gradeBeforeQuota: 'good', ineligibleReason: null, incomeBaseFen: '52171763', subsidyBeforeBudgetFen: '6368423', subsidyFen: '4478466' });
    const zh = explain(paid, instruments, policy, 'zh');
    const en = explain(paid, instruments, policy, 'en');
    expect(zh.incomeBaseFen).toContain('521,717.63 元');
    expect(zh.subsidyBeforeBudgetFen).toMatch(/= 63,684\.23 元$/);
    expect(zh.subsidyFen).toContain('分配后为 44,784.66 元');
    expect(en.incomeBaseFen).toContain('CNY 521,717.63');
    expect(en.subsidyFen).toContain('CNY 44,784.66 after the budget of CNY');
    for (const text of [...Object.values(zh), ...Object.values(en)]) expect(text).not.toMatch(/\d 分|\bfen\b|10⁶/);
  });

  it('shows the institution\'s recorded hours by source, with the factor non-terminal hours count at (issue 20)', () => {
    const minutesBySource = [{ source: 'terminal', minutes: '600' }, { source: 'import', minutes: '125' }, { source: 'manual', minutes: '45' }];
    const zh = explain(stored({ minutesBySource }), instruments, policy, 'zh');
    expect(zh.hoursBySource).toBe('按来源记录的机时：终端采集 10.00 小时，签退 0.00 小时，导入 2.08 小时，手工录入 0.75 小时；各来源机时全额计入');
    const half = { ...policy, manualHoursFactorPct: 50 };
    expect(explain(stored({ minutesBySource }), instruments, half, 'zh').hoursBySource).toMatch(/；终端采集机时全额计入，其余按 50% 计入（每台仪器合计后向下取整到分钟）$/);
    const en = explain(stored({ minutesBySource: [...minutesBySource, { source: 'unknown', minutes: '30' }] }), instruments, half, 'en');
    expect(en.hoursBySource).toBe("recorded hours by source: terminal 10.00 h, check-out 0.00 h, import 2.08 h, manual entry 0.75 h, source unknown 0.50 h; terminal hours count in full, the others at 50% (each instrument's sum floored to the minute)");
    expect(Object.keys(zh)).toEqual(Object.keys(explain(stored({ minutesBySource }), instruments, policy, 'en')));
    // A result stored before sources were kept has no such line.
    expect(explain(stored({}), instruments, policy, 'zh')).not.toHaveProperty('hoursBySource');
  });
});
