import { CellError, CellReader, parseExchangeCsv } from '@yixiang/common';
import { BundleCodes, SERVICE_CATEGORIES } from '@yixiang/contracts';
import { MAX_SAMPLES, usageSpanProblem, said } from '@yixiang/domain';

export const BILLING_FILES = {
  'vouchers.csv': { known: ['code', 'holderInstitutionCode', 'faceValueFen', 'coverBps', 'perUseCapFen', 'validFrom', 'validTo'], required: ['code', 'holderInstitutionCode', 'faceValueFen', 'coverBps', 'validFrom'] },
  'usage.csv': { known: ['code', 'instrumentCode', 'userCode', 'start', 'end', 'samples', 'serviceMode', 'serviceCategory', 'status', 'voucherCode'], required: ['code', 'instrumentCode', 'userCode', 'start', 'end', 'serviceMode', 'serviceCategory', 'status'] },
  'feedback.csv': { known: ['code', 'usageCode', 'rating', 'comment'], required: ['code', 'usageCode', 'rating'] },
} as const;

export interface VoucherLine { line: number; code: string; holderInstitutionCode: string; faceValueFen: number; coverBps: number; perUseCapFen: number | null; validFrom: Date; validTo: Date | null }
export interface UsageLine {
  line: number; code: string; instrumentCode: string; userCode: string; start: Date; end: Date; samples: number | null;
  serviceMode: 'self' | 'assisted' | 'sample'; serviceCategory: string; status: 'completed' | 'void'; voucherCode: string | null;
}
export interface FeedbackLine { line: number; code: string; usageCode: string; rating: number; comment: string | null }

export interface BillingBundle {
  vouchers: VoucherLine[];
  usage: UsageLine[];
  feedback: FeedbackLine[];
  /** Owners and affiliations given by the bundle's own catalogue files (code → institution code). */
  instrumentOwners: Map<string, string>;
  userInstitutions: Map<string, string>;
  institutions: Set<string>;
}

const MINUTE = 60000;

function unique<T extends { code: string; line: number }>(file: string, rows: T[], errors: CellError[]): T[] {
  const seen = new Map<string, number>();
  for (const r of rows) {
    const first = seen.get(r.code);
    if (first !== undefined) errors.push({ file, line: r.line, column: 'code', reason: said(`编号 ${r.code} 已在第 ${first} 行使用`, `code ${r.code} is already used on line ${first}`) });
    else seen.set(r.code, r.line);
  }
  return rows;
}

/**
 * Reads billing's files of a bundle, recording every bad cell; references are checked afterwards,
 * against the catalogue too. `codes`: what the bundle's own catalogue files define, as the
 * catalogue read them (billing no longer sees those files).
 */
