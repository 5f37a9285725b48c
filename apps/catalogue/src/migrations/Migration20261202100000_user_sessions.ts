import { Migration } from '@mikro-orm/migrations';

/**
 * Tokens that can end before they expire. Every access token carries the user's `token_version`
 * as `ver`; the gateway refuses a token whose version is no longer the user's. The trigger bumps
 * the version whenever what a token stands for changes — role, institution, password, active —
 * whichever code path writes the row (the users service, a bundle import's upsert, a psql session),
 * so no writer can forget to. Sign-out and "revoke all sessions" bump it explicitly; the trigger
 * leaves an update that already bumped it alone, so one change never counts twice.
 */
export class Migration20261202100000_user_sessions extends Migration {
  override async up(): Promise<void> {
    this.addSql(`alter table catalogue.app_user
      add column token_version integer not null default 1,
      add column active boolean not null default true`);
    this.addSql(`create function catalogue.bump_token_version() returns trigger language plpgsql as $$
      begin
        if (new.role, new.institution_id, new.password_hash, new.active) is distinct from (old.role, old.institution_id, old.password_hash, old.active)
           and new.token_version = old.token_version then
          new.token_version := old.token_version + 1;
        end if;
        return new;
      end $$`);
    this.addSql(`create trigger app_user_token_version before update on catalogue.app_user
      for each row execute function catalogue.bump_token_version()`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop trigger if exists app_user_token_version on catalogue.app_user`);
    this.addSql(`drop function if exists catalogue.bump_token_version()`);
    this.addSql(`alter table catalogue.app_user drop column if exists token_version, drop column if exists active`);
  }
}
