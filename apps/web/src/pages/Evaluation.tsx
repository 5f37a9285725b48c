import { useState } from 'react';
import { api, call } from '../api/client';
import { Explanation } from '../components/Explanation';
import { ErrorNotice, Field, Loading, PageTitle } from '../components/ui';
import { dateTime } from '../format';
import { useLoad } from '../hooks';
import { useI18n } from '../i18n';
import { useUser } from '../session';

/** An institution admin's published evaluations, each number explained. */
export function EvaluationPage() {
  const { t } = useI18n();
  const user = useUser();
  const runs = useLoad(() => call(api.GET('/api/v1/subsidy-runs', { params: { query: { pageSize: 200 } } })).then((page) => page.items), []);
  const [chosen, setChosen] = useState<string>('');
  const published = (runs.data ?? []).filter((r) => r.status === 'published');
  const run = published.find((r) => r.id === chosen) ?? published[0];
  return (
    <>
      <PageTitle>{t('evaluation.title')}</PageTitle>
      <ErrorNotice error={runs.error} />
      <Loading when={runs.loading && !runs.data} />
      {runs.data && published.length === 0 && <p>{t('evaluation.none')}</p>}
      {run && (
        <>
          <Field label={t('evaluation.run')}>
            {(id) => (
              <select id={id} value={run.id} onChange={(e) => setChosen(e.target.value)}>
                {published.map((r) => (
                  <option key={r.id} value={r.id}>
                    {r.year} · {r.policyCode} · {dateTime(r.publishedAt)}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <Explanation runId={run.id} institution={user.institutionId ?? ''} />
        </>
      )}
    </>
  );
}
