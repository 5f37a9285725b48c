import fastifyStatic from '@fastify/static';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { languageOf, said } from '@yixiang/domain';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Serves the web application's production build (apps/web/dist) at `/`. Its files are served as
 * they are; any other GET outside the API is a route of the single-page app and gets index.html,
 * so a bookmarked /instruments/… opens the right page. Hashed assets are cached for good, the
 * page itself never, so a new release is picked up at the next visit. Without a build (a
 * development checkout before `vite build`), `/` leads to the API documentation instead.
 */
export async function serveWebApp(app: NestFastifyApplication, dir: string): Promise<boolean> {
  const fastify = app.getHttpAdapter().getInstance();
  if (!existsSync(join(dir, 'index.html'))) {
    fastify.get('/', (_request: FastifyRequest, reply: FastifyReply) => reply.redirect('/api/docs', 302));
    return false;
  }
  await app.register(fastifyStatic as never, {
    root: dir,
    prefix: '/',
    wildcard: false,
    index: ['index.html'],
    cacheControl: false,
    setHeaders: (reply: FastifyReply, path: string) => {
      void reply.header('cache-control', path.includes(join(dir, 'assets')) ? 'public, max-age=31536000, immutable' : 'no-cache');
    },
  });
  fastify.get('/*', (request: FastifyRequest, reply: FastifyReply) => {
    const path = request.url.split('?')[0];
    if (path.startsWith('/api/') || path === '/api' || path.startsWith('/health') || path.startsWith('/metrics')) {
      const message = said(`没有这个接口：GET ${path}`, `no such endpoint: GET ${path}`)[languageOf(request.headers['accept-language'])];
      return reply.code(404).send({ error: { code: 'NOT_FOUND', message } });
    }
    return reply.sendFile('index.html');
  });
  return true;
}
