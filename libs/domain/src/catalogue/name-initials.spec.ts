import fc from 'fast-check';
import { initialsPrefixes, isInitialsTerm, MAX_INITIALS, nameInitials } from './name-initials';

describe('pinyin initials of instrument names', () => {
  it.each([
    ['透射电子显微镜', 'tsdzxwj'],
    ['核磁共振波谱仪', 'hcgzbpy'],
    ['气相色谱仪', 'qxspy'],
    ['重庆嘉陵理工大学', 'cqjllgdx'],
    ['X射线衍射仪', 'xsxysy sxysy'],
    ['600MHz核磁共振波谱仪', 'mhzhcgzbpy hcgzbpy'],
    ['电感耦合等离子体质谱仪（ICP-MS）', 'dgohdlztzpyicpms dgohdlztzpy'],
    ['基质辅助激光解吸电离飞行时间质谱仪', 'jzfzjgjxdlfxsjzp'],
  ])('%s → %s', (name, initials) => expect(nameInitials(name)).toBe(initials));

  it.each(['Bruker AVANCE', '', '600 MHz', '—'])('has none for a name without Chinese characters: %j', (name) => expect(nameInitials(name)).toBeNull());

  it('keys initials by every prefix of two or more letters of each reading', () => {
    expect(initialsPrefixes('tsdz')).toEqual(['ts', 'tsd', 'tsdz']);
    expect(initialsPrefixes('xsx sx')).toEqual(['xs', 'xsx', 'sx']);
    expect(initialsPrefixes('h')).toEqual([]);
    expect(initialsPrefixes(null)).toEqual([]);
  });

  it.each([['hc', true], ['tsdzxwj', true], ['h', false], ['hc2', false], ['核磁', false], ['x-ray', false], ['HC', false]])(
    'takes %j for initials: %s', (term, yes) => expect(isInitialsTerm(term)).toBe(yes));

  it('gives lower-case letter readings, at most MAX_INITIALS long, each starting what the name starts with in letters', () => {
    const han = fc.constantFrom(...'透射电子显微镜核磁共振波谱仪气相色谱质激光重庆长行'.split(''));
    const other = fc.constantFrom('X', 'a', '6', '-', ' ', '（', 'Z');
    fc.assert(fc.property(fc.array(fc.oneof(han, other), { minLength: 1, maxLength: 30 }), (chars) => {
      const name = chars.join('');
      const initials = nameInitials(name);
      if (!/\p{Script=Han}/u.test(name)) return expect(initials).toBeNull();
      const readings = (initials ?? '').split(' ');
      expect(readings.length).toBeGreaterThanOrEqual(1);
      expect(readings.length).toBeLessThanOrEqual(2);
      for (const r of readings) expect(r).toMatch(new RegExp(`^[a-z]{1,${MAX_INITIALS}}$`));
      // Every prefix key is a search term that may be initials, and finds this name.
      for (const key of initialsPrefixes(initials)) expect(isInitialsTerm(key)).toBe(true);
    }));
  });
});
