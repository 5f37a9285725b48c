import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { api, bureauToken, expectError, testEnv } from './support/api';

describe('gateway operations', () => {
  it('reports health of every service, PostgreSQL, Redis and NATS', async () => {
    const res = await api('GET', '/health');
    expect(res.status).toBe(200);
    expect(res.body.status).toBe('ok');
    expect(Object.keys(res.body.checks).sort()).toEqual(['nats', 'postgres', 'redis']);
    expect(res.body.services.catalogue.ok).toBe(true);
  });

  it('serves two catalogue replicas together (queue group) without an error', async () => {
    const token = await bureauToken();
    const results = await Promise.all(Array.from({ length: 60 }, (_, i) => api('GET', `/instruments?pageSize=5&page=${(i % 3) + 1}`, { token })));
    expect(results.every((r) => r.status === 200)).toBe(true);
    const instances = new Set<number>();
    for (let i = 0; i < 40 && instances.size < 2; i++) instances.add((await api('GET', '/health')).body.services.catalogue.instance);
    expect(instances.size).toBe(2);
  });

  it('exposes Prometheus metrics and the OpenAPI document', async () => {
    const metrics = await api('GET', '/metrics');
    expect(metrics.status).toBe(200);
    expect(metrics.body).toContain('yixiang_http_request_duration_seconds_bucket');
    const docs = await api('GET', '/api/docs-json');
    expect(docs.status).toBe(200);
    expect(Object.keys(docs.body.paths)).toEqual(expect.arrayContaining(['/api/v1/instruments', '/api/v1/auth/login', '/api/v1/imports']));
  });

  it('serves the web app at / and at its own paths, and leaves unknown API paths a JSON 404', async () => {
    const base = testEnv().gatewayUrl;
    for (const path of ['/', '/instruments/some-id', '/subsidy']) {
      const page = await fetch(`${base}${path}`);
      expect(page.status).toBe(200);
      expect(page.headers.get('content-type')).toContain('text/html');
      expect(page.headers.get('cache-control')).toBe('no-cache');
      expect(await page.text()).toContain('<div id="root"></div>');
    }
    const html = await (await fetch(`${base}/`)).text();
    const script = /src="(\/assets\/[^"]+\.js)"/.exec(html)?.[1];
    const asset = await fetch(`${base}${script}`);
    expect(asset.status).toBe(200);
    expect(asset.headers.get('cache-control')).toContain('immutable');
    const missing = await api('GET', '/api/v1/no-such-thing');
    expectError(missing, 404, 'NOT_FOUND');
  });

  it('limits sign-in attempts (429 with Retry-After)', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 8; i++) statuses.push((await api('POST', '/auth/login', { body: { email: 'nobody@test.example.cn', password: 'wrong-password' } })).status);
    expect(statuses.slice(0, 5)).toEqual([401, 401, 401, 401, 401]);
    expect(statuses[7]).toBe(429);
    const limited = await api('POST', '/auth/login', { body: { email: 'nobody@test.example.cn', password: 'wrong-password' } });
    expectError(limited, 429, 'RATE_LIMITED');
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
  });

  it('carries the correlation id from HTTP through NATS into the service logs', async () => {
    const token = await bureauToken();
    const correlationId = `it-${randomUUID()}`;
    const res = await api('GET', '/instruments/NO-SUCH-THING', { token, headers: { 'x-correlation-id': correlationId } });
    expect(res.headers.get('x-correlation-id')).toBe(correlationId);
    await new Promise((r) => setTimeout(r, 300));
    const dir = testEnv().logDir;
    const lines = readdirSync(dir).filter((f) => f.startsWith('catalogue')).flatMap((f) => readFileSync(join(dir, f), 'utf8').split('\n'));
    const tagged = lines.filter((l) => l.includes(correlationId)).map((l) => JSON.parse(l));
    expect(tagged.length).toBeGreaterThan(0);
    expect(tagged[0]).toMatchObject({ service: 'catalogue', correlationId });
  });
});
