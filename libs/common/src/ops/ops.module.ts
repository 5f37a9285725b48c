import { DynamicModule, Global, Module } from '@nestjs/common';
import { ServiceMetrics } from './service-metrics';

/**
 * Makes the process's ServiceMetrics injectable everywhere in a service (bootstrapService imports
 * it around the service's own module), so a service adds series of its own (an outbox backlog,
 * index rebuilds) without the metrics being a module-level global.
 */
@Global()
@Module({})
export class ServiceMetricsModule {
  static forRoot(metrics: ServiceMetrics): DynamicModule {
    return { module: ServiceMetricsModule, providers: [{ provide: ServiceMetrics, useValue: metrics }], exports: [ServiceMetrics] };
  }
}
