import { Migration } from '@mikro-orm/migrations';
import { auditTableSql, dropAuditTableSql } from '@yixiang/common';

/**
 * The subsidy service's audit trail (issue 20): policies, subsidy runs published and deleted, each change written in its own
 * transaction, hash-chained, append-only (triggers refuse UPDATE, DELETE and TRUNCATE).
 */
export class Migration20261205122000_audit extends Migration {
  override async up(): Promise<void> {
    for (const sql of auditTableSql('subsidy')) this.addSql(sql);
  }

  override async down(): Promise<void> {
    for (const sql of dropAuditTableSql('subsidy')) this.addSql(sql);
  }
}
