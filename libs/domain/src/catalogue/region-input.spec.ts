import fc from 'fast-check';
import { regionFromInput } from './region-input';

describe('regionFromInput', () => {
  it.each([
    ['CQ', 'CQ'], ['cq', 'CQ'], ['Sc', 'SC'], [' CQ ', 'CQ'], ['ＣＱ', 'CQ'],
    ['重庆', 'CQ'], ['重庆市', 'CQ'], ['渝', 'CQ'], ['Chongqing', 'CQ'],
    ['四川', 'SC'], ['四川省', 'SC'], ['川', 'SC'], ['SICHUAN', 'SC'],
    ['GZ', 'GZ'], ['gd', 'GD'],
  ])('%s → %s', (input, code) => expect(regionFromInput(input)).toBe(code));

  it.each(['', 'C', 'CQ1', '重', '北京', 'cq;drop', 'ABCDEFGHI', 'guangdong'])('names no region: %j', (input) => expect(regionFromInput(input)).toBeNull());

  it('gives every 2–8 letter code back upper-cased, whatever its case', () => {
    fc.assert(fc.property(fc.stringMatching(/^[A-Za-z]{2,8}$/), (code) => {
      const region = regionFromInput(code);
      expect(region === 'CQ' || region === 'SC' || region === code.toUpperCase()).toBe(true);
      expect(region).toMatch(/^[A-Z]{2,8}$/);
    }));
  });
});
