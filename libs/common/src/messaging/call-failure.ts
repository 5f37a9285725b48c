/**
 * Why a request over NATS got no answer, from the error the reply inbox or nats.js raised:
 * - `no-responders`: NATS said at once that nobody listens on the subject (every replica gone, or
 *   the one it picked was leaving);
 * - `timeout`: a replica took the request and never answered (it died, or is stuck);
 * - `disconnected`: this process has no connection to NATS at all;
 * - `other`: anything else (a bug, a reply that could not be read).
 */
export type CallFailure = 'no-responders' | 'timeout' | 'disconnected' | 'other';

export function classifyCallFailure(error: unknown): CallFailure {
  const text = error instanceof Error ? `${error.name}: ${error.message} ${(error as { code?: unknown }).code ?? ''}` : typeof error === 'string' ? error : '';
  if (/no responders|no subscribers|\b503\b/i.test(text)) return 'no-responders';
  if (/timeout|timed out/i.test(text)) return 'timeout';
  if (/CONNECTION_REFUSED|CONNECTION_CLOSED|CONNECTION_DRAINING|disconnect|connection lost|closed/i.test(text)) return 'disconnected';
  return 'other';
}

/**
 * Whether an idempotent request is worth sending once more: after no responders or a timeout the
 * queue group hands the repeat to another replica (or the one that was starting). Without a
 * connection to NATS a repeat at once would fail the same way.
 */
export function worthOneRetry(failure: CallFailure): boolean {
  return failure === 'no-responders' || failure === 'timeout';
}
