import { useState, type FormEvent } from 'react';
import { api, call } from '../api/client';
import { Badge, ErrorNotice, Field, Loading, PageTitle, Pager, Success } from '../components/ui';
import { dateTime } from '../format';
import { useAction, useLoad } from '../hooks';
import { useI18n } from '../i18n';
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
  const [text, setText] = useState('');
  const [saved, setSaved] = useState<string | null>(null);
  const [parseError, setParseError] = useState<string | null>(null);
  const action = useAction();

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setSaved(null);
    setParseError(null);
    let document: Record<string, unknown>;
    try {
      document = JSON.parse(text) as Record<string, unknown>;
    } catch (error) {
      setParseError(t('policies.badJson', { message: error instanceof Error ? error.message : String(error) }));
      return;
    }
    const created = await action.run(() => call(api.POST('/api/v1/policies', { body: document })));
    if (created) {
      setSaved(t('policies.saved', { code: created.code, version: created.version }));
      policies.reload();
    }
  };
  const load = async (file: File | undefined) => file && setText(await file.text());

  return (
    <>
      <PageTitle>{t('policies.title')}</PageTitle>
      {user.role === 'bureau' && (
        <form className="card" onSubmit={submit} aria-labelledby="new-policy">
          <h2 id="new-policy">{t('policies.new')}</h2>
          <Field label={t('policies.file')}>{(id) => <input id={id} type="file" accept=".json,application/json" onChange={(e) => load(e.target.files?.[0])} />}</Field>
          <Field label={t('policies.document')} hint={t('policies.hint')}>
            {(id) => <textarea id={id} className="code" rows={12} required value={text} onChange={(e) => setText(e.target.value)} spellCheck={false} />}
          </Field>
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
                  <button type="button" className="small" onClick={() => setText(JSON.stringify(p.document, null, 2))}>
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
