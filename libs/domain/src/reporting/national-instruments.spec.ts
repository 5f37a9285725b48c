import fc from 'fast-check';
import { fenToWanYuan, missingNationalFields, NATIONAL_INSTRUMENT_FIELDS, NATIONAL_INSTRUMENT_LABELS, nationalInstrumentRecord, type InstrumentForReport } from './national-instruments';

const sem: InstrumentForReport = {
  code: 'EQ-A1', name: '场发射扫描电子显微镜', englishName: 'Field emission SEM', categoryCode: '0101', originalValueFen: 650_000_000n, countryOfOrigin: 'DE',
  manufacturer: 'Carl Zeiss', purchaseDate: '2019-05-20', model: 'Gemini 300', specifications: '分辨率 0.7 nm', mainFunctions: '表面形貌观察',
  serviceModes: ['self', 'sample'], sharingStatus: 'open', fromPriceFen: 40_000n, serviceUrl: 'https://yixiang.example.cn/instruments/EQ-A1',
};

describe('an instrument as the national platform’s record', () => {
  it('maps every field, the value in 万元', () => {
    expect(nationalInstrumentRecord(sem)).toEqual({
      cname: '场发射扫描电子显微镜', ename: 'Field emission SEM', innerId: 'EQ-A1', instrCategory: '0101', worth: '650.00', nation: 'DE', manufacturer: 'Carl Zeiss',
      beginDate: '2019-05-20', type: '', instrVersion: 'Gemini 300', technical: '分辨率 0.7 nm', function: '表面形貌观察', serviceContent: '自主上机、送样检测',
      requirement: '', fee: '400.00 元起', serviceUrl: 'https://yixiang.example.cn/instruments/EQ-A1', shareMode: '对外开放共享',
    });
    expect(missingNationalFields(nationalInstrumentRecord(sem))).toEqual([]);
  });

  it('names the required fields an instrument leaves empty, in the national order', () => {
    const sparse = { ...sem, manufacturer: '  ', model: null, purchaseDate: null, originalValueFen: 0n };
    expect(missingNationalFields(nationalInstrumentRecord(sparse))).toEqual(['worth', 'manufacturer', 'beginDate', 'instrVersion']);
  });

  it.each<[bigint, string]>([[0n, '0.00'], [4_999n, '0.00'], [5_000n, '0.01'], [1_000_000n, '1.00'], [123_456_789n, '123.46'], [50_000_000_000n, '50000.00']])('%s fen → %s 万元', (fen, wan) => {
    expect(fenToWanYuan(fen)).toBe(wan);
  });

  it('万元 are the fen divided by a million within half a hundredth, and every field has a Chinese label', () => {
    fc.assert(fc.property(fc.oneof(fc.bigInt({ min: 0n, max: 10n ** 13n }), fc.bigInt({ min: 0n, max: 10n ** 9n }).map((k) => k * 10_000n + 5_000n)), (fen) => {
      const hundredths = BigInt(fenToWanYuan(fen).replace('.', ''));
      // Half-up: fen − 5000 < hundredths × 10000 ≤ fen + 5000 (an exact half goes up).
      expect(hundredths * 10_000n > fen - 5_000n && hundredths * 10_000n <= fen + 5_000n).toBe(true);
    }));
    expect(NATIONAL_INSTRUMENT_FIELDS.every((f) => NATIONAL_INSTRUMENT_LABELS[f].length > 0)).toBe(true);
  });
});
