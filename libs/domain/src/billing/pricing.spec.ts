import { shanghaiMidnight } from '../instants';
import { Charge, isCharge, isExternal, priceUsage, RateCard, rateCardAt, Unbilled, UsageToPrice } from './pricing';

// Rate cards of the worked example (bundle/rates.csv); a date bound is 00:00 Asia/Shanghai.
const card = (
  code: string,
  instrumentCode: string,
  serviceMode: RateCard['serviceMode'],
  unit: RateCard['unit'],
  prices: [bigint, bigint],
  incrementMinutes: number | null,
  minimumChargeFen: bigint,
  validFrom: string,
  validTo: string | null = null,
): RateCard => ({
  code,
  instrumentCode,
  serviceMode,
  unit,
  internalPriceFen: prices[0],
  externalPriceFen: prices[1],
  incrementMinutes,
  minimumChargeFen,
  validFrom: shanghaiMidnight(validFrom),
  validTo: validTo === null ? null : shanghaiMidnight(validTo),
});

const CARDS: RateCard[] = [
  card('RC-A1-S1', 'EQ-A1', 'self', 'hour', [150000n, 300000n], 30, 0n, '2024-01-01', '2025-07-01'),
  card('RC-A1-S2', 'EQ-A1', 'self', 'hour', [160000n, 330000n], 30, 0n, '2025-07-01'),
  card('RC-A2-AS', 'EQ-A2', 'assisted', 'hour', [30000n, 52550n], 15, 40000n, '2024-01-01'),
  card('RC-A2-SM', 'EQ-A2', 'sample', 'sample', [20000n, 35000n], null, 70000n, '2024-01-01'),
  card('RC-B1-AS', 'EQ-B1', 'assisted', 'hour', [20000n, 36667n], 15, 0n, '2024-01-01'),
  card('RC-C1-S', 'EQ-C1', 'self', 'hour', [12000n, 20000n], 15, 20000n, '2024-01-01'),
  card('RC-C2-S', 'EQ-C2', 'self', 'hour', [25000n, 40000n], 30, 0n, '2024-06-01', '2025-10-01'),
  card('RC-D1-S', 'EQ-D1', 'self', 'hour', [6000n, 9000n], 60, 9000n, '2023-01-01'),
];

const usage = (
  code: string,
  instrumentCode: string,
  serviceMode: UsageToPrice['serviceMode'],
  start: string,
  end: string,
  external: boolean,
  samples: number | null = null,
): UsageToPrice => ({ code, instrumentCode, serviceMode, start: new Date(start), end: new Date(end), samples, external });

/** A record of 2025 with its times as Shanghai wall-clock 'MM-DD HH:MM', as the README reads them. */
const at = (wallClock: string) => `2025-${wallClock.replace(' ', 'T')}:00+08:00`;
const rec = (
  code: string,
  eq: string,
  mode: UsageToPrice['serviceMode'],
  start: string,
  end: string,
  external: boolean,
  samples: number | null = null,
) => usage(code, eq, mode, at(start), at(end), external, samples);

function charged(u: UsageToPrice, cards: RateCard[] = CARDS): Charge {
  const result = priceUsage(u, cards);
  if (!isCharge(result)) throw new Error(`${u.code} not billed: ${result.message}`);
  return result;
}

function refused(u: UsageToPrice, cards: RateCard[] = CARDS): Unbilled {
  const result = priceUsage(u, cards);
  if (isCharge(result)) throw new Error(`${u.code} was billed`);
  return result;
}

