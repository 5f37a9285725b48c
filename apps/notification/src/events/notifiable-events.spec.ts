import { Events, WEBHOOK_EVENTS } from '@yixiang/contracts';
import { NOTIFICATION_KINDS } from '@yixiang/domain';
import { CONSUMED_EVENTS } from './notifiable-events';

describe('the events the notification service consumes', () => {
  it('are every event of the booking and billing services but the usage records (billing’s: check-outs and completed sample orders) and a fund account’s charge (booking’s), each under its own durable consumer', () => {
    const notified = Object.values(Events).filter((e) => e !== Events.usageRecorded && e !== Events.sampleOrderCompleted && e !== Events.chargeSettled).map((e) => e.subject).sort();
    expect(CONSUMED_EVENTS.map((c) => c.event.subject).sort()).toEqual(notified);
    expect(notified.filter((s) => s.startsWith('billing.'))).toHaveLength(6);
    expect(new Set(CONSUMED_EVENTS.map((c) => c.durable)).size).toBe(CONSUMED_EVENTS.length);
  });

  it('are what a webhook may subscribe to, and give every kind of notification', () => {
    expect([...WEBHOOK_EVENTS].sort()).toEqual([...CONSUMED_EVENTS.map((c) => c.event.subject), Events.usageRecorded.subject].sort());
    const base = {
      eventId: '00000000-0000-4000-8000-000000000001', occurredAt: '2026-12-02T01:00:00Z', bookingId: '10000000-0000-4000-8000-000000000001', bookingCode: 'B-1',
      instrumentId: '30000000-0000-4000-8000-000000000001', instrumentCode: 'EQ-1', instrumentName: '电镜', providerInstitutionId: '20000000-0000-4000-8000-000000000001',
      userId: '50000000-0000-4000-8000-000000000001', userInstitutionId: null, start: '2026-12-03T01:00:00Z', end: '2026-12-03T02:00:00Z',
      reason: '维护', cancelledBy: 'institution', cancelled: true, entryId: '60000000-0000-4000-8000-000000000001', expiresAt: '2026-12-02T03:00:00Z',
      institutionId: '20000000-0000-4000-8000-000000000001', from: '2026-12-02T00:00:00Z', until: '2027-01-01T00:00:00Z', noShows: 3,
      // Billing's: a statement, an application, a claim.
      statementId: '70000000-0000-4000-8000-000000000001', period: '2026-11', payerInstitutionId: '40000000-0000-4000-8000-000000000001',
      providerInstitutionName: '甲大学', payerInstitutionName: '乙研究所', lines: 2, amountFen: 50000, voucherFen: 20000, payableFen: 30000, issuedAt: '2026-12-02T01:00:00Z',
      applicationId: '80000000-0000-4000-8000-000000000001', programmeId: '90000000-0000-4000-8000-000000000001', programmeCode: 'PG-1', programmeName: '创新券',
      issuingRegion: 'SC', applicantUserId: '50000000-0000-4000-8000-000000000001', applicantInstitutionId: '40000000-0000-4000-8000-000000000001',
      requestedFen: 60000, decidedAt: '2026-12-02T01:00:00Z', voucherId: 'a0000000-0000-4000-8000-000000000001', voucherCode: 'PG-1-1',
      claimId: 'b0000000-0000-4000-8000-000000000001', claimCode: 'VC-000001', kind: 'provider', claimantInstitutionId: '20000000-0000-4000-8000-000000000001',
      month: '2026-11', reference: 'BANK-1',
    };
    const kinds = CONSUMED_EVENTS.map((c) => c.read(base as never));
    expect(kinds.map((k) => k.kind).sort()).toEqual([...NOTIFICATION_KINDS].sort());
    for (const k of kinds) expect(k.eventId).toBe(base.eventId);
    expect(kinds.find((k) => k.kind === 'booking.maintenance')?.reason).toBe('维护；该预约已随维护安排取消');
    // A statement is addressed to its payer, for what it owes; a voucher decision to its applicant; a claim to its claimant.
    expect(kinds.find((k) => k.kind === 'statement.issued')).toMatchObject({
      recordId: base.statementId, institutionId: base.payerInstitutionId, providerInstitutionId: base.providerInstitutionId, amountFen: 30000, providerName: '甲大学', period: '2026-11',
    });
    expect(kinds.find((k) => k.kind === 'voucher.approved')).toMatchObject({ recordId: base.applicationId, userId: base.applicantUserId, amountFen: 50000, code: 'PG-1-1' });
    expect(kinds.find((k) => k.kind === 'voucher.rejected')).toMatchObject({ userId: base.applicantUserId, amountFen: 60000, reason: '维护' });
    expect(kinds.find((k) => k.kind === 'voucher-claim.paid')).toMatchObject({ recordId: base.claimId, institutionId: base.claimantInstitutionId, code: 'VC-000001', reference: 'BANK-1' });
    // A no-show event stored before issue 19 has no id of its own: the booking's stands in (one no-show per booking).
    const legacy = CONSUMED_EVENTS.find((c) => c.event === Events.noShowRecorded)!.read({ bookingId: base.bookingId, bookingCode: 'B-1', instrumentId: base.instrumentId, userId: base.userId, start: base.start, end: base.end } as never);
    expect(legacy).toMatchObject({ eventId: `no-show:${base.bookingId}`, instrumentName: null, providerInstitutionId: '' });
  });
});
