import type { EntityManager } from '@mikro-orm/postgresql';
import { Events, EVENTS_STREAM, NoShowRecordedEvent, streamSubjects } from '@yixiang/contracts';
import type { OutboxServiceConfig } from '../config/service.config';
import { OutboxPublisher } from './outbox.publisher';
import { outboxTable, outboxWriter, publishedSubject } from './outbox.writer';

describe('the outbox', () => {
  it('publishes rows written under an old subject under the event\'s current one', () => {
    expect(publishedSubject('events.booking.usage.recorded')).toBe('booking.usage.recorded');
    expect(publishedSubject('events.booking.no-show.recorded')).toBe('booking.no-show.recorded');
    expect(publishedSubject(Events.usageRecorded.subject)).toBe(Events.usageRecorded.subject);
    expect(publishedSubject('something.else.happened')).toBe('something.else.happened');
  });

  it('is the outbox table of the service\'s own schema, and takes nothing but a plain schema name', () => {
    expect(outboxTable('booking')).toBe('booking.outbox');
    expect(outboxTable('billing')).toBe('billing.outbox');
    for (const bad of ['', 'Billing', 'billing.outbox', 'billing; drop table x', 'bill-ing']) expect(() => outboxTable(bad)).toThrow(/schema/);
  });

  it('takes only the payload its event declares (compile-time: npx tsc fails if these compile), into its own table', async () => {
    const rows: [string, unknown[]][] = [];
    const em = { execute: async (sql: string, params: unknown[]) => { rows.push([sql, params]); } } as unknown as EntityManager;
    const writeOutbox = outboxWriter('booking');
    const noShow: NoShowRecordedEvent = { bookingId: 'b', bookingCode: 'B-1', instrumentId: 'i', userId: 'u', start: 's', end: 'e' };
    await writeOutbox(em, Events.noShowRecorded, noShow);
    // @ts-expect-error a no-show is not a usage record (serviceMode, status, … are missing)
    await writeOutbox(em, Events.usageRecorded, noShow);
    // @ts-expect-error a payload with a wrong field type
    await writeOutbox(em, Events.noShowRecorded, { ...noShow, start: 1 });
    expect(rows[0][0]).toMatch(/^insert into booking\.outbox /);
    expect(rows[0][1][1]).toBe('booking.no-show.recorded');
    await outboxWriter('billing')(em, Events.noShowRecorded, noShow);
    expect(rows[3][0]).toMatch(/^insert into billing\.outbox /);
  });
});

describe('the outbox publisher', () => {
  it('after a failed publish, gives the stream back the subjects a replica of an older build took from it', async () => {
    const updates: string[][] = [];
    const older = streamSubjects(EVENTS_STREAM).filter((s) => !s.startsWith('billing.'));
    const jsm = {
      streams: {
        info: async () => ({ config: { subjects: older } }),
        update: async (_name: string, config: { subjects: string[] }) => { updates.push(config.subjects); },
      },
    };
    const publisher = new OutboxPublisher({} as EntityManager, { schema: 'billing', config: { JETSTREAM_REPLICAS: 1 } as OutboxServiceConfig });
    Object.assign(publisher, { jsm, logger: { warn: () => undefined } });
    await (publisher as unknown as { failed(error: unknown): Promise<void> }).failed(new Error('no stream matches subject'));
    expect(updates).toHaveLength(1);
    expect(updates[0]).toEqual(expect.arrayContaining([Events.statementIssued.subject, Events.voucherClaimPaid.subject, Events.usageRecorded.subject]));
  });
});
