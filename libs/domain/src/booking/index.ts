// Pure booking logic: opening windows, booking rules, free slots. UTC instants, half-open intervals [start, end);
// opening hours and slot boundaries are local wall-clock times in the instrument's IANA time zone.
export type { BookingRule, BookingRules, Interval, RuleViolation, WeeklyOpening } from './types';
export { openingWindows } from './opening';
export { bookingViolations, cancelViolation } from './rules';
export { cancelDeadline, cancelOffer } from './cancellation';
export type { CancellableBooking, CancelOffer } from './cancellation';
export { earliestFit, freeIntervals } from './free-time';
export { nextStatus, TRANSITIONS, usageInterval } from './transitions';
export { instrumentRefusal } from './bookable';
export type { BookableInstrument, InstrumentRule } from './bookable';
export {
  BEIJING, CHECK_IN_DEFAULTS, checkInViolation, checkInWindow, DEFAULT_NO_SHOW_POLICY, expandSeries, noShowCutoff, noShowDue, overrunOf,
  SERIES_MAX_OCCURRENCES, suspensionDue, suspensionHolds, suspensionMessage,
} from './policy';
export type { NoShowPolicy, Overrun, SeriesExpansion } from './policy';
export { extendPick, GRID_KEYS, heldKind, moveFocus, rangeFrom, SLOT_KINDS, slotKind } from './calendar';
export type { Cell, CellRange, GridKey, HeldKind, SlotKind } from './calendar';
