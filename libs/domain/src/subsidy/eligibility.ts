import type { Grade, Policy } from './policy';
import { formatHours } from './hours';

/** Why an institution gets no subsidy although its instruments earned something (policy.md, "Eligibility"). */
export type Ineligibility = 'grade' | 'external-hours';

/**
 * The rule that leaves an institution without a subsidy, or null if none does. When several
 * apply, the grade wins over too few external hours: the evaluation tests them in that order,
 * and its explanation must name the same one.
 */
export function ineligibility(r: { grade: Grade; externalMinutes: bigint }, policy: Pick<Policy, 'eligibleGrades' | 'minExternalHours'>): Ineligibility | null {
  if (!policy.eligibleGrades.includes(r.grade)) return 'grade';
  if (r.externalMinutes < BigInt(policy.minExternalHours) * 60n) return 'external-hours';
  return null;
}

/** The reason as stored with the result (English; the explanation words it in each language). */
export function ineligibleReason(r: { grade: Grade; externalMinutes: bigint }, policy: Pick<Policy, 'eligibleGrades' | 'minExternalHours'>): string | null {
  switch (ineligibility(r, policy)) {
    case 'grade': return `grade ${r.grade} is not among the eligible grades (${policy.eligibleGrades.join(', ')})`;
    case 'external-hours': return `external hours ${formatHours(r.externalMinutes)} are below the minimum ${policy.minExternalHours}`;
    default: return null;
  }
}
