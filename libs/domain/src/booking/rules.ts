import { DateTime } from 'luxon';
import { zoneOf } from './zone';
import { local, minutes } from './format';
import { said } from '../messages/said';
import { beijingInstantText, durationText } from '../messages/values';
import { openingWindows } from './opening';
import { cancelDeadline } from './cancellation';
import { isSlotBoundary } from './slots';
import { BookingRules, RuleViolation, WeeklyOpening } from './types';

const MINUTE_MS = 60_000;
const WEEKDAYS = ['', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];
const WEEKDAYS_ZH = ['', '周一', '周二', '周三', '周四', '周五', '周六', '周日'];
/** An instant in Beijing time, both languages ("2026-12-02 09:00（北京时间）"). */
const bj = (date: Date) => beijingInstantText(date)!;
/** Inside a parenthesis the Chinese says "北京时间 2026-12-02 09:00" (no second parenthesis). */
const bjZh = (date: Date) => `北京时间 ${local(date, 'Asia/Shanghai')}`.trim();

function granularity(start: Date, end: Date, slotMinutes: number, timeZone: string): RuleViolation | null {
  const off = [start, end].filter((t) => !isSlotBoundary(t.getTime(), slotMinutes, timeZone));
  if (off.length === 0) return null;
  return {
    rule: 'granularity',
    message: said(
      `该仪器的预约须按 ${durationText(slotMinutes).zh}的时段开始和结束（从当地零点起算，${timeZone}）；${off.map((t) => local(t, timeZone)).join(' 和 ')} 不在时段边界上`,
      `bookings on this instrument must start and end on ${slotMinutes}-minute slot boundaries counted from midnight ` +
      `${timeZone} time; ${off.map((t) => local(t, timeZone)).join(' and ')} ${off.length === 1 ? 'is' : 'are'} not`),
  };
}

function length(start: Date, end: Date, rules: BookingRules): RuleViolation | null {
  const ms = end.getTime() - start.getTime();
  if (ms <= 0) {
    return { rule: 'minimum-length', message: said(`预约的结束时间必须晚于开始时间（开始：${bjZh(start)}，结束：${bjZh(end)}）`, `a booking must end after it starts (start ${bj(start).en}, end ${bj(end).en})`) };
  }
  if (ms < rules.minMinutes * MINUTE_MS) {
    return {
      rule: 'minimum-length',
      message: said(`该仪器的预约至少 ${durationText(rules.minMinutes).zh}（所选 ${durationText(Number(minutes(ms))).zh}）`, `bookings on this instrument must last at least ${rules.minMinutes} minutes (requested ${minutes(ms)})`),
    };
  }
  if (ms > rules.maxMinutes * MINUTE_MS) {
    return {
      rule: 'maximum-length',
      message: said(`该仪器的预约最长 ${durationText(rules.maxMinutes).zh}（所选 ${durationText(Number(minutes(ms))).zh}）`, `bookings on this instrument may last at most ${rules.maxMinutes} minutes (requested ${minutes(ms)})`),
    };
  }
  return null;
}

function leadTime(start: Date, now: Date, leadMinutes: number): RuleViolation | null {
  const earliest = new Date(now.getTime() + leadMinutes * MINUTE_MS);
  if (start.getTime() >= earliest.getTime()) return null;
  const message =
    leadMinutes === 0
      ? said(`不能预约已过去的时间（最早${bjZh(earliest)}）`, `bookings cannot start in the past (earliest ${bj(earliest).en})`)
      : said(`该仪器须至少提前 ${durationText(leadMinutes).zh}预约（最早可约${bjZh(earliest)}）`, `bookings on this instrument must start at least ${leadMinutes} minutes ahead (earliest ${bj(earliest).en})`);
  return { rule: 'lead-time', message };
}

/** The weekly entries of the local weekdays that [start, end) touches, for the message. */
function hoursOfDays(weekly: WeeklyOpening[], start: Date, end: Date, timeZone: string, names = WEEKDAYS): string {
  const days = new Set<number>();
  const last = DateTime.fromMillis(end.getTime() - 1, { zone: zoneOf(timeZone) }).startOf('day');
  for (let day = DateTime.fromJSDate(start, { zone: zoneOf(timeZone) }).startOf('day'); day <= last && days.size < 7; day = day.plus({ days: 1 })) {
    days.add(day.weekday);
  }
  const entries = weekly.filter((e) => days.has(e.weekday)).sort((a, b) => a.weekday - b.weekday || a.start.localeCompare(b.start));
  if (entries.length === 0) return names === WEEKDAYS ? `closed on ${[...days].map((d) => names[d]).join(', ')}` : `${[...days].map((d) => names[d]).join('、')}不开放`;
  return entries.map((e) => `${names[e.weekday]} ${e.start}–${e.end}`).join(names === WEEKDAYS ? ', ' : '、');
}

function openingHours(start: Date, end: Date, weekly: WeeklyOpening[], timeZone: string): RuleViolation | null {
  // Inside one merged window exactly when the windows clipped to the booking are the booking itself.
  const windows = openingWindows(weekly, timeZone, start, end);
  const inside = windows.length === 1 && windows[0].start.getTime() === start.getTime() && windows[0].end.getTime() === end.getTime();
  if (inside) return null;
  return {
    rule: 'opening-hours',
    message: said(
      `预约须在同一个开放时段内；${local(start, timeZone)} 至 ${local(end, timeZone)}（${timeZone}）不在开放时间内（${hoursOfDays(weekly, start, end, timeZone, WEEKDAYS_ZH)}）`,
      `bookings on this instrument must lie within one opening period; ${local(start, timeZone)} to ${local(end, timeZone)} ` +
      `(${timeZone}) is not inside the opening hours (${hoursOfDays(weekly, start, end, timeZone)})`),
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
    message: said(
      `该仪器的预约须在开始前 ${durationText(input.rules.cancelDeadlineMinutes).zh}取消（截止${bjZh(deadline)}，现在${bjZh(input.now)}）`,
      `bookings on this instrument can be cancelled until ${durationText(input.rules.cancelDeadlineMinutes).en} before they start ` +
      `(deadline ${bj(deadline).en}, now ${bj(input.now).en})`),
  };
}
