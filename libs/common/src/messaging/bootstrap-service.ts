import { DynamicModule, INestMicroservice, Module, Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { MicroserviceOptions } from '@nestjs/microservices';
import { MikroORM, RequestContext } from '@mikro-orm/core';
import { Logger } from 'nestjs-pino';
import { rpcValidationPipe } from '../errors/rpc-error';
import { natsConnectionOptions } from './nats-options';
import { ServiceExceptionFilter } from './rpc-exception.filter';
import { DEFAULT_SHUTDOWN_GRACE_MS, ServiceServer } from './service-server';
import { ServiceMetrics } from '../ops/service-metrics';
import { ServiceMetricsModule } from '../ops/ops.module';
import { attachOps } from '../ops/service-ops';

/** The service's module with its ServiceMetrics made injectable beside it. */
@Module({})
class ServiceRoot {}

export interface ServiceBootOptions {
  /** NATS queue group: replicas of one service share the requests. */
  queue: string;
  natsUrl: string;
  /**
   * Whether each message gets a forked EntityManager (default true). A service with no entities,
   * whose handlers only run SQL through the connection and `em.transactional`, has no identity map
   * to keep apart, and forking one per message was a twentieth of the booking service's CPU.
   */
  requestContext?: boolean;
  /** How long a stopping replica may take over what it has in hand (default SHUTDOWN_GRACE_MS, else 10 s). */
  shutdownGraceMs?: number;
}

/** SHUTDOWN_GRACE_MS from the environment, when it is a sane number of milliseconds. */
export function shutdownGraceMs(env: NodeJS.ProcessEnv = process.env): number {
  const value = Number(env.SHUTDOWN_GRACE_MS);
  return Number.isInteger(value) && value >= 0 && value <= 600000 ? value : DEFAULT_SHUTDOWN_GRACE_MS;
}

/**
 * SIGTERM (or SIGINT) in the order that loses nothing: leave the queue group and finish the
 * messages in hand (ServiceServer.drain), then close the application — BullMQ workers finish or
 * give back their jobs, the ORM's pool closes — and exit. Nest's own shutdown hooks ran the
 * modules' destroy hooks first, so a message still being handled could find its database closed.
 * Past the grace period (and a margin for closing) the process exits anyway: a supervisor that
 * sends SIGKILL next should not have to.
 */
function stopGracefully(app: INestMicroservice, server: ServiceServer, logger: Logger, graceMs: number): void {
  let stopping = false;
  const stop = (signal: NodeJS.Signals): void => {
    if (stopping) return;
    stopping = true;
    logger.log({ signal, graceMs }, 'stopping: draining NATS subscriptions');
    setTimeout(() => {
      logger.error({ graceMs }, 'stopping took longer than the grace period; exiting anyway');
      process.exit(1);
    }, graceMs + 5000).unref();
    void (async () => {
      try {
        await server.drain(graceMs);
        await app.close();
        logger.log({ signal }, 'stopped');
        process.exit(0);
      } catch (error) {
        logger.error({ err: error instanceof Error ? error.message : String(error) }, 'stopping failed');
        process.exit(1);
      }
    })();
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

let rejectionsLogged = false;

/**
 * A promise that rejects with nobody listening (a reply that failed to send inside Nest's reply
 * loop, a fire-and-forget write) is logged, not left to Node's default, which ends the process:
 * one bad message must not take every other request of the service down with it. Exceptions
 * thrown synchronously still end it (state may be broken then; the supervisor starts it again).
 */
function logUnhandledRejections(logger: Logger): void {
  if (rejectionsLogged) return;
  rejectionsLogged = true;
  process.on('unhandledRejection', (reason) => {
    logger.error({ err: reason instanceof Error ? { message: reason.message, stack: reason.stack } : String(reason) }, 'unhandled rejection (logged, the service keeps running)');
  });
}

/** Starts a NATS microservice with the house conventions wired in. */
export async function bootstrapService(module: Type<unknown> | DynamicModule, options: ServiceBootOptions): Promise<INestMicroservice> {
  const server = new ServiceServer({ ...natsConnectionOptions(options.natsUrl, `${options.queue}-${process.pid}`), queue: options.queue });
  // The queue group is the service's name (booking, billing, …): the label of its every series.
  const metrics = new ServiceMetrics(options.queue);
  server.metrics = metrics;
  const root: DynamicModule = { module: ServiceRoot, imports: [module, ServiceMetricsModule.forRoot(metrics)] };
  const app = await NestFactory.createMicroservice<MicroserviceOptions>(root, { strategy: server, bufferLogs: true });
  app.useLogger(app.get(Logger));
  logUnhandledRejections(app.get(Logger));
  app.useGlobalPipes(rpcValidationPipe());
  app.useGlobalFilters(new ServiceExceptionFilter());
  // Every message handler gets its own forked EntityManager (unless the service has no entities):
  // identity maps never leak between concurrent messages.
  if (options.requestContext !== false) {
    const orm = app.get(MikroORM);
    server.scope = (handle) => RequestContext.create(orm.em, handle);
  }
  // No enableShutdownHooks: stopGracefully closes the NATS server first, then the modules.
  await app.init();
  // After init (the workers exist), before listening: the first jobs and messages are counted.
  await attachOps(app, metrics, () => server.natsConnection);
  await app.listen();
  stopGracefully(app, server, app.get(Logger), options.shutdownGraceMs ?? shutdownGraceMs());
  return app;
}
