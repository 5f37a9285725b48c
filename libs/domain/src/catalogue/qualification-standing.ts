/** How a qualification stands at an instant: still valid, valid but running out soon, or expired. */
export type QualificationStanding = 'valid' | 'expiring' | 'expired';

export const QUALIFICATION_STANDINGS: readonly QualificationStanding[] = ['valid', 'expiring', 'expired'];

/** An operator renews a qualification before it lapses: a month ahead is when the qualifications page starts to warn. */
export const QUALIFICATION_EXPIRING_DAYS = 30;

const DAY_MS = 86_400_000;

/** `validTo` is exclusive, like every end in the platform: at validTo itself the qualification no longer holds. */
export function qualificationStanding(validTo: Date, now: Date, expiringDays = QUALIFICATION_EXPIRING_DAYS): QualificationStanding {
  const left = validTo.getTime() - now.getTime();
  if (left <= 0) return 'expired';
  return left <= expiringDays * DAY_MS ? 'expiring' : 'valid';
}
