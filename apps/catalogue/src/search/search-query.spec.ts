import type { Actor } from '@yixiang/contracts';
import { bigrams, searchTerms, searchWhere, textSearchWhere } from './search-query';

const researcher: Actor = { userId: 'u', role: 'researcher', institutionId: 'i-1', region: null };
const bureau: Actor = { userId: 'b', role: 'bureau', institutionId: null, region: null };

describe('catalogue search query', () => {
  it('splits text into lower-case terms', () => {
    expect(searchTerms('  Bruker   核磁 ')).toEqual(['bruker', '核磁']);
    expect(searchTerms(undefined)).toEqual([]);
  });

  it('makes the two-character grams the database indexes, none with whitespace', () => {
    expect(bigrams('电镜')).toEqual(['电镜']);
    expect(bigrams('扫描电镜')).toEqual(['扫描', '描电', '电镜']);
    expect(bigrams('x')).toEqual([]);
    expect(bigrams('aaa')).toEqual(['aa']);
    expect(bigrams('ab cd')).toEqual(['ab', 'cd']);
  });

  it('confirms every gram match with LIKE, escaping LIKE wildcards', () => {
    const { clauses, params } = searchWhere(bureau, { q: '50%_off' });
    expect(clauses).toEqual(['i.search_grams @> ?::text[]', 'i.search_text like ?']);
    expect(params[1]).toBe('%50\\%\\_off%');
  });

  it('uses LIKE alone for a one-character term, and the bigram alone for a two-character one', () => {
    expect(searchWhere(bureau, { q: '镜' }).clauses).toEqual(['i.search_text like ?']);
    expect(searchWhere(bureau, { q: '射线' })).toEqual({ clauses: ['i.search_grams @> ?::text[]'], params: ['{"射线"}'] });
  });

  it('keeps the LIKE confirmations apart from what the indexes answer, for text searches', () => {
    const { narrow, recheck } = textSearchWhere(bureau, { q: '扫描隧道 镜 X2', region: 'CQ' });
    expect(narrow.clauses).toEqual(['i.search_grams @> ?::text[]', 'i.search_text like ?', 'i.search_grams @> ?::text[]', 'i.region = ?']);
    expect(narrow.params).toEqual(['{"扫描","描隧","隧道"}', '%镜%', '{"x2"}', 'CQ']);
    expect(recheck).toEqual({ clauses: ['i.search_text like ?'], params: ['%扫描隧道%'] });
  });

  it('looks for a term with synonyms as any of them: one OR of bigrams to narrow, one OR of exact conditions to recheck', () => {
    const { narrow, recheck } = textSearchWhere(bureau, { q: '电镜' });
    expect(narrow).toEqual({
      clauses: ['(i.search_grams @> ?::text[] or i.search_grams @> ?::text[] or i.search_grams @> ?::text[])'],
      params: ['{"电镜"}', '{"电子","子显","显微","微镜"}', `{${['el', 'le', 'ec', 'ct', 'tr', 'ro', 'on', 'mi', 'ic', 'cr', 'os', 'sc', 'co', 'op', 'pe'].map((g) => `"${g}"`).join(',')}}`],
    });
    // The recheck reads the text (the materialised candidates carry no grams).
    expect(recheck).toEqual({
      clauses: ['(i.search_text like ? or i.search_text like ? or i.search_text like ?)'],
      params: ['%电镜%', '%电子显微镜%', '%electron microscope%'],
    });
  });

  it('looks for a Latin term among the names’ pinyin initials too, and needs no recheck when every alternative is a key or its own bigram', () => {
    expect(textSearchWhere(bureau, { q: 'hc' })).toEqual({
      narrow: { clauses: ['(i.search_grams @> ?::text[] or i.initials_prefixes @> ?::text[])'], params: ['{"hc"}', '{"hc"}'] },
      recheck: { clauses: [], params: [] },
    });
    const tsd = textSearchWhere(bureau, { q: 'TSD' });
    expect(tsd.narrow).toEqual({ clauses: ['(i.search_grams @> ?::text[] or i.initials_prefixes @> ?::text[])'], params: ['{"ts","sd"}', '{"tsd"}'] });
    expect(tsd.recheck).toEqual({ clauses: ['(i.search_text like ? or i.initials_prefixes @> ?::text[])'], params: ['%tsd%', '{"tsd"}'] });
    // SEM: itself, its Chinese and English names, and initials; "x2" and "核磁" have no initials.
    expect(textSearchWhere(bureau, { q: 'SEM' }).recheck.params).toEqual(['%sem%', '%扫描电镜%', '%扫描电子显微镜%', '%scanning electron microscope%', '{"sem"}']);
    expect(textSearchWhere(bureau, { q: 'Electron Microscope' }).recheck.params).toEqual(['%electron microscope%', '%电镜%', '%电子显微镜%']);
  });

  it('hides other institutions’ unshared instruments from outsiders but not from the bureau', () => {
    expect(searchWhere(researcher, {}).clauses[0]).toContain("i.sharing_status = 'open'");
    expect(searchWhere(researcher, {}).params).toEqual(['i-1']);
    expect(searchWhere(bureau, {}).clauses).toEqual([]);
  });

  it('filters a top-level category by prefix and a second-level one exactly', () => {
    expect(searchWhere(bureau, { category: '01' })).toEqual({ clauses: ['i.category_code like ?'], params: ['01%'] });
    expect(searchWhere(bureau, { category: '0102' })).toEqual({ clauses: ['i.category_code = ?'], params: ['0102'] });
  });

  it('takes an institution by id or by code', () => {
    expect(searchWhere(bureau, { institution: 'A-UNIV' }).clauses).toEqual(['i.institution_id = (select id from catalogue.institution where code = ?)']);
    expect(searchWhere(bureau, { institution: '2A0F0B4E-1D7A-4C50-9A55-3E9E8C1D2B11' }).params).toEqual(['2a0f0b4e-1d7a-4c50-9a55-3e9e8c1d2b11']);
  });

  it('ties the price ceiling to the mode when both are given', () => {
    const { clauses, params } = searchWhere(bureau, { mode: 'sample', maxPriceFen: 5000 });
    expect(clauses[1]).toBe('i.price_sample_fen <= ?');
    expect(params).toEqual(['{"sample"}', 5000]);
    expect(searchWhere(bureau, { maxPriceFen: 5000 }).clauses).toEqual(['i.price_min_fen <= ?']);
  });
});
