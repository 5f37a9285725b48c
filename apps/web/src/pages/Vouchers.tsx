import { api, call } from '../api/client';
import { PagedTable } from '../components/DataTable';
import { Field, FormEnd, PageTitle } from '../components/ui';
import { dateTime, parseYuan, yuan } from '../format';
import { useForm, usePagedLoad } from '../hooks';
import { useI18n } from '../i18n';
import { useInstitutionNames } from '../names';
import { useUser } from '../session';

/** Innovation vouchers (创新券): issued by the bureau, drawn down by settlement. */
export function VouchersPage() {
  const { t } = useI18n();
  const user = useUser();
  const vouchers = usePagedLoad(
    (page, pageSize) => call(api.GET('/api/v1/vouchers', { params: { query: { page, pageSize } } })),
    [],
  );
  const names = useInstitutionNames((vouchers.loaded.data?.items ?? []).map((v) => v.holderInstitutionId));
  return (
    <>
      <PageTitle>{t('vouchers.title')}</PageTitle>
      {user.role === 'bureau' && <IssueVoucher onSaved={vouchers.loaded.reload} />}
      <PagedTable
        list={vouchers}
        label={t('vouchers.title')}
        rowKey={(v) => v.id}
        columns={[
          { label: t('manage.code'), nowrap: true, sortBy: (v) => v.code, cell: (v) => v.code },
          { label: t('vouchers.holder'), sortBy: (v) => names[v.holderInstitutionId], cell: (v) => names[v.holderInstitutionId] ?? '…' },
          { label: t('vouchers.face'), numeric: true, sortBy: (v) => BigInt(v.faceValueFen), cell: (v) => yuan(v.faceValueFen) },
          { label: t('vouchers.cover'), numeric: true, sortBy: (v) => v.coverBps, cell: (v) => `${yuan(v.coverBps)}%` },
          { label: t('vouchers.cap'), numeric: true, sortBy: (v) => (v.perUseCapFen === null ? null : BigInt(v.perUseCapFen)), cell: (v) => (v.perUseCapFen === null ? '—' : yuan(v.perUseCapFen)) },
          { label: t('rate.validity'), nowrap: true, sortBy: (v) => new Date(v.validFrom), cell: (v) => `${dateTime(v.validFrom)} – ${v.validTo ? dateTime(v.validTo) : '…'}` },
          { label: t('vouchers.drawn'), numeric: true, sortBy: (v) => BigInt(v.drawnFen), cell: (v) => yuan(v.drawnFen) },
          { label: t('vouchers.balance'), numeric: true, sortBy: (v) => BigInt(v.balanceFen), cell: (v) => yuan(v.balanceFen) },
        ]}
      />
    </>
  );
}

function IssueVoucher({ onSaved }: { onSaved(): void }) {
  const { t } = useI18n();
  const { form, set, saved, action, submit } = useForm({
    code: '',
    holder: '',
    face: '',
    coverPercent: '50',
    cap: '',
    validFrom: '',
    validTo: '',
  });
  // Percent with up to two decimals → basis points, by the same exact parsing as money.
  const coverBps = parseYuan(form.coverPercent) ?? -1;
  const send = submit(
    () =>
      call(
        api.POST('/api/v1/vouchers', {
          body: {
            code: form.code.trim(),
            holderInstitutionCode: form.holder.trim(),
            faceValueFen: parseYuan(form.face) ?? -1,
            coverBps,
            ...(form.cap.trim() ? { perUseCapFen: parseYuan(form.cap) ?? -1 } : {}),
            validFrom: form.validFrom,
            ...(form.validTo ? { validTo: form.validTo } : {}),
          },
        }),
      ),
    (voucher) => {
      onSaved();
      return t('vouchers.saved', { code: voucher.code });
    },
  );
  return (
    <details className="card">
      <summary>{t('vouchers.issue')}</summary>
      <form onSubmit={send}>
        <div className="grid-3">
          <Field label={t('manage.code')}>
            {(id) => <input id={id} required value={form.code} onChange={set('code')} placeholder="CV-2026-0001" />}
          </Field>
          <Field label={t('vouchers.holderCode')}>{(id) => <input id={id} required value={form.holder} onChange={set('holder')} />}</Field>
          <Field label={t('vouchers.faceYuan')}>
            {(id) => <input id={id} required inputMode="decimal" value={form.face} onChange={set('face')} />}
          </Field>
          <Field label={t('vouchers.coverPercent')}>
            {(id) => <input id={id} required inputMode="decimal" value={form.coverPercent} onChange={set('coverPercent')} />}
          </Field>
          <Field label={t('vouchers.capYuan')}>
            {(id) => <input id={id} inputMode="decimal" value={form.cap} onChange={set('cap')} />}
          </Field>
          <Field label={t('rate.from')}>
            {(id) => <input id={id} type="date" required value={form.validFrom} onChange={set('validFrom')} />}
          </Field>
          <Field label={t('rate.to')}>{(id) => <input id={id} type="date" value={form.validTo} onChange={set('validTo')} />}</Field>
        </div>
        <FormEnd error={action.error} done={saved} busy={action.busy} submit={t('vouchers.issue')} />
      </form>
    </details>
  );
}
