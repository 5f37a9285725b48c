import { type Said, said } from '../messages/said';
import { COMMON_PASSWORDS } from './common-passwords';

export const PASSWORD_MIN_LENGTH = 10;
export const PASSWORD_MAX_LENGTH = 200;

/** Why a password is refused; `null` from passwordProblem means none. */
export type PasswordProblem = 'too_short' | 'too_long' | 'low_variety' | 'contains_email' | 'common';

const COMMON = new Set(COMMON_PASSWORDS);

/**
 * What is wrong with a password someone wants to set, or null. Length alone let `aaaaaaaaaa` and
 * `password12` through: a guessing attack tries exactly those first. The rules, in order:
 * at least 10 characters (code points, so 中文 passwords count fairly) and at most 200; at least 4
 * different characters; not containing the local part of the account's email (nor a 4+ character
 * piece of it: `li.lei@…` refuses `lilei…`); and not one of the most common passwords, alone or
 * followed only by digits and symbols (`qwerty2026!`).
 */
export function passwordProblem(password: string, email?: string | null): PasswordProblem | null {
  const chars = [...password];
  if (chars.length < PASSWORD_MIN_LENGTH) return 'too_short';
  if (chars.length > PASSWORD_MAX_LENGTH) return 'too_long';
  // Variety in graphemes, not code points: 'ᾂ' written decomposed is four code points (α and three
  // combining marks), and ten of it were accepted as "four different characters" (found by the property test).
  if (distinctGraphemes(password) < 4) return 'low_variety';
  const lower = password.toLowerCase();
  if (emailPieces(email).some((piece) => lower.includes(piece))) return 'contains_email';
  if (isCommon(lower)) return 'common';
  return null;
}

const GRAPHEMES = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

function distinctGraphemes(text: string): number {
  const seen = new Set<string>();
  for (const { segment } of GRAPHEMES.segment(text.normalize('NFC'))) seen.add(segment);
  return seen.size;
}

/** A sentence for the person choosing the password (the API's `details.fields[].reason`). */
/** passwordProblemReason in both languages, for the reply. */
export function passwordProblemSaid(problem: PasswordProblem): Said {
  switch (problem) {
    case 'too_short': return said(`至少 ${PASSWORD_MIN_LENGTH} 个字符`, passwordProblemReason(problem));
    case 'too_long': return said(`最多 ${PASSWORD_MAX_LENGTH} 个字符`, passwordProblemReason(problem));
    case 'low_variety': return said('至少要用 4 个不同的字符', passwordProblemReason(problem));
    case 'contains_email': return said('不能包含电子邮箱地址（@ 之前的部分）', passwordProblemReason(problem));
    case 'common': return said('是最常见的密码之一（或其后加数字），请换一个', passwordProblemReason(problem));
  }
}

export function passwordProblemReason(problem: PasswordProblem): string {
  switch (problem) {
    case 'too_short': return `must have at least ${PASSWORD_MIN_LENGTH} characters`;
    case 'too_long': return `must have at most ${PASSWORD_MAX_LENGTH} characters`;
    case 'low_variety': return 'must use at least 4 different characters';
    case 'contains_email': return 'must not contain the email address (its part before @)';
    case 'common': return 'is one of the most common passwords (or one followed by digits); choose another';
  }
}

/** The lower-cased local part, the same without separators, and its 4+ character pieces. */
function emailPieces(email?: string | null): string[] {
  const local = (email ?? '').split('@')[0].toLowerCase();
  if (local.length < 3) return [];
  const pieces = new Set([local, local.replace(/[^\p{L}\p{N}]/gu, '')]);
  for (const token of local.split(/[^\p{L}\p{N}]+/u)) if (token.length >= 4) pieces.add(token);
  return [...pieces].filter((p) => p.length >= 3);
}

function isCommon(lower: string): boolean {
  // "password12", "123456.*#!": a listed password with only digits and symbols added at the end.
  const tail = /[\p{N}\p{P}\p{S}\s]*$/u.exec(lower)?.index ?? lower.length;
  for (let end = Math.max(tail, 1); end <= lower.length; end++) if (COMMON.has(lower.slice(0, end))) return true;
  return false;
}
