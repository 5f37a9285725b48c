import fc from 'fast-check';
import { CrossRegionRow, crossesBorder, crossRegionExportRow, crossRegionStatistics, InstitutionPairUsage, SharingFigures, zeroFigures } from './cross-region';

// Institutions and their regions: two in Chongqing, two in Sichuan, one in Guizhou, one without a region.
const REGIONS: Record<string, string | null> = { cq1: 'CQ', cq2: 'CQ', sc1: 'SC', sc2: 'SC', gz1: 'GZ', none: null };
const regionOf = (id: string) => REGIONS[id] ?? null;
const INSTITUTIONS = Object.keys(REGIONS);

const group = (over: Partial<InstitutionPairUsage> = {}): InstitutionPairUsage => ({
  providerInstitutionId: 'cq1', userInstitutionId: 'sc1', period: '2026-03', category: 'research', services: 1, minutes: 120, amountFen: 80000n, voucherFen: 40000n, ...over,
});

const arbGroup: fc.Arbitrary<InstitutionPairUsage> = fc.record({
  providerInstitutionId: fc.constantFrom(...INSTITUTIONS),
  userInstitutionId: fc.constantFrom(...INSTITUTIONS),
  period: fc.constantFrom('2026-01', '2026-02', '2026-12'),
  category: fc.constantFrom('research', 'testing', 'training'),
  services: fc.integer({ min: 1, max: 50 }),
  minutes: fc.integer({ min: 1, max: 10000 }),
  amountFen: fc.bigInt({ min: 0n, max: 10_000_000n }),
}).chain((g) => fc.bigInt({ min: 0n, max: g.amountFen }).map((voucherFen) => ({ ...g, voucherFen })));

const sum = (list: readonly SharingFigures[]): SharingFigures => list.reduce((s, f) => ({
  services: s.services + f.services, minutes: s.minutes + f.minutes, amountFen: s.amountFen + f.amountFen, voucherFen: s.voucherFen + f.voucherFen,
}), zeroFigures());
const figures = (f: SharingFigures): SharingFigures => ({ services: f.services, minutes: f.minutes, amountFen: f.amountFen, voucherFen: f.voucherFen });

