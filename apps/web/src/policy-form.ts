// The subsidy policy document (policy.md, libs/domain parsePolicy) as a form a bureau officer fills
// in: money in 元, rates and factors in percent, hours in hours. Both ways are exact (form-units):
// the document a form gives back is the one it was made from, field for field.
import {
  bpsOfPercentInput, fenOfYuanInput, minutesOfHoursInput, parseScaled, formatScaled, percentInputOfBps, percentInputOfShare, shareOfPercentInput, yuanInputOf,
} from '@yixiang/domain/validation/form-units';

export const POLICY_GRADES = ['excellent', 'good', 'pass', 'poor'] as const;
export type PolicyGrade = (typeof POLICY_GRADES)[number];
/** The service categories of usage.dto.ts (SERVICE_CATEGORIES), which a policy may leave out of the income base. */
export const POLICY_CATEGORIES = [
  'research', 'testing', 'training', 'statutory-certification', 'law-enforcement', 'commercial-inspection', 'commercial-filming', 'medical-service',
] as const;

/** Every field as typed (text), in the units people use. */
export interface PolicyForm {
  code: string;
  /** '' : platform-wide. */
  region: string;
  eligibleValueYuan: string;
  benchmarkGeneralHours: string;
  benchmarkSpecialisedHours: string;
  /** '' : absent, every hour counted in full (100). */
  manualHoursFactorPercent: string;
  targetExternalSharePercent: string;
  minRatings: string;
  targetExternalInstitutions: string;
  bandExcellent: string;
  bandGood: string;
  bandPass: string;
  /** '' : no quota. */
  excellentQuota: string;
  eligibleGrades: PolicyGrade[];
  minExternalHours: string;
  ratePercent: string;
  factorPercent: Record<PolicyGrade, string>;
  perInstrumentCapYuan: string;
  perInstitutionCapYuan: string;
  budgetYuan: string;
  excludedCategories: string[];
}

export type PolicyFormField = Exclude<keyof PolicyForm, 'factorPercent'> | `factorPercent.${PolicyGrade}`;
export interface PolicyFormProblem { field: PolicyFormField; message: string }

const text = (v: unknown): string => (v === null || v === undefined ? '' : String(v));
const yuanText = (v: unknown): string => (typeof v === 'number' || typeof v === 'bigint' || (typeof v === 'string' && /^\d+$/.test(v)) ? yuanInputOf(BigInt(v)) : text(v));
const bpsText = (v: unknown): string => (typeof v === 'number' && Number.isSafeInteger(v) ? percentInputOfBps(v) : text(v));
const obj = (v: unknown): Record<string, unknown> => (typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : {});

/** The form showing a stored (or typed) policy document; a field the document lacks is empty. */
export function formOfPolicy(document: Record<string, unknown>): PolicyForm {
  const hours = obj(document.benchmarkHours);
  const bands = obj(document.gradeBands);
  const factors = obj(document.gradeFactorPct);
  const share = typeof document.targetExternalShare === 'string' ? percentInputOfShare(document.targetExternalShare) : null;
  return {
    code: text(document.code),
    region: text(document.region),
    eligibleValueYuan: yuanText(document.eligibleValueFen),
    benchmarkGeneralHours: text(hours.general),
    benchmarkSpecialisedHours: text(hours.specialised),
    manualHoursFactorPercent: text(document.manualHoursFactorPct),
    targetExternalSharePercent: share ?? text(document.targetExternalShare),
    minRatings: text(document.minRatings),
    targetExternalInstitutions: text(document.targetExternalInstitutions),
    bandExcellent: text(bands.excellent),
    bandGood: text(bands.good),
    bandPass: text(bands.pass),
    excellentQuota: text(document.excellentQuota),
    eligibleGrades: Array.isArray(document.eligibleGrades) ? POLICY_GRADES.filter((g) => (document.eligibleGrades as unknown[]).includes(g)) : [],
    minExternalHours: text(document.minExternalHours),
    ratePercent: bpsText(document.rateBps),
    factorPercent: Object.fromEntries(POLICY_GRADES.map((g) => [g, text(factors[g])])) as Record<PolicyGrade, string>,
    perInstrumentCapYuan: yuanText(document.perInstrumentCapFen),
    perInstitutionCapYuan: yuanText(document.perInstitutionCapFen),
    budgetYuan: yuanText(document.budgetFen),
    excludedCategories: Array.isArray(document.excludedCategories) ? document.excludedCategories.map(String) : [],
  };
}

