import type { VoucherApplicationState, VoucherApplicationView } from '@yixiang/contracts';
import { useState, type ReactNode } from 'react';
import { api, call } from '../api/client';
import { can } from '@yixiang/domain/permissions/rules';
import { useAsk } from '../components/AskDialog';
import { PagedTable } from '../components/DataTable';
import { Badge, ErrorNotice, Field, FormEnd, PageTitle, Success } from '../components/ui';
import { dateTime, parseYuan, yuan } from '../format';
import { useAction, useForm, useLoad, usePagedLoad } from '../hooks';
import { useI18n, type MessageKey } from '../i18n';
import { useInstitutionNames } from '../names';
import { actorOf, useUser } from '../session';

export const STATE_TONE: Record<VoucherApplicationState, 'neutral' | 'good' | 'bad' | 'warn'> = { submitted: 'warn', approved: 'good', rejected: 'bad' };

/** 创新券申领: the programmes the applicant's institution may apply to, the application form, and its applications' status. */
export function VoucherApplicationsPage() {
  const { t } = useI18n();
  const programmes = useLoad(() => call(api.GET('/api/v1/voucher-programmes', { params: { query: { pageSize: 200 } } })), []);
  const applications = usePagedLoad((page, pageSize) => call(api.GET('/api/v1/voucher-applications', { params: { query: { page, pageSize } } })), []);
  const { form, set, saved, action, submit } = useForm({ programmeId: '', amount: '', project: '' });
  const open = (programmes.data?.items ?? []).filter((p) => new Date(p.validTo).getTime() > Date.now());
  const send = submit(
    () => call(api.POST('/api/v1/voucher-applications', { body: { programmeId: form.programmeId, amountFen: parseYuan(form.amount) ?? -1, project: form.project.trim() } })),
    (a) => {
      applications.loaded.reload();
      return t('va.submitted', { region: a.issuingRegion });
    },
  );
  const chosen = open.find((p) => p.id === form.programmeId);
  return (
    <>
      <PageTitle>{t('va.title')}</PageTitle>
      <section className="card">
        <h2>{t('va.apply')}</h2>
        <ErrorNotice error={programmes.error} />
        {programmes.data && open.length === 0 && <p>{t('va.none')}</p>}
        <form onSubmit={send}>
          <div className="grid-3">
            <Field label={t('va.programme')}>
              {(id) => (
                <select id={id} required value={form.programmeId} onChange={set('programmeId')}>
                  <option value="">{t('va.choose')}</option>
                  {open.map((p) => (
                    <option key={p.id} value={p.id}>{`${p.name}（${p.issuingRegion}，${t(`vp.mode.${p.mode}` as MessageKey)}）`}</option>
                  ))}
                </select>
              )}
            </Field>
            <Field label={t('va.amountYuan')} hint={chosen ? `${t('vp.perApplication')} ${yuan(chosen.perApplicationCapFen)} · ${t('vp.remaining')} ${yuan(chosen.remainingFen)}` : undefined}>
              {(id) => <input id={id} required inputMode="decimal" value={form.amount} onChange={set('amount')} />}
            </Field>
            <Field label={t('va.project')}>{(id) => <textarea id={id} required rows={2} value={form.project} onChange={set('project')} />}</Field>
          </div>
          <FormEnd error={action.error} done={saved} busy={action.busy} submit={t('va.apply')} />
        </form>
      </section>
      <h2>{t('va.mine')}</h2>
      <ApplicationTable list={applications} />
    </>
  );
}

