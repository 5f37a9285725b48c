import {
  BookingEventBase, Events, EventSubject, NoShowRecordedEvent, ServiceEvent, VoucherApplicationEventBase, VoucherClaimEventBase,
} from '@yixiang/contracts';
import type { BillingNotifiable, BookingNotifiable, BookingNotificationKind } from '@yixiang/domain';

/** A booking notifiable with the facts an event may leave out (the no-show event predates issue 19) still to look up. */
export type PartialBookingNotifiable = Omit<BookingNotifiable, 'instrumentName' | 'userInstitutionId' | 'providerInstitutionId'> & {
  instrumentName: string | null; userInstitutionId: string | null | undefined; providerInstitutionId: string | '';
};

/** What a consumed event reads as: billing's events carry every fact their messages need; some booking events do not. */
export type PartialNotifiable = PartialBookingNotifiable | BillingNotifiable;

type Booking = BookingEventBase;

function ofBooking(kind: BookingNotificationKind, subject: string, p: Booking, extra: Partial<BookingNotifiable> = {}): PartialBookingNotifiable {
  return {
    kind, subject, eventId: p.eventId, occurredAt: p.occurredAt, bookingId: p.bookingId, instrumentId: p.instrumentId, instrumentName: p.instrumentName,
    providerInstitutionId: p.providerInstitutionId, userId: p.userId, userInstitutionId: p.userInstitutionId, start: p.start, end: p.end,
    reason: null, cancelledBy: null, until: null, noShows: null, ...extra,
  };
}

/** A billing event's notifiable: what it is about and whom it addresses, every fact it does not name null. */
function ofBilling(
  kind: BillingNotifiable['kind'], subject: string, p: ServiceEvent,
  facts: Pick<BillingNotifiable, 'recordId' | 'institutionId' | 'amountFen'> & Partial<BillingNotifiable>,
): BillingNotifiable {
  return {
    kind, subject, eventId: p.eventId, occurredAt: p.occurredAt, reason: null, providerInstitutionId: null, userId: null,
    providerName: null, programmeName: null, code: null, period: null, region: null, reference: null, ...facts,
  };
}

const ofApplication = (p: VoucherApplicationEventBase) => ({
  recordId: p.applicationId, institutionId: p.applicantInstitutionId, userId: p.applicantUserId, programmeName: p.programmeName, region: p.issuingRegion,
});

const ofClaim = (p: VoucherClaimEventBase) => ({
  recordId: p.claimId, institutionId: p.claimantInstitutionId, amountFen: p.amountFen, code: p.claimCode, region: p.issuingRegion, period: p.month,
});

/** Each event the service consumes, its durable consumer's name and how it reads as a notification. */
export interface ConsumedEvent<P extends object> {
  event: EventSubject<P>;
  durable: string;
  read(payload: P): PartialNotifiable;
}

const consumed = <P extends object>(event: EventSubject<P>, durable: string, read: (payload: P) => PartialNotifiable): ConsumedEvent<P> => ({ event, durable, read });

