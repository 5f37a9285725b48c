import { Migration } from '@mikro-orm/migrations';

/**
 * Lets each catalogue replica keep its in-memory search index (src/search) up to
 * date with deltas: every search row carries the id of the transaction that last wrote it. An
 * INSERT takes the default, every UPDATE (the instrument trigger's upsert, the region sync, the
 * price refreshes) the trigger's value; CLUSTER and VACUUM keep the values. A refresh asks for
 * `written_xid >= ` the xmin of its previous snapshot, through the btree index.
 *
 * `code` gets the "C" collation: the search orders by it, and the index orders in memory by code
 * point; "C" is byte order of UTF-8, i.e. code-point order, whatever the database's own default.
 */
export class Migration20261201000000_search_index_delta extends Migration {
  override async up(): Promise<void> {
    this.addSql(`alter table catalogue.instrument_search add column written_xid xid8 not null default pg_current_xact_id()`);
    this.addSql(`create function catalogue.stamp_written_xid() returns trigger language plpgsql as $$
      begin
        new.written_xid := pg_current_xact_id();
        return new;
      end $$`);
    this.addSql(`create trigger instrument_search_written_xid before update on catalogue.instrument_search
      for each row execute function catalogue.stamp_written_xid()`);
    this.addSql(`create index instrument_search_written_xid_idx on catalogue.instrument_search (written_xid)`);
    this.addSql(`alter table catalogue.instrument_search alter column code type text collate "C"`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table catalogue.instrument_search alter column code type text collate "default"`);
    this.addSql(`drop trigger if exists instrument_search_written_xid on catalogue.instrument_search`);
    this.addSql(`drop function if exists catalogue.stamp_written_xid()`);
    this.addSql(`alter table catalogue.instrument_search drop column if exists written_xid`);
  }
}
