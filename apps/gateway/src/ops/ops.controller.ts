import { Controller, Get, Header, Inject, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiServiceUnavailableResponse, ApiTags, ApiProduces } from '@nestjs/swagger';
import { ClientProxy } from '@nestjs/microservices';
import type { FastifyReply } from 'fastify';
import type Redis from 'ioredis';
import type { NatsConnection } from 'nats';
import { HealthSubjects } from '@yixiang/contracts';
import { checkNatsConnection, checkRedis, CheckResult, NATS_CLIENT, readiness } from '@yixiang/common';
import { Public } from '../auth/actor.decorator';
import { OpsEndpoint } from '../auth/auth.guard';
import { GATEWAY_REDIS } from '../auth/login-rate-limiter';
import { GatewayConfig } from '../config';
import { Services } from '../http/services';
import { Metrics } from './metrics';
import { HealthLiveView, HealthReadyView, schemaBehind } from './health.views';
import { ApiErrors } from '../http/api-docs';

@ApiTags('ops')
@Controller()
export class OpsController {
  constructor(
    private readonly services: Services,
    private readonly metrics: Metrics,
    @Inject(GATEWAY_REDIS) private readonly redis: Redis,
    @Inject(NATS_CLIENT) private readonly nats: ClientProxy,
    private readonly config: GatewayConfig,
  ) {}

  @Public()
  @Get('health')
  @ApiOperation({ summary: 'Readiness of every service (over NATS) and of PostgreSQL, Redis and NATS' })
  @ApiOkResponse({ description: 'every check ok', schema: { type: 'object', additionalProperties: true } })
  @ApiErrors(503)
  async health(@Res() reply: FastifyReply): Promise<void> {
    const started = Date.now();
    const natsCheck: CheckResult = await this.nats.connect().then(() => ({ ok: true, ms: Date.now() - started }), (e: Error) => ({ ok: false, error: e.message }));
    const clients = this.services.all();
    const entries = await Promise.all(Object.entries(HealthSubjects).map(async ([name, subject]) => {
      try {
        return [name, await clients[name].request(subject, {}, 2000)] as const;
      } catch (error) {
        return [name, { service: name, version: 'unknown', ok: false, checks: {}, error: error instanceof Error ? error.message : String(error) }] as const;
      }
    }));
    const services = Object.fromEntries(entries);
    const postgres = entries.map(([, r]) => (r.checks as Record<string, CheckResult>).postgres).find((c) => c !== undefined) ?? { ok: false, error: 'no service reported on PostgreSQL' };
    const checks = { nats: natsCheck, redis: await checkRedis(this.redis), postgres };
    // A service on a schema older than its code is not ok even if it answers (its reply says so in
    // `checks.schema`; named here so an older service's reply cannot hide it).
    const behind = schemaBehind(services);
    const ok = Object.values(checks).every((c) => c.ok) && entries.every(([, r]) => r.ok) && behind.length === 0;
    void reply.status(ok ? 200 : 503).send({ status: ok ? 'ok' : 'degraded', version: this.config.SERVICE_VERSION, checks, services, ...(behind.length ? { schemaBehind: behind } : {}) });
  }

  @Public()
  @Get('health/live')
  @ApiOperation({ summary: 'Liveness: 200 while the gateway process runs' })
  @ApiOkResponse({ type: HealthLiveView })
  @ApiErrors(503)
  live(): HealthLiveView {
    return { status: 'ok', service: 'gateway' };
  }

  /**
   * Readiness of this gateway replica only: its own NATS connection. Never the services behind it:
   * one crash-looping subsidy pod must not take every gateway pod out of service (its requests
   * answer 503 on their own; GET /health shows the whole platform).
   */
  @Public()
  @Get('health/ready')
  @ApiOperation({ summary: 'Readiness of this gateway replica: its own NATS connection, not the services' })
  @ApiOkResponse({ type: HealthReadyView })
  @ApiServiceUnavailableResponse({ type: HealthReadyView })
  async ready(@Res() reply: FastifyReply): Promise<void> {
    const r = await readiness({ nats: () => checkNatsConnection(this.natsConnection()) });
    void reply.status(r.ok ? 200 : 503).send({ status: r.ok ? 'ok' : 'not-ready', service: 'gateway', failing: r.failing, checks: r.checks });
  }

  private natsConnection(): NatsConnection | null {
    try {
      return this.nats.unwrap<NatsConnection>();
    } catch {
      // Not connected yet (Nest connects on first use or at bootstrap).
      return null;
    }
  }

  /** Open in development; OPS_TOKEN guards it (main.ts's hook), and production without one has none. */
  @OpsEndpoint()
  @Get('metrics')
  @Header('Content-Type', 'text/plain; version=0.0.4')
  @ApiOperation({ summary: 'Prometheus metrics of the gateway' })
  @ApiProduces('text/plain')
  @ApiOkResponse({ description: 'Prometheus text format', schema: { type: 'string' } })
  @ApiErrors(401)
  metricsText(): Promise<string> {
    return this.metrics.registry.metrics();
  }
}
