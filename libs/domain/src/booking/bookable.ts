/** The instrument's facts that decide whether it takes a booking at all (a subset of the contracts' BookingContext). */
export interface BookableInstrument {
  code: string;
  institutionId: string;
  institutionName: string;
  sharingStatus: 'open' | 'internal' | 'suspended';
  /** YYYY-MM-DD, the first day the instrument no longer exists for bookings. */
  retiredOn: string | null;
  onlineBooking: boolean;
  serviceModes: readonly string[];
}

export type InstrumentRule = 'sharing-status' | 'retired' | 'online-booking' | 'service-mode';

/**
 * Why the instrument takes no booking of this mode from this booker: `hidden` when the booker may
 * not even know it exists (another institution's internal instrument: a 404, not a 422), otherwise
 * the first rule it breaks, or null when it may be booked. `today` is the booking day's date,
 * YYYY-MM-DD, compared with `retiredOn` as text (ISO dates sort as dates).
 */
export function instrumentRefusal(
  instrument: BookableInstrument, bookerInstitutionId: string | null, serviceMode: string, today: string,
): 'hidden' | { rule: InstrumentRule; message: string } | null {
  const own = bookerInstitutionId === instrument.institutionId;
  if (instrument.sharingStatus === 'internal' && !own) return 'hidden';
  if (instrument.sharingStatus === 'suspended') return { rule: 'sharing-status', message: `${instrument.code} is suspended and takes no bookings` };
  if (instrument.retiredOn && instrument.retiredOn <= today) return { rule: 'retired', message: `${instrument.code} was retired on ${instrument.retiredOn}` };
  if (!instrument.onlineBooking) return { rule: 'online-booking', message: `${instrument.code} is not booked online; contact ${instrument.institutionName}` };
  if (!instrument.serviceModes.includes(serviceMode)) {
    return { rule: 'service-mode', message: `${instrument.code} offers ${instrument.serviceModes.join(', ')}, not ${serviceMode}` };
  }
  return null;
}
