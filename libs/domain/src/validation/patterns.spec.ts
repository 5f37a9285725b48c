import { CODE_PATTERN, ID_OR_CODE_PATTERN, isIdOrCode, UUID_PATTERN } from './patterns';

describe('reference patterns', () => {
  it.each([
    ['A-UNIV', true], ['EQ-0001', true], ['rc.2026_a', true], ['0', true], ['a'.repeat(64), true],
    ['.abc', false], ['-abc', false], ['_abc', false], ['', false], ['a'.repeat(65), false], ['A UNIV', false], ['仪器', false],
  ])('CODE_PATTERN: %j → %s', (code, ok) => {
    expect(CODE_PATTERN.test(code)).toBe(ok);
  });

  it.each([
    ['0f8fad5b-d9cb-469f-a165-70867728950e', true], ['0F8FAD5B-D9CB-469F-A165-70867728950E', true],
    ['0f8fad5bd9cb469fa16570867728950e', false], ['0f8fad5b-d9cb-469f-a165-70867728950', false], ['g f8fad5b-d9cb-469f-a165-70867728950e', false],
  ])('UUID_PATTERN: %j → %s', (id, ok) => {
    expect(UUID_PATTERN.test(id)).toBe(ok);
  });

  it('takes an id or a code, and refuses what neither allows (a code may not start with ".")', () => {
    expect(isIdOrCode('0f8fad5b-d9cb-469f-a165-70867728950e')).toBe(true);
    expect(isIdOrCode('EQ-0001')).toBe(true);
    expect(ID_OR_CODE_PATTERN.test('.abc')).toBe(false);
    expect(ID_OR_CODE_PATTERN.test('abc\n')).toBe(false);
    expect(ID_OR_CODE_PATTERN.test('-'.repeat(36))).toBe(false);
  });
});
