import type { ChargeView, StatementView, UsageView } from '@yixiang/contracts';
import { useState, type FormEvent } from 'react';
import { api, call, download, forExcel } from '../api/client';
import { type Column, PagedTable } from '../components/DataTable';
import { Badge, ErrorNotice, Field, Loading, PageTitle, Success } from '../components/ui';
import { dateTime, hours, yuan } from '../format';
import { useAction, useLoad, usePagedLoad } from '../hooks';
import { useI18n, type MessageKey } from '../i18n';
import { useInstitutionNames, useInstrumentNames } from '../names';
import { useUser } from '../session';

type Tab = 'charges' | 'statements' | 'usage';

/** Charges, statements and (for researchers) the usage to rate. */
export function BillingPage() {
  const { t } = useI18n();
  const user = useUser();
  const [tab, setTab] = useState<Tab>('charges');
  const [period, setPeriod] = useState('');
  const tabs: Tab[] = user.role === 'researcher' ? ['charges', 'statements', 'usage'] : ['charges', 'statements'];
  return (
    <>
      <PageTitle>{t('billing.title')}</PageTitle>
      <div className="row">
        <div className="tabs" role="tablist">
          {tabs.map((x) => (
            <button key={x} type="button" role="tab" aria-selected={tab === x} onClick={() => setTab(x)}>
              {t(`billing.${x}` as MessageKey)}
            </button>
          ))}
        </div>
        {tab !== 'usage' && (
          <Field label={t('billing.period')}>{(id) => <input id={id} type="month" value={period} onChange={(e) => setPeriod(e.target.value)} />}</Field>
        )}
      </div>
      {tab === 'charges' && <Charges period={period} />}
      {tab === 'statements' && <Statements period={period} />}
      {tab === 'usage' && <UsageToRate />}
    </>
  );
}

function Charges({ period }: { period: string }) {
  const { t } = useI18n();
  const charges = usePagedLoad((page, pageSize) => call(api.GET('/api/v1/charges', { params: { query: { period: period || undefined, page, pageSize } } })), [period]);
  // Who served and who pays, by name: a charge carries only the two institutions' ids.
  const institutions = useInstitutionNames((charges.loaded.data?.items ?? []).flatMap((c) => [c.providerInstitutionId, c.payerInstitutionId]));
  return (
    <section aria-label={t('billing.charges')}>
      <PagedTable
        list={charges}
        rowKey={(c) => c.usageId}
        columns={[
          { label: t('billing.usage'), nowrap: true, sortBy: (c) => c.usageCode, cell: (c) => c.usageCode },
          { label: t('billing.period'), nowrap: true, sortBy: (c) => c.period, cell: (c) => c.period },
          { label: t('billing.provider'), sortBy: (c) => institutions[c.providerInstitutionId], cell: (c) => institutions[c.providerInstitutionId] ?? '…' },
          { label: t('billing.payer'), sortBy: (c) => institutions[c.payerInstitutionId], cell: (c) => institutions[c.payerInstitutionId] ?? '…' },
          {
            label: t('billing.rate'),
            cell: (c) => (
              <>
                {c.rateCode} {c.external ? <Badge tone="info">{t('billing.external')}</Badge> : <Badge>{t('billing.internal')}</Badge>}
              </>
            ),
          },
          { label: t('billing.units'), numeric: true, sortBy: (c) => Number(c.billedUnits), cell: (c) => c.billedUnits },
          ...moneyColumns<ChargeView>(t),
        ]}
      />
    </section>
  );
}

/** Amount, voucher and payable: the three sums of a charge or a statement. */
function moneyColumns<T extends { amountFen: number; voucherFen: number; payableFen: number }>(t: (key: MessageKey) => string): Column<T>[] {
  return [
    { label: t('billing.amount'), numeric: true, sortBy: (x) => BigInt(x.amountFen), cell: (x) => yuan(x.amountFen) },
    { label: t('billing.voucher'), numeric: true, sortBy: (x) => BigInt(x.voucherFen), cell: (x) => yuan(x.voucherFen) },
    { label: t('billing.payable'), numeric: true, sortBy: (x) => BigInt(x.payableFen), cell: (x) => yuan(x.payableFen) },
  ];
}

