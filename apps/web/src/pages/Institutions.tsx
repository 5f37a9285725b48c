import type { InstitutionKind, InstitutionView, Page } from '@yixiang/contracts';
import { useState, type FormEvent } from 'react';
import { api, call } from '../api/client';
import { ErrorNotice, Field, Loading, PageTitle, Pager, Success } from '../components/ui';
import { useAction, useLoad } from '../hooks';
import { useI18n, type MessageKey } from '../i18n';
import { useUser } from '../session';

const PAGE_SIZE = 20;
const KINDS: InstitutionKind[] = ['university', 'institute', 'hospital', 'enterprise', 'other'];

/** The bureau's register of institutions: search, and register a new one. */
export function InstitutionsPage() {
  const { t } = useI18n();
  const user = useUser();
  const [q, setQ] = useState('');
  const [query, setQuery] = useState('');
  const [page, setPage] = useState(1);
  const institutions = useLoad(
    () => call<Page<InstitutionView>>(api.GET('/api/v1/institutions', { params: { query: { q: query || undefined, page, pageSize: PAGE_SIZE } } })),
    [query, page],
  );
  return (
    <>
      <PageTitle>{t('institutions.title')}</PageTitle>
      {user.role === 'bureau' && <NewInstitution onSaved={institutions.reload} />}
      <form
        className="row"
        role="search"
        onSubmit={(e) => {
          e.preventDefault();
          setQuery(q.trim());
          setPage(1);
        }}
      >
        <Field label={t('institutions.search')}>{(id) => <input id={id} type="search" value={q} onChange={(e) => setQ(e.target.value)} />}</Field>
        <button type="submit">{t('search.submit')}</button>
      </form>
      <ErrorNotice error={institutions.error} />
      <Loading when={institutions.loading && !institutions.data} />
      {institutions.data && (
        <>
          <div className="table-scroll">
            <table>
              <thead>
                <tr>
                  <th scope="col">{t('manage.code')}</th>
                  <th scope="col">{t('manage.name')}</th>
                  <th scope="col">{t('institutions.kind')}</th>
                  <th scope="col">{t('search.region')}</th>
                  <th scope="col">{t('institutions.creditCode')}</th>
                  <th scope="col">{t('institutions.group')}</th>
                </tr>
              </thead>
              <tbody>
                {institutions.data.items.map((i) => (
                  <tr key={i.id}>
                    <td>{i.code}</td>
                    <td>{i.name}</td>
                    <td>{t(`kind.${i.kind}` as MessageKey)}</td>
                    <td>{i.region ?? '—'}</td>
                    <td>{i.creditCode ?? '—'}</td>
                    <td>{i.groupCode ?? '—'}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <Pager page={page} pageSize={PAGE_SIZE} total={institutions.data.total} onPage={setPage} />
        </>
      )}
    </>
  );
}

function NewInstitution({ onSaved }: { onSaved(): void }) {
  const { t } = useI18n();
  const [form, setForm] = useState({ code: '', name: '', kind: 'university' as InstitutionKind, region: '', creditCode: '', groupCode: '' });
  const [saved, setSaved] = useState<string | null>(null);
  const action = useAction();
  const set = (k: keyof typeof form) => (e: { target: { value: string } }) => setForm({ ...form, [k]: e.target.value });
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setSaved(null);
    const created = await action.run(() =>
      call<InstitutionView>(
        api.POST('/api/v1/institutions', {
          body: {
            code: form.code.trim(),
            name: form.name.trim(),
            kind: form.kind,
            region: form.region.trim().toUpperCase(),
            creditCode: form.creditCode.trim() || undefined,
            groupCode: form.groupCode.trim() || undefined,
          },
        }),
      ),
    );
    if (created) {
      setSaved(t('institutions.saved', { name: created.name }));
      onSaved();
    }
  };
  return (
    <details className="card">
      <summary>{t('institutions.new')}</summary>
      <form onSubmit={submit}>
        <div className="grid-3">
          <Field label={t('manage.code')}>{(id) => <input id={id} required value={form.code} onChange={set('code')} />}</Field>
          <Field label={t('manage.name')}>{(id) => <input id={id} required value={form.name} onChange={set('name')} />}</Field>
          <Field label={t('institutions.kind')}>
            {(id) => (
              <select id={id} value={form.kind} onChange={set('kind')}>
                {KINDS.map((k) => (
                  <option key={k} value={k}>
                    {t(`kind.${k}` as MessageKey)}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <Field label={t('search.region')}>{(id) => <input id={id} required value={form.region} onChange={set('region')} placeholder="CQ" />}</Field>
          <Field label={t('institutions.creditCode')}>{(id) => <input id={id} value={form.creditCode} onChange={set('creditCode')} maxLength={18} />}</Field>
          <Field label={t('institutions.group')}>{(id) => <input id={id} value={form.groupCode} onChange={set('groupCode')} />}</Field>
        </div>
        <ErrorNotice error={action.error} />
        {saved && <Success>{saved}</Success>}
        <button type="submit" className="primary" disabled={action.busy}>
          {t('common.create')}
        </button>
      </form>
    </details>
  );
}
