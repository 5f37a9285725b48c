import { type Said, said } from '../messages/said';
/**
 * Innovation voucher programmes (issue 16): who may apply, what an approval may grant, and what a
 * holder-reimbursed (通用) voucher covers of paid charges. The database enforces the budget and caps
 * (conditional updates and checks); these rules decide the same things ahead of it and explain a refusal.
 */
import { compareClaims, Voucher, VoucherClaim, VoucherDraw, VoucherRefusal, voucherCover, voucherRefusal } from './vouchers';

export type VoucherProgrammeMode = 'provider-redeemed' | 'holder-reimbursed';

/** What an application is checked against. Empty lists mean "any". */
export interface ProgrammeTerms {
  code: string;
  budgetFen: bigint;
  perApplicationCapFen: bigint;
  perHolderYearCapFen: bigint;
  applicantKinds: readonly string[];
  applicantRegions: readonly string[];
  validFrom: Date;
  /** Exclusive. */
  validTo: Date;
}

export interface Applicant {
  kind: string;
  region: string | null;
}

export type ApplicationRule = 'applicant-kind' | 'applicant-region' | 'programme-ended' | 'per-application-cap' | 'per-holder-cap';

export interface ApplicationRefusal {
  rule: ApplicationRule;
  message: Said;
}

const yuan = (fen: bigint): string => `${fen / 100n}.${(fen % 100n).toString().padStart(2, '0')}`;

/** Whether an institution may apply to the programme at all (kind and region), whatever the amount. */
export function applicantRefusal(p: ProgrammeTerms, applicant: Applicant): ApplicationRefusal | null {
  if (p.applicantKinds.length > 0 && !p.applicantKinds.includes(applicant.kind)) {
    return {
      rule: 'applicant-kind',
      message: said(`计划 ${p.code} 仅受理 ${p.applicantKinds.join('、')} 类单位的申请，申请单位为 ${applicant.kind}`, `the programme accepts applications from ${p.applicantKinds.join(', ')} only`),
    };
  }
  if (p.applicantRegions.length > 0 && !p.applicantRegions.includes(applicant.region ?? '')) {
    return {
      rule: 'applicant-region',
      message: said(`计划 ${p.code} 仅受理 ${p.applicantRegions.join('、')} 地区单位的申请，申请单位地区为 ${applicant.region ?? '（无）'}`, `the programme accepts applicants of ${p.applicantRegions.join(', ')} only`),
    };
  }
  return null;
}

/**
 * Why an application may not be submitted (null: it may): the applicant's kind and region, the programme
 * still open at `at`, and the amount within the per-application cap and the holder's yearly cap.
 */
export function applicationRefusal(p: ProgrammeTerms, applicant: Applicant, amountFen: bigint, at: Date): ApplicationRefusal | null {
  const who = applicantRefusal(p, applicant);
  if (who) return who;
  if (at.getTime() >= p.validTo.getTime()) {
    return { rule: 'programme-ended', message: said(`计划 ${p.code} 已于 ${p.validTo.toISOString()} 结束`, `the programme has ended`) };
  }
  if (amountFen > p.perApplicationCapFen) {
    return {
      rule: 'per-application-cap',
      message: said(`单次申请不得超过 ${yuan(p.perApplicationCapFen)} 元（申请 ${yuan(amountFen)} 元）`, `an application may ask for at most ${p.perApplicationCapFen} fen`),
    };
  }
  if (amountFen > p.perHolderYearCapFen) {
    return {
      rule: 'per-holder-cap',
      message: said(`每个单位年度额度不超过 ${yuan(p.perHolderYearCapFen)} 元`, `a holder may be granted at most ${p.perHolderYearCapFen} fen a year`),
    };
  }
  return null;
}

/** Where a programme's money stands when an approval of `amountFen` is asked for. */
export interface CommitmentState {
  budgetFen: bigint;
  committedFen: bigint;
  perApplicationCapFen: bigint;
  perHolderYearCapFen: bigint;
  /** What this holder has already been granted under the programme. */
  holderCommittedFen: bigint;
}

export type CommitmentRule = 'per-application-cap' | 'budget' | 'per-holder-cap';

