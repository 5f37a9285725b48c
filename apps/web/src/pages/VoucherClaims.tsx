import { useState } from 'react';
import type { VoucherClaimView } from '@yixiang/contracts';
import { api, call } from '../api/client';
import { DataTable, PagedTable } from '../components/DataTable';
import { Badge, ErrorNotice, Field, FormEnd, Loading, PageTitle } from '../components/ui';
import { dateTime, parseYuan, yuan } from '../format';
import { useAction, useForm, useLoad, usePagedLoad } from '../hooks';
import { useI18n, type MessageKey } from '../i18n';
import { useInstitutionNames } from '../names';
import { useUser } from '../session';

const STATES = ['submitted', 'approved', 'paid', 'rejected'] as const;
const TONE = { submitted: 'info', approved: 'warn', paid: 'good', rejected: 'bad' } as const;

/** Reimbursement claims (兑付): institution admins file them; the issuing bureau approves, rejects and pays. */
export function VoucherClaimsPage() {
  const { t } = useI18n();
  const user = useUser();
  const [state, setState] = useState<'' | (typeof STATES)[number]>(user.role === 'bureau' ? 'submitted' : '');
  const [open, setOpen] = useState<string | null>(null);
  const claims = usePagedLoad(
    (page, pageSize) => call(api.GET('/api/v1/voucher-claims', { params: { query: { page, pageSize, ...(state ? { state } : {}) } } })),
    [state],
  );
  const names = useInstitutionNames((claims.loaded.data?.items ?? []).map((c) => c.claimantInstitutionId));
  return (
    <>
      <PageTitle>{t('claims.title')}</PageTitle>
      <p className="muted">{t('claims.intro')}</p>
      {user.role === 'institution_admin' && <FileClaim onSaved={claims.loaded.reload} />}
      <div className="card row">
        <Field label={t('claims.filter')}>
          {(id) => (
            <select id={id} value={state} onChange={(e) => setState(e.target.value as typeof state)}>
              <option value="">{t('common.any')}</option>
              {STATES.map((s) => <option key={s} value={s}>{t(`claims.state.${s}` as MessageKey)}</option>)}
            </select>
          )}
        </Field>
      </div>
      <PagedTable
        list={claims}
        label={t('claims.title')}
        rowKey={(c) => c.id}
        columns={[
          { label: t('claims.code'), cell: (c) => <button type="button" className="link" aria-expanded={open === c.id} onClick={() => setOpen(open === c.id ? null : c.id)}>{c.code}</button> },
          { label: t('claims.kind'), cell: (c) => t(`claims.kind.${c.kind}` as MessageKey) },
          { label: t('claims.claimant'), sortBy: (c) => names[c.claimantInstitutionId], cell: (c) => names[c.claimantInstitutionId] ?? '…' },
          { label: t('claims.issuingRegion'), nowrap: true, cell: (c) => c.issuingRegion },
          { label: t('claims.month'), nowrap: true, sortBy: (c) => c.month, cell: (c) => c.month ?? '—' },
          { label: t('claims.amount'), numeric: true, sortBy: (c) => BigInt(c.amountFen), cell: (c) => yuan(c.amountFen) },
          { label: t('claims.lines'), numeric: true, cell: (c) => c.lineCount },
          { label: t('claims.state'), cell: (c) => <Badge tone={TONE[c.state]}>{t(`claims.state.${c.state}` as MessageKey)}</Badge> },
          { label: t('claims.created'), nowrap: true, sortBy: (c) => new Date(c.createdAt), cell: (c) => dateTime(c.createdAt) },
          user.role === 'bureau' && { label: t('common.actions'), cell: (c) => <Decide claim={c} onDone={claims.loaded.reload} /> },
        ]}
      />
      {open && <ClaimLines id={open} />}
    </>
  );
}