/** A share as policies write it, at least to the hundredth ("0.3" → "0.30", as policy.md's reference does). */
function withTwoDecimals(share: string): string {
  const [whole, fraction = ''] = share.split('.');
  return `${whole}.${fraction.padEnd(2, '0')}`;
}

/** A whole number from `min` to `max` as typed; null when it is not. */
function wholeNumber(value: string, min: number, max = Number.MAX_SAFE_INTEGER): number | null {
  const n = parseScaled(value, 0);
  return n === null || n < BigInt(min) || n > BigInt(max) ? null : Number(n);
}

/**
 * The policy document a form stands for, or every field's problem in Chinese (the server's own
 * checks, parsePolicy, still decide; these name the field as the officer sees it and say the unit).
 */
export function policyOfForm(form: PolicyForm): { document: Record<string, unknown> } | { problems: PolicyFormProblem[] } {
  const problems: PolicyFormProblem[] = [];
  const bad = (field: PolicyFormField, message: string) => problems.push({ field, message });
  const yuan = (field: PolicyFormField, value: string): number | null => {
    const fen = fenOfYuanInput(value);
    if (fen === null || fen > BigInt(Number.MAX_SAFE_INTEGER)) {
      bad(field, '请填写金额（元），最多两位小数，如 12.34');
      return null;
    }
    return Number(fen);
  };
  const whole = (field: PolicyFormField, value: string, min: number, max?: number, message = `请填写不小于 ${min} 的整数`): number | null => {
    const n = wholeNumber(value, min, max);
    if (n === null) bad(field, message);
    return n;
  };
  const wholeHours = (field: PolicyFormField, value: string, min: number): number | null => {
    const minutes = minutesOfHoursInput(value);
    if (minutes === null || minutes % 60 !== 0 || minutes / 60 < min) {
      bad(field, `请填写整小时数，不小于 ${min}`);
      return null;
    }
    return minutes / 60;
  };
  const points = (field: PolicyFormField, value: string): number | null => {
    const hundredths = parseScaled(value, 2);
    if (hundredths === null || hundredths > 10000n) {
      bad(field, '请填写 0–100 之间的分数，最多两位小数');
      return null;
    }
    return Number(formatScaled(hundredths, 2));
  };

  const code = form.code.trim();
  if (!/^[A-Za-z0-9._-]{1,64}$/.test(code)) bad('code', '编号只能包含字母、数字和 . _ -，最多 64 个字符');
  const region = form.region.trim().toUpperCase();
  if (region && !/^[A-Z]{2,8}$/.test(region)) bad('region', '地区代码为 2–8 个字母（如 CQ），全平台适用请留空');
  const eligibleValueFen = yuan('eligibleValueYuan', form.eligibleValueYuan);
  const general = wholeHours('benchmarkGeneralHours', form.benchmarkGeneralHours, 1);
  const specialised = wholeHours('benchmarkSpecialisedHours', form.benchmarkSpecialisedHours, 1);
  const manualHoursFactorPct = form.manualHoursFactorPercent.trim() === ''
    ? null
    : whole('manualHoursFactorPercent', form.manualHoursFactorPercent, 0, 100, '非终端采集机时计入比例请填写 0–100 的整数百分比，全额计入请留空或填 100');
  const share = shareOfPercentInput(form.targetExternalSharePercent);
  const shareValue = share === null ? null : parseScaled(share, 12);
  if (share === null || shareValue === null || shareValue === 0n || shareValue > 10n ** 12n) bad('targetExternalSharePercent', '请填写大于 0、不超过 100 的百分比');
  const minRatings = whole('minRatings', form.minRatings, 0);
  const targetExternalInstitutions = whole('targetExternalInstitutions', form.targetExternalInstitutions, 1);
  const excellent = points('bandExcellent', form.bandExcellent);
  const good = points('bandGood', form.bandGood);
  const pass = points('bandPass', form.bandPass);
  if (excellent !== null && good !== null && pass !== null && !(excellent > good && good > pass)) bad('bandGood', '分数线须满足：优秀 > 良好 > 合格');
  const quota = form.excellentQuota.trim() === '' ? null : whole('excellentQuota', form.excellentQuota, 1, undefined, '优秀名额请填写不小于 1 的整数，不限名额请留空');
  if (form.eligibleGrades.length === 0) bad('eligibleGrades', '请至少选择一个可获补助的等级');
  const minExternalHours = wholeHours('minExternalHours', form.minExternalHours, 0);
  const rateBps = bpsOfPercentInput(form.ratePercent);
  if (rateBps === null || rateBps > 10000) bad('ratePercent', '请填写 0–100 的百分比，最多两位小数');
  const factors = Object.fromEntries(POLICY_GRADES.map((g) => [g, whole(`factorPercent.${g}`, form.factorPercent[g], 0, 1000, '请填写 0–1000 的整数百分比')]));
  const perInstrumentCapFen = yuan('perInstrumentCapYuan', form.perInstrumentCapYuan);
  const perInstitutionCapFen = yuan('perInstitutionCapYuan', form.perInstitutionCapYuan);
  const budgetFen = yuan('budgetYuan', form.budgetYuan);
  if (problems.length) return { problems };
  return {
    document: {
      code,
      ...(region ? { region } : {}),
      eligibleValueFen,
      benchmarkHours: { general, specialised },
      ...(manualHoursFactorPct === null ? {} : { manualHoursFactorPct }),
      targetExternalShare: share === null ? null : withTwoDecimals(share),
      minRatings,
      targetExternalInstitutions,
      gradeBands: { excellent, good, pass },
      excellentQuota: quota,
      eligibleGrades: POLICY_GRADES.filter((g) => form.eligibleGrades.includes(g)),
      minExternalHours,
      rateBps,
      gradeFactorPct: factors,
      perInstrumentCapFen,
      perInstitutionCapFen,
      excludedCategories: [...form.excludedCategories],
      budgetFen,
    },
  };
}