export interface CommitmentRefusal {
  rule: CommitmentRule;
  /** What could still be granted under the rule that refused. */
  leftFen: bigint;
  message: Said;
}

/**
 * Why granting `amountFen` would break the per-application cap, the budget or the holder's yearly cap
 * (checked in that order), or null when it fits all three. The approval's conditional updates apply the
 * same arithmetic in PostgreSQL; this names the rule and what is left.
 */
export function commitmentRefusal(s: CommitmentState, amountFen: bigint): CommitmentRefusal | null {
  if (amountFen > s.perApplicationCapFen) {
    return {
      rule: 'per-application-cap', leftFen: s.perApplicationCapFen,
      message: said(`单次申请最多批准 ${yuan(s.perApplicationCapFen)} 元`, `at most ${s.perApplicationCapFen} fen per application`),
    };
  }
  const budgetLeft = s.budgetFen - s.committedFen;
  if (amountFen > budgetLeft) {
    return {
      rule: 'budget', leftFen: budgetLeft < 0n ? 0n : budgetLeft,
      message: said(`超出计划预算：预算 ${yuan(s.budgetFen)} 元，剩余 ${yuan(budgetLeft < 0n ? 0n : budgetLeft)} 元`, `exceeds the programme's budget: ${budgetLeft} fen left`),
    };
  }
  const holderLeft = s.perHolderYearCapFen - s.holderCommittedFen;
  if (amountFen > holderLeft) {
    return {
      rule: 'per-holder-cap', leftFen: holderLeft < 0n ? 0n : holderLeft,
      message: said(`超出该单位年度额度：额度 ${yuan(s.perHolderYearCapFen)} 元，剩余 ${yuan(holderLeft < 0n ? 0n : holderLeft)} 元`, `exceeds the holder's yearly cap: ${holderLeft} fen left`),
    };
  }
  return null;
}

/** Commits `amountFen` if it fits (the arithmetic of an approval), else the state unchanged and the refusal. */
export function commit(s: CommitmentState, amountFen: bigint): { state: CommitmentState; refusal: CommitmentRefusal | null } {
  const refusal = commitmentRefusal(s, amountFen);
  if (refusal) return { state: s, refusal };
  return { state: { ...s, committedFen: s.committedFen + amountFen, holderCommittedFen: s.holderCommittedFen + amountFen }, refusal: null };
}

/**
 * What a holder-reimbursed voucher covers of its holder's charged records: each record, in order of start
 * then code, covers `min(roundHalfUp(amount × coverBps / 10000), perUseCap, remaining balance)` — the rule
 * settlement applies to a provider-redeemed voucher — if the voucher applies to it (external, category,
 * holder, validity, provider region); `coveredBefore` is what earlier claims already covered.
 */
export function holderCoverage(
  voucher: Voucher,
  records: readonly Omit<VoucherClaim, 'voucherCode'>[],
  coveredBefore = 0n,
): { lines: VoucherDraw[]; refusals: VoucherRefusal[]; balanceFen: bigint } {
  let balance = voucher.faceValueFen - coveredBefore;
  const lines: VoucherDraw[] = [];
  const refusals: VoucherRefusal[] = [];
  for (const record of [...records].sort(compareClaims)) {
    const claim: VoucherClaim = { ...record, voucherCode: voucher.code };
    const refusal = voucherRefusal(voucher, claim);
    if (refusal) {
      refusals.push({ usageCode: record.usageCode, voucherCode: voucher.code, ...refusal });
      continue;
    }
    const cover = voucherCover(voucher, record.amountFen, balance);
    balance -= cover;
    lines.push({ usageCode: record.usageCode, voucherCode: voucher.code, voucherFen: cover });
  }
  return { lines, refusals, balanceFen: balance < 0n ? 0n : balance };
}

/** A voucher's unspent balance expires at its end: what expired by `at` (0 while it is valid or open-ended). */
export function expiredBalance(voucher: Pick<Voucher, 'faceValueFen' | 'validTo'>, spentFen: bigint, at: Date): bigint {
  if (voucher.validTo === null || at.getTime() < voucher.validTo.getTime()) return 0n;
  const left = voucher.faceValueFen - spentFen;
  return left > 0n ? left : 0n;
}
