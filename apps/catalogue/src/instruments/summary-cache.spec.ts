import type { InstrumentSummary } from '@yixiang/contracts';
import { SummaryCache } from './summary-cache';

const summary = (id: string, name: string): InstrumentSummary => ({
  id, code: `EQ-${id}`, name, model: null, manufacturer: null, categoryCode: '0101', sharingStatus: 'open', onlineBooking: true,
  serviceModes: ['assisted'], originalValueFen: 100, institution: { id: 'i', code: 'INS', name: '仪享大学', region: 'CQ' }, fromPriceFen: null,
});

describe('SummaryCache', () => {
  it('gives back what was kept at the same generation and names the ids still to read', () => {
    const cache = new SummaryCache();
    expect(cache.lookup('7', ['a', 'b']).missing).toEqual(['a', 'b']);
    cache.keep('7', [summary('a', '场发射扫描电镜')]);
    const { found, missing } = cache.lookup('7', ['a', 'b']);
    expect(found.get('a')?.name).toBe('场发射扫描电镜');
    expect(missing).toEqual(['b']);
  });

  it('forgets everything when the generation moves, and keeps nothing read for an older one', () => {
    const cache = new SummaryCache();
    cache.lookup('7', ['a']);
    cache.keep('7', [summary('a', 'old name')]);
    expect(cache.lookup('8', ['a']).missing).toEqual(['a']);
    cache.keep('7', [summary('a', 'read before the change')]);
    expect(cache.lookup('8', ['a']).missing).toEqual(['a']);
  });
});