export const CONSUMED_EVENTS: ConsumedEvent<object>[] = [
  consumed(Events.bookingRequested, 'notification-booking-requested', (p) => ofBooking('booking.requested', Events.bookingRequested.subject, p)),
  consumed(Events.bookingApproved, 'notification-booking-approved', (p) => ofBooking('booking.approved', Events.bookingApproved.subject, p)),
  consumed(Events.bookingRejected, 'notification-booking-rejected', (p) => ofBooking('booking.rejected', Events.bookingRejected.subject, p, { reason: p.reason ?? null })),
  consumed(Events.bookingCancelled, 'notification-booking-cancelled', (p) =>
    ofBooking('booking.cancelled', Events.bookingCancelled.subject, p, { reason: p.reason ?? null, cancelledBy: p.cancelledBy })),
  consumed(Events.bookingReminderDue, 'notification-booking-reminder', (p) => ofBooking('booking.reminder', Events.bookingReminderDue.subject, p)),
  consumed(Events.blackoutConflicted, 'notification-blackout-conflicted', (p) => ofBooking('booking.maintenance', Events.blackoutConflicted.subject, p, {
    reason: [p.reason, p.cancelled ? '该预约已随维护安排取消' : ''].filter(Boolean).join('；') || null,
  })),
  consumed(Events.noShowRecorded, 'notification-no-show', (p: NoShowRecordedEvent) => {
    // Issue 19's fields where the event has them; the first no-show events had only the booking's own.
    const q = p as NoShowRecordedEvent & Partial<Booking>;
    return {
      kind: 'booking.no-show', subject: Events.noShowRecorded.subject, eventId: q.eventId ?? `no-show:${q.bookingId}`, occurredAt: q.occurredAt ?? new Date().toISOString(),
      bookingId: q.bookingId, instrumentId: q.instrumentId, instrumentName: q.instrumentName ?? null, providerInstitutionId: q.providerInstitutionId ?? '',
      userId: q.userId, userInstitutionId: q.userInstitutionId, start: q.start, end: q.end, reason: null, cancelledBy: null, until: null, noShows: null,
    };
  }),
  consumed(Events.suspensionStarted, 'notification-suspension-started', (p) => ({
    kind: 'booking.suspended', subject: Events.suspensionStarted.subject, eventId: p.eventId, occurredAt: p.occurredAt, bookingId: null, instrumentId: null,
    instrumentName: null, providerInstitutionId: p.institutionId, userId: p.userId, userInstitutionId: undefined, start: null, end: null,
    reason: p.reason, cancelledBy: null, until: p.until, noShows: p.noShows,
  })),
  consumed(Events.waitlistOffered, 'notification-waitlist-offered', (p) => ({
    kind: 'waitlist.offered', subject: Events.waitlistOffered.subject, eventId: p.eventId, occurredAt: p.occurredAt, bookingId: p.entryId, instrumentId: p.instrumentId,
    instrumentName: p.instrumentName, providerInstitutionId: p.providerInstitutionId, userId: p.userId, userInstitutionId: undefined, start: p.start, end: p.end,
    reason: null, cancelledBy: null, until: p.expiresAt, noShows: null,
  })),
  // Billing's (issue 19): to the payer's admins, the applicant, the claimant's admins.
  consumed(Events.statementIssued, 'notification-statement-issued', (p) => ofBilling('statement.issued', Events.statementIssued.subject, p, {
    recordId: p.statementId, institutionId: p.payerInstitutionId, providerInstitutionId: p.providerInstitutionId, amountFen: p.payableFen,
    providerName: p.providerInstitutionName, period: p.period,
  })),
  consumed(Events.voucherApplicationApproved, 'notification-voucher-application-approved', (p) => ofBilling('voucher.approved', Events.voucherApplicationApproved.subject, p, {
    ...ofApplication(p), amountFen: p.amountFen, code: p.voucherCode,
  })),
  consumed(Events.voucherApplicationRejected, 'notification-voucher-application-rejected', (p) => ofBilling('voucher.rejected', Events.voucherApplicationRejected.subject, p, {
    ...ofApplication(p), amountFen: p.requestedFen, reason: p.reason,
  })),
  consumed(Events.voucherClaimApproved, 'notification-voucher-claim-approved', (p) => ofBilling('voucher-claim.approved', Events.voucherClaimApproved.subject, p, ofClaim(p))),
  consumed(Events.voucherClaimRejected, 'notification-voucher-claim-rejected', (p) => ofBilling('voucher-claim.rejected', Events.voucherClaimRejected.subject, p, {
    ...ofClaim(p), reason: p.reason,
  })),
  consumed(Events.voucherClaimPaid, 'notification-voucher-claim-paid', (p) => ofBilling('voucher-claim.paid', Events.voucherClaimPaid.subject, p, {
    ...ofClaim(p), reference: p.reference,
  })),
] as ConsumedEvent<object>[];
