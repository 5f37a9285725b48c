import type { BlackoutView, BookingRequestedEvent, BookingStatus, BookingView, PiApproval, ServiceCategory, ServiceMode } from '@yixiang/contracts';

/** A new booking's row: the fields of its view that the insert sets, with its interval as instants. */
export type NewBooking = Pick<BookingView, 'id' | 'code' | 'instrumentId' | 'providerInstitutionId' | 'userId' | 'userInstitutionId'
  | 'serviceMode' | 'serviceCategory' | 'purpose' | 'projectCode' | 'voucherId' | 'samples'> & {
  /** Issue 18: the fund account that pays, and (for a booking approved at once) the estimate held on it. */
  fundAccountId?: string | null;
  heldFen?: bigint | null;
  /** 'pending': a member's booking above the account's threshold, waiting for the PI (it is then 'requested'). */
  piApproval?: 'pending' | null;
  status: Extract<BookingStatus, 'requested' | 'approved'>;
  start: Date;
  end: Date;
  /** A booking that awaits approval carries its `booking.booking.requested` event, written with the row. */
  requestedEvent?: BookingRequestedEvent;
};

/** A row of booking.booking as the repositories read it: a booking or (kind 'blackout') a maintenance window. */
export interface BookingRow {
  id: string;
  code: string;
  kind: 'booking' | 'blackout';
  instrument_id: string;
  provider_institution_id: string;
  user_id: string;
  user_institution_id: string;
  service_mode: ServiceMode;
  service_category: ServiceCategory;
  purpose: string;
  project_code: string | null;
  voucher_id: string | null;
  samples: number | null;
  status: BookingStatus;
  start_at: Date;
  end_at: Date;
  checked_in_at: Date | null;
  checked_out_at: Date | null;
  reason: string | null;
  created_by: string | null;
  created_at: Date;
  updated_at: Date;
  series_id: string | null;
  overrun_into: string | null;
  overrun_minutes: number | null;
  fund_account_id: string | null;
  /** bigint as text, as pg gives it. */
  held_fen: string | null;
  charged_fen: string | null;
  pi_approval: PiApproval | null;
}

export const BOOKING_COLUMNS = `id, code, kind, instrument_id, provider_institution_id, user_id, user_institution_id, service_mode, service_category, purpose,
  project_code, voucher_id, samples, status, start_at, end_at, checked_in_at, checked_out_at, reason, created_by, created_at, updated_at,
  series_id, overrun_into, overrun_minutes, fund_account_id, held_fen, charged_fen, pi_approval`;

const iso = (d: Date | null) => (d ? d.toISOString() : null);

/** Raw queries through MikroORM's pg connection give timestamptz as text; rows carry Dates. */
export function toDate(value: Date | string): Date {
  return value instanceof Date ? value : new Date(value);
}

const DATE_COLUMNS = ['start_at', 'end_at', 'checked_in_at', 'checked_out_at', 'created_at', 'updated_at'] as const;

export function asBookingRows(raw: BookingRow[]): BookingRow[] {
  for (const row of raw) {
    for (const column of DATE_COLUMNS) {
      const value = row[column] as Date | string | null;
      if (value !== null && value !== undefined) (row as unknown as Record<string, Date>)[column] = toDate(value);
    }
  }
  return raw;
}

/** The one mapping of a booking row to its view. */
export function bookingView(r: BookingRow): BookingView {
  return {
    id: r.id, code: r.code, instrumentId: r.instrument_id, providerInstitutionId: r.provider_institution_id, userId: r.user_id,
    userInstitutionId: r.user_institution_id, serviceMode: r.service_mode, serviceCategory: r.service_category, purpose: r.purpose, projectCode: r.project_code,
    voucherId: r.voucher_id, samples: r.samples, status: r.status, start: r.start_at.toISOString(), end: r.end_at.toISOString(),
    checkedInAt: iso(r.checked_in_at), checkedOutAt: iso(r.checked_out_at), reason: r.reason,
    createdAt: r.created_at.toISOString(), updatedAt: r.updated_at.toISOString(), seriesId: r.series_id ?? null,
    overrun: r.overrun_into && r.overrun_minutes ? { intoBookingId: r.overrun_into, minutes: r.overrun_minutes } : null,
    fundAccountId: r.fund_account_id ?? null, heldFen: r.held_fen === null || r.held_fen === undefined ? null : Number(r.held_fen),
    chargedFen: r.charged_fen === null || r.charged_fen === undefined ? null : Number(r.charged_fen),
    piApproval: r.pi_approval ?? null,
  };
}

/** The one mapping of a blackout row to its view. */
export function blackoutView(r: BookingRow): BlackoutView {
  return { id: r.id, instrumentId: r.instrument_id, start: r.start_at.toISOString(), end: r.end_at.toISOString(), reason: r.reason ?? '', createdAt: r.created_at.toISOString() };
}

/** Human codes for bookings and blackouts: 48 random bits, unique by constraint. */
export function newCode(prefix: 'BK' | 'BO' | 'SR', id: string): string {
  return `${prefix}-${id.replace(/-/g, '').slice(0, 12).toUpperCase()}`;
}
