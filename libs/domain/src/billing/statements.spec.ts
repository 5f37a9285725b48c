import { byCodePoint } from '../validation/code-point-order';
import { buildStatements, StatementLine } from './statements';

const line = (usageCode: string, provider: string, payer: string, start: string, amountFen: bigint, voucherFen = 0n): StatementLine => ({
  usageCode,
  providerInstitutionCode: provider,
  payerInstitutionCode: payer,
  start: new Date(start),
  amountFen,
  voucherFen,
});

describe('statements', () => {
  it('groups by provider, payer and Shanghai month, each total the sum of its lines (A-UNIV → D-CORP, 2025-10)', () => {
    const statements = buildStatements([
      line('UR-683', 'A-UNIV', 'D-CORP', '2025-10-20T09:00:00+08:00', 7920000n, 172500n),
      line('UR-667', 'A-UNIV', 'D-CORP', '2025-10-20T09:00:00+08:00', 280000n, 140000n),
    ]);
    expect(statements).toEqual([
      {
        providerInstitutionCode: 'A-UNIV',
        payerInstitutionCode: 'D-CORP',
        period: '2025-10',
        lines: 2,
        amountFen: 8200000n,
        voucherFen: 312500n,
        payableFen: 7887500n,
      },
    ]);
  });

  it('puts a record in the month of its start in Shanghai, not in UTC', () => {
    const [s] = buildStatements([line('UR-100', 'A-UNIV', 'D-CORP', '2025-06-30T16:30:00+00:00', 7920000n, 800000n)]);
    expect(s.period).toBe('2025-07');
    const [t] = buildStatements([line('UR-491', 'A-UNIV', 'C-INST', '2025-12-31T22:00:00+00:00', 7920000n)]);
    expect(t.period).toBe('2026-01');
  });

  it('bills internal records to the provider itself', () => {
    const statements = buildStatements([
      line('UR-184', 'A-UNIV', 'A-UNIV', '2025-01-06T09:00:00+08:00', 7200000n),
      line('UR-510', 'A-UNIV', 'A-UNIV', '2025-01-13T10:00:00+08:00', 1440000n),
    ]);
    expect(statements).toMatchObject([
      {
        providerInstitutionCode: 'A-UNIV',
        payerInstitutionCode: 'A-UNIV',
        period: '2025-01',
        lines: 2,
        amountFen: 8640000n,
        payableFen: 8640000n,
      },
    ]);
  });

  it('sorts by provider, payer, period, codes by code point', () => {
    const statements = buildStatements([
      line('1', 'B-HOSP', 'A-UNIV', '2025-05-26T09:00:00+08:00', 1n),
      line('2', 'A-UNIV', 'D-CORP', '2025-03-03T09:00:00+08:00', 1n),
      line('3', 'A-UNIV', 'B-HOSP', '2025-04-14T09:00:00+08:00', 1n),
      line('4', 'A-UNIV', 'B-HOSP', '2025-03-24T09:00:00+08:00', 1n),
      line('5', 'A-UNIV', 'a-lower', '2024-12-20T09:00:00+08:00', 1n),
    ]);
    expect(statements.map((s) => [s.providerInstitutionCode, s.payerInstitutionCode, s.period])).toEqual([
      ['A-UNIV', 'B-HOSP', '2025-03'],
      ['A-UNIV', 'B-HOSP', '2025-04'],
      ['A-UNIV', 'D-CORP', '2025-03'],
      ['A-UNIV', 'a-lower', '2024-12'], // 'a' (U+0061) after 'D' (U+0044), as COLLATE "C"
      ['B-HOSP', 'A-UNIV', '2025-05'],
    ]);
  });

  it('makes no statement without lines', () => {
    expect(buildStatements([])).toEqual([]);
  });
});

describe('code order', () => {
  it('compares by code point, not by UTF-16 unit', () => {
    // U+FF21 (fullwidth A) precedes U+1F600 by code point; as UTF-16 the emoji's surrogate 0xD83D comes first.
    expect(byCodePoint('\uFF21', '\u{1F600}')).toBe(-1);
    expect(byCodePoint('\u{1F600}', '\uFF21')).toBe(1);
    expect(byCodePoint('UR-667', 'UR-683')).toBe(-1);
    expect(byCodePoint('UR-6', 'UR-667')).toBe(-1);
    expect(byCodePoint('UR-667', 'UR-667')).toBe(0);
  });
});
