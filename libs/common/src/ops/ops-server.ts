import { createServer, Server } from 'node:http';
import { IsInt, IsOptional, IsString, Max, Min } from 'class-validator';
import type { Check } from './readiness';
import { readiness } from './readiness';
import type { ServiceMetrics } from './service-metrics';

/**
 * Where a service's operations endpoints listen. Without OPS_PORT there are none (a service has no
 * HTTP otherwise); HOST is 127.0.0.1 on a workstation and 0.0.0.0 in a container, where the
 * kubelet and Prometheus reach the pod's address.
 */
export class OpsConfig {
  @IsOptional() @IsInt() @Min(1) @Max(65535)
  OPS_PORT?: number;

  @IsString()
  HOST: string = '127.0.0.1';
}

export interface OpsEndpoints {
  metrics: ServiceMetrics;
  ready: Record<string, Check>;
}

/**
 * GET /health/live (the process runs), /health/ready (its own checks: 503 and the failing ones
 * named otherwise) and /metrics (Prometheus text) on a port of their own, apart from NATS. Plain
 * node:http: three routes do not need a framework, and nothing else listens in a service.
 */
export function serveOps(config: Required<OpsConfig>, endpoints: OpsEndpoints): Promise<Server> {
  const server = createServer((request, response) => {
    const path = (request.url ?? '/').split('?')[0];
    const send = (status: number, body: string, type = 'application/json; charset=utf-8') => {
      response.writeHead(status, { 'content-type': type, 'cache-control': 'no-store' });
      response.end(body);
    };
    if (request.method !== 'GET') return send(405, JSON.stringify({ error: { code: 'METHOD_NOT_ALLOWED', message: '只接受 GET / only GET is served here' } }));
    if (path === '/health/live') return send(200, JSON.stringify({ status: 'ok', service: endpoints.metrics.service }));
    if (path === '/health/ready') {
      void readiness(endpoints.ready).then((r) => {
        send(r.ok ? 200 : 503, JSON.stringify({ status: r.ok ? 'ok' : 'not-ready', service: endpoints.metrics.service, failing: r.failing, checks: r.checks }));
      });
      return;
    }
    if (path === '/metrics') {
      void endpoints.metrics.metrics().then(
        (text) => send(200, text, endpoints.metrics.registry.contentType),
        (error: unknown) => send(500, `# metrics failed: ${error instanceof Error ? error.message : String(error)}\n`, 'text/plain'),
      );
      return;
    }
    send(404, JSON.stringify({ error: { code: 'NOT_FOUND', message: `没有这个端点 / no such endpoint: ${path} (/health/live, /health/ready, /metrics)` } }));
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.OPS_PORT, config.HOST, () => {
      // The operations port never keeps a stopping process alive.
      server.unref();
      resolve(server);
    });
  });
}
