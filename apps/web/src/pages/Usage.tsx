import type { Page, ServiceCategory, ServiceMode, UsageView } from '@yixiang/contracts';
import { useState, type FormEvent } from 'react';
import { api, call } from '../api/client';
import { Badge, ErrorNotice, Field, Loading, PageTitle, Pager, Success } from '../components/ui';
import { dateTime, hours } from '../format';
import { useAction, useLoad } from '../hooks';
import { useI18n, type MessageKey } from '../i18n';
import { useInstrumentNames } from '../names';

const PAGE_SIZE = 20;
// The categories of usage.csv (exchange.md); kept here so the bundle need not load the contracts at run time.
export const SERVICE_CATEGORIES: ServiceCategory[] = [
  'research', 'testing', 'training', 'statutory-certification', 'law-enforcement', 'commercial-inspection', 'commercial-filming', 'medical-service',
];

/** Usage recorded by hand (a reason is required and kept), and the institution's usage records. */
export function UsagePage() {
  const { t } = useI18n();
  const [page, setPage] = useState(1);
  const usage = useLoad(() => call<Page<UsageView>>(api.GET('/api/v1/usage', { params: { query: { page, pageSize: PAGE_SIZE } } })), [page]);
  const names = useInstrumentNames((usage.data?.items ?? []).map((u) => u.instrumentId));
  return (
    <>
      <PageTitle>{t('usage.title')}</PageTitle>
      <UsageEntry onSaved={usage.reload} />
      <ErrorNotice error={usage.error} />
      <Loading when={usage.loading && !usage.data} />
      {usage.data && (
        <>
          <div className="table-scroll">
            <table aria-label={t('usage.records')}>
              <thead>
                <tr>
                  <th scope="col">{t('billing.usage')}</th>
                  <th scope="col">{t('bookings.instrument')}</th>
                  <th scope="col">{t('bookings.when')}</th>
                  <th scope="col" className="num">{t('usage.hours')}</th>
                  <th scope="col">{t('usage.source')}</th>
                  <th scope="col">{t('usage.reason')}</th>
                </tr>
              </thead>
              <tbody>
                {usage.data.items.map((u) => (
                  <tr key={u.id}>
                    <td>{u.code}</td>
                    <td>{names[u.instrumentId] ?? '…'}</td>
                    <td>
                      {dateTime(u.start)} – {dateTime(u.end).slice(11)}
                    </td>
                    <td className="num">{hours((Date.parse(u.end) - Date.parse(u.start)) / 60_000)}</td>
                    <td>
                      <Badge>{t(`source.${u.source}` as MessageKey)}</Badge>
                    </td>
                    <td>{u.reason ?? ''}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <Pager page={page} pageSize={PAGE_SIZE} total={usage.data.total} onPage={setPage} />
        </>
      )}
    </>
  );
}

function UsageEntry({ onSaved }: { onSaved(): void }) {
  const { t } = useI18n();
  const [form, setForm] = useState({ instrument: '', userEmail: '', start: '', end: '', serviceMode: 'assisted' as ServiceMode, serviceCategory: 'testing' as ServiceCategory, samples: '', reason: '' });
  const [saved, setSaved] = useState<string | null>(null);
  const action = useAction();
  const set = (k: keyof typeof form) => (e: { target: { value: string } }) => setForm({ ...form, [k]: e.target.value });
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setSaved(null);
    const record = await action.run(() =>
      call<UsageView>(
        api.POST('/api/v1/usage', {
          body: {
            instrumentId: form.instrument.trim(),
            userEmail: form.userEmail.trim(),
            start: `${form.start}:00+08:00`,
            end: `${form.end}:00+08:00`,
            serviceMode: form.serviceMode,
            serviceCategory: form.serviceCategory,
            ...(form.samples ? { samples: Number(form.samples) } : {}),
            reason: form.reason.trim(),
          },
        }),
      ),
    );
    if (record) {
      setSaved(t('usage.saved', { code: record.code }));
      onSaved();
    }
  };
  return (
    <form className="card" onSubmit={submit} aria-label={t('usage.entry')}>
      <h2>{t('usage.entry')}</h2>
      <div className="grid-3">
        <Field label={t('usage.instrument')} hint={t('usage.instrumentHint')}>{(id) => <input id={id} required value={form.instrument} onChange={set('instrument')} />}</Field>
        <Field label={t('usage.user')}>{(id) => <input id={id} type="email" required value={form.userEmail} onChange={set('userEmail')} />}</Field>
        <Field label={t('book.mode')}>
          {(id) => (
            <select id={id} value={form.serviceMode} onChange={set('serviceMode')}>
              {(['self', 'assisted', 'sample'] as const).map((m) => (
                <option key={m} value={m}>
                  {t(`mode.${m}` as MessageKey)}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label={t('manage.from')}>{(id) => <input id={id} type="datetime-local" required value={form.start} onChange={set('start')} />}</Field>
        <Field label={t('manage.until')}>{(id) => <input id={id} type="datetime-local" required value={form.end} onChange={set('end')} />}</Field>
        <Field label={t('usage.category')}>
          {(id) => (
            <select id={id} value={form.serviceCategory} onChange={set('serviceCategory')}>
              {SERVICE_CATEGORIES.map((c) => (
                <option key={c} value={c}>
                  {t(`category.${c}` as MessageKey)}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label={t('book.samples')}>{(id) => <input id={id} type="number" min={1} value={form.samples} onChange={set('samples')} />}</Field>
      </div>
      <Field label={t('usage.reason')}>{(id) => <input id={id} required minLength={3} maxLength={500} value={form.reason} onChange={set('reason')} />}</Field>
      <ErrorNotice error={action.error} />
      {saved && <Success>{saved}</Success>}
      <button type="submit" className="primary" disabled={action.busy}>
        {t('usage.record')}
      </button>
    </form>
  );
}
