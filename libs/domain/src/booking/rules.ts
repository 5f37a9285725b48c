import { DateTime } from 'luxon';
import { zoneOf } from './zone';
import { local, minutes, utc } from './format';
import { openingWindows } from './opening';
import { cancelDeadline } from './cancellation';
import { isSlotBoundary } from './slots';
import { BookingRules, RuleViolation, WeeklyOpening } from './types';

const MINUTE_MS = 60_000;
const WEEKDAYS = ['', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];

function granularity(start: Date, end: Date, slotMinutes: number, timeZone: string): RuleViolation | null {
  const off = [start, end].filter((t) => !isSlotBoundary(t.getTime(), slotMinutes, timeZone));
  if (off.length === 0) return null;
  return {
    rule: 'granularity',
    message:
      `bookings on this instrument must start and end on ${slotMinutes}-minute slot boundaries counted from midnight ` +
      `${timeZone} time; ${off.map((t) => local(t, timeZone)).join(' and ')} ${off.length === 1 ? 'is' : 'are'} not`,
  };
}

function length(start: Date, end: Date, rules: BookingRules): RuleViolation | null {
  const ms = end.getTime() - start.getTime();
  if (ms <= 0) {
    return { rule: 'minimum-length', message: `a booking must end after it starts (start ${utc(start)}, end ${utc(end)})` };
  }
  if (ms < rules.minMinutes * MINUTE_MS) {
    return {
      rule: 'minimum-length',
      message: `bookings on this instrument must last at least ${rules.minMinutes} minutes (requested ${minutes(ms)})`,
    };
  }
  if (ms > rules.maxMinutes * MINUTE_MS) {
    return {
      rule: 'maximum-length',
      message: `bookings on this instrument may last at most ${rules.maxMinutes} minutes (requested ${minutes(ms)})`,
    };
  }
  return null;
}

function leadTime(start: Date, now: Date, leadMinutes: number): RuleViolation | null {
  const earliest = new Date(now.getTime() + leadMinutes * MINUTE_MS);
  if (start.getTime() >= earliest.getTime()) return null;
  const message =
    leadMinutes === 0
      ? `bookings cannot start in the past (earliest ${utc(earliest)})`
      : `bookings on this instrument must start at least ${leadMinutes} minutes ahead (earliest ${utc(earliest)})`;
  return { rule: 'lead-time', message };
}

/** The weekly entries of the local weekdays that [start, end) touches, for the message. */
function hoursOfDays(weekly: WeeklyOpening[], start: Date, end: Date, timeZone: string): string {
  const days = new Set<number>();
  const last = DateTime.fromMillis(end.getTime() - 1, { zone: zoneOf(timeZone) }).startOf('day');
  for (let day = DateTime.fromJSDate(start, { zone: zoneOf(timeZone) }).startOf('day'); day <= last && days.size < 7; day = day.plus({ days: 1 })) {
    days.add(day.weekday);
  }
  const entries = weekly.filter((e) => days.has(e.weekday)).sort((a, b) => a.weekday - b.weekday || a.start.localeCompare(b.start));
  if (entries.length === 0) return `closed on ${[...days].map((d) => WEEKDAYS[d]).join(', ')}`;
  return entries.map((e) => `${WEEKDAYS[e.weekday]} ${e.start}–${e.end}`).join(', ');
}

function openingHours(start: Date, end: Date, weekly: WeeklyOpening[], timeZone: string): RuleViolation | null {
  // Inside one merged window exactly when the windows clipped to the booking are the booking itself.
  const windows = openingWindows(weekly, timeZone, start, end);
  const inside = windows.length === 1 && windows[0].start.getTime() === start.getTime() && windows[0].end.getTime() === end.getTime();
  if (inside) return null;
  return {
    rule: 'opening-hours',
    message:
      `bookings on this instrument must lie within one opening period; ${local(start, timeZone)} to ${local(end, timeZone)} ` +
      `(${timeZone}) is not inside the opening hours (${hoursOfDays(weekly, start, end, timeZone)})`,
  };
}

/** Every rule a requested interval breaks (empty = allowed). Granularity: start and end on multiples of slotMinutes counted from local midnight in timeZone. Length between min and max minutes. Lead: start >= now + leadMinutes. Opening hours: the interval lies inside one (merged) opening window. Also end > start. */
export function bookingViolations(input: {
  start: Date;
  end: Date;
  now: Date;
  rules: BookingRules;
  weekly: WeeklyOpening[];
  timeZone: string;
}): RuleViolation[] {
  const { start, end, now, rules, weekly, timeZone } = input;
  const found = [
    granularity(start, end, rules.slotMinutes, timeZone),
    length(start, end, rules),
    leadTime(start, now, rules.leadMinutes),
    // An interval that does not move forward lies in no window; its length violation already says why.
    end.getTime() > start.getTime() ? openingHours(start, end, weekly, timeZone) : null,
  ];
  return found.filter((v): v is RuleViolation => v !== null);
}

/** Whether a researcher may still cancel: now <= start - cancelDeadlineMinutes; else the violation. */
export function cancelViolation(input: { start: Date; now: Date; rules: BookingRules }): RuleViolation | null {
  const deadline = cancelDeadline(input.start, input.rules.cancelDeadlineMinutes);
  if (input.now.getTime() <= deadline.getTime()) return null;
  return {
    rule: 'cancel-deadline',
    message:
      `bookings on this instrument can be cancelled until ${input.rules.cancelDeadlineMinutes} minutes before they start ` +
      `(deadline ${utc(deadline)}, now ${utc(input.now)})`,
  };
}
