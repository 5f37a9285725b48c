import type { BookingAction, BookingStatus, BookingView } from '@yixiang/contracts';
import { can } from '@yixiang/domain/permissions/rules';
import { useState } from 'react';
import { api, call } from '../api/client';
import { useAsk } from '../components/AskDialog';
import { Badge, ErrorNotice, Loading, PageTitle, Pager, Success } from '../components/ui';
import { dateTime } from '../format';
import { useAction } from '../hooks';
import { useI18n, type MessageKey } from '../i18n';
import { useInstrumentNames } from '../names';
import { actorOf, useUser } from '../session';
import { STATUS_TONE, useBookings } from './Bookings';

const NEXT: Partial<Record<BookingStatus, BookingAction[]>> = {
  requested: ['approve', 'reject'],
  approved: ['check-in', 'no-show', 'cancel'],
  in_use: ['check-out'],
};

/** The institution's queue: bookings waiting for approval, and today's check-ins and check-outs. */
export function ApprovalsPage() {
  const { t } = useI18n();
  const [status, setStatus] = useState<BookingStatus>('requested');
  const [page, setPage] = useState(1);
  const bookings = useBookings(status, page);
  const names = useInstrumentNames((bookings.data?.items ?? []).map((b) => b.instrumentId));
  const action = useAction();
  const [done, setDone] = useState<string | null>(null);

  const [dialog, ask] = useAsk();
  const user = useUser();

  const act = async (booking: BookingView, verb: BookingAction) => {
    let reason: string | undefined;
    if (verb === 'reject' || verb === 'cancel') {
      const given = await ask({
        title: t(verb === 'reject' ? 'ask.rejectTitle' : 'ask.staffCancelTitle', { code: booking.code }),
        message: t('ask.cancelMessage', { when: `${dateTime(booking.start)} – ${dateTime(booking.end).slice(11)}`, instrument: names[booking.instrumentId] ?? '' }),
        label: t('approvals.reason'), maxLength: 500, confirm: t(verb === 'reject' ? 'ask.rejectConfirm' : 'ask.cancelConfirm'), danger: true,
      });
      if (given === null) return;
      reason = given || undefined;
    }
    const result = await action.run(() =>
      call(api.POST('/api/v1/bookings/{id}/{action}', { params: { path: { id: booking.id, action: verb } }, body: reason ? { reason } : {} })),
    );
    if (result) setDone(t('approvals.done', { code: result.code, status: t(`status.${result.status}` as MessageKey) }));
    bookings.reload();
  };

  return (
    <>
      <PageTitle>{t('approvals.title')}</PageTitle>
      <div className="tabs" role="tablist" aria-label={t('bookings.status')}>
        {(['requested', 'approved', 'in_use'] as const).map((s) => (
          <button
            key={s}
            type="button"
            role="tab"
            aria-selected={status === s}
            onClick={() => {
              setStatus(s);
              setPage(1);
            }}
          >
            {t(`status.${s}` as MessageKey)}
          </button>
        ))}
      </div>
      {done && <Success>{done}</Success>}
      <ErrorNotice error={action.error ?? bookings.error} />
      <Loading when={bookings.loading && !bookings.data} />
      {bookings.data && (
        <>
          <ul className="cards">
            {bookings.data.items.map((b) => (
              <li key={b.id} className="card" data-booking={b.code}>
                <h2>
                  {b.code} <Badge tone={STATUS_TONE[b.status]}>{t(`status.${b.status}` as MessageKey)}</Badge>
                </h2>
                <p>{names[b.instrumentId] ?? '…'}</p>
                <p>
                  {dateTime(b.start)} – {dateTime(b.end).slice(11)} · {t(`mode.${b.serviceMode}` as MessageKey)}
                </p>
                <p className="muted">{b.purpose}</p>
                <div className="actions">
                  {/* Staff also read the bookings their own people made elsewhere: only the provider's staff act on them (booking.manage). */}
                  {(can(actorOf(user), 'booking.manage', { providerInstitutionId: b.providerInstitutionId, userId: b.userId }) ? NEXT[b.status] ?? [] : []).map((verb) => (
                    <button key={verb} type="button" className={verb === 'approve' || verb === 'check-out' ? 'primary' : ''} disabled={action.busy} onClick={() => act(b, verb)}>
                      {t(`action.${verb}` as MessageKey)}
                    </button>
                  ))}
                </div>
              </li>
            ))}
          </ul>
          {bookings.data.items.length === 0 && <p>{t('approvals.none')}</p>}
          <Pager page={page} pageSize={20} total={bookings.data.total} onPage={setPage} />
        </>
      )}
      {dialog}
    </>
  );
}
