import { randomUUID } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import { eventOfSubject, type EventSubject } from '@yixiang/contracts';

/**
 * A service's outbox table, `<schema>.outbox` (every outbox has booking's shape: id, subject,
 * payload, created_at, published_at). The schema is spliced into SQL, so only a plain identifier is taken.
 */
export function outboxTable(schema: string): string {
  if (!/^[a-z_][a-z0-9_]*$/.test(schema)) throw new Error(`not a schema name: ${schema}`);
  return `${schema}.outbox`;
}

/**
 * The DDL of a service's outbox, for its migration: the shape booking's first migration made
 * (booking.outbox), so that one publisher serves every outbox. The partial index keeps the
 * publisher's and the backlog's scans to the rows still waiting.
 */
export function outboxTableSql(schema: string): string[] {
  const table = outboxTable(schema);
  return [
    `create table ${table} (
      id uuid primary key,
      subject text not null,
      payload jsonb not null,
      created_at timestamptz not null default now(),
      published_at timestamptz)`,
    `create index outbox_unpublished_idx on ${table} (created_at) where published_at is null`,
  ];
}

/**
 * Adds an event to the outbox in the caller's transaction, so it is published if and only if the
 * change it reports commits. The payload's type comes from the event alone (NoInfer): a producer
 * cannot pass another event's payload, or one that lacks a field, without a compile error.
 */
export type OutboxWriter = <P extends object>(em: EntityManager, event: EventSubject<P>, payload: NoInfer<P>) => Promise<void>;

/** The writer of one service's outbox (`writeOutbox` of booking, of billing). */
export function outboxWriter(schema: string): OutboxWriter {
  const table = outboxTable(schema);
  return async (em, event, payload) => {
    await em.execute(`insert into ${table} (id, subject, payload) values (?, ?, ?)`, [randomUUID(), event.subject, JSON.stringify(payload)]);
  };
}

/**
 * The subject an outbox row goes out under: its event's current name, also for rows written under
 * the old name (before the upgrade, or by a replica not yet upgraded). A subject no event declares
 * goes out as written, so a row is never stuck.
 */
export function publishedSubject(stored: string): string {
  return eventOfSubject(stored)?.subject ?? stored;
}
