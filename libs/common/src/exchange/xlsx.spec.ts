import { strFromU8, unzipSync } from 'fflate';
import { writeXlsx } from './xlsx';

describe('writeXlsx', () => {
  it('writes a workbook whose sheet holds the header, numbers as numbers and text escaped', () => {
    const bytes = writeXlsx('charges', ['usageCode', 'amountFen'], [['UR-1 <&>', '7920000'], ['UR-2', '-5']]);
    const files = unzipSync(bytes);
    expect(Object.keys(files).sort()).toEqual(['[Content_Types].xml', '_rels/.rels', 'xl/_rels/workbook.xml.rels', 'xl/styles.xml', 'xl/workbook.xml', 'xl/worksheets/sheet1.xml']);
    const sheet = strFromU8(files['xl/worksheets/sheet1.xml']);
    expect(sheet).toContain('<c r="A1" t="inlineStr" s="1"><is><t xml:space="preserve">usageCode</t></is></c>');
    expect(sheet).toContain('<c r="B2"><v>7920000</v></c>');
    expect(sheet).toContain('UR-1 &lt;&amp;&gt;');
    expect(sheet).toContain('<c r="B3"><v>-5</v></c>');
  });
});
