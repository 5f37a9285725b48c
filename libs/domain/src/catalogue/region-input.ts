/**
 * A region as people type it into a search (issue 21): its code in any case (`cq`, `Cq`), its
 * Chinese name with or without 市/省, its one-character short name (渝, 川) or its pinyin. The regions
 * are those of the 川渝 platform; any other 2–8 letter code passes through upper-cased, so a region
 * added later is still found by its code.
 */
const REGION_NAMES: Record<string, readonly string[]> = {
  CQ: ['重庆', '重庆市', '渝', 'chongqing'],
  SC: ['四川', '四川省', '川', 'sichuan'],
};

const BY_NAME = new Map(Object.entries(REGION_NAMES).flatMap(([code, names]) => names.map((n) => [n, code] as const)));

/** The region code the input names, or null when it names none (neither a known name nor 2–8 letters). */
export function regionFromInput(input: string): string | null {
  const value = input.normalize('NFKC').trim();
  const named = BY_NAME.get(value) ?? BY_NAME.get(value.toLowerCase());
  if (named) return named;
  return /^[A-Za-z]{2,8}$/.test(value) ? value.toUpperCase() : null;
}