function FileClaim({ onSaved }: { onSaved(): void }) {
  const { t } = useI18n();
  const { form, set, saved, action, submit } = useForm({ kind: 'provider', month: '', issuingRegion: '', amount: '', programmeId: '' });
  const programmes = useLoad(() => call(api.GET('/api/v1/voucher-programmes', { params: { query: { mode: 'holder-reimbursed', pageSize: 200 } } })), []);
  // A provider's month, by issuing bureau: what it may claim from each (charges of issued statements only).
  const claimable = useLoad(
    () => (form.kind === 'provider' && /^\d{4}-\d{2}$/.test(form.month)
      ? call(api.GET('/api/v1/voucher-claims/claimable', { params: { query: { month: form.month } } }))
      : Promise.resolve([])),
    [form.kind, form.month, saved],
  );
  const send = submit(
    () => call(api.POST('/api/v1/voucher-claims', {
      body: form.kind === 'provider'
        ? { kind: 'provider', month: form.month, issuingRegion: form.issuingRegion.trim().toUpperCase(), ...(form.amount.trim() ? { amountFen: parseYuan(form.amount) ?? -1 } : {}) }
        : { kind: 'holder', programmeId: form.programmeId },
    })),
    (claim) => {
      onSaved();
      return t('claims.saved', { code: claim.code, amount: yuan(claim.amountFen) });
    },
  );
  return (
    <details className="card" open>
      <summary>{t('claims.file')}</summary>
      <form onSubmit={send}>
        <div className="grid-3">
          <Field label={t('claims.kind')}>
            {(id) => (
              <select id={id} value={form.kind} onChange={set('kind')}>
                <option value="provider">{t('claims.kind.provider')}</option>
                <option value="holder">{t('claims.kind.holder')}</option>
              </select>
            )}
          </Field>
          {form.kind === 'provider' ? (
            <>
              <Field label={t('claims.month')}>{(id) => <input id={id} type="month" required value={form.month} onChange={set('month')} />}</Field>
              <Field label={t('claims.issuingRegion')}>{(id) => <input id={id} required value={form.issuingRegion} onChange={set('issuingRegion')} placeholder="SC" />}</Field>
              <Field label={t('claims.amountYuan')}>{(id) => <input id={id} inputMode="decimal" value={form.amount} onChange={set('amount')} />}</Field>
            </>
          ) : (
            <Field label={t('claims.programme')}>
              {(id) => (
                <select id={id} required value={form.programmeId} onChange={set('programmeId')}>
                  <option value="">{t('claims.pickProgramme')}</option>
                  {(programmes.data?.items ?? []).map((p) => <option key={p.id} value={p.id}>{p.name}（{p.code}，{p.issuingRegion}）</option>)}
                </select>
              )}
            </Field>
          )}
        </div>
        {form.kind === 'provider' && (claimable.data ?? []).length > 0 && (
          <DataTable
            items={claimable.data ?? []}
            label={t('claims.claimable')}
            rowKey={(c) => c.issuingRegion}
            columns={[
              { label: t('claims.issuingRegion'), nowrap: true, cell: (c) => c.issuingRegion },
              { label: t('claims.lines'), numeric: true, cell: (c) => c.lines },
              { label: t('claims.available'), numeric: true, cell: (c) => yuan(c.availableFen) },
              { label: t('claims.drafts'), numeric: true, cell: (c) => c.draftCharges },
            ]}
          />
        )}
        <FormEnd error={action.error} done={saved} busy={action.busy} submit={t('claims.file')} />
      </form>
    </details>
  );
}

/** The issuing bureau's buttons for a claim in its state. */
function Decide({ claim, onDone }: { claim: VoucherClaimView; onDone(): void }) {
  const { t } = useI18n();
  const action = useAction();
  const [text, setText] = useState('');
  const path = { params: { path: { id: claim.id } } };
  const run = async (send: () => Promise<unknown>) => {
    if ((await action.run(send)) !== undefined) onDone();
  };
  if (claim.state === 'submitted') {
    return (
      <div className="row">
        <button type="button" disabled={action.busy} onClick={() => run(() => call(api.POST('/api/v1/voucher-claims/{id}/approve', path)))}>{t('claims.approve')}</button>
        <input aria-label={t('claims.rejectReason')} placeholder={t('claims.rejectReason')} value={text} onChange={(e) => setText(e.target.value)} />
        <button type="button" disabled={action.busy || !text.trim()} onClick={() => run(() => call(api.POST('/api/v1/voucher-claims/{id}/reject', { ...path, body: { reason: text.trim() } })))}>{t('claims.reject')}</button>
        <ErrorNotice error={action.error} />
      </div>
    );
  }
  if (claim.state === 'approved') {
    return (
      <div className="row">
        <input aria-label={t('claims.payReference')} placeholder={t('claims.payReference')} value={text} onChange={(e) => setText(e.target.value)} />
        <button type="button" disabled={action.busy || !text.trim()} onClick={() => run(() => call(api.POST('/api/v1/voucher-claims/{id}/pay', { ...path, body: { reference: text.trim() } })))}>{t('claims.pay')}</button>
        <ErrorNotice error={action.error} />
      </div>
    );
  }
  return <span className="muted">{claim.reference ?? claim.reason ?? ''}</span>;
}

function ClaimLines({ id }: { id: string }) {
  const { t } = useI18n();
  const claim = useLoad(() => call(api.GET('/api/v1/voucher-claims/{id}', { params: { path: { id } } })), [id]);
  return (
    <section className="card" aria-label={t('claims.details')}>
      <h2>{t('claims.details')} {claim.data?.code ?? ''}</h2>
      <Loading when={claim.loading} />
      <ErrorNotice error={claim.error} />
      {claim.data && (
        <DataTable
          items={claim.data.lines}
          label={t('claims.details')}
          rowKey={(l) => l.usageId}
          columns={[
            { label: t('claims.usage'), nowrap: true, cell: (l) => l.usageCode },
            { label: t('claims.start'), nowrap: true, cell: (l) => dateTime(l.start) },
            { label: t('claims.voucher'), nowrap: true, cell: (l) => l.voucherCode },
            { label: t('claims.charge'), numeric: true, cell: (l) => yuan(l.chargeFen) },
            { label: t('claims.claimed'), numeric: true, cell: (l) => yuan(l.amountFen) },
          ]}
        />
      )}
    </section>
  );
}
