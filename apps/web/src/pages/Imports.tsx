import { useState, type FormEvent } from 'react';
import { api, call } from '../api/client';
import { can } from '@yixiang/domain/permissions/rules';
import { ErrorNotice, failureOf, Field, PageTitle, ProgressBar, Success } from '../components/ui';
import { useAction, useJob } from '../hooks';
import { useI18n, type MessageKey } from '../i18n';
import { actorOf, useUser } from '../session';

interface CellError {
  file: string;
  line: number;
  column: string;
  reason: string;
}

/** Upload an exchange bundle (.zip); the import runs as a job, whole or not at all. */
export function ImportsPage() {
  const { t } = useI18n();
  const [file, setFile] = useState<File | null>(null);
  const [jobId, setJobId] = useState<string | null>(null);
  const action = useAction();
  const job = useJob(jobId);
  const user = useUser();
  // The import.start rule the import service applies: an auditor (or a regional officer) sees why, not a 403.
  const mayImport = can(actorOf(user), 'import.start', { institutionId: user.institutionId });
  const refusal = mayImport ? null : t(user.role === 'auditor' ? 'role.cannotImport' : 'role.importNeeds');

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!file) return;
    setJobId(null);
    const form = new FormData();
    form.append('bundle', file, file.name);
    const started = await action.run(() =>
      call(
        api.POST('/api/v1/imports', {
          body: { bundle: file as unknown as string },
          bodySerializer: () => form,
        }),
      ),
    );
    if (started) setJobId(started.jobId);
  };

  const cells = (job?.error?.details?.cells ?? []) as CellError[];
  const counts = ((job?.result as { counts?: Record<string, { inserted: number; updated: number; unchanged: number }> } | undefined)?.counts) ?? {};
  return (
    <>
      <PageTitle>{t('imports.title')}</PageTitle>
      <p className="muted">{t('imports.intro')}</p>
      <form className="card" onSubmit={submit}>
        <Field label={t('imports.bundle')}>
          {(id) => <input id={id} type="file" accept=".zip,application/zip" required disabled={!mayImport} onChange={(e) => setFile(e.target.files?.[0] ?? null)} />}
        </Field>
        <ErrorNotice error={action.error} />
        {refusal && (
          <p className="notice notice-warn" id="import-refused">
            {refusal}
          </p>
        )}
        <button type="submit" className="primary" aria-describedby={refusal ? 'import-refused' : undefined} disabled={!mayImport || !file || action.busy || (job !== null && job.state !== 'completed' && job.state !== 'failed') || (jobId !== null && job === null)}>
          {t('imports.start')}
        </button>
      </form>
      {jobId && (
        <section className="card" aria-live="polite" aria-labelledby="job">
          <h2 id="job">{t('imports.job')}</h2>
          <ProgressBar value={job?.progress ?? 0} label={t('imports.progress')} failed={failureOf(job)} />
          <p>{t(`job.${job?.state ?? 'waiting'}` as MessageKey)}</p>
          {job?.state === 'completed' && (
            <>
              <Success>{t('imports.done')}</Success>
              <table>
                <thead>
                  <tr>
                    <th scope="col">{t('imports.file')}</th>
                    <th scope="col" className="num">{t('imports.inserted')}</th>
                    <th scope="col" className="num">{t('imports.updated')}</th>
                    <th scope="col" className="num">{t('imports.unchanged')}</th>
                  </tr>
                </thead>
                <tbody>
                  {Object.entries(counts).map(([name, c]) => (
                    <tr key={name}>
                      <td>{name}</td>
                      <td className="num">{c.inserted}</td>
                      <td className="num">{c.updated}</td>
                      <td className="num">{c.unchanged}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </>
          )}
          {job?.state === 'failed' && (
            <div role="alert" className="notice notice-error">
              <strong>{t('imports.failed')}</strong> {job.error?.message}
              {cells.length > 0 && (
                <div className="table-scroll">
                  <table className="error-report">
                    <thead>
                      <tr>
                        <th scope="col">{t('imports.file')}</th>
                        <th scope="col" className="num">{t('imports.line')}</th>
                        <th scope="col">{t('imports.column')}</th>
                        <th scope="col">{t('imports.reason')}</th>
                      </tr>
                    </thead>
                    <tbody>
                      {cells.map((c, i) => (
                        <tr key={i}>
                          <td>{c.file}</td>
                          <td className="num">{c.line}</td>
                          <td>{c.column}</td>
                          <td>{c.reason}</td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                </div>
              )}
            </div>
          )}
        </section>
      )}
    </>
  );
}
