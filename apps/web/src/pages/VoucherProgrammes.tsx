import type { VoucherProgrammeDetail, VoucherProgrammeView } from '@yixiang/contracts';
import { useState } from 'react';
import { api, call } from '../api/client';
import { PagedTable } from '../components/DataTable';
import { Badge, ErrorNotice, Field, FormEnd, PageTitle } from '../components/ui';
import { dateTime, parseYuan, yuan } from '../format';
import { useAction, useForm, usePagedLoad } from '../hooks';
import { useI18n, type MessageKey } from '../i18n';
import { useUser } from '../session';

const list = (text: string): string[] => text.split(/[,，\s]+/).map((x) => x.trim()).filter(Boolean);

/** The bureau's voucher programmes (创新券计划): budget, what approvals committed and what is left, and a form to open one. */
export function VoucherProgrammesPage() {
  const { t } = useI18n();
  const user = useUser();
  const programmes = usePagedLoad((page, pageSize) => call(api.GET('/api/v1/voucher-programmes', { params: { query: { page, pageSize } } })), []);
  return (
    <>
      <PageTitle>{t('vp.title')}</PageTitle>
      {user.role === 'bureau' && <OpenProgramme onSaved={programmes.loaded.reload} />}
      <ProgrammeTable list={programmes} />
    </>
  );
}

export function ProgrammeTable({ list: programmes }: { list: ReturnType<typeof usePagedLoad<VoucherProgrammeView>> }) {
  const { t } = useI18n();
  const any = (values: string[]) => (values.length ? values.join('、') : t('vp.anyone'));
  return (
    <PagedTable
      list={programmes}
      label={t('vp.title')}
      rowKey={(p) => p.id}
      rowProps={(p) => ({ 'data-programme': p.code })}
      columns={[
        { label: t('vp.code'), nowrap: true, cell: (p) => p.code },
        { label: t('vp.name'), cell: (p) => p.name },
        { label: t('vp.region'), nowrap: true, cell: (p) => `${p.issuingRegion} · ${p.year}` },
        { label: t('vp.mode'), cell: (p) => <Badge tone={p.mode === 'provider-redeemed' ? 'info' : 'neutral'}>{t(`vp.mode.${p.mode}` as MessageKey)}</Badge> },
        { label: t('vp.budget'), numeric: true, cell: (p) => yuan(p.budgetFen) },
        { label: t('vp.committed'), numeric: true, cell: (p) => yuan(p.committedFen) },
        { label: t('vp.remaining'), numeric: true, cell: (p) => yuan(p.remainingFen) },
        { label: t('vp.cover'), numeric: true, cell: (p) => `${yuan(p.coverBps)}%` },
        { label: t('vp.perApplication'), numeric: true, cell: (p) => yuan(p.perApplicationCapFen) },
        { label: t('vp.perHolder'), numeric: true, cell: (p) => yuan(p.perHolderYearCapFen) },
        { label: t('vp.applicants'), cell: (p) => `${any(p.applicantKinds)} / ${any(p.applicantRegions)}` },
        { label: t('vp.providers'), cell: (p) => any(p.providerRegions) },
        { label: t('vp.validity'), nowrap: true, cell: (p) => `${dateTime(p.validFrom)} – ${dateTime(p.validTo)}` },
        { label: t('vp.reportTitle'), cell: (p) => <ReportCell id={p.id} /> },
      ]}
    />
  );
}

/** The programme's budget report (issued, drawn, expired), fetched when asked for. */
function ReportCell({ id }: { id: string }) {
  const { t } = useI18n();
  const [detail, setDetail] = useState<VoucherProgrammeDetail | null>(null);
  const action = useAction();
  if (detail) {
    const r = detail.report;
    return <span>{t('vp.report', { count: r.issuedCount, issued: yuan(r.issuedFen), drawn: yuan(r.drawnFen), expired: yuan(r.expiredFen) })}</span>;
  }
  return (
    <>
      <button type="button" disabled={action.busy} onClick={async () => setDetail((await action.run(() => call(api.GET('/api/v1/voucher-programmes/{id}', { params: { path: { id } } })))) ?? null)}>
        {t('vp.showReport')}
      </button>
      <ErrorNotice error={action.error} />
    </>
  );
}

