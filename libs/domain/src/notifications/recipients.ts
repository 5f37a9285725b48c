import type { NotifiableEvent } from './notifiable';

/** Who is told of an event: the booking's user, the provider's approvers, or nobody. */
export type RecipientRule =
  | { to: 'user'; userId: string }
  | { to: 'approvers'; institutionId: string }
  | { to: 'nobody' };

/**
 * Issue 19: a booking waiting for approval goes to whoever may approve it (the provider's operators
 * and admins); approvals, rejections, reminders, no-shows, suspensions, maintenance and offers go to
 * the booking's user; a cancellation goes to the user only when the institution cancelled it (the
 * user knows what they did themselves).
 */
export function recipientRule(event: NotifiableEvent): RecipientRule {
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

/**
 * The institutions whose webhooks and group robots hear of an event: the provider's and the user's
 * (once each; the user's may be none).
 */
export function institutionsOf(event: Pick<NotifiableEvent, 'providerInstitutionId' | 'userInstitutionId'>): string[] {
  return [...new Set([event.providerInstitutionId, ...(event.userInstitutionId ? [event.userInstitutionId] : [])])];
}
