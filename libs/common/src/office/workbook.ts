import { Workbook } from 'exceljs';
import { columnWidth, SheetCell, sheetCell, SheetInput, SheetSpec, totalsRow } from '@yixiang/domain';

export const XLSX_CONTENT_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** Column letters of a 0-based index: 0 → A, 26 → AA. */
function columnLetter(index: number): string {
  let name = '';
  for (let n = index + 1; n > 0; n = Math.floor((n - 1) / 26)) name = String.fromCharCode(65 + ((n - 1) % 26)) + name;
  return name;
}

/**
 * One sheet of typed columns as an .xlsx file (exceljs): a bold, frozen header row, column widths,
 * text cells for codes, real numbers and dates with their formats, and a 合计 row whose cells are
 * SUM formulas carrying the exact total as their cached result (summed in fen by libs/domain), so a
 * spreadsheet that does not recalculate shows the same figure as one that does.
 */
export async function writeWorkbook(spec: SheetSpec, rows: readonly (readonly SheetInput[])[]): Promise<Buffer> {
  const workbook = new Workbook();
  workbook.creator = '仪享 Yixiang';
  workbook.created = new Date();
  const sheet = workbook.addWorksheet(spec.name.slice(0, 31), { views: [{ state: 'frozen', ySplit: 1, xSplit: 0 }] });
  sheet.columns = spec.columns.map((c) => ({ width: columnWidth(c) }));
  const header = sheet.addRow(spec.columns.map((c) => c.header));
  header.font = { bold: true };
  header.alignment = { vertical: 'middle' };
  const put = (rowNumber: number, c: number, cell: SheetCell, formula?: string) => {
    const target = sheet.getCell(rowNumber, c + 1);
    if (cell.type === 'empty') return;
    if (cell.type === 'text') {
      target.value = cell.value;
      target.numFmt = '@';
      return;
    }
    target.value = formula && cell.type === 'number' ? { formula, result: cell.value } : cell.value;
    target.numFmt = cell.format;
  };
  rows.forEach((row, r) => {
    if (row.length !== spec.columns.length) throw new RangeError(`row ${r + 1} has ${row.length} cells for ${spec.columns.length} columns`);
    spec.columns.forEach((column, c) => put(r + 2, c, sheetCell(column, row[c])));
  });
  if (spec.totals) {
    const at = rows.length + 2;
    const totals = totalsRow(spec.columns, rows);
    totals.forEach((cell, c) => put(at, c, cell, rows.length > 0 ? `SUM(${columnLetter(c)}2:${columnLetter(c)}${at - 1})` : undefined));
    sheet.getRow(at).font = { bold: true };
  }
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
