import fc from 'fast-check';
import { decodeUsageGroup, decodeUsageGroupChunk, encodeUsageGroup, USAGE_GROUP_COLUMNS, UsageGroupLineError, UsageGroupRow } from './usage-groups';

const row = fc.record<UsageGroupRow>({
  instrumentId: fc.uuid(), userInstitutionId: fc.uuid(),
  serviceCategory: fc.constantFrom('research', 'testing', 'training', 'statutory-certification', 'medical-service'),
  minutes: fc.bigInt({ min: 0n, max: 2n ** 62n }), amountFen: fc.bigInt({ min: -(2n ** 62n), max: 2n ** 62n }),
  ratingCount: fc.nat({ max: 1e9 }), ratingSum: fc.nat({ max: 5e9 }),
});

describe('the usage-group line (billing → subsidy)', () => {
  it('decodes what it encodes, one line or a chunk of them', () => {
    fc.assert(fc.property(row, (r) => expect(decodeUsageGroup(encodeUsageGroup(r))).toEqual(r)));
    fc.assert(fc.property(fc.array(row, { minLength: 1, maxLength: 20 }), (rows) => expect(decodeUsageGroupChunk(rows.map(encodeUsageGroup).join('\n'))).toEqual(rows)));
  });

  it('has its column order in code', () => {
    expect(USAGE_GROUP_COLUMNS).toEqual(['instrumentId', 'userInstitutionId', 'serviceCategory', 'minutes', 'amountFen', 'ratingCount', 'ratingSum']);
  });

  it('refuses a line of another shape, saying what is wrong and quoting it', () => {
    const good = encodeUsageGroup({ instrumentId: '0f9a3c1e-0000-4000-8000-000000000001', userInstitutionId: '0f9a3c1e-0000-4000-8000-000000000002', serviceCategory: 'research', minutes: 60n, amountFen: 12000n, ratingCount: 1, ratingSum: 4 });
    const cells = good.split('\t');
    const bad = (i: number, v: string) => cells.map((c, j) => (j === i ? v : c)).join('\t');
    expect(() => decodeUsageGroup(cells.slice(0, 6).join('\t'))).toThrow(/6 columns, not 7/);
    expect(() => decodeUsageGroup(`${good}\t1`)).toThrow(/8 columns, not 7/);
    expect(() => decodeUsageGroup(bad(0, 'INS-1'))).toThrow(/instrumentId is not a UUID/);
    expect(() => decodeUsageGroup(bad(3, '60.5'))).toThrow(/minutes is not an integer/);
    expect(() => decodeUsageGroup(bad(4, ''))).toThrow(/amountFen is not an integer/);
    expect(() => decodeUsageGroup(bad(2, 'Research Use'))).toThrow(/not a category code/);
    expect(() => decodeUsageGroup(bad(5, 'x'))).toThrow(UsageGroupLineError);
    expect(() => encodeUsageGroup({ ...decodeUsageGroup(good), serviceCategory: 'a\tb' })).toThrow(/tab or a newline/);
  });
});
