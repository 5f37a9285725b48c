import { useState } from 'react';
import { api, call } from '../api/client';
import { BarChart } from '../components/charts';
import { DataTable } from '../components/DataTable';
import { ErrorNotice, Field, Loading, PageTitle } from '../components/ui';
import { hours } from '../format';
import { useLoad } from '../hooks';
import { useI18n } from '../i18n';

/** Our instruments' use month by month: hours, of which external, and records. */
export function UtilisationPage() {
  const { t } = useI18n();
  const [year, setYear] = useState(() => new Date().getFullYear());
  const months = useLoad(() => call(api.GET('/api/v1/usage/monthly', { params: { query: { year } } })), [year]);
  const data = months.data ?? [];
  const total = data.reduce((s, m) => s + m.minutes, 0);
  const external = data.reduce((s, m) => s + m.externalMinutes, 0);
  return (
    <>
      <PageTitle>{t('utilisation.title')}</PageTitle>
      <Field label={t('utilisation.year')}>
        {(id) => <input id={id} type="number" min={2000} max={2100} value={year} onChange={(e) => setYear(Number(e.target.value) || year)} />}
      </Field>
      <ErrorNotice error={months.error} />
      <Loading when={months.loading && !months.data} />
      {months.data && (
        <>
          <p className="kpis">
            <span>
              <strong>{hours(total)}</strong> {t('utilisation.hours')}
            </span>
            <span>
              <strong>{hours(external)}</strong> {t('utilisation.externalHours')}
            </span>
            <span>
              <strong>{data.reduce((s, m) => s + m.records, 0)}</strong> {t('utilisation.records')}
            </span>
          </p>
          <div className="grid-2">
            <BarChart title={t('utilisation.hoursChart')} unit={t('utilisation.unitHours')} bars={data.map((m) => ({ label: m.period.slice(5), value: Math.round(m.minutes / 60) }))} />
            <BarChart title={t('utilisation.externalChart')} unit={t('utilisation.unitHours')} bars={data.map((m) => ({ label: m.period.slice(5), value: Math.round(m.externalMinutes / 60), tone: 'alt' }))} />
          </div>
          <DataTable
            items={data}
            label={t('utilisation.title')}
            rowKey={(m) => m.period}
            columns={[
              { label: t('billing.period'), nowrap: true, sortBy: (m) => m.period, cell: (m) => m.period },
              { label: t('utilisation.records'), numeric: true, sortBy: (m) => m.records, cell: (m) => m.records },
              { label: t('utilisation.hours'), numeric: true, sortBy: (m) => m.minutes, cell: (m) => hours(m.minutes) },
              { label: t('utilisation.externalHours'), numeric: true, sortBy: (m) => m.externalMinutes, cell: (m) => hours(m.externalMinutes) },
              { label: t('utilisation.instruments'), numeric: true, sortBy: (m) => m.instruments, cell: (m) => m.instruments },
            ]}
          />
        </>
      )}
    </>
  );
}