function Statements({ period }: { period: string }) {
  const { t } = useI18n();
  const user = useUser();
  const action = useAction();
  const statements = usePagedLoad(
    (page, pageSize) => call(api.GET('/api/v1/statements', { params: { query: { period: period || undefined, page, pageSize } } })),
    [period],
  );
  const institutions = useInstitutionNames((statements.loaded.data?.items ?? []).flatMap((s) => [s.providerInstitutionId, s.payerInstitutionId]));
  const advance = async (s: StatementView, verb: 'issue' | 'pay') => {
    await action.run(() => call(api.POST('/api/v1/statements/{id}/{action}', { params: { path: { id: s.id, action: verb } } })));
    statements.loaded.reload();
  };
  const [printing, setPrinting] = useState<StatementView | null>(null);
  const exportFile = (ext: 'csv' | 'xlsx') =>
    action.run(() => download(forExcel(`/api/v1/exports/statements.${ext}${period ? `?period=${period}` : ''}`, ext), `statements${period ? `-${period}` : ''}.${ext}`));
  return (
    <section aria-label={t('billing.statements')}>
      {(user.role === 'bureau' || user.role === 'auditor') && (
        <div className="actions">
          <button type="button" onClick={() => exportFile('csv')}>
            {t('common.exportCsv')}
          </button>
          <button type="button" onClick={() => exportFile('xlsx')}>
            {t('common.exportXlsx')}
          </button>
        </div>
      )}
      <ErrorNotice error={action.error} />
      {printing && (
        <StatementSheet
          statement={printing}
          provider={institutions[printing.providerInstitutionId] ?? ''}
          payer={institutions[printing.payerInstitutionId] ?? ''}
          onClose={() => setPrinting(null)}
        />
      )}
      <PagedTable
        list={statements}
        rowKey={(s) => s.id}
        columns={[
          { label: t('billing.period'), nowrap: true, sortBy: (s) => s.period, cell: (s) => s.period },
          { label: t('billing.provider'), sortBy: (s) => institutions[s.providerInstitutionId], cell: (s) => institutions[s.providerInstitutionId] ?? '…' },
          { label: t('billing.payer'), sortBy: (s) => institutions[s.payerInstitutionId], cell: (s) => institutions[s.payerInstitutionId] ?? '…' },
          { label: t('billing.lines'), numeric: true, sortBy: (s) => s.lines, cell: (s) => s.lines },
          ...moneyColumns<StatementView>(t),
          {
            label: t('bookings.status'),
            cell: (s) => <Badge tone={s.status === 'paid' ? 'good' : s.status === 'issued' ? 'info' : 'neutral'}>{t(`statement.${s.status}` as MessageKey)}</Badge>,
          },
          {
            label: t('statement.print'),
            cell: (s) => (
              <button type="button" className="small" onClick={() => setPrinting(s)} aria-label={`${t('statement.print')} ${s.period}`}>
                {t('statement.print')}
              </button>
            ),
          },
          user.role === 'bureau' && {
            label: t('common.actions'),
            cell: (s) =>
              s.status === 'draft' ? (
                <button type="button" className="small" onClick={() => advance(s, 'issue')}>
                  {t('statement.issue')}
                </button>
              ) : s.status === 'issued' ? (
                <button type="button" className="small" onClick={() => advance(s, 'pay')}>
                  {t('statement.pay')}
                </button>
              ) : null,
          },
        ]}
      />
    </section>
  );
}

/**
 * A statement laid out for paper (issue 21): its parties, month and sums, every charge line, a total
 * and room for the seals. On screen it is a card under the list; printed (styles.css, `@media print`)
 * it is the only thing on the page.
 */
