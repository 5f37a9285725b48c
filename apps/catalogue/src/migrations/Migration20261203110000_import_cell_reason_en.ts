import { Migration } from '@mikro-orm/migrations';

/**
 * A bad cell's reason in both languages (issue 21): `reason` keeps the Chinese, `reason_en` the
 * English, and GET /jobs/:id/cells answers in the language the request asks for. Cells stored
 * before have no English (null): they are shown as they were written.
 */
export class Migration20261203110000_import_cell_reason_en extends Migration {
  override async up(): Promise<void> {
    this.addSql(`alter table catalogue.import_cell_error add column reason_en text null`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table catalogue.import_cell_error drop column if exists reason_en`);
  }
}
