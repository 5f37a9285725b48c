import { pgArray } from './pg-array';

describe('pgArray', () => {
  it.each([
    [[], '{}'],
    [['电镜', 'ab'], '{"电镜","ab"}'],
    [['a"b', 'c\\d', 'e,f', '{g}'], '{"a\\"b","c\\\\d","e,f","{g}"}'],
    [[1, null, true], '{"1",NULL,"true"}'],
    [[new Date('2025-01-01T00:00:00Z')], '{"2025-01-01T00:00:00.000Z"}'],
  ])('%j → %s', (values, literal) => {
    expect(pgArray(values as unknown[])).toBe(literal);
  });
});
