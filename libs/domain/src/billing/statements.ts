import { SHANGHAI_OFFSET_MS } from '../instants';

/** A billed record as it enters a statement. */
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

/** The Asia/Shanghai month (YYYY-MM) that contains an instant: a record belongs to the month of its start. */
export function periodOf(instant: Date): string {
  return new Date(instant.getTime() + SHANGHAI_OFFSET_MS).toISOString().slice(0, 7);
}

const byCodePoint = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** Statements per provider, payer and month; each total is the sum of its lines. Sorted as statements.csv is. */
export function buildStatements(lines: readonly StatementLine[]): Statement[] {
  const groups = new Map<string, Statement>();
  for (const line of lines) {
    const period = periodOf(line.start);
    const key = `${line.providerInstitutionCode}\u0000${line.payerInstitutionCode}\u0000${period}`;
    const s = groups.get(key) ?? { providerInstitutionCode: line.providerInstitutionCode, payerInstitutionCode: line.payerInstitutionCode, period, lines: 0, amountFen: 0n, voucherFen: 0n, payableFen: 0n };
    s.lines += 1;
    s.amountFen += line.amountFen;
    s.voucherFen += line.voucherFen;
    s.payableFen += line.amountFen - line.voucherFen;
    groups.set(key, s);
  }
  return [...groups.values()].sort((a, b) => byCodePoint(a.providerInstitutionCode, b.providerInstitutionCode) || byCodePoint(a.payerInstitutionCode, b.payerInstitutionCode) || byCodePoint(a.period, b.period));
}
