import { Migration } from '@mikro-orm/migrations';

/**
 * The notification service's schema (issue 19): the events it applied (its idempotency keys), the
 * inbox, the users' channel choices, institutions' robots and webhooks, and every delivery with its
 * attempts. One notification per event and recipient, one delivery per channel and target: a
 * redelivered event finds its rows and adds none.
 */
export class Migration20261202200000_notification extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create schema if not exists notification`);
    this.addSql(`create table notification.applied_event (
      event_id text primary key,
      subject text not null,
      applied_at timestamptz not null default now()
    )`);
    this.addSql(`create table notification.notification (
      id uuid primary key,
      event_id text not null references notification.applied_event (event_id),
      user_id uuid not null,
      kind text not null,
      title text not null,
      body text not null,
      link text not null,
      booking_id uuid,
      created_at timestamptz not null default now(),
      read_at timestamptz,
      unique (event_id, user_id)
    )`);
    this.addSql(`create index notification_user_idx on notification.notification (user_id, created_at desc)`);
    this.addSql(`create index notification_unread_idx on notification.notification (user_id) where read_at is null`);
    this.addSql(`create table notification.preference (
      user_id uuid not null,
      kind text not null,
      email boolean not null,
      updated_at timestamptz not null default now(),
      primary key (user_id, kind)
    )`);
    this.addSql(`create table notification.robot (
      institution_id uuid not null,
      kind text not null check (kind in ('wecom', 'dingtalk', 'feishu')),
      url text not null,
      updated_by uuid not null,
      updated_at timestamptz not null default now(),
      primary key (institution_id, kind)
    )`);
    this.addSql(`create table notification.webhook (
      id uuid primary key,
      institution_id uuid not null,
      url text not null,
      events text[] not null check (cardinality(events) > 0),
      secret text not null,
      description text not null default '',
      created_by uuid not null,
      created_at timestamptz not null default now(),
      deleted_at timestamptz
    )`);
    this.addSql(`create index webhook_institution_idx on notification.webhook (institution_id) where deleted_at is null`);
    this.addSql(`create table notification.delivery (
      id uuid primary key,
      channel text not null check (channel in ('email', 'robot', 'webhook')),
      event_id text not null,
      subject text not null,
      institution_id uuid,
      notification_id uuid references notification.notification (id),
      webhook_id uuid references notification.webhook (id),
      replay_of uuid references notification.delivery (id),
      target text not null,
      content jsonb not null,
      state text not null default 'pending' check (state in ('pending', 'delivered', 'failed')),
      attempts integer not null default 0,
      last_error text,
      created_at timestamptz not null default now(),
      delivered_at timestamptz
    )`);
    // One delivery per event, channel and target; replays are rows of their own.
    this.addSql(`create unique index delivery_once_idx on notification.delivery (event_id, channel, target, coalesce(webhook_id, '00000000-0000-0000-0000-000000000000'::uuid)) where replay_of is null`);
    this.addSql(`create index delivery_state_idx on notification.delivery (state, created_at desc)`);
    this.addSql(`create index delivery_webhook_idx on notification.delivery (webhook_id, created_at desc)`);
    this.addSql(`create table notification.delivery_attempt (
      delivery_id uuid not null references notification.delivery (id),
      attempt integer not null,
      at timestamptz not null default now(),
      ok boolean not null,
      status integer,
      error text,
      primary key (delivery_id, attempt)
    )`);
  }

  override async down(): Promise<void> {
    this.addSql('drop schema notification cascade');
  }
}
