import type { CellError } from '@yixiang/common';
import { readCatalogueBundle } from './catalogue-bundle';

const categories = new Set(['0101', '0102', '0106']);
const read = (files: Record<string, string>) => {
  const errors: CellError[] = [];
  const bundle = readCatalogueBundle(new Map(Object.entries(files)), categories, errors);
  return { bundle, errors };
};

describe('reading the catalogue part of a bundle', () => {
  it('reads rows with defaults for empty cells and dates as 00:00 Asia/Shanghai', () => {
    const { bundle, errors } = read({
      'instruments.csv': '\uFEFFcode,institutionCode,categoryCode,originalValueFen,sharingStatus,specialised\nEQ-1,A,0101,50000000,open,\n',
      'rates.csv': 'code,instrumentCode,serviceMode,unit,internalPriceFen,externalPriceFen,incrementMinutes,validFrom,validTo\nR1,EQ-1,self,hour,100,200,30,2025-07-01,2025-06-30T16:30:00+00:00\n',
    });
    expect(errors).toEqual([]);
    expect(bundle.instruments[0]).toMatchObject({ code: 'EQ-1', name: 'EQ-1', specialised: false, onlineBooking: false, originalValueFen: 50000000 });
    expect(bundle.rates[0].validFrom.toISOString()).toBe('2025-06-30T16:00:00.000Z');
    expect(bundle.rates[0].minimumChargeFen).toBe(0);
  });

  it('names file, line, column and reason of every bad cell', () => {
    const { errors } = read({
      'institutions.csv': 'code,name,kind,region,creditCode\nA,甲,university,CQ,1250010152601815X7\nB,乙,school,cq,\nA,丙,other,SC,\n',
      'rates.csv': 'code,instrumentCode,serviceMode,unit,internalPriceFen,externalPriceFen,validFrom\nR1,EQ-1,self,hour,1.5,200,2025-02-30\n',
    });
    expect(errors).toEqual([
      { file: 'institutions.csv', line: 2, column: 'creditCode', reason: { zh: expect.stringMatching(/[\u4e00-\u9fff]/), en: expect.any(String) } },
      { file: 'institutions.csv', line: 3, column: 'kind', reason: expect.objectContaining({ en: expect.stringContaining('school') }) },
      { file: 'institutions.csv', line: 3, column: 'region', reason: { zh: expect.stringMatching(/[\u4e00-\u9fff]/), en: expect.any(String) } },
      { file: 'rates.csv', line: 2, column: 'internalPriceFen', reason: expect.objectContaining({ en: expect.stringContaining('whole number') }) },
      { file: 'rates.csv', line: 2, column: 'incrementMinutes', reason: expect.objectContaining({ en: 'required for an hourly card' }) },
      { file: 'rates.csv', line: 2, column: 'validFrom', reason: expect.objectContaining({ en: expect.stringContaining('2025-02-30') }) },
      { file: 'institutions.csv', line: 4, column: 'code', reason: expect.objectContaining({ en: 'code A already used on line 2' }) },
    ]);
  });

  it('refuses unknown and missing columns in the header', () => {
    const { errors } = read({ 'users.csv': 'code,nickname\nU1,x\n' });
    expect(errors).toEqual([
      { file: 'users.csv', line: 1, column: 'nickname', reason: expect.objectContaining({ en: expect.stringContaining('unknown column') }) },
      { file: 'users.csv', line: 1, column: 'institutionCode', reason: expect.objectContaining({ en: 'required column is missing' }) },
    ]);
  });

  it('counts lines as the file does, quoted newlines included', () => {
    const { errors } = read({ 'instruments.csv': 'code,institutionCode,name,categoryCode,originalValueFen,sharingStatus\nEQ-1,A,"two\nlines",0101,1,open\nEQ-2,A,x,0199,1,open\n' });
    expect(errors).toEqual([{ file: 'instruments.csv', line: 4, column: 'categoryCode', reason: expect.objectContaining({ en: expect.stringContaining('0199') }) }]);
  });
});
