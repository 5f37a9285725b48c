import type { NatsConnection } from 'nats';

/**
 * Whether nats.js's protocol handler says the connection is up: a timeout while it is down is no
 * replica's fault, and a repeat would only wait as long again. nats.js does not expose this
 * (`protocol.connected` is internal); unknown counts as connected, so a nats.js without the field
 * only loses the distinction, never a call.
 */
export function natsConnected(nats: NatsConnection | undefined): boolean {
  return (nats as unknown as { protocol?: { connected?: boolean } } | undefined)?.protocol?.connected !== false;
}
