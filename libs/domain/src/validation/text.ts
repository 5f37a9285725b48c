import { fieldLabel } from '../messages/labels';
import { type Said, said } from '../messages/said';

/**
 * Text every boundary refuses whatever the field: PostgreSQL cannot store a NUL character in
 * `text` (SQLSTATE 22021, a 500 before this check), and a lone UTF-16 surrogate is not Unicode at
 * all — Node's UTF-8 encoder silently turns it into U+FFFD, so what was stored differed from what
 * was sent.
 */
// eslint-disable-next-line no-control-regex -- finding the NUL character is the point
const BAD_TEXT = /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Bodies nest a few levels (a rate card list, an institution's contacts, a policy's tiers); 32 is far beyond any of them. */
export const MAX_INPUT_DEPTH = 32;

export function textProblem(text: string): string | null {
  const m = BAD_TEXT.exec(text);
  if (!m) return null;
  return m[0] === '\u0000'
    ? `must not contain a NUL character (U+0000, at position ${m.index})`
    : `must be valid Unicode (a lone surrogate \\u${m[0].charCodeAt(0).toString(16)} at position ${m.index})`;
}

/** textProblem in both languages, for the reply (the English as textProblem says it). */
export function textProblemSaid(text: string): Said | null {
  const m = BAD_TEXT.exec(text);
  if (!m) return null;
  return m[0] === '\u0000'
    ? said(`不能包含空字符（U+0000，第 ${m.index + 1} 个字符）`, `must not contain a NUL character (U+0000, at position ${m.index})`)
    : said(`必须是有效的 Unicode 文本（第 ${m.index + 1} 个字符是孤立的代理项 \\u${m[0].charCodeAt(0).toString(16)}）`, `must be valid Unicode (a lone surrogate \\u${m[0].charCodeAt(0).toString(16)} at position ${m.index})`);
}

export interface InputFinding {
  field: string;
  reason: Said;
}

const child = (path: string, key: string | number): string =>
  typeof key === 'number' ? `${path || 'body'}[${key}]` : path ? `${path}.${key}` : key;

/**
 * Every string (values and keys) of a parsed JSON value, a query or a path that no field may
 * hold, named the way validation errors name fields (`cards[2].code`); also a value nested deeper
 * than MAX_INPUT_DEPTH. Iterative, so a hostile depth cannot exhaust the stack. At most `limit` findings.
 */
export function findBadInput(value: unknown, root = '', limit = 20): InputFinding[] {
  const out: InputFinding[] = [];
  const stack: { value: unknown; path: string; depth: number }[] = [{ value, path: root, depth: 0 }];
  while (stack.length > 0 && out.length < limit) {
    const { value: v, path, depth } = stack.pop()!;
    if (typeof v === 'string') {
      const problem = textProblemSaid(v);
      if (problem) {
        const name = fieldLabel(path || 'body');
        out.push({ field: path || 'body', reason: said(`${name.zh}${problem.zh}`, `${path || 'body'} ${problem.en}`) });
      }
      continue;
    }
    if (typeof v !== 'object' || v === null) continue;
    if (depth >= MAX_INPUT_DEPTH) {
      // Named by its outermost field: the path itself is as deep as the nesting.
      out.push({ field: path || 'body', reason: said(`${fieldLabel(path.split(/[.[]/)[0] || 'body').zh}的嵌套不能超过 ${MAX_INPUT_DEPTH} 层`, `${path || 'body'} must not be nested deeper than ${MAX_INPUT_DEPTH} levels`) });
      continue;
    }
    if (Array.isArray(v)) {
      for (let i = v.length - 1; i >= 0; i--) stack.push({ value: v[i], path: child(path, i), depth: depth + 1 });
      continue;
    }
    const keys = Object.keys(v);
    for (let i = keys.length - 1; i >= 0; i--) {
      const key = keys[i];
      const problem = textProblemSaid(key);
      // A bad key cannot be quoted as a path as it is: its escaped form names it.
      if (problem) out.push({ field: child(path, JSON.stringify(key).slice(1, -1)), reason: said(`字段名 ${JSON.stringify(key)} ${problem.zh}`, `the field name ${JSON.stringify(key)} ${problem.en}`) });
      else stack.push({ value: (v as Record<string, unknown>)[key], path: child(path, key), depth: depth + 1 });
    }
  }
  return out.slice(0, limit);
}
