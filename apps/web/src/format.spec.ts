import fc from 'fast-check';
import { addDays, beijing, dateTime, duration, hours, localDate, mondayOf, parseYuan, yuan } from './format';

describe('money on screen', () => {
  it.each([
    [0, '0.00'], [5, '0.05'], [100, '1.00'], [123456789, '1,234,567.89'], ['4478466', '44,784.66'], [-250, '-2.50'], ['9007199254740993', '90,071,992,547,409.93'],
  ])('%p fen reads %p yuan', (fen, text) => expect(yuan(fen)).toBe(text));

  it('shows a dash for no amount', () => expect(yuan(null)).toBe('—'));

  it('reads what people type, and refuses what is not an amount', () => {
    expect(parseYuan('1,234.5')).toBe(123450);
    expect(parseYuan(' 12 ')).toBe(1200);
    expect(parseYuan('0.07')).toBe(7);
    for (const bad of ['', '1.234', '-1', '1e3', 'abc', '1.2.3']) expect(parseYuan(bad)).toBeNull();
  });

  it('turns any amount shown back into the same fen (property)', () => {
    fc.assert(fc.property(fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER }), (fen) => parseYuan(yuan(fen)) === fen));
  });
});

describe('time on screen (Beijing)', () => {
  it('shows instants in Beijing time whatever the machine’s zone', () => {
    expect(dateTime('2025-12-31T16:30:00Z')).toBe('2026-01-01 00:30');
    expect(localDate('2025-12-31T15:59:00Z')).toBe('2025-12-31');
    expect(beijing('2026-12-01', '09:00')).toBe('2026-12-01T09:00:00+08:00');
  });

  it('finds the Monday of a week and steps days across months', () => {
    expect(mondayOf('2026-11-22')).toBe('2026-11-16');
    expect(mondayOf('2026-11-23')).toBe('2026-11-23');
    expect(addDays('2026-11-30', 2)).toBe('2026-12-02');
  });

  it('shows minutes as hours with two decimals, rounded half up', () => {
    expect(hours(90)).toBe('1.50');
    expect(hours(53950)).toBe('899.17');
    expect(hours(1)).toBe('0.02');
    expect(hours(0)).toBe('0.00');
  });

  it('says a rule’s minutes as hours and minutes (issue 21: "开始前 1440 分钟内不可取消")', () => {
    expect(duration(1440)).toBe('24 小时');
    expect(duration(90)).toBe('1 小时 30 分钟');
    expect(duration(45)).toBe('45 分钟');
    expect(duration(0)).toBe('0 分钟');
    expect(duration(1440, 'en')).toBe('24 h');
    expect(duration(135, 'en')).toBe('2 h 15 min');
  });
});
