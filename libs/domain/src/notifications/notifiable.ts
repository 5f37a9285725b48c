import type { NotificationKind } from './kinds';

/**
 * A booking event as the notification service reads it, whatever subject it came on: the facts the
 * recipients, the messages and the webhooks need. Built from the typed event payloads.
 */
export interface NotifiableEvent {
  kind: NotificationKind;
  /** The event's subject, e.g. booking.booking.approved (what webhooks subscribe to). */
  subject: string;
  eventId: string;
  occurredAt: string;
  /** The booking, if the event is about one (a suspension is not). */
  bookingId: string | null;
  instrumentId: string | null;
  instrumentName: string | null;
  /** The institution whose instrument it is, or (a suspension) whose instruments the user may not book. */
  providerInstitutionId: string;
  userId: string;
  userInstitutionId: string | null;
  start: string | null;
  end: string | null;
  reason: string | null;
  /** booking.cancelled: who cancelled. */
  cancelledBy: 'user' | 'institution' | null;
  /** Suspension: until when; waiting-list offer: until when it may be accepted. */
  until: string | null;
  noShows: number | null;
}
