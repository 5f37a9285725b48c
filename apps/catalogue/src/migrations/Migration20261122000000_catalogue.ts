import { Migration } from '@mikro-orm/migrations';
import { CATEGORIES } from './categories.data';

const quote = (v: string | null) => (v === null ? 'null' : `'${v.replace(/'/g, "''")}'`);

export class Migration20261122000000_catalogue extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create extension if not exists btree_gist`);
    this.addSql(`create schema if not exists catalogue`);

    this.addSql(`create table catalogue.category (
      code text primary key check (code ~ '^[0-9]{2}([0-9]{2})?$'),
      parent_code text references catalogue.category(code),
      name_zh text not null,
      name_en text)`);
    const values = CATEGORIES.map(([c, p, zh, en]) => `(${quote(c)}, ${quote(p)}, ${quote(zh)}, ${quote(en)})`);
    this.addSql(`insert into catalogue.category (code, parent_code, name_zh, name_en) values ${values.join(',\n')}`);

    this.addSql(`create table catalogue.institution (
      id uuid primary key,
      code text not null unique,
      name text not null,
      kind text not null check (kind in ('university','institute','hospital','enterprise','other')),
      region text,
      credit_code text unique,
      group_code text,
      contacts jsonb not null default '[]',
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now())`);

    this.addSql(`create table catalogue.app_user (
      id uuid primary key,
      code text not null unique,
      institution_id uuid references catalogue.institution(id),
      email text,
      name text not null,
      role text not null check (role in ('researcher','institution_admin','operator','bureau','auditor')),
      password_hash text,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      constraint app_user_institution_matches_role check ((role in ('bureau','auditor')) = (institution_id is null)))`);
    this.addSql(`create unique index app_user_email_key on catalogue.app_user (lower(email)) where email is not null`);
    this.addSql(`create index app_user_institution_idx on catalogue.app_user (institution_id)`);

    // Text search that works for Chinese: every two-character gram of the normalised text goes
    // into a GIN-indexed array, so any substring of two or more characters ('电镜') is found
    // through the index and then confirmed with LIKE. Generated columns cannot drift from the row.
    this.addSql(`create function catalogue.search_text(name text, model text, manufacturer text, functions text)
      returns text language sql immutable parallel safe as $$
        select lower(coalesce(name, '') || ' ' || coalesce(model, '') || ' ' || coalesce(manufacturer, '') || ' ' || coalesce(functions, ''))
      $$`);
    this.addSql(`create function catalogue.bigrams(t text) returns text[] language sql immutable parallel safe as $$
        select coalesce(array_agg(distinct g), '{}') from (
          select substr(t, i, 2) as g from generate_series(1, greatest(length(t) - 1, 0)) as i
        ) grams where g !~ '[[:space:]]'
      $$`);

    this.addSql(`create table catalogue.instrument (
      id uuid primary key,
      code text not null unique,
      institution_id uuid not null references catalogue.institution(id),
      name text not null,
      model text,
      manufacturer text,
      country_of_origin text,
      category_code text not null references catalogue.category(code),
      original_value_fen bigint not null check (original_value_fen >= 0),
      purchase_date date,
      specialised boolean not null default false,
      sharing_status text not null check (sharing_status in ('open','internal','suspended')),
      online_booking boolean not null default false,
      retired_on date,
      location text,
      specifications text,
      main_functions text,
      service_modes text[] not null default '{self}' check (service_modes <@ array['self','assisted','sample']),
      booking_rules jsonb not null,
      timezone text not null default 'Asia/Shanghai',
      weekly_hours jsonb not null default '[]',
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      search_text text generated always as (catalogue.search_text(name, model, manufacturer, main_functions)) stored,
      search_grams text[] generated always as (catalogue.bigrams(catalogue.search_text(name, model, manufacturer, main_functions))) stored)`);
    this.addSql(`create index instrument_search_grams_idx on catalogue.instrument using gin (search_grams)`);
    this.addSql(`create index instrument_institution_idx on catalogue.instrument (institution_id)`);
    this.addSql(`create index instrument_category_idx on catalogue.instrument (category_code text_pattern_ops)`);

    this.addSql(`create table catalogue.rate_card (
      id uuid primary key,
      code text not null unique,
      instrument_id uuid not null references catalogue.instrument(id) on delete cascade,
      service_mode text not null check (service_mode in ('self','assisted','sample')),
      unit text not null check (unit in ('hour','sample')),
      internal_price_fen bigint not null check (internal_price_fen >= 0),
      external_price_fen bigint not null check (external_price_fen >= 0),
      increment_minutes integer check (increment_minutes between 1 and 1440),
      minimum_charge_fen bigint not null default 0 check (minimum_charge_fen >= 0),
      valid_from timestamptz not null,
      valid_to timestamptz,
      validity tstzrange generated always as (tstzrange(valid_from, valid_to, '[)')) stored,
      constraint rate_card_validity_order check (valid_to is null or valid_to > valid_from),
      constraint rate_card_hourly_increment check (unit <> 'hour' or increment_minutes is not null),
      -- Deferred so that a whole set of cards can be replaced in one transaction; checked at commit.
      constraint rate_card_no_overlap exclude using gist (instrument_id with =, service_mode with =, validity with &&)
        deferrable initially deferred)`);
    this.addSql(`create index rate_card_instrument_idx on catalogue.rate_card (instrument_id)`);

    this.addSql(`create table catalogue.blackout (
      id uuid primary key,
      instrument_id uuid not null references catalogue.instrument(id) on delete cascade,
      starts_at timestamptz not null,
      ends_at timestamptz not null,
      reason text not null,
      created_by uuid,
      created_at timestamptz not null default now(),
      constraint blackout_order check (ends_at > starts_at))`);
    this.addSql(`create index blackout_instrument_idx on catalogue.blackout (instrument_id, starts_at)`);

    this.addSql(`create table catalogue.qualification (
      id uuid primary key,
      user_id uuid not null references catalogue.app_user(id) on delete cascade,
      instrument_id uuid not null references catalogue.instrument(id) on delete cascade,
      valid_to timestamptz not null,
      granted_by uuid,
      created_at timestamptz not null default now(),
      constraint qualification_user_instrument_unique unique (user_id, instrument_id))`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop schema if exists catalogue cascade`);
  }
}
