import 'reflect-metadata';
import { Controller, INestMicroservice, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { ClientProxy, ClientProxyFactory, MessagePattern, Transport } from '@nestjs/microservices';
import { connect, NatsConnection } from 'nats';
import { NatsServer, startNatsServer } from '../../../../deploy/local/stack/nats';
import { correlationStorage } from '../logging/correlation';
import { natsConnectionOptions } from './nats-options';
import { ServiceCallError, ServiceClient } from './service-client';
import { ServiceServer } from './service-server';
import { subject } from '@yixiang/contracts';

/** A subject of this test's probe handlers: any payload, a reply the test checks itself. */
const probe = (name: string) => subject<Record<string, unknown>, unknown>(name);

/** Two replicas of one service in one queue group, each answering after a moment's work. */
@Controller()
class WorkHandlers {
  @MessagePattern('work.do')
  async work() {
    await new Promise((r) => setTimeout(r, 200));
    return { done: process.pid };
  }
}

@Module({ controllers: [WorkHandlers] })
class WorkModule {}

async function replica(url: string, name: string): Promise<{ app: INestMicroservice; server: ServiceServer }> {
  const server = new ServiceServer({ ...natsConnectionOptions(url, name), queue: 'work' });
  const app = await NestFactory.createMicroservice(WorkModule, { strategy: server, logger: false });
  await app.listen();
  return { app, server };
}

describe('a replica leaving its queue group', () => {
  let nats: NatsServer;
  let proxy: ClientProxy;
  let client: ServiceClient;

  beforeAll(async () => {
    nats = await startNatsServer();
    proxy = ClientProxyFactory.create({ transport: Transport.NATS, options: natsConnectionOptions(nats.url, 'work-client') });
    client = new ServiceClient(proxy, 'work', 3000);
  });

  afterAll(async () => {
    await proxy?.close();
    await nats?.stop();
  });

  it('answers every message it took, and the other replica gets the rest: none waits for the timeout', async () => {
    const a = await replica(nats.url, 'work-a');
    const b = await replica(nats.url, 'work-b');
    const outcomes: { ok: boolean; ms: number }[] = [];
    let sending = true;
    const load = Promise.all(Array.from({ length: 10 }, async () => {
      while (sending) {
        const t0 = performance.now();
        // Not idempotent: no retry may hide a lost message.
        const ok = await client.request(probe('work.do'), {}, undefined, { idempotent: false }).then(() => true, () => false);
        outcomes.push({ ok, ms: performance.now() - t0 });
      }
    }));
    await new Promise((r) => setTimeout(r, 600));
    // What bootstrapService does on SIGTERM: drain, then close the application.
    await a.server.drain(5000);
    await a.app.close();
    await new Promise((r) => setTimeout(r, 600));
    sending = false;
    await load;
    await b.app.close();
    const slowest = Math.max(...outcomes.map((o) => o.ms));
    expect(outcomes.filter((o) => !o.ok)).toEqual([]);
    expect(slowest).toBeLessThan(1500);
    expect(outcomes.length).toBeGreaterThan(20);
  }, 30000);
});

describe('ServiceClient retrying once', () => {
  let nats: NatsServer;
  let proxy: ClientProxy;
  let client: ServiceClient;
  let raw: NatsConnection;
  let received = 0;

  beforeAll(async () => {
    nats = await startNatsServer();
    raw = await connect({ servers: nats.url });
    // A replica that takes the first request and dies with it (never answers), then a healthy one.
    raw.subscribe('flaky.get', {
      callback: (_error, msg) => {
        received++;
        if (received % 2 === 1) return;
        const { id } = JSON.parse(new TextDecoder().decode(msg.data)) as { id: string };
        msg.respond(Buffer.from(JSON.stringify({ response: { ok: true }, isDisposed: true, id })));
      },
    });
    await raw.flush();
    proxy = ClientProxyFactory.create({ transport: Transport.NATS, options: natsConnectionOptions(nats.url, 'flaky-client') });
    client = new ServiceClient(proxy, 'flaky', 300);
  });

  beforeEach(() => {
    received = 0;
  });

  afterAll(async () => {
    await proxy?.close();
    await raw?.close();
    await nats?.stop();
  });

  it('sends an idempotent request once more after a timeout, and gets the answer', async () => {
    await expect(client.request(probe('flaky.get'), {}, undefined, { idempotent: true })).resolves.toEqual({ ok: true });
    expect(received).toBe(2);
  });

  it('takes a read from the work in progress (the gateway marks reads)', async () => {
    await expect(withCorrelationIdempotent(() => client.request(probe('flaky.get'), {}))).resolves.toEqual({ ok: true });
    expect(received).toBe(2);
  });

  it('never repeats a write without a key: one attempt, then 503', async () => {
    const error = await client.request(probe('flaky.get'), {}).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ServiceCallError);
    expect((error as ServiceCallError).body).toMatchObject({ code: 'SERVICE_UNAVAILABLE', details: { retryAfterSeconds: 2 } });
    expect(received).toBe(1);
  });

  it('retries once after no responders, and then says 503', async () => {
    const t0 = performance.now();
    const error = await client.request(probe('nobody.home'), {}, undefined, { idempotent: true }).catch((e: unknown) => e);
    expect((error as ServiceCallError).body.code).toBe('SERVICE_UNAVAILABLE');
    expect(performance.now() - t0).toBeLessThan(1000);
  });
});

/** As the gateway runs a GET: the work in progress marked idempotent. */
function withCorrelationIdempotent<T>(fn: () => Promise<T>): Promise<T> {
  return correlationStorage.run({ correlationId: 'test-read', idempotent: true }, fn);
}
