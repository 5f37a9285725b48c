import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import multipart from '@fastify/multipart';
import { Logger } from 'nestjs-pino';
import { randomUUID } from 'node:crypto';
import { resolve } from 'node:path';
import { checkRedisPolicy, CORRELATION_HEADER, correlationStorage, loadConfig, sanitizeCorrelationId } from '@yixiang/common';
import { assertGatewaySecrets, GatewayConfig, opsEndpointsEnabled, trustedProxies } from './config';
import { GatewayModule } from './gateway.module';
import { publicOperations } from './http/api-docs';
import { edgeErrorOptions } from './http/edge-errors';
import { Draining, refuseWhileDraining, stopGatewayGracefully } from './http/draining';
import { httpValidationPipe } from './http/validation';
import { Metrics } from './ops/metrics';
import { serveWebApp } from './http/web-app';
import { guardOpsEndpoints } from './ops/ops-access';
import { useSecurityHeaders } from './ops/security-headers';

export async function createGateway(config: GatewayConfig, draining = new Draining()): Promise<NestFastifyApplication> {
  // X-Forwarded-For only from the proxies named in TRUSTED_PROXIES: believing anyone's would let a
  // client pick the address the sign-in limits count (a new one per attempt, or a victim's).
  const adapter = new FastifyAdapter({ trustProxy: trustedProxies(config.TRUSTED_PROXIES), bodyLimit: 10 * 1024 * 1024, genReqId: () => randomUUID(), return503OnClosing: false, ...edgeErrorOptions() });
  const fastify = adapter.getInstance();
  // First of all hooks: a stopping gateway answers in the API's format (see refuseWhileDraining).
  refuseWhileDraining(fastify, draining);
  // The correlation id of a request: the caller's, if sane, else a new one; echoed back and carried on.
  fastify.addHook('onRequest', (request, reply, done) => {
    const correlationId = sanitizeCorrelationId(request.headers[CORRELATION_HEADER]) ?? request.id;
    void reply.header(CORRELATION_HEADER, correlationId);
    // A read may be sent to a service twice (once more on another replica, see ServiceClient).
    correlationStorage.run({ correlationId, idempotent: request.method === 'GET' || request.method === 'HEAD' }, done);
  });
  const app = await NestFactory.create<NestFastifyApplication>(GatewayModule.forRoot(config), adapter, { bufferLogs: true, rawBody: true });
  app.useLogger(app.get(Logger));
  await useSecurityHeaders(app);
  guardOpsEndpoints(fastify, config);
  await app.register(multipart as never);
  const metrics = app.get(Metrics);
  fastify.addHook('onResponse', (request, reply, done) => {
    const route = request.routeOptions?.url ?? 'unmatched';
    metrics.httpDuration.observe({ method: request.method, route, status: String(reply.statusCode) }, reply.elapsedTime / 1000);
    done();
  });
  app.setGlobalPrefix('api/v1', { exclude: ['health', 'health/live', 'health/ready', 'metrics'] });
  await serveWebApp(app, resolve(config.WEB_DIR));
  app.useGlobalPipes(httpValidationPipe());
  if (opsEndpointsEnabled(config)) SwaggerModule.setup('api/docs', app, openApiDocument(app), { jsonDocumentUrl: 'api/docs-json' });
  return app;
}

/** The OpenAPI document of every route; the web app's client is generated from it (`npm run web:api`). */
export function openApiDocument(app: NestFastifyApplication): OpenAPIObject {
  return publicOperations(SwaggerModule.createDocument(app, new DocumentBuilder()
    .setTitle('Yixiang (仪享) API')
    .setDescription('Shared research instruments: catalogue, booking, billing and the performance post-subsidy. Errors: { error: { code, message, details } }.')
    .setVersion('1')
    .setLicense('Proprietary', 'https://yixiang.local/license')
    .addServer('/', 'this gateway')
    .addBearerAuth()
    // The terminal API (issue 20) signs each request instead: see TerminalApiController.
    .addApiKey({ type: 'apiKey', in: 'header', name: 'X-Terminal-Signature', description: 'with X-Terminal-Id, X-Terminal-Timestamp and X-Terminal-Nonce: an HMAC-SHA256 by the terminal’s credential' }, 'terminal')
    // Every operation needs the token unless it says `security: []` (the @Public() routes).
    .addSecurityRequirements('bearer')
    .addTag('auth', 'Signing in and out, and one’s own password')
    .addTag('users', 'User accounts (bureau, institution admins)')
    .addTag('institutions', 'Institutions that share instruments')
    .addTag('instruments', 'The catalogue: instruments, rate cards, opening hours, blackouts, slots, categories')
    .addTag('qualifications', 'Who may run an instrument alone')
    .addTag('bookings', 'Booking time or sample submissions, and their approval')
    .addTag('research groups', 'Research groups (课题组), their members and fund accounts (经费卡) that bookings are paid from')
    .addTag('calendar', 'iCalendar feeds of bookings')
    .addTag('usage', 'Recorded usage and utilisation')
    .addTag('billing', 'Settlement, charges, statements, vouchers, feedback, exports')
    .addTag('subsidy', 'Policies and performance post-subsidy runs')
    .addTag('notifications', 'Inbox, unread count, channel preferences, delivery states')
    .addTag('webhooks', 'Institutions’ webhooks (signed JSON events, delivery log, replay) and group robots')
    .addTag('terminals', 'Instrument terminals and the unbooked uses they record')
    .addTag('terminal', 'The terminal API: signed session reports from instrument terminals')
    .addTag('jobs', 'Imports and other long jobs')
    .addTag('ops', 'Health and metrics')
    .build()));
}

async function main(): Promise<void> {
  const config = loadConfig(GatewayConfig);
  assertGatewaySecrets(config);
  await checkRedisPolicy(config.REDIS_URL, 'gateway');
  const draining = new Draining();
  const app = await createGateway(config, draining);
  const logger = app.get(Logger);
  stopGatewayGracefully(app, draining, { delayMs: config.SHUTDOWN_DELAY_MS, graceMs: config.SHUTDOWN_GRACE_MS }, (message) => logger.log(message, 'Shutdown'));
  await app.listen(config.PORT, config.HOST);
}

if (require.main === module) {
  main().catch((error) => {
    console.error(`gateway: failed to start: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  });
}
