import { Migration } from '@mikro-orm/migrations';
import { pgArray } from '@yixiang/common';
import { nameInitials } from '@yixiang/domain';

/** The instrument trigger's upsert of the search row (Migration20261122020000), now with the initials' keys. */
const SYNC_WITH_INITIALS = `create or replace function catalogue.sync_instrument_search() returns trigger language plpgsql as $$
  begin
    insert into catalogue.instrument_search as s (id, code, institution_id, region, category_code, sharing_status, retired_on,
      online_booking, service_modes, search_text, search_grams, initials_prefixes)
    select new.id, new.code, new.institution_id, ins.region, new.category_code, new.sharing_status, new.retired_on,
      new.online_booking, new.service_modes, new.search_text, new.search_grams, catalogue.initials_prefixes(new.name_initials)
    from catalogue.institution ins where ins.id = new.institution_id
    on conflict (id) do update set code = excluded.code, institution_id = excluded.institution_id, region = excluded.region,
      category_code = excluded.category_code, sharing_status = excluded.sharing_status, retired_on = excluded.retired_on,
      online_booking = excluded.online_booking, service_modes = excluded.service_modes, search_text = excluded.search_text,
      search_grams = excluded.search_grams, initials_prefixes = excluded.initials_prefixes;
    return null;
  end $$`;

const SYNC_WITHOUT_INITIALS = `create or replace function catalogue.sync_instrument_search() returns trigger language plpgsql as $$
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
  end $$`;

const BACKFILL_BATCH = 5000;

type Execute = (sql: string, params: unknown[]) => Promise<unknown[]>;

/**
 * Writes the initials of every instrument whose stored initials are not its name's (all of them,
 * when the column is new), in slices by id. Through the instrument row, so that the trigger
 * rewrites the search row (and its written_xid, which the replicas' indexes follow).
 */
export async function fillNameInitials(execute: Execute): Promise<number> {
  let written = 0;
  for (let after = '00000000-0000-0000-0000-000000000000'; ;) {
    const rows = (await execute(`select id, name, name_initials from catalogue.instrument where id > ? order by id limit ?`, [after, BACKFILL_BATCH])) as
      { id: string; name: string; name_initials: string | null }[];
    if (rows.length === 0) return written;
    const stale = rows.map((r) => ({ id: r.id, initials: nameInitials(r.name), was: r.name_initials })).filter((r) => r.initials !== r.was);
    if (stale.length > 0) {
      await execute(`update catalogue.instrument i set name_initials = x.initials from unnest(?::uuid[], ?::text[]) as x(id, initials) where i.id = x.id`,
        [pgArray(stale.map((r) => r.id)), pgArray(stale.map((r) => r.initials))]);
      written += stale.length;
    }
    after = rows[rows.length - 1].id;
  }
}

/**
 * Pinyin initials of instrument names (issue 21): `tsd` finds 透射电子显微镜. PostgreSQL has no
 * pinyin, so the application writes `name_initials` with the name (libs/domain nameInitials: the
 * entity on create and update, the bundle import), and this migration fills it for the instruments
 * there are. The search row carries its keys, every prefix of two or more letters
 * (catalogue.initials_prefixes, the rule of initialsPrefixes), GIN-indexed: a term that may be
 * initials is then one key look-up, as a bigram is. Statements run one by one (`execute`), since
 * the backfill needs the columns and the new trigger before it.
 */
export class Migration20261203100000_name_initials extends Migration {
  override async up(): Promise<void> {
    await this.execute(`alter table catalogue.instrument add column name_initials text`);
    await this.execute(`alter table catalogue.instrument_search add column initials_prefixes text[]`);
    await this.execute(`create function catalogue.initials_prefixes(initials text) returns text[] language sql immutable parallel safe as $$
        select array_agg(distinct substr(reading, 1, n))
          from unnest(string_to_array(initials, ' ')) as reading, generate_series(2, length(reading)) as n
      $$`);
    await this.execute(SYNC_WITH_INITIALS);
    await this.execute(`create index instrument_search_initials_idx on catalogue.instrument_search using gin (initials_prefixes)`);
    await fillNameInitials((sql, params) => this.execute(sql, params));
    await this.execute(`analyze catalogue.instrument_search`);
  }

  override async down(): Promise<void> {
    this.addSql(SYNC_WITHOUT_INITIALS);
    this.addSql(`drop index if exists catalogue.instrument_search_initials_idx`);
    this.addSql(`alter table catalogue.instrument_search drop column if exists initials_prefixes`);
    this.addSql(`drop function if exists catalogue.initials_prefixes(text)`);
    this.addSql(`alter table catalogue.instrument drop column if exists name_initials`);
  }
}

