import { zipSync } from 'fflate';

/**
 * A zip whose one CSV expands to `expandedBytes` of a repeated letter (~1000:1). With `lie`, the
 * sizes its headers declare are rewritten to 1 KB, as a hostile maker would: only counting the
 * bytes that really come out catches it then.
 */
export function zipBomb(expandedBytes: number, opts: { lie?: boolean; name?: string; from?: Uint8Array } = {}): Uint8Array {
  // `from`: an honest bomb of the same size made before (zipping 250 MB takes seconds), copied.
  const zip = opts.from ? opts.from.slice() : zipSync({ [opts.name ?? 'instruments.csv']: new Uint8Array(expandedBytes).fill(0x41) }, { level: 6 });
  if (opts.lie) {
    const view = new DataView(zip.buffer, zip.byteOffset, zip.byteLength);
    for (let i = 0; i + 4 <= zip.length; i++) {
      const sig = view.getUint32(i, true);
      // Local file header: uncompressed size at +22; central directory entry: at +24.
      if (sig === 0x04034b50 && view.getUint32(i + 22, true) === expandedBytes) view.setUint32(i + 22, 1024, true);
      if (sig === 0x02014b50 && view.getUint32(i + 24, true) === expandedBytes) view.setUint32(i + 24, 1024, true);
    }
  }
  return zip;
}
