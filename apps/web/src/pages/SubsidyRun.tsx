import type { SubsidyRunView } from '@yixiang/contracts';
import { useEffect, useState } from 'react';
import { Link, useParams } from 'react-router';
import { api, call, download } from '../api/client';
import { BarChart } from '../components/charts';
import { DataTable } from '../components/DataTable';
import { Explanation, points } from '../components/Explanation';
import { useAsk } from '../components/AskDialog';
import { Badge, ErrorNotice, failureOf, Loading, PageTitle, ProgressBar, Success } from '../components/ui';
import { dateTime, hours, yuan } from '../format';
import { useAction, useJob, useLoad } from '../hooks';
import { useI18n, type MessageKey } from '../i18n';
import { useInstitutionNames } from '../names';
import { useUser } from '../session';
import { RUN_TONE } from './SubsidyRuns';

interface Comparison {
  base: SubsidyRunView;
  items: { institutionCode: string; baseFen: number; runFen: number; deltaFen: number; baseGrade: string | null; runGrade: string | null }[];
  gainers: number;
  losers: number;
}

const GRADES = ['excellent', 'good', 'pass', 'poor'] as const;
/** A grade's place for sorting: 优秀 first; no grade (not evaluated) is an empty cell. */
const grade = (g: string | null) => (g === null ? null : GRADES.indexOf(g as (typeof GRADES)[number]));
const INDICATORS = ['openRate', 'onlineRate', 'utilisation', 'activeShare', 'externalShare', 'satisfaction', 'externalReach'] as const;

/** One run: progress while it computes, then results, charts, explanations, the what-if comparison, publish and exports. */
export function SubsidyRunPage() {
  const { id = '' } = useParams();
  const { t } = useI18n();
  const user = useUser();
  const run = useLoad(() => call(api.GET('/api/v1/subsidy-runs/{id}', { params: { path: { id } } })), [id]);
  const computing = run.data?.status === 'pending' || run.data?.status === 'computing';
  const job = useJob(computing ? (run.data?.jobId ?? null) : null, () => run.reload());
  // The job's end is also the run's. A run without a job to follow (none recorded) is polled itself.
  const jobless = computing && !run.data?.jobId;
  useEffect(() => {
    if (!jobless) return;
    const timer = setInterval(run.reload, 2000);
    return () => clearInterval(timer);
  }, [jobless, run.reload]);
  const action = useAction();
  const [published, setPublished] = useState(false);
  const [dialog, ask] = useAsk();

  const r = run.data;
  if (!r) {
    return (
      <>
        <ErrorNotice error={run.error} />
        <Loading when={run.loading} />
      </>
    );
  }
  const publish = async () => {
    if ((await ask({ title: t('ask.publishTitle'), message: t('subsidy.confirmPublish'), confirm: t('ask.publishConfirm') })) === null) return;
    const ok = await action.run(() => call(api.POST('/api/v1/subsidy-runs/{id}/publish', { params: { path: { id } } })));
    if (ok) setPublished(true);
    run.reload();
  };
  const exportFile = (name: string, ext: 'csv' | 'xlsx') => action.run(() => download(`/api/v1/exports/${name}.${ext}?runId=${r.id}`, `${name}-${r.year}.${ext}`));
  const done = r.status === 'draft' || r.status === 'published';
  return (
    <>
      {dialog}
      <PageTitle
        actions={
          done && (
            <>
              {user.role === 'bureau' && r.status === 'draft' && !r.simulation && (
                <button type="button" className="primary" onClick={publish} disabled={action.busy}>
                  {t('subsidy.publish')}
                </button>
              )}
              {!r.simulation && (
                <Link className="button" to={`/subsidy/${r.id}/notice`}>
                  {t('notice.link')}
                </Link>
              )}
              <button type="button" onClick={() => exportFile('evaluation', 'xlsx')}>
                {t('common.exportXlsx')}
              </button>
              <button type="button" onClick={() => exportFile('evaluation', 'csv')}>
                evaluation.csv
              </button>
              <button type="button" onClick={() => exportFile('evaluation-instruments', 'csv')}>
                evaluation-instruments.csv
              </button>
            </>
          )
        }
      >
        {t('subsidy.runTitle', { year: r.year, policy: r.policyCode })}
      </PageTitle>
      <p>
        <Badge tone={RUN_TONE[r.status]}>{t(`run.${r.status}` as MessageKey)}</Badge> {r.simulation && <Badge tone="info">{t('subsidy.simulation')}</Badge>}{' '}
        <span className="muted">
          {r.region ?? t('subsidy.allRegions')} · {dateTime(r.createdAt)}
          {r.inputHash && ` · ${t('subsidy.inputHash')} ${r.inputHash.slice(0, 16)}…`}
        </span>
      </p>
      <p>
        <Link to="/subsidy">‹ {t('subsidy.title')}</Link>
      </p>
      {published && <Success>{t('subsidy.published')}</Success>}
      <ErrorNotice error={action.error} />
      {computing && (
        <section className="card" aria-live="polite">
          <ProgressBar value={job?.progress ?? 0} label={t('subsidy.progress')} failed={failureOf(job)} />
          <p>{t('subsidy.computing')}</p>
        </section>
      )}
      {r.status === 'failed' && (
        <p role="alert" className="notice notice-error">
          {r.error}
        </p>
      )}
      {done && <Results run={r} />}
    </>
  );
}

