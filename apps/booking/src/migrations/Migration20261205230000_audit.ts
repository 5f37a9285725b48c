import { Migration } from '@mikro-orm/migrations';
import { auditTableSql, dropAuditTableSql } from '@yixiang/common';

/**
 * The booking service's audit trail (issue 20): fund accounts opened and changed (budget, freeze,
 * validity: money), terminals registered and revoked (the evidence of use), each change written in
 * its own transaction, hash-chained, append-only (triggers refuse UPDATE, DELETE and TRUNCATE).
 */
export class Migration20261205230000_audit extends Migration {
  override async up(): Promise<void> {
    for (const sql of auditTableSql('booking')) this.addSql(sql);
  }

  override async down(): Promise<void> {
    for (const sql of dropAuditTableSql('booking')) this.addSql(sql);
  }
}
