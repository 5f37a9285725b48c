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
