import { compareClaims, Voucher, VoucherClaim, voucherCover, voucherRefusal } from './vouchers';

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
  const lines = available.filter((l) => l.drawnFen > 0n).sort((a, b) => compareClaims({ start: a.start, usageCode: a.usageCode }, { start: b.start, usageCode: b.usageCode }));
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
export interface PaidLine extends Omit<VoucherClaim, 'voucherCode'> {
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
 * policy.md: lines in order of start then code; each is covered by the voucher it names, or else by
 * the first voucher (by code) that applies and has a balance left; a use covers
 * `min(roundHalfUp(amount × coverBps / 10000), perUseCapFen, remaining balance)`. `claimedBefore` is
 * what each voucher has already covered in live claims, so the total never exceeds a balance. Lines
 * with nothing to cover are listed with the reason and are not claimed (they stay claimable).
 */
export function holderCover(
  vouchers: readonly HolderVoucher[],
  lines: readonly PaidLine[],
  claimedBefore: ReadonlyMap<string, bigint> = new Map(),
): { covered: CoveredLine[]; uncovered: UncoveredLine[]; balances: Map<string, bigint> } {
  const ordered = [...vouchers].sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));
  const balances = new Map(ordered.map((v) => [v.code, v.faceValueFen - (claimedBefore.get(v.code) ?? 0n)]));
  const covered: CoveredLine[] = [];
  const uncovered: UncoveredLine[] = [];
  for (const line of [...lines].sort(compareClaims)) {
    const candidates = line.voucherCode === null ? ordered : ordered.filter((v) => v.code === line.voucherCode);
    let reason = candidates.length === 0 ? `voucher ${line.voucherCode} is not one of the holder's vouchers of this programme` : 'no voucher applies';
    let done = false;
    for (const v of candidates) {
      const refusal = voucherRefusal(v, { ...line, voucherCode: v.code });
      if (refusal) { reason = refusal.message; continue; }
      if (!spendableIn(v.providerRegions, line.providerRegion)) { reason = `provider region ${line.providerRegion ?? '(none)'} is not where voucher ${v.code} may be spent`; continue; }
      const balance = balances.get(v.code) ?? 0n;
      if (balance <= 0n) { reason = `voucher ${v.code} is spent`; continue; }
      const cover = voucherCover(v, line.amountFen, balance);
      if (cover <= 0n) { reason = 'the voucher covers nothing of this line'; continue; }
      balances.set(v.code, balance - cover);
      covered.push({ usageCode: line.usageCode, voucherCode: v.code, coverFen: cover });
      done = true;
      break;
    }
    if (!done) uncovered.push({ usageCode: line.usageCode, reason });
  }
  return { covered, uncovered, balances };
}

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
    .sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0))
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
