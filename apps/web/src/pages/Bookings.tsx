import type { BookingStatus, BookingView } from '@yixiang/contracts';
import { cancelOffer } from '@yixiang/domain/booking/cancellation';
import { can } from '@yixiang/domain/permissions/rules';
import { useState } from 'react';
import { api, call } from '../api/client';
import { useAsk } from '../components/AskDialog';
import { PagedTable } from '../components/DataTable';
import { Badge, ChoiceField, ErrorNotice, PageTitle, Success } from '../components/ui';
import { dateTime } from '../format';
import { useAction, useLoad } from '../hooks';
import { useI18n, type MessageKey } from '../i18n';
import { useCancelDeadlines, useInstrumentNames } from '../names';
import { actorOf, useUser } from '../session';
import { SuspensionNotice, WaitlistSection } from './BookingPolicy';

const PAGE_SIZE = 20;
export const STATUS_TONE: Record<BookingStatus, 'neutral' | 'good' | 'warn' | 'bad' | 'info'> = {
  requested: 'warn', approved: 'good', in_use: 'info', completed: 'neutral', rejected: 'bad', cancelled: 'neutral', no_show: 'bad',
};
const STATUSES: BookingStatus[] = ['requested', 'approved', 'in_use', 'completed', 'rejected', 'cancelled', 'no_show'];

export function useBookings(status: BookingStatus | '', page: number) {
  return useLoad(
    () => call(api.GET('/api/v1/bookings', { params: { query: { status: status || undefined, page, pageSize: PAGE_SIZE } } })),
    [status, page],
  );
}

/** A researcher's bookings (staff see their institution's): cancel, subscribe to the calendar. */
export function BookingsPage() {
  const { t } = useI18n();
  const user = useUser();
  const [status, setStatus] = useState<BookingStatus | ''>('');
  const [page, setPage] = useState(1);
  const bookings = useBookings(status, page);
  const names = useInstrumentNames((bookings.data?.items ?? []).map((b) => b.instrumentId));
  const action = useAction();
  const [feed, setFeed] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);

  const deadlines = useCancelDeadlines((bookings.data?.items ?? []).map((b) => b.instrumentId));
  const [dialog, ask] = useAsk();

  const cancel = async (booking: BookingView) => {
    const reason = await ask({
      title: t('ask.cancelTitle', { code: booking.code }),
      message: t('ask.cancelMessage', { when: `${dateTime(booking.start)} – ${dateTime(booking.end).slice(11)}`, instrument: names[booking.instrumentId] ?? '' }),
      label: t('bookings.cancelReason'), maxLength: 500, confirm: t('ask.cancelConfirm'), danger: true,
    });
    if (reason === null) return;
    const ok = await action.run(() =>
      call(api.POST('/api/v1/bookings/{id}/{action}', { params: { path: { id: booking.id, action: 'cancel' } }, body: reason ? { reason } : {} })),
    );
    if (ok) setDone(t('bookings.cancelled', { code: booking.code }));
    bookings.reload();
  };
  const subscribe = async () => {
    const reply = await action.run(() => call(api.POST('/api/v1/calendar-tokens', { body: {} })));
    if (reply) setFeed(new URL(reply.url, window.location.origin).toString());
  };

  return (
    <>
      <PageTitle
        actions={
          <button type="button" onClick={subscribe}>
            {t('bookings.calendar')}
          </button>
        }
      >
        {user.role === 'researcher' ? t('bookings.mine') : t('bookings.title')}
      </PageTitle>
      {feed && (
        <Success>
          {t('bookings.feed')}{' '}
          <a href={feed} className="feed-url">
            {feed}
          </a>
        </Success>
      )}
      {done && <Success>{done}</Success>}
      <ErrorNotice error={action.error} />
      <SuspensionNotice />
      <WaitlistSection />
      <div className="row">
        <ChoiceField
          label={t('bookings.status')}
          value={status}
          values={STATUSES}
          prefix="status"
          any={t('common.any')}
          onChange={(next) => {
            setStatus(next);
            setPage(1);
          }}
        />
      </div>
      <PagedTable
        list={{ loaded: bookings, page, pageSize: PAGE_SIZE, onPage: setPage }}
        label={t('bookings.title')}
        rowKey={(b) => b.id}
        rowProps={(b) => ({ 'data-booking': b.code })}
        columns={[
          { label: t('bookings.code'), nowrap: true, sortBy: (b) => b.code, cell: (b) => b.code },
          { label: t('bookings.instrument'), sortBy: (b) => names[b.instrumentId], cell: (b) => names[b.instrumentId] ?? '…' },
          { label: t('bookings.when'), sortBy: (b) => new Date(b.start), cell: (b) => `${dateTime(b.start)} – ${dateTime(b.end).slice(11)}` },
          { label: t('book.mode'), cell: (b) => t(`mode.${b.serviceMode}` as MessageKey) },
          {
            label: t('bookings.status'),
            cell: (b) => (
              <>
                <Badge tone={STATUS_TONE[b.status]}>{t(`status.${b.status}` as MessageKey)}</Badge>
                {b.piApproval === 'pending' && <Badge tone="warn">{t('bookings.piPending')}</Badge>}
                {b.reason && <small className="muted"> {b.reason}</small>}
                {b.seriesId && <small className="muted"> · {t('bookings.series')}</small>}
                {b.overrun && <Badge tone="warn">{t('bookings.overrun', { n: b.overrun.minutes })}</Badge>}
              </>
            ),
          },
          {
            label: t('common.actions'),
            cell: (b) => {
              if (b.userId !== user.id || deadlines[b.instrumentId] === undefined) return null;
              // The booking service's own rule (libs/domain booking/cancellation.ts): inside the deadline, not offered, and why.
              const offer = cancelOffer({
                booking: { status: b.status, start: new Date(b.start) }, now: new Date(), cancelDeadlineMinutes: deadlines[b.instrumentId],
                staff: can(actorOf(user), 'booking.manage', { providerInstitutionId: b.providerInstitutionId, userId: b.userId }),
              });
              if (offer.offer) {
                return (
                  <button type="button" className="small" onClick={() => cancel(b)} disabled={action.busy}>
                    {t('bookings.cancel')}
                  </button>
                );
              }
              return offer.why === 'deadline' ? <span className="cancel-closed">{t('cancel.tooLate', { n: deadlineWords(deadlines[b.instrumentId], t) })}</span> : null;
            },
          },
        ]}
      />
      {dialog}
    </>
  );
}

/** A deadline as people say it: whole hours as hours, anything else in minutes. */
function deadlineWords(minutes: number, t: ReturnType<typeof useI18n>['t']): string {
  return minutes % 60 === 0 ? t('cancel.hours', { n: minutes / 60 }) : t('cancel.minutes', { n: minutes });
}
