import type { JetStreamManager } from 'nats';
import { RetentionPolicy, StorageType } from 'nats';
import { EVENTS_STREAM } from '@yixiang/contracts';

/**
 * The stream of events that must not be lost, created by whichever service needs it first.
 * The duplicate window drops a re-publish of the same outbox row (same message id). `replicas`
 * (JETSTREAM_REPLICAS) is fixed when the stream is made; consumers inherit it from the stream.
 */
export async function ensureEventsStream(jsm: JetStreamManager, replicas = 1): Promise<void> {
  try {
    await jsm.streams.info(EVENTS_STREAM);
    return;
  } catch {
    // Not there yet.
  }
  try {
    await jsm.streams.add({
      name: EVENTS_STREAM,
      subjects: ['events.>'],
      retention: RetentionPolicy.Limits,
      storage: StorageType.File,
      duplicate_window: 10 * 60 * 1e9,
      max_age: 30 * 24 * 3600 * 1e9,
      num_replicas: replicas,
    });
  } catch (error) {
    // Another replica or service created it between our two calls.
    if (!/already in use|exists/i.test(String(error))) throw error;
  }
}
