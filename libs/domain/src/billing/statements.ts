import { byCodePoint } from '../validation/code-point-order';
import { periodOf } from './periods';

/** A billed record as it enters a statement. An internal record has the provider as payer. */
export interface StatementLine {
  usageCode: string;
  providerInstitutionCode: string;
  payerInstitutionCode: string;
  start: Date;
  amountFen: bigint;
  voucherFen: bigint;
}

export interface Statement {
  providerInstitutionCode: string;
  payerInstitutionCode: string;
  period: string;
  lines: number;
  amountFen: bigint;
  voucherFen: bigint;
  payableFen: bigint;
}

/**
 * Statements per provider, payer and Shanghai month of the record's start. Every total is the sum of
 * its lines (payable included, never recomputed from the other totals). Sorted as statements.csv is.
 */
export function buildStatements(lines: readonly StatementLine[]): Statement[] {
  const groups = new Map<string, Statement>();
  for (const line of lines) {
    const period = periodOf(line.start);
    const key = `${line.providerInstitutionCode}\u0000${line.payerInstitutionCode}\u0000${period}`;
    let s = groups.get(key);
    if (!s) {
      s = {
        providerInstitutionCode: line.providerInstitutionCode,
        payerInstitutionCode: line.payerInstitutionCode,
        period,
        lines: 0,
        amountFen: 0n,
        voucherFen: 0n,
        payableFen: 0n,
      };
      groups.set(key, s);
    }
    s.lines += 1;
    s.amountFen += line.amountFen;
    s.voucherFen += line.voucherFen;
    s.payableFen += line.amountFen - line.voucherFen;
  }
  return [...groups.values()].sort(
    (a, b) =>
      byCodePoint(a.providerInstitutionCode, b.providerInstitutionCode) ||
      byCodePoint(a.payerInstitutionCode, b.payerInstitutionCode) ||
      byCodePoint(a.period, b.period),
  );
}