export function readBillingBundle(files: Map<string, string>, codes: BundleCodes, errors: CellError[]): BillingBundle {
  const vouchers: VoucherLine[] = [];
  const usage: UsageLine[] = [];
  const feedback: FeedbackLine[] = [];
  const voucherText = files.get('vouchers.csv');
  if (voucherText !== undefined) {
    for (const row of parseExchangeCsv('vouchers.csv', voucherText, BILLING_FILES['vouchers.csv'], errors)) {
      const c = new CellReader('vouchers.csv', row, errors);
      const v = {
        code: c.code('code'), holder: c.code('holderInstitutionCode'), face: c.integer('faceValueFen', { required: true, min: 0 }),
        bps: c.integer('coverBps', { required: true, min: 0, max: 10000 }), cap: c.integer('perUseCapFen', { min: 0 }),
        from: c.dateOrInstant('validFrom', { required: true }), to: c.dateOrInstant('validTo'),
      };
      if (v.from && v.to && v.to <= v.from) c.bad('validTo', said('失效日期必须晚于生效日期', 'validTo must be after validFrom'));
      if (v.code && v.holder && v.face !== undefined && v.bps !== undefined && v.from && !(v.from && v.to && v.to <= v.from)) {
        vouchers.push({ line: row.line, code: v.code, holderInstitutionCode: v.holder, faceValueFen: v.face, coverBps: v.bps, perUseCapFen: v.cap ?? null, validFrom: v.from, validTo: v.to ?? null });
      }
    }
  }
  const usageText = files.get('usage.csv');
  if (usageText !== undefined) {
    for (const row of parseExchangeCsv('usage.csv', usageText, BILLING_FILES['usage.csv'], errors)) {
      const c = new CellReader('usage.csv', row, errors);
      const u = {
        code: c.code('code'), instrument: c.code('instrumentCode'), user: c.code('userCode'), start: c.instant('start', { required: true }),
        end: c.instant('end', { required: true }), samples: c.integer('samples', { min: 1, max: MAX_SAMPLES }), mode: c.oneOf('serviceMode', ['self', 'assisted', 'sample'] as const),
        category: c.oneOf('serviceCategory', SERVICE_CATEGORIES), status: c.oneOf('status', ['completed', 'void'] as const), voucher: c.code('voucherCode', { required: false }),
      };
      let ok = true;
      if (u.start && u.start.getTime() % MINUTE !== 0) ok = c.bad('start', said('使用时间须精确到整分钟', 'usage is recorded in whole minutes')) ?? false;
      if (u.end && u.end.getTime() % MINUTE !== 0) ok = c.bad('end', said('使用时间须精确到整分钟', 'usage is recorded in whole minutes')) ?? false;
      if (u.start && u.end && u.end <= u.start) ok = c.bad('end', said('结束时间不晚于开始时间', 'end is not after start')) ?? false;
      const span = u.start && u.end ? usageSpanProblem(u.start.getTime(), u.end.getTime()) : null;
      if (span) ok = c.bad('end', said('结束时间不能晚于开始时间后 31 天', `end ${span}`)) ?? false;
      if (ok && u.code && u.instrument && u.user && u.start && u.end && u.mode && u.category && u.status) {
        usage.push({ line: row.line, code: u.code, instrumentCode: u.instrument, userCode: u.user, start: u.start, end: u.end, samples: u.samples ?? null, serviceMode: u.mode, serviceCategory: u.category, status: u.status, voucherCode: u.voucher ?? null });
      }
    }
  }
  const feedbackText = files.get('feedback.csv');
  if (feedbackText !== undefined) {
    for (const row of parseExchangeCsv('feedback.csv', feedbackText, BILLING_FILES['feedback.csv'], errors)) {
      const c = new CellReader('feedback.csv', row, errors);
      const f = { code: c.code('code'), usage: c.code('usageCode'), rating: c.integer('rating', { required: true, min: 1, max: 5 }), comment: c.text('comment', { max: 1000 }) };
      if (f.code && f.usage && f.rating !== undefined) feedback.push({ line: row.line, code: f.code, usageCode: f.usage, rating: f.rating, comment: f.comment ?? null });
    }
  }
  unique('vouchers.csv', vouchers, errors);
  unique('usage.csv', usage, errors);
  unique('feedback.csv', feedback, errors);
  const rated = new Map<string, number>();
  for (const f of feedback) {
    const first = rated.get(f.usageCode);
    if (first !== undefined) errors.push({ file: 'feedback.csv', line: f.line, column: 'usageCode', reason: said(`使用记录 ${f.usageCode} 已在第 ${first} 行评价`, `usage record ${f.usageCode} is already rated on line ${first}`) });
    else rated.set(f.usageCode, f.line);
  }
  overlaps(usage, errors);
  return {
    vouchers, usage, feedback,
    instrumentOwners: new Map(codes.instruments),
    userInstitutions: new Map(codes.users),
    institutions: new Set(codes.institutions),
  };
}

/** The completed records of one instrument never overlap (exchange.md): each later row that overlaps an earlier one is a bad cell. */
function overlaps(usage: UsageLine[], errors: CellError[]): void {
  const byInstrument = new Map<string, UsageLine[]>();
  for (const u of usage.filter((x) => x.status === 'completed')) byInstrument.set(u.instrumentCode, [...(byInstrument.get(u.instrumentCode) ?? []), u]);
  for (const rows of byInstrument.values()) {
    rows.sort((a, b) => a.start.getTime() - b.start.getTime() || a.line - b.line);
    let latest: UsageLine | null = null;
    for (const r of rows) {
      if (latest && r.start < latest.end) {
        errors.push({ file: 'usage.csv', line: r.line, column: 'start', reason: said(`与仪器 ${r.instrumentCode} 的使用记录 ${latest.code}（第 ${latest.line} 行）时间重叠`, `overlaps ${latest.code} (line ${latest.line}) on ${r.instrumentCode}`) });
      }
      if (!latest || r.end > latest.end) latest = r;
    }
  }
}
