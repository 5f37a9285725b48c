import fc from 'fast-check';
import { extendPick, GRID_KEYS, heldKind, moveFocus, rangeFrom, slotKind, type Cell } from './calendar';

const H = 3_600_000;

describe('heldKind', () => {
  it.each([
    ['a booking of the caller is their own', { kind: 'booking', userId: 'me' }, 'own'],
    ['someone else’s booking is taken (who, not said)', { kind: 'booking', userId: 'other' }, 'taken'],
    ['a blackout is maintenance, whoever entered it', { kind: 'blackout', userId: 'me' }, 'maintenance'],
  ] as const)('%s', (_name, holder, kind) => expect(heldKind(holder, 'me')).toBe(kind));
});

describe('slotKind', () => {
  const free = [{ start: 8 * H, end: 10 * H }];
  const held = [
    { start: 10 * H, end: 11 * H, kind: 'taken' as const },
    { start: 11 * H, end: 12 * H, kind: 'own' as const },
    { start: 12 * H, end: 14 * H, kind: 'maintenance' as const },
    { start: 13 * H, end: 14 * H, kind: 'own' as const },
    { start: 13 * H, end: 15 * H, kind: 'taken' as const },
  ];
  it.each([
    ['inside a free interval', 9, 'free'],
    ['someone else’s booking', 10, 'taken'],
    ['one’s own booking', 11, 'own'],
    ['a blackout', 12, 'maintenance'],
    ['one’s own booking wins over the blackout and others’ it overlaps', 13, 'own'],
    ['maintenance wins over others’', 12, 'maintenance'],
    ['neither free nor held: closed', 16, 'closed'],
    ['before the free interval: closed', 7, 'closed'],
  ] as const)('%s', (_name, hour, kind) => expect(slotKind({ start: hour * H, end: (hour + 1) * H }, free, held)).toBe(kind));

  it('a slot only partly free is not free', () => {
    expect(slotKind({ start: 9.5 * H, end: 10.5 * H }, free, [])).toBe('closed');
  });
});

describe('moveFocus', () => {
  const size = { days: 7, rows: 12 };
  it.each([
    ['down a row', { day: 2, row: 3 }, 'ArrowDown', { day: 2, row: 4 }],
    ['up a row', { day: 2, row: 3 }, 'ArrowUp', { day: 2, row: 2 }],
    ['to the next day', { day: 2, row: 3 }, 'ArrowRight', { day: 3, row: 3 }],
    ['to the day before', { day: 2, row: 3 }, 'ArrowLeft', { day: 1, row: 3 }],
    ['not above the first row', { day: 2, row: 0 }, 'ArrowUp', { day: 2, row: 0 }],
    ['not past Sunday', { day: 6, row: 5 }, 'ArrowRight', { day: 6, row: 5 }],
    ['not before Monday', { day: 0, row: 5 }, 'ArrowLeft', { day: 0, row: 5 }],
    ['not below the last row', { day: 4, row: 11 }, 'ArrowDown', { day: 4, row: 11 }],
    ['Home: the day’s first slot', { day: 4, row: 7 }, 'Home', { day: 4, row: 0 }],
    ['End: the day’s last slot', { day: 4, row: 7 }, 'End', { day: 4, row: 11 }],
  ] as const)('%s', (_name, from, key, to) => expect(moveFocus(from, key, size)).toEqual(to));

  it('never leaves the grid', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 7 }), fc.integer({ min: 1, max: 48 }), fc.array(fc.constantFrom(...GRID_KEYS), { maxLength: 60 }), (days, rows, keys) => {
        let cell: Cell = { day: 0, row: 0 };
        for (const key of keys) {
          cell = moveFocus(cell, key, { days, rows });
          expect(cell.day).toBeGreaterThanOrEqual(0);
          expect(cell.day).toBeLessThan(days);
          expect(cell.row).toBeGreaterThanOrEqual(0);
          expect(cell.row).toBeLessThan(rows);
        }
      }),
    );
  });
});

describe('rangeFrom and extendPick', () => {
  // Monday's rows 0–9 free except row 6 (someone's booking); Tuesday all free.
  const isFree = (c: Cell) => c.row >= 0 && c.row < 10 && !(c.day === 0 && c.row === 6);
  it.each([
    ['downwards from the anchor', { day: 0, row: 1 }, { day: 0, row: 4 }, { day: 0, row: 1 }, { day: 0, from: 1, to: 4 }],
    ['upwards: the same run', { day: 0, row: 4 }, { day: 0, row: 1 }, { day: 0, row: 4 }, { day: 0, from: 1, to: 4 }],
    ['across a taken slot: the focus alone, a new anchor', { day: 0, row: 2 }, { day: 0, row: 8 }, { day: 0, row: 8 }, { day: 0, from: 8, to: 8 }],
    ['to another day: starts again there', { day: 0, row: 2 }, { day: 1, row: 5 }, { day: 1, row: 5 }, { day: 1, from: 5, to: 5 }],
    ['onto a taken slot: nothing picked, the anchor kept', { day: 0, row: 2 }, { day: 0, row: 6 }, { day: 0, row: 2 }, null],
  ] as const)('%s', (_name, anchor, focus, nextAnchor, range) => {
    expect(extendPick(anchor, focus, isFree)).toEqual({ anchor: nextAnchor, range });
  });

  it('without an anchor the focus is picked alone', () => {
    expect(extendPick(null, { day: 1, row: 3 }, isFree)).toEqual({ anchor: { day: 1, row: 3 }, range: { day: 1, from: 3, to: 3 } });
  });

  const cell = (days: number, rows: number) => fc.record({ day: fc.integer({ min: 0, max: days - 1 }), row: fc.integer({ min: 0, max: rows - 1 }) });
  it('a range is one day’s contiguous free run that contains both ends, and exists whenever every slot between them is free', () => {
    fc.assert(
      fc.property(fc.array(fc.array(fc.boolean(), { minLength: 12, maxLength: 12 }), { minLength: 7, maxLength: 7 }), cell(7, 12), cell(7, 12), (grid, anchor, focus) => {
        const free = (c: Cell) => grid[c.day][c.row];
        const range = rangeFrom(anchor, focus, free);
        const lo = Math.min(anchor.row, focus.row);
        const hi = Math.max(anchor.row, focus.row);
        const allFree = anchor.day === focus.day && Array.from({ length: hi - lo + 1 }, (_, i) => free({ day: anchor.day, row: lo + i })).every(Boolean);
        expect(range !== null).toBe(allFree);
        if (range) {
          expect(range.day).toBe(anchor.day);
          expect(range.from).toBe(lo);
          expect(range.to).toBe(hi);
          for (let row = range.from; row <= range.to; row++) expect(free({ day: range.day, row })).toBe(true);
        }
      }),
    );
  });

  it('an extended pick always contains the focus when the focus is free, and only free slots', () => {
    fc.assert(
      fc.property(fc.array(fc.array(fc.boolean(), { minLength: 12, maxLength: 12 }), { minLength: 7, maxLength: 7 }), fc.option(cell(7, 12), { nil: null }), cell(7, 12), (grid, anchor, focus) => {
        const free = (c: Cell) => grid[c.day][c.row];
        const { range } = extendPick(anchor, focus, free);
        if (free(focus)) expect(range && range.day === focus.day && range.from <= focus.row && focus.row <= range.to).toBe(true);
        else expect(range).toBeNull();
        if (range) for (let row = range.from; row <= range.to; row++) expect(free({ day: range.day, row })).toBe(true);
      }),
    );
  });
});
