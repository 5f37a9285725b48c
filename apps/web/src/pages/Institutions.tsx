import type { InstitutionKind } from '@yixiang/contracts';
import { useState } from 'react';
import { api, call } from '../api/client';
import { PagedTable } from '../components/DataTable';
import { ChoiceField, Field, FormEnd, PageTitle } from '../components/ui';
import { useForm, usePagedLoad } from '../hooks';
import { useI18n, type MessageKey } from '../i18n';
import { useUser } from '../session';

const KINDS: InstitutionKind[] = ['university', 'institute', 'hospital', 'enterprise', 'other'];

/** The bureau's register of institutions: search, and register a new one. */
export function InstitutionsPage() {
  const { t } = useI18n();
  const user = useUser();
  const [q, setQ] = useState('');
  const [query, setQuery] = useState('');
  const institutions = usePagedLoad(
    (page, pageSize) =>
      call(api.GET('/api/v1/institutions', { params: { query: { q: query || undefined, page, pageSize } } })),
    [query],
  );
  return (
    <>
      <PageTitle>{t('institutions.title')}</PageTitle>
      {user.role === 'bureau' && <NewInstitution onSaved={institutions.loaded.reload} />}
      <form
        className="row"
        role="search"
        onSubmit={(e) => {
          e.preventDefault();
          setQuery(q.trim());
        }}
      >
        <Field label={t('institutions.search')}>
          {(id) => <input id={id} type="search" value={q} onChange={(e) => setQ(e.target.value)} />}
        </Field>
        <button type="submit">{t('search.submit')}</button>
      </form>
      <PagedTable
        list={institutions}
        label={t('institutions.title')}
        rowKey={(i) => i.id}
        columns={[
          { label: t('manage.code'), sortBy: (i) => i.code, cell: (i) => i.code },
          { label: t('manage.name'), sortBy: (i) => i.name, cell: (i) => i.name },
          { label: t('institutions.kind'), cell: (i) => t(`kind.${i.kind}` as MessageKey) },
          { label: t('search.region'), sortBy: (i) => i.region, cell: (i) => i.region ?? '—' },
          { label: t('institutions.creditCode'), cell: (i) => i.creditCode ?? '—' },
          { label: t('institutions.group'), sortBy: (i) => i.groupCode, cell: (i) => i.groupCode ?? '—' },
        ]}
      />
    </>
  );
}

function NewInstitution({ onSaved }: { onSaved(): void }) {
  const { t } = useI18n();
  const { form, setForm, set, saved, action, submit } = useForm({
    code: '',
    name: '',
    kind: 'university' as InstitutionKind,
    region: '',
    creditCode: '',
    groupCode: '',
  });
  const send = submit(
    () =>
      call(
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
    (created) => {
      onSaved();
      return t('institutions.saved', { name: created.name });
    },
  );
  return (
    <details className="card">
      <summary>{t('institutions.new')}</summary>
      <form onSubmit={send}>
        <div className="grid-3">
          <Field label={t('manage.code')}>{(id) => <input id={id} required value={form.code} onChange={set('code')} />}</Field>
          <Field label={t('manage.name')}>{(id) => <input id={id} required value={form.name} onChange={set('name')} />}</Field>
          <ChoiceField
            label={t('institutions.kind')}
            value={form.kind}
            values={KINDS}
            prefix="kind"
            onChange={(kind) => setForm({ ...form, kind })}
          />
          <Field label={t('search.region')}>
            {(id) => <input id={id} required value={form.region} onChange={set('region')} placeholder="CQ" />}
          </Field>
          <Field label={t('institutions.creditCode')}>
            {(id) => <input id={id} value={form.creditCode} onChange={set('creditCode')} maxLength={18} />}
          </Field>
          <Field label={t('institutions.group')}>{(id) => <input id={id} value={form.groupCode} onChange={set('groupCode')} />}</Field>
        </div>
        <FormEnd error={action.error} done={saved} busy={action.busy} submit={t('common.create')} />
      </form>
    </details>
  );
}
