import { Migration } from '@mikro-orm/migrations';

/**
 * Usage records of completed sample orders (issue 18): source `sample-order`, keyed by the order.
 * Their interval is the testing time of one order, and a lab tests several orders' samples in one
 * run, so they are left out of the no-overlap rule that keeps a booked instrument's sessions apart
 * (a sample record never holds a check-out back, nor is held by one).
 */
export class Migration20261205200100_sample_order_usage extends Migration {
  override async up(): Promise<void> {
    // Every source so far (terminal: issue 20's Migration20261205100000_usage_source_terminal) and sample-order.
    this.addSql(`alter table billing.usage_record drop constraint if exists usage_record_source_check`);
    this.addSql(`alter table billing.usage_record add constraint usage_record_source_check check (source in ('check-out', 'import', 'manual', 'terminal', 'sample-order'))`);
    this.addSql(`alter table billing.usage_record add constraint usage_sample_order check (source <> 'sample-order' or (service_mode = 'sample' and samples is not null))`);
    this.addSql(`alter table billing.usage_record drop constraint usage_no_overlap`);
    this.addSql(`alter table billing.usage_record add constraint usage_no_overlap exclude using gist (instrument_id with =, period with &&)
      where (status = 'completed' and source <> 'sample-order')`);
  }

  override async down(): Promise<void> {
    this.addSql(`delete from billing.usage_record where source = 'sample-order'`);
    this.addSql(`alter table billing.usage_record drop constraint usage_no_overlap`);
    this.addSql(`alter table billing.usage_record add constraint usage_no_overlap exclude using gist (instrument_id with =, period with &&) where (status = 'completed')`);
    this.addSql(`alter table billing.usage_record drop constraint usage_sample_order`);
    this.addSql(`alter table billing.usage_record drop constraint if exists usage_record_source_check`);
    this.addSql(`alter table billing.usage_record add constraint usage_record_source_check check (source in ('check-out', 'import', 'manual', 'terminal'))`);
  }
}
