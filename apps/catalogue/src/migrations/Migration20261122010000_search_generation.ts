import { Migration } from '@mikro-orm/migrations';

/**
 * A counter that moves after every committed catalogue change, so that cached search results
 * can be keyed by it: a search never sees results older than the last change it could observe.
 */
export class Migration20261122010000_search_generation extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create sequence catalogue.search_generation`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop sequence if exists catalogue.search_generation`);
  }
}
