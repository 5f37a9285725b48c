import type { Said } from '../messages/said';
/** A half-open span of time [start, end) between two UTC instants. */
export interface Interval {
  start: Date;
  end: Date;
}

/** One opening period of a weekday in local time: weekday 1 = Monday … 7 = Sunday, `HH:MM`, end may be `24:00`. */
export interface WeeklyOpening {
  weekday: number;
  start: string;
  end: string;
}

/** An instrument's booking rules (the same fields as the contracts' `BookingRulesDto`, all present). */
export interface BookingRules {
  slotMinutes: number;
  minMinutes: number;
  maxMinutes: number;
  leadMinutes: number;
  cancelDeadlineMinutes: number;
  approvalRequired: boolean;
  qualificationRequired: boolean;
  /** Check-in opens this many minutes before the start (issue 19; default 15). */
  checkInBeforeMinutes?: number;
  /** Not checked in this many minutes after the start: a no-show (default 30). */
  noShowAfterMinutes?: number;
}

export type BookingRule = 'granularity' | 'minimum-length' | 'maximum-length' | 'lead-time' | 'opening-hours' | 'cancel-deadline' | 'check-in-window';

export interface RuleViolation {
  rule: BookingRule;
  message: Said;
}
