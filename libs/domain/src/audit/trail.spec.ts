import fc from 'fast-check';
import { auditOrder, mergedAuditPage, type MergedEntry } from './trail';

const at = (minute: number) => new Date(Date.UTC(2026, 11, 5, 8, minute)).toISOString();
const e = (service: string, sequence: number, minute: number): MergedEntry => ({ service, sequence, at: at(minute) });

describe('the order of the merged audit trail', () => {
  it.each([
    ['the newer entry first', e('billing', 1, 5), e('catalogue', 9, 4), -1],
    ['the older entry last', e('billing', 1, 3), e('catalogue', 9, 4), 1],
    ['at one instant, by service', e('billing', 1, 4), e('catalogue', 1, 4), -1],
    ['at one instant in one service, the later link first', e('subsidy', 2, 4), e('subsidy', 3, 4), 1],
    ['an entry beside itself', e('subsidy', 2, 4), e('subsidy', 2, 4), 0],
  ])('%s', (_what, x, y, sign) => expect(Math.sign(auditOrder(x, y))).toBe(sign));

  it('pages the services’ trails together, newest first', () => {
    const catalogue = [e('catalogue', 2, 9), e('catalogue', 1, 1)];
    const billing = [e('billing', 3, 8), e('billing', 2, 7), e('billing', 1, 2)];
    expect(mergedAuditPage([catalogue, billing], 0, 3)).toEqual([catalogue[0], billing[0], billing[1]]);
    expect(mergedAuditPage([catalogue, billing], 3, 3)).toEqual([billing[2], catalogue[1]]);
    expect(mergedAuditPage([[], []], 0, 3)).toEqual([]);
  });

  // Each service sends only its newest offset + pageSize entries: the page is still the page of everything.
  it('gives the page of all entries from each service’s first offset + pageSize', () => {
    const trailOf = (service: string) => fc.array(fc.integer({ min: 0, max: 30 }), { maxLength: 25 })
      .map((minutes) => minutes.sort((x, y) => x - y).map((m, i) => e(service, i + 1, m)).sort(auditOrder));
    fc.assert(fc.property(fc.tuple(trailOf('billing'), trailOf('catalogue'), trailOf('subsidy')), fc.nat({ max: 40 }), fc.integer({ min: 1, max: 10 }), (trails, offset, pageSize) => {
      const whole = trails.flat().sort(auditOrder).slice(offset, offset + pageSize);
      expect(mergedAuditPage(trails.map((t) => t.slice(0, offset + pageSize)), offset, pageSize)).toEqual(whole);
    }));
  });
});
