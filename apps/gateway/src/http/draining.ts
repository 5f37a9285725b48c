import type { FastifyInstance } from 'fastify';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { SaidErrorBody } from '@yixiang/contracts';
import { languageOf, localize, said } from '@yixiang/domain';

/** Seconds a client refused by a stopping gateway waits before trying again (another instance answers). */
export const DRAINING_RETRY_AFTER_SECONDS = 1;

/** The answer to a request that reaches a gateway after it began to stop. */
export function drainingBody(): SaidErrorBody {
  return {
    code: 'SERVICE_UNAVAILABLE',
    message: said('网关正在停止，请稍后重试', 'this gateway is shutting down; try again shortly'),
    details: { reason: 'SHUTTING_DOWN', retryAfterSeconds: DRAINING_RETRY_AFTER_SECONDS },
  };
}

/** Whether the gateway has begun to stop (readiness then fails, and new requests are refused). */
export class Draining {
  active = false;
}

/**
 * Once stopping, every request that still arrives (on a kept-alive connection; the listening socket
 * closes soon after) is answered in the API's error format with Retry-After and `Connection: close`,
 * instead of fastify's own `{"error":"Service Unavailable",…,"statusCode":503}`; `/health` included,
 * so a load balancer takes this instance out first. Registered before every other hook.
 */
export function refuseWhileDraining(fastify: FastifyInstance, draining: Draining): void {
  fastify.addHook('onRequest', (request, reply, done) => {
    if (!draining.active) return done();
    const error = localize(drainingBody(), languageOf(request.headers['accept-language']));
    void reply.code(503).header('Retry-After', String(DRAINING_RETRY_AFTER_SECONDS)).header('Connection', 'close').send({ error });
  });
}

export interface GatewayShutdown {
  /** Time between unready and refusing, for a load balancer to notice (SHUTDOWN_DELAY_MS). */
  delayMs: number;
  /** The longest the requests in hand may take to finish (SHUTDOWN_GRACE_MS). */
  graceMs: number;
}

/**
 * SIGTERM/SIGINT: the gateway turns unready and refuses new requests in the API's format, waits
 * `delayMs`, then closes — the listening socket first, the requests in hand answered, idle
 * connections closed, the NATS connection drained — and exits; past the grace period it exits anyway.
 */
export function stopGatewayGracefully(app: NestFastifyApplication, draining: Draining, shutdown: GatewayShutdown, log: (message: string) => void): void {
  let stopping = false;
  const stop = (signal: NodeJS.Signals): void => {
    if (stopping) return;
    stopping = true;
    draining.active = true;
    log(`${signal}: refusing new requests; stopping in ${shutdown.delayMs} ms`);
    setTimeout(() => {
      log('stopping took longer than the grace period; exiting anyway');
      process.exit(1);
    }, shutdown.delayMs + shutdown.graceMs + 5000).unref();
    void (async () => {
      try {
        await new Promise((resolve) => setTimeout(resolve, shutdown.delayMs));
        await app.close();
        log('stopped');
        process.exit(0);
      } catch (error) {
        log(`stopping failed: ${error instanceof Error ? error.message : String(error)}`);
        process.exit(1);
      }
    })();
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}
