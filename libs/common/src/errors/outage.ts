import type { SaidErrorBody } from '@yixiang/contracts';
import { said } from '@yixiang/domain';

/** Which store a request could not reach. */
export type OutageStore = 'database' | 'redis' | 'store';

/** How long a client is asked to wait before trying again after an outage (Retry-After, seconds). */
export const OUTAGE_RETRY_AFTER_SECONDS = 5;

/**
 * The longest a request waits for Redis to take a job: BullMQ's connection (maxRetriesPerRequest
 * null) holds commands for as long as Redis is down, so an unbounded queue.add hung the request.
 */
export const QUEUE_ADD_DEADLINE_MS = 5000;

/**
 * A store that did not answer in time, raised by the platform itself (e.g. a queue.add that
 * ioredis would otherwise hold in its offline queue for as long as Redis is down).
 */
export class StoreUnavailableError extends Error {
  constructor(readonly store: OutageStore, message: string) {
    super(message);
    this.name = 'StoreUnavailableError';
  }
}

/**
 * SQLSTATEs of a database that is going away or not there yet: class 08 (connection exception),
 * 57P01 admin shutdown, 57P02 crash shutdown, 57P03 cannot connect now (starting up, recovering),
 * 53300 too many connections. None says anything about the request: the same one succeeds later.
 */
function isPgOutageCode(code: string): boolean {
  return code.startsWith('08') || code === '57P01' || code === '57P02' || code === '57P03' || code === '53300';
}

/** Node's socket errors: whatever peer it was (PostgreSQL, Redis), it is unreachable, not wrong. */
const SOCKET_ERRORS = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH', 'ENETUNREACH', 'ECONNABORTED', 'EAI_AGAIN', 'ENOTFOUND']);

/**
 * What node-postgres, knex/tarn (MikroORM's pool) and ioredis say when their server is gone.
 * knex's "Transaction query already complete" is the next query of a transaction whose connection
 * was cut under it (seen in the database-stop fault test); it is also what a query after commit
 * would say, a bug that this answers 503 instead of 500 — the warning logged still names it.
 */
const DATABASE_MESSAGES = /Connection terminated|Transaction query already complete|timeout exceeded when trying to connect|Timeout acquiring a connection|Client has encountered a connection error|the database system is (starting up|shutting down|in recovery)|terminating connection due to administrator command/i;
const REDIS_MESSAGES = /Connection is closed|Reached the max retries per request limit|Stream isn't writeable|enableOfflineQueue/i;

interface ErrorLike {
  name?: unknown;
  code?: unknown;
  message?: unknown;
  cause?: unknown;
  previous?: unknown;
  errors?: unknown;
}

/**
 * Whether an error means a store is unreachable (an outage, answered 503 with Retry-After) rather
 * than a fault of the request or the code (answered as it is, INTERNAL at worst). Looks through
 * `cause`, MikroORM's `previous` and an AggregateError's `errors` (Node's connect to several
 * addresses), a few levels deep. Pure: no I/O, the same answer for the same error.
 */
export function classifyOutage(error: unknown, depth = 0): OutageStore | null {
  if (depth > 4 || error === null || typeof error !== 'object') return null;
  if (error instanceof StoreUnavailableError) return error.store;
  const e = error as ErrorLike;
  const name = typeof e.name === 'string' ? e.name : '';
  const code = typeof e.code === 'string' ? e.code : '';
  const message = typeof e.message === 'string' ? e.message : '';
  if (/^[0-9A-Z]{5}$/.test(code) && isPgOutageCode(code)) return 'database';
  if (name === 'ConnectionException' || name === 'KnexTimeoutError' || DATABASE_MESSAGES.test(message)) return 'database';
  if (name === 'MaxRetriesPerRequestError' || REDIS_MESSAGES.test(message)) return 'redis';
  for (const inner of [e.cause, e.previous, ...(Array.isArray(e.errors) ? e.errors : [])]) {
    const found = classifyOutage(inner, depth + 1);
    if (found) return found;
  }
  if (SOCKET_ERRORS.has(code)) return 'store';
  return null;
}

/** The error body for an outage: 503 SERVICE_UNAVAILABLE, with how long to wait before retrying. */
export function outageBody(store: OutageStore, service?: string): SaidErrorBody {
  const what = store === 'database' ? ['数据库', 'the database'] : store === 'redis' ? ['任务队列（Redis）', 'the job queue (Redis)'] : ['后端存储', 'a store'];
  return {
    code: 'SERVICE_UNAVAILABLE',
    message: said(`${what[0]}暂时无法访问，请稍后重试`, `${what[1]} is unreachable for the moment; try again shortly`),
    details: { reason: `${store.toUpperCase()}_UNAVAILABLE`, ...(service ? { service } : {}), retryAfterSeconds: OUTAGE_RETRY_AFTER_SECONDS },
  };
}

/**
 * A promise bounded in time: rejects with StoreUnavailableError when it has not settled within
 * `ms` (the work itself is not cancelled; it may still complete later).
 */
export function withinDeadline<T>(work: Promise<T>, ms: number, store: OutageStore, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new StoreUnavailableError(store, `${what} did not complete within ${ms} ms`)), ms);
    timer.unref();
  });
  return Promise.race([work, deadline]).finally(() => clearTimeout(timer));
}
