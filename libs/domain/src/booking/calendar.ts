// The week calendar's rules (issue 21), shared by the booking service (which says whose held time
// is whose) and the web app (which draws the grid and moves through it). No time-zone library: the
// web app imports this module (`@yixiang/domain/booking/calendar`) into its bundle.

/** What a slot of the calendar is to the person looking at it. */
export const SLOT_KINDS = ['free', 'own', 'taken', 'closed', 'maintenance'] as const;
export type SlotKind = (typeof SLOT_KINDS)[number];
/** The kinds of held time (a booking or a blackout) as the caller may know them. */
export type HeldKind = Extract<SlotKind, 'own' | 'taken' | 'maintenance'>;

/** A booking row holding time is the caller's own or someone else's (not named); a blackout is maintenance. */
export function heldKind(holder: { kind: 'booking' | 'blackout'; userId: string | null }, callerId: string): HeldKind {
  if (holder.kind === 'blackout') return 'maintenance';
  return holder.userId === callerId ? 'own' : 'taken';
}

interface Span {
  start: number;
  end: number;
}

/**
 * A slot [start, end) in epoch milliseconds: free when a free interval covers it whole; else the
 * held time it overlaps, one's own first (it is what one looks for), then maintenance, then others';
 * otherwise closed (outside opening hours, past, inside the lead time, or a gap too short to book).
 */
export function slotKind(slot: Span, free: readonly Span[], held: readonly (Span & { kind: HeldKind })[]): SlotKind {
  if (free.some((f) => f.start <= slot.start && slot.end <= f.end)) return 'free';
  const overlapping = new Set(held.filter((h) => h.start < slot.end && slot.start < h.end).map((h) => h.kind));
  for (const kind of ['own', 'maintenance', 'taken'] as const) if (overlapping.has(kind)) return kind;
  return 'closed';
}

/** A cell of the week grid: the day's column (0 = Monday … 6 = Sunday) and the slot's row. */
export interface Cell {
  day: number;
  row: number;
}

export type GridKey = 'ArrowUp' | 'ArrowDown' | 'ArrowLeft' | 'ArrowRight' | 'Home' | 'End' | 'PageUp' | 'PageDown';
export const GRID_KEYS: readonly GridKey[] = ['ArrowUp', 'ArrowDown', 'ArrowLeft', 'ArrowRight', 'Home', 'End', 'PageUp', 'PageDown'];

/**
 * Where a key moves the focus in a grid of `days` columns and `rows` rows: arrows by one cell, Home
 * and End to the first and last slot of the day, PageUp and PageDown to the top and bottom row;
 * never off the grid (at an edge the focus stays).
 */
export function moveFocus(cell: Cell, key: GridKey, size: { days: number; rows: number }): Cell {
  const clamp = (value: number, count: number) => Math.max(0, Math.min(count - 1, value));
  switch (key) {
    case 'ArrowUp': return { day: cell.day, row: clamp(cell.row - 1, size.rows) };
    case 'ArrowDown': return { day: cell.day, row: clamp(cell.row + 1, size.rows) };
    case 'ArrowLeft': return { day: clamp(cell.day - 1, size.days), row: cell.row };
    case 'ArrowRight': return { day: clamp(cell.day + 1, size.days), row: cell.row };
    case 'Home': case 'PageUp': return { day: cell.day, row: 0 };
    case 'End': case 'PageDown': return { day: cell.day, row: clamp(size.rows - 1, size.rows) };
  }
}

/** A picked run of slots: one day's rows `from` to `to`, both included. */
export interface CellRange {
  day: number;
  from: number;
  to: number;
}

/**
 * The run from the anchor (where the pick began) to the focus (where it is now), in either order:
 * one day's unbroken slots, every one of them free; null when the two are on different days or a
 * slot between them is not free (a booking is one interval of free time within a day).
 */
export function rangeFrom(anchor: Cell, focus: Cell, isFree: (cell: Cell) => boolean): CellRange | null {
  if (anchor.day !== focus.day) return null;
  const [from, to] = anchor.row <= focus.row ? [anchor.row, focus.row] : [focus.row, anchor.row];
  for (let row = from; row <= to; row++) if (!isFree({ day: anchor.day, row })) return null;
  return { day: anchor.day, from, to };
}

/**
 * The pick after a shift-click or Shift+arrow: the run from the anchor if there is one; otherwise
 * the focus alone, which becomes the new anchor (when free), so a pick never jumps a taken slot.
 */
export function extendPick(anchor: Cell | null, focus: Cell, isFree: (cell: Cell) => boolean): { anchor: Cell | null; range: CellRange | null } {
  const run = anchor ? rangeFrom(anchor, focus, isFree) : null;
  if (run) return { anchor, range: run };
  return isFree(focus) ? { anchor: focus, range: { day: focus.day, from: focus.row, to: focus.row } } : { anchor, range: null };
}
