// Chinese labels of the codes the exports carry, for people reading a spreadsheet (the CSV of the
// exchange format keeps the codes themselves). The web app has its own copies in apps/web/src/i18n.
import type { UnbilledReason } from '../billing/pricing';
import type { VoucherRejection } from '../billing/vouchers';
import type { Grade } from '../subsidy/policy';

export const GRADE_LABELS: Record<Grade, string> = { excellent: '优秀', good: '良好', pass: '合格', poor: '不合格' };

export const UNBILLED_REASON_LABELS: Record<UnbilledReason, string> = {
  'no-rate-card': '开始时无有效收费标准',
  'samples-missing': '按样品计费但未填样品数',
  'not-minute-aligned': '时间未对齐到整分钟',
  'end-not-after-start': '结束时间不晚于开始时间',
  'rate-card-without-increment': '按时计费的收费标准缺少计费增量',
};

export const VOUCHER_REJECTION_LABELS: Record<VoucherRejection, string> = {
  'unknown-voucher': '创新券不存在',
  'not-external': '非对外服务',
  category: '服务类别不适用创新券（仅科研、检测）',
  'not-holder': '使用人不属于持券单位',
  'outside-validity': '不在创新券有效期内',
  'provider-region': '服务单位不在创新券可用地区',
  'holder-reimbursed': '通用券不在结算时抵扣，由持券单位申请报销',
};

export const SERVICE_CATEGORY_LABELS: Record<string, string> = {
  research: '科研', testing: '检测', training: '培训', 'statutory-certification': '法定认证', 'law-enforcement': '执法',
  'commercial-inspection': '商业检验', 'commercial-filming': '商业拍摄', 'medical-service': '医疗服务',
};

/** The regions of the platform (issue 16); an unknown code is shown as itself. */
export const REGION_LABELS: Record<string, string> = { CQ: '重庆', SC: '四川' };

/** A label of a code, or the code itself when the table does not know it (a newer code than this table). */
export function labelOf(labels: Record<string, string>, code: string | null | undefined): string {
  if (code === null || code === undefined || code === '') return '';
  return Object.prototype.hasOwnProperty.call(labels, code) ? labels[code] : code;
}

export const yesNo = (value: boolean | string): string => (value === true || value === 'true' ? '是' : '否');