function Results({ run }: { run: SubsidyRunView }) {
  const { t } = useI18n();
  const results = useLoad(() => call(api.GET('/api/v1/subsidy-runs/{id}/results', { params: { path: { id: run.id } } })), [run.id]);
  const comparison = useLoad(
    () => (run.simulation && run.baseRunId ? call(api.GET('/api/v1/subsidy-runs/{id}/compare', { params: { path: { id: run.id } } })) : Promise.resolve(null)),
    [run.id],
  );
  const [open, setOpen] = useState<string | null>(null);
  const items = results.data?.items ?? [];
  type Item = (typeof items)[number];
  const names = useInstitutionNames(items.map((i) => i.institutionCode));
  // Yuan (whole, by integer division) for the chart's bar heights only; every figure shown is exact.
  const byGrade = GRADES.map((g) => ({
    label: t(`grade.${g}` as MessageKey),
    value: Number(items.filter((i) => i.grade === g).reduce((s, i) => s + BigInt(i.subsidyFen), 0n) / 100n),
  }));
  // Score bands in hundredths of a point, compared as integers like every score.
  const bands = [['0–59', 0n, 6000n], ['60–74', 6000n, 7500n], ['75–89', 7500n, 9000n], ['90–100', 9000n, 10001n]] as const;
  const bandBars = bands.map(([label, lo, hi]) => ({ label, value: items.filter((i) => BigInt(i.total) >= lo && BigInt(i.total) < hi).length, tone: 'alt' }));
  return (
    <>
      <ErrorNotice error={results.error ?? comparison.error} />
      <Loading when={results.loading && !results.data} />
      {comparison.data && <Compare comparison={comparison.data} />}
      {results.data && (
        <>
          <p className="kpis">
            <span>
              <strong>{items.length}</strong> {t('subsidy.institutions')}
            </span>
            <span>
              <strong>¥{yuan(run.totalFen)}</strong> {t('subsidy.total')}
            </span>
          </p>
          <div className="grid-2">
            <BarChart title={t('subsidy.amountByGrade')} unit={t('subsidy.yuanUnit')} bars={byGrade} />
            <BarChart title={t('subsidy.scoreBands')} unit={t('subsidy.institutionsUnit')} bars={bandBars} />
          </div>
          <DataTable
            items={items}
            label={t('subsidy.results')}
            phone="scroll"
            rowKey={(i) => i.institutionCode}
            rowProps={(i) => ({ 'data-institution': i.institutionCode, className: open === i.institutionCode ? 'selected' : '' })}
            columns={[
              { label: t('subsidy.rank'), numeric: true, sortBy: (i) => i.rank, cell: (i) => i.rank },
              {
                label: t('subsidy.institution'),
                sortBy: (i) => names[i.institutionCode] ?? i.institutionCode,
                cell: (i) => (
                  <button type="button" className="link wrap" onClick={() => setOpen(open === i.institutionCode ? null : i.institutionCode)} aria-expanded={open === i.institutionCode}>
                    {names[i.institutionCode] ?? i.institutionCode}
{' '}
                    <small className="muted">{i.institutionCode}</small>
                  </button>
                ),
              },
              { label: t('figure.eligibleInstruments'), numeric: true, sortBy: (i) => i.eligibleInstruments, cell: (i) => i.eligibleInstruments },
              { label: t('figure.effectiveHours'), numeric: true, sortBy: (i) => BigInt(i.effectiveMinutes), cell: (i) => hours(i.effectiveMinutes) },
              { label: t('figure.externalHours'), numeric: true, sortBy: (i) => BigInt(i.externalMinutes), cell: (i) => hours(i.externalMinutes) },
              ...INDICATORS.map((k) => ({ label: t(`figure.${k}` as MessageKey), numeric: true, sortBy: (i: Item) => BigInt(i.indicators[k]), cell: (i: Item) => points(i.indicators[k]) })),
              { label: t('figure.total'), numeric: true, sortBy: (i) => BigInt(i.total), cell: (i) => points(i.total) },
              {
                label: t('figure.grade'),
                sortBy: (i) => grade(i.grade),
                cell: (i) => <Badge tone={i.grade === 'excellent' ? 'good' : i.grade === 'poor' ? 'bad' : 'info'}>{t(`grade.${i.grade}` as MessageKey)}</Badge>,
              },
              { label: t('figure.incomeBaseFen'), numeric: true, sortBy: (i) => BigInt(i.incomeBaseFen), cell: (i) => yuan(i.incomeBaseFen) },
              { label: t('figure.subsidyFen'), numeric: true, sortBy: (i) => BigInt(i.subsidyFen), cell: (i) => <span className="subsidy-amount">{yuan(i.subsidyFen)}</span> },
            ]}
          />
          {open && <Explanation runId={run.id} institution={open} />}
        </>
      )}
    </>
  );
}

