import type { WaitlistEntryView } from '@yixiang/contracts';
import { useState } from 'react';
import { api, call } from '../api/client';
import { Badge, ErrorNotice, Success } from '../components/ui';
import { dateTime } from '../format';
import { useAction, useLoad } from '../hooks';
import { useI18n, type MessageKey } from '../i18n';
import { useInstrumentNames } from '../names';

const TONE: Record<WaitlistEntryView['status'], 'neutral' | 'good' | 'warn' | 'bad' | 'info'> = {
  waiting: 'info', offered: 'good', accepted: 'neutral', expired: 'bad', withdrawn: 'neutral',
};

/** Issue 19: a suspended researcher is told, on their bookings page, until when and why. */
export function SuspensionNotice() {
  const { t } = useI18n();
  const active = useLoad(() => call(api.GET('/api/v1/suspensions', { params: { query: { active: true, pageSize: 5 } } })), []);
  const items = active.data?.items ?? [];
  if (!items.length) return null;
  return (
    <>
      {items.map((s) => (
        <div key={s.id} role="alert" className="notice notice-error" data-suspension={s.id}>
          <strong>{t('suspension.title')}</strong> {t('suspension.body', { from: dateTime(s.from), until: dateTime(s.until), reason: s.reason })}
        </div>
      ))}
    </>
  );
}

/** The researcher's waiting list: an open offer is accepted (booked under the usual rules) or let go. */
export function WaitlistSection() {
  const { t } = useI18n();
  const list = useLoad(() => call(api.GET('/api/v1/waitlist', { params: { query: { pageSize: 20 } } })), []);
  const live = (list.data?.items ?? []).filter((e) => e.status === 'waiting' || e.status === 'offered');
  const names = useInstrumentNames(live.map((e) => e.instrumentId));
  const action = useAction();
  const [done, setDone] = useState<string | null>(null);
  if (!live.length && !done && !action.error) return null;

  const accept = async (e: WaitlistEntryView) => {
    const booking = await action.run(() => call(api.POST('/api/v1/waitlist/{id}/accept', { params: { path: { id: e.id } } })));
    if (booking) setDone(t('waitlist.accepted', { code: booking.code }));
    list.reload();
  };
  const withdraw = async (e: WaitlistEntryView) => {
    if (await action.run(() => call(api.DELETE('/api/v1/waitlist/{id}', { params: { path: { id: e.id } } })))) setDone(t('waitlist.withdrawn'));
    list.reload();
  };

  return (
    <section className="card" aria-labelledby="waitlist">
      <h2 id="waitlist">{t('waitlist.title')}</h2>
      {done && <Success>{done}</Success>}
      <ErrorNotice error={action.error} />
      <ul className="plain">
        {live.map((e) => (
          <li key={e.id} data-waitlist={e.id}>
            <Badge tone={TONE[e.status]}>{t(`waitlist.${e.status}` as MessageKey)}</Badge> {names[e.instrumentId] ?? '…'} · {dateTime(e.start)} – {dateTime(e.end).slice(11)}{' '}
            {e.status === 'waiting' && e.position !== null && <small className="muted">{t('waitlist.position', { n: e.position })}</small>}
            {e.status === 'offered' && e.expiresAt && <small className="muted">{t('waitlist.until', { at: dateTime(e.expiresAt) })}</small>}{' '}
            {e.status === 'offered' && (
              <button type="button" className="small primary" onClick={() => accept(e)} disabled={action.busy}>
                {t('waitlist.accept')}
              </button>
            )}{' '}
            <button type="button" className="small" onClick={() => withdraw(e)} disabled={action.busy}>
              {t('waitlist.withdraw')}
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}
