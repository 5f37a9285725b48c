import { DynamicModule, INestMicroservice, Module, Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { MicroserviceOptions } from '@nestjs/microservices';
import { MikroORM, RequestContext } from '@mikro-orm/core';
import { Logger } from 'nestjs-pino';
import { rpcValidationPipe } from '../errors/rpc-error';
import { natsConnectionOptions } from './nats-options';
import { ServiceExceptionFilter } from './rpc-exception.filter';
import { ServiceServer } from './service-server';
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
  app.enableShutdownHooks();
  await app.init();
  // After init (the workers exist), before listening: the first jobs and messages are counted.
  await attachOps(app, metrics, () => server.natsConnection);
  await app.listen();
  return app;
}
