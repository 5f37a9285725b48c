import { Migration } from '@mikro-orm/migrations';

/**
 * Issue 20: usage an instrument terminal recorded has its own source, keyed by the terminal
 * session (source_ref), so a resent session never makes a second record.
 */
export class Migration20261205100000_usage_source_terminal extends Migration {
  override async up(): Promise<void> {
    this.addSql(`alter table billing.usage_record drop constraint if exists usage_record_source_check`);
    this.addSql(`alter table billing.usage_record add constraint usage_record_source_check check (source in ('check-out', 'import', 'manual', 'terminal'))`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table billing.usage_record drop constraint if exists usage_record_source_check`);
    this.addSql(`alter table billing.usage_record add constraint usage_record_source_check check (source in ('check-out', 'import', 'manual'))`);
  }
}
