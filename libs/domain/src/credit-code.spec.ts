import fc from 'fast-check';
import { creditCodeCheckChar, makeCreditCode, validateCreditCode } from './credit-code';

describe('unified social credit code (GB 32100-2015)', () => {
  it.each(['1250010152601815X6', '12500106083016613Q', '12510104186091392U', '91510116996030823J', '91350100M000100Y43'])('accepts %s', (code) => {
    expect(validateCreditCode(code)).toBeNull();
  });

  it.each([
    ['91510116996030823K', 'should be J'],
    ['9151011699603082', '18 characters'],
    ['91510116996O30823J', 'cannot appear'],
    ['91510116996030823j', 'cannot appear'],
  ])('rejects %s (%s)', (code, why) => {
    expect(validateCreditCode(code)).toContain(why);
  });

  it('maps a sum that is a multiple of 31 to 0', () => {
    expect(creditCodeCheckChar('00000000000000000')).toBe('0');
  });

  it('generates valid codes, and any changed character is caught', () => {
    fc.assert(fc.property(fc.integer({ min: 0, max: 2 ** 31 }), fc.integer({ min: 0, max: 16 }), fc.integer({ min: 1, max: 30 }), (seed, at, shift) => {
      const code = makeCreditCode(seed);
      expect(validateCreditCode(code)).toBeNull();
      const alphabet = '0123456789ABCDEFGHJKLMNPQRTUWXY';
      const changed = alphabet[(alphabet.indexOf(code[at]) + shift) % 31];
      expect(validateCreditCode(code.slice(0, at) + changed + code.slice(at + 1))).not.toBeNull();
    }));
  });
});