function StatementSheet({ statement, provider, payer, onClose }: { statement: StatementView; provider: string; payer: string; onClose(): void }) {
  const { t } = useI18n();
  const detail = useLoad(() => call(api.GET('/api/v1/statements/{id}', { params: { path: { id: statement.id } } })), [statement.id]);
  const charges = detail.data?.charges ?? [];
  const ownOnly = detail.data?.chargesScope === 'own';
  return (
    <article className="card printable statement-sheet" aria-label={t('statement.printTitle')}>
      <h2>{t('statement.printTitle')}</h2>
      <dl className="statement-facts">
        <dt>{t('billing.period')}</dt><dd>{statement.period}</dd>
        <dt>{t('billing.provider')}</dt><dd>{provider}</dd>
        <dt>{t('billing.payer')}</dt><dd>{payer}</dd>
        <dt>{t('statement.status')}</dt><dd>{t(`statement.${statement.status}` as MessageKey)}</dd>
        {statement.issuedAt && (<><dt>{t('statement.issuedAt')}</dt><dd>{dateTime(statement.issuedAt)}</dd></>)}
        {statement.paidAt && (<><dt>{t('statement.paidAt')}</dt><dd>{dateTime(statement.paidAt)}</dd></>)}
      </dl>
      <ErrorNotice error={detail.error} />
      <Loading when={detail.loading} />
      {ownOnly && <p className="muted">{t('statement.ownOnly')}</p>}
      <table aria-label={t('billing.charges')}>
        <thead>
          <tr>
            <th scope="col">{t('billing.usage')}</th>
            <th scope="col">{t('billing.rate')}</th>
            <th scope="col" className="num">{t('billing.units')}</th>
            <th scope="col" className="num">{t('billing.amount')}</th>
            <th scope="col" className="num">{t('billing.voucher')}</th>
            <th scope="col" className="num">{t('billing.payable')}</th>
          </tr>
        </thead>
        <tbody>
          {charges.map((c) => (
            <tr key={c.usageId}>
              <td>{c.usageCode}</td>
              <td>{c.rateCode}</td>
              <td className="num">{c.billedUnits}</td>
              <td className="num">{yuan(c.amountFen)}</td>
              <td className="num">{yuan(c.voucherFen)}</td>
              <td className="num">{yuan(c.payableFen)}</td>
            </tr>
          ))}
        </tbody>
        <tfoot>
          <tr>
            <th scope="row" colSpan={3}>{t('statement.total', { lines: statement.lines })}</th>
            <td className="num">{yuan(statement.amountFen)}</td>
            <td className="num">{yuan(statement.voucherFen)}</td>
            <td className="num">{yuan(statement.payableFen)}</td>
          </tr>
        </tfoot>
      </table>
      <div className="statement-seals">
        <p>{t('statement.signProvider')}</p>
        <p>{t('statement.signPayer')}</p>
      </div>
      <div className="actions no-print">
        <button type="button" className="primary" onClick={() => window.print()}>{t('statement.printNow')}</button>
        <button type="button" onClick={onClose}>{t('common.close')}</button>
      </div>
    </article>
  );
}

function UsageToRate() {
  const { t } = useI18n();
  const usage = usePagedLoad((page, pageSize) => call(api.GET('/api/v1/usage', { params: { query: { page, pageSize } } })), []);
  const names = useInstrumentNames((usage.loaded.data?.items ?? []).map((u) => u.instrumentId));
  const [rating, setRating] = useState<UsageView | null>(null);
  return (
    <section aria-label={t('billing.usage')}>
      {rating && <RateService usage={rating} onDone={() => setRating(null)} />}
      <PagedTable
        list={usage}
        rowKey={(u) => u.id}
        columns={[
          { label: t('billing.usage'), nowrap: true, sortBy: (u) => u.code, cell: (u) => u.code },
          { label: t('bookings.instrument'), sortBy: (u) => names[u.instrumentId], cell: (u) => names[u.instrumentId] ?? '…' },
          { label: t('bookings.when'), nowrap: true, sortBy: (u) => new Date(u.start), cell: (u) => dateTime(u.start) },
          { label: t('usage.hours'), numeric: true, sortBy: (u) => Date.parse(u.end) - Date.parse(u.start), cell: (u) => hours((Date.parse(u.end) - Date.parse(u.start)) / 60_000) },
          {
            label: t('common.actions'),
            cell: (u) => (
              <button type="button" className="small" onClick={() => setRating(u)}>
                {t('feedback.rate')}
              </button>
            ),
          },
        ]}
      />
    </section>
  );
}

function RateService({ usage, onDone }: { usage: UsageView; onDone(): void }) {
  const { t } = useI18n();
  const [rating, setRating] = useState(5);
  const [comment, setComment] = useState('');
  const [sent, setSent] = useState(false);
  const action = useAction();
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const ok = await action.run(() => call(api.POST('/api/v1/feedback', { body: { usageId: usage.id, rating, ...(comment.trim() ? { comment: comment.trim() } : {}) } })));
    if (ok !== undefined) setSent(true);
  };
  return (
    <form className="card" onSubmit={submit} aria-label={t('feedback.rate')}>
      <h2>{t('feedback.title', { code: usage.code })}</h2>
      <fieldset className="stars">
        <legend>{t('feedback.rating')}</legend>
        {[1, 2, 3, 4, 5].map((n) => (
          <label key={n}>
            <input type="radio" name="rating" value={n} checked={rating === n} onChange={() => setRating(n)} />
            {'★'.repeat(n)}
          </label>
        ))}
      </fieldset>
      <Field label={t('feedback.comment')}>{(id) => <textarea id={id} rows={2} maxLength={1000} value={comment} onChange={(e) => setComment(e.target.value)} />}</Field>
      <ErrorNotice error={action.error} />
      {sent && <Success>{t('feedback.thanks')}</Success>}
      <div className="actions">
        <button type="submit" className="primary" disabled={action.busy || sent}>
          {t('feedback.submit')}
        </button>
        <button type="button" onClick={onDone}>
          {t('common.close')}
        </button>
      </div>
    </form>
  );
}
