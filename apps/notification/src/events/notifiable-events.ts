import { BookingEventBase, Events, EventSubject, NoShowRecordedEvent } from '@yixiang/contracts';
import type { NotifiableEvent, NotificationKind } from '@yixiang/domain';

/** A notifiable event with the facts an event may leave out (the no-show event predates issue 19) still to look up. */
export type PartialNotifiable = Omit<NotifiableEvent, 'instrumentName' | 'userInstitutionId'> & {
  instrumentName: string | null; userInstitutionId: string | null | undefined; providerInstitutionId: string | '';
};

type Booking = BookingEventBase;

function ofBooking(kind: NotificationKind, subject: string, p: Booking, extra: Partial<NotifiableEvent> = {}): PartialNotifiable {
  return {
    kind, subject, eventId: p.eventId, occurredAt: p.occurredAt, bookingId: p.bookingId, instrumentId: p.instrumentId, instrumentName: p.instrumentName,
    providerInstitutionId: p.providerInstitutionId, userId: p.userId, userInstitutionId: p.userInstitutionId, start: p.start, end: p.end,
    reason: null, cancelledBy: null, until: null, noShows: null, ...extra,
  };
}

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
] as ConsumedEvent<object>[];
