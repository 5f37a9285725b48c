import * as ical from 'node-ical';
import { foldLine, renderCalendar } from './ical';

describe('iCalendar feed', () => {
  const long = '场发射扫描电镜 SEM-01 — 钙钛矿薄膜形貌表征, 第二批样品; 含断口分析\\备注 与 能谱元素面扫描 以及 截面形貌观察';
  const text = renderCalendar({
    name: '仪享 · 我的预约',
    timeZone: 'Asia/Shanghai',
    events: [
      { uid: 'b2', start: new Date('2026-12-02T06:30:00Z'), end: new Date('2026-12-02T08:00:00Z'), summary: '第二个', status: 'TENTATIVE', updatedAt: new Date('2026-11-22T10:00:00Z') },
      { uid: 'b1', start: new Date('2026-12-01T01:00:00Z'), end: new Date('2026-12-01T03:30:00Z'), summary: long, description: 'line one\nline two', status: 'CONFIRMED', updatedAt: new Date('2026-11-22T10:00:00Z') },
    ],
  });

  it('is parsed by a real iCalendar parser with the same instants and text', () => {
    const events = Object.values(ical.sync.parseICS(text)).filter((c) => c.type === 'VEVENT') as ical.VEvent[];
    expect(events.map((e) => e.uid)).toEqual(['b1@yixiang', 'b2@yixiang']);
    expect(new Date(events[0].start).toISOString()).toBe('2026-12-01T01:00:00.000Z');
    expect(new Date(events[0].end).toISOString()).toBe('2026-12-01T03:30:00.000Z');
    expect(new Date(events[1].start).toISOString()).toBe('2026-12-02T06:30:00.000Z');
    expect(String(events[0].summary)).toBe(long);
    expect(String(events[0].description)).toBe('line one\nline two');
    expect(events[1].status).toBe('TENTATIVE');
  });

  it('follows RFC 5545 framing: CRLF, lines of at most 75 octets, local times with a VTIMEZONE', () => {
    expect(text.startsWith('BEGIN:VCALENDAR\r\nVERSION:2.0\r\n')).toBe(true);
    expect(text.endsWith('END:VCALENDAR\r\n')).toBe(true);
    expect(text.replace(/\r\n/g, '')).not.toContain('\n');
    for (const line of text.split('\r\n')) expect(Buffer.byteLength(line, 'utf8')).toBeLessThanOrEqual(75);
    expect(text).toContain('BEGIN:VTIMEZONE\r\nTZID:Asia/Shanghai');
    expect(text).toContain('DTSTART;TZID=Asia/Shanghai:20261201T090000');
  });

  it('writes each occurrence of a series as its own VEVENT sharing the series id', () => {
    const series = renderCalendar({
      name: '仪享', timeZone: 'Asia/Shanghai',
      events: ['2026-12-07', '2026-12-14'].map((d, i) => ({
        uid: `o${i}`, start: new Date(`${d}T01:00:00Z`), end: new Date(`${d}T02:00:00Z`), summary: '每周', status: 'CONFIRMED' as const,
        updatedAt: new Date('2026-11-22T10:00:00Z'), seriesId: 'S1',
      })),
    });
    const events = Object.values(ical.sync.parseICS(series)).filter((c) => c.type === 'VEVENT') as ical.VEvent[];
    expect(events.map((e) => e.uid)).toEqual(['o0@yixiang', 'o1@yixiang']);
    expect(series.match(/X-YIXIANG-SERIES:S1/g)).toHaveLength(2);
    expect(series.match(/RELATED-TO;RELTYPE=PARENT:series-S1@yixiang/g)).toHaveLength(2);
    expect(series).not.toContain('RRULE:FREQ=WEEKLY');
  });

  it('folds without splitting a multi-byte character', () => {
    const folded = foldLine(`SUMMARY:${'电'.repeat(60)}`);
    const parts = folded.split('\r\n');
    expect(parts.length).toBeGreaterThan(1);
    expect(parts.map((p, i) => (i === 0 ? p : p.slice(1))).join('')).toBe(`SUMMARY:${'电'.repeat(60)}`);
    for (const p of parts) expect(Buffer.byteLength(p, 'utf8')).toBeLessThanOrEqual(75);
  });
});
