import { Migration } from '@mikro-orm/migrations';
import { auditTableSql, dropAuditTableSql } from '@yixiang/common';

/**
 * The billing service's audit trail (issue 20): vouchers, voucher applications and programmes,
 * reimbursement claims, settlements and statements, each change written in its own transaction,
 * hash-chained, append-only (triggers refuse UPDATE, DELETE and TRUNCATE).
 */
export class Migration20261205121000_audit extends Migration {
  override async up(): Promise<void> {
    for (const sql of auditTableSql('billing')) this.addSql(sql);
  }

  override async down(): Promise<void> {
    for (const sql of dropAuditTableSql('billing')) this.addSql(sql);
  }
}
