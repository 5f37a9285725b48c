import { type Said, said } from '../messages/said';

const WEEKDAY_ZH = ['', '周一', '周二', '周三', '周四', '周五', '周六', '周日'];

/** A problem with one field of an input, as the API's `fields` list reports it. */
export interface FieldProblem {
  field: string;
  /** In both languages; the gateway writes the asker's. */
  reason: Said;
}

/** One weekly opening entry as given: weekday 1 = Monday … 7 = Sunday, `HH:MM` local times, end may be `24:00`. */
export interface WeeklyHours {
  weekday: number;
  start: string;
  end: string;
}

const minutesOf = (hhmm: string): number => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

/**
 * Opening intervals must be well ordered and must not overlap within a day (entries that touch are fine);
 * a day may have several, e.g. 08:00–12:00 and 14:00–18:00 with the lunch hours closed.
 */
export function weeklyProblems(weekly: readonly WeeklyHours[]): FieldProblem[] {
  const bad: FieldProblem[] = [];
  weekly.forEach((w, i) => {
    if (minutesOf(w.end) <= minutesOf(w.start)) bad.push({ field: `weekly[${i}].end`, reason: said(`第 ${i + 1} 个开放时段的结束时间必须晚于开始时间`, 'end must be after start') });
  });
  for (let day = 1; day <= 7; day++) {
    const entries = weekly.map((w, i) => ({ ...w, i })).filter((w) => w.weekday === day).sort((a, b) => minutesOf(a.start) - minutesOf(b.start));
    // Against the latest-ending range so far, not only the one before: 08:00–18:00 covers both 09:00–10:00 and
    // 11:00–12:00, which do not overlap each other.
    let reach: (typeof entries)[number] | undefined;
    for (const entry of entries) {
      if (reach && minutesOf(entry.start) < minutesOf(reach.end)) {
        bad.push({ field: `weekly[${entry.i}]`, reason: said(`第 ${entry.i + 1} 个开放时段与第 ${reach.i + 1} 个在${WEEKDAY_ZH[day]}重叠`, `overlaps weekly[${reach.i}] on weekday ${day}`) });
      }
      if (!reach || minutesOf(entry.end) > minutesOf(reach.end)) reach = entry;
    }
  }
  return bad;
}

/** The weekly hours as stored: by weekday, then start. */
export function sortedWeeklyHours<T extends WeeklyHours>(weekly: readonly T[]): T[] {
  return [...weekly].sort((x, y) => x.weekday - y.weekday || minutesOf(x.start) - minutesOf(y.start));
}

/** An IANA time zone this runtime knows (the opening hours are local wall-clock times in it). */
export function isKnownTimezone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}
