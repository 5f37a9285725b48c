import { isBillingEvent, type NotifiableEvent } from './notifiable';

/** Who is told of an event: one user, the provider's approvers, an institution's admins, or nobody. */
export type RecipientRule =
  | { to: 'user'; userId: string }
  | { to: 'approvers'; institutionId: string }
  | { to: 'admins'; institutionId: string }
  | { to: 'nobody' };

/**
 * Issue 19: a booking waiting for approval goes to whoever may approve it (the provider's operators
 * and admins); approvals, rejections, reminders, no-shows, suspensions, maintenance and offers go to
 * the booking's user; a cancellation goes to the user only when the institution cancelled it (the
 * user knows what they did themselves). Of billing's events, a statement issued goes to the payer's
 * admins (who pay it), a voucher decision to the applicant (who applied), a claim's decision or
 * payment to the claimant's admins (an institution's claim, filed by one of them).
 */
export function recipientRule(event: NotifiableEvent): RecipientRule {
  if (isBillingEvent(event)) {
    if (event.kind === 'voucher.approved' || event.kind === 'voucher.rejected') return event.userId ? { to: 'user', userId: event.userId } : { to: 'admins', institutionId: event.institutionId };
    return { to: 'admins', institutionId: event.institutionId };
  }
  switch (event.kind) {
    case 'booking.requested':
      return { to: 'approvers', institutionId: event.providerInstitutionId };
    case 'booking.cancelled':
      return event.cancelledBy === 'institution' ? { to: 'user', userId: event.userId } : { to: 'nobody' };
    default:
      return { to: 'user', userId: event.userId };
  }
}

/** A catalogue user as far as notifications care. */
export interface Contact { id: string; email: string | null; name: string; role: string; institutionId: string | null; active: boolean }

/** The approvers of an institution among its users: its active operators and admins. */
export function approversAmong(users: readonly Contact[], institutionId: string): Contact[] {
  return users.filter((u) => u.active && u.institutionId === institutionId && (u.role === 'operator' || u.role === 'institution_admin'));
}

/** The admins of an institution among its users: its active institution_admin accounts. */
export function adminsAmong(users: readonly Contact[], institutionId: string): Contact[] {
  return users.filter((u) => u.active && u.institutionId === institutionId && u.role === 'institution_admin');
}

/**
 * The institutions whose webhooks hear of an event, once each: of a booking event the provider's
 * and the user's (the user's may be none); of a statement the provider's and the payer's; of a
 * voucher application the applicant's; of a claim the claimant's.
 */
export function institutionsOf(event: NotifiableEvent): string[] {
  const ids = isBillingEvent(event) ? [event.providerInstitutionId, event.institutionId] : [event.providerInstitutionId, event.userInstitutionId];
  return [...new Set(ids.filter((id): id is string => Boolean(id)))];
}

/**
 * The institution a delivery of the event belongs to (whose admins see it fail): the provider of a
 * booking, the institution a billing event is addressed to.
 */
export function deliveryInstitutionOf(event: NotifiableEvent): string {
  return isBillingEvent(event) ? event.institutionId : event.providerInstitutionId;
}
