import type { Said } from '@yixiang/contracts';
import { fromLegacy } from '@yixiang/domain';
import fc from 'fast-check';
import { strToU8, zipSync } from 'fflate';
import { generateCatalogueBundle, zipBundle } from '../../../../bench/generator/catalogue';
import { zipBomb } from '../../../../test/support/zip-bomb';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { UNDECODABLE_REASON } from '@yixiang/domain';
import { BundleError, BundleLimits, DEFAULT_BUNDLE_LIMITS, unzipBundle } from './bundle';

const zip = (files: Record<string, string>) => zipSync(Object.fromEntries(Object.entries(files).map(([n, t]) => [n, strToU8(t)])));

/** The cells a refusal reports, or a failure if the bundle was accepted. */
function refusal(bytes: Uint8Array, limits?: BundleLimits): { file: string; reason: Said }[] {
  try {
    unzipBundle(bytes, limits);
  } catch (error) {
    if (error instanceof BundleError) return error.cells;
    throw error;
  }
  throw new Error('the bundle was accepted');
}

/** Zipping 250 MB takes seconds: made once, and the lying copy patched from it. */
let honestBomb: Uint8Array | undefined;
let lyingBomb: Uint8Array | undefined;
const bombs = () => {
  honestBomb ??= zipBomb(250 * 1024 * 1024);
  lyingBomb ??= zipBomb(250 * 1024 * 1024, { lie: true, from: honestBomb });
  return { honest: honestBomb, lying: lyingBomb };
};

describe('unzipping a bundle under limits', () => {
  it('reads a file Excel saved as GB18030 as its text, and refuses one that is neither UTF-8 nor GB18030 with the reason', () => {
    const gb18030 = readFileSync(join(__dirname, '../../../../test/fixtures/gb18030-bundle/institutions.csv'));
    expect(() => new TextDecoder('utf-8', { fatal: true }).decode(gb18030)).toThrow();
    const files = unzipBundle(zipSync({ 'institutions.csv': gb18030, 'users.csv': strToU8('code\n') }));
    expect(files.get('institutions.csv')).toBe('code,name,kind,region,creditCode,groupCode\nG18-UNIV,重庆长江仪器共享研究院,institute,CQ,,\n');
    expect(files.get('users.csv')).toBe('code\n');
    expect(refusal(zipSync({ 'institutions.csv': Uint8Array.from([0x63, 0xff, 0x0a]) }))).toEqual([
      { file: 'institutions.csv', line: 0, column: '', reason: fromLegacy(UNDECODABLE_REASON, '') },
    ]);
  });

  it('reads files at the root or in one folder, skipping resource forks and hidden files', () => {
    const files = unzipBundle(zip({ 'b/instruments.csv': 'code\nEQ-1\n', 'b/rates.csv': '价格\n', '__MACOSX/b/._rates.csv': 'x', 'b/.DS_Store': 'x' }));
    expect([...files.entries()]).toEqual([['instruments.csv', 'code\nEQ-1\n'], ['rates.csv', '价格\n']]);
  });

  it('refuses what is not a zip, and a zip cut short', () => {
    expect(refusal(new Uint8Array([1, 2, 3]))[0].reason.en).toContain('not a readable .zip');
    const whole = zip({ 'instruments.csv': 'code\n'.repeat(5000) });
    expect(refusal(whole.subarray(0, whole.length - 30))[0].reason.en).toContain('not a readable .zip');
  });

  it('refuses an honest bomb from its central directory, before inflating', () => {
    // The reason quotes the declared ratio: the refusal came from the central directory. (How fast,
    // and in how little memory, test/import-limits.e2e-spec.ts measures on the running catalogue.)
    const cells = refusal(bombs().honest);
    expect(cells).toEqual([{ file: 'instruments.csv', line: 0, column: '', reason: { zh: expect.stringMatching(/^压缩比 \d+:1，超过上限 200:1/), en: expect.stringContaining('more than the limit of 200:1') } }]);
  });

  it('stops a bomb that lies about its sizes within a few MB of output', () => {
    const bomb = bombs().lying;
    // The lie holds up to the hint: nothing declared is over a limit.
    // Inflating it whole would hold 250 MB; other work in this process may add some tens of MB.
    const before = process.memoryUsage().arrayBuffers;
    const cells = refusal(bomb);
    expect(process.memoryUsage().arrayBuffers - before).toBeLessThan(120 * 1024 * 1024);
    expect(cells).toEqual([{ file: 'instruments.csv', line: 0, column: '', reason: expect.objectContaining({ en: expect.stringContaining('more than 200 times its packed size') }) }]);
  });

  it('counts real bytes against the per-file and the total limit, naming the file', () => {
    const limits = { ...DEFAULT_BUNDLE_LIMITS, maxFileBytes: 2 * 1024 * 1024, maxExpandedBytes: 3 * 1024 * 1024, maxRatio: 1e9 };
    // Lying headers: the hint passes, the count does not.
    expect(refusal(zipBomb(3 * 1024 * 1024, { lie: true, name: 'usage.csv' }), limits)).toEqual([
      { file: 'usage.csv', line: 0, column: '', reason: expect.objectContaining({ en: expect.stringContaining('more than the limit of 2 MB for one file') }) },
    ]);
    const two = zipSync({ 'usage.csv': new Uint8Array(1.8 * 1024 * 1024).fill(65), 'rates.csv': new Uint8Array(1.8 * 1024 * 1024).fill(66) });
    expect(refusal(two, limits)).toEqual([{ file: '(bundle)', line: 0, column: '', reason: expect.objectContaining({ en: expect.stringContaining('more than the limit of 3 MB in all') }) }]);
  });

  it('refuses more files than allowed, and an upload over the packed limit', () => {
    const many = Object.fromEntries(Array.from({ length: 21 }, (_, i) => [`f${i}.csv`, 'x']));
    expect(refusal(zip(many))[0].reason.en).toContain('more than the limit of 20');
    expect(refusal(zip({ 'a.csv': 'x'.repeat(2000) }), { ...DEFAULT_BUNDLE_LIMITS, maxCompressedBytes: 10 })[0].reason.en).toContain('over the limit of');
  });

  it('lets a generated 100,000-instrument bundle through (its ratio is far under 200:1)', () => {
    const { files } = generateCatalogueBundle({ instruments: 100_000, seed: 1 });
    const bytes = zipBundle(files);
    const expanded = Object.values(files).reduce((n, t) => n + Buffer.byteLength(t), 0);
    expect(expanded / bytes.length).toBeLessThan(20);
    const read = unzipBundle(bytes);
    expect(read.get('instruments.csv')).toBe(files['instruments.csv']);
  }, 60000);

  it('gives back every file as it was zipped, whatever the content, under default limits', () => {
    const text = fc.string({ unit: 'grapheme', maxLength: 3000 });
    fc.assert(fc.property(fc.dictionary(fc.constantFrom('institutions.csv', 'users.csv', 'instruments.csv', 'rates.csv', 'usage.csv'), text, { minKeys: 1 }), (files) => {
      const read = unzipBundle(zip(files));
      expect(Object.fromEntries(read)).toEqual(files);
    }), { numRuns: 150 });
  });
});
