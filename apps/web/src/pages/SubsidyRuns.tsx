import type { SubsidyRunView } from '@yixiang/contracts';
import { useState, type FormEvent } from 'react';
import { Link, useNavigate } from 'react-router';
import { api, call } from '../api/client';
import { Badge, ErrorNotice, Field, Loading, PageTitle } from '../components/ui';
import { dateTime, yuan } from '../format';
import { useAction, useLoad } from '../hooks';
import { useI18n, type MessageKey } from '../i18n';
import { useUser } from '../session';
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

function StartRun({ runs }: { runs: SubsidyRunView[] }) {
  const { t } = useI18n();
  const navigate = useNavigate();
  const policies = usePolicies();
  const [form, setForm] = useState({ policyId: '', year: String(new Date().getFullYear() - 1), region: '', simulation: false, baseRunId: '', overrides: '{\n  "rateBps": 2500\n}' });
  const [overrideError, setOverrideError] = useState<string | null>(null);
  const action = useAction();
  const policyId = form.policyId || policies.data?.items[0]?.id || '';
  const bases = runs.filter((r) => !r.simulation && (r.status === 'draft' || r.status === 'published'));

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setOverrideError(null);
    let overrides: Record<string, unknown> | undefined;
    if (form.simulation && form.overrides.trim()) {
      try {
        overrides = JSON.parse(form.overrides) as Record<string, unknown>;
      } catch (error) {
        setOverrideError(t('policies.badJson', { message: error instanceof Error ? error.message : String(error) }));
        return;
      }
    }
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
    <form className="card" onSubmit={submit} aria-labelledby="start-run">
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
          <Field label={t('subsidy.overrides')} hint={t('subsidy.overridesHint')}>
            {(id) => <textarea id={id} className="code" rows={4} value={form.overrides} onChange={(e) => setForm({ ...form, overrides: e.target.value })} spellCheck={false} />}
          </Field>
        </div>
      )}
      {overrideError && (
        <p role="alert" className="notice notice-error">
          {overrideError}
        </p>
      )}
      <ErrorNotice error={action.error} />
      <button type="submit" className="primary" disabled={action.busy || !policyId}>
        {t('subsidy.run')}
      </button>
    </form>
  );
}