function Compare({ comparison }: { comparison: Comparison }) {
  const { t } = useI18n();
  const changed = comparison.items.filter((i) => i.deltaFen !== 0 || i.baseGrade !== i.runGrade);
  const names = useInstitutionNames(comparison.items.map((i) => i.institutionCode));
  return (
    <section className="card" aria-labelledby="compare">
      <h2 id="compare">{t('subsidy.compare', { gainers: comparison.gainers, losers: comparison.losers })}</h2>
      <DataTable
        items={comparison.items}
        rowKey={(i) => i.institutionCode}
        rowProps={(i) => ({ className: i.deltaFen > 0 ? 'gain' : i.deltaFen < 0 ? 'loss' : '' })}
        columns={[
          {
            label: t('subsidy.institution'),
            sortBy: (i) => names[i.institutionCode] ?? i.institutionCode,
            cell: (i) => (
              <>
                {names[i.institutionCode] ?? i.institutionCode} <small className="muted">{i.institutionCode}</small>
              </>
            ),
          },
          { label: t('subsidy.baseGrade'), sortBy: (i) => grade(i.baseGrade), cell: (i) => (i.baseGrade ? t(`grade.${i.baseGrade}` as MessageKey) : '—') },
          { label: t('subsidy.whatIfGrade'), sortBy: (i) => grade(i.runGrade), cell: (i) => (i.runGrade ? t(`grade.${i.runGrade}` as MessageKey) : '—') },
          { label: t('subsidy.baseAmount'), numeric: true, sortBy: (i) => BigInt(i.baseFen), cell: (i) => yuan(i.baseFen) },
          { label: t('subsidy.whatIfAmount'), numeric: true, sortBy: (i) => BigInt(i.runFen), cell: (i) => yuan(i.runFen) },
          {
            label: t('subsidy.delta'),
            numeric: true,
            sortBy: (i) => BigInt(i.deltaFen),
            cell: (i) => (
              <>
                {i.deltaFen > 0 ? '▲ +' : i.deltaFen < 0 ? '▼ ' : ''}
                {yuan(i.deltaFen)}
              </>
            ),
          },
        ]}
      />
      {changed.length === 0 && <p>{t('subsidy.noChange')}</p>}
    </section>
  );
}
