import { roundHalfUp } from '../exact';

export interface Voucher {
  code: string;
  holderInstitutionCode: string;
  faceValueFen: bigint;
  /** Share of a fee the voucher may cover, in basis points (5000 = 50 %). */
  coverBps: number;
  /** null = no per-use cap. */
  perUseCapFen: bigint | null;
  validFrom: Date;
  validTo: Date | null;
}

/** A charged record that names a voucher. */
export interface VoucherClaim {
  usageCode: string;
  voucherCode: string;
  start: Date;
  amountFen: bigint;
  external: boolean;
  serviceCategory: string;
  userInstitutionCode: string;
}

export type VoucherRejection = 'unknown-voucher' | 'not-external' | 'not-holder' | 'outside-validity' | 'category';

export interface VoucherDraw {
  usageCode: string;
  voucherCode: string;
  voucherFen: bigint;
}

export interface VoucherRefusal {
  usageCode: string;
  voucherCode: string;
  reason: VoucherRejection;
  message: string;
}

const COVERED_CATEGORIES = new Set(['research', 'testing']);

/** Why a voucher does not apply to a record, or null when it does (policy.md, in the order checked). */
export function voucherRefusal(voucher: Voucher | undefined, claim: VoucherClaim): Omit<VoucherRefusal, 'usageCode' | 'voucherCode'> | null {
  if (!voucher) return { reason: 'unknown-voucher', message: `no voucher ${claim.voucherCode}` };
  if (!claim.external) return { reason: 'not-external', message: 'record is not external' };
  if (claim.userInstitutionCode !== voucher.holderInstitutionCode) return { reason: 'not-holder', message: "user does not belong to the voucher's holder" };
  const t = claim.start.getTime();
  if (t < voucher.validFrom.getTime() || (voucher.validTo !== null && t >= voucher.validTo.getTime())) {
    return { reason: 'outside-validity', message: "start outside the voucher's validity" };
  }
  if (!COVERED_CATEGORIES.has(claim.serviceCategory)) {
    return { reason: 'category', message: `service category ${claim.serviceCategory} is not research or testing` };
  }
  return null;
}

/**
 * Draws on vouchers in order of start, then usage code, across every period: each covers
 * min(roundHalfUp(amount × coverBps / 10000), perUseCap, remaining balance). `drawnBefore` is what
 * each voucher has already paid, so that a later run continues from the same balance.
 */
export function drawVouchers(
  vouchers: readonly Voucher[],
  claims: readonly VoucherClaim[],
  drawnBefore: ReadonlyMap<string, bigint> = new Map(),
): { draws: VoucherDraw[]; refusals: VoucherRefusal[]; balances: Map<string, bigint> } {
  const byCode = new Map(vouchers.map((v) => [v.code, v]));
  const balances = new Map(vouchers.map((v) => [v.code, v.faceValueFen - (drawnBefore.get(v.code) ?? 0n)]));
  const ordered = [...claims].sort((a, b) => a.start.getTime() - b.start.getTime() || (a.usageCode < b.usageCode ? -1 : a.usageCode > b.usageCode ? 1 : 0));
  const draws: VoucherDraw[] = [];
  const refusals: VoucherRefusal[] = [];
  for (const claim of ordered) {
    const voucher = byCode.get(claim.voucherCode);
    const refusal = voucherRefusal(voucher, claim);
    if (refusal || !voucher) {
      refusals.push({ usageCode: claim.usageCode, voucherCode: claim.voucherCode, ...(refusal ?? { reason: 'unknown-voucher', message: '' }) });
      continue;
    }
    const balance = balances.get(voucher.code) ?? 0n;
    let cover = roundHalfUp(claim.amountFen * BigInt(voucher.coverBps), 10000n);
    if (voucher.perUseCapFen !== null && cover > voucher.perUseCapFen) cover = voucher.perUseCapFen;
    if (cover > balance) cover = balance > 0n ? balance : 0n;
    balances.set(voucher.code, balance - cover);
    draws.push({ usageCode: claim.usageCode, voucherCode: voucher.code, voucherFen: cover });
  }
  return { draws, refusals, balances };
}
