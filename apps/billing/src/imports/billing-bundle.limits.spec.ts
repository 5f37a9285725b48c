import type { CellError } from '@yixiang/common';
import { readBillingBundle } from './billing-bundle';

const read = (files: Record<string, string>) => {
  const errors: CellError[] = [];
  const bundle = readBillingBundle(new Map(Object.entries(files)), { instruments: [], users: [], institutions: [] }, errors);
  return { bundle, errors };
};
const USAGE = 'code,instrumentCode,userCode,start,end,samples,serviceMode,serviceCategory,status\n';

describe('the billing part of a bundle keeps to the API’s money and usage bounds', () => {
  it('refuses a usage record longer than 31 days and more than 10,000 samples, and keeps a 31-day one', () => {
    const { bundle, errors } = read({
      'usage.csv': `${USAGE}U1,EQ-1,P1,1995-01-01T00:00:00+08:00,2025-01-01T00:00:00+08:00,,self,research,completed\n`
        + 'U2,EQ-1,P1,2025-01-01T00:00:00+08:00,2025-02-01T00:00:00+08:00,,self,research,completed\n'
        + 'U3,EQ-1,P1,2025-03-01T00:00:00+08:00,2025-03-01T01:00:00+08:00,10001,sample,research,completed\n',
    });
    expect(errors).toEqual([
      { file: 'usage.csv', line: 2, column: 'end', reason: expect.objectContaining({ en: 'end must be at most 31 days after start' }) },
      { file: 'usage.csv', line: 4, column: 'samples', reason: expect.objectContaining({ en: '10001 is more than 10000' }) },
    ]);
    // Any bad cell refuses the import as a whole; the over-long record is not even read.
    expect(bundle.usage.map((u) => u.code)).not.toContain('U1');
    expect(bundle.usage.map((u) => u.code)).toContain('U2');
  });

  it('refuses a voucher face value past 10^10 fen and an impossible validity', () => {
    const { errors } = read({
      'vouchers.csv': 'code,holderInstitutionCode,faceValueFen,coverBps,validFrom,validTo\nV1,A,9007199254740991,5000,2026-01-01,\nV2,A,100,5000,2026-01-01,2027-01-01T00:00:00+99:99\n',
    });
    expect(errors.map((e) => [e.line, e.column])).toEqual([[2, 'faceValueFen'], [3, 'validTo']]);
  });
});
