import { settledInOrder } from './settlement-range';

const month = (period: string, records: number) => ({ period, records, charged: records, unbilled: 0, voucherRefusals: 0, statements: 1 });

describe('the months a range run reports', () => {
  it('lists each month once, in calendar order', () => {
    const result = settledInOrder([{ periods: [month('2024-12', 2), month('2025-01', 3)] }, { periods: [month('2025-02', 4)] }]);
    expect(result.periods.map((p) => p.period)).toEqual(['2024-12', '2025-01', '2025-02']);
  });

  it('keeps the last counts of a month settled again by a later month', () => {
    const result = settledInOrder([{ periods: [month('2025-01', 3)] }, { periods: [month('2025-01', 5), month('2025-02', 1)] }]);
    expect(result.periods).toEqual([month('2025-01', 5), month('2025-02', 1)]);
  });
});
