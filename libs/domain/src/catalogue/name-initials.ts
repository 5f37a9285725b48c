import { pinyin } from 'pinyin-pro';

/**
 * Pinyin initials of an instrument's name (issue 21), so that `tsdzxwj` or just `tsd` finds
 * 透射电子显微镜 and `hcgz` finds 600MHz核磁共振波谱仪: people type them on a phone's Latin keyboard.
 * The initials are worked out once, when the name is written (pinyin-pro reads a polyphonic
 * character by its word: 色谱 is s·p, 重庆 c·q), and stored beside the name.
 */

/** Initials beyond this many are not kept: nobody types forty of them, and each is a search key. */
export const MAX_INITIALS = 16;

/** A term that may be pinyin initials: Latin letters only, at least two (one would find too much). */
const INITIALS_TERM = /^[a-z]{2,}$/;

const HAN = /\p{Script=Han}/u;

/**
 * The name's initials as stored (`name_initials`): null for a name without Chinese characters.
 * When the name mixes in Latin letters (X射线衍射仪, 600MHz核磁共振波谱仪) there are two readings,
 * space-separated: with the letters (xsxysy, mhzhcgzbpy) and with the Chinese characters' alone
 * (sxysy, hcgzbpy), since people type either. Digits and punctuation have no initial.
 */
export function nameInitials(name: string): string | null {
  if (!HAN.test(name)) return null;
  const chars = [...name];
  const firsts = pinyin(name, { pattern: 'first', toneType: 'none', type: 'array' });
  // pinyin-pro gives one entry per character; should it ever not, read the characters one by one.
  const perChar = firsts.length === chars.length ? firsts : chars.map((c) => pinyin(c, { pattern: 'first', toneType: 'none' }));
  let all = '';
  let chinese = '';
  perChar.forEach((first, i) => {
    const letter = first.toLowerCase();
    if (!/^[a-z]$/.test(letter)) return;
    all += letter;
    if (HAN.test(chars[i])) chinese += letter;
  });
  const readings = [...new Set([all, chinese].map((r) => r.slice(0, MAX_INITIALS)).filter((r) => r.length > 0))];
  return readings.length > 0 ? readings.join(' ') : null;
}

/** Whether a search term is also looked for among names' initials (see `initialsPrefixes`). */
export function isInitialsTerm(term: string): boolean {
  return INITIALS_TERM.test(term);
}

/**
 * The search keys of stored initials: every prefix of two or more letters of each reading. A term
 * finds a name whose initials start with it (`tsd` → tsdzxwj) by one key look-up, in PostgreSQL
 * (catalogue.initials_prefixes, the same rule, fills instrument_search.initials_prefixes) and in memory.
 */
export function initialsPrefixes(initials: string | null): string[] {
  if (initials === null) return [];
  const keys = new Set<string>();
  for (const reading of initials.split(' ')) for (let n = 2; n <= reading.length; n++) keys.add(reading.slice(0, n));
  return [...keys];
}
