import type { JetStreamManager } from 'nats';
import { RetentionPolicy, StorageType } from 'nats';
import { EVENTS_STREAM, streamSubjects } from '@yixiang/contracts';

/**
 * The stream of events that must not be lost, created by whichever service needs it first, and
 * given the subjects libs/contracts declares (every event's current and old name) when it has other
 * ones: a stream made before the rename carried `events.>`; the explicit old names that replace it
 * keep every stored event matched and still take what a replica not yet upgraded publishes.
 * The duplicate window drops a re-publish of the same outbox row (same message id). `replicas`
 * (JETSTREAM_REPLICAS) is fixed when the stream is made; consumers inherit it from the stream.
 */
export async function ensureEventsStream(jsm: JetStreamManager, replicas = 1): Promise<void> {
  const subjects = streamSubjects(EVENTS_STREAM);
  let current: string[] | null = null;
  try {
    current = (await jsm.streams.info(EVENTS_STREAM)).config.subjects ?? [];
  } catch {
    // Not there yet.
  }
  if (current) {
    if ([...current].sort().join(' ') !== [...subjects].sort().join(' ')) await jsm.streams.update(EVENTS_STREAM, { subjects });
    return;
  }
  try {
    await jsm.streams.add({
      name: EVENTS_STREAM,
      subjects,
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
