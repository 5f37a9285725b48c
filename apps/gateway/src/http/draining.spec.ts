import { localize } from '@yixiang/domain';
import Fastify from 'fastify';
import { Draining, drainingBody, refuseWhileDraining } from './draining';
import { retryAfterSeconds } from './error.filter';

describe('a stopping gateway', () => {
  async function gateway(draining: Draining) {
    const app = Fastify({ return503OnClosing: false });
    refuseWhileDraining(app, draining);
    app.get('/health', async () => ({ status: 'ok' }));
    app.get('/api/v1/instruments', async () => ({ items: [] }));
    await app.ready();
    return app;
  }

  it('serves as usual until it begins to stop', async () => {
    const app = await gateway(new Draining());
    expect((await app.inject({ url: '/api/v1/instruments' })).statusCode).toBe(200);
    await app.close();
  });

  it.each(['/health', '/api/v1/instruments', '/no/such/route'])('then answers %s with 503 in the API’s format, Retry-After and Connection: close', async (url) => {
    const draining = new Draining();
    const app = await gateway(draining);
    draining.active = true;
    const res = await app.inject({ url });
    expect(res.statusCode).toBe(503);
    expect(res.headers['retry-after']).toBe('1');
    expect(res.headers.connection).toBe('close');
    // Chinese unless the request prefers English (issue 21).
    expect(res.json()).toEqual({ error: localize(drainingBody(), 'zh') });
    expect(res.json().error).toMatchObject({ code: 'SERVICE_UNAVAILABLE', details: { reason: 'SHUTTING_DOWN' } });
    await app.close();
  });
});

describe('retryAfterSeconds', () => {
  it('takes the service’s figure, rounded up, else five seconds', () => {
    expect(retryAfterSeconds({ code: 'SERVICE_UNAVAILABLE', message: 'x', details: { retryAfterSeconds: 1.2 } })).toBe(2);
    expect(retryAfterSeconds({ code: 'SERVICE_UNAVAILABLE', message: 'x' })).toBe(5);
    expect(retryAfterSeconds({ code: 'SERVICE_UNAVAILABLE', message: 'x', details: { retryAfterSeconds: -3 } })).toBe(5);
  });
});
