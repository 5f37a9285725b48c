import { Controller, Get, Header, Inject, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { ClientProxy } from '@nestjs/microservices';
import type { FastifyReply } from 'fastify';
import type Redis from 'ioredis';
import { HealthReply } from '@yixiang/contracts';
import { checkRedis, CheckResult } from '@yixiang/common';
import { Public } from '../auth/actor.decorator';
import { OpsEndpoint } from '../auth/auth.guard';
import { GATEWAY_REDIS } from '../auth/login-rate-limiter';
import { GatewayConfig } from '../config';
import { NATS_CLIENT, Services } from '../http/services';
import { Metrics } from './metrics';

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
  async health(@Res() reply: FastifyReply): Promise<void> {
    const started = Date.now();
    const natsCheck: CheckResult = await this.nats.connect().then(() => ({ ok: true, ms: Date.now() - started }), (e: Error) => ({ ok: false, error: e.message }));
    const entries = await Promise.all(Object.entries(this.services.all()).map(async ([name, client]) => {
      try {
        return [name, await client.request<HealthReply>(`${name}.health.check`, {}, 2000)] as const;
      } catch (error) {
        return [name, { service: name, version: 'unknown', ok: false, checks: {}, error: error instanceof Error ? error.message : String(error) }] as const;
      }
    }));
    const services = Object.fromEntries(entries);
    const postgres = entries.map(([, r]) => (r.checks as Record<string, CheckResult>).postgres).find((c) => c !== undefined) ?? { ok: false, error: 'no service reported on PostgreSQL' };
    const checks = { nats: natsCheck, redis: await checkRedis(this.redis), postgres };
    const ok = Object.values(checks).every((c) => c.ok) && entries.every(([, r]) => r.ok);
    void reply.status(ok ? 200 : 503).send({ status: ok ? 'ok' : 'degraded', version: this.config.SERVICE_VERSION, checks, services });
  }

  /** Open in development; OPS_TOKEN guards it (main.ts's hook), and production without one has none. */
  @OpsEndpoint()
  @Get('metrics')
  @Header('Content-Type', 'text/plain; version=0.0.4')
  @ApiOperation({ summary: 'Prometheus metrics of the gateway' })
  metricsText(): Promise<string> {
    return this.metrics.registry.metrics();
  }
}