function ApplicationTable({ list, decide }: { list: ReturnType<typeof usePagedLoad<VoucherApplicationView>>; decide?: (a: VoucherApplicationView) => ReactNode }) {
  const { t } = useI18n();
  const names = useInstitutionNames((list.loaded.data?.items ?? []).map((a) => a.applicantInstitutionId));
  return (
    <PagedTable
      list={list}
      label={t('va.mine')}
      rowKey={(a) => a.id}
      rowProps={(a) => ({ 'data-application': a.id })}
      columns={[
        { label: t('va.programme'), cell: (a) => `${a.programmeName}（${a.issuingRegion}）` },
        !!decide && { label: t('va.applicant'), cell: (a) => names[a.applicantInstitutionId] ?? '…' },
        { label: t('va.project'), cell: (a) => a.project },
        { label: t('va.asked'), numeric: true, cell: (a) => yuan(a.amountFen) },
        { label: t('va.state'), cell: (a) => <Badge tone={STATE_TONE[a.state]}>{t(`va.state.${a.state}` as MessageKey)}</Badge> },
        { label: t('va.approvedAmount'), numeric: true, cell: (a) => (a.approvedFen === null ? '—' : yuan(a.approvedFen)) },
        { label: t('va.voucher'), cell: (a) => a.voucherCode ?? a.reason ?? '—' },
        { label: t('va.createdAt'), nowrap: true, cell: (a) => dateTime(a.createdAt) },
        !!decide && { label: t('common.actions'), cell: (a) => decide(a) },
      ]}
    />
  );
}

/** 创新券审核: the bureau's queue of its region's applications; approve (issuing a voucher) or reject. */
export function VoucherReviewPage() {
  const { t } = useI18n();
  const [state, setState] = useState<VoucherApplicationState>('submitted');
  const queue = usePagedLoad((page, pageSize) => call(api.GET('/api/v1/voucher-applications', { params: { query: { page, pageSize, state } } })), [state]);
  const action = useAction();
  const [done, setDone] = useState<string | null>(null);
  const [dialog, ask] = useAsk();
  const user = useUser();
  // The voucher-application.decide rule the billing service applies: an auditor, or another region's officer, is not offered it.
  const mayDecide = (a: VoucherApplicationView) => can(actorOf(user), 'voucher-application.decide', { issuingRegion: a.issuingRegion });
  const approve = async (a: VoucherApplicationView) => {
    const max = yuan(a.amountFen);
    const given = await ask({
      title: t('ask.vaApproveTitle'), label: t('va.approvePrompt'), initial: max.replace(/,/g, ''), multiline: false, required: true, confirm: t('ask.vaApproveConfirm'),
      check: (value) => {
        const fen = parseYuan(value);
        return fen === null || fen <= 0 || fen > a.amountFen ? t('ask.vaAmountBad', { max }) : null;
      },
    });
    if (given === null) return;
    const result = await action.run(() => call(api.POST('/api/v1/voucher-applications/{id}/approve', { params: { path: { id: a.id } }, body: { amountFen: parseYuan(given) ?? -1 } })));
    if (result) setDone(t('va.approved', { amount: yuan(result.approvedFen), code: result.voucherCode ?? '' }));
    queue.loaded.reload();
  };
  const reject = async (a: VoucherApplicationView) => {
    const reason = await ask({ title: t('ask.vaRejectTitle'), label: t('va.rejectPrompt'), required: true, maxLength: 1000, confirm: t('ask.vaRejectConfirm'), danger: true });
    if (reason === null) return;
    const result = await action.run(() => call(api.POST('/api/v1/voucher-applications/{id}/reject', { params: { path: { id: a.id } }, body: { reason } })));
    if (result) setDone(t('va.rejected'));
    queue.loaded.reload();
  };
  return (
    <>
      <PageTitle>{t('va.queue')}</PageTitle>
      <div className="tabs" role="tablist" aria-label={t('va.state')}>
        {(['submitted', 'approved', 'rejected'] as const).map((s) => (
          <button key={s} type="button" role="tab" aria-selected={state === s} onClick={() => setState(s)}>
            {t(`va.state.${s}` as MessageKey)}
          </button>
        ))}
      </div>
      {done && <Success>{done}</Success>}
      <ErrorNotice error={action.error} />
      <ApplicationTable
        list={queue}
        decide={(a) => (a.state === 'submitted' && mayDecide(a) ? (
          <div className="actions">
            <button type="button" className="primary" disabled={action.busy} onClick={() => approve(a)}>{t('va.approve')}</button>
            <button type="button" disabled={action.busy} onClick={() => reject(a)}>{t('va.reject')}</button>
          </div>
        ) : null)}
      />
      {dialog}
    </>
  );
}
