import { useState, type FormEvent } from 'react';
import { api, call } from '../api/client';
import { PolicyEditor, problemsByField } from '../components/PolicyEditor';
import { Badge, ErrorNotice, Field, Loading, PageTitle, Pager, Success } from '../components/ui';
import { dateTime } from '../format';
import { useAction, useLoad } from '../hooks';
import { useI18n } from '../i18n';
import { formOfPolicy, policyOfForm, REFERENCE_POLICY, type PolicyForm } from '../policy-form';
import { useUser } from '../session';

export function usePolicies(page = 1) {
  return useLoad(() => call(api.GET('/api/v1/policies', { params: { query: { page, pageSize: 50 } } })), [page]);
}

/** Subsidy policies: versioned documents; posting a known code adds its next version. */
export function PoliciesPage() {
  const { t } = useI18n();
  const user = useUser();
  const [page, setPage] = useState(1);
  const policies = usePolicies(page);
  const [form, setForm] = useState<PolicyForm>(() => formOfPolicy(REFERENCE_POLICY));
  const [tried, setTried] = useState(false);
  const [saved, setSaved] = useState<string | null>(null);
  const [parseError, setParseError] = useState<string | null>(null);
  const action = useAction();
  const out = policyOfForm(form);
  const problems = tried && 'problems' in out ? out.problems : [];

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setSaved(null);
    setTried(true);
    if ('problems' in out) return;
    const created = await action.run(() => call(api.POST('/api/v1/policies', { body: out.document })));
    if (created) {
      setSaved(t('policies.saved', { code: created.code, version: created.version }));
      setTried(false);
      policies.reload();
    }
  };
  // A policy.json file fills the form (its fields in 元, hours and percent).
  const load = async (file: File | undefined) => {
    if (!file) return;
    setParseError(null);
    try {
      setForm(formOfPolicy(JSON.parse(await file.text()) as Record<string, unknown>));
    } catch (error) {
      setParseError(t('policies.badJson', { message: error instanceof Error ? error.message : String(error) }));
    }
  };
  const editVersion = (document: Record<string, unknown>) => {
    setForm(formOfPolicy(document));
    setSaved(null);
    window.scrollTo({ top: 0 });
  };

  return (
    <>
      <PageTitle>{t('policies.title')}</PageTitle>
      {user.role === 'bureau' && (
        <form className="card" onSubmit={submit} aria-labelledby="new-policy">
          <h2 id="new-policy">{t('policies.new')}</h2>
          <Field label={t('policies.file')}>{(id) => <input id={id} type="file" accept=".json,application/json" onChange={(e) => load(e.target.files?.[0])} />}</Field>
          <p className="muted">{t('policies.hint')}</p>
          <PolicyEditor form={form} onChange={setForm} problems={problemsByField(problems)} />
          {problems.length > 0 && (
            <p role="alert" className="notice notice-error">
              {t('pf.fixErrors', { count: problems.length })}
            </p>
          )}
          {parseError && (
            <p role="alert" className="notice notice-error">
              {parseError}
            </p>
          )}
          <ErrorNotice error={action.error} />
          {saved && <Success>{saved}</Success>}
          <button type="submit" className="primary" disabled={action.busy}>
            {t('policies.save')}
          </button>
        </form>
      )}
      <ErrorNotice error={policies.error} />
      <Loading when={policies.loading && !policies.data} />
      {policies.data && (
        <>
          <ul className="cards">
            {policies.data.items.map((p) => (
              <li key={p.id} className="card">
                <h2>
                  {p.code} · v{p.version} {p.usedByPublishedRun && <Badge tone="info">{t('policies.locked')}</Badge>}
                </h2>
                <p className="muted">{dateTime(p.createdAt)}</p>
                <details>
                  <summary>{t('policies.show')}</summary>
                  <pre className="code">{JSON.stringify(p.document, null, 2)}</pre>
                </details>
                {user.role === 'bureau' && (
                  <button type="button" className="small" onClick={() => editVersion(p.document as Record<string, unknown>)}>
                    {t('policies.newVersion')}
                  </button>
                )}
              </li>
            ))}
          </ul>
          {policies.data.items.length === 0 && <p>{t('common.none')}</p>}
          <Pager page={page} pageSize={50} total={policies.data.total} onPage={setPage} />
        </>
      )}
    </>
  );
}
