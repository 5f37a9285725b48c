import helmet from '@fastify/helmet';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
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
const DOCS_CSP = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

export async function useSecurityHeaders(app: NestFastifyApplication): Promise<void> {
  await app.register(helmet as never, {
    global: true,
    contentSecurityPolicy: { useDefaults: false, directives: APP_CSP },
    referrerPolicy: { policy: 'no-referrer' },
    // The API answers other origins' fetches only as CORS allows; the app embeds nothing foreign.
    crossOriginEmbedderPolicy: false,
  });
  app.getHttpAdapter().getInstance().addHook('onSend', (request: FastifyRequest, reply: FastifyReply, payload: unknown, done: (err: null, payload: unknown) => void) => {
    if (request.url.startsWith('/api/docs') && !request.url.startsWith('/api/docs-json')) void reply.header('content-security-policy', DOCS_CSP);
    done(null, payload);
  });
}
