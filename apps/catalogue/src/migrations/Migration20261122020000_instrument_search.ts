import { Migration } from '@mikro-orm/migrations';

/**
 * A narrow copy of what a catalogue search filters on, one row per instrument, kept by triggers.
 * The instrument row is wide (specifications, functions, booking rules), so counting tens of
 * thousands of matches on it reads most of the table; this table is a fraction of its size and
 * carries the owner's region, which a search would otherwise join for.
 */
export class Migration20261122020000_instrument_search extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create table catalogue.instrument_search (
      id uuid primary key references catalogue.instrument (id) on delete cascade,
      code text not null,
      institution_id uuid not null,
      region text,
      category_code text not null,
      sharing_status text not null,
      retired_on date,
      online_booking boolean not null,
      service_modes text[] not null,
      search_text text,
      search_grams text[],
      -- Lowest external price per service mode among the cards valid at prices_as_of.
      price_self_fen bigint,
      price_assisted_fen bigint,
      price_sample_fen bigint,
      price_min_fen bigint)`);
    this.addSql(`create table catalogue.price_refresh (id int primary key check (id = 1), as_of timestamptz not null)`);
    this.addSql(`insert into catalogue.price_refresh values (1, now())`);
    this.addSql(`create unique index instrument_search_code_idx on catalogue.instrument_search (code)`);
    this.addSql(`create index instrument_search_category_idx on catalogue.instrument_search (category_code text_pattern_ops, online_booking)`);
    this.addSql(`create index instrument_search_region_idx on catalogue.instrument_search (region, category_code text_pattern_ops)`);
    this.addSql(`create index instrument_search_institution_idx on catalogue.instrument_search (institution_id)`);
    this.addSql(`create index instrument_search_modes_idx on catalogue.instrument_search using gin (service_modes)`);
    this.addSql(`create index instrument_search_bigrams_idx on catalogue.instrument_search using gin (search_grams)`);
    this.addSql(`create function catalogue.sync_instrument_search() returns trigger language plpgsql as $$
      begin
        insert into catalogue.instrument_search as s (id, code, institution_id, region, category_code, sharing_status, retired_on,
          online_booking, service_modes, search_text, search_grams)
        select new.id, new.code, new.institution_id, ins.region, new.category_code, new.sharing_status, new.retired_on,
          new.online_booking, new.service_modes, new.search_text, new.search_grams
        from catalogue.institution ins where ins.id = new.institution_id
        on conflict (id) do update set code = excluded.code, institution_id = excluded.institution_id, region = excluded.region,
          category_code = excluded.category_code, sharing_status = excluded.sharing_status, retired_on = excluded.retired_on,
          online_booking = excluded.online_booking, service_modes = excluded.service_modes, search_text = excluded.search_text,
          search_grams = excluded.search_grams;
        return null;
      end $$`);
    this.addSql(`create trigger instrument_search_sync after insert or update on catalogue.instrument
      for each row execute function catalogue.sync_instrument_search()`);
    this.addSql(`create function catalogue.sync_institution_region() returns trigger language plpgsql as $$
      begin
        update catalogue.instrument_search set region = new.region where institution_id = new.id;
        return null;
      end $$`);
    this.addSql(`create trigger institution_region_sync after update of region on catalogue.institution
      for each row when (old.region is distinct from new.region) execute function catalogue.sync_institution_region()`);
    this.addSql(`insert into catalogue.instrument_search (id, code, institution_id, region, category_code, sharing_status, retired_on,
        online_booking, service_modes, search_text, search_grams)
      select i.id, i.code, i.institution_id, ins.region, i.category_code, i.sharing_status, i.retired_on, i.online_booking,
        i.service_modes, i.search_text, i.search_grams
      from catalogue.instrument i join catalogue.institution ins on ins.id = i.institution_id`);
    this.addSql(`create index instrument_search_price_idx on catalogue.instrument_search (price_min_fen)`);
    this.addSql(`create function catalogue.refresh_prices(instruments uuid[]) returns void language sql as $$
      update catalogue.instrument_search s set
        price_self_fen = p.self_fen, price_assisted_fen = p.assisted_fen, price_sample_fen = p.sample_fen,
        price_min_fen = least(p.self_fen, p.assisted_fen, p.sample_fen)
      from (select x.id,
              min(r.external_price_fen) filter (where r.service_mode = 'self') as self_fen,
              min(r.external_price_fen) filter (where r.service_mode = 'assisted') as assisted_fen,
              min(r.external_price_fen) filter (where r.service_mode = 'sample') as sample_fen
            from unnest(instruments) as x(id)
            left join catalogue.rate_card r on r.instrument_id = x.id and r.validity @> now()
            group by x.id) p
      where s.id = p.id $$`);
    // Statement-level triggers: a bulk import of 100,000 cards refreshes each instrument once.
    for (const [event, table] of [['insert', 'new_cards'], ['update', 'new_cards'], ['delete', 'old_cards']]) {
      this.addSql(`create function catalogue.rate_card_prices_${event}() returns trigger language plpgsql as $$
        begin
          perform catalogue.refresh_prices(array(select distinct instrument_id from ${table}));
          return null;
        end $$`);
      this.addSql(`create trigger rate_card_prices_${event} after ${event} on catalogue.rate_card
        referencing ${table === 'new_cards' ? 'new' : 'old'} table as ${table} for each statement execute function catalogue.rate_card_prices_${event}()`);
    }
    // Cards start and stop being valid with the clock; catalogue.refresh_due_prices(), run every
    // minute, refreshes the instruments whose cards crossed a validity bound since the last run.
    this.addSql(`create function catalogue.refresh_due_prices() returns integer language plpgsql as $$
      declare
        since timestamptz;
        due uuid[];
      begin
        select as_of into since from catalogue.price_refresh where id = 1 for update;
        due := array(select distinct instrument_id from catalogue.rate_card
                     where (valid_from > since and valid_from <= now()) or (valid_to > since and valid_to <= now()));
        perform catalogue.refresh_prices(due);
        update catalogue.price_refresh set as_of = now() where id = 1;
        return cardinality(due);
      end $$`);
    this.addSql(`select catalogue.refresh_prices(array(select id from catalogue.instrument_search))`);
    this.addSql(`analyze catalogue.instrument_search`);
  }

  override async down(): Promise<void> {
    for (const event of ['insert', 'update', 'delete']) {
      this.addSql(`drop trigger if exists rate_card_prices_${event} on catalogue.rate_card`);
      this.addSql(`drop function if exists catalogue.rate_card_prices_${event}()`);
    }
    this.addSql(`drop function if exists catalogue.refresh_due_prices()`);
    this.addSql(`drop function if exists catalogue.refresh_prices(uuid[])`);
    this.addSql(`drop table if exists catalogue.price_refresh`);
    this.addSql(`drop trigger if exists institution_region_sync on catalogue.institution`);
    this.addSql(`drop trigger if exists instrument_search_sync on catalogue.instrument`);
    this.addSql(`drop function if exists catalogue.sync_institution_region()`);
    this.addSql(`drop function if exists catalogue.sync_instrument_search()`);
    this.addSql(`drop table if exists catalogue.instrument_search`);
  }
}
