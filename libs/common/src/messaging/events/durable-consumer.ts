import { AckPolicy, ConsumerConfig, ConsumerMessages, DeliverPolicy, JetStreamManager, JsMsg } from 'nats';
import { EventSubject, subjectsOf } from '@yixiang/contracts';
import { decodeEvent } from './event-payload';

/** Whether a nats-server version (`2.9.10`) has consumers with several filter subjects (2.10+). */
export function hasMultiFilter(serverVersion: string): boolean {
  const [major, minor] = serverVersion.split('.').map((part) => Number.parseInt(part, 10));
  return major > 2 || (major === 2 && minor >= 10);
}

/**
 * What a durable consumer of `event` filters on: its current and its old subject. nats-server 2.10+
 * takes both (`filter_subjects`); 2.9 takes one filter only, and no single one matches
 * `events.booking.usage.recorded` and `booking.usage.recorded`, so there the consumer takes the whole
 * stream (a few kinds of event, all small) and `consumeEvents` acknowledges the others unread.
 */
export function eventFilter(event: EventSubject<object>, serverVersion: string): Pick<ConsumerConfig, 'filter_subject' | 'filter_subjects'> {
  const subjects = subjectsOf(event);
  if (subjects.length === 1) return { filter_subject: subjects[0] };
  return hasMultiFilter(serverVersion) ? { filter_subject: undefined, filter_subjects: subjects } : { filter_subject: undefined, filter_subjects: undefined };
}

function sameFilter(config: Pick<ConsumerConfig, 'filter_subject' | 'filter_subjects'>, wanted: Pick<ConsumerConfig, 'filter_subject' | 'filter_subjects'>): boolean {
  const list = (c: Pick<ConsumerConfig, 'filter_subject' | 'filter_subjects'>) => [...(c.filter_subjects ?? []), ...(c.filter_subject ? [c.filter_subject] : [])].sort().join(' ');
  return list(config) === list(wanted);
}

/**
 * The shared durable pull consumer of `event`, created, or updated IN PLACE when its filter is not
 * the one wanted (a consumer made before the subjects were renamed filters on the old subject only).
 * Updating keeps the consumer's position and its unacknowledged messages: events stored under the
 * old subject and not yet taken are delivered after the upgrade, and those already acknowledged
 * are not delivered again.
 */
export async function ensureEventConsumer(jsm: JetStreamManager, event: EventSubject<object>, durable: string, serverVersion: string): Promise<void> {
  const filter = eventFilter(event, serverVersion);
  let existing: ConsumerConfig | null = null;
  try {
    existing = (await jsm.consumers.info(event.stream, durable)).config;
  } catch {
    // Not there yet.
  }
  if (existing) {
    if (!sameFilter(existing, filter)) await jsm.consumers.update(event.stream, durable, filter);
    return;
  }
  await jsm.consumers.add(event.stream, {
    durable_name: durable, ...filter, ack_policy: AckPolicy.Explicit,
    deliver_policy: DeliverPolicy.All, ack_wait: 30 * 1e9, max_deliver: -1,
  }).catch((error: unknown) => {
    if (!/already exists|in use/i.test(String(error))) throw error;
  });
}

export interface EventHandling<P> {
  /** Stores what the event says; a rejection means "try again later" (nak), e.g. the database is down. */
  handle(payload: P, message: JsMsg): Promise<void>;
  /** An event that failed validation: it is terminated (never redelivered), after this is told. */
  invalid(message: JsMsg, problem: string): void;
  /** handle() failed: the event is redelivered after a pause. */
  failed(message: JsMsg, error: unknown): void;
}

/**
 * Consumes `event` from `messages` until they stop: each valid event is handled then acknowledged;
 * an invalid one is terminated (m.term()) so it neither stops the loop nor holds back the events
 * behind it; other events of the stream (a 2.9 server's whole-stream consumer) are acknowledged unread.
 */
export async function consumeEvents<P extends object>(messages: ConsumerMessages, event: EventSubject<P>, handling: EventHandling<P>): Promise<void> {
  const subjects = new Set(subjectsOf(event));
  for await (const m of messages) {
    if (!subjects.has(m.subject)) {
      m.ack();
      continue;
    }
    const decoded = decodeEvent(event, m.data);
    if (!decoded.ok) {
      handling.invalid(m, decoded.problem);
      // No reason argument: nats-server 2.9 does not parse `+TERM <reason>` and would leave the event pending.
      m.term();
      continue;
    }
    try {
      await handling.handle(decoded.payload, m);
      m.ack();
    } catch (error) {
      handling.failed(m, error);
      m.nak(5000);
    }
  }
}
