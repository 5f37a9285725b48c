import 'reflect-metadata';
import { Controller, INestMicroservice, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { ClientProxy, ClientProxyFactory, MessagePattern, Payload, Transport } from '@nestjs/microservices';
import {
  currentCorrelationId, fail, JsonReply, natsConnectionOptions, writesCoalesced, ServiceCallError, ServiceClient, ServiceExceptionFilter, ServiceServer, withCorrelation,
} from '@yixiang/common';
import type { NatsConnection } from 'nats';
import { NatsServer, startNatsServer } from '../deploy/local/stack/nats';
import { subject } from '@yixiang/contracts';
import { said } from '@yixiang/domain';

/** A subject of this test's probe handlers: any payload, a reply the test checks itself. */
const probe = (name: string) => subject<Record<string, unknown>, unknown>(name);
const echo = subject<{ text: string }, { text: string; correlationId: string }>('probe.echo');

/** A service of its own, on a nats-server of its own: what every service's handlers go through. */
@Controller()
class ProbeHandlers {
  @MessagePattern('probe.echo')
  echo(@Payload('text') text: string) {
    return { text, items: [{ name: '场发射扫描电镜', priceFen: 12000 }], correlationId: currentCorrelationId() };
  }

  @MessagePattern('probe.page')
  page(@Payload('n') n: number) {
    return JsonReply.of({ items: [{ name: '核磁共振波谱仪', n }], total: 1 });
  }

  @MessagePattern('probe.refuse')
  refuse(): never {
    fail('NOT_FOUND', said('仪器 X 不存在', 'instrument X does not exist'));
  }

  @MessagePattern('probe.slow')
  async slow() {
    await new Promise((r) => setTimeout(r, 1500));
    return 'late';
  }
}

@Module({ controllers: [ProbeHandlers] })
class ProbeModule {}

describe('service client and server over NATS', () => {
  let nats: NatsServer;
  let service: INestMicroservice;
  let proxy: ClientProxy;
  let client: ServiceClient;
  let server: ServiceServer;

  beforeAll(async () => {
    nats = await startNatsServer();
    server = new ServiceServer({ ...natsConnectionOptions(nats.url, 'probe'), queue: 'probe' });
    service = await NestFactory.createMicroservice(ProbeModule, { strategy: server, logger: false });
    service.useGlobalFilters(new ServiceExceptionFilter());
    await service.listen();
    proxy = ClientProxyFactory.create({ transport: Transport.NATS, options: natsConnectionOptions(nats.url, 'probe-client') });
    client = new ServiceClient(proxy, 'probe', 500);
  });

  afterAll(async () => {
    await proxy?.close();
    await service?.close();
    await nats?.stop();
  });

  it('answers with the handler’s value and carries the correlation id', async () => {
    const answer = await withCorrelation('probe-corr-1', () => client.request(echo, { text: '电镜' }));
    expect(answer).toEqual({ text: '电镜', items: [{ name: '场发射扫描电镜', priceFen: 12000 }], correlationId: 'probe-corr-1' });
  });

  it('passes the answer on as JSON bytes that parse to the same value', async () => {
    const json = await withCorrelation('probe-corr-2', () => client.requestJson(echo, { text: 'SEM "quoted"' }));
    expect(JSON.parse(json.toString('utf8'))).toEqual({ text: 'SEM "quoted"', items: [{ name: '场发射扫描电镜', priceFen: 12000 }], correlationId: 'probe-corr-2' });
  });

  it('sends an answer kept as JSON as it is, to both kinds of request', async () => {
    await expect(client.request(probe('probe.page'), { n: 7 })).resolves.toEqual({ items: [{ name: '核磁共振波谱仪', n: 7 }], total: 1 });
    const bytes = await client.requestJson(probe('probe.page'), { n: 8 });
    expect(bytes.toString('utf8')).toBe('{"items":[{"name":"核磁共振波谱仪","n":8}],"total":1}');
  });

  it('turns a service’s error into the shared error body, for both kinds of request', async () => {
    for (const call of [() => client.request(probe('probe.refuse'), {}), () => client.requestJson(probe('probe.refuse'), {})]) {
      const error = await call().catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ServiceCallError);
      // Both languages travel: the gateway picks one (issue 21).
      expect((error as ServiceCallError).body).toEqual({ code: 'NOT_FOUND', message: { zh: '仪器 X 不存在', en: 'instrument X does not exist' } });
    }
  });

  it('says a service nobody runs is unavailable at once, not after the timeout', async () => {
    const started = Date.now();
    const error = (await client.request(probe('nobody.listens'), {}).catch((e: unknown) => e)) as ServiceCallError;
    expect(error.body.code).toBe('SERVICE_UNAVAILABLE');
    expect(Date.now() - started).toBeLessThan(400);
  });

  it('says a service that does not answer in time is unavailable, and a late answer goes nowhere', async () => {
    const started = Date.now();
    const error = (await client.request(probe('probe.slow'), {}).catch((e: unknown) => e)) as ServiceCallError;
    expect(error.body.code).toBe('SERVICE_UNAVAILABLE');
    expect(Date.now() - started).toBeGreaterThanOrEqual(490);
    // The slow handler's answer arrives after its request gave up; the next request gets its own answer.
    await new Promise((r) => setTimeout(r, 1200));
    await expect(client.request(echo, { text: 'after' })).resolves.toMatchObject({ text: 'after' });
  });

  it('keeps concurrent answers apart', async () => {
    const texts = Array.from({ length: 200 }, (_, i) => `t${i}`);
    const answers = await Promise.all(texts.map((text) => client.request(echo, { text })));
    expect(answers.map((a) => a.text)).toEqual(texts);
  });

  it('writes the requests of one event-loop turn to the socket together, and each still gets its answer', async () => {
    await client.request(echo, { text: 'connect' });
    const nats = (await proxy.connect()) as NatsConnection;
    const serverConnection = (server as unknown as { natsClient: NatsConnection }).natsClient;
    expect(writesCoalesced(nats)).toBe(true);
    expect(writesCoalesced(serverConnection)).toBe(true);
    // Count the socket writes of the client's connection (nats.js internals, pinned version).
    const transport = (nats as unknown as { protocol: { transport: { send(frame: Uint8Array): void } } }).protocol.transport;
    const send = transport.send.bind(transport);
    let writes = 0;
    transport.send = (frame) => {
      writes++;
      send(frame);
    };
    try {
      // Ten callbacks of one turn: nats.js alone flushes after each (a microtask checkpoint follows
      // every callback), so without coalescing this is ten writes. setImmediate, not setTimeout(0):
      // timers created across a millisecond boundary may fall into two turns on a loaded machine,
      // while immediates queued together always run in one check phase.
      const answers = await new Promise<Promise<{ text: string }>[]>((resolve) => {
        const pending: Promise<{ text: string }>[] = [];
        for (let i = 0; i < 10; i++) setImmediate(() => pending.push(client.request(echo, { text: `turn-${i}` })));
        setImmediate(() => resolve(pending));
      });
      expect(writes).toBe(0); // not yet: the write waits for the end of the turn
      expect((await Promise.all(answers)).map((a) => a.text)).toEqual(Array.from({ length: 10 }, (_, i) => `turn-${i}`));
      expect(writes).toBe(1);
    } finally {
      transport.send = send;
    }
  });
});
