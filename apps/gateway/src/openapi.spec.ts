import 'reflect-metadata';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import type { OpenAPIObject } from '@nestjs/swagger';
import { loadConfig } from '@yixiang/common';
import { GatewayConfig } from './config';
import type Redis from 'ioredis';
import { GATEWAY_REDIS } from './auth/login-rate-limiter';
import { createGateway, openApiDocument } from './main';

/**
 * The gateway's OpenAPI document, built without serving anything (as openapi-cli does): it must
 * describe every reply (the web client is generated from it) and lint clean with Redocly's
 * recommended rules (scripts/openapi-lint.mjs).
 */
interface Problem { rule: string; severity: string; message: string; where: string }

/**
 * Operations that can refuse nothing, so no 4xx is documented for them (one would be false): the
 * categories and the health checks take no parameters and no token. The rule stays on for every other.
 */
const NEVER_REFUSED = ['/api/v1/categories', '/health', '/health/live', '/health/ready'].map((path) => `#/paths/${path.replace(/\//g, '~1')}/get/responses`);

describe('the OpenAPI document', () => {
  let document: OpenAPIObject;
  const operations = () => Object.entries(document.paths).flatMap(([path, item]) =>
    (['get', 'put', 'post', 'delete', 'patch'] as const).flatMap((method) => (item[method] ? [{ path, method, operation: item[method] }] : [])));

  beforeAll(async () => {
    const config = loadConfig(GatewayConfig, { JWT_SECRET: randomBytes(32).toString('base64url'), ...process.env, NODE_ENV: 'development' });
    const app = await createGateway({ ...config, LOG_LEVEL: 'silent' });
    document = openApiDocument(app);
    // Never initialised or listened: only its Redis client (connected when made) is left to let go.
    // app.close() would wait for that connection; disconnecting it lets Jest exit when the run ends.
    app.get<Redis>(GATEWAY_REDIS).disconnect();
  });

  it('lints clean with Redocly’s recommended rules', () => {
    const out = execFileSync(process.execPath, [join(__dirname, '../../../scripts/openapi-lint.mjs')], { input: JSON.stringify(document) }).toString('utf8');
    const problems = (JSON.parse(out) as Problem[]).filter((p) => !(p.rule === 'operation-4xx-response' && NEVER_REFUSED.includes(p.where)));
    expect(problems.map((p) => `${p.severity} ${p.rule} ${p.where}: ${p.message}`)).toEqual([]);
  });

  it('describes the body of every successful reply, and a summary of every operation', () => {
    const missing = operations().flatMap(({ path, method, operation }) => [
      ...(operation.summary ? [] : [`${method} ${path}: no summary`]),
      ...Object.entries(operation.responses).filter(([status, r]) => /^2/.test(status) && status !== '204' && !(r && 'content' in r && r.content))
        .map(([status]) => `${method} ${path}: ${status} without a body schema`),
    ]);
    expect(missing).toEqual([]);
  });

  it('gives the committed web client a body type for every successful reply (no `content?: never` but the 204s)', () => {
    const client = readFileSync(join(__dirname, '../../web/src/api/schema.d.ts'), 'utf8');
    const bodiless = [...client.matchAll(/(\d{3}): \{\s*headers: \{[^}]*\};\s*content\?: never;/g)].map((m) => m[1]).filter((status) => /^2/.test(status));
    expect(bodiless).toEqual(['204', '204']);
  });

  it('marks the routes anyone may call `security: []`, and only those', () => {
    const open = operations().filter(({ operation }) => Array.isArray(operation.security) && operation.security.length === 0).map(({ method, path }) => `${method} ${path}`);
    expect(open.sort()).toEqual(['get /api/v1/calendar/{file}', 'get /api/v1/categories', 'get /health', 'get /health/live', 'get /health/ready', 'post /api/v1/auth/login']);
    expect(document.security).toEqual([{ bearer: [] }]);
  });

  it('documents money as integer and instants as date-time', () => {
    const schemas = document.components?.schemas ?? {};
    const booking = schemas.BookingView as { properties: Record<string, { format?: string }> };
    expect(booking.properties.start.format).toBe('date-time');
    const voucher = schemas.VoucherView as { properties: Record<string, { type?: string }> };
    expect(voucher.properties.faceValueFen.type).toBe('integer');
  });

  it('lists subsidy runs and settlements by the list convention', () => {
    for (const path of ['/api/v1/subsidy-runs', '/api/v1/settlements']) {
      const get = document.paths[path].get!;
      expect((get.parameters ?? []).map((p) => ('name' in p ? p.name : ''))).toEqual(expect.arrayContaining(['page', 'pageSize']));
      const schema = (get.responses['200'] as { content: Record<string, { schema: { $ref: string } }> }).content['application/json'].schema.$ref;
      expect(schema).toMatch(/Page$/);
    }
  });
});
