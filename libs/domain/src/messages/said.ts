/**
 * A text in both of the platform's languages. Services say things this way; the gateway picks one
 * by the request's Accept-Language when it writes the reply, so nothing below it needs to know
 * who is asking.
 */
export interface Said {
  readonly zh: string;
  readonly en: string;
}

/** What a message may be while it travels: already one language (legacy, or data), or both. */
export type Text = string | Said;

export type Language = 'zh' | 'en';

/** Chinese first: the platform's users read Chinese unless they ask otherwise. */
export const DEFAULT_LANGUAGE: Language = 'zh';

export function said(zh: string, en: string): Said {
  return { zh, en };
}

/** Exactly a Said: an object with the two strings and nothing else (so no record is mistaken for one). */
export function isSaid(value: unknown): value is Said {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const keys = Object.keys(value);
  return keys.length === 2 && typeof (value as Said).zh === 'string' && typeof (value as Said).en === 'string';
}

export function inLanguage(text: Text, language: Language): string {
  return typeof text === 'string' ? text : text[language];
}

/**
 * `value` with every Said in it (at any depth: a message, field reasons, rule messages, cell
 * reasons) replaced by its text in `language`. Returns the same object when there is none.
 */
export function localize<T>(value: T, language: Language, depth = 0): T {
  if (isSaid(value)) return value[language] as T;
  if (depth > 12 || typeof value !== 'object' || value === null) return value;
  if (Array.isArray(value)) {
    let changed = false;
    const out = value.map((item: unknown) => {
      const next = localize(item, language, depth + 1);
      if (next !== item) changed = true;
      return next;
    });
    return (changed ? out : value) as T;
  }
  const proto = Object.getPrototypeOf(value) as unknown;
  if (proto !== Object.prototype && proto !== null) return value;
  let out: Record<string, unknown> | null = null;
  for (const [key, item] of Object.entries(value)) {
    const next = localize(item, language, depth + 1);
    if (next !== item) (out ??= { ...(value as Record<string, unknown>) })[key] = next;
  }
  return (out ?? value) as T;
}

/**
 * The language an Accept-Language header prefers among ours: the highest q among zh* and en*
 * (the earlier on a tie), Chinese when neither is named or the header is absent or unreadable.
 */
export function languageOf(acceptLanguage: string | string[] | undefined | null): Language {
  const header = Array.isArray(acceptLanguage) ? acceptLanguage.join(',') : acceptLanguage;
  if (!header) return DEFAULT_LANGUAGE;
  let best: { language: Language; q: number } | null = null;
  for (const part of header.slice(0, 500).split(',')) {
    const [tag, ...params] = part.trim().toLowerCase().split(';');
    const language: Language | null = /^zh\b/.test(tag) ? 'zh' : /^en\b/.test(tag) ? 'en' : null;
    if (!language) continue;
    const qParam = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    const q = qParam ? Number(qParam.slice(2)) : 1;
    if (!Number.isFinite(q) || q <= 0) continue;
    if (!best || q > best.q) best = { language, q };
  }
  return best?.language ?? DEFAULT_LANGUAGE;
}

/** Whether a text has any Chinese (CJK ideographs or full-width punctuation) in it. */
export function hasChinese(text: string): boolean {
  return /[\u3000-\u303f\u3400-\u9fff\uff00-\uffef]/.test(text);
}

/** Several texts as one, joined in each language by its own separator. */
export function joinSaid(parts: readonly Text[], zhSeparator = '；', enSeparator = '; '): Said {
  return said(parts.map((p) => inLanguage(p, 'zh')).join(zhSeparator), parts.map((p) => inLanguage(p, 'en')).join(enSeparator));
}

/** "预约 X 不存在" / "booking X does not exist": the commonest refusal, worded once. */
export function noSuch(zh: string, en: string, id?: string): Said {
  return id === undefined ? said(`${zh}不存在`, `${en} does not exist`) : said(`${zh} ${id} 不存在`, `${en} ${id} does not exist`);
}

/**
 * A text written before messages were bilingual ("中文 / English", "中文; English", or English only)
 * as a Said: the Chinese part where it has one, else `zhFallback` (never English inside Chinese).
 */
export function fromLegacy(text: string, zhFallback: string): Said {
  if (!hasChinese(text)) return said(zhFallback, text);
  // "中文 / English" (the older texts' form), or "中文; English", or "English (中文)".
  for (const separator of [/\s*\/\s+/, /;\s+/, /\s\(/]) {
    const m = separator.exec(text);
    if (!m) continue;
    const first = text.slice(0, m.index);
    const second = text.slice(m.index + m[0].length).replace(/\)$/, '');
    // "中文 / English" is the older texts' one form: the English may name Chinese places (重庆).
    if (hasChinese(first) && (!hasChinese(second) || separator.source.includes('\\/'))) return said(first, second);
    if (!hasChinese(first) && hasChinese(second)) return said(second, first);
  }
  return said(text, text);
}
