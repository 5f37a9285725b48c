import { byCodePoint } from '../validation/code-point-order';
import { holderCoverage } from './voucher-programmes';
import { compareClaims, Voucher, VoucherClaim } from './vouchers';

/**
 * Reimbursement claims of programme vouchers (issue 16): a provider claims from the issuing bureau
 * what its charges drew on provider-redeemed vouchers; a holder claims the covered part of the paid
 * statements' lines of its users on holder-reimbursed vouchers. A line is claimed at most once (the
 * database holds a unique key on it); these rules decide what a new claim contains.
 */

export const CLAIM_STATES = ['submitted', 'approved', 'paid', 'rejected'] as const;
export type ClaimState = (typeof CLAIM_STATES)[number];
export const CLAIM_ACTIONS = ['approve', 'reject', 'pay'] as const;
export type ClaimAction = (typeof CLAIM_ACTIONS)[number];

/** submitted → approved → paid, or submitted → rejected; anything else is refused (null). */
export function claimTransition(state: ClaimState, action: ClaimAction): ClaimState | null {
  if (state === 'submitted' && action === 'approve') return 'approved';
  if (state === 'submitted' && action === 'reject') return 'rejected';
  if (state === 'approved' && action === 'pay') return 'paid';
  return null;
}

/** A charge that drew on a provider-redeemed voucher and is not yet in a live claim. */
export interface DrawnLine {
  usageCode: string;
  start: Date;
  /** What settlement drew on the voucher for this charge. */
  drawnFen: bigint;
}

export type ProviderClaimSelection =
  | { ok: true; lines: DrawnLine[]; totalFen: bigint; availableFen: bigint }
  | { ok: false; reason: 'nothing-to-claim' | 'exceeds-available' | 'no-whole-line'; availableFen: bigint; requestedFen: bigint | null };

/**
 * The lines of a provider claim: every drawn, unclaimed line (draws of 0 are not lines), in order of
 * start then code. With `amountFen`, the claim may not ask for more than is available (refused, naming
 * both figures); asking for less takes whole lines in order while they fit, so the rest stays
 * claimable later and no line is ever split between claims.
 */
export function selectProviderClaimLines(available: readonly DrawnLine[], amountFen?: bigint | null): ProviderClaimSelection {
  const lines = available.filter((l) => l.drawnFen > 0n).sort(compareClaims);
  const availableFen = lines.reduce((s, l) => s + l.drawnFen, 0n);
  const requestedFen = amountFen ?? null;
  if (availableFen === 0n) return { ok: false, reason: 'nothing-to-claim', availableFen, requestedFen };
  if (requestedFen === null) return { ok: true, lines, totalFen: availableFen, availableFen };
  if (requestedFen > availableFen) return { ok: false, reason: 'exceeds-available', availableFen, requestedFen };
  const taken: DrawnLine[] = [];
  let total = 0n;
  for (const line of lines) {
    if (total + line.drawnFen > requestedFen) break;
    taken.push(line);
    total += line.drawnFen;
  }
  if (taken.length === 0) return { ok: false, reason: 'no-whole-line', availableFen, requestedFen };
  return { ok: true, lines: taken, totalFen: total, availableFen };
}

/** A holder-reimbursed voucher: the voucher rule's fields and where it may be spent. */
export interface HolderVoucher extends Voucher {
  /** Provider regions the voucher may be spent in; empty = any. */
  providerRegions: readonly string[];
}

/** A line of a paid statement of the holder's users, with its provider's region. */
export interface PaidLine extends Omit<VoucherClaim, 'voucherCode' | 'providerRegion'> {
  providerRegion: string | null;
  /** The voucher the record names, if any: then only that voucher may cover it. */
  voucherCode: string | null;
}

export interface CoveredLine {
  usageCode: string;
  voucherCode: string;
  coverFen: bigint;
}

export interface UncoveredLine {
  usageCode: string;
  reason: string;
}

/** Whether a voucher may be spent at a provider of this region (empty list = anywhere). */
export function spendableIn(providerRegions: readonly string[], region: string | null): boolean {
  return providerRegions.length === 0 || (region !== null && providerRegions.includes(region));
}

