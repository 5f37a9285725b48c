import { type BillingNotificationKind, type BookingNotificationKind, isBillingKind, type NotificationKind } from './kinds';

/** What every notifiable event has, whichever service wrote it. */
interface NotifiableBase {
  /** The event's subject, e.g. booking.booking.approved (what webhooks subscribe to). */
  subject: string;
  eventId: string;
  occurredAt: string;
  /** Why (a rejection's, a cancellation's, a maintenance window's reason), when the event gives one. */
  reason: string | null;
}

/**
 * A booking event as the notification service reads it, whatever subject it came on: the facts the
 * recipients, the messages and the webhooks need. Built from the typed event payloads.
 */
export interface BookingNotifiable extends NotifiableBase {
  kind: BookingNotificationKind;
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
  /** booking.cancelled: who cancelled. */
  cancelledBy: 'user' | 'institution' | null;
  /** Suspension: until when; waiting-list offer: until when it may be accepted. */
  until: string | null;
  noShows: number | null;
}

/**
 * A billing event (issue 19): a statement issued, a voucher application or a reimbursement claim
 * decided. It is addressed to an institution (the payer, the applicant's, the claimant), and for an
 * application to the user who applied; no booking, instrument or time slot is involved.
 */
export interface BillingNotifiable extends NotifiableBase {
  kind: BillingNotificationKind;
  /** The statement, application or claim (the link leads to it). */
  recordId: string;
  /** The institution addressed: a statement's payer, an application's applicant institution, a claim's claimant. */
  institutionId: string;
  /** A statement's provider (its webhooks hear of the statement too); null for voucher events. */
  providerInstitutionId: string | null;
  /** An application's applicant; null for events addressed to an institution only. */
  userId: string | null;
  /** A statement's amount due, an application's approved (or, rejected, asked-for) amount, a claim's amount: integer fen. */
  amountFen: number;
  /** A statement's provider by name (null when the catalogue did not know it). */
  providerName: string | null;
  /** An application's programme by name. */
  programmeName: string | null;
  /** A claim's code (VC-000012), an approved application's voucher code. */
  code: string | null;
  /** A statement's month, a provider claim's month (YYYY-MM). */
  period: string | null;
  /** A claim's issuing region (CQ, SC). */
  region: string | null;
  /** A paid claim's payment reference. */
  reference: string | null;
}

export type NotifiableEvent = BookingNotifiable | BillingNotifiable;

/** Whether an event (or a consumer's partial one) is billing's: its kind says so. */
export function isBillingEvent<E extends { kind: NotificationKind }>(event: E): event is Extract<E, { kind: BillingNotificationKind }> {
  return isBillingKind(event.kind);
}
