import type { ConnectionOptions } from 'nats';

/**
 * How every process connects to NATS: reconnect for ever (a restarted nats-server is waited for,
 * not fatal), and no async stack traces: with them nats.js captures a stack (`new Error()`) for
 * every request it sends, which cost the gateway more CPU than sending the request itself.
 */
export function natsConnectionOptions(natsUrl: string, name: string): ConnectionOptions {
  return { servers: natsUrl.split(','), name, maxReconnectAttempts: -1, reconnectTimeWait: 500, noAsyncTraces: true };
}
