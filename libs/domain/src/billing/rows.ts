import type { Charge } from './pricing';
import type { Statement } from './statements';

/** The exchange format's output rows (exchange.md, "What comes out"), as strings in column order. */
export const CHARGE_COLUMNS = ['usageCode', 'rateCode', 'external', 'billedUnits', 'amountFen', 'voucherCode', 'voucherFen', 'payableFen'] as const;
export const STATEMENT_COLUMNS = ['providerInstitutionCode', 'payerInstitutionCode', 'period', 'lines', 'amountFen', 'voucherFen', 'payableFen'] as const;

export function chargeRow(charge: Charge, voucher: { voucherCode: string; voucherFen: bigint } | null): string[] {
  const voucherFen = voucher?.voucherFen ?? 0n;
  return [
    charge.usageCode, charge.rateCode, String(charge.external), charge.billedUnits, charge.amountFen.toString(),
    voucher?.voucherCode ?? '', voucherFen.toString(), (charge.amountFen - voucherFen).toString(),
  ];
}

export function statementRow(s: Statement): string[] {
  return [s.providerInstitutionCode, s.payerInstitutionCode, s.period, String(s.lines), s.amountFen.toString(), s.voucherFen.toString(), s.payableFen.toString()];
}

/** Rows sorted by their columns left to right, by Unicode code point (as COLLATE "C"). */
export function sortRows(rows: string[][]): string[][] {
  return [...rows].sort((a, b) => {
    for (let i = 0; i < Math.max(a.length, b.length); i++) {
      if (a[i] !== b[i]) return (a[i] ?? '') < (b[i] ?? '') ? -1 : 1;
    }
    return 0;
  });
}
