/** What the booking service knows of an instrument when a booking is asked for (BookingContext's fields). */
export interface BookableInstrument {
  code: string;
  institutionId: string;
  institutionName: string;
  sharingStatus: 'open' | 'internal' | 'suspended';
  /** `YYYY-MM-DD`, the first day it is retired. */
  retiredOn: string | null;
  onlineBooking: boolean;
  serviceModes: readonly string[];
}

export type BookableRule = 'sharing-status' | 'retired' | 'online-booking' | 'service-mode';

/**
 * Why an instrument takes no booking of this mode from this actor, first reason first; null when
 * it does. An internal instrument does not exist for another institution's user (`hidden`: the
 * caller answers NOT_FOUND, not a rule). `today` is the date (`YYYY-MM-DD`) retirement is compared with.
 */
export function bookableProblem(
  instrument: BookableInstrument, actorInstitutionId: string | null, serviceMode: string, today: string,
): { hidden: true } | { hidden: false; rule: BookableRule; message: string } | null {
  if (instrument.sharingStatus === 'internal' && actorInstitutionId !== instrument.institutionId) return { hidden: true };
  const rule = (name: BookableRule, message: string) => ({ hidden: false as const, rule: name, message });
  if (instrument.sharingStatus === 'suspended') return rule('sharing-status', `${instrument.code} is suspended and takes no bookings`);
  if (instrument.retiredOn && instrument.retiredOn <= today) return rule('retired', `${instrument.code} was retired on ${instrument.retiredOn}`);
  if (!instrument.onlineBooking) return rule('online-booking', `${instrument.code} is not booked online; contact ${instrument.institutionName}`);
  if (!instrument.serviceModes.includes(serviceMode)) {
    return rule('service-mode', `${instrument.code} offers ${instrument.serviceModes.join(', ')}, not ${serviceMode}`);
  }
  return null;
}
