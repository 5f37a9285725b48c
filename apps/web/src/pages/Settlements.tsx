import { useState, type FormEvent } from 'react';
import { api, call, download } from '../api/client';
import { ErrorNotice, Field, PageTitle, ProgressBar, Success } from '../components/ui';
import { useAction, useJob } from '../hooks';
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
  const job = useJob(jobId);
  const settle = async (event: FormEvent) => {
    event.preventDefault();
    setJobId(null);
    const started = await action.run(() => call<{ jobId: string }>(api.POST('/api/v1/settlements', { body: { period } })));
    if (started) setJobId(started.jobId);
  };
  const exportFile = (name: string, ext: 'csv' | 'xlsx') => action.run(() => download(`/api/v1/exports/${name}.${ext}?period=${period}`, `${name}-${period}.${ext}`));
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
          <ProgressBar value={job?.progress ?? 0} label={t('settlements.progress')} />
          <p>{t(`job.${job?.state ?? 'waiting'}` as MessageKey)}</p>
          {job?.state === 'completed' && <Success>{t('settlements.done', { period })}</Success>}
          {job?.state === 'failed' && <p role="alert" className="notice notice-error">{job.error?.message}</p>}
        </section>
      )}
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
