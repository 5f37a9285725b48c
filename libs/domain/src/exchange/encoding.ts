// Which text encoding a bundle's file is in (issue 21). exchange.md says UTF-8, but Excel on a Chinese
// Windows machine saves "CSV" in the system code page, GB18030 (its GBK subset): such a file is read as
// GB18030 rather than refused. TextDecoder is a global of every JavaScript runtime, not an I/O import.

export type TextEncodingName = 'utf-8' | 'gb18030';

export type DecodedText = { text: string; encoding: TextEncodingName } | { reason: string };

export const UNDECODABLE_REASON = '文件既不是 UTF-8 也不是 GB18030 编码的文本，请在 Excel 中另存为“CSV UTF-8（逗号分隔）” / the file is neither UTF-8 nor GB18030 text; save it as "CSV UTF-8" in Excel';

/**
 * UTF-8 when the bytes are valid UTF-8 (a UTF-8 file is never read otherwise: an ASCII file is both),
 * else GB18030 when they are valid GB18030, else the reason, in Chinese first. GB18030 maps every
 * Unicode character, so what it decodes is always the file's text, never a guess among code pages.
 */
export function decodeBundleText(bytes: Uint8Array): DecodedText {
  for (const encoding of ['utf-8', 'gb18030'] as const) {
    try {
      return { text: new TextDecoder(encoding, { fatal: true }).decode(bytes), encoding };
    } catch {
      // Not this encoding: the next one, or the reason.
    }
  }
  return { reason: UNDECODABLE_REASON };
}
