import { parse } from 'csv-parse/sync';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { validateCreditCode, parseDateOrInstant } from '@yixiang/domain';
import { csvCell, generateCatalogueBundle } from './catalogue';

const rows = (text: string) => parse(text, { columns: true }) as Record<string, string>[];
const categories = new Set(rows(readFileSync(join(__dirname, '../../test/fixtures/categories.csv'), 'utf8')).filter((r) => r.code.length === 4).map((r) => r.code));

describe('the catalogue bundle generator', () => {
  const bundle = generateCatalogueBundle({ instruments: 2000, seed: 42 });
  const institutions = rows(bundle.files['institutions.csv']);
  const instruments = rows(bundle.files['instruments.csv']);
  const rates = rows(bundle.files['rates.csv']);

  it('is deterministic for a seed and differs between seeds', () => {
    expect(generateCatalogueBundle({ instruments: 2000, seed: 42 }).files).toEqual(bundle.files);
    expect(generateCatalogueBundle({ instruments: 2000, seed: 43 }).files['instruments.csv']).not.toEqual(bundle.files['instruments.csv']);
  });

  it('makes unique codes, known references and valid credit codes', () => {
    for (const file of Object.values(bundle.files)) {
      const codes = rows(file).map((r) => r.code);
      expect(new Set(codes).size).toBe(codes.length);
    }
    const known = new Set(institutions.map((i) => i.code));
    expect(instruments.every((i) => known.has(i.institutionCode))).toBe(true);
    expect(instruments.every((i) => categories.has(i.categoryCode))).toBe(true);
    expect(institutions.every((i) => validateCreditCode(i.creditCode) === null)).toBe(true);
    expect(new Set(institutions.map((i) => i.creditCode)).size).toBe(institutions.length);
  });

  it('gives related parties a group code on both sides', () => {
    const groups = new Map<string, number>();
    for (const i of institutions) if (i.groupCode) groups.set(i.groupCode, (groups.get(i.groupCode) ?? 0) + 1);
    expect(groups.size).toBeGreaterThan(0);
    expect([...groups.values()].every((n) => n >= 2)).toBe(true);
  });

  it('never lets two cards of one instrument and mode overlap', () => {
    const byKey = new Map<string, [number, number][]>();
    for (const r of rates) {
      const from = (parseDateOrInstant(r.validFrom) as Date).getTime();
      const to = r.validTo ? (parseDateOrInstant(r.validTo) as Date).getTime() : Infinity;
      const key = `${r.instrumentCode}/${r.serviceMode}`;
      byKey.set(key, [...(byKey.get(key) ?? []), [from, to]]);
      expect(r.unit === 'hour' ? Number(r.incrementMinutes) > 0 : r.incrementMinutes === '').toBe(true);
    }
    for (const windows of byKey.values()) {
      windows.sort((a, b) => a[0] - b[0]);
      for (let k = 1; k < windows.length; k++) expect(windows[k][0]).toBeGreaterThanOrEqual(windows[k - 1][1]);
    }
  });

  it('puts exactly one bad cell where it says', () => {
    const bad = generateCatalogueBundle({ instruments: 100, seed: 1, withBadCell: true });
    const lines = bad.files['instruments.csv'].split('\n');
    expect(bad.badCell).toMatchObject({ file: 'instruments.csv', column: 'categoryCode' });
    expect(lines[(bad.badCell?.line ?? 0) - 1].split(',')[6]).toBe('9999');
    expect(rows(bad.files['instruments.csv']).filter((i) => !categories.has(i.categoryCode))).toHaveLength(1);
  });

  it('quotes cells only where needed', () => {
    expect(csvCell('plain')).toBe('plain');
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell(null)).toBe('');
  });
});
