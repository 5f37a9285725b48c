import { languageOf, said } from '@yixiang/domain';
import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { GatewayConfig, opsEndpointsEnabled } from '../config';

/** The cookie that lets the Swagger UI page load its own scripts and document after `?token=`. */
const OPS_COOKIE = 'yixiang_ops';

function isOpsPath(path: string): boolean {
  return path === '/metrics' || path === '/api/docs' || path.startsWith('/api/docs/') || path.startsWith('/api/docs-json');
}

function same(a: string, b: string): boolean {
  // Digests first: equal lengths for timingSafeEqual, and no timing hint of the token's length.
  return timingSafeEqual(createHash('sha256').update(a).digest(), createHash('sha256').update(b).digest());
}

function presented(request: FastifyRequest): { token: string | undefined; fromQuery: boolean } {
  const bearer = /^Bearer\s+(\S+)$/i.exec(request.headers.authorization ?? '')?.[1];
  if (bearer) return { token: bearer, fromQuery: false };
  const query = new URLSearchParams(request.url.split('?')[1] ?? '').get('token') ?? undefined;
  if (query) return { token: query, fromQuery: true };
  const cookie = (request.headers.cookie ?? '').split(';').map((c) => c.trim().split('=')).find(([name]) => name === OPS_COOKIE)?.[1];
  return { token: cookie ? decodeURIComponent(cookie) : undefined, fromQuery: false };
}

/**
 * /metrics and the API documentation tell an attacker the shape of the platform and its load.
 * With OPS_TOKEN set they need it (Bearer header, `?token=`, or the cookie the docs page gets
 * from `?token=` so its scripts load); without it they are open in development and do not exist
 * in production.
 */
export function guardOpsEndpoints(fastify: FastifyInstance, config: GatewayConfig): void {
  const enabled = opsEndpointsEnabled(config);
  const expected = config.OPS_TOKEN;
  fastify.addHook('onRequest', (request: FastifyRequest, reply: FastifyReply, done: () => void) => {
    const url = request.url;
    // The hot path: one prefix test for every API request.
    if (!url.startsWith('/metrics') && !url.startsWith('/api/docs')) return done();
    const path = url.split('?')[0];
    if (!isOpsPath(path)) return done();
    if (!enabled) {
      const message = said(`没有这个接口：${request.method} ${path}（生产环境需设置 OPS_TOKEN）`, `no such endpoint: ${request.method} ${path} (set OPS_TOKEN to serve it in production)`)[languageOf(request.headers['accept-language'])];
      void reply.code(404).send({ error: { code: 'NOT_FOUND', message } });
      return;
    }
    if (!expected) return done();
    const { token, fromQuery } = presented(request);
    if (!token || !same(token, expected)) {
      void reply.code(401).send({ error: { code: 'UNAUTHENTICATED', message: `${path} needs the operations token: Authorization: Bearer <OPS_TOKEN> (or ?token=)` } });
      return;
    }
    if (fromQuery && path.startsWith('/api/docs')) {
      void reply.header('set-cookie', `${OPS_COOKIE}=${encodeURIComponent(token)}; Path=/api; HttpOnly; SameSite=Strict`);
    }
    done();
  });
}