function OpenProgramme({ onSaved }: { onSaved(): void }) {
  const { t } = useI18n();
  const { form, set, saved, action, submit } = useForm({
    code: '', name: '', issuingRegion: '', year: String(new Date().getFullYear()), budget: '', coverPercent: '50', perApplication: '', perHolder: '',
    applicantKinds: 'enterprise', applicantRegions: '', providerRegions: '', validFrom: '', validTo: '', mode: 'provider-redeemed',
  });
  const send = submit(
    () => call(api.POST('/api/v1/voucher-programmes', {
      body: {
        code: form.code.trim(), name: form.name.trim(), ...(form.issuingRegion.trim() ? { issuingRegion: form.issuingRegion.trim() } : {}),
        year: Number(form.year), budgetFen: parseYuan(form.budget) ?? -1, coverBps: parseYuan(form.coverPercent) ?? -1,
        perApplicationCapFen: parseYuan(form.perApplication) ?? -1, perHolderYearCapFen: parseYuan(form.perHolder) ?? -1,
        applicantKinds: list(form.applicantKinds) as ('university' | 'institute' | 'hospital' | 'enterprise' | 'other')[],
        applicantRegions: list(form.applicantRegions), providerRegions: list(form.providerRegions),
        validFrom: form.validFrom, validTo: form.validTo, mode: form.mode as 'provider-redeemed' | 'holder-reimbursed',
      },
    })),
    (p) => {
      onSaved();
      return t('vp.created', { code: p.code });
    },
  );
  return (
    <details className="card">
      <summary>{t('vp.create')}</summary>
      <form onSubmit={send}>
        <div className="grid-3">
          <Field label={t('vp.code')}>{(id) => <input id={id} required value={form.code} onChange={set('code')} placeholder="SC-CXQ-2026" />}</Field>
          <Field label={t('vp.name')}>{(id) => <input id={id} required value={form.name} onChange={set('name')} />}</Field>
          <Field label={t('vp.region')} hint={t('vp.issuingRegionHint')}>{(id) => <input id={id} value={form.issuingRegion} onChange={set('issuingRegion')} placeholder="SC" />}</Field>
          <Field label={t('vp.year')}>{(id) => <input id={id} required inputMode="numeric" value={form.year} onChange={set('year')} />}</Field>
          <Field label={t('vp.budgetYuan')}>{(id) => <input id={id} required inputMode="decimal" value={form.budget} onChange={set('budget')} />}</Field>
          <Field label={t('vp.coverPercent')}>{(id) => <input id={id} required inputMode="decimal" value={form.coverPercent} onChange={set('coverPercent')} />}</Field>
          <Field label={t('vp.perApplicationYuan')}>{(id) => <input id={id} required inputMode="decimal" value={form.perApplication} onChange={set('perApplication')} />}</Field>
          <Field label={t('vp.perHolderYuan')}>{(id) => <input id={id} required inputMode="decimal" value={form.perHolder} onChange={set('perHolder')} />}</Field>
          <Field label={t('vp.mode')}>
            {(id) => (
              <select id={id} value={form.mode} onChange={set('mode')}>
                <option value="provider-redeemed">{t('vp.mode.provider-redeemed')}</option>
                <option value="holder-reimbursed">{t('vp.mode.holder-reimbursed')}</option>
              </select>
            )}
          </Field>
          <Field label={t('vp.applicantKinds')} hint={t('vp.kindsHint')}>{(id) => <input id={id} value={form.applicantKinds} onChange={set('applicantKinds')} />}</Field>
          <Field label={t('vp.applicantRegions')} hint={t('vp.regionsHint')}>{(id) => <input id={id} value={form.applicantRegions} onChange={set('applicantRegions')} />}</Field>
          <Field label={t('vp.providerRegions')} hint={t('vp.regionsHint')}>{(id) => <input id={id} value={form.providerRegions} onChange={set('providerRegions')} />}</Field>
          <Field label={t('rate.from')}>{(id) => <input id={id} type="date" required value={form.validFrom} onChange={set('validFrom')} />}</Field>
          <Field label={t('rate.to')}>{(id) => <input id={id} type="date" required value={form.validTo} onChange={set('validTo')} />}</Field>
        </div>
        <FormEnd error={action.error} done={saved} busy={action.busy} submit={t('vp.create')} />
      </form>
    </details>
  );
}
