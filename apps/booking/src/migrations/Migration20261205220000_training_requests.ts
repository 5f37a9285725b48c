import { Migration } from '@mikro-orm/migrations';

/**
 * Issue 18's training: a trainee's request to be trained on an instrument, the session the
 * operator books for it (a booking of the trainee, service category training: it holds the
 * instrument like any booking, under the same exclusion constraint), and the outcome. One open
 * request per trainee and instrument (a unique partial index); every step is a conditional UPDATE
 * on the state it leaves, so two operators clicking at once change a request once. A scheduled
 * request and its booking are written in one transaction: there is never a session without its
 * request, or a scheduled request without its session.
 */
export class Migration20261205220000_training_requests extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create table booking.training_request (
      id uuid primary key,
      instrument_id uuid not null,
      instrument_code text not null,
      provider_institution_id uuid not null,
      user_id uuid not null,
      user_institution_id uuid not null,
      status text not null default 'requested' check (status in ('requested', 'scheduled', 'passed', 'failed', 'declined', 'cancelled')),
      note text,
      booking_id uuid references booking.booking (id),
      session_start timestamptz,
      session_end timestamptz,
      qualification_valid_to timestamptz,
      remark text,
      decided_by uuid,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      constraint training_session check ((status in ('scheduled', 'passed', 'failed')) = (booking_id is not null and session_start is not null and session_end is not null)),
      constraint training_pass check ((status = 'passed') = (qualification_valid_to is not null)),
      constraint training_declined check (status <> 'declined' or remark is not null))`);
    this.addSql(`create unique index training_open_idx on booking.training_request (user_id, instrument_id) where status in ('requested', 'scheduled')`);
    this.addSql(`create index training_provider_idx on booking.training_request (provider_institution_id, created_at desc)`);
    this.addSql(`create index training_user_idx on booking.training_request (user_id, created_at desc)`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table booking.training_request`);
  }
}
