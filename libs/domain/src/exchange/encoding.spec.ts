import fc from 'fast-check';
import { decodeBundleText, UNDECODABLE_REASON } from './encoding';

// 你好，仪享 in GB18030, as `printf '你好，仪享' | iconv -f UTF-8 -t GB18030` writes it.
const GB18030_NIHAO = Uint8Array.from([0xc4, 0xe3, 0xba, 0xc3, 0xa3, 0xac, 0xd2, 0xc7, 0xcf, 0xed]);

describe('decodeBundleText', () => {
  it.each<[string, Uint8Array, ReturnType<typeof decodeBundleText>]>([
    ['UTF-8', new TextEncoder().encode('code,name\nA,你好\n'), { text: 'code,name\nA,你好\n', encoding: 'utf-8' }],
    ['ASCII (both: read as UTF-8)', new TextEncoder().encode('code\nA\n'), { text: 'code\nA\n', encoding: 'utf-8' }],
    ['GB18030', GB18030_NIHAO, { text: '你好，仪享', encoding: 'gb18030' }],
    ['neither (0xFF is no byte of either)', Uint8Array.from([0x41, 0xff, 0xfe, 0x42]), { reason: UNDECODABLE_REASON }],
    ['a GB18030 lead byte cut off', Uint8Array.from([0x41, 0x81]), { reason: UNDECODABLE_REASON }],
  ])('%s', (_what, bytes, decoded) => {
    expect(decodeBundleText(bytes)).toEqual(decoded);
  });

  it('says in Chinese first what to do', () => {
    expect(UNDECODABLE_REASON).toMatch(/^文件既不是 UTF-8 也不是 GB18030/);
  });

  it('reads every UTF-8 text as UTF-8, as it is (property)', () => {
    fc.assert(fc.property(fc.string({ unit: 'grapheme' }), (text) => {
      expect(decodeBundleText(new TextEncoder().encode(text))).toEqual({ text, encoding: 'utf-8' });
    }));
  });
});
