import fc from 'fast-check';
import {
  bpsOfPercentInput, fenOfYuanInput, formatScaled, hoursInputOfMinutes, minutesOfHoursInput, parseScaled, percentInputOfBps, percentInputOfShare,
  shareOfPercentInput, yuanInputOf,
} from './form-units';

describe('yuan typed into a form ↔ fen', () => {
  it.each([
    ['12.34', 1234n],
    ['0.29', 29n], // 0.29 × 100 is 28.999999999999996 in floating point
    ['12.3', 1230n],
    ['12.', 1200n],
    ['12', 1200n],
    ['1,234.50', 123450n],
    ['¥50000', 5000000n],
    [' 500000元 ', 50000000n],
    ['30000000', 3000000000n],
    ['12.340', 1234n], // a trailing zero adds no precision
    ['90071992547409.93', 9007199254740993n], // past 2^53: exact all the same
  ])('"%s" 元 is %s fen', (text, fen) => {
    expect(fenOfYuanInput(text)).toBe(fen);
  });

  it.each(['', '12.345', '-1', '1e3', 'abc', '1.2.3', '0x10', '.5'])('"%s" is not an amount', (text) => {
    expect(fenOfYuanInput(text)).toBeNull();
  });

  it.each([[1234, '12.34'], [5000000, '50000'], [1230, '12.3'], [5, '0.05'], [0, '0']])('%s fen is shown as "%s"', (fen, text) => {
    expect(yuanInputOf(fen)).toBe(text);
  });

  it('round-trips every fen amount exactly', () => {
    fc.assert(fc.property(fc.bigInt({ min: 0n, max: 10n ** 20n }), (fen) => {
      expect(fenOfYuanInput(yuanInputOf(fen))).toBe(fen);
    }), { numRuns: 2000 });
  });

  it('reads any two-decimal yuan text as its digits', () => {
    fc.assert(fc.property(fc.nat({ max: 1_000_000_000 }), fc.nat({ max: 99 }), (whole, cents) => {
      expect(fenOfYuanInput(`${whole}.${String(cents).padStart(2, '0')}`)).toBe(BigInt(whole) * 100n + BigInt(cents));
    }));
  });
});

describe('percent ↔ basis points and shares', () => {
  it.each([['20', 2000], ['12.5', 1250], ['0.01', 1], ['100%', 10000], ['0', 0]])('"%s" %% is %s bps', (text, bps) => {
    expect(bpsOfPercentInput(text)).toBe(bps);
  });

  it.each(['0.001', '-5', 'x', ''])('"%s" is not a percent of basis-point precision', (text) => {
    expect(bpsOfPercentInput(text)).toBeNull();
  });

  it('round-trips basis points', () => {
    fc.assert(fc.property(fc.nat({ max: 10_000_000 }), (bps) => expect(bpsOfPercentInput(percentInputOfBps(bps))).toBe(bps)));
  });

  it.each([['0.30', '30'], ['0.3', '30'], ['1', '100'], ['0.125', '12.5'], ['0.0001', '0.01']])('a share of %s is %s %%', (share, percent) => {
    expect(percentInputOfShare(share)).toBe(percent);
  });

  it.each([['30', '0.3'], ['12.5', '0.125'], ['100', '1'], ['0.01', '0.0001']])('%s %% is the share %s', (percent, share) => {
    expect(shareOfPercentInput(percent)).toBe(share);
  });

  it('round-trips a share through its percent, value for value', () => {
    fc.assert(fc.property(fc.bigInt({ min: 0n, max: 10n ** 12n }), (millionths) => {
      const share = formatScaled(millionths, 12);
      const back = shareOfPercentInput(percentInputOfShare(share) as string) as string;
      expect(parseScaled(back, 12)).toBe(millionths);
    }));
  });
});

describe('hours ↔ minutes', () => {
  it.each([['1.5', 90], ['8', 480], ['0.25', 15], ['0.1', 6], ['1:05', 65], ['2小时', 120], ['0:07', 7]])('"%s" hours is %s minutes', (text, minutes) => {
    expect(minutesOfHoursInput(text)).toBe(minutes);
  });

  it.each(['0.01', '1.333', '1:60', '-1', 'abc', ''])('"%s" is not a whole number of minutes', (text) => {
    expect(minutesOfHoursInput(text)).toBeNull();
  });

  it.each([[90, '1.5'], [60, '1'], [15, '0.25'], [7, '0:07'], [65, '1:05'], [0, '0']])('%s minutes are shown as "%s"', (minutes, text) => {
    expect(hoursInputOfMinutes(minutes)).toBe(text);
  });

  it('round-trips every whole number of minutes', () => {
    fc.assert(fc.property(fc.nat({ max: 10_000_000 }), (minutes) => expect(minutesOfHoursInput(hoursInputOfMinutes(minutes))).toBe(minutes)));
  });
});
