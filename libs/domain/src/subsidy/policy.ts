import { fieldLabel } from '../messages/labels';
import { type Said, said } from '../messages/said';
import { CODE_PATTERN } from '../validation/patterns';

export const GRADES = ['excellent', 'good', 'pass', 'poor'] as const;
export type Grade = (typeof GRADES)[number];

/** A subsidy policy document (policy.md, "The reference policy"); money in fen as bigint once validated. */
export interface Policy {
  code: string;
  /** The region whose bureau owns the policy (issue 16); null: platform-wide, a joint officer's. Optional in the document. */
  region: string | null;
  eligibleValueFen: bigint;
  benchmarkHours: { general: number; specialised: number };
  /** An exact decimal, as written ("0.30"). */
  targetExternalShare: string;
  minRatings: number;
  targetExternalInstitutions: number;
  gradeBands: { excellent: number; good: number; pass: number };
  excellentQuota: number | null;
  eligibleGrades: Grade[];
  minExternalHours: number;
  rateBps: number;
  gradeFactorPct: Record<Grade, number>;
  /**
   * The percentage of non-terminal hours (check-out, import, manual, unknown) that counts
   * (issue 20): a whole number 0–100; optional in the document, 100 when absent, which counts every
   * hour as before. Terminal hours always count in full.
   */
  manualHoursFactorPct: number;
  perInstrumentCapFen: bigint;
  perInstitutionCapFen: bigint;
  excludedCategories: string[];
  budgetFen: bigint;
}

/** manualHoursFactorPct of a document without one: every hour counts in full. */
export const DEFAULT_MANUAL_HOURS_FACTOR_PCT = 100;

/** A bad field of a policy document; the reason in both languages (the field named by its label in Chinese). */
export interface PolicyProblem { field: string; reason: Said }

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isCount = (v: unknown, min = 0) => typeof v === 'number' && Number.isSafeInteger(v) && v >= min;

