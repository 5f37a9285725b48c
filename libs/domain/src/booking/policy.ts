import { DateTime } from 'luxon';
import { RRule } from 'rrule';
import { local } from './format';
import { type Said, said } from '../messages/said';
import { zoneOf } from './zone';
import type { BookingRules, Interval, RuleViolation } from './types';

const MINUTE_MS = 60_000;
const DAY_MS = 24 * 3600 * 1000;
/** Users and staff read times in Beijing time, whatever the instrument's zone. */
export const BEIJING = 'Asia/Shanghai';

/** Issue 19's defaults where an instrument's rules (stored before) leave them out. */
export const CHECK_IN_DEFAULTS = { checkInBeforeMinutes: 15, noShowAfterMinutes: 30 } as const;

type CheckInRules = Pick<BookingRules, 'checkInBeforeMinutes' | 'noShowAfterMinutes'>;
const before = (rules: CheckInRules) => rules.checkInBeforeMinutes ?? CHECK_IN_DEFAULTS.checkInBeforeMinutes;
const grace = (rules: CheckInRules) => rules.noShowAfterMinutes ?? CHECK_IN_DEFAULTS.noShowAfterMinutes;

/** When a booking may be checked in: from N minutes before its start until its end. */
export function checkInWindow(start: Date, end: Date, rules: CheckInRules): Interval {
  return { start: new Date(start.getTime() - before(rules) * MINUTE_MS), end };
}

/** Why a check-in at `now` is refused (too early, or the booking is over), with the window in Beijing time; null when allowed. */
export function checkInViolation(input: { start: Date; end: Date; now: Date; rules: CheckInRules }): RuleViolation | null {
  const window = checkInWindow(input.start, input.end, input.rules);
  if (input.now >= window.start && input.now < window.end) return null;
  const span = `${local(window.start, BEIJING)} 至 ${local(window.end, BEIJING)}（北京时间）`;
  const early = input.now < window.start;
  return {
    rule: 'check-in-window',
    message: early
      ? said(`还未到签到时间：签到时间为 ${span}`, `check-in opens ${before(input.rules)} minutes before the start (${local(window.start, BEIJING)} Beijing time)`)
      : said(`预约时段已结束，不能再签到（签到时间为 ${span}）`, 'the booked time is over: record a no-show instead'),
  };
}

/** Whether a booking not checked in by `now` is a no-show: M minutes have passed since its start. */
export function noShowDue(start: Date, now: Date, rules: CheckInRules): boolean {
  return now.getTime() >= start.getTime() + grace(rules) * MINUTE_MS;
}

/** The latest start a booking may have at `now` and still be a no-show (for the sweep's query): now − M minutes. */
export function noShowCutoff(now: Date, rules: CheckInRules): Date {
  return new Date(now.getTime() - grace(rules) * MINUTE_MS);
}

export interface Overrun {
  intoBookingId: string;
  minutes: number;
}

/**
 * A check-out after the booked end that runs into a later booking of the instrument: the first
 * such booking (by start) and by how many whole minutes (rounded up) the use ran into it.
 */
export function overrunOf(end: Date, checkedOut: Date, later: readonly { id: string; start: Date }[]): Overrun | null {
  if (checkedOut <= end) return null;
  const hit = [...later].filter((b) => b.start >= end && b.start < checkedOut).sort((a, b) => a.start.getTime() - b.start.getTime())[0];
  if (!hit) return null;
  return { intoBookingId: hit.id, minutes: Math.ceil((checkedOut.getTime() - hit.start.getTime()) / MINUTE_MS) };
}

/** An institution's no-show policy: K no-shows within D days suspend booking for S days. */
export interface NoShowPolicy {
  noShowLimit: number;
  windowDays: number;
  suspensionDays: number;
}

export const DEFAULT_NO_SHOW_POLICY: NoShowPolicy = { noShowLimit: 3, windowDays: 90, suspensionDays: 30 };

/**
 * Whether a user's no-shows (the start instants of their no-show bookings at one institution)
 * start a suspension at `now`: K of them within the D days up to now, counting only those after
 * `countSince` (the previous suspension's start: the no-shows that led to it are not counted twice).
 */
export function suspensionDue(input: { noShows: readonly Date[]; now: Date; policy: NoShowPolicy; countSince: Date | null }): { from: Date; until: Date; count: number } | null {
  const { now, policy } = input;
  const windowStart = now.getTime() - policy.windowDays * DAY_MS;
  const since = input.countSince ? input.countSince.getTime() : -Infinity;
  const counted = input.noShows.filter((t) => t.getTime() > windowStart && t.getTime() > since && t.getTime() <= now.getTime()).length;
  if (counted < policy.noShowLimit) return null;
  return { from: now, until: new Date(now.getTime() + policy.suspensionDays * DAY_MS), count: counted };
}

