import { randomUUID } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { EventSubject } from '@yixiang/contracts';

/**
 * Adds an event to the outbox in the caller's transaction, so it is published if and only if the
 * change it reports commits. The payload's type comes from the event alone (NoInfer): a producer
 * cannot pass another event's payload, or one that lacks a field, without a compile error.
 */
export async function writeOutbox<P extends object>(em: EntityManager, event: EventSubject<P>, payload: NoInfer<P>): Promise<void> {
  await em.execute(`insert into booking.outbox (id, subject, payload) values (?, ?, ?)`, [randomUUID(), event.subject, JSON.stringify(payload)]);
}
