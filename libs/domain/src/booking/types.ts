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
}

export type BookingRule = 'granularity' | 'minimum-length' | 'maximum-length' | 'lead-time' | 'opening-hours' | 'cancel-deadline';

export interface RuleViolation {
  rule: BookingRule;
  message: string;
}
