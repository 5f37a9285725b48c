import { said } from '../messages/said';
import type { FieldProblem } from './opening-hours';

/** The booking-rule lengths an instrument's owner sets (all present, defaults filled in). */
export interface BookingRuleLengths {
  slotMinutes: number;
  minMinutes: number;
  maxMinutes: number;
}

/**
 * An instrument's booking rules must agree with themselves: a booking is a whole number of slots
 * between minMinutes and maxMinutes, so both bounds are whole slots and the minimum is not above
 * the maximum (otherwise no booking, or none of the stated length, could ever pass).
 */
export function bookingRuleProblems(rules: BookingRuleLengths): FieldProblem[] {
  const bad: FieldProblem[] = [];
  if (rules.minMinutes > rules.maxMinutes) bad.push({ field: 'bookingRules.minMinutes', reason: said('最短预约时长不能超过最长预约时长', 'minMinutes must not exceed maxMinutes') });
  if (rules.minMinutes % rules.slotMinutes !== 0) bad.push({ field: 'bookingRules.minMinutes', reason: said('最短预约时长必须是时段长度的整数倍', 'minMinutes must be a multiple of slotMinutes') });
  if (rules.maxMinutes % rules.slotMinutes !== 0) bad.push({ field: 'bookingRules.maxMinutes', reason: said('最长预约时长必须是时段长度的整数倍', 'maxMinutes must be a multiple of slotMinutes') });
  return bad;
}
