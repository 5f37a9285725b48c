import type { ServiceCategory, ServiceMode } from '@yixiang/contracts';
import { api, call } from '../api/client';
import { PagedTable } from '../components/DataTable';
import { Badge, ChoiceField, Field, FormEnd, PageTitle } from '../components/ui';
import { dateTime, hours } from '../format';
import { useForm, useLoad, usePagedLoad } from '../hooks';
import { useI18n, type MessageKey } from '../i18n';
import { useInstrumentNames } from '../names';
import { useUser } from '../session';

// The categories of usage.csv (exchange.md); kept here so the bundle need not load the contracts at run time.
export const SERVICE_MODES: readonly ServiceMode[] = ['self', 'assisted', 'sample'];
export const SERVICE_CATEGORIES: readonly ServiceCategory[] = [
  'research',
  'testing',
  'training',
  'statutory-certification',
  'law-enforcement',
  'commercial-inspection',
  'commercial-filming',
  'medical-service',
];

/** Usage recorded by hand (a reason is required and kept), and the institution's usage records. */
export function UsagePage() {
  const { t } = useI18n();
  const usage = usePagedLoad(
    (page, pageSize) => call(api.GET('/api/v1/usage', { params: { query: { page, pageSize } } })),
    [],
  );
  const names = useInstrumentNames((usage.loaded.data?.items ?? []).map((u) => u.instrumentId));
  return (
    <>
      <PageTitle>{t('usage.title')}</PageTitle>
      <UsageEntry onSaved={usage.loaded.reload} />
      <PagedTable
        list={usage}
        label={t('usage.records')}
        rowKey={(u) => u.id}
        columns={[
          { label: t('billing.usage'), nowrap: true, sortBy: (u) => u.code, cell: (u) => u.code },
          { label: t('bookings.instrument'), sortBy: (u) => names[u.instrumentId], cell: (u) => names[u.instrumentId] ?? '…' },
          { label: t('bookings.when'), sortBy: (u) => new Date(u.start), cell: (u) => `${dateTime(u.start)} – ${dateTime(u.end).slice(11)}` },
          { label: t('usage.hours'), numeric: true, sortBy: (u) => Date.parse(u.end) - Date.parse(u.start), cell: (u) => hours((Date.parse(u.end) - Date.parse(u.start)) / 60_000) },
          { label: t('usage.source'), cell: (u) => <Badge>{t(`source.${u.source}` as MessageKey)}</Badge> },
          { label: t('usage.reason'), cell: (u) => u.reason ?? '' },
        ]}
      />
    </>
  );
}

function UsageEntry({ onSaved }: { onSaved(): void }) {
  const { t } = useI18n();
  const user = useUser();
  // The institution's instruments by name: staff pick one rather than type its code or id.
  const instruments = useLoad(
    () => call(api.GET('/api/v1/instruments', { params: { query: { institution: user.institutionId ?? undefined, pageSize: 200 } } })),
    [user.institutionId],
  );
  const choices = instruments.data?.items ?? [];
  const { form, setForm, set, saved, action, submit } = useForm({
    instrument: '',
    userEmail: '',
    start: '',
    end: '',
    serviceMode: 'assisted' as ServiceMode,
    serviceCategory: 'testing' as ServiceCategory,
    samples: '',
    reason: '',
  });
  const send = submit(
    () =>
      call(
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
    (record) => {
      onSaved();
      return t('usage.saved', { code: record.code });
    },
  );
  return (
    <form className="card" onSubmit={send} aria-label={t('usage.entry')}>
      <h2>{t('usage.entry')}</h2>
      <div className="grid-3">
        <Field label={t('usage.instrument')} hint={choices.length ? undefined : t('usage.instrumentHint')}>
          {(id) =>
            choices.length ? (
              <select id={id} required value={form.instrument} onChange={set('instrument')}>
                <option value="">{t('usage.pickInstrument')}</option>
                {choices.map((i) => (
                  <option key={i.id} value={i.id}>
                    {i.name}（{i.code}）
                  </option>
                ))}
              </select>
            ) : (
              <input id={id} required value={form.instrument} onChange={set('instrument')} />
            )
          }
        </Field>
        <Field label={t('usage.user')}>
          {(id) => <input id={id} type="email" required value={form.userEmail} onChange={set('userEmail')} />}
        </Field>
        <ChoiceField
          label={t('book.mode')}
          value={form.serviceMode}
          values={SERVICE_MODES}
          prefix="mode"
          onChange={(serviceMode) => setForm({ ...form, serviceMode })}
        />
        <Field label={t('manage.from')}>
          {(id) => <input id={id} type="datetime-local" required value={form.start} onChange={set('start')} />}
        </Field>
        <Field label={t('manage.until')}>
          {(id) => <input id={id} type="datetime-local" required value={form.end} onChange={set('end')} />}
        </Field>
        <ChoiceField
          label={t('usage.category')}
          value={form.serviceCategory}
          values={SERVICE_CATEGORIES}
          prefix="category"
          onChange={(serviceCategory) => setForm({ ...form, serviceCategory })}
        />
        <Field label={t('book.samples')}>
          {(id) => <input id={id} type="number" min={1} value={form.samples} onChange={set('samples')} />}
        </Field>
      </div>
      <Field label={t('usage.reason')}>
        {(id) => <input id={id} required minLength={3} maxLength={500} value={form.reason} onChange={set('reason')} />}
      </Field>
      <FormEnd error={action.error} done={saved} busy={action.busy} submit={t('usage.record')} />
    </form>
  );
}
