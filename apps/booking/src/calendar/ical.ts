import { DateTime } from 'luxon';

export interface CalendarEvent {
  uid: string;
  start: Date;
  end: Date;
  summary: string;
  description?: string;
  location?: string;
  status: 'TENTATIVE' | 'CONFIRMED' | 'CANCELLED';
  updatedAt: Date;
  sequence?: number;
  /**
   * The recurring series a booking is an occurrence of. Occurrences are written as VEVENTs of
   * their own that share this id (X-YIXIANG-SERIES, and RELATED-TO the series' UID), not as one
   * VEVENT with an RRULE: each occurrence is a booking with its own status (one cancelled, one
   * skipped over a blackout, one still awaiting approval), which an RRULE could only carry as a
   * pile of EXDATE and RECURRENCE-ID overrides that calendar apps honour unevenly.
   */
  seriesId?: string;
}

export interface CalendarFeed {
  name: string;
  timeZone: string;
  events: CalendarEvent[];
}

/** RFC 5545 §3.3.11: backslash, semicolon, comma and newline are escaped in TEXT values. */
export function escapeText(text: string): string {
  return text.replace(/\\/g, '\\\\').replace(/;/g, '\\;').replace(/,/g, '\\,').replace(/\r?\n/g, '\\n');
}

/** RFC 5545 §3.1: lines of at most 75 octets, continued with a leading space, never inside a UTF-8 character. */
export function foldLine(line: string): string {
  const parts: string[] = [];
  let current = '';
  let bytes = 0;
  for (const ch of line) {
    const size = Buffer.byteLength(ch, 'utf8');
    const limit = parts.length === 0 ? 75 : 74; // continuation lines spend one octet on the space
    if (bytes + size > limit) {
      parts.push(current);
      current = '';
      bytes = 0;
    }
    current += ch;
    bytes += size;
  }
  parts.push(current);
  return parts.join('\r\n ');
}

const utc = (d: Date) => DateTime.fromJSDate(d, { zone: 'utc' }).toFormat("yyyyMMdd'T'HHmmss'Z'");
const local = (d: Date, zone: string) => DateTime.fromJSDate(d, { zone }).toFormat("yyyyMMdd'T'HHmmss");

/** Offset as ±HHMM for a zone at an instant. */
function offset(zone: string, at: Date): string {
  const minutes = DateTime.fromJSDate(at, { zone }).offset;
  const sign = minutes < 0 ? '-' : '+';
  const abs = Math.abs(minutes);
  return `${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}${String(abs % 60).padStart(2, '0')}`;
}

/**
 * A VTIMEZONE for the feed's zone. Asia/Shanghai (the platform's zone) has kept UTC+8 without
 * daylight saving since 1991, so one STANDARD rule describes it exactly; for any other zone the
 * offsets of the current year are written as fixed rules, which calendar apps also resolve by TZID.
 */
function timezone(zone: string): string[] {
  const jan = new Date(Date.UTC(new Date().getUTCFullYear(), 0, 1));
  const jul = new Date(Date.UTC(new Date().getUTCFullYear(), 6, 1));
  const standard = offset(zone, jan);
  const summer = offset(zone, jul);
  const name = zone === 'Asia/Shanghai' ? 'CST' : DateTime.fromJSDate(jan, { zone }).toFormat('ZZZZ');
  const lines = ['BEGIN:VTIMEZONE', `TZID:${zone}`, `X-LIC-LOCATION:${zone}`, 'BEGIN:STANDARD', `TZOFFSETFROM:${standard}`, `TZOFFSETTO:${standard}`, `TZNAME:${name}`, 'DTSTART:19700101T000000', 'END:STANDARD'];
  if (summer !== standard) {
    lines.push('BEGIN:DAYLIGHT', `TZOFFSETFROM:${standard}`, `TZOFFSETTO:${summer}`, 'DTSTART:19700329T020000', 'RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU', 'END:DAYLIGHT');
  }
  lines.push('END:VTIMEZONE');
  return lines;
}

export function renderCalendar(feed: CalendarFeed): string {
  const zone = feed.timeZone;
  const lines = [
    'BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//Yixiang//Booking//ZH', 'CALSCALE:GREGORIAN', 'METHOD:PUBLISH',
    `X-WR-CALNAME:${escapeText(feed.name)}`, `X-WR-TIMEZONE:${zone}`, ...timezone(zone),
  ];
  for (const e of [...feed.events].sort((a, b) => a.start.getTime() - b.start.getTime())) {
    lines.push(
      'BEGIN:VEVENT', `UID:${e.uid}@yixiang`, `DTSTAMP:${utc(e.updatedAt)}`, `LAST-MODIFIED:${utc(e.updatedAt)}`,
      `DTSTART;TZID=${zone}:${local(e.start, zone)}`, `DTEND;TZID=${zone}:${local(e.end, zone)}`,
      `SUMMARY:${escapeText(e.summary)}`, `STATUS:${e.status}`, `SEQUENCE:${e.sequence ?? 0}`,
    );
    if (e.description) lines.push(`DESCRIPTION:${escapeText(e.description)}`);
    if (e.location) lines.push(`LOCATION:${escapeText(e.location)}`);
    if (e.seriesId) lines.push(`RELATED-TO;RELTYPE=PARENT:series-${e.seriesId}@yixiang`, `X-YIXIANG-SERIES:${e.seriesId}`);
    lines.push('END:VEVENT');
  }
  lines.push('END:VCALENDAR');
  return lines.map(foldLine).join('\r\n') + '\r\n';
}
