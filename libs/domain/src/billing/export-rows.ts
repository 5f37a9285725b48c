import { byCodePoint } from '../validation/code-point-order';
import type { Charge, Unbilled } from './pricing';
import type { Statement } from './statements';
import type { VoucherDraw, VoucherRefusal } from './vouchers';

/**
 * The exchange format's output rows (exchange.md, "What comes out"): the lines of the exported CSV files, as strings in
 * column order. Not database rows: those are the `*Row` types of the apps' repositories.
 */
export const CHARGE_COLUMNS = [
  'usageCode',
  'rateCode',
  'external',
  'billedUnits',
  'amountFen',
  'voucherCode',
  'voucherFen',
  'payableFen',
] as const;
export const UNBILLED_COLUMNS = ['usageCode', 'reason'] as const;
export const VOUCHER_REJECTION_COLUMNS = ['usageCode', 'voucherCode', 'reason'] as const;
export const STATEMENT_COLUMNS = [
  'providerInstitutionCode',
  'payerInstitutionCode',
  'period',
  'lines',
  'amountFen',
  'voucherFen',
  'payableFen',
] as const;

/** A charges.csv row; a refused voucher leaves `voucherCode` empty and `voucherFen` 0. */
export function chargeRow(charge: Charge, voucher: Pick<VoucherDraw, 'voucherCode' | 'voucherFen'> | null): string[] {
  const voucherFen = voucher?.voucherFen ?? 0n;
  return [
    charge.usageCode,
    charge.rateCode,
    String(charge.external),
    charge.billedUnits,
    charge.amountFen.toString(),
    voucher?.voucherCode ?? '',
    voucherFen.toString(),
    (charge.amountFen - voucherFen).toString(),
  ];
}

/** An unbilled.csv row: the reason column is the free-text message. */
export function unbilledRow(unbilled: Unbilled): string[] {
  return [unbilled.usageCode, unbilled.message];
}

/** A voucher-rejections.csv row: the reason column is the free-text message. */
export function voucherRejectionRow(refusal: VoucherRefusal): string[] {
  return [refusal.usageCode, refusal.voucherCode, refusal.message];
}

export function statementRow(s: Statement): string[] {
  return [
    s.providerInstitutionCode,
    s.payerInstitutionCode,
    s.period,
    String(s.lines),
    s.amountFen.toString(),
    s.voucherFen.toString(),
    s.payableFen.toString(),
  ];
}

/** Rows sorted by their columns left to right, by Unicode code point (as COLLATE "C"). */
export function sortRows(rows: string[][]): string[][] {
  return [...rows].sort((a, b) => {
    for (let i = 0; i < Math.max(a.length, b.length); i++) {
      const order = byCodePoint(a[i] ?? '', b[i] ?? '');
      if (order !== 0) return order;
    }
    return 0;
  });
}
