import { useState } from 'react';
import { api, call, download } from '../api/client';
import type { components } from '../api/schema';
import { ErrorNotice, Field, Loading, PageTitle, Success } from '../components/ui';
import { useAction, useLoad } from '../hooks';
import { useI18n } from '../i18n';
import { useUser } from '../session';

type Validation = components['schemas']['NationalValidationView'];
type Kind = 'instruments' | 'services';

/** The quarter that holds today in Beijing time (the page opens on it). */
function currentQuarter(): { year: number; quarter: number } {
  const beijing = new Date(Date.now() + 8 * 3600e3);
  return { year: beijing.getUTCFullYear(), quarter: Math.floor(beijing.getUTCMonth() / 3) + 1 };
}

/**
 * Reporting to the national platform (issue 20): an institution's instrument or service records of a
 * quarter, validated (every missing required field by record, with its Chinese name), then downloaded
 * as CSV or Excel. An institution admin reports their own institution; the bureau and auditors pick one.
 */
export function NationalReportingPage() {
  const { t } = useI18n();
  const user = useUser();
  const own = user.role === 'institution_admin' ? user.institutionId : null;
  const [institutionId, setInstitutionId] = useState<string>(own ?? '');
  const [year, setYear] = useState(() => currentQuarter().year);
  const [quarter, setQuarter] = useState(() => currentQuarter().quarter);
  const [kind, setKind] = useState<Kind>('instruments');
  const [report, setReport] = useState<Validation | null>(null);
  const action = useAction();
  const institutions = useLoad(
    () => (own ? Promise.resolve([]) : call(api.GET('/api/v1/institutions', { params: { query: { page: 1, pageSize: 200 } } })).then((p) => p.items)),
    [own],
  );
  const quarterText = `${year}-Q${quarter}`;
  const query = { institutionId, quarter: quarterText, kind };
  const ready = institutionId !== '';
  const change = <T,>(set: (v: T) => void) => (v: T) => {
    set(v);
    setReport(null);
  };
  const validate = () => action.run(async () => {
    setReport(await call(api.GET('/api/v1/reports/national/validation', { params: { query } })));
  });
  const exportFile = (format: 'csv' | 'xlsx') => action.run(() => {
    const code = report?.institutionCode ?? institutions.data?.find((i) => i.id === institutionId)?.code ?? 'institution';
    const search = new URLSearchParams({ ...query, format }).toString();
    return download(`/api/v1/reports/national/export?${search}`, `national-${kind}-${code}-${quarterText}.${format}`);
  });
  return (
    <>
      <PageTitle>{t('national.title')}</PageTitle>
      <p className="muted">{t('national.intro')}</p>
      <div className="card row">
        {!own && (
          <Field label={t('national.institution')}>
            {(id) => (
              <select id={id} value={institutionId} onChange={(e) => change(setInstitutionId)(e.target.value)}>
                <option value="">{t('national.chooseInstitution')}</option>
                {(institutions.data ?? []).map((i) => <option key={i.id} value={i.id}>{`${i.name}（${i.code}）`}</option>)}
              </select>
            )}
          </Field>
        )}
        <Field label={t('national.year')}>
          {(id) => <input id={id} type="number" min={2000} max={2100} value={year} onChange={(e) => change(setYear)(Number(e.target.value) || year)} />}
        </Field>
        <Field label={t('national.quarter')}>
          {(id) => (
            <select id={id} value={quarter} onChange={(e) => change(setQuarter)(Number(e.target.value))}>
              {[1, 2, 3, 4].map((n) => <option key={n} value={n}>{t('national.quarterName', { n })}</option>)}
            </select>
          )}
        </Field>
        <Field label={t('national.kind')}>
          {(id) => (
            <select id={id} value={kind} onChange={(e) => change(setKind)(e.target.value as Kind)}>
              <option value="instruments">{t('national.kind.instruments')}</option>
              <option value="services">{t('national.kind.services')}</option>
            </select>
          )}
        </Field>
      </div>
      <div className="row">
        <button type="button" disabled={!ready || action.busy} onClick={validate}>{t('national.validate')}</button>
        <button type="button" className="small" disabled={!ready || action.busy} onClick={() => exportFile('csv')}>{t('national.csv')}</button>
        <button type="button" className="small" disabled={!ready || action.busy} onClick={() => exportFile('xlsx')}>{t('national.xlsx')}</button>
      </div>
      <ErrorNotice error={institutions.error ?? action.error} />
      <Loading when={action.busy} />
      {report && (
        <section className="card" aria-labelledby="national-report">
          <h2 id="national-report">{`${report.institutionName}（${report.institutionCode}）`}</h2>
          <p>{t('national.summary', { quarter: report.quarter, kind: t(`national.kind.${report.kind}`), records: report.records, complete: report.completeRecords })}</p>
          {report.missing.length === 0 ? <Success>{t('national.ready')}</Success> : (
            <>
              <h3>{t('national.missingTitle')}</h3>
              <div className="table-scroll">
                <table>
                  <thead>
                    <tr><th scope="col">{t('national.record')}</th><th scope="col">{t('national.label')}</th><th scope="col">{t('national.field')}</th></tr>
                  </thead>
                  <tbody>
                    {report.missing.map((m) => (
                      <tr key={`${m.record}-${m.field}`}><td>{m.record}</td><td>{m.label}</td><td><code>{m.field}</code></td></tr>
                    ))}
                  </tbody>
                </table>
              </div>
            </>
          )}
        </section>
      )}
    </>
  );
}
