import fc from 'fast-check';
import { searchTerms, SYNONYM_GROUPS, termAlternatives } from './search-synonyms';

const norm = (form: string) => form.normalize('NFKC').toLowerCase();
const SHORT = /^[a-z0-9]{1,3}$/;

describe('search synonyms', () => {
  it('splits text into lower-case terms, a known multi-word form staying one term', () => {
    expect(searchTerms('  Bruker   核磁 ')).toEqual(['bruker', '核磁']);
    expect(searchTerms(undefined)).toEqual([]);
    expect(searchTerms('Electron  Microscope')).toEqual(['electron microscope']);
    expect(searchTerms('JEOL scanning electron microscope 6号')).toEqual(['jeol', 'scanning electron microscope', '6号']);
    expect(searchTerms('electron probe microscope')).toEqual(['electron probe', 'microscope']);
    expect(searchTerms('microscope electron')).toEqual(['microscope', 'electron']);
    expect(searchTerms('a b c d e f g h i j')).toHaveLength(8);
  });

  it.each([
    ['电镜', ['电镜', '电子显微镜', 'electron microscope']],
    ['sem', ['sem', '扫描电镜', '扫描电子显微镜', 'scanning electron microscope']],
    ['tem', ['tem', '透射电镜', '透射电子显微镜', 'transmission electron microscope']],
    ['透射电子显微镜', ['透射电子显微镜', '透射电镜', 'transmission electron microscope']],
    ['nmr', ['nmr', '核磁', 'nuclear magnetic resonance']],
    ['核磁共振', ['核磁共振', '核磁', 'nuclear magnetic resonance']],
    ['xrd', ['xrd', 'x射线衍射', 'x-ray diffraction', 'x-ray diffractometer']],
    ['icp-ms', ['icp-ms', 'icpms', '电感耦合等离子体质谱', 'inductively coupled plasma mass spectrometry']],
    ['质谱', ['质谱', 'mass spectrometer', 'mass spectrometry']],
    ['raman', ['raman', '拉曼']],
    ['afm', ['afm', '原子力显微镜', 'atomic force microscope']],
    ['xps', ['xps', 'x射线光电子能谱', 'x-ray photoelectron spectroscopy']],
    ['flow cytometer', ['flow cytometer', '流式', 'flow cytometry']],
    ['electron microscope', ['electron microscope', '电镜', '电子显微镜']],
    ['ＳＥＭ', ['ＳＥＭ', '扫描电镜', '扫描电子显微镜', 'scanning electron microscope']],
    ['电子', ['电子']],
    ['bruker', ['bruker']],
  ])('%s is looked for as %j', (term, alternatives) => expect(termAlternatives(term)).toEqual(alternatives));

  it('has every form in one group only, none empty, none of one character', () => {
    const forms = SYNONYM_GROUPS.flat().map(norm);
    expect(forms.filter((f, i) => forms.indexOf(f) !== i)).toEqual([]);
    expect(forms.filter((f) => [...f].length < 2 || f.trim() !== f || /\s\s/.test(f))).toEqual([]);
    for (const group of SYNONYM_GROUPS) expect(group.length).toBeGreaterThan(1);
  });

  const anyForm = fc.constantFrom(...SYNONYM_GROUPS.map((g, i) => i)).chain((i) =>
    fc.tuple(fc.constantFrom(...SYNONYM_GROUPS[i]), fc.constantFrom(...SYNONYM_GROUPS[i])));

  it('always looks for the term itself, first', () => {
    fc.assert(fc.property(fc.oneof(fc.string(), fc.constantFrom(...SYNONYM_GROUPS.flat())), (term) => {
      expect(termAlternatives(term)[0]).toBe(term);
    }));
  });

  it('is closed under the group: forms of one group find the same texts (short Latin forms aside, which only find when typed)', () => {
    fc.assert(fc.property(anyForm, ([a, b]) => {
      const fromA = termAlternatives(norm(a));
      const fromB = termAlternatives(norm(b));
      // Every text one of a's alternatives is in contains one of b's: b finds all a finds.
      for (const alt of fromA) {
        if (SHORT.test(alt)) continue;
        expect({ alt, covered: fromB.some((other) => alt.includes(other)) }).toEqual({ alt, covered: true });
      }
      // And every form of the group is found through a's alternatives.
      for (const form of SYNONYM_GROUPS.find((g) => g.includes(a)) ?? []) {
        if (SHORT.test(norm(form)) && norm(form) !== norm(a)) continue;
        expect({ form, covered: fromA.some((alt) => norm(form).includes(alt)) }).toEqual({ form, covered: true });
      }
    }), { numRuns: 500 });
  });

  it('keeps no alternative that contains another (it would be found anyway), the term aside', () => {
    fc.assert(fc.property(anyForm, ([a]) => {
      const [, ...rest] = termAlternatives(norm(a));
      for (const x of rest) for (const y of termAlternatives(norm(a))) if (x !== y) expect(x.includes(y)).toBe(false);
    }));
  });
});
