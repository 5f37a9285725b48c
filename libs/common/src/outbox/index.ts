import type { Provider } from '@nestjs/common';
import type { OutboxServiceConfig } from '../config/service.config';
import { OutboxBacklog } from './outbox.backlog';
import { OUTBOX_OPTIONS } from './outbox.options';
import { OutboxPublisher } from './outbox.publisher';

export * from './outbox.writer';
export * from './outbox.options';
export * from './outbox.publisher';
export * from './outbox.backlog';

/**
 * What a service with a transactional outbox provides (booking, billing): the publisher of
 * `<schema>.outbox` to JetStream and its backlog's gauge and health check. The service writes with
 * `outboxWriter(schema)` in the transactions of its changes.
 */
export function outboxProviders(schema: string, config: OutboxServiceConfig): Provider[] {
  return [{ provide: OUTBOX_OPTIONS, useValue: { schema, config } }, OutboxPublisher, OutboxBacklog];
}
