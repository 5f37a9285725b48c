import { clipIntervals, mergeIntervals, subtractIntervals } from './intervals';
import { Interval } from './types';

const at = (hour: number) => new Date(Date.UTC(2026, 10, 23, hour));
const iv = (start: number, end: number): Interval => ({ start: at(start), end: at(end) });
const hours = (list: Interval[]) => list.map((i) => [i.start.getUTCHours(), i.end.getUTCHours()]);

describe('interval algebra', () => {
  it('merges overlapping and touching intervals, drops empty ones, sorts', () => {
    expect(hours(mergeIntervals([iv(5, 7), iv(1, 2), iv(2, 3), iv(6, 9), iv(4, 4), iv(12, 10)]))).toEqual([
      [1, 3],
      [5, 9],
    ]);
  });

  it('clips to a range', () => {
    expect(hours(clipIntervals([iv(1, 5), iv(6, 8), iv(9, 12)], at(4), at(10)))).toEqual([
      [4, 5],
      [6, 8],
      [9, 10],
    ]);
  });

  it('subtracts cuts that overlap each other and reach outside the base', () => {
    const cuts = [iv(0, 2), iv(4, 6), iv(5, 7), iv(9, 20)];
    expect(hours(subtractIntervals([iv(1, 8), iv(8, 12)], cuts))).toEqual([
      [2, 4],
      [7, 9],
    ]);
    expect(hours(subtractIntervals([iv(1, 3)], []))).toEqual([[1, 3]]);
    expect(subtractIntervals([iv(1, 3)], [iv(0, 4)])).toEqual([]);
  });
});
