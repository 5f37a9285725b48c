import { useState } from 'react';
import { api, call } from '../api/client';
import { BarChart } from '../components/charts';
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
          <div className="table-scroll">
            <table>
              <thead>
                <tr>
                  <th scope="col">{t('billing.period')}</th>
                  <th scope="col" className="num">{t('utilisation.records')}</th>
                  <th scope="col" className="num">{t('utilisation.hours')}</th>
                  <th scope="col" className="num">{t('utilisation.externalHours')}</th>
                  <th scope="col" className="num">{t('utilisation.instruments')}</th>
                </tr>
              </thead>
              <tbody>
                {data.map((m) => (
                  <tr key={m.period}>
                    <td>{m.period}</td>
                    <td className="num">{m.records}</td>
                    <td className="num">{hours(m.minutes)}</td>
                    <td className="num">{hours(m.externalMinutes)}</td>
                    <td className="num">{m.instruments}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
    </>
  );
}
