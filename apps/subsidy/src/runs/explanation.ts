import type { ExplanationLanguage } from '@yixiang/contracts';
import { formatHours, formatScaled, ineligibility, Policy, SOURCE_ORDER, yuanText } from '@yixiang/domain';

/** A result as read back from its stored JSON. */
type Stored = Record<string, any>;

const pts = (hundredths: string | number) => (Number(hundredths) / 100).toFixed(2);
const hours = (minutes: string | number) => (Number(minutes) / 60).toFixed(2);
/** Fen as people read money, "521,717.63" (exact, by digits; the stored figures are integers as strings). */
const yuan = (fen: string | number | bigint) => yuanText(BigInt(fen));
/** Basis points as a percent, 2000 → "20" (exact). */
const percent = (bps: number) => formatScaled(bps, 2);
const GRADE_ZH: Record<string, string> = { excellent: '优秀', good: '良好', pass: '合格', poor: '不合格' };
const gradeZh = (grade: string) => GRADE_ZH[grade] ?? grade;
/** The web app's Chinese names of the service categories (apps/web/src/i18n/zh.ts). */
const CATEGORY_ZH: Record<string, string> = {
  research: '科研', testing: '检测', training: '培训', 'statutory-certification': '法定认证', 'law-enforcement': '执法',
  'commercial-inspection': '商业检验', 'commercial-filming': '商业拍摄', 'medical-service': '医疗服务',
};

/** The web app's names of the usage sources (apps/web/src/i18n), and of a source billing did not say. */
const SOURCE_ZH: Record<string, string> = { terminal: '终端采集', 'check-out': '签退', import: '导入', manual: '手工录入', unknown: '来源不明' };
const SOURCE_EN: Record<string, string> = { terminal: 'terminal', 'check-out': 'check-out', import: 'import', manual: 'manual entry', unknown: 'source unknown' };

/**
 * The institution's recorded hours by source: the four sources always (0.00 where none), then any
 * other the result holds; null for a result stored before sources were kept.
 */
function bySource(r: Stored): { source: string; hours: string }[] | null {
  if (!Array.isArray(r.minutesBySource)) return null;
  const minutes = new Map<string, bigint>((r.minutesBySource as Stored[]).map((e) => [String(e.source), BigInt(e.minutes)]));
  const shown = [...SOURCE_ORDER.filter((s) => s !== 'unknown'), ...[...minutes.keys()].filter((s) => !(SOURCE_ORDER as readonly string[]).includes(s) || s === 'unknown')];
  return shown.map((source) => ({ source, hours: formatHours(minutes.get(source) ?? 0n) }));
}

/** The facts behind one result that both languages put into words. */
function facts(r: Stored, instruments: Stored[], p: Policy) {
  return {
    sources: bySource(r), pct: p.manualHoursFactorPct,
    r, p, i: r.indicators as Stored, n: r.eligibleInstruments as number,
    codes: instruments.map((x) => x.instrumentCode).join(', '),
    hoursEach: instruments.map((x) => `${x.instrumentCode} ${hours(x.effectiveMinutes)}`),
    benchmarkEach: instruments.map((x) => `${x.instrumentCode} ${hours(x.effectiveMinutes)}/${x.benchmarkHours}`).join(', '),
    factor: p.gradeFactorPct[r.grade as keyof typeof p.gradeFactorPct],
    rated: r.ratings >= p.minRatings && r.ratings > 0,
    // The rule that left it without a subsidy: the same one the evaluation chose (libs/domain ineligibility).
    ineligible: r.ineligibleReason ? (ineligibility({ grade: r.grade, externalMinutes: BigInt(r.externalMinutes) }, p) ?? 'external-hours') : null,
  };
}

type Facts = ReturnType<typeof facts>;

function english({ r, p, i, n, codes, hoursEach, benchmarkEach, factor, rated, sources, pct }: Facts): Record<string, string> {
  const counted = pct === 100 ? 'every hour counts in full' : `terminal hours count in full, the others at ${pct}% (each instrument's sum floored to the minute)`;
  return {
    eligibleInstruments: `${n} instruments owned, worth at least CNY ${yuan(p.eligibleValueFen)} and in service during the year: ${codes}`,
    effectiveHours: `completed usage starting in the year on those instruments: ${hours(r.effectiveMinutes)} h (${hoursEach.map((x) => `${x} h`).join(', ')})`,
    externalHours: `of which by users of other institutions (related parties included): ${hours(r.externalMinutes)} h`,
    ...(sources ? { hoursBySource: `recorded hours by source: ${sources.map((x) => `${SOURCE_EN[x.source] ?? x.source} ${x.hours} h`).join(', ')}; ${counted}` } : {}),
    openRate: `10 × ${r.counts.open} open / ${n} eligible = ${pts(i.openRate)}`,
    onlineRate: r.counts.open ? `10 × ${r.counts.online} open, online and priced on 31 December / ${r.counts.open} open = ${pts(i.onlineRate)}` : 'no open instrument: 0.00',
    utilisation: `30 × mean of min(1, hours / benchmark) over ${benchmarkEach} = ${pts(i.utilisation)}`,
    activeShare: `10 × ${r.counts.active} instruments with at least half their benchmark hours / ${n} = ${pts(i.activeShare)}`,
    externalShare: `20 × min(1, (${hours(r.externalMinutes)} / ${hours(r.effectiveMinutes)}) / ${p.targetExternalShare}) = ${pts(i.externalShare)}`,
    satisfaction: rated ? `10 × (mean rating ${r.counts.ratingSum}/${r.ratings} − 1) / 4 = ${pts(i.satisfaction)}` : `${r.ratings} ratings on external records, fewer than ${p.minRatings}: 5.00`,
    externalReach: `10 × min(1, ${r.externalInstitutions} external institutions / ${p.targetExternalInstitutions}) = ${pts(i.externalReach)}`,
    total: `sum of the rounded indicators = ${pts(r.total)}, rank ${r.rank}`,
    grade: r.grade === r.gradeBeforeQuota ? `${r.grade} by the bands ${p.gradeBands.excellent}/${p.gradeBands.good}/${p.gradeBands.pass}` : `${r.gradeBeforeQuota} by the bands, ${r.grade} by the excellent quota of ${p.excellentQuota}`,
    incomeBaseFen: `billed amounts before vouchers of external, not related-party records outside ${p.excludedCategories.join(', ')}: CNY ${yuan(r.incomeBaseFen)}`,
    subsidyBeforeBudgetFen: r.ineligibleReason ? `0: ${r.ineligibleReason}` : `min(Σ min(round half up(base × ${percent(p.rateBps)}% × ${factor}%), cap per instrument CNY ${yuan(p.perInstrumentCapFen)}), cap per institution CNY ${yuan(p.perInstitutionCapFen)}) = CNY ${yuan(r.subsidyBeforeBudgetFen)}`,
    subsidyFen: `CNY ${yuan(r.subsidyFen)} after the budget of CNY ${yuan(p.budgetFen)} (shares floored to the cent, the remaining cents to the largest remainders)`,
  };
}

