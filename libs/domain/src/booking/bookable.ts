import { type Said, said } from '../messages/said';
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
): 'hidden' | { rule: InstrumentRule; message: Said } | null {
  const own = bookerInstitutionId === instrument.institutionId;
  if (instrument.sharingStatus === 'internal' && !own) return 'hidden';
  if (instrument.sharingStatus === 'suspended') return { rule: 'sharing-status', message: said(`仪器 ${instrument.code} 已暂停共享，不接受预约`, `${instrument.code} is suspended and takes no bookings`) };
  if (instrument.retiredOn && instrument.retiredOn <= today) return { rule: 'retired', message: said(`仪器 ${instrument.code} 已于 ${instrument.retiredOn} 停用`, `${instrument.code} was retired on ${instrument.retiredOn}`) };
  if (!instrument.onlineBooking) return { rule: 'online-booking', message: said(`仪器 ${instrument.code} 不接受在线预约，请联系${instrument.institutionName}`, `${instrument.code} is not booked online; contact ${instrument.institutionName}`) };
  if (!instrument.serviceModes.includes(serviceMode)) {
    return { rule: 'service-mode', message: said(`仪器 ${instrument.code} 提供的服务方式为 ${instrument.serviceModes.join('、')}，不提供 ${serviceMode}`, `${instrument.code} offers ${instrument.serviceModes.join(', ')}, not ${serviceMode}`) };
  }
  return null;
}
