import { roundHalfUp } from '../rational';
import { byCodePoint } from '../validation/code-point-order';

export interface Voucher {
  code: string;
  holderInstitutionCode: string;
  faceValueFen: bigint;
  /** Share of a fee the voucher may cover, in basis points (5000 = 50 %). */
  coverBps: number;
  /** null = no per-use cap. */
  perUseCapFen: bigint | null;
  validFrom: Date;
  /** Exclusive; null = open-ended. */
  validTo: Date | null;
  /** A programme voucher's provider regions (where it may be spent); absent or empty = anywhere (vouchers issued the old way). */
  providerRegions?: readonly string[];
  /** A programme voucher's mode; absent or null = drawn at settlement (vouchers issued the old way). */
  mode?: 'provider-redeemed' | 'holder-reimbursed' | null;
}

/** A charged record that names a voucher. */
export interface VoucherClaim {
  usageCode: string;
  voucherCode: string;
  start: Date;
  amountFen: bigint;
  /** Related-party records are external too, and may use vouchers. */
  external: boolean;
  serviceCategory: string;
  userInstitutionCode: string;
  /** The region of the instrument's (provider) institution; only read for a voucher with provider regions. */
  providerRegion?: string | null;
}

export type VoucherRejection =
  | 'unknown-voucher' | 'not-external' | 'category' | 'not-holder' | 'outside-validity' | 'provider-region' | 'holder-reimbursed';

export interface VoucherDraw {
  usageCode: string;
  voucherCode: string;
  /** 0 when the voucher applies but its balance is spent: the record still names it. */
  voucherFen: bigint;
}

export interface VoucherRefusal {
  usageCode: string;
  voucherCode: string;
  reason: VoucherRejection;
  message: string;
}

const COVERED_CATEGORIES: ReadonlySet<string> = new Set(['research', 'testing']);

/**
 * Why a voucher does not apply to a record, or null when it does. Checked in the order policy.md states
 * the conditions (external, category, holder, validity), so a record failing several gets the first.
 */
export function voucherRefusal(
  voucher: Voucher | undefined,
  claim: VoucherClaim,
): Omit<VoucherRefusal, 'usageCode' | 'voucherCode'> | null {
  if (!voucher) return { reason: 'unknown-voucher', message: `no voucher ${claim.voucherCode}` };
  if (!claim.external) return { reason: 'not-external', message: 'record is not external' };
  if (!COVERED_CATEGORIES.has(claim.serviceCategory)) {
    return { reason: 'category', message: `service category ${claim.serviceCategory} is not research or testing` };
  }
  if (claim.userInstitutionCode !== voucher.holderInstitutionCode)
    return { reason: 'not-holder', message: "user does not belong to the voucher's holder" };
  const t = claim.start.getTime();
  if (t < voucher.validFrom.getTime() || (voucher.validTo !== null && t >= voucher.validTo.getTime())) {
    return { reason: 'outside-validity', message: "start outside the voucher's validity" };
  }
  const regions = voucher.providerRegions ?? [];
  if (regions.length > 0 && !regions.includes(claim.providerRegion ?? '')) {
    return {
      reason: 'provider-region',
      message: `服务单位所在地区 ${claim.providerRegion ?? '（无）'} 不在本券可用地区 ${regions.join('、')} 内 / the provider's region is not one the voucher may be spent in`,
    };
  }
  return null;
}

/**
 * Why settlement does not draw on a voucher that applies: a holder-reimbursed (通用) voucher is never drawn
 * there — the holder pays in full and claims the covered part afterwards (holderCoverage).
 */
function settlementRefusal(voucher: Voucher): Omit<VoucherRefusal, 'usageCode' | 'voucherCode'> | null {
  if (voucher.mode === 'holder-reimbursed') {
    return { reason: 'holder-reimbursed', message: '通用券不在结算时抵扣：持有单位全额支付后申请报销 / a holder-reimbursed voucher is claimed by its holder after payment' };
  }
  return null;
}

/** What one use covers: min(roundHalfUp(amount × coverBps / 10000), perUseCap, remaining balance). */
export function voucherCover(voucher: Voucher, amountFen: bigint, balanceFen: bigint): bigint {
  let cover = roundHalfUp(amountFen * BigInt(voucher.coverBps), 10000n);
  if (voucher.perUseCapFen !== null && cover > voucher.perUseCapFen) cover = voucher.perUseCapFen;
  if (cover > balanceFen) cover = balanceFen > 0n ? balanceFen : 0n;
  return cover;
}

/** Voucher draw order: start, then usage code (by code point, as the database orders them). */
export function compareClaims(a: Pick<VoucherClaim, 'start' | 'usageCode'>, b: Pick<VoucherClaim, 'start' | 'usageCode'>): number {
  return a.start.getTime() - b.start.getTime() || byCodePoint(a.usageCode, b.usageCode);
}

/**
 * Draws on vouchers in order of start, then usage code, across every period: each use covers
 * `voucherCover`. `drawnBefore` is what each voucher has already paid, so that a later run (the next
 * batch, the next month) continues from the same balance and settling again changes nothing.
 */
export function drawVouchers(
  vouchers: readonly Voucher[],
  claims: readonly VoucherClaim[],
  drawnBefore: ReadonlyMap<string, bigint> = new Map(),
): { draws: VoucherDraw[]; refusals: VoucherRefusal[]; balances: Map<string, bigint> } {
  const byCode = new Map(vouchers.map((v) => [v.code, v]));
  const balances = new Map(vouchers.map((v) => [v.code, v.faceValueFen - (drawnBefore.get(v.code) ?? 0n)]));
  const draws: VoucherDraw[] = [];
  const refusals: VoucherRefusal[] = [];
  for (const claim of [...claims].sort(compareClaims)) {
    const voucher = byCode.get(claim.voucherCode);
    const refusal = voucherRefusal(voucher, claim) ?? (voucher ? settlementRefusal(voucher) : null);
    if (refusal || !voucher) {
      refusals.push({
        usageCode: claim.usageCode,
        voucherCode: claim.voucherCode,
        ...(refusal ?? { reason: 'unknown-voucher', message: '' }),
      });
      continue;
    }
    const balance = balances.get(voucher.code) ?? 0n;
    const cover = voucherCover(voucher, claim.amountFen, balance);
    balances.set(voucher.code, balance - cover);
    draws.push({ usageCode: claim.usageCode, voucherCode: voucher.code, voucherFen: cover });
  }
  return { draws, refusals, balances };
}
