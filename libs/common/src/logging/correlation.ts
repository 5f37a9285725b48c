import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';

export const CORRELATION_HEADER = 'x-correlation-id';

interface CorrelationStore {
  correlationId: string;
  /**
   * Whether the work may be repeated without changing its outcome (the gateway sets it for reads):
   * a service call that timed out or found no one listening is then sent once more (ServiceClient).
   */
  idempotent?: boolean;
}

/**
 * The correlation id of the work in progress: set from the HTTP request, a NATS header or job
 * data, and read by the logger so that every line names it.
 */
export const correlationStorage = new AsyncLocalStorage<CorrelationStore>();

export function currentCorrelationId(): string | undefined {
  return correlationStorage.getStore()?.correlationId;
}

export function currentWorkIsIdempotent(): boolean {
  return correlationStorage.getStore()?.idempotent === true;
}

export function withCorrelation<T>(correlationId: string | undefined, fn: () => T): T {
  return correlationStorage.run({ correlationId: sanitizeCorrelationId(correlationId) ?? randomUUID() }, fn);
}

/** Ids come from clients: keep them short and printable so they cannot forge log lines. */
export function sanitizeCorrelationId(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  return /^[A-Za-z0-9._:-]{1,100}$/.test(value) ? value : undefined;
}
