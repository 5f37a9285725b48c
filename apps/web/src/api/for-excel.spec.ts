import { forExcel } from './client';

describe('forExcel', () => {
  it.each([
    ['/api/v1/exports/charges.csv?period=2025-03', 'csv', '/api/v1/exports/charges.csv?period=2025-03&excel=1'],
    ['/api/v1/voucher-programmes/x/ledger.csv', 'csv', '/api/v1/voucher-programmes/x/ledger.csv?excel=1'],
    ['/api/v1/exports/charges.xlsx?period=2025-03', 'xlsx', '/api/v1/exports/charges.xlsx?period=2025-03'],
  ] as const)('%s (%s) → %s', (path, ext, expected) => {
    expect(forExcel(path, ext)).toBe(expected);
  });
});
