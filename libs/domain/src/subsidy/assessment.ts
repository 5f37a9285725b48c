import { roundHalfUp } from '../rational';
import type { Grade } from './policy';

/**
 * The people-scored side of an evaluation round (issue 17): experts' scores of an assessed
 * indicator and whether an institution stays in the network after poor rounds. Points are kept as
 * integer hundredths (a score of 7.25 is 725n) because the round says "rounded half-up to 2
 * decimals at the end": every step before that rounding is exact.
 */

/** How many experts it takes before the highest and the lowest score are dropped (issue 17). */
export const TRIM_FROM_EXPERTS = 5;

/**
 * An assessed indicator's score from its experts' scores, in hundredths: the exact mean, rounded
 * half-up to hundredths once at the end; with five or more experts one highest and one lowest
 * score are dropped first. Null when no expert has scored yet (the round shows it as missing, it
 * is not a zero).
 */
export function expertScoreHundredths(scores: readonly bigint[]): bigint | null {
  if (scores.length === 0) return null;
  if (scores.some((s) => s < 0n)) throw new RangeError('an expert score cannot be negative');
  const sorted = [...scores].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const counted = sorted.length >= TRIM_FROM_EXPERTS ? sorted.slice(1, -1) : sorted;
  const sum = counted.reduce((total, s) => total + s, 0n);
  return roundHalfUp(sum, BigInt(counted.length));
}

/** Why a score given for an assessed indicator is refused, or null when it stands. */
export function assessedScoreProblem(hundredths: bigint, maxPoints: number): 'negative' | 'above-maximum' | null {
  if (hundredths < 0n) return 'negative';
  if (hundredths > BigInt(maxPoints) * 100n) return 'above-maximum';
  return null;
}

/** One final round in an institution's history, oldest first in the lists below. */
export interface RoundOutcome {
  grade: Grade;
  /** Only for a poor grade: was its rectification (整改) accepted by the bureau? null while open. */
  rectificationAccepted: boolean | null;
}

export type ExitReason = 'consecutive-poor' | 'rectification-not-accepted';

/**
 * Whether an institution is barred from the subsidy in the next round (有进有出): poor in
 * `exitAfterPoorRounds` consecutive final rounds up to the latest, or poor in the latest round
 * and the rectification that followed was not accepted. Without `exitAfterPoorRounds` in the policy no one is barred for poor rounds
 * alone; a rejected rectification always bars, because the bureau refused the plan.
 */
export function exitReason(history: readonly RoundOutcome[], exitAfterPoorRounds: number | null): ExitReason | null {
  if (exitAfterPoorRounds !== null && exitAfterPoorRounds > 0) {
    let run = 0;
    for (let i = history.length - 1; i >= 0 && history[i]?.grade === 'poor'; i -= 1) run += 1;
    if (run >= exitAfterPoorRounds) return 'consecutive-poor';
  }
  const latest = history[history.length - 1];
  if (latest?.grade === 'poor' && latest.rectificationAccepted === false) return 'rectification-not-accepted';
  return null;
}
