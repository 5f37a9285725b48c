import { AckPolicy, connect, DeliverPolicy, JetStreamManager, JsMsg, NatsConnection, RetentionPolicy, StorageType } from 'nats';
import { EVENTS_STREAM, Events, streamSubjects, UsageRecordedEvent } from '@yixiang/contracts';
import { NatsServer, startNatsServer } from '../../../../../deploy/local/stack/nats';
import { consumeEvents, ensureEventConsumer, eventFilter } from './durable-consumer';
import { ensureEventsStream } from './stream';

const DURABLE = 'billing-usage';
const usage = (n: number): UsageRecordedEvent => ({
  bookingId: `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`, bookingCode: `B-${n}`,
  instrumentId: '10000000-0000-4000-8000-000000000001', providerInstitutionId: '20000000-0000-4000-8000-000000000001',
  userId: '30000000-0000-4000-8000-000000000001', userInstitutionId: '40000000-0000-4000-8000-000000000001',
  serviceMode: 'assisted', serviceCategory: 'testing', start: '2026-11-02T01:00:00.000Z', end: '2026-11-02T02:00:00.000Z',
  samples: null, projectCode: null, voucherId: null, status: 'completed',
});
const noShow = (n: number) => ({ bookingId: usage(n).bookingId, bookingCode: `B-${n}`, instrumentId: usage(n).instrumentId, userId: usage(n).userId, start: usage(n).start, end: usage(n).end });

async function until(what: string, done: () => boolean, ms = 10000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!done()) {
    if (Date.now() > deadline) throw new Error(`${what}: not within ${ms} ms`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('usage events across the subject rename (real nats-server)', () => {
  let server: NatsServer;
  let nc: NatsConnection;
  let jsm: JetStreamManager;

  beforeAll(async () => {
    server = await startNatsServer();
    nc = await connect({ servers: server.url });
    jsm = await nc.jetstreamManager();
  });
  afterAll(async () => {
    await nc?.close();
    await server?.stop();
  });

  it('applies an event stored under the old subject before the upgrade exactly once after it, and validates every event', async () => {
    // The stream and the durable consumer as the code before the rename made them.
    await jsm.streams.add({ name: EVENTS_STREAM, subjects: ['events.>'], retention: RetentionPolicy.Limits, storage: StorageType.File, duplicate_window: 10 * 60 * 1e9 });
    await jsm.consumers.add(EVENTS_STREAM, { durable_name: DURABLE, filter_subject: 'events.booking.usage.recorded', ack_policy: AckPolicy.Explicit, deliver_policy: DeliverPolicy.All, ack_wait: 30 * 1e9, max_deliver: -1 });
    const js = nc.jetstream();
    // Taken and acknowledged by the old billing; then one stored and not yet taken, and a no-show.
    await js.publish('events.booking.usage.recorded', JSON.stringify(usage(1)), { msgID: 'o-1' });
    const old = await (await js.consumers.get(EVENTS_STREAM, DURABLE)).next({ expires: 5000 });
    expect(old?.json<UsageRecordedEvent>().bookingCode).toBe('B-1');
    old?.ack();
    await old?.ackAck();
    await js.publish('events.booking.usage.recorded', JSON.stringify(usage(2)), { msgID: 'o-2' });
    await js.publish('events.booking.no-show.recorded', JSON.stringify(noShow(3)), { msgID: 'o-3' });

    // The upgrade: the stream takes the new subjects, the consumer is updated in place.
    await ensureEventsStream(jsm);
    await ensureEventConsumer(jsm, Events.usageRecorded, DURABLE, nc.info?.version ?? '0.0.0');
    expect((await jsm.streams.info(EVENTS_STREAM)).config.subjects?.sort()).toEqual(streamSubjects(EVENTS_STREAM).sort());
    const config = (await jsm.consumers.info(EVENTS_STREAM, DURABLE)).config;
    expect([config.filter_subject ?? '', ...(config.filter_subjects ?? [])].filter(Boolean)).toEqual([...(eventFilter(Events.usageRecorded, nc.info?.version ?? '0.0.0').filter_subjects ?? [])]);
    // Doing it again changes nothing (every replica runs it at start).
    await ensureEventsStream(jsm);
    await ensureEventConsumer(jsm, Events.usageRecorded, DURABLE, nc.info?.version ?? '0.0.0');

    // After the upgrade: a new-subject event, a malformed one, one with a wrong field, and a valid one behind them.
    await js.publish(Events.usageRecorded.subject, JSON.stringify(usage(4)), { msgID: 'n-4' });
    await js.publish(Events.noShowRecorded.subject, JSON.stringify(noShow(5)), { msgID: 'n-5' });
    const garbage = await js.publish(Events.usageRecorded.subject, '{"bookingId": "not json', { msgID: 'n-6' });
    const wrong = await js.publish(Events.usageRecorded.subject, JSON.stringify({ ...usage(7), serviceMode: 'teleported', start: 'yesterday' }), { msgID: 'n-7' });
    await js.publish(Events.usageRecorded.subject, JSON.stringify(usage(8)), { msgID: 'n-8' });
    // A re-publish of an outbox row (same message id) is dropped by the duplicate window.
    await js.publish(Events.usageRecorded.subject, JSON.stringify(usage(8)), { msgID: 'n-8' });

    const applied: string[] = [];
    const invalid: { seq: number; problem: string }[] = [];
    const messages = await (await js.consumers.get(EVENTS_STREAM, DURABLE)).consume({ max_messages: 10 });
    const loop = consumeEvents(messages, Events.usageRecorded, {
      handle: async (event: UsageRecordedEvent, _m: JsMsg) => {
        expect(event).toBeInstanceOf(UsageRecordedEvent);
        applied.push(event.bookingCode ?? '');
      },
      invalid: (m, problem) => invalid.push({ seq: m.seq, problem }),
      failed: (_m, error) => { throw error; },
    });
    await until('the events after the upgrade', () => applied.length >= 3 && invalid.length >= 2);
    await new Promise((r) => setTimeout(r, 500));
    messages.stop();
    await loop;
    await nc.flush();

    expect(applied).toEqual(['B-2', 'B-4', 'B-8']);
    expect(invalid.map((i) => i.seq)).toEqual([garbage.seq, wrong.seq]);
    expect(invalid[0].problem).toMatch(/not JSON/);
    expect(invalid[1].problem).toMatch(/serviceMode/);
    expect(invalid[1].problem).toMatch(/start/);
    const after = await jsm.consumers.info(EVENTS_STREAM, DURABLE);
    expect(after.num_pending).toBe(0);
    expect(after.num_ack_pending).toBe(0);
  });

  it('filters on both subjects where the server can (2.10+), on the whole stream where it cannot (2.9)', () => {
    expect(eventFilter(Events.usageRecorded, '2.10.4')).toEqual({ filter_subject: undefined, filter_subjects: ['booking.usage.recorded', 'events.booking.usage.recorded'] });
    expect(eventFilter(Events.usageRecorded, '3.0.0').filter_subjects).toHaveLength(2);
    expect(eventFilter(Events.usageRecorded, '2.9.10')).toEqual({ filter_subject: undefined, filter_subjects: undefined });
  });
});
