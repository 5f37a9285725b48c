import { type Said, said } from '../messages/said';
import { isCharge, priceUsage, type RateCard, type UsageToPrice } from './pricing';

/**
 * A research group's fund account (经费卡, issue 18): what a booking may hold (预扣) on it. The
 * database enforces the same sum under concurrency (a row lock on the account while a hold is
 * written); this rule is what it checks and how the refusal is worded, so the HTTP answer and
 * the constraint cannot disagree.
 */
export interface FundAccountBalance {
  /** null: the account has no budget, only its validity and state limit it. */
  budgetFen: bigint | null;
  /** Estimated charges of approved bookings and orders not yet settled. */
  heldFen: bigint;
  /** Real charges already settled against the account. */
  chargedFen: bigint;
  state: 'active' | 'frozen';
  validFrom: Date;
  /** Exclusive; null = open-ended. */
  validTo: Date | null;
}

export type HoldRefusal =
  | { reason: 'frozen' }
  | { reason: 'not-valid-at'; at: Date }
  | { reason: 'over-budget'; availableFen: bigint; shortfallFen: bigint };

/** What is left to hold: budget − holds − charges, never below zero; null without a budget. */
export function availableFen(account: FundAccountBalance): bigint | null {
  if (account.budgetFen === null) return null;
  const left = account.budgetFen - account.heldFen - account.chargedFen;
  return left > 0n ? left : 0n;
}

/** Whether `amountFen` for use at `at` may be held on the account, or why not. */
export function holdRefusal(account: FundAccountBalance, amountFen: bigint, at: Date): HoldRefusal | null {
  if (amountFen < 0n) throw new RangeError('a hold cannot be negative');
  if (account.state === 'frozen') return { reason: 'frozen' };
  if (at < account.validFrom || (account.validTo !== null && at >= account.validTo)) return { reason: 'not-valid-at', at };
  const available = availableFen(account);
  if (available !== null && amountFen > available) return { reason: 'over-budget', availableFen: available, shortfallFen: amountFen - available };
  return null;
}

/**
 * Settlement replaces a booking's hold by its real charge: the account's holds lose the estimate
 * and its charges gain the charge (which may be more or less than was held — the budget check was
 * made on the estimate, and an overrun is recorded, not refused, because the instrument was used).
 */
export function settleHold(account: FundAccountBalance, heldFen: bigint, chargeFen: bigint): FundAccountBalance {
  if (heldFen > account.heldFen) throw new RangeError('cannot release more than is held on the account');
  return { ...account, heldFen: account.heldFen - heldFen, chargedFen: account.chargedFen + chargeFen };
}

/** Whether a member's booking needs the PI's approval: above the group's threshold; none = never. */
export function needsPiApproval(estimateFen: bigint, approvalAboveFen: bigint | null, bookedByPi: boolean): boolean {
  return !bookedByPi && approvalAboveFen !== null && estimateFen > approvalAboveFen;
}

/** What a fund account is called in a refusal: its code and name. */
export interface FundAccountName {
  code: string;
  name: string;
}

const yuan = (fen: bigint): string => `${fen / 100n}.${(fen % 100n).toString().padStart(2, '0')}`;

/**
 * The refusal as the booker reads it (422): the account by code and name, and for a budget the
 * shortfall and what is left, in 元 — so that a PI knows how much to add or which card to use.
 */
export function holdRefusalMessage(account: FundAccountName, refusal: HoldRefusal): Said {
  const which = `经费卡 ${account.code}（${account.name}）`;
  switch (refusal.reason) {
    case 'frozen':
      return said(`${which}已冻结，不能用于新的预约`, `fund account ${account.code} (${account.name}) is frozen and cannot pay for new bookings`);
    case 'not-valid-at':
      return said(`${which}在预约开始时不在有效期内`, `fund account ${account.code} (${account.name}) is not valid when the booking starts`);
    case 'over-budget':
      return said(
        `${which}余额不足：可用 ${yuan(refusal.availableFen)} 元，本次预扣还差 ${yuan(refusal.shortfallFen)} 元`,
        `fund account ${account.code} (${account.name}) is short of ${yuan(refusal.shortfallFen)} yuan for this booking's hold (${yuan(refusal.availableFen)} yuan left)`,
      );
  }
}

/**
 * The estimate held for a booking: its charge as settlement would price it now (the card valid at
 * its start, increments, minimum charge). A booking that settlement would not bill (no rate card,
 * no sample count) holds nothing: a hold is never more than the charge it stands in for.
 */
export function holdEstimate(usage: UsageToPrice, cards: readonly RateCard[]): bigint {
  const priced = priceUsage(usage, cards);
  return isCharge(priced) ? priced.amountFen : 0n;
}

/** What a booking has on its account: the estimate still held (null: none) and the charge settled so far (null: none yet). */
export interface BookingOnAccount {
  heldFen: bigint | null;
  chargedFen: bigint | null;
}

/**
 * A booking's charge settled, or settled again (a draft month recomputed): its hold, if it still
 * has one, is released, and the charge replaces whatever an earlier settlement charged it, so the
 * account's charges are always the sum of its bookings' latest charges.
 */
export function chargeBooking(account: FundAccountBalance, booking: BookingOnAccount, chargeFen: bigint): FundAccountBalance {
  if (chargeFen < 0n) throw new RangeError('a charge cannot be negative');
  const undone = { ...account, chargedFen: account.chargedFen - (booking.chargedFen ?? 0n) };
  return settleHold(undone, booking.heldFen ?? 0n, chargeFen);
}
