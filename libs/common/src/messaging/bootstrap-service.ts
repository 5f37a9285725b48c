import { DynamicModule, INestMicroservice, Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { MicroserviceOptions, Transport } from '@nestjs/microservices';
import { Logger } from 'nestjs-pino';
import { rpcValidationPipe } from '../errors/rpc-error';
import { NatsCorrelationInterceptor } from './correlation.interceptor';
import { ServiceExceptionFilter } from './rpc-exception.filter';

export interface ServiceBootOptions {
  /** NATS queue group: replicas of one service share the requests. */
  queue: string;
  natsUrl: string;
}

/** Starts a NATS microservice with the house conventions wired in. */
export async function bootstrapService(module: Type<unknown> | DynamicModule, options: ServiceBootOptions): Promise<INestMicroservice> {
  const app = await NestFactory.createMicroservice<MicroserviceOptions>(module, {
    transport: Transport.NATS,
    options: {
      servers: options.natsUrl.split(','),
      queue: options.queue,
      name: `${options.queue}-${process.pid}`,
      maxReconnectAttempts: -1,
      reconnectTimeWait: 500,
    },
    bufferLogs: true,
  });
  app.useLogger(app.get(Logger));
  app.useGlobalPipes(rpcValidationPipe());
  app.useGlobalInterceptors(new NatsCorrelationInterceptor());
  app.useGlobalFilters(new ServiceExceptionFilter());
  app.enableShutdownHooks();
  await app.listen();
  return app;
}
