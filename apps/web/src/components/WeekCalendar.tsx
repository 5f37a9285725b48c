import { extendPick, GRID_KEYS, moveFocus, slotKind, SLOT_KINDS, type Cell, type CellRange, type GridKey, type HeldKind, type SlotKind } from '@yixiang/domain/booking/calendar';
import { useEffect, useMemo, useRef, useState, type KeyboardEvent } from 'react';
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
  /** Bookings and blackouts in the week, as the caller may know them (GET /instruments/:id/slots). */
  held: { start: string; end: string; kind: HeldKind }[];
  selection: Selection | null;
  onSelect(selection: Selection | null): void;
}

const DAY_MS = 86_400_000;
const WEEKDAYS: MessageKey[] = ['week.mon', 'week.tue', 'week.wed', 'week.thu', 'week.fri', 'week.sat', 'week.sun'];

function minutesLabel(minutes: number): string {
  return `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
}

const sameCell = (a: Cell | null, b: Cell) => a !== null && a.day === b.day && a.row === b.row;

/**
 * A week of slots in Beijing time, each free, one's own booking, taken by someone else, closed or
 * under maintenance (a class, a colour and the words for screen readers each). The grid is one tab
 * stop (a roving tabindex): arrow keys move, Shift+arrow extends the pick from where it began,
 * Enter or Space picks. With a mouse a press picks a slot, dragging or shift-click picks the run
 * from there; a tap picks, and a second tap on the same day extends. The rules of moving and
 * picking are libs/domain's booking/calendar.ts: a pick is one day's unbroken run of free slots.
 */
export function WeekCalendar({ monday, slotMinutes, free, held, selection, onSelect }: Props) {
  const { t } = useI18n();
  const slotMs = slotMinutes * 60_000;
  const freeSpans = useMemo(() => free.map((f) => ({ start: Date.parse(f.start), end: Date.parse(f.end) })), [free]);
  const heldSpans = useMemo(() => held.map((h) => ({ start: Date.parse(h.start), end: Date.parse(h.end), kind: h.kind })), [held]);

  // Rows span the hours that have any free or held slot this week (at least 08:00–18:00), so a week fits a screen.
  const [first, last] = useMemo(() => {
    let lo = 8 * 60;
    let hi = 18 * 60;
    const weekStart = Date.parse(beijing(monday, '00:00'));
    for (const { start: s, end: e } of [...freeSpans, ...heldSpans]) {
      const from = Math.max(0, Math.floor((((s - weekStart) % DAY_MS) + DAY_MS) % DAY_MS / 60_000));
      const span = Math.min(24 * 60, from + (e - s) / 60_000);
      lo = Math.min(lo, from - (from % slotMinutes));
      hi = Math.max(hi, span >= 24 * 60 || e - s >= DAY_MS ? 24 * 60 : Math.ceil(span / slotMinutes) * slotMinutes);
    }
    return [lo, Math.min(24 * 60, hi)];
  }, [freeSpans, heldSpans, monday, slotMinutes]);
  const rows = useMemo(() => {
    const list: number[] = [];
    for (let m = first; m < last; m += slotMinutes) list.push(m);
    return list;
  }, [first, last, slotMinutes]);
  const days = useMemo(() => Array.from({ length: 7 }, (_, i) => addDays(monday, i)), [monday]);

  const startOf = (cell: Cell) => Date.parse(beijing(days[cell.day], minutesLabel(rows[cell.row])));
  const kindOf = (cell: Cell): SlotKind => {
    const start = startOf(cell);
    const kind = slotKind({ start, end: start + slotMs }, freeSpans, heldSpans);
    // A slot that has begun is not offered, whatever the list said when it was fetched.
    return kind === 'free' && start <= Date.now() ? 'closed' : kind;
  };
  const isFree = (cell: Cell) => cell.row >= 0 && cell.row < rows.length && kindOf(cell) === 'free';
  const selected = (cell: Cell) => {
    if (!selection) return false;
    const start = startOf(cell);
    return Date.parse(selection.start) <= start && start < Date.parse(selection.end);
  };

  // The one cell in the tab order: where the pick starts, else the week's first free slot.
  const initialFocus = (): Cell => {
    for (let day = 0; day < 7; day++) for (let row = 0; row < rows.length; row++) if (selected({ day, row })) return { day, row };
    for (let row = 0; row < rows.length; row++) for (let day = 0; day < 7; day++) if (isFree({ day, row })) return { day, row };
    return { day: 0, row: 0 };
  };
  const [focus, setFocus] = useState<Cell>(initialFocus);
  const [anchor, setAnchor] = useState<Cell | null>(null);
  const [dragging, setDragging] = useState(false);
  const buttons = useRef(new Map<string, HTMLButtonElement>());
  const weekKey = `${monday}/${first}/${last}/${free.length}`;
  useEffect(() => {
    setFocus(initialFocus());
    setAnchor(null);
    // A new week (or a reloaded one): start again from its first free slot.
  }, [weekKey]);
  useEffect(() => {
    const stop = () => setDragging(false);
    window.addEventListener('pointerup', stop);
    return () => window.removeEventListener('pointerup', stop);
  }, []);

  const choose = (range: CellRange | null) => {
    if (!range) return;
    onSelect({ start: new Date(startOf({ day: range.day, row: range.from })).toISOString(), end: new Date(startOf({ day: range.day, row: range.to }) + slotMs).toISOString() });
  };
  /** A pick of this cell alone, which becomes the anchor of a later extension. */
  const pickOne = (cell: Cell) => {
    if (!isFree(cell)) return;
    setAnchor(cell);
    choose({ day: cell.day, from: cell.row, to: cell.row });
  };
  /** The run from the anchor to this cell (or the cell alone where there is no such run). */
  const extendTo = (cell: Cell, from: Cell | null = anchor) => {
    const next = extendPick(from, cell, isFree);
    setAnchor(next.anchor);
    choose(next.range);
  };
  // The focus kept across a reload may fall off a shorter grid: the first cell is the tab stop then.
  const current = focus.row < rows.length ? focus : { day: 0, row: 0 };
  const single = selection !== null && Date.parse(selection.end) - Date.parse(selection.start) === slotMs;

  const onKeyDown = (event: KeyboardEvent) => {
    if (!(GRID_KEYS as readonly string[]).includes(event.key)) return;
    event.preventDefault();
    const next = moveFocus(current, event.key as GridKey, { days: 7, rows: rows.length });
    setFocus(next);
    buttons.current.get(`${next.day}:${next.row}`)?.focus();
    // Shift+arrow: the pick runs from where it began (or from the cell the focus left) to here.
    if (event.shiftKey) extendTo(next, anchor ?? (isFree(current) ? current : null));
  };

  return (
    <>
      {free.length === 0 && <p className="notice notice-warn">{t('week.closed')}</p>}
      <p className="muted week-help" id={`week-help-${monday}`}>
        {t('week.help')}
      </p>
      <div className="week-scroll">
        <table className="week" role="grid" aria-label={t('week.label')} aria-describedby={`week-help-${monday}`} onKeyDown={onKeyDown}>
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
            {rows.map((minute, row) => (
              <tr key={minute}>
                <th scope="row">{minutesLabel(minute)}</th>
                {days.map((day, dayIndex) => {
                  const cell = { day: dayIndex, row };
                  const start = startOf(cell);
                  const kind = kindOf(cell);
                  const picked = kind === 'free' && selected(cell);
                  const words = `${t(WEEKDAYS[dayIndex])} ${day} ${minutesLabel(minute)}–${minutesLabel(minute + slotMinutes)} ${t(`slot.${kind}`)}${picked ? `，${t('week.selected')}` : ''}`;
                  return (
                    <td key={day} className={`slot ${kind}${picked ? ' selected' : ''}`} aria-selected={picked} title={t(`slot.${kind}`)}>
                      <button
                        type="button"
                        ref={(el) => {
                          if (el) buttons.current.set(`${dayIndex}:${row}`, el);
                          else buttons.current.delete(`${dayIndex}:${row}`);
                        }}
                        tabIndex={sameCell(current, cell) ? 0 : -1}
                        data-start={new Date(start).toISOString()}
                        data-kind={kind}
                        // Only free slots carry data-slot: what can be booked (the tests and the old markup's contract).
                        {...(kind === 'free' ? { 'data-slot': new Date(start).toISOString() } : {})}
                        aria-disabled={kind !== 'free'}
                        aria-pressed={kind === 'free' ? picked : undefined}
                        aria-label={words}
                        onFocus={() => setFocus(cell)}
                        onPointerDown={(e) => {
                          if (e.pointerType !== 'mouse' || e.button !== 0) return;
                          setFocus(cell);
                          if (e.shiftKey) {
                            e.preventDefault(); // no text selection across the grid
                            extendTo(cell);
                          } else if (kind === 'free') {
                            setDragging(true);
                            pickOne(cell);
                          }
                        }}
                        onPointerEnter={() => dragging && anchor !== null && extendTo(cell)}
                        onClick={(e) => {
                          // A mouse press already picked (pointerdown). From the keyboard (Enter, Space; detail 0) or a tap:
                          const keyboard = e.detail === 0;
                          if (!keyboard && (e.nativeEvent as PointerEvent).pointerType === 'mouse') return;
                          if (e.shiftKey) extendTo(cell);
                          else if (!keyboard && single && anchor !== null && anchor.day === cell.day) extendTo(cell);
                          else pickOne(cell);
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
      <p className="legend muted">
        {SLOT_KINDS.map((kind) => (
          <span key={kind} className="legend-item">
            <span className={`swatch ${kind}`} aria-hidden="true" /> {t(`slot.${kind}`)}
          </span>
        ))}
        <span className="legend-item">
          <span className="swatch selected" aria-hidden="true" /> {t('week.selected')}
        </span>
      </p>
    </>
  );
}