/**
 * The covered part of paid lines on the holder's vouchers of one programme, by the voucher rule of
 * policy.md through `holderCoverage` (voucher-programmes.ts): lines in order of start then code; the
 * vouchers taken by code, each covering what it can of the lines not covered yet —
 * `min(roundHalfUp(amount × coverBps / 10000), perUseCapFen, remaining balance)` — so a line goes to
 * the first voucher (by code) that applies and has a balance left; a line naming a voucher only to
 * that one. `claimedBefore` is what each voucher has already covered in live claims, so the total
 * never exceeds a balance. Lines with nothing to cover are listed with the reason and are not claimed
 * (they stay claimable).
 */
export function holderCover(
  vouchers: readonly HolderVoucher[],
  lines: readonly PaidLine[],
  claimedBefore: ReadonlyMap<string, bigint> = new Map(),
): { covered: CoveredLine[]; uncovered: UncoveredLine[]; balances: Map<string, bigint> } {
  const ordered = [...vouchers].sort((a, b) => byCodePoint(a.code, b.code));
  const balances = new Map<string, bigint>();
  const covered: CoveredLine[] = [];
  const reasons = new Map<string, string>();
  let open = [...lines].sort(compareClaims);
  for (const line of open) {
    if (line.voucherCode !== null && !ordered.some((v) => v.code === line.voucherCode)) {
      reasons.set(line.usageCode, `voucher ${line.voucherCode} is not one of the holder's vouchers of this programme`);
    }
  }
  for (const v of ordered) {
    const mine = open.filter((l) => l.voucherCode === null || l.voucherCode === v.code);
    const before = claimedBefore.get(v.code) ?? 0n;
    const { lines: drawn, refusals, balanceFen } = holderCoverage(v, mine.map(({ voucherCode: _named, ...record }) => record), before);
    balances.set(v.code, balanceFen);
    const done = new Set<string>();
    for (const d of drawn) {
      if (d.voucherFen > 0n) {
        covered.push({ usageCode: d.usageCode, voucherCode: v.code, coverFen: d.voucherFen });
        done.add(d.usageCode);
      } else reasons.set(d.usageCode, `voucher ${v.code} is spent`);
    }
    for (const r of refusals) reasons.set(r.usageCode, r.message);
    open = open.filter((l) => !done.has(l.usageCode));
  }
  covered.sort((a, b) => compareClaims(lineOf(lines, a.usageCode), lineOf(lines, b.usageCode)));
  const uncovered = open.map((l) => ({ usageCode: l.usageCode, reason: reasons.get(l.usageCode) ?? 'no voucher applies' }));
  return { covered, uncovered, balances };
}

const lineOf = (lines: readonly PaidLine[], code: string): PaidLine => lines.find((l) => l.usageCode === code) as PaidLine;

/** One voucher's figures in a programme's ledger (fen). */
export interface LedgerVoucherFigures {
  code: string;
  /** The approved (face) amount. */
  issuedFen: bigint;
  /** Drawn at settlement (provider-redeemed) or covered in live claims (holder-reimbursed). */
  drawnFen: bigint;
  /** In claims submitted, approved or paid. */
  claimedFen: bigint;
  paidFen: bigint;
  validTo: Date | null;
}

export interface LedgerRow extends LedgerVoucherFigures {
  /** The unspent balance once the voucher's validity has ended; 0 while it is still valid. */
  expiredFen: bigint;
}

export interface LedgerTotals {
  issuedFen: bigint; drawnFen: bigint; claimedFen: bigint; paidFen: bigint; expiredFen: bigint;
}

/**
 * A programme's ledger at an instant: per voucher and in total. The unspent balance of a voucher whose
 * validity ended (validTo ≤ at) has expired and returns to the programme's budget report.
 */
export function programmeLedger(vouchers: readonly LedgerVoucherFigures[], at: Date): { rows: LedgerRow[]; totals: LedgerTotals } {
  const rows = [...vouchers]
    
    .sort((a, b) => byCodePoint(a.code, b.code))
    .map((v) => {
      const ended = v.validTo !== null && v.validTo.getTime() <= at.getTime();
      const unspent = v.issuedFen - v.drawnFen;
      return { ...v, expiredFen: ended && unspent > 0n ? unspent : 0n };
    });
  const totals: LedgerTotals = { issuedFen: 0n, drawnFen: 0n, claimedFen: 0n, paidFen: 0n, expiredFen: 0n };
  for (const r of rows) {
    totals.issuedFen += r.issuedFen; totals.drawnFen += r.drawnFen; totals.claimedFen += r.claimedFen;
    totals.paidFen += r.paidFen; totals.expiredFen += r.expiredFen;
  }
  return { rows, totals };
}
