import { isKnownTimezone, sortedWeeklyHours, weeklyProblems } from './opening-hours';

describe('weekly opening hours', () => {
  it('accepts ordered, non-overlapping intervals and 24:00 as an end', () => {
    expect(weeklyProblems([
      { weekday: 1, start: '08:00', end: '12:00' },
      { weekday: 1, start: '12:00', end: '24:00' },
      { weekday: 7, start: '00:00', end: '24:00' },
    ])).toEqual([]);
  });

  it('names an interval that ends before it starts', () => {
    expect(weeklyProblems([{ weekday: 2, start: '18:00', end: '09:00' }])).toEqual([{ field: 'weekly[0].end', reason: { zh: '第 1 个开放时段的结束时间必须晚于开始时间', en: 'end must be after start' } }]);
  });

  it('names intervals of one day that overlap, whatever their order', () => {
    expect(weeklyProblems([
      { weekday: 3, start: '13:00', end: '18:00' },
      { weekday: 3, start: '08:00', end: '13:30' },
    ])).toEqual([{ field: 'weekly[0]', reason: { zh: '第 1 个开放时段与第 2 个在周三重叠', en: 'overlaps weekly[1] on weekday 3' } }]);
  });

  it('knows real time zones only', () => {
    expect(isKnownTimezone('Asia/Shanghai')).toBe(true);
    expect(isKnownTimezone('Mars/Olympus')).toBe(false);
  });
});

describe('sortedWeeklyHours', () => {
  it('orders by weekday, then start, leaving the input as it was', () => {
    const given = [
      { weekday: 3, start: '13:00', end: '18:00' }, { weekday: 1, start: '12:00', end: '24:00' }, { weekday: 1, start: '08:00', end: '12:00' },
    ];
    expect(sortedWeeklyHours(given).map((w) => `${w.weekday} ${w.start}`)).toEqual(['1 08:00', '1 12:00', '3 13:00']);
    expect(given[0].weekday).toBe(3);
  });
});
