import fc from 'fast-check';
import { escapeLike } from './like';

/** What PostgreSQL's LIKE makes of a pattern with `\` as its escape: a whole-string match, for checking the escape. */
function likeMatches(pattern: string, text: string): boolean {
  let source = '';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === '\\' && i + 1 < pattern.length) source += pattern[++i].replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    else if (c === '%') source += '[\\s\\S]*';
    else if (c === '_') source += '[\\s\\S]';
    else source += c.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${source}$`, 'u').test(text);
}

describe('escapeLike', () => {
  it.each([
    ['电镜', '电镜'],
    ['50%', '50\\%'],
    ['a_b', 'a\\_b'],
    ['c:\\dir', 'c:\\\\dir'],
    ['%_\\', '\\%\\_\\\\'],
    ['', ''],
  ])('%j → %j', (text, escaped) => expect(escapeLike(text)).toBe(escaped));

  it('makes the text match itself and nothing longer or different', () => {
    fc.assert(fc.property(fc.string({ unit: fc.constantFrom('a', 'b', '%', '_', '\\', '电') }), fc.string({ unit: fc.constantFrom('a', '%', '_', '\\') }), (text, other) => {
      expect(likeMatches(escapeLike(text), text)).toBe(true);
      if (other !== text) expect(likeMatches(escapeLike(text), other)).toBe(false);
    }));
  });
});
