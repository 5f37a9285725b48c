import { useState, type FormEvent } from 'react';
import { api, call, download, forExcel } from '../api/client';
import { DataTable } from '../components/DataTable';
import { Badge, ErrorNotice, failureOf, Field, PageTitle, ProgressBar, Success } from '../components/ui';
import { dateTime } from '../format';
import { useAction, useJob, useLoad } from '../hooks';
import { MAX_SETTLEMENT_MONTHS, periodsBetween, settlementRangeProblem } from '@yixiang/domain/billing/periods';
import { useI18n, type MessageKey } from '../i18n';
import { useUser } from '../session';

const EXPORTS = ['charges', 'unbilled', 'voucher-rejections', 'statements'] as const;

/** Monthly settlement runs (also scheduled), and the month's exports. */
export function SettlementsPage() {
  const { t, language } = useI18n();
  const user = useUser();
  const [period, setPeriod] = useState(() => {
    const d = new Date();
    d.setUTCMonth(d.getUTCMonth() - 1);
    return d.toISOString().slice(0, 7);
  });
  // A range: a year is one job, not twelve submissions (POST /settlements/range).
  const [range, setRange] = useState(() => ({ from: `${period.slice(0, 4)}-01`, to: period }));
  const [job, setJob] = useState<{ id: string; range: { from: string; to: string } | null } | null>(null);
  const jobId = job?.id ?? null;
  const action = useAction();
  const runs = useLoad(() => call(api.GET('/api/v1/settlements')).then((page) => page.items), []);
  const followed = useJob(jobId, runs.reload);
  const settle = async (event: FormEvent) => {
    event.preventDefault();
    setJob(null);
    const started = await action.run(() => call(api.POST('/api/v1/settlements', { body: { period } })));
    if (started) setJob({ id: started.jobId, range: null });
    runs.reload();
  };
  const settleRange = async (event: FormEvent) => {
    event.preventDefault();
    setJob(null);
    const asked = { ...range };
    const started = await action.run(() => call(api.POST('/api/v1/settlements/range', { body: asked })));
    if (started) setJob({ id: started.jobId, range: asked });
    runs.reload();
  };
  const rangeProblem = settlementRangeProblem(range.from, range.to);
  const exportFile = (name: string, ext: 'csv' | 'xlsx') => action.run(() => download(forExcel(`/api/v1/exports/${name}.${ext}?period=${period}`, ext), `${name}-${period}.${ext}`));
  return (
    <>
      <PageTitle>{t('settlements.title')}</PageTitle>
      <p className="muted">{t('settlements.intro')}</p>
      <form className="card row" onSubmit={settle} aria-label={t('settlements.single')}>
        <Field label={t('billing.period')}>{(id) => <input id={id} type="month" required value={period} onChange={(e) => setPeriod(e.target.value)} />}</Field>
        {user.role === 'bureau' && (
          <button type="submit" className="primary" disabled={action.busy}>
            {t('settlements.run')}
          </button>
        )}
      </form>
      {user.role === 'bureau' && (
        <form className="card" onSubmit={settleRange} aria-labelledby="settle-range">
          <h2 id="settle-range">{t('settlements.range')}</h2>
          <p className="muted">{t('settlements.rangeHint', { max: MAX_SETTLEMENT_MONTHS })}</p>
          <div className="row">
            <Field label={t('settlements.from')}>{(id) => <input id={id} type="month" required value={range.from} onChange={(e) => setRange({ ...range, from: e.target.value })} />}</Field>
            <Field label={t('settlements.to')}>{(id) => <input id={id} type="month" required value={range.to} onChange={(e) => setRange({ ...range, to: e.target.value })} />}</Field>
            <button type="submit" className="primary" disabled={action.busy || rangeProblem !== null}>
              {t('settlements.runRange')}
            </button>
          </div>
          {rangeProblem && <p className="pf-problem">{rangeProblem.reason[language]}</p>}
        </form>
      )}
      <ErrorNotice error={action.error} />
      {jobId && (
        <section className="card" aria-live="polite">
          <ProgressBar value={followed?.progress ?? 0} label={t('settlements.progress')} failed={failureOf(followed)} />
          <p>{t(`job.${followed?.state ?? 'waiting'}` as MessageKey)}</p>
          {followed?.state === 'completed' && (
            <Success>
              {job?.range
                ? t('settlements.rangeDone', { from: job.range.from, to: job.range.to, months: periodsBetween(job.range.from, job.range.to).length })
                : t('settlements.done', { period })}
            </Success>
          )}
          {followed?.state === 'failed' && <p role="alert" className="notice notice-error">{followed.error?.message}</p>}
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
              { label: t('billing.period'), cell: (r) => (r.scheduled ? `${r.period} (${t('settlements.scheduled')})` : r.through ? t('settlements.rangeLabel', { from: r.period, to: r.through }) : r.period) },
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