/** Whether a suspension [from, until), not lifted, holds at `now`. */
export function suspensionHolds(s: { from: Date; until: Date; liftedAt: Date | null }, now: Date): boolean {
  return !s.liftedAt && s.from <= now && now < s.until;
}

/** The message of a refused booking: the dates in Beijing time. */
export function suspensionMessage(s: { from: Date; until: Date; reason: string }): Said {
  return said(`您在本单位仪器的预约权限已暂停，${local(s.from, BEIJING)} 至 ${local(s.until, BEIJING)}（北京时间）；原因：${s.reason}`,
    `booking is suspended from ${local(s.from, BEIJING)} until ${local(s.until, BEIJING)} Beijing time; reason: ${s.reason}`);
}

export const SERIES_MAX_OCCURRENCES = 100;

export type SeriesExpansion = { ok: true; occurrences: Interval[] } | { ok: false; problem: Said };

const ALLOWED_PARTS = new Set(['FREQ', 'INTERVAL', 'BYDAY', 'COUNT', 'UNTIL', 'WKST']);

/** A wall time in `zone` as a "floating" Date whose UTC fields are those wall-clock fields (what rrule computes on). */
function floating(instant: Date, timeZone: string): Date {
  const t = DateTime.fromJSDate(instant, { zone: zoneOf(timeZone) });
  return new Date(Date.UTC(t.year, t.month - 1, t.day, t.hour, t.minute, t.second));
}

function fromFloating(f: Date, timeZone: string): DateTime {
  return DateTime.fromObject({ year: f.getUTCFullYear(), month: f.getUTCMonth() + 1, day: f.getUTCDate(), hour: f.getUTCHours(), minute: f.getUTCMinutes(), second: f.getUTCSeconds() }, { zone: zoneOf(timeZone) });
}

/**
 * The occurrences of a recurring booking: the first one is [start, end), and an RFC 5545 RRULE
 * (FREQ=DAILY or WEEKLY, INTERVAL, BYDAY, COUNT or UNTIL) repeats it in the instrument's time zone,
 * so a weekly 09:00 booking stays at 09:00 local time across a daylight-saving change. UNTIL as a
 * UTC instant (…Z) is an instant; as a date or a local time, the instrument's local time. At most
 * `cap` occurrences (SERIES_MAX_OCCURRENCES): a rule that yields more is refused, not cut short.
 */