function chinese({ r, p, i, n, codes, hoursEach, benchmarkEach, factor, rated, ineligible, sources, pct }: Facts): Record<string, string> {
  const counted = pct === 100 ? '各来源机时全额计入' : `终端采集机时全额计入，其余按 ${pct}% 计入（每台仪器合计后向下取整到分钟）`;
  const reason = ineligible === 'grade'
    ? `等级${gradeZh(r.grade)}不在可获补助的等级（${p.eligibleGrades.map(gradeZh).join('、')}）之内`
    : `对外机时 ${hours(r.externalMinutes)} 小时，低于最低要求 ${p.minExternalHours} 小时`;
  return {
    eligibleInstruments: `${n} 台自有仪器，原值不低于 ${yuan(p.eligibleValueFen)} 元且年内在役：${codes}`,
    effectiveHours: `这些仪器上年内开始并已完成的使用：${hours(r.effectiveMinutes)} 小时（${hoursEach.map((x) => `${x} 小时`).join('，')}）`,
    externalHours: `其中外单位用户（含关联方）：${hours(r.externalMinutes)} 小时`,
    ...(sources ? { hoursBySource: `按来源记录的机时：${sources.map((x) => `${SOURCE_ZH[x.source] ?? x.source} ${x.hours} 小时`).join('，')}；${counted}` } : {}),
    openRate: `10 × ${r.counts.open} 台开放 / ${n} 台纳入评价 = ${pts(i.openRate)}`,
    onlineRate: r.counts.open ? `10 × ${r.counts.online} 台于 12 月 31 日开放、可在线预约且已定价 / ${r.counts.open} 台开放 = ${pts(i.onlineRate)}` : '没有开放仪器：0.00',
    utilisation: `30 × 各仪器 min(1, 机时 / 基准机时) 的平均值（${benchmarkEach}）= ${pts(i.utilisation)}`,
    activeShare: `10 × ${r.counts.active} 台机时达到基准机时一半 / ${n} 台 = ${pts(i.activeShare)}`,
    externalShare: `20 × min(1, (${hours(r.externalMinutes)} / ${hours(r.effectiveMinutes)}) / ${p.targetExternalShare}) = ${pts(i.externalShare)}`,
    satisfaction: rated ? `10 × (平均评分 ${r.counts.ratingSum}/${r.ratings} − 1) / 4 = ${pts(i.satisfaction)}` : `对外使用记录的评分 ${r.ratings} 条，少于 ${p.minRatings} 条：5.00`,
    externalReach: `10 × min(1, ${r.externalInstitutions} 家外单位 / ${p.targetExternalInstitutions}) = ${pts(i.externalReach)}`,
    total: `各项指标（取整后）之和 = ${pts(r.total)}，排名第 ${r.rank}`,
    grade: r.grade === r.gradeBeforeQuota
      ? `按分数段 ${p.gradeBands.excellent}/${p.gradeBands.good}/${p.gradeBands.pass} 评为${gradeZh(r.grade)}`
      : `按分数段为${gradeZh(r.gradeBeforeQuota)}，受优秀名额 ${p.excellentQuota} 个限制评为${gradeZh(r.grade)}`,
    incomeBaseFen: `外单位、非关联方、服务类别不属于${p.excludedCategories.map((c) => CATEGORY_ZH[c] ?? c).join('、')}的使用记录，抵扣创新券前的计费金额：${yuan(r.incomeBaseFen)} 元`,
    subsidyBeforeBudgetFen: ineligible ? `0：${reason}` : `min(Σ min(四舍五入(基数 × ${percent(p.rateBps)}% × ${factor}%), 单台上限 ${yuan(p.perInstrumentCapFen)} 元), 单位上限 ${yuan(p.perInstitutionCapFen)} 元) = ${yuan(r.subsidyBeforeBudgetFen)} 元`,
    subsidyFen: `按预算 ${yuan(p.budgetFen)} 元分配后为 ${yuan(r.subsidyFen)} 元（各份额向下取整到分，余下的分按最大余数分配）`,
  };
}

/** Each number of an institution's result as a sentence: the rule of policy.md with the figures filled in. */
export function explain(r: Stored, instruments: Stored[], p: Policy, language: ExplanationLanguage): Record<string, string> {
  return (language === 'zh' ? chinese : english)(facts(r, instruments, p));
}
