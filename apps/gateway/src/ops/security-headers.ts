import helmet from '@fastify/helmet';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import Fastify from 'fastify';
import type { FastifyReply, FastifyRequest } from 'fastify';

/**
 * The web app (apps/web, a Vite build) loads only its own hashed scripts and stylesheets; React
 * sets styles through the DOM, which CSP allows; the favicon is a data: URL. So: nothing inline,
 * nothing from elsewhere, never framed (clickjacking), no Referer to other sites.
 */
const APP_CSP = {
  defaultSrc: ["'self'"],
  scriptSrc: ["'self'"],
  styleSrc: ["'self'"],
  imgSrc: ["'self'", 'data:'],
  fontSrc: ["'self'"],
  connectSrc: ["'self'"],
  objectSrc: ["'none'"],
  baseUri: ["'self'"],
  formAction: ["'self'"],
  frameAncestors: ["'none'"],
};

/** Swagger UI's page has inline <style> blocks and style attributes; its scripts are its own files. */
const DOCS_CSP = { ...APP_CSP, styleSrc: ["'self'", "'unsafe-inline'"] };

function helmetOptions(directives: Record<string, string[]>) {
  return {
    contentSecurityPolicy: { useDefaults: false, directives },
    referrerPolicy: { policy: 'no-referrer' as const },
    // The app embeds nothing from other origins; requiring CORP of everything it loads gains nothing.
    crossOriginEmbedderPolicy: false,
  };
}

/** The response headers @fastify/helmet sets with these options, read once from a probe instance. */
async function helmetHeaders(directives: Record<string, string[]>): Promise<Record<string, string>> {
  const probe = Fastify();
  await probe.register(helmet, helmetOptions(directives));
  probe.get('/', () => 'probe');
  const response = await probe.inject({ method: 'GET', url: '/' });
  await probe.close();
  const ours = new Set(['content-type', 'content-length', 'date', 'connection', 'keep-alive']);
  return Object.fromEntries(Object.entries(response.headers).filter(([name]) => !ours.has(name)).map(([name, value]) => [name, String(value)]));
}

/**
 * helmet's headers on every answer: CSP, nosniff, frame and referrer policies, HSTS and the rest of
 * its defaults. They are computed once, by @fastify/helmet itself, and then set as constants:
 * registered as a plugin it rebuilds its middleware (and re-parses the CSP) for every request,
 * which measured an eighth of the gateway's CPU per booking (bench/booking).
 */
export async function useSecurityHeaders(app: NestFastifyApplication): Promise<void> {
  const appHeaders = await helmetHeaders(APP_CSP);
  const docsHeaders = await helmetHeaders(DOCS_CSP);
  app.getHttpAdapter().getInstance().addHook('onRequest', (request: FastifyRequest, reply: FastifyReply, done: () => void) => {
    const url = request.url;
    void reply.headers(url.startsWith('/api/docs') && !url.startsWith('/api/docs-json') ? docsHeaders : appHeaders);
    done();
  });
}