describe('cross-region statistics', () => {
  it('counts a Sichuan user’s service on a Chongqing instrument under CQ × SC, for both regions and in both cross-border figures', () => {
    const s = crossRegionStatistics([group()], regionOf);
    expect(s.rows).toEqual([{ providerRegion: 'CQ', userRegion: 'SC', period: '2026-03', category: 'research', services: 1, minutes: 120, amountFen: 80000n, voucherFen: 40000n }]);
    const one = { services: 1, minutes: 120, amountFen: 80000n, voucherFen: 40000n };
    const cq = s.totals.find((t) => t.region === 'CQ');
    const sc = s.totals.find((t) => t.region === 'SC');
    expect(cq).toEqual({ region: 'CQ', asProvider: one, asUser: zeroFigures(), crossBorder: one, crossBorderAsProvider: one, crossBorderAsUser: zeroFigures() });
    expect(sc).toEqual({ region: 'SC', asProvider: zeroFigures(), asUser: one, crossBorder: one, crossBorderAsProvider: zeroFigures(), crossBorderAsUser: one });
    expect(s.flows).toEqual([{ providerRegion: 'CQ', userRegion: 'SC', ...one }]);
  });

  it('counts a service within one region as provider and as user there, never as cross-border; an unknown region is never cross-border', () => {
    const s = crossRegionStatistics([group({ userInstitutionId: 'cq2' }), group({ providerInstitutionId: 'none', period: '2026-04' })], regionOf);
    expect(s.rows.map((r) => [r.providerRegion, r.userRegion])).toEqual([['CQ', 'CQ'], [null, 'SC']]);
    const cq = s.totals.find((t) => t.region === 'CQ')!;
    expect([cq.asProvider.services, cq.asUser.services, cq.crossBorder.services]).toEqual([1, 1, 0]);
    const sc = s.totals.find((t) => t.region === 'SC')!;
    expect([sc.asProvider.services, sc.asUser.services, sc.crossBorder.services]).toEqual([0, 1, 0]);
    expect(s.flows).toEqual([]);
    expect(s.totals.map((t) => t.region)).toEqual(['CQ', 'SC']);
  });

  it('with a region asked for: the rows touching it, and its totals alone (zero when it has none)', () => {
    const s = crossRegionStatistics([group(), group({ providerInstitutionId: 'gz1', userInstitutionId: 'gz1' })], regionOf, 'SC');
    expect(s.rows.map((r) => [r.providerRegion, r.userRegion])).toEqual([['CQ', 'SC']]);
    expect(s.totals.map((t) => t.region)).toEqual(['SC']);
    expect(crossRegionStatistics([group()], regionOf, 'XJ').totals).toEqual([{
      region: 'XJ', asProvider: zeroFigures(), asUser: zeroFigures(), crossBorder: zeroFigures(), crossBorderAsProvider: zeroFigures(), crossBorderAsUser: zeroFigures(),
    }]);
  });

  it('writes export rows in column order, an unknown region empty', () => {
    expect(crossRegionExportRow({ ...group(), providerRegion: null, userRegion: 'SC' } as CrossRegionRow & InstitutionPairUsage))
      .toEqual(['', 'SC', '2026-03', 'research', '1', '120', '80000', '40000']);
  });

  it('property: every service is in exactly one row, one row per region pair × month × category, and the rows sum to the input', () => {
    fc.assert(fc.property(fc.array(arbGroup, { maxLength: 40 }), (usage) => {
      const s = crossRegionStatistics(usage, regionOf);
      const keys = s.rows.map((r) => JSON.stringify([r.providerRegion, r.userRegion, r.period, r.category]));
      expect(new Set(keys).size).toBe(keys.length);
      expect(sum(s.rows)).toEqual(sum(usage));
      for (const r of s.rows) {
        const mine = usage.filter((u) => regionOf(u.providerInstitutionId) === r.providerRegion && regionOf(u.userInstitutionId) === r.userRegion
          && u.period === r.period && u.category === r.category);
        expect(figures(r)).toEqual(sum(mine));
      }
    }), { numRuns: 500 });
  });

  it('property: each region’s totals are the sums of its rows as provider, as user and across the border', () => {
    fc.assert(fc.property(fc.array(arbGroup, { maxLength: 40 }), (usage) => {
      const s = crossRegionStatistics(usage, regionOf);
      const named = new Set(s.rows.flatMap((r) => [r.providerRegion, r.userRegion]).filter((r): r is string => r !== null));
      expect(s.totals.map((t) => t.region).sort()).toEqual([...named].sort());
      for (const t of s.totals) {
        expect(t.asProvider).toEqual(sum(s.rows.filter((r) => r.providerRegion === t.region)));
        expect(t.asUser).toEqual(sum(s.rows.filter((r) => r.userRegion === t.region)));
        const crossing = s.rows.filter((r) => crossesBorder(r.providerRegion, r.userRegion));
        expect(t.crossBorderAsProvider).toEqual(sum(crossing.filter((r) => r.providerRegion === t.region)));
        expect(t.crossBorderAsUser).toEqual(sum(crossing.filter((r) => r.userRegion === t.region)));
        expect(t.crossBorder).toEqual(sum([t.crossBorderAsProvider, t.crossBorderAsUser]));
      }
      // A cross-border service is in exactly two regions' cross-border figures; the flows hold each once.
      const crossingServices = usage.filter((u) => crossesBorder(regionOf(u.providerInstitutionId), regionOf(u.userInstitutionId))).reduce((n, u) => n + u.services, 0);
      expect(s.totals.reduce((n, t) => n + t.crossBorder.services, 0)).toBe(2 * crossingServices);
      expect(sum(s.flows).services).toBe(crossingServices);
      expect(s.flows.every((f) => f.providerRegion !== f.userRegion)).toBe(true);
    }), { numRuns: 500 });
  });

  it('property: the order of the input and how the database split its sums do not matter', () => {
    fc.assert(fc.property(fc.array(arbGroup, { maxLength: 30 }), fc.integer({ min: 0, max: 1000 }), (usage, seed) => {
      // Each group split in two parts with the same key, and the list rotated.
      const split = usage.flatMap((u) => (u.services > 1
        ? [{ ...u, services: 1, minutes: 1, amountFen: 0n, voucherFen: 0n }, { ...u, services: u.services - 1, minutes: u.minutes - 1 }]
        : [u]));
      const k = split.length ? seed % split.length : 0;
      const shuffled = [...split.slice(k), ...split.slice(0, k)];
      expect(crossRegionStatistics(shuffled, regionOf)).toEqual(crossRegionStatistics(usage, regionOf));
    }), { numRuns: 300 });
  });

  it('property: a region asked for sees the same totals as in the whole, and exactly the rows touching it', () => {
    fc.assert(fc.property(fc.array(arbGroup, { maxLength: 40 }), fc.constantFrom('CQ', 'SC', 'GZ'), (usage, region) => {
      const whole = crossRegionStatistics(usage, regionOf);
      const part = crossRegionStatistics(usage, regionOf, region);
      expect(part.rows).toEqual(whole.rows.filter((r) => r.providerRegion === region || r.userRegion === region));
      const inWhole = whole.totals.find((t) => t.region === region);
      if (inWhole) expect(part.totals).toEqual([inWhole]);
      else expect(part.totals.map((t) => t.region)).toEqual([region]);
      expect(part.flows).toEqual(whole.flows.filter((f) => f.providerRegion === region || f.userRegion === region));
    }), { numRuns: 300 });
  });
});
