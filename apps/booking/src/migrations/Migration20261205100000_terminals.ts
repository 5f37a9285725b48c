import { Migration } from '@mikro-orm/migrations';

/**
 * Issue 20: instrument terminals and the sessions they report.
 *
 * - terminal: one per device, for one instrument; only the SHA-256 of its credential is kept
 *   (the credential is shown once). Revoking stamps revoked_at; the row stays for its sessions.
 * - terminal_nonce: every nonce a terminal signed with, until its timestamp has left the clock
 *   window; the primary key is what refuses a replay, on every replica at once.
 * - terminal_session: (terminal_id, sequence) is unique, so a resent start, stop or batch finds
 *   the session it made the first time instead of making a second. A stopped session is matched
 *   to a booking (which it completes) or waits as an unbooked use for the operator (pending),
 *   who confirms (usage) or rejects it (with the reason).
 */
export class Migration20261205100000_terminals extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create table booking.terminal (
      id uuid primary key,
      instrument_id uuid not null,
      institution_id uuid not null,
      name text not null check (length(name) between 1 and 200),
      credential_sha256 text not null unique check (credential_sha256 ~ '^[0-9a-f]{64}$'),
      created_by uuid,
      created_at timestamptz not null default now(),
      revoked_at timestamptz,
      revoked_by uuid,
      last_seen_at timestamptz)`);
    this.addSql(`create index terminal_institution_idx on booking.terminal (institution_id, created_at)`);
    this.addSql(`create table booking.terminal_nonce (
      terminal_id uuid not null references booking.terminal (id),
      nonce text not null,
      expires_at timestamptz not null,
      primary key (terminal_id, nonce))`);
    this.addSql(`create index terminal_nonce_expiry_idx on booking.terminal_nonce (expires_at)`);
    this.addSql(`create table booking.terminal_session (
      id uuid primary key,
      terminal_id uuid not null references booking.terminal (id),
      instrument_id uuid not null,
      institution_id uuid not null,
      sequence bigint not null check (sequence > 0),
      started_at timestamptz not null,
      ended_at timestamptz,
      last_heartbeat_at timestamptz,
      state text not null check (state in ('running', 'stopped')),
      status text not null check (status in ('running', 'matched', 'pending', 'confirmed', 'rejected')),
      booking_id uuid,
      late boolean not null default false,
      user_id uuid,
      reject_reason text,
      decided_by uuid,
      decided_at timestamptz,
      received_at timestamptz not null default now(),
      constraint terminal_session_sequence unique (terminal_id, sequence),
      constraint terminal_session_order check (ended_at is null or ended_at >= started_at),
      constraint terminal_session_stopped check ((state = 'running') = (ended_at is null) and (state = 'running') = (status = 'running')),
      constraint terminal_session_matched check ((status = 'matched') = (booking_id is not null)),
      constraint terminal_session_rejected check (status <> 'rejected' or reject_reason is not null),
      constraint terminal_session_confirmed check (status <> 'confirmed' or user_id is not null))`);
    this.addSql(`create index terminal_session_review_idx on booking.terminal_session (institution_id, status, started_at)`);
    // One booking is completed by at most one session.
    this.addSql(`create unique index terminal_session_booking_idx on booking.terminal_session (booking_id) where booking_id is not null`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists booking.terminal_session`);
    this.addSql(`drop table if exists booking.terminal_nonce`);
    this.addSql(`drop table if exists booking.terminal`);
  }
}