describe('pricing one usage record (worked example)', () => {
  // rule, record (times in Shanghai, 2025), card, billed units, amount
  it.each([
    ['internal price', rec('UR-184', 'EQ-A1', 'self', '01-06 09:00', '01-08 09:00', false), 'RC-A1-S1', '48.00', 7200000n],
    ['external price', rec('UR-761', 'EQ-A1', 'self', '02-10 09:00', '02-11 09:00', true), 'RC-A1-S1', '24.00', 7200000n],
    ['old card before 1 July', rec('UR-641', 'EQ-A1', 'self', '06-29 08:00', '06-30 14:00', true), 'RC-A1-S1', '30.00', 9000000n],
    // UR-100 starts 2025-06-30T16:30:00+00:00
    ['new card from 1 July 00:00', rec('UR-100', 'EQ-A1', 'self', '07-01 00:30', '07-02 00:30', true), 'RC-A1-S2', '24.00', 7920000n],
    ['500 min → 510', rec('UR-957', 'EQ-A1', 'self', '03-03 09:00', '03-03 17:20', true), 'RC-A1-S1', '8.50', 2550000n],
    ['105 min: 91 962.5 → 91 963', rec('UR-128', 'EQ-A2', 'assisted', '09-15 09:00', '09-15 10:40', true), 'RC-A2-AS', '1.75', 91963n],
    ['750 min: 458 337.5 ↑', rec('UR-127', 'EQ-B1', 'assisted', '10-13 09:00', '10-13 21:20', true), 'RC-B1-AS', '12.50', 458338n],
    ['39 413 < minimum 40 000', rec('UR-144', 'EQ-A2', 'assisted', '03-10 09:00', '03-10 09:40', true), 'RC-A2-AS', '0.75', 40000n],
    ['internal min., 10 → 15 min', rec('UR-224', 'EQ-C1', 'self', '09-23 09:00', '09-23 09:10', false), 'RC-C1-S', '0.25', 20000n],
    ['internal min., 30 → 60 min', rec('UR-883', 'EQ-D1', 'self', '12-29 09:00', '12-29 09:30', false), 'RC-D1-S', '1.00', 9000n],
    ['35 000 < minimum 70 000', rec('UR-201', 'EQ-A2', 'sample', '05-12 14:00', '05-12 14:30', true, 1), 'RC-A2-SM', '1', 70000n],
    ['per sample: 5 × 35 000', rec('UR-316', 'EQ-A2', 'sample', '05-12 09:00', '05-12 11:00', true, 5), 'RC-A2-SM', '5', 175000n],
    ['36 667 × 24 h', rec('UR-888', 'EQ-B1', 'assisted', '05-26 09:00', '05-27 09:00', true), 'RC-B1-AS', '24.00', 880008n],
  ] as const)('%s', (_rule, u, rateCode, billedUnits, amountFen) => {
    expect(charged(u)).toMatchObject({ usageCode: u.code, rateCode, external: u.external, billedUnits, amountFen });
  });

  it('keeps the exact billed minutes of an hourly card, none for a per-sample card', () => {
    expect(charged(usage('UR-957', 'EQ-A1', 'self', '2025-03-03T09:00:00+08:00', '2025-03-03T17:20:00+08:00', true)).billedMinutes).toBe(
      510,
    );
    expect(
      charged(usage('UR-316', 'EQ-A2', 'sample', '2025-05-12T09:00:00+08:00', '2025-05-12T11:00:00+08:00', true, 5)).billedMinutes,
    ).toBeNull();
  });

  it('bills a duration that is a whole number of increments as it is', () => {
    expect(charged(usage('X', 'EQ-A2', 'assisted', '2025-03-10T09:00:00+08:00', '2025-03-10T10:00:00+08:00', false))).toMatchObject({
      billedMinutes: 60,
      amountFen: 40000n, // 30 000 for the hour, lifted to the minimum
    });
    expect(charged(usage('X', 'EQ-A2', 'assisted', '2025-03-10T09:00:00+08:00', '2025-03-10T11:00:00+08:00', false)).amountFen).toBe(
      60000n,
    );
  });

  it('shows billed hours to 2 decimals when the increment does not divide an hour evenly', () => {
    const odd = [{ ...CARDS[0], incrementMinutes: 7, validTo: null }];
    // 10 min → 14 min = 0.2333… h; 300 000 × 14 / 60 = 70 000
    expect(charged(usage('X', 'EQ-A1', 'self', '2025-03-03T09:00:00+08:00', '2025-03-03T09:10:00+08:00', true), odd)).toMatchObject({
      billedUnits: '0.23',
      billedMinutes: 14,
      amountFen: 70000n,
    });
  });

  it('finds no card after EQ-C2’s card ended (UR-665, UR-476)', () => {
    for (const u of [
      usage('UR-665', 'EQ-C2', 'self', '2025-10-15T09:00:00+08:00', '2025-10-15T19:00:00+08:00', false),
      usage('UR-476', 'EQ-C2', 'self', '2025-11-19T09:00:00+08:00', '2025-11-19T13:00:00+08:00', true),
    ]) {
      expect(refused(u)).toEqual({ usageCode: u.code, reason: 'no-rate-card', message: 'no rate card for EQ-C2/self valid at start' });
    }
  });

  it('takes validity as [validFrom, validTo): the end instant belongs to the next card only', () => {
    const lastMinute = new Date(shanghaiMidnight('2025-07-01').getTime() - 60000);
    expect(rateCardAt(CARDS, 'EQ-A1', 'self', lastMinute)?.code).toBe('RC-A1-S1');
    expect(rateCardAt(CARDS, 'EQ-A1', 'self', shanghaiMidnight('2025-07-01'))?.code).toBe('RC-A1-S2');
    expect(rateCardAt(CARDS, 'EQ-C2', 'self', shanghaiMidnight('2025-10-01'))).toBeNull();
    expect(rateCardAt(CARDS, 'EQ-C2', 'self', shanghaiMidnight('2024-06-01'))?.code).toBe('RC-C2-S');
    expect(rateCardAt(CARDS, 'EQ-C2', 'self', new Date(shanghaiMidnight('2024-06-01').getTime() - 60000))).toBeNull();
  });

  it('matches the card by service mode as well as instrument', () => {
    expect(refused(usage('X', 'EQ-A1', 'assisted', '2025-03-03T09:00:00+08:00', '2025-03-03T10:00:00+08:00', true)).reason).toBe(
      'no-rate-card',
    );
  });

  it.each([
    ['end before start', '2025-03-03T10:00:00+08:00', '2025-03-03T09:00:00+08:00', 'end-not-after-start'],
    ['end at start', '2025-03-03T09:00:00+08:00', '2025-03-03T09:00:00+08:00', 'end-not-after-start'],
    ['start off the minute', '2025-03-03T09:00:30+08:00', '2025-03-03T10:00:00+08:00', 'not-minute-aligned'],
    ['end off the minute', '2025-03-03T09:00:00+08:00', '2025-03-03T10:00:00.500+08:00', 'not-minute-aligned'],
  ])('refuses a record with %s', (_case, start, end, reason) => {
    expect(refused(usage('X', 'EQ-A1', 'self', start, end, true)).reason).toBe(reason);
  });

  it('refuses a per-sample record without a sample count', () => {
    for (const samples of [null, 0]) {
      expect(refused(usage('X', 'EQ-A2', 'sample', '2025-05-12T09:00:00+08:00', '2025-05-12T11:00:00+08:00', true, samples)).reason).toBe(
        'samples-missing',
      );
    }
  });

  it('refuses to bill on an hourly card that has no increment rather than guess one', () => {
    const broken = [{ ...CARDS[0], incrementMinutes: null }];
    expect(refused(usage('X', 'EQ-A1', 'self', '2025-03-03T09:00:00+08:00', '2025-03-03T10:00:00+08:00', true), broken).reason).toBe(
      'rate-card-without-increment',
    );
  });
});

describe('who pays which price', () => {
  it('calls a record external when the user’s institution is not the owner, related parties included', () => {
    expect(isExternal('A-UNIV', 'A-UNIV')).toBe(false);
    expect(isExternal('B-HOSP', 'A-UNIV')).toBe(true); // same group GRP-JIALING, still external
  });
});
