import { Migration } from '@mikro-orm/migrations';

/**
 * Issue 18: a check-out's usage record names the fund account (经费卡) its booking was paid from,
 * by id and code as the booking service sent them (billing does not read booking's tables), so
 * that charges and statement lines show it.
 */
export class Migration20261205180100_usage_fund_account extends Migration {
  override async up(): Promise<void> {
    this.addSql(`alter table billing.usage_record
      add column fund_account_id uuid,
      add column fund_account_code text,
      add constraint usage_record_fund_account_pair check ((fund_account_id is null) = (fund_account_code is null))`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table billing.usage_record drop column fund_account_code, drop column fund_account_id`);
  }
}
