import { Unzip, UnzipInflate } from 'fflate';
import { parse } from 'csv-parse/sync';
import { decodeBundleText, fromLegacy, headerProblems, recordWidthProblem, said } from '@yixiang/domain';

import type { CellError } from '@yixiang/contracts';

// Declared in libs/contracts (bad cells travel in replies); re-exported for the exchange code that reads bundles.
export type { CellError };

export class BundleError extends Error {
  constructor(readonly cells: CellError[]) {
    super(`the bundle has ${cells.length} bad cell${cells.length === 1 ? '' : 's'}`);
  }
}

/** How large a bundle may be, packed and unpacked: what a zip bomb would cross first. */
export interface BundleLimits {
  /** The .zip as uploaded. */
  maxCompressedBytes: number;
  /** All files together, unpacked. */
  maxExpandedBytes: number;
  /** One file, unpacked. */
  maxFileBytes: number;
  /** Unpacked bytes per packed byte read so far (a CSV packs 5–10:1; a bomb 1000:1). */
  maxRatio: number;
  /** Files that count (folders, resource forks and hidden files do not; their bytes do). */
  maxFiles: number;
}

const MiB = 1024 * 1024;
export const DEFAULT_BUNDLE_LIMITS: BundleLimits = {
  maxCompressedBytes: 200 * MiB,
  maxExpandedBytes: 512 * MiB,
  maxFileBytes: 256 * MiB,
  maxRatio: 200,
  maxFiles: 20,
};
/** Below this many unpacked bytes the ratio is not judged: a tiny, very regular file may pack 300:1 and harm nobody. */
const RATIO_FLOOR_BYTES = MiB;
/**
 * Packed bytes handed to the inflater at a time. Deflate expands at most ~1032:1, so one push
 * yields at most ~16 MiB before the limits are looked at again: that bounds what a bomb can make
 * us hold before it is stopped.
 */
const PUSH_BYTES = 16 * 1024;
/** Entries of any kind (ignored ones included): each costs a little work even when empty. */
const MAX_ENTRIES = 1000;

const mib = (bytes: number) => `${Math.round((bytes / MiB) * 10) / 10} MB`;
const refuse = (file: string, reason: string): never => {
  throw new BundleError([{ file, line: 0, column: '', reason: fromLegacy(reason, '数据包无法读取') }]);
};

/** Folders, macOS resource forks and hidden files: in the zip, not part of the bundle. */
function ignoredEntry(path: string): boolean {
  const name = path.split('/').pop() ?? '';
  return path.endsWith('/') || path.startsWith('__MACOSX/') || name.startsWith('.');
}

interface DeclaredEntry { name: string; unpacked: number }

/**
 * The entries the central directory declares, or null when the zip has no readable one. Only a
 * hint for refusing an honest bomb before inflating a byte: sizes are whatever the zip's maker
 * wrote, so the inflation below counts what really comes out.
 */
function centralDirectory(bytes: Uint8Array): DeclaredEntry[] | null {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let end = -1;
  for (let i = bytes.length - 22; i >= 0 && i >= bytes.length - 22 - 65535; i--) {
    if (view.getUint32(i, true) === 0x06054b50) {
      end = i;
      break;
    }
  }
  if (end < 0) return null;
  const count = view.getUint16(end + 10, true);
  let at = view.getUint32(end + 16, true);
  const entries: DeclaredEntry[] = [];
  for (let k = 0; k < count; k++) {
    if (at + 46 > bytes.length || view.getUint32(at, true) !== 0x02014b50) break;
    const nameLength = view.getUint16(at + 28, true);
    const name = new TextDecoder().decode(bytes.subarray(at + 46, at + 46 + nameLength));
    // 0xFFFFFFFF: the real size is in a zip64 field; unknown here, so no hint (the count still applies).
    const unpacked = view.getUint32(at + 24, true);
    entries.push({ name, unpacked: unpacked === 0xffffffff ? 0 : unpacked });
    at += 46 + nameLength + view.getUint16(at + 30, true) + view.getUint16(at + 32, true);
  }
  return entries;
}

/**
 * The files of a zipped exchange bundle, by name. Files may sit at the root or in one folder;
 * folders, macOS resource forks and hidden files are ignored.
 *
 * Inflated as a stream under `limits`: the bytes that come out are counted as they come, and
 * inflation stops the moment a limit is crossed, so a 250 KB zip that would expand to 250 MB is
 * refused having made a few MB, not after all of it is in memory. Each file is decoded as it
 * comes out, so its text, not also its bytes, is what is kept.
 */
