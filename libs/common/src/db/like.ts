/**
 * User text as the literal part of a LIKE / ILIKE pattern: `%` and `_` are wildcards and `\` is
 * PostgreSQL's default escape character, so each is escaped and a search for `50%` or `a_b` finds
 * exactly that text instead of matching everything. The caller adds its own wildcards around it.
 */
export function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}
