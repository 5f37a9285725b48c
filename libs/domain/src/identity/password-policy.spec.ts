import fc from 'fast-check';
import { COMMON_PASSWORDS } from './common-passwords';
import { passwordProblem, passwordProblemReason } from './password-policy';

describe('password policy', () => {
  it.each([
    ['aaaaaaaaaa', 'low_variety'],
    ['password12', 'common'],
    ['Password123!', 'common'],
    ['qwerty2026!', 'common'],
    ['woaini13145200', 'common'],
    ['1234567890', 'common'],
    ['short', 'too_short'],
    ['abababababab', 'low_variety'],
    ['li.lei-2026-x', 'contains_email'],
    ['LiLei-2026-xyz', 'contains_email'],
    ['x'.repeat(150) + 'y'.repeat(51) + 'zw', 'too_long'],
  ])('refuses %s (%s)', (password, problem) => {
    expect(passwordProblem(password, 'li.lei@a-univ.example.cn')).toBe(problem);
  });

  it.each(['correct horse battery', 'Kq7#ub2-Lm9x', '仪器共享平台的密码2026', 'pw-9f3a7c21be04'])('accepts %s', (password) => {
    expect(passwordProblem(password, 'li.lei@a-univ.example.cn')).toBeNull();
  });

  it('ignores an email whose local part is too short to mean anything', () => {
    expect(passwordProblem('ab-Kq7#ub2-Lm9x', 'ab@x.cn')).toBeNull();
  });

  it('has a reason for every problem', () => {
    for (const p of ['too_short', 'too_long', 'low_variety', 'contains_email', 'common'] as const) expect(passwordProblemReason(p)).toMatch(/\w{3}/);
  });

  const anyEmailLocal = fc.stringMatching(/^[a-z][a-z0-9]{2,11}$/);

  it('refuses every password shorter than 10 characters (property)', () => {
    fc.assert(fc.property(fc.string({ maxLength: 9, unit: 'binary' }), fc.option(anyEmailLocal), (password, local) => {
      expect(passwordProblem(password, local ? `${local}@x.cn` : null)).toBe('too_short');
    }));
  });

  it('refuses a repeated character written as several code points (a base letter and combining marks)', () => {
    expect(passwordProblem('\u03b1\u0313\u0300\u0345'.repeat(10))).toBe('low_variety');
  });

  it('refuses one character repeated, whatever the character and length (property)', () => {
    fc.assert(fc.property(fc.string({ minLength: 1, maxLength: 1, unit: 'grapheme' }), fc.integer({ min: 10, max: 200 }), (c, n) => {
      expect(passwordProblem(c.repeat(n))).not.toBeNull();
    }));
  });

  it('refuses any password that contains the email local part, in any case (property)', () => {
    fc.assert(fc.property(anyEmailLocal, fc.string({ maxLength: 20 }), fc.string({ maxLength: 20 }), fc.boolean(), (local, before, after, upper) => {
      const password = `${before}${upper ? local.toUpperCase() : local}${after}Kq7#ub2-Lm`;
      expect(passwordProblem(password, `${local}@a-univ.example.cn`)).toBe('contains_email');
    }));
  });

  it('refuses every listed password, alone or with digits and symbols after it (property)', () => {
    fc.assert(fc.property(fc.constantFrom(...COMMON_PASSWORDS), fc.stringMatching(/^[0-9!@#$%.?*_-]{0,8}$/), fc.boolean(), (common, tail, upper) => {
      const password = (upper ? common.toUpperCase() : common) + tail;
      fc.pre([...password].length >= 10 && new Set(password).size >= 4);
      expect(passwordProblem(password)).toBe('common');
    }));
  });

  it('accepts long random passwords that share nothing with the email (property)', () => {
    fc.assert(fc.property(fc.stringMatching(/^[0-9a-f]{8,40}$/), fc.stringMatching(/^[g-z]{3,12}$/), (random, local) => {
      expect(passwordProblem(`Kq7#${random}`, `${local}@example.cn`)).toBeNull();
    }));
  });

  it('only ever accepts what every rule allows (property)', () => {
    const pieces = fc.oneof(fc.constantFrom(...COMMON_PASSWORDS), fc.string({ maxLength: 6 }), fc.stringMatching(/^[0-9]{1,4}$/), anyEmailLocal);
    fc.assert(fc.property(fc.array(pieces, { maxLength: 4 }).map((p) => p.join('')), anyEmailLocal, (password, local) => {
      if (passwordProblem(password, `${local}@x.cn`) !== null) return;
      const lower = password.toLowerCase();
      expect([...password].length).toBeGreaterThanOrEqual(10);
      expect(new Set(password).size).toBeGreaterThanOrEqual(4);
      expect(lower.includes(local)).toBe(false);
      expect(COMMON_PASSWORDS.includes(lower)).toBe(false);
    }));
  });
});
