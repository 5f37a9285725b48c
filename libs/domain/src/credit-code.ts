import { type Said, said } from './messages/said';
/**
 * The unified social credit code (统一社会信用代码) of GB 32100-2015: 18 characters from a
 * 31-character alphabet (no I, O, S, V, Z); the last is a check character over the first 17.
 */
const ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

export function creditCodeCheckChar(first17: string): string {
  if (first17.length !== 17) throw new Error('the check character is computed over 17 characters');
  let sum = 0;
  for (let i = 0; i < 17; i++) {
    const value = ALPHABET.indexOf(first17[i]);
    if (value < 0) throw new Error(`${first17[i]} is not a credit-code character`);
    sum += value * WEIGHTS[i];
  }
  return ALPHABET[(31 - (sum % 31)) % 31];
}

/** validateCreditCode in both languages (issue 21): null when valid. */
export function creditCodeProblem(code: string): Said | null {
  const en = validateCreditCode(code);
  if (en === null) return null;
  if (code.length !== 18) return said(`统一社会信用代码应为 18 位，而不是 ${code.length} 位`, en);
  const bad = [...code].find((c) => !ALPHABET.includes(c));
  if (bad !== undefined) return said(`统一社会信用代码中不能出现 ${JSON.stringify(bad)}（只能是数字和除 I、O、S、V、Z 以外的大写字母）`, en);
  return said(`统一社会信用代码的校验位应为 ${creditCodeCheckChar(code.slice(0, 17))}，而不是 ${code[17]}（GB 32100-2015）`, en);
}

/** Null when valid; otherwise why not, in words a user can act on. */
export function validateCreditCode(code: string): string | null {
  if (code.length !== 18) return `a unified social credit code has 18 characters, not ${code.length}`;
  const bad = [...code].find((c) => !ALPHABET.includes(c));
  if (bad !== undefined) return `${JSON.stringify(bad)} cannot appear in a unified social credit code (digits and capitals except I, O, S, V, Z)`;
  const expected = creditCodeCheckChar(code.slice(0, 17));
  return expected === code[17] ? null : `the check character should be ${expected}, not ${code[17]} (GB 32100-2015)`;
}

/** A valid, deterministic code for demo and benchmark data (registration authority 9, kind 1: enterprise). */
export function makeCreditCode(seed: number): string {
  let x = (Math.abs(Math.trunc(seed)) % 2147483647) + 1;
  let body = '91';
  // Administrative division: six digits.
  for (let i = 0; i < 6; i++) {
    x = (x * 48271) % 2147483647;
    body += String(x % 10);
  }
  for (let i = 0; i < 9; i++) {
    x = (x * 48271) % 2147483647;
    body += ALPHABET[x % 31];
  }
  return body + creditCodeCheckChar(body);
}
