import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A cell of LibreOffice's CSV: its text, and whether LibreOffice quoted it (it quotes text cells, never numbers). */
export interface OfficeCell { text: string; quoted: boolean }

/** LibreOffice's first start in a fresh profile is slow on a loaded machine. */
const CONVERT_TIMEOUT_MS = 60000;

/**
 * Opens an .xlsx file with LibreOffice headless (deploy/local/ensure-libreoffice.sh installs it) and
 * reads back its first sheet as LibreOffice shows it: tab-separated, UTF-8, text cells quoted, each
 * cell as formatted ("79,200.00"). A profile of its own, so parallel runs do not share a lock.
 */
export function openWithLibreOffice(bytes: Uint8Array, fileName: string): { rows: OfficeCell[][]; ms: number } {
  const dir = mkdtempSync(join(tmpdir(), 'yixiang-soffice-'));
  try {
    writeFileSync(join(dir, fileName), bytes);
    const started = Date.now();
    const run = spawnSync(process.env.SOFFICE_PATH ?? 'soffice', [
      `-env:UserInstallation=file://${join(dir, 'profile')}`, '--headless', '--norestore',
      // The CSV filter's tokens: tab-separated (9, so "79,200.00" needs no quotes), " (34), UTF-8 (76), line 1, -, language, quote every text cell.
      '--convert-to', 'csv:Text - txt - csv (StarCalc):9,34,76,1,,0,true', '--outdir', join(dir, 'out'), join(dir, fileName),
    ], { timeout: CONVERT_TIMEOUT_MS, encoding: 'utf8' });
    const ms = Date.now() - started;
    if (run.error || run.status !== 0) throw new Error(`soffice failed (${ms} ms): ${run.error?.message ?? ''} ${run.stderr ?? ''}`);
    const text = readFileSync(join(dir, 'out', fileName.replace(/\.xlsx$/, '.csv')), 'utf8');
    return { rows: text.replace(/\r?\n$/, '').split(/\r?\n/).map((line) => line.split('\t').map(cellOf)), ms };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function cellOf(field: string): OfficeCell {
  if (field.length >= 2 && field.startsWith('"') && field.endsWith('"')) return { text: field.slice(1, -1).replace(/""/g, '"'), quoted: true };
  return { text: field, quoted: false };
}

/** The number a cell shows ("79,200.00" → 79200), in hundredths (fen for yuan), exactly; throws on a text cell. */
export function hundredths(cell: OfficeCell): number {
  if (cell.quoted || !/^-?[\d,]+(\.\d{1,2})?$/.test(cell.text)) throw new Error(`not a number cell: ${JSON.stringify(cell)}`);
  const [whole, frac = ''] = cell.text.replace(/,/g, '').split('.');
  const sign = whole.startsWith('-') ? -1 : 1;
  return sign * (Math.abs(Number(whole)) * 100 + Number(frac.padEnd(2, '0')));
}
