import { Workbook } from 'exceljs';
import { strFromU8, unzipSync } from 'fflate';
import { SheetSpec } from '@yixiang/domain';
import { writeWorkbook } from './workbook';

const spec: SheetSpec = {
  name: '费用明细', totals: true,
  columns: [
    { header: '编号', kind: 'text' }, { header: '开始时间', kind: 'datetime' }, { header: '金额（元）', kind: 'yuan' },
    { header: '机时（小时）', kind: 'hours' }, { header: '占比', kind: 'percent' }, { header: '次数', kind: 'integer' },
  ],
};

async function readBack(bytes: Buffer) {
  const workbook = new Workbook();
  await workbook.xlsx.load(bytes as unknown as ArrayBuffer);
  return workbook.worksheets[0];
}

describe('writeWorkbook', () => {
  it('writes a sheet a spreadsheet reads as codes in text, real numbers and dates, a bold frozen header and a 合计 row', async () => {
    const sheet = await readBack(await writeWorkbook(spec, [
      ['0012', '2026-03-04T01:00:00Z', 7920000n, 90, 2500, 3],
      ['UR-2 <&>', null, '458338', '1', null, 1],
    ]));
    expect(sheet.name).toBe('费用明细');
    expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    expect(sheet.getRow(1).values).toEqual([undefined, '编号', '开始时间', '金额（元）', '机时（小时）', '占比', '次数']);
    expect(sheet.getCell('A1').font).toMatchObject({ bold: true });
    expect(sheet.getColumn(1).width).toBeGreaterThanOrEqual(10);

    expect(sheet.getCell('A2').value).toBe('0012');
    expect(sheet.getCell('A2').numFmt).toBe('@');
    expect(sheet.getCell('B2').value).toEqual(new Date('2026-03-04T09:00:00Z'));
    expect(sheet.getCell('B2').numFmt).toBe('yyyy-mm-dd hh:mm');
    expect(sheet.getCell('C2').value).toBe(79200);
    expect(sheet.getCell('C2').numFmt).toBe('#,##0.00');
    expect(sheet.getCell('C3').value).toBe(4583.38);
    expect(sheet.getCell('D2').value).toBe(1.5);
    expect(sheet.getCell('D2').numFmt).toBe('0.00');
    expect(sheet.getCell('E2').value).toBe(0.25);
    expect(sheet.getCell('E2').numFmt).toBe('0.00%');
    expect(sheet.getCell('F2').value).toBe(3);
    expect(sheet.getCell('A3').value).toBe('UR-2 <&>');
    expect(sheet.getCell('B3').value).toBeNull();

    expect(sheet.getCell('A4').value).toBe('合计');
    expect(sheet.getCell('A4').font).toMatchObject({ bold: true });
    expect(sheet.getCell('C4').value).toEqual({ formula: 'SUM(C2:C3)', result: 83783.38 });
    expect(sheet.getCell('D4').value).toEqual({ formula: 'SUM(D2:D3)', result: 1.52 });
    expect(sheet.getCell('E4').value).toBeNull();
    expect(sheet.getCell('F4').value).toBeNull();
    expect(sheet.rowCount).toBe(4);
  });

  it('writes a totals row of zeros under an empty sheet', async () => {
    const sheet = await readBack(await writeWorkbook(spec, []));
    expect(sheet.getCell('A2').value).toBe('合计');
    expect(sheet.getCell('C2').value).toBe(0);
  });

  it('writes a zero total as a SUM formula with its cached 0 (a spreadsheet that does not recalculate shows 0, not nothing)', async () => {
    const bytes = await writeWorkbook(spec, [['A', null, 0, 0, null, 0]]);
    const xml = strFromU8(unzipSync(new Uint8Array(bytes))['xl/worksheets/sheet1.xml']);
    expect(xml).toContain('<c r="C3" s="');
    expect(xml).toMatch(/<c r="C3" s="\d+"><f>SUM\(C2:C2\)<\/f><v>0<\/v><\/c>/);
  });

  it('refuses a row that does not fit the columns', async () => {
    await expect(writeWorkbook(spec, [['x']])).rejects.toThrow(RangeError);
  });
});