export function unzipBundle(bytes: Uint8Array, limits: BundleLimits = DEFAULT_BUNDLE_LIMITS): Map<string, string> {
  if (bytes.length > limits.maxCompressedBytes) {
    refuse('(bundle)', `压缩包 ${mib(bytes.length)}，超过上限 ${mib(limits.maxCompressedBytes)} / the bundle is ${mib(bytes.length)}, over the limit of ${mib(limits.maxCompressedBytes)}`);
  }
  const declared = centralDirectory(bytes);
  if (!declared) refuse('(bundle)', '不是可读的 .zip 文件 / not a readable .zip file (no central directory)');
  checkDeclared(declared as DeclaredEntry[], bytes.length, limits);

  const files = new Map<string, string>();
  const folders = new Set<string>();
  const problems: CellError[] = [];
  let stopped: CellError | null = null;
  const stop = (file: string, reason: string) => {
    stopped ??= { file, line: 0, column: '', reason: fromLegacy(reason, '数据包无法读取') };
  };
  let read = 0;
  let expanded = 0;
  let counted = 0;
  let entries = 0;

  const unzip = new Unzip((entry) => {
    if (stopped) return;
    const path = entry.name;
    const parts = path.split('/');
    const name = parts[parts.length - 1];
    const ignored = ignoredEntry(path);
    if (++entries > MAX_ENTRIES) return stop('(bundle)', `条目超过 ${MAX_ENTRIES} 个 / the zip has more than ${MAX_ENTRIES} entries`);
    if (!ignored && ++counted > limits.maxFiles) {
      return stop(name, `文件数超过上限 ${limits.maxFiles} 个 / the bundle holds more than ${limits.maxFiles} files (the limit)`);
    }
    const nested = !ignored && parts.length > 2;
    if (nested) problems.push({ file: path, line: 0, column: '', reason: said('文件必须放在压缩包的根目录或同一个文件夹中', 'files must be at the root of the zip or in one folder') });
    else if (!ignored) folders.add(parts.length === 2 ? parts[0] : '');
    // Ignored and misplaced entries are inflated too (their bytes count: a bomb in __MACOSX/ is a bomb), but not kept.
    const keep = !ignored && !nested;
    const decoder = new TextDecoder('utf-8', { fatal: true });
    const pieces: string[] = [];
    // The file's bytes until it is known to be UTF-8: a file that is not is decoded again whole, as
    // GB18030 (what Excel on a Chinese Windows machine saves), by decodeBundleText.
    const raw: Uint8Array[] = [];
    let size = 0;
    let utf8 = true;
    entry.ondata = (error, chunk, final) => {
      if (stopped) return;
      if (error) return stop(path, `不是可读的 .zip 文件 / not a readable .zip file (${error.message})`);
      size += chunk.length;
      expanded += chunk.length;
      if (size > limits.maxFileBytes) return stop(path, `解压后超过单个文件上限 ${mib(limits.maxFileBytes)} / expands to more than the limit of ${mib(limits.maxFileBytes)} for one file`);
      if (expanded > limits.maxExpandedBytes) {
        return stop(path, `解压后总量超过上限 ${mib(limits.maxExpandedBytes)} / the bundle expands to more than the limit of ${mib(limits.maxExpandedBytes)} in all`);
      }
      if (expanded > RATIO_FLOOR_BYTES && expanded > limits.maxRatio * read) {
        return stop(path, `压缩比超过上限 ${limits.maxRatio}:1（疑似压缩炸弹）/ expands more than ${limits.maxRatio} times its packed size (the limit); not an exchange bundle`);
      }
      // A copy: the inflater may hand out views of a buffer it reuses.
      if (keep) raw.push(chunk.slice());
      if (keep && utf8) {
        try {
          pieces.push(decoder.decode(chunk, { stream: !final }));
        } catch {
          utf8 = false;
          pieces.length = 0;
        }
      }
      if (final && keep) {
        if (utf8) files.set(name, pieces.join(''));
        else {
          const decoded = decodeBundleText(concatBytes(raw));
          if ('text' in decoded) files.set(name, decoded.text);
          else problems.push({ file: name, line: 0, column: '', reason: fromLegacy(decoded.reason, '文件编码无法识别') });
        }
        raw.length = 0;
      }
    };
    entry.start();
  });
  unzip.register(UnzipInflate);
  try {
    for (let at = 0; at < bytes.length && !stopped; at += PUSH_BYTES) {
      read = Math.min(at + PUSH_BYTES, bytes.length);
      unzip.push(bytes.subarray(at, read), read === bytes.length);
    }
  } catch (error) {
    refuse('(bundle)', `不是可读的 .zip 文件 / not a readable .zip file (${error instanceof Error ? error.message : String(error)})`);
  }
  if (stopped) throw new BundleError([stopped]);
  if (folders.size > 1) problems.push({ file: '(bundle)', line: 0, column: '', reason: said(`文件分散在多个文件夹中（${[...folders].map((f) => f || '（根目录）').join('、')}）`, `files are spread over several folders (${[...folders].map((f) => f || '(root)').join(', ')})`) });
  if (problems.length) throw new BundleError(problems);
  if (files.size === 0) refuse('(bundle)', '压缩包中没有文件 / the zip holds no files');
  return files;
}