/** Checks a policy document as received (JSON), naming every bad field; returns the typed policy when it is sound. */
export function parsePolicy(doc: unknown): { policy: Policy } | { problems: PolicyProblem[] } {
  const problems: PolicyProblem[] = [];
  const bad = (field: string, zh: string, en: string) => problems.push({ field, reason: said(`${fieldLabel(field).zh}${zh}`, en) });
  if (!isObject(doc)) return { problems: [{ field: '(document)', reason: said('政策文件必须是 JSON 对象', 'a policy is a JSON object') }] };
  const known = ['code', 'eligibleValueFen', 'benchmarkHours', 'targetExternalShare', 'minRatings', 'targetExternalInstitutions', 'gradeBands', 'excellentQuota',
    'eligibleGrades', 'minExternalHours', 'rateBps', 'gradeFactorPct', 'perInstrumentCapFen', 'perInstitutionCapFen', 'excludedCategories', 'budgetFen'];
  // `region` (issue 16) is optional: a document without one is platform-wide; `manualHoursFactorPct`
  // (issue 20) is optional: without it every hour counts in full, as in documents written before it.
  const optional = ['region', 'manualHoursFactorPct'];
  for (const key of Object.keys(doc)) if (!known.includes(key) && !optional.includes(key)) bad(key, '：未知字段', 'unknown field');
  if (doc.manualHoursFactorPct !== undefined && !(isCount(doc.manualHoursFactorPct) && (doc.manualHoursFactorPct as number) <= 100)) {
    bad('manualHoursFactorPct', '须为 0–100 的整数百分比（非终端采集的机时按此比例计入，不填为 100）', 'a whole percentage 0–100 (the share of non-terminal hours counted; 100 when absent)');
  }
  if (doc.region !== undefined && doc.region !== null && (typeof doc.region !== 'string' || !/^[A-Z]{2,8}$/.test(doc.region))) bad('region', '须为空或 2–8 个大写字母的地区代码，如 CQ', 'null or a region code of 2–8 capital letters, e.g. CQ');
  for (const key of known) if (!(key in doc)) bad(key, '必须填写', 'required');
  if (typeof doc.code !== 'string' || !CODE_PATTERN.test(doc.code)) bad('code', '须为字母、数字或 . _ -（最多 64 个字符）', 'a code of letters, digits, . _ - (at most 64)');
  for (const key of ['eligibleValueFen', 'perInstrumentCapFen', 'perInstitutionCapFen', 'budgetFen']) if (!isCount(doc[key])) bad(key, '须为不小于 0 的金额（以分计的整数）', 'a whole number of fen ≥ 0');
  for (const key of ['minRatings', 'minExternalHours']) if (!isCount(doc[key])) bad(key, '须为不小于 0 的整数', 'a whole number ≥ 0');
  if (!isCount(doc.targetExternalInstitutions, 1)) bad('targetExternalInstitutions', '须为不小于 1 的整数', 'a whole number ≥ 1');
  if (!isCount(doc.rateBps) || (doc.rateBps as number) > 10000) bad('rateBps', '须在 0%–100% 之间（以万分之一计，0–10000）', 'basis points, 0–10000');
  if (typeof doc.targetExternalShare !== 'string' || !/^(0(\.\d+)?|1(\.0+)?)$/.test(doc.targetExternalShare) || /^0(\.0*)?$/.test(doc.targetExternalShare)) {
    bad('targetExternalShare', '须为大于 0、不超过 1 的小数文本，如 "0.30"', 'a decimal string above 0 and at most 1, e.g. "0.30"');
  }
  const hours = doc.benchmarkHours;
  if (!isObject(hours) || !isCount(hours.general, 1) || !isCount(hours.specialised, 1)) bad('benchmarkHours', '须给出通用和专用仪器的基准机时（不小于 1 的整小时数）', '{ general, specialised }, whole hours ≥ 1');
  const bands = doc.gradeBands;
  if (!isObject(bands) || !['excellent', 'good', 'pass'].every((g) => typeof bands[g] === 'number' && (bands[g] as number) >= 0 && (bands[g] as number) <= 100)) {
    bad('gradeBands', '须给出优秀、良好、合格的分数线（0–100 分）', '{ excellent, good, pass }, points 0–100');
  } else if (!((bands.excellent as number) > (bands.good as number) && (bands.good as number) > (bands.pass as number))) bad('gradeBands', '须满足 优秀 > 良好 > 合格', 'excellent > good > pass');
  if (doc.excellentQuota !== null && !isCount(doc.excellentQuota, 1)) bad('excellentQuota', '须为空或不小于 1 的整数', 'null or a whole number ≥ 1');
  if (!Array.isArray(doc.eligibleGrades) || !doc.eligibleGrades.every((g) => (GRADES as readonly unknown[]).includes(g))) bad('eligibleGrades', `须为以下等级的列表：${GRADES.join('、')}`, `a list of ${GRADES.join(', ')}`);
  const factors = doc.gradeFactorPct;
  if (!isObject(factors) || !GRADES.every((g) => isCount(factors[g]) && (factors[g] as number) <= 1000)) bad('gradeFactorPct', `须为每个等级（${GRADES.join('、')}）给出 0–1000 的整数百分比`, `a whole percentage 0–1000 for each of ${GRADES.join(', ')}`);
  if (!Array.isArray(doc.excludedCategories) || !doc.excludedCategories.every((c) => typeof c === 'string')) bad('excludedCategories', '须为服务类别的列表', 'a list of service categories');
  if (problems.length) return { problems };
  const d = doc as Record<string, any>;
  return {
    policy: {
      code: d.code, region: typeof d.region === 'string' ? d.region : null, eligibleValueFen: BigInt(d.eligibleValueFen), benchmarkHours: { general: d.benchmarkHours.general, specialised: d.benchmarkHours.specialised },
      targetExternalShare: d.targetExternalShare, minRatings: d.minRatings, targetExternalInstitutions: d.targetExternalInstitutions,
      gradeBands: { excellent: d.gradeBands.excellent, good: d.gradeBands.good, pass: d.gradeBands.pass }, excellentQuota: d.excellentQuota,
      eligibleGrades: [...d.eligibleGrades], minExternalHours: d.minExternalHours, rateBps: d.rateBps, gradeFactorPct: { ...d.gradeFactorPct },
      manualHoursFactorPct: d.manualHoursFactorPct ?? DEFAULT_MANUAL_HOURS_FACTOR_PCT,
      perInstrumentCapFen: BigInt(d.perInstrumentCapFen), perInstitutionCapFen: BigInt(d.perInstitutionCapFen), excludedCategories: [...d.excludedCategories],
      budgetFen: BigInt(d.budgetFen),
    },
  };
}

/**
 * The region a subsidy run covers (issue 16): the one asked for; else the policy's own region; else
 * a regional officer's own region (`actorRegion`); else none (every region). A policy of a region
 * runs over that region only: `problem` says so when asked for another.
 */
export function runRegionOf(asked: string | null | undefined, policyRegion: string | null, actorRegion: string | null): { region: string | null; problem?: Said } {
  const region = asked ?? policyRegion ?? actorRegion ?? null;
  if (policyRegion !== null && region !== policyRegion) {
    return { region, problem: said(`该政策属于${policyRegion}，只能用于${policyRegion}，不能用于${region ?? '全部地区'}`, `the policy is region ${policyRegion}'s: it runs over ${policyRegion} only, not ${region ?? 'every region'}`) };
  }
  return { region };
}
