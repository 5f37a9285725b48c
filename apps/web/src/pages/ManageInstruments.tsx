import { useState, type FormEvent } from 'react';
import { Link, useNavigate } from 'react-router';
import { api, call } from '../api/client';
import { PagedTable } from '../components/DataTable';
import { Badge, ErrorNotice, Field, PageTitle } from '../components/ui';
import { parseYuan, yuan } from '../format';
import { useAction, usePagedLoad } from '../hooks';
import { useI18n, type MessageKey } from '../i18n';
import { useUser } from '../session';
import { useCategories } from './Search';


/** An institution admin's own instruments, and a new one. */
export function ManageInstrumentsPage() {
  const { t } = useI18n();
  const user = useUser();
  const [creating, setCreating] = useState(false);
  const instruments = usePagedLoad(
    (page, pageSize) => call(api.GET('/api/v1/instruments', { params: { query: { institution: user.institutionId ?? undefined, page, pageSize } } })),
    [user.institutionId],
  );
  return (
    <>
      <PageTitle
        actions={
          <button type="button" className="primary" onClick={() => setCreating(!creating)} aria-expanded={creating}>
            {t('manage.new')}
          </button>
        }
      >
        {t('manage.title')}
      </PageTitle>
      {creating && <NewInstrument />}
      <PagedTable
        list={instruments}
        label={t('manage.title')}
        rowKey={(i) => i.id}
        columns={[
          { label: t('manage.code'), sortBy: (i) => i.code, cell: (i) => i.code },
          { label: t('manage.name'), sortBy: (i) => i.name, cell: (i) => <Link to={`/manage/instruments/${i.id}`}>{i.name}</Link> },
          { label: t('search.category'), sortBy: (i) => i.categoryCode, cell: (i) => i.categoryCode },
          {
            label: t('instrument.sharing'),
            cell: (i) => (
              <>
                <Badge tone={i.sharingStatus === 'open' ? 'good' : 'warn'}>{t(`sharing.${i.sharingStatus}` as MessageKey)}</Badge>
                {i.onlineBooking && <Badge tone="info">{t('search.online')}</Badge>}
              </>
            ),
          },
          { label: t('manage.fromPrice'), numeric: true, sortBy: (i) => (i.fromPriceFen === null ? null : BigInt(i.fromPriceFen)), cell: (i) => (i.fromPriceFen === null ? '—' : yuan(i.fromPriceFen)) },
        ]}
      />
    </>
  );
}

function NewInstrument() {
  const { t } = useI18n();
  const navigate = useNavigate();
  const categories = useCategories();
  const [form, setForm] = useState({ name: '', model: '', manufacturer: '', categoryCode: '', value: '', location: '' });
  const action = useAction();
  const set = (k: keyof typeof form) => (e: { target: { value: string } }) => setForm({ ...form, [k]: e.target.value });
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const created = await action.run(() =>
      call(
        api.POST('/api/v1/instruments', {
          body: {
            name: form.name.trim(),
            model: form.model.trim() || undefined,
            manufacturer: form.manufacturer.trim() || undefined,
            categoryCode: form.categoryCode,
            originalValueFen: parseYuan(form.value) ?? -1,
            location: form.location.trim() || undefined,
            serviceModes: ['self', 'assisted'],
            onlineBooking: true,
          },
        }),
      ),
    );
    if (created) navigate(`/manage/instruments/${created.id}`);
  };
  return (
    <form className="card" onSubmit={submit} aria-label={t('manage.new')}>
      <div className="grid-3">
        <Field label={t('manage.name')}>{(id) => <input id={id} required maxLength={200} value={form.name} onChange={set('name')} />}</Field>
        <Field label={t('instrument.model')}>{(id) => <input id={id} maxLength={200} value={form.model} onChange={set('model')} />}</Field>
        <Field label={t('manage.manufacturer')}>{(id) => <input id={id} maxLength={200} value={form.manufacturer} onChange={set('manufacturer')} />}</Field>
        <Field label={t('search.category')}>
          {(id) => (
            <select id={id} required value={form.categoryCode} onChange={set('categoryCode')}>
              <option value="">—</option>
              {(categories.data ?? [])
                .filter((c) => c.parentCode !== null)
                .map((c) => (
                  <option key={c.code} value={c.code}>
                    {c.code} {c.nameZh}
                  </option>
                ))}
            </select>
          )}
        </Field>
        <Field label={t('manage.valueYuan')}>{(id) => <input id={id} required inputMode="decimal" value={form.value} onChange={set('value')} />}</Field>
        <Field label={t('instrument.location')}>{(id) => <input id={id} maxLength={300} value={form.location} onChange={set('location')} />}</Field>
      </div>
      <ErrorNotice error={action.error} />
      <button type="submit" className="primary" disabled={action.busy}>
        {t('common.create')}
      </button>
    </form>
  );
}
