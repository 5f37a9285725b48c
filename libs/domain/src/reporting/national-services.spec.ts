import fc from 'fast-check';
import {
  beijingMinute, missingNationalServiceFields, NATIONAL_SERVICE_FIELDS, NATIONAL_SERVICE_LABELS, NATIONAL_SERVICE_REQUIRED, nationalReportIssues, nationalServiceRecord,
  type ServiceForReport,
} from './national-services';

const use: ServiceForReport = {
  code: 'U-1', instrumentName: '场发射扫描电子显微镜', serviceMode: 'assisted', serviceCategory: 'research',
  start: new Date('2026-07-15T01:00:00Z'), end: new Date('2026-07-15T03:20:00Z'), samples: null, amountFen: 93_333n, voucherFen: 0n,
  projectCode: 'NSFC-52001', userName: '李研', userInstitutionName: '四川锦江大学',
};

describe('a usage record as the national platform’s service record', () => {
  it('maps every field: Beijing time, hours, the charge in 元 exactly', () => {
    expect(nationalServiceRecord(use)).toEqual({
      serviceTime: '2026-07-15 09:00', serviceContent: '场发射扫描电子显微镜，科研，2.33 小时', serviceWay: '机时服务（协助操作）', serviceAmount: '933.33',
      subjectName: 'NSFC-52001', subjectIncome: '', applicant: '李研', applicantUnit: '四川锦江大学', comment: '',
    });
    expect(missingNationalServiceFields(nationalServiceRecord(use))).toEqual([]);
  });

  it.each<[string, Partial<ServiceForReport>, Partial<Record<string, string>>]>([
    ['samples are counted, not timed', { serviceMode: 'sample', samples: 3, serviceCategory: 'testing' }, { serviceContent: '场发射扫描电子显微镜，检测，3 个样品', serviceWay: '送样检测' }],
    ['a voucher is noted', { voucherFen: 40_000n }, { comment: '创新券抵扣 400.00 元' }],
    ['a free service is 0.00, not missing', { amountFen: 0n }, { serviceAmount: '0.00' }],
    ['the Beijing day, not the UTC one', { start: new Date('2026-09-30T16:00:00Z'), end: new Date('2026-09-30T17:00:00Z') }, { serviceTime: '2026-10-01 00:00' }],
    ['self-service', { serviceMode: 'self' }, { serviceWay: '自主上机' }],
  ])('%s', (_name, change, expected) => {
    expect(nationalServiceRecord({ ...use, ...change })).toMatchObject(expected);
  });

  it('names the required fields a record leaves empty, in the national order', () => {
    const sparse = { ...use, amountFen: null, userName: ' ', userInstitutionName: null, instrumentName: null, projectCode: null };
    expect(missingNationalServiceFields(nationalServiceRecord(sparse))).toEqual(['serviceContent', 'serviceAmount', 'applicant', 'applicantUnit']);
  });

  it('lists each record’s missing fields with their Chinese names', () => {
    expect(nationalReportIssues([{ record: 'U-1', missing: ['serviceAmount', 'applicant'] }, { record: 'U-2', missing: [] }], NATIONAL_SERVICE_LABELS)).toEqual([
      { record: 'U-1', field: 'serviceAmount', label: '服务金额（元）' }, { record: 'U-1', field: 'applicant', label: '申请人' },
    ]);
  });

  it('the amount is the fen exactly, a field is missing exactly when required and empty, and Beijing time is 8 hours ahead', () => {
    fc.assert(fc.property(
      fc.option(fc.bigInt({ min: 0n, max: 10n ** 14n }), { nil: null }), fc.option(fc.constantFrom('', ' ', '王', 'Zhang San'), { nil: null }),
      fc.integer({ min: 0, max: 4_000_000_000 }), fc.integer({ min: 1, max: 24 * 60 }),
      (amountFen, userName, startMinute, minutes) => {
        const start = new Date(startMinute * 60_000);
        const record = nationalServiceRecord({ ...use, amountFen, userName, start, end: new Date(start.getTime() + minutes * 60_000) });
        if (amountFen === null) expect(record.serviceAmount).toBe('');
        else expect(BigInt(record.serviceAmount.replace('.', ''))).toBe(amountFen);
        const missing = missingNationalServiceFields(record);
        for (const f of NATIONAL_SERVICE_FIELDS) expect(missing.includes(f)).toBe(NATIONAL_SERVICE_REQUIRED.includes(f) && record[f] === '');
        expect(Date.parse(`${record.serviceTime.replace(' ', 'T')}:00+08:00`)).toBe(start.getTime());
      },
    ));
    expect(NATIONAL_SERVICE_FIELDS.every((f) => NATIONAL_SERVICE_LABELS[f].length > 0)).toBe(true);
    expect(beijingMinute(new Date('2026-12-31T16:30:00Z'))).toBe('2027-01-01 00:30');
  });
});
