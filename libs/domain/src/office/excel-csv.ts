// The `?excel=1` variant of a CSV export: the same text, made for Excel on a Chinese Windows machine.

/** What `excel=` accepts: 1/true asks for the Excel variant, 0/false (or nothing) for the exchange format. */
export const EXCEL_FLAG_VALUES = ['1', '0', 'true', 'false'] as const;

export function excelFlag(value: string | undefined): boolean {
  return value === '1' || value === 'true';
}

/**
 * A UTF-8 byte-order mark first (without it Excel reads UTF-8 as the system's ANSI code page and shows
 * Chinese as mojibake) and CRLF line ends (what Excel itself writes as "CSV UTF-8", RFC 4180's).
 * Everything else, quoting included, stays as the exchange format writes it.
 */
export function excelCsv(csv: string): string {
  return `\ufeff${csv.replace(/^\ufeff/, '').replace(/\r?\n/g, '\r\n')}`;
}