/**
 * A what-if's overrides: the fields of `changed` that differ from `base` (both documents), so the
 * run records only what the officer changed — the override JSON of the run is what they decided.
 */
export function overridesOf(base: Record<string, unknown>, changed: Record<string, unknown>): Record<string, unknown> {
  const same = (a: unknown, b: unknown) => canonical(a) === canonical(b);
  // An optional field left out of `changed` means its default: an override must say so, since
  // overrides are merged over the base document.
  const withDefaults = { ...Object.fromEntries(Object.entries(OPTIONAL_DEFAULTS).filter(([key]) => key in base)), ...changed };
  return Object.fromEntries(Object.entries(withDefaults).filter(([key, value]) => key !== 'code' && key !== 'region' && !same(base[key] ?? OPTIONAL_DEFAULTS[key], value)));
}

/** Optional fields of a policy document and the value their absence means (libs/domain parsePolicy). */
const OPTIONAL_DEFAULTS: Record<string, unknown> = { manualHoursFactorPct: 100 };

/** JSON with object keys sorted: two documents that differ only in key order are the same. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (typeof value === 'object' && value !== null) {
    return `{${Object.keys(value).sort().map((k) => `${JSON.stringify(k)}:${canonical((value as Record<string, unknown>)[k])}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/** The reference policy of policy.md, as a new policy's starting point (the officer changes what differs). */
export const REFERENCE_POLICY: Record<string, unknown> = {
  code: 'reference-2025', eligibleValueFen: 50000000, benchmarkHours: { general: 1600, specialised: 800 }, targetExternalShare: '0.30', minRatings: 5,
  targetExternalInstitutions: 10, gradeBands: { excellent: 90, good: 75, pass: 60 }, excellentQuota: null, eligibleGrades: ['excellent', 'good', 'pass'],
  minExternalHours: 100, rateBps: 2000, gradeFactorPct: { excellent: 120, good: 100, pass: 60, poor: 0 }, perInstrumentCapFen: 5000000,
  perInstitutionCapFen: 500000000, excludedCategories: ['statutory-certification', 'law-enforcement', 'commercial-inspection', 'commercial-filming', 'medical-service'],
  budgetFen: 3000000000,
};