function concatBytes(chunks: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}

/** Refuses at once what the central directory itself admits is over a limit. */
function checkDeclared(entries: DeclaredEntry[], packed: number, limits: BundleLimits): void {
  if (entries.length > MAX_ENTRIES) refuse('(bundle)', `条目超过 ${MAX_ENTRIES} 个 / the zip has more than ${MAX_ENTRIES} entries`);
  const counted = entries.filter((e) => !ignoredEntry(e.name));
  if (counted.length > limits.maxFiles) refuse('(bundle)', `文件数 ${counted.length}，超过上限 ${limits.maxFiles} 个 / the bundle holds ${counted.length} files, more than the limit of ${limits.maxFiles}`);
  let total = 0;
  for (const e of entries) {
    if (e.unpacked > limits.maxFileBytes) refuse(e.name, `解压后 ${mib(e.unpacked)}，超过单个文件上限 ${mib(limits.maxFileBytes)} / expands to ${mib(e.unpacked)}, more than the limit of ${mib(limits.maxFileBytes)} for one file`);
    total += e.unpacked;
  }
  if (total > limits.maxExpandedBytes) refuse('(bundle)', `解压后共 ${mib(total)}，超过上限 ${mib(limits.maxExpandedBytes)} / the bundle expands to ${mib(total)}, more than the limit of ${mib(limits.maxExpandedBytes)} in all`);
  if (total > RATIO_FLOOR_BYTES && total > limits.maxRatio * packed) {
    const worst = [...entries].sort((a, b) => b.unpacked - a.unpacked)[0];
    refuse(worst.name, `压缩比 ${Math.round(total / packed)}:1，超过上限 ${limits.maxRatio}:1（疑似压缩炸弹）/ expands ${Math.round(total / packed)} times its packed size, more than the limit of ${limits.maxRatio}:1; not an exchange bundle`);
  }
}

export interface CsvRow {
  /** 1-based line in the file where the record starts (the header is line 1). */
  line: number;
  cells: Record<string, string>;
}

/**
 * Parses one CSV of the exchange format: header row, columns in any order, unknown columns an
 * error, required columns present, a UTF-8 BOM tolerated. Cells are trimmed of nothing: a value
 * is what the file says.
 */
export function parseExchangeCsv(file: string, text: string, columns: { known: readonly string[]; required: readonly string[] }, errors: CellError[]): CsvRow[] {
  let records: string[][];
  let lines: number[];
  try {
    const parsed = parse(text, { bom: true, relax_column_count: true, skip_empty_lines: true, info: true }) as unknown as { record: string[]; info: { lines: number } }[];
    records = parsed.map((p) => p.record);
    lines = parsed.map((p) => p.info.lines);
  } catch (error) {
    const e = error as { lines?: number; message?: string };
    errors.push({ file, line: e.lines ?? 0, column: '', reason: said(`不是有效的 CSV 文件（${e.message ?? String(error)}）`, `not valid CSV: ${e.message ?? String(error)}`) });
    return [];
  }
  if (records.length === 0) {
    errors.push({ file, line: 1, column: '', reason: said('文件为空：必须有表头行', 'the file is empty: a header row is required') });
    return [];
  }
  const header = records[0].map((h) => h.trim());
  const problems = headerProblems(header, columns);
  for (const p of problems) errors.push({ file, line: 1, column: p.column, reason: p.reason });
  if (problems.length) return [];
  const rows: CsvRow[] = [];
  for (let i = 1; i < records.length; i++) {
    const record = records[i];
    // `info.lines` is where the record ends; a record with quoted newlines starts earlier.
    const line = lines[i] - record.filter((c) => c.includes('\n')).reduce((n, c) => n + c.split('\n').length - 1, 0);
    const width = recordWidthProblem(record.length, header.length);
    if (width) {
      errors.push({ file, line, column: '', reason: width });
      continue;
    }
    const cells: Record<string, string> = {};
    header.forEach((h, k) => (cells[h] = record[k]));
    rows.push({ line, cells });
  }
  return rows;
}
