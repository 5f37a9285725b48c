import { CellValue, Workbook } from 'exceljs';

/** The first sheet of an .xlsx file as rows of cell values (formulas as their cached results), read with exceljs. */
export async function readSheet(bytes: ArrayBuffer | Uint8Array): Promise<{ name: string; rows: unknown[][]; formats: string[][] }> {
  const workbook = new Workbook();
  await workbook.xlsx.load(Buffer.from(bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes)) as unknown as ArrayBuffer);
  const sheet = workbook.worksheets[0];
  const rows: unknown[][] = [];
  const formats: string[][] = [];
  sheet.eachRow({ includeEmpty: true }, (row) => {
    const values: unknown[] = [];
    const fmts: string[] = [];
    for (let c = 1; c <= sheet.columnCount; c++) {
      const cell = row.getCell(c);
      const v: CellValue = cell.value;
      // exceljs's reader drops a formula's cached result when it is 0 (the file has <v>0</v>; workbook.spec checks it).
      values.push(v !== null && typeof v === 'object' && 'formula' in v ? (v.result ?? 0) : v);
      fmts.push(cell.numFmt ?? '');
    }
    rows.push(values);
    formats.push(fmts);
  });
  return { name: sheet.name, rows, formats };
}
