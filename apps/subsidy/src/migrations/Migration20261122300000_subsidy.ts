import { Migration } from '@mikro-orm/migrations';

/**
 * Policies (versioned documents), runs and their results. A published run and the policy it used
 * are immutable: triggers refuse to change or delete them, whatever code runs against the database.
 */
export class Migration20261122300000_subsidy extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create schema if not exists subsidy`);
    this.addSql(`create table subsidy.policy (
      id uuid primary key,
      code text not null,
      version integer not null,
      document jsonb not null,
      created_by uuid,
      created_at timestamptz not null default now(),
      constraint policy_version unique (code, version))`);
    this.addSql(`create table subsidy.run (
      id uuid primary key,
      policy_id uuid not null references subsidy.policy (id),
      policy_document jsonb not null,
      year integer not null check (year between 2000 and 2100),
      region text,
      simulation boolean not null default false,
      base_run_id uuid references subsidy.run (id),
      status text not null check (status in ('pending', 'computing', 'draft', 'published', 'failed')),
      input_hash text,
      job_id text,
      error text,
      institutions integer not null default 0,
      total_fen bigint,
      created_by uuid,
      created_at timestamptz not null default now(),
      published_at timestamptz,
      constraint run_simulation_unpublished check (not (simulation and status = 'published')))`);
    // The figures a run read, kept with it (frozen inputs; the hash says whether two runs read the same).
    this.addSql(`create table subsidy.run_input (run_id uuid primary key references subsidy.run (id) on delete cascade, inputs jsonb not null)`);
    this.addSql(`create table subsidy.institution_result (
      run_id uuid not null references subsidy.run (id) on delete cascade,
      institution_code text not null,
      result jsonb not null,
      subsidy_fen bigint not null,
      primary key (run_id, institution_code))`);
    this.addSql(`create table subsidy.instrument_result (
      run_id uuid not null references subsidy.run (id) on delete cascade,
      instrument_code text not null,
      institution_code text not null,
      result jsonb not null,
      primary key (run_id, instrument_code))`);
    this.addSql(`create function subsidy.guard_published() returns trigger language plpgsql as $$
      begin
        if exists (select 1 from subsidy.run r where r.id = old.run_id and r.status = 'published') then
          raise exception 'run % is published and cannot change', old.run_id using errcode = 'P0001';
        end if;
        return case when tg_op = 'DELETE' then old else new end;
      end $$`);
    for (const table of ['run_input', 'institution_result', 'instrument_result']) {
      this.addSql(`create trigger ${table}_immutable before update or delete on subsidy.${table} for each row execute function subsidy.guard_published()`);
    }
    this.addSql(`create function subsidy.guard_run() returns trigger language plpgsql as $$
      begin
        if old.status = 'published' then
          raise exception 'run % is published and cannot change', old.id using errcode = 'P0001';
        end if;
        return case when tg_op = 'DELETE' then old else new end;
      end $$`);
    this.addSql(`create trigger run_immutable before update or delete on subsidy.run for each row execute function subsidy.guard_run()`);
    this.addSql(`create function subsidy.guard_policy() returns trigger language plpgsql as $$
      begin
        if exists (select 1 from subsidy.run r where r.policy_id = old.id and r.status = 'published') then
          raise exception 'policy % is used by a published run and cannot change', old.code using errcode = 'P0001';
        end if;
        return case when tg_op = 'DELETE' then old else new end;
      end $$`);
    this.addSql(`create trigger policy_immutable before update or delete on subsidy.policy for each row execute function subsidy.guard_policy()`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop schema if exists subsidy cascade`);
  }
}