export function expandSeries(input: { start: Date; end: Date; rrule: string; timeZone: string; cap?: number }): SeriesExpansion {
  const cap = input.cap ?? SERIES_MAX_OCCURRENCES;
  const text = input.rrule.trim().replace(/^RRULE:/i, '');
  if (!text || /[\r\n]/.test(text)) return { ok: false, problem: said('重复规则必须是一行 RRULE，例如 FREQ=WEEKLY;BYDAY=MO,WE;COUNT=10', 'rrule must be one RRULE line, e.g. FREQ=WEEKLY;BYDAY=MO,WE;COUNT=10') };
  const parts = new Map<string, string>();
  for (const part of text.split(';')) {
    const [key, value, extra] = part.split('=');
    if (!key || value === undefined || extra !== undefined || !value) return { ok: false, problem: said(`重复规则的部分 "${part}" 不是 名称=值 的形式`, `rrule part "${part}" is not NAME=VALUE`) };
    const name = key.toUpperCase();
    if (!ALLOWED_PARTS.has(name)) return { ok: false, problem: said(`不支持重复规则的部分 ${name}（可用 FREQ、INTERVAL、BYDAY、COUNT、UNTIL）`, `rrule part ${name} is not supported (use FREQ, INTERVAL, BYDAY, COUNT or UNTIL)`) };
    if (parts.has(name)) return { ok: false, problem: said(`重复规则的部分 ${name} 出现了两次`, `rrule part ${name} is given twice`) };
    parts.set(name, value.toUpperCase());
  }
  const freq = parts.get('FREQ');
  if (freq !== 'DAILY' && freq !== 'WEEKLY') return { ok: false, problem: said('重复频率（FREQ）必须是 DAILY 或 WEEKLY', 'rrule FREQ must be DAILY or WEEKLY') };
  if (parts.has('COUNT') === parts.has('UNTIL')) return { ok: false, problem: said('重复规则须且只须给出 COUNT 或 UNTIL 之一', 'rrule needs exactly one of COUNT or UNTIL') };
  if (parts.has('COUNT') && !/^[1-9]\d{0,3}$/.test(parts.get('COUNT') as string)) return { ok: false, problem: said('重复次数（COUNT）必须是正整数', 'rrule COUNT must be a positive whole number') };
  if (parts.has('INTERVAL') && !/^[1-9]\d{0,2}$/.test(parts.get('INTERVAL') as string)) return { ok: false, problem: said('重复间隔（INTERVAL）必须是 1–999 的整数', 'rrule INTERVAL must be a whole number from 1 to 999') };
  if (parts.has('BYDAY') && !/^(MO|TU|WE|TH|FR|SA|SU)(,(MO|TU|WE|TH|FR|SA|SU))*$/.test(parts.get('BYDAY') as string)) {
    return { ok: false, problem: said('BYDAY 必须列出星期，如 MO,WE,FR（不带序号）', 'rrule BYDAY must list weekdays such as MO,WE,FR (no ordinals)') };
  }
  if (Number(parts.get('COUNT') ?? 0) > cap) return { ok: false, problem: said(`重复预约最多 ${cap} 次（COUNT=${parts.get('COUNT')}）`, `a series may have at most ${cap} occurrences (COUNT=${parts.get('COUNT')})`) };
  const until = parts.get('UNTIL');
  let untilFloating: string | null = null;
  if (until !== undefined) {
    const m = /^(\d{4})(\d{2})(\d{2})(?:T(\d{2})(\d{2})(\d{2})(Z?))?$/.exec(until);
    if (!m) return { ok: false, problem: said('重复截止（UNTIL）必须是 YYYYMMDD 或 YYYYMMDDTHHMMSS[Z]', 'rrule UNTIL must be YYYYMMDD or YYYYMMDDTHHMMSS[Z]') };
    const [, y, mo, d, h, mi, s, z] = m;
    const wall = h === undefined ? DateTime.fromObject({ year: +y, month: +mo, day: +d, hour: 23, minute: 59, second: 59 }, { zone: zoneOf(input.timeZone) })
      : z ? DateTime.fromObject({ year: +y, month: +mo, day: +d, hour: +h, minute: +mi, second: +s }, { zone: 'utc' }).setZone(zoneOf(input.timeZone))
        : DateTime.fromObject({ year: +y, month: +mo, day: +d, hour: +h, minute: +mi, second: +s }, { zone: zoneOf(input.timeZone) });
    if (!wall.isValid) return { ok: false, problem: said('重复规则的截止日期（UNTIL）不是有效日期', 'rrule UNTIL is not a real date') };
    untilFloating = `${wall.toFormat("yyyyMMdd'T'HHmmss")}Z`;
  }
  const rebuilt = [...parts].filter(([k]) => k !== 'UNTIL').map(([k, v]) => `${k}=${v}`).concat(untilFloating ? [`UNTIL=${untilFloating}`] : []).join(';');
  let rule: RRule;
  try {
    rule = new RRule({ ...RRule.parseString(rebuilt), dtstart: floating(input.start, input.timeZone) });
  } catch (error) {
    return { ok: false, problem: said(`重复规则无效：${error instanceof Error ? error.message : String(error)}`, `rrule is not valid: ${error instanceof Error ? error.message : String(error)}`) };
  }
  const lengthMs = input.end.getTime() - input.start.getTime();
  if (lengthMs <= 0) return { ok: false, problem: said('结束时间必须晚于开始时间', 'end must be after start') };
  const firstLocal = DateTime.fromJSDate(input.start, { zone: zoneOf(input.timeZone) });
  const endLocal = DateTime.fromJSDate(input.end, { zone: zoneOf(input.timeZone) });
  const wallLength = endLocal.diff(firstLocal);
  const dates = rule.all((_d, i) => i <= cap);
  if (dates.length > cap) return { ok: false, problem: said(`重复预约最多 ${cap} 次：请提前截止日期或改用 COUNT`, `a series may have at most ${cap} occurrences: shorten UNTIL or give COUNT`) };
  if (dates.length === 0) return { ok: false, problem: said('该重复规则从开始时间起没有产生任何预约', 'the rrule yields no occurrence from start on') };
  const occurrences = dates.map((f) => {
    const s = fromFloating(f, input.timeZone);
    return { start: s.toJSDate(), end: s.plus(wallLength).toJSDate() };
  });
  return { ok: true, occurrences };
}
