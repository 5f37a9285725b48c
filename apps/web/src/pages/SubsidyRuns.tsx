import type { SubsidyRunView } from '@yixiang/contracts';
import { useState, type FormEvent } from 'react';
import { Link, useNavigate } from 'react-router';
import { api, call } from '../api/client';
import { Badge, ErrorNotice, Field, Loading, PageTitle } from '../components/ui';
import { dateTime, yuan } from '../format';
import { useAction, useLoad } from '../hooks';
import { useI18n, type MessageKey } from '../i18n';
import { useUser } from '../session';
import { PolicyEditor, problemsByField } from '../components/PolicyEditor';
import { formOfPolicy, overridesOf, policyOfForm, type PolicyForm } from '../policy-form';
import { usePolicies } from './Policies';

export const RUN_TONE: Record<SubsidyRunView['status'], 'neutral' | 'good' | 'warn' | 'bad' | 'info'> = {
  pending: 'warn', computing: 'warn', draft: 'info', published: 'good', failed: 'bad',
};

export function useRuns() {
  return useLoad(() => call(api.GET('/api/v1/subsidy-runs', { params: { query: { pageSize: 200 } } })).then((page) => page.items), []);
}

/** Evaluation runs: start one (or a what-if), and every run so far. */
export function SubsidyRunsPage() {
  const { t } = useI18n();
  const user = useUser();
  const runs = useRuns();
  return (
    <>
      <PageTitle>{t('subsidy.title')}</PageTitle>
      {user.role === 'bureau' && <StartRun runs={runs.data ?? []} />}
      <ErrorNotice error={runs.error} />
      <Loading when={runs.loading && !runs.data} />
      {runs.data && (
        <div className="table-scroll">
          <table aria-label={t('subsidy.runs')}>
            <thead>
              <tr>
                <th scope="col">{t('subsidy.year')}</th>
                <th scope="col">{t('subsidy.policy')}</th>
                <th scope="col">{t('search.region')}</th>
                <th scope="col">{t('subsidy.kind')}</th>
                <th scope="col">{t('bookings.status')}</th>
                <th scope="col" className="num">{t('subsidy.institutions')}</th>
                <th scope="col" className="num">{t('subsidy.total')}</th>
                <th scope="col">{t('subsidy.created')}</th>
              </tr>
            </thead>
            <tbody>
              {runs.data.map((r) => (
                <tr key={r.id}>
                  <td>
                    <Link to={`/subsidy/${r.id}`}>{r.year}</Link>
                  </td>
                  <td>{r.policyCode}</td>
                  <td>{r.region ?? t('subsidy.allRegions')}</td>
                  <td>{r.simulation ? <Badge tone="info">{t('subsidy.simulation')}</Badge> : t('subsidy.official')}</td>
                  <td>
                    <Badge tone={RUN_TONE[r.status]}>{t(`run.${r.status}` as MessageKey)}</Badge>
                  </td>
                  <td className="num">{r.institutions}</td>
                  <td className="num">{r.totalFen === null ? '—' : `¥${yuan(r.totalFen)}`}</td>
                  <td>{dateTime(r.createdAt)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {runs.data.length === 0 && <p>{t('common.none')}</p>}
        </div>
      )}
    </>
  );
}

/** A policy field's label, to say which parameters a what-if changes. */
const OVERRIDE_LABELS: Record<string, MessageKey> = {
  eligibleValueFen: 'pf.eligibleValue', benchmarkHours: 'pf.eligibility', targetExternalShare: 'pf.targetExternalShare', minRatings: 'pf.minRatings', manualHoursFactorPct: 'pf.manualHoursFactor',
  targetExternalInstitutions: 'pf.targetExternalInstitutions', gradeBands: 'pf.grades', excellentQuota: 'pf.excellentQuota', eligibleGrades: 'pf.eligibleGrades',
  minExternalHours: 'pf.minExternalHours', rateBps: 'pf.rate', gradeFactorPct: 'pf.subsidy', perInstrumentCapFen: 'pf.perInstrumentCap',
  perInstitutionCapFen: 'pf.perInstitutionCap', excludedCategories: 'pf.excluded', budgetFen: 'pf.budget',
};

function StartRun({ runs }: { runs: SubsidyRunView[] }) {
  const { t } = useI18n();
  const navigate = useNavigate();
  const policies = usePolicies();
  const [form, setForm] = useState({ policyId: '', year: String(new Date().getFullYear() - 1), region: '', simulation: false, baseRunId: '' });
  const action = useAction();
  const policyId = form.policyId || policies.data?.items[0]?.id || '';
  const bases = runs.filter((r) => !r.simulation && (r.status === 'draft' || r.status === 'published'));
  // A what-if's parameters: the chosen policy as a form (元, hours, percent); the overrides sent are the fields changed.
  const basePolicy = (policies.data?.items.find((p) => p.id === policyId)?.document ?? null) as Record<string, unknown> | null;
  const [whatIf, setWhatIf] = useState<{ policyId: string; form: PolicyForm } | null>(null);
  const whatIfForm = whatIf && whatIf.policyId === policyId ? whatIf.form : basePolicy ? formOfPolicy(basePolicy) : null;
  const [tried, setTried] = useState(false);
  const whatIfOut = form.simulation && whatIfForm ? policyOfForm(whatIfForm) : null;
  const problems = tried && whatIfOut && 'problems' in whatIfOut ? whatIfOut.problems : [];
  const overrides = basePolicy && whatIfOut && 'document' in whatIfOut ? overridesOf(basePolicy, whatIfOut.document) : {};

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setTried(true);
    if (whatIfOut && 'problems' in whatIfOut) return;
    const started = await action.run(() =>
      call(
        api.POST('/api/v1/subsidy-runs', {
          body: {
            policyId,
            year: Number(form.year),
            ...(form.region.trim() ? { region: form.region.trim().toUpperCase() } : {}),
            ...(form.simulation ? { simulation: true, overrides, ...(form.baseRunId ? { baseRunId: form.baseRunId } : {}) } : {}),
          },
        }),
      ),
    );
    if (started) navigate(`/subsidy/${started.runId}`);
  };

  return (
    <form className="card start-run" onSubmit={submit} aria-labelledby="start-run">
      <h2 id="start-run">{t('subsidy.start')}</h2>
      <div className="grid-3">
        <Field label={t('subsidy.policy')}>
          {(id) => (
            <select id={id} required value={policyId} onChange={(e) => setForm({ ...form, policyId: e.target.value })}>
              {(policies.data?.items ?? []).map((p) => (
                <option key={p.id} value={p.id}>
                  {p.code} v{p.version}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label={t('subsidy.year')}>{(id) => <input id={id} type="number" min={2000} max={2100} required value={form.year} onChange={(e) => setForm({ ...form, year: e.target.value })} />}</Field>
        <Field label={t('search.region')} hint={t('subsidy.regionHint')}>{(id) => <input id={id} value={form.region} onChange={(e) => setForm({ ...form, region: e.target.value })} />}</Field>
      </div>
      <label className="check">
        <input type="checkbox" checked={form.simulation} onChange={(e) => setForm({ ...form, simulation: e.target.checked })} /> {t('subsidy.whatIf')}
      </label>
      {form.simulation && (
        <div className="grid-2">
          <Field label={t('subsidy.base')}>
            {(id) => (
              <select id={id} value={form.baseRunId} onChange={(e) => setForm({ ...form, baseRunId: e.target.value })}>
                <option value="">—</option>
                {bases.map((r) => (
                  <option key={r.id} value={r.id}>
                    {r.year} · {r.policyCode} · {t(`run.${r.status}` as MessageKey)} · {dateTime(r.createdAt)}
                  </option>
                ))}
              </select>
            )}
          </Field>
        </div>
      )}
      {form.simulation && whatIfForm && basePolicy && (
        <section className="pf-whatif" aria-labelledby="what-if-params">
          <h3 id="what-if-params">{t('pf.whatIfParams')}</h3>
          <PolicyEditor
            form={whatIfForm} fixed problems={problemsByField(problems)} onChange={(next) => setWhatIf({ policyId, form: next })}
            json={{ toJson: (document) => overridesOf(basePolicy, document), fromJson: (value) => ({ ...basePolicy, ...value }) }}
          />
          <p className="muted" aria-live="polite">
            {Object.keys(overrides).length ? t('pf.whatIfChanged', { fields: Object.keys(overrides).map((k) => (k in OVERRIDE_LABELS ? t(OVERRIDE_LABELS[k]) : k)).join('、') }) : t('pf.whatIfNone')}
          </p>
          {problems.length > 0 && (
            <p role="alert" className="notice notice-error">
              {t('pf.fixErrors', { count: problems.length })}
            </p>
          )}
        </section>
      )}
      <ErrorNotice error={action.error} />
      <button type="submit" className="primary" disabled={action.busy || !policyId}>
        {t('subsidy.run')}
      </button>
    </form>
  );
}
