import { useState, type FormEvent } from 'react';
import { api, call, download, forExcel } from '../api/client';
import { DataTable } from '../components/DataTable';
import { Badge, ErrorNotice, failureOf, Field, PageTitle, ProgressBar, Success } from '../components/ui';
import { dateTime } from '../format';
import { useAction, useJob, useLoad } from '../hooks';
import { useI18n, type MessageKey } from '../i18n';
import { useUser } from '../session';

const EXPORTS = ['charges', 'unbilled', 'voucher-rejections', 'statements'] as const;

/** Monthly settlement runs (also scheduled), and the month's exports. */
export function SettlementsPage() {
  const { t } = useI18n();
  const user = useUser();
  const [period, setPeriod] = useState(() => {
    const d = new Date();
    d.setUTCMonth(d.getUTCMonth() - 1);
    return d.toISOString().slice(0, 7);
  });
  const [jobId, setJobId] = useState<string | null>(null);
  const action = useAction();
  const runs = useLoad(() => call(api.GET('/api/v1/settlements')).then((page) => page.items), []);
  const job = useJob(jobId, runs.reload);
  const settle = async (event: FormEvent) => {
    event.preventDefault();
    setJobId(null);
    const started = await action.run(() => call(api.POST('/api/v1/settlements', { body: { period } })));
    if (started) setJobId(started.jobId);
    runs.reload();
  };
  const exportFile = (name: string, ext: 'csv' | 'xlsx') => action.run(() => download(forExcel(`/api/v1/exports/${name}.${ext}?period=${period}`, ext), `${name}-${period}.${ext}`));
  return (
    <>
      <PageTitle>{t('settlements.title')}</PageTitle>
      <p className="muted">{t('settlements.intro')}</p>
      <form className="card row" onSubmit={settle}>
        <Field label={t('billing.period')}>{(id) => <input id={id} type="month" required value={period} onChange={(e) => setPeriod(e.target.value)} />}</Field>
        {user.role === 'bureau' && (
          <button type="submit" className="primary" disabled={action.busy}>
            {t('settlements.run')}
          </button>
        )}
      </form>
      <ErrorNotice error={action.error} />
      {jobId && (
        <section className="card" aria-live="polite">
          <ProgressBar value={job?.progress ?? 0} label={t('settlements.progress')} failed={failureOf(job)} />
          <p>{t(`job.${job?.state ?? 'waiting'}` as MessageKey)}</p>
          {job?.state === 'completed' && <Success>{t('settlements.done', { period })}</Success>}
          {job?.state === 'failed' && <p role="alert" className="notice notice-error">{job.error?.message}</p>}
        </section>
      )}
      <section className="card" aria-labelledby="runs">
        <h2 id="runs">{t('settlements.runs')}</h2>
        <ErrorNotice error={runs.error} />
        {runs.data && (
          <DataTable
            items={runs.data}
            label={t('settlements.runs')}
            rowKey={(r) => r.jobId}
            columns={[
              { label: t('billing.period'), cell: (r) => (r.scheduled ? `${r.period} (${t('settlements.scheduled')})` : r.period) },
              {
                label: t('bookings.status'),
                cell: (r) => (
                  <Badge tone={r.state === 'completed' ? 'good' : r.state === 'failed' ? 'bad' : 'warn'}>
                    {t(`job.${r.state}` as MessageKey)}
                    {r.state === 'active' ? ` ${r.progress}%` : ''}
                  </Badge>
                ),
              },
              { label: t('settlements.requested'), cell: (r) => dateTime(r.requestedAt) },
              { label: t('settlements.finished'), cell: (r) => dateTime(r.finishedAt) },
              {
                label: t('settlements.settled'),
                cell: (r) =>
                  r.error ??
                  r.periods.map((p) => t('settlements.periodCounts', { period: p.period, records: p.records, charged: p.charged, unbilled: p.unbilled, statements: p.statements })).join('；'),
              },
            ]}
          />
        )}
      </section>
      <section className="card" aria-labelledby="exports">
        <h2 id="exports">{t('settlements.exports', { period })}</h2>
        <ul className="exports">
          {EXPORTS.map((name) => (
            <li key={name}>
              <span>{t(`export.${name}` as MessageKey)}</span>
              <button type="button" className="small" onClick={() => exportFile(name, 'csv')}>
                CSV
              </button>
              <button type="button" className="small" onClick={() => exportFile(name, 'xlsx')}>
                Excel
              </button>
            </li>
          ))}
        </ul>
      </section>
    </>
  );
}
