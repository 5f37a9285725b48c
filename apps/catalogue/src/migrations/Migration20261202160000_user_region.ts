import { Migration } from '@mikro-orm/migrations';

/**
 * Regional bureaus (issue 16): a bureau officer belongs to a region (`CQ`, `SC`, …) or, with none,
 * is a joint officer who runs the whole platform. Only bureau officers carry a region; existing
 * bureau accounts stay joint. A change of region changes what a token stands for, so the token
 * version trigger now bumps on it too.
 */
export class Migration20261202160000_user_region extends Migration {
  override async up(): Promise<void> {
    this.addSql(`alter table catalogue.app_user add column region text null`);
    this.addSql(`alter table catalogue.app_user add constraint app_user_region_check
      check (region is null or (role = 'bureau' and region ~ '^[A-Z]{2,8}$'))`);
    this.addSql(`create or replace function catalogue.bump_token_version() returns trigger language plpgsql as $$
      begin
        if (new.role, new.institution_id, new.region, new.password_hash, new.active) is distinct from (old.role, old.institution_id, old.region, old.password_hash, old.active)
           and new.token_version = old.token_version then
          new.token_version := old.token_version + 1;
        end if;
        return new;
      end $$`);
  }

  override async down(): Promise<void> {
    this.addSql(`create or replace function catalogue.bump_token_version() returns trigger language plpgsql as $$
      begin
        if (new.role, new.institution_id, new.password_hash, new.active) is distinct from (old.role, old.institution_id, old.password_hash, old.active)
           and new.token_version = old.token_version then
          new.token_version := old.token_version + 1;
        end if;
        return new;
      end $$`);
    this.addSql(`alter table catalogue.app_user drop constraint if exists app_user_region_check`);
    this.addSql(`alter table catalogue.app_user drop column if exists region`);
  }
}
