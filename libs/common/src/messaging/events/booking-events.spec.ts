import { randomUUID } from 'node:crypto';
import { Events, EventSubject, streamSubjects, EVENTS_STREAM } from '@yixiang/contracts';
import { decodeEvent } from './event-payload';

const bytes = (o: unknown) => new TextEncoder().encode(JSON.stringify(o));
const booking = {
  eventId: randomUUID(), occurredAt: '2026-12-02T01:00:00.000Z', bookingId: randomUUID(), bookingCode: 'BK-1A2B3C4D5E6F', instrumentId: randomUUID(),
  instrumentCode: 'EQ-SEM-01', instrumentName: '场发射扫描电镜', providerInstitutionId: randomUUID(), userId: randomUUID(), userInstitutionId: null,
  start: '2026-12-07T01:00:00.000Z', end: '2026-12-07T02:00:00.000Z',
};

describe('the booking events of issue 19 (the contract with notifications and webhooks)', () => {
  const samples: [EventSubject<object>, object][] = [
    [Events.bookingRequested, booking],
    [Events.bookingApproved, { ...booking, approvedBy: randomUUID() }],
    [Events.bookingRejected, { ...booking, reason: '样品不符合要求' }],
    [Events.bookingCancelled, { ...booking, cancelledBy: 'institution', reason: null }],
    [Events.bookingReminderDue, { ...booking, hoursBefore: 24 }],
    [Events.blackoutConflicted, { ...booking, blackoutId: randomUUID(), blackoutStart: booking.start, blackoutEnd: booking.end, reason: '年度维护', cancelled: true }],
    [Events.suspensionStarted, { eventId: randomUUID(), occurredAt: booking.occurredAt, suspensionId: randomUUID(), userId: randomUUID(), institutionId: randomUUID(), from: booking.start, until: booking.end, noShows: 3, reason: '爽约 3 次' }],
    [Events.waitlistOffered, { eventId: randomUUID(), occurredAt: booking.occurredAt, entryId: randomUUID(), userId: randomUUID(), instrumentId: randomUUID(), instrumentCode: 'EQ-1', instrumentName: 'XRD', providerInstitutionId: randomUUID(), start: booking.start, end: booking.end, expiresAt: booking.end }],
  ];

  it.each(samples.map(([e, p]) => [e.subject, e, p] as const))('%s: a well-formed payload decodes', (_s, event, payload) => {
    expect(decodeEvent(event, bytes(payload))).toMatchObject({ ok: true });
  });

  it('a payload without its eventId, or with a wrong cancelledBy, is refused', () => {
    const { eventId: _dropped, ...noId } = booking;
    expect(decodeEvent(Events.bookingApproved, bytes({ ...noId, approvedBy: null })).ok).toBe(false);
    expect(decodeEvent(Events.bookingCancelled, bytes({ ...booking, cancelledBy: 'robot', reason: null })).ok).toBe(false);
  });

  it('are past-tense subjects on the events stream, and an old no-show event (without the new fields) still decodes', () => {
    for (const [e] of samples) expect(streamSubjects(EVENTS_STREAM)).toContain(e.subject);
    expect(decodeEvent(Events.noShowRecorded, bytes({ bookingId: booking.bookingId, bookingCode: 'BK-1', instrumentId: booking.instrumentId, userId: booking.userId, start: booking.start, end: booking.end })).ok).toBe(true);
  });
});
