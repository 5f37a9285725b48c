import { SummaryCache } from './summary-cache';

const json = (id: string, name: string) => new Map([[id, JSON.stringify({ id, name })]]);

describe('SummaryCache', () => {
  it('gives back what was kept at the same generation and names the ids still to read', () => {
    const cache = new SummaryCache();
    expect(cache.lookup('7', ['a', 'b']).missing).toEqual(['a', 'b']);
    cache.keep('7', json('a', '场发射扫描电镜'));
    const { found, missing } = cache.lookup('7', ['a', 'b']);
    expect(JSON.parse(found.get('a') as string).name).toBe('场发射扫描电镜');
    expect(missing).toEqual(['b']);
  });

  it('forgets everything when the generation moves, and keeps nothing read for an older one', () => {
    const cache = new SummaryCache();
    cache.lookup('7', ['a']);
    cache.keep('7', json('a', 'old name'));
    expect(cache.lookup('8', ['a']).missing).toEqual(['a']);
    cache.keep('7', json('a', 'read before the change'));
    expect(cache.lookup('8', ['a']).missing).toEqual(['a']);
  });
});
