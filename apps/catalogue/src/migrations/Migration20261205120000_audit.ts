import { Migration } from '@mikro-orm/migrations';
import { auditTableSql, dropAuditTableSql } from '@yixiang/common';

/**
 * The catalogue service's audit trail (issue 20): institutions, users’ roles and institutions, instruments’ rate cards, each change
 * written in its own
 * transaction, hash-chained, append-only (triggers refuse UPDATE, DELETE and TRUNCATE).
 */
export class Migration20261205120000_audit extends Migration {
  override async up(): Promise<void> {
    for (const sql of auditTableSql('catalogue')) this.addSql(sql);
  }

  override async down(): Promise<void> {
    for (const sql of dropAuditTableSql('catalogue')) this.addSql(sql);
  }
}
