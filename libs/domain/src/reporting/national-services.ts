import { formatFixed, roundHalfUp } from '../rational';
import { labelOf, SERVICE_CATEGORY_LABELS } from '../office/labels';
import { SERVICE_WAYS } from './national-instruments';

/**
 * A usage record as the national platform's service record (服务记录, issue 20): one line per completed
 * service on the institution's instruments. As for instruments, the export and the validation report
 * come from this one mapping.
 */
export interface ServiceForReport {
  /** The usage record's code: how the validation report names the record. */
  code: string;
  instrumentName: string | null;
  serviceMode: 'self' | 'assisted' | 'sample';
  serviceCategory: string;
  start: Date;
  end: Date;
  samples: number | null;
  /** The settled charge before vouchers; null while the month is unsettled or the record went unbilled. */
  amountFen: bigint | null;
  voucherFen: bigint;
  projectCode: string | null;
  /** Who used the instrument (the applicant) and their institution. */
  userName: string | null;
  userInstitutionName: string | null;
}

export const NATIONAL_SERVICE_FIELDS = [
  'serviceTime', 'serviceContent', 'serviceWay', 'serviceAmount', 'subjectName', 'subjectIncome', 'applicant', 'applicantUnit', 'comment',
] as const;
export type NationalServiceField = (typeof NATIONAL_SERVICE_FIELDS)[number];

/**
 * The fields the national platform refuses empty. The project (课题) and its funding are asked only of
 * services to a funded project, and the platform keeps neither for every record: optional.
 */
export const NATIONAL_SERVICE_REQUIRED: readonly NationalServiceField[] = ['serviceTime', 'serviceContent', 'serviceWay', 'serviceAmount', 'applicant', 'applicantUnit'];

export const NATIONAL_SERVICE_LABELS: Record<NationalServiceField, string> = {
  serviceTime: '服务时间', serviceContent: '服务内容', serviceWay: '服务方式', serviceAmount: '服务金额（元）', subjectName: '课题名称',
  subjectIncome: '课题经费（万元）', applicant: '申请人', applicantUnit: '申请人单位', comment: '备注',
};

const BEIJING_OFFSET_MS = 8 * 60 * 60 * 1000;

/** An instant as Beijing wall-clock time, `2026-07-15 09:00` (Beijing keeps no daylight saving). */
export function beijingMinute(at: Date): string {
  return new Date(at.getTime() + BEIJING_OFFSET_MS).toISOString().slice(0, 16).replace('T', ' ');
}

/** Minutes as hours with two decimals, half-up (usage is minute-aligned, so 2 h 20 min is 2.33). */
function hoursText(minutes: number): string {
  return formatFixed(roundHalfUp(BigInt(minutes) * 100n, 60n), 2);
}

export function nationalServiceRecord(s: ServiceForReport): Record<NationalServiceField, string> {
  const text = (v: string | null) => (v ?? '').trim();
  const minutes = Math.round((s.end.getTime() - s.start.getTime()) / 60_000);
  const instrument = text(s.instrumentName);
  const amount = s.serviceMode === 'sample' && s.samples !== null ? `${s.samples} 个样品` : `${hoursText(minutes)} 小时`;
  return {
    serviceTime: beijingMinute(s.start),
    // Empty without the instrument's name: the platform cannot tell what was served.
    serviceContent: instrument === '' ? '' : `${instrument}，${labelOf(SERVICE_CATEGORY_LABELS, s.serviceCategory)}，${amount}`,
    serviceWay: SERVICE_WAYS[s.serviceMode],
    // Exactly the charge: fen to yuan with two decimals, no rounding anywhere.
    serviceAmount: s.amountFen === null ? '' : formatFixed(s.amountFen, 2),
    subjectName: text(s.projectCode), subjectIncome: '',
    applicant: text(s.userName), applicantUnit: text(s.userInstitutionName),
    comment: s.voucherFen > 0n ? `创新券抵扣 ${formatFixed(s.voucherFen, 2)} 元` : '',
  };
}

/** The required fields a service record leaves empty, in the national field order. */
export function missingNationalServiceFields(record: Record<NationalServiceField, string>): NationalServiceField[] {
  return NATIONAL_SERVICE_REQUIRED.filter((f) => record[f] === '');
}

/** One line of the validation report: which record (instrument or usage code) lacks which field, and its Chinese name. */
export interface NationalReportIssue { record: string; field: string; label: string }

/** Every missing required field of every record, records in the order given, fields in the national order. */
export function nationalReportIssues<F extends string>(
  records: readonly { record: string; missing: readonly F[] }[], labels: Record<F, string>,
): NationalReportIssue[] {
  return records.flatMap((r) => r.missing.map((field) => ({ record: r.record, field, label: labels[field] })));
}
