import { Migration } from '@mikro-orm/migrations';
import { outboxTableSql } from '@yixiang/common';

/**
 * Billing's transactional outbox (issue 19): statement and voucher events are written here in the
 * transaction of the change they report and published to JetStream, as booking's are from booking.outbox.
 */
export class Migration20261203100000_outbox extends Migration {
  override async up(): Promise<void> {
    for (const sql of outboxTableSql('billing')) this.addSql(sql);
  }

  override async down(): Promise<void> {
    this.addSql('drop table billing.outbox');
  }
}
