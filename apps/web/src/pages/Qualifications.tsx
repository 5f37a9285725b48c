import type { QualificationRosterView } from '@yixiang/contracts';
import { useState } from 'react';
import { api, call } from '../api/client';
import { PagedTable } from '../components/DataTable';
import { Badge, ErrorNotice, Field, FormEnd, PageTitle, Success } from '../components/ui';
import { addDays, localDate } from '../format';
import { useAction, useForm, useLoad, usePagedLoad } from '../hooks';
import { useI18n, type MessageKey } from '../i18n';
import { lastValidDay, validToAfter } from '../manage-forms';
import { useUser } from '../session';

const TONE = { valid: 'good', expiring: 'warn', expired: 'bad' } as const;

/** An operator's (or admin's) qualifications: who may run which of the institution's instruments alone, granting and revoking. */
export function QualificationsPage() {
  const { t } = useI18n();
  const user = useUser();
  const [filter, setFilter] = useState({ instrumentId: '', q: '' });
  const [search, setSearch] = useState('');
  const [notice, setNotice] = useState<string | null>(null);
  const instruments = useLoad(
    () => call(api.GET('/api/v1/instruments', { params: { query: { institution: user.institutionId ?? undefined, pageSize: 200 } } })),
    [user.institutionId],
  );
  const roster = usePagedLoad(
    (page, pageSize) =>
      call(api.GET('/api/v1/qualifications/roster', { params: { query: { instrumentId: filter.instrumentId || undefined, q: filter.q || undefined, page, pageSize } } })),
    [filter.instrumentId, filter.q],
  );
  const own = instruments.data?.items ?? [];
  return (
    <>
      <PageTitle>{t('qual.title')}</PageTitle>
      <p className="muted">{t('qual.intro')}</p>
      <GrantForm
        instruments={own}
        onGranted={() => {
          setNotice(null);
          roster.loaded.reload();
        }}
      />
      <section className="card" aria-labelledby="qual-list">
        <h2 id="qual-list">{t('qual.list')}</h2>
        <form
          className="row"
          role="search"
          onSubmit={(event) => {
            event.preventDefault();
            setFilter({ ...filter, q: search.trim() });
          }}
        >
          <Field label={t('qual.filterInstrument')}>
            {(id) => (
              <select id={id} value={filter.instrumentId} onChange={(e) => setFilter({ ...filter, instrumentId: e.target.value })}>
                <option value="">{t('common.any')}</option>
                {own.map((i) => (
                  <option key={i.id} value={i.id}>
                    {i.name}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <Field label={t('qual.search')}>{(id) => <input id={id} type="search" maxLength={100} placeholder={t('qual.searchPlaceholder')} value={search} onChange={(e) => setSearch(e.target.value)} />}</Field>
          <button type="submit">{t('search.submit')}</button>
        </form>
        {notice && <Success>{notice}</Success>}
        <PagedTable
          list={roster}
          label={t('qual.list')}
          rowKey={(q) => q.id}
          rowProps={(q) => ({ className: `standing-${q.standing}`, 'data-standing': q.standing })}
          columns={[
            { label: t('qual.instrument'), cell: (q) => <>{q.instrumentName} <span className="muted">{q.instrumentCode}</span></> },
            { label: t('qual.user'), cell: (q) => q.userName },
            { label: t('qual.email'), cell: (q) => q.userEmail ?? '—' },
            { label: t('qual.validUntil'), nowrap: true, cell: (q) => lastValidDay(q.validTo) },
            { label: t('qual.standing'), nowrap: true, cell: (q) => <Badge tone={TONE[q.standing]}>{t(`qual.standing.${q.standing}` as MessageKey)}</Badge> },
            {
              label: t('common.actions'),
              cell: (q) => (
                <Revoke
                  qualification={q}
                  onRevoked={() => {
                    setNotice(t('qual.revoked', { user: q.userName, instrument: q.instrumentName }));
                    roster.loaded.reload();
                  }}
                />
              ),
            },
          ]}
        />
      </section>
    </>
  );
}

function GrantForm({ instruments, onGranted }: { instruments: { id: string; name: string }[]; onGranted(): void }) {
  const { t } = useI18n();
  const today = localDate(new Date());
  const { form, set, saved, action, submit } = useForm({ userEmail: '', instrumentId: '', lastDay: addDays(today, 365) });
  const send = submit(
    // The form asks for the last day (Beijing time) the user may run the instrument; validTo is the midnight after it.
    () => call(api.POST('/api/v1/qualifications', { body: { userEmail: form.userEmail.trim(), instrumentId: form.instrumentId, validTo: validToAfter(form.lastDay) } })),
    (granted) => {
      const instrument = instruments.find((i) => i.id === granted.instrumentId)?.name ?? '';
      onGranted();
      return t('qual.granted', { user: form.userEmail.trim(), instrument, date: lastValidDay(granted.validTo) });
    },
  );
  return (
    <form className="card" onSubmit={send} aria-labelledby="qual-grant">
      <h2 id="qual-grant">{t('qual.grant')}</h2>
      <div className="grid-3">
        <Field label={t('qual.userEmail')}>{(id) => <input id={id} type="email" required maxLength={200} value={form.userEmail} onChange={set('userEmail')} />}</Field>
        <Field label={t('qual.instrument')}>
          {(id) => (
            <select id={id} required value={form.instrumentId} onChange={set('instrumentId')}>
              <option value="">{t('qual.pickInstrument')}</option>
              {instruments.map((i) => (
                <option key={i.id} value={i.id}>
                  {i.name}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label={t('qual.validUntil')}>{(id) => <input id={id} type="date" required min={today} value={form.lastDay} onChange={set('lastDay')} />}</Field>
      </div>
      <FormEnd error={action.error} done={saved} busy={action.busy} submit={t('qual.grant')} />
    </form>
  );
}

/** Revoking asks once more in the row itself, not in a browser dialog. */
function Revoke({ qualification, onRevoked }: { qualification: QualificationRosterView; onRevoked(): void }) {
  const { t } = useI18n();
  const [asking, setAsking] = useState(false);
  const action = useAction();
  const revoke = async () => {
    const done = await action.run(() => call(api.DELETE('/api/v1/qualifications/{id}', { params: { path: { id: qualification.id } } })));
    setAsking(false);
    if (done) onRevoked();
  };
  const who = `${qualification.userName} · ${qualification.instrumentName}`;
  return (
    <>
      {asking ? (
        <span className="actions">
          <button type="button" className="small danger" disabled={action.busy} onClick={revoke} aria-label={`${t('qual.confirmRevoke')}：${who}`}>
            {t('qual.confirmRevoke')}
          </button>
          <button type="button" className="small" onClick={() => setAsking(false)}>
            {t('common.cancel')}
          </button>
        </span>
      ) : (
        <button type="button" className="small" onClick={() => setAsking(true)} aria-label={`${t('qual.revoke')}：${who}`}>
          {t('qual.revoke')}
        </button>
      )}
      <ErrorNotice error={action.error} />
    </>
  );
}
