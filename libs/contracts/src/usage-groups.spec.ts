import fc from 'fast-check';
import { decodeUsageGroup, decodeUsageGroupChunk, encodeUsageGroup, USAGE_GROUP_COLUMNS, USAGE_GROUP_FORMAT, UsageGroupLineError, UsageGroupRow } from './usage-groups';

const row = fc.record<UsageGroupRow>({
  instrumentId: fc.uuid(), userInstitutionId: fc.uuid(),
  serviceCategory: fc.constantFrom('research', 'testing', 'training', 'statutory-certification', 'medical-service'),
  minutes: fc.bigInt({ min: 0n, max: 2n ** 62n }), amountFen: fc.bigInt({ min: -(2n ** 62n), max: 2n ** 62n }),
  ratingCount: fc.nat({ max: 1e9 }), ratingSum: fc.nat({ max: 5e9 }),
  source: fc.constantFrom('terminal', 'check-out', 'import', 'manual'),
});

describe('the usage-group line (billing → subsidy)', () => {
  it('decodes what it encodes, one line or a chunk of them', () => {
    fc.assert(fc.property(row, (r) => expect(decodeUsageGroup(encodeUsageGroup(r))).toEqual(r)));
    fc.assert(fc.property(fc.array(row, { minLength: 1, maxLength: 20 }), (rows) => expect(decodeUsageGroupChunk(rows.map(encodeUsageGroup).join('\n'))).toEqual(rows)));
  });

  it('has its column order in code', () => {
    expect(USAGE_GROUP_COLUMNS).toEqual(['instrumentId', 'userInstitutionId', 'serviceCategory', 'minutes', 'amountFen', 'ratingCount', 'ratingSum', 'source']);
    expect(USAGE_GROUP_FORMAT).toBe(2);
  });

  it('still reads a format-1 line (7 columns): source unknown, every other figure as written', () => {
    fc.assert(fc.property(row, (r) => {
      const format1 = encodeUsageGroup(r).split('\t').slice(0, 7).join('\t');
      expect(decodeUsageGroup(format1)).toEqual({ ...r, source: null });
    }));
    const mixed = [
      '0f9a3c1e-0000-4000-8000-000000000001\t0f9a3c1e-0000-4000-8000-000000000002\tresearch\t60\t12000\t1\t4',
      '0f9a3c1e-0000-4000-8000-000000000001\t0f9a3c1e-0000-4000-8000-000000000002\tresearch\t30\t0\t0\t0\tterminal',
    ].join('\n');
    expect(decodeUsageGroupChunk(mixed).map((g) => [g.minutes, g.source])).toEqual([[60n, null], [30n, 'terminal']]);
  });

  it('refuses a line of another shape, saying what is wrong and quoting it', () => {
    const good = encodeUsageGroup({ instrumentId: '0f9a3c1e-0000-4000-8000-000000000001', userInstitutionId: '0f9a3c1e-0000-4000-8000-000000000002', serviceCategory: 'research', minutes: 60n, amountFen: 12000n, ratingCount: 1, ratingSum: 4, source: 'manual' });
    const cells = good.split('\t');
    const bad = (i: number, v: string) => cells.map((c, j) => (j === i ? v : c)).join('\t');
    expect(() => decodeUsageGroup(cells.slice(0, 6).join('\t'))).toThrow(/6 columns, not 8 \(or 7, format 1\)/);
    expect(() => decodeUsageGroup(`${good}\t1`)).toThrow(/9 columns, not 8/);
    expect(() => decodeUsageGroup(bad(7, ''))).toThrow(/source "" is not a source code/);
    expect(() => decodeUsageGroup(bad(7, 'Terminal'))).toThrow(/not a source code/);
    expect(() => encodeUsageGroup({ ...decodeUsageGroup(good), source: null })).toThrow(/source is unknown/);
    expect(() => decodeUsageGroup(bad(0, 'INS-1'))).toThrow(/instrumentId is not a UUID/);
    expect(() => decodeUsageGroup(bad(3, '60.5'))).toThrow(/minutes is not an integer/);
    expect(() => decodeUsageGroup(bad(4, ''))).toThrow(/amountFen is not an integer/);
    expect(() => decodeUsageGroup(bad(2, 'Research Use'))).toThrow(/not a category code/);
    expect(() => decodeUsageGroup(bad(5, 'x'))).toThrow(UsageGroupLineError);
    expect(() => encodeUsageGroup({ ...decodeUsageGroup(good), serviceCategory: 'a\tb' })).toThrow(/tab or a newline/);
  });
});
