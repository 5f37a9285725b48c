import { Migration } from '@mikro-orm/migrations';

/** What a booking's service is for travels with its usage record to billing and the evaluation. */
export class Migration20261122110000_service_category extends Migration {
  override async up(): Promise<void> {
    this.addSql(`alter table booking.booking add column service_category text
      check (service_category in ('research', 'testing', 'training', 'statutory-certification', 'law-enforcement',
        'commercial-inspection', 'commercial-filming', 'medical-service'))`);
    this.addSql(`update booking.booking set service_category = 'research' where kind = 'booking'`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table booking.booking drop column service_category`);
  }
}
