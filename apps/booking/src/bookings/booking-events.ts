import { randomUUID } from 'node:crypto';
import type { BookingContext, BookingEventBase, BookingRequestedEvent, NoShowRecordedEvent } from '@yixiang/contracts';
import type { BookingRow, NewBooking } from '../shared/booking.rows';

/** The instrument fields a booking event names (from the catalogue's booking context). */
export type EventInstrument = Pick<BookingContext, 'code' | 'name'>;

/** The common part of a booking event: a fresh event id, now, the booking and its instrument. */
export function bookingEventBase(row: BookingRow, instrument: EventInstrument, now = new Date()): BookingEventBase {
  return {
    eventId: randomUUID(), occurredAt: now.toISOString(), bookingId: row.id, bookingCode: row.code, instrumentId: row.instrument_id,
    instrumentCode: instrument.code, instrumentName: instrument.name, providerInstitutionId: row.provider_institution_id, userId: row.user_id,
    userInstitutionId: row.user_institution_id ?? null, start: row.start_at.toISOString(), end: row.end_at.toISOString(),
  };
}

/** A no-show's event: the fields it always had, and since issue 19 those notifications need. */
export function noShowEvent(row: BookingRow, instrument: EventInstrument | null, automatic: boolean, now = new Date()): NoShowRecordedEvent {
  return {
    bookingId: row.id, bookingCode: row.code, instrumentId: row.instrument_id, userId: row.user_id, start: row.start_at.toISOString(), end: row.end_at.toISOString(),
    eventId: randomUUID(), occurredAt: now.toISOString(), providerInstitutionId: row.provider_institution_id, userInstitutionId: row.user_institution_id,
    ...(instrument ? { instrumentCode: instrument.code, instrumentName: instrument.name } : {}), automatic,
  };
}

/** The event of a booking that awaits approval, built before the row is written (it goes in with it). */
export function requestedEvent(b: NewBooking, instrument: EventInstrument, now = new Date()): BookingRequestedEvent {
  return {
    eventId: randomUUID(), occurredAt: now.toISOString(), bookingId: b.id, bookingCode: b.code, instrumentId: b.instrumentId,
    instrumentCode: instrument.code, instrumentName: instrument.name, providerInstitutionId: b.providerInstitutionId, userId: b.userId,
    userInstitutionId: b.userInstitutionId ?? null, start: b.start.toISOString(), end: b.end.toISOString(),
  };
}
