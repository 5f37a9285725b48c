import { useEffect, useMemo, useState } from 'react';
import { addDays, beijing } from '../format';
import { useI18n, type MessageKey } from '../i18n';

export interface Selection {
  start: string;
  end: string;
}

interface Props {
  monday: string;
  slotMinutes: number;
  free: { start: string; end: string }[];
  selection: Selection | null;
  onSelect(selection: Selection | null): void;
}

const DAY_MS = 86_400_000;
const WEEKDAYS: MessageKey[] = ['week.mon', 'week.tue', 'week.wed', 'week.thu', 'week.fri', 'week.sat', 'week.sun'];

function minutesLabel(minutes: number): string {
  return `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
}

/**
 * A week of slots in Beijing time. A free slot is a button. With a mouse, a press picks it, dragging
 * across free slots of the day picks the run, and shift-click extends the pick; with the keyboard or a
 * tap, a first press picks a slot and a second press on the same day extends the pick to it. Only
 * unbroken runs of free slots can be picked.
 */
export function WeekCalendar({ monday, slotMinutes, free, selection, onSelect }: Props) {
  const { t } = useI18n();
  const intervals = useMemo(() => free.map((f) => [Date.parse(f.start), Date.parse(f.end)] as const), [free]);
  const isFree = (start: number) => intervals.some(([s, e]) => s <= start && start + slotMinutes * 60_000 <= e);

  // Rows span the hours that have any free slot this week (at least 08:00–18:00), so a week fits a screen.
  const [first, last] = useMemo(() => {
    let lo = 8 * 60;
    let hi = 18 * 60;
    const weekStart = Date.parse(beijing(monday, '00:00'));
    for (const [s, e] of intervals) {
      const from = Math.max(0, Math.floor(((s - weekStart) % DAY_MS) / 60_000));
      const span = Math.min(24 * 60, from + (e - s) / 60_000);
      lo = Math.min(lo, from - (from % slotMinutes));
      hi = Math.max(hi, span >= 24 * 60 || e - s >= DAY_MS ? 24 * 60 : Math.ceil(span / slotMinutes) * slotMinutes);
    }
    return [lo, Math.min(24 * 60, hi)];
  }, [intervals, monday, slotMinutes]);
  const rows: number[] = [];
  for (let m = first; m < last; m += slotMinutes) rows.push(m);
  const days = Array.from({ length: 7 }, (_, i) => addDays(monday, i));

  const [anchor, setAnchor] = useState<number | null>(null);
  const [dragging, setDragging] = useState(false);
  useEffect(() => {
    const stop = () => setDragging(false);
    window.addEventListener('pointerup', stop);
    return () => window.removeEventListener('pointerup', stop);
  }, []);

  const pick = (from: number, to: number) => {
    const [a, b] = from <= to ? [from, to] : [to, from];
    for (let s = a; s <= b; s += slotMinutes * 60_000) if (!isFree(s)) return false;
    onSelect({ start: new Date(a).toISOString(), end: new Date(b + slotMinutes * 60_000).toISOString() });
    return true;
  };
  const sameDay = (a: number, b: number) => Math.floor((a + 8 * 3_600_000) / DAY_MS) === Math.floor((b + 8 * 3_600_000) / DAY_MS);
  const single = selection !== null && Date.parse(selection.end) - Date.parse(selection.start) === slotMinutes * 60_000;
  const choose = (start: number, extend: boolean) => {
    if (extend && anchor !== null && sameDay(anchor, start) && pick(anchor, start)) return;
    setAnchor(start);
    pick(start, start);
  };
  const selected = (start: number) => selection !== null && Date.parse(selection.start) <= start && start < Date.parse(selection.end);

  return (
    <>
      {free.length === 0 && <p className="notice notice-warn">{t('week.closed')}</p>}
      <div className="week-scroll">
        <table className="week" aria-label={t('week.label')}>
          <thead>
            <tr>
              <th scope="col">{t('week.time')}</th>
              {days.map((d, i) => (
                <th key={d} scope="col">
                  {t(WEEKDAYS[i])}
                  <br />
                  <span className="muted">{d.slice(5)}</span>
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {rows.map((minute) => (
              <tr key={minute}>
                <th scope="row">{minutesLabel(minute)}</th>
                {days.map((day) => {
                  const start = Date.parse(beijing(day, minutesLabel(minute)));
                  const open = isFree(start) && start > Date.now();
                  const label = `${day} ${minutesLabel(minute)}–${minutesLabel(minute + slotMinutes)}`;
                  if (!open) {
                    return (
                      <td key={day} className="slot busy" title={t('week.busy')}>
                        <span className="sr-only">{`${label} ${t('week.busy')}`}</span>
                      </td>
                    );
                  }
                  return (
                    <td key={day} className={`slot free ${selected(start) ? 'selected' : ''}`}>
                      <button
                        type="button"
                        data-slot={new Date(start).toISOString()}
                        aria-pressed={selected(start)}
                        aria-label={`${label} ${t('week.free')}`}
                        onPointerDown={(e) => {
                          if (e.pointerType === 'mouse' && e.button === 0) {
                            setDragging(true);
                            setAnchor(start);
                            pick(start, start);
                          }
                        }}
                        onPointerEnter={() => dragging && anchor !== null && sameDay(anchor, start) && pick(anchor, start)}
                        onClick={(e) => {
                          // A mouse press already picked the slot; a click from the keyboard or a tap picks here.
                          if (e.shiftKey) choose(start, true);
                          else if (e.detail === 0 || (e.nativeEvent as PointerEvent).pointerType !== 'mouse') choose(start, single);
                        }}
                      />
                    </td>
                  );
                })}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}
