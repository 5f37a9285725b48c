import type { ChargeView, Page, StatementView, UsageView } from '@yixiang/contracts';
import { useState, type FormEvent } from 'react';
import { api, call, download } from '../api/client';
import { Badge, ErrorNotice, Field, Loading, PageTitle, Pager, Success } from '../components/ui';
import { dateTime, hours, yuan } from '../format';
import { useAction, useLoad } from '../hooks';
import { useI18n, type MessageKey } from '../i18n';
import { useInstitutionNames, useInstrumentNames } from '../names';
import { useUser } from '../session';

type Tab = 'charges' | 'statements' | 'usage';
const PAGE_SIZE = 20;

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
  const [page, setPage] = useState(1);
  const charges = useLoad(
    () => call<Page<ChargeView>>(api.GET('/api/v1/charges', { params: { query: { period: period || undefined, page, pageSize: PAGE_SIZE } } })),
    [period, page],
  );
  return (
    <section aria-label={t('billing.charges')}>
      <ErrorNotice error={charges.error} />
      <Loading when={charges.loading && !charges.data} />
      {charges.data && (
        <>
          <div className="table-scroll">
            <table>
              <thead>
                <tr>
                  <th scope="col">{t('billing.usage')}</th>
                  <th scope="col">{t('billing.period')}</th>
                  <th scope="col">{t('billing.rate')}</th>
                  <th scope="col" className="num">{t('billing.units')}</th>
                  <th scope="col" className="num">{t('billing.amount')}</th>
                  <th scope="col" className="num">{t('billing.voucher')}</th>
                  <th scope="col" className="num">{t('billing.payable')}</th>
                </tr>
              </thead>
              <tbody>
                {charges.data.items.map((c) => (
                  <tr key={c.usageId}>
                    <td>{c.usageCode}</td>
                    <td>{c.period}</td>
                    <td>
                      {c.rateCode} {c.external ? <Badge tone="info">{t('billing.external')}</Badge> : <Badge>{t('billing.internal')}</Badge>}
                    </td>
                    <td className="num">{c.billedUnits}</td>
                    <td className="num">{yuan(c.amountFen)}</td>
                    <td className="num">{yuan(c.voucherFen)}</td>
                    <td className="num">{yuan(c.payableFen)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {charges.data.items.length === 0 && <p>{t('common.none')}</p>}
          <Pager page={page} pageSize={PAGE_SIZE} total={charges.data.total} onPage={setPage} />
        </>
      )}
    </section>
  );
}

function Statements({ period }: { period: string }) {
  const { t } = useI18n();
  const user = useUser();
  const [page, setPage] = useState(1);
  const action = useAction();
  const statements = useLoad(
    () => call<Page<StatementView>>(api.GET('/api/v1/statements', { params: { query: { period: period || undefined, page, pageSize: PAGE_SIZE } } })),
    [period, page],
  );
  const institutions = useInstitutionNames((statements.data?.items ?? []).flatMap((s) => [s.providerInstitutionId, s.payerInstitutionId]));
  const advance = async (s: StatementView, verb: 'issue' | 'pay') => {
    await action.run(() => call<StatementView>(api.POST('/api/v1/statements/{id}/{action}', { params: { path: { id: s.id, action: verb } } })));
    statements.reload();
  };
  const exportFile = (ext: 'csv' | 'xlsx') =>
    action.run(() => download(`/api/v1/exports/statements.${ext}${period ? `?period=${period}` : ''}`, `statements${period ? `-${period}` : ''}.${ext}`));
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
      <ErrorNotice error={action.error ?? statements.error} />
      <Loading when={statements.loading && !statements.data} />
      {statements.data && (
        <>
          <div className="table-scroll">
            <table>
              <thead>
                <tr>
                  <th scope="col">{t('billing.period')}</th>
                  <th scope="col">{t('billing.provider')}</th>
                  <th scope="col">{t('billing.payer')}</th>
                  <th scope="col" className="num">{t('billing.lines')}</th>
                  <th scope="col" className="num">{t('billing.amount')}</th>
                  <th scope="col" className="num">{t('billing.voucher')}</th>
                  <th scope="col" className="num">{t('billing.payable')}</th>
                  <th scope="col">{t('bookings.status')}</th>
                  {user.role === 'bureau' && <th scope="col">{t('common.actions')}</th>}
                </tr>
              </thead>
              <tbody>
                {statements.data.items.map((s) => (
                  <tr key={s.id}>
                    <td>{s.period}</td>
                    <td>{institutions[s.providerInstitutionId] ?? '…'}</td>
                    <td>{institutions[s.payerInstitutionId] ?? '…'}</td>
                    <td className="num">{s.lines}</td>
                    <td className="num">{yuan(s.amountFen)}</td>
                    <td className="num">{yuan(s.voucherFen)}</td>
                    <td className="num">{yuan(s.payableFen)}</td>
                    <td>
                      <Badge tone={s.status === 'paid' ? 'good' : s.status === 'issued' ? 'info' : 'neutral'}>{t(`statement.${s.status}` as MessageKey)}</Badge>
                    </td>
                    {user.role === 'bureau' && (
                      <td>
                        {s.status === 'draft' && (
                          <button type="button" className="small" onClick={() => advance(s, 'issue')}>
                            {t('statement.issue')}
                          </button>
                        )}
                        {s.status === 'issued' && (
                          <button type="button" className="small" onClick={() => advance(s, 'pay')}>
                            {t('statement.pay')}
                          </button>
                        )}
                      </td>
                    )}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {statements.data.items.length === 0 && <p>{t('common.none')}</p>}
          <Pager page={page} pageSize={PAGE_SIZE} total={statements.data.total} onPage={setPage} />
        </>
      )}
    </section>
  );
}

function UsageToRate() {
  const { t } = useI18n();
  const [page, setPage] = useState(1);
  const usage = useLoad(() => call<Page<UsageView>>(api.GET('/api/v1/usage', { params: { query: { page, pageSize: PAGE_SIZE } } })), [page]);
  const names = useInstrumentNames((usage.data?.items ?? []).map((u) => u.instrumentId));
  const [rating, setRating] = useState<UsageView | null>(null);
  return (
    <section aria-label={t('billing.usage')}>
      <ErrorNotice error={usage.error} />
      <Loading when={usage.loading && !usage.data} />
      {rating && <RateService usage={rating} onDone={() => setRating(null)} />}
      {usage.data && (
        <>
          <div className="table-scroll">
            <table>
              <thead>
                <tr>
                  <th scope="col">{t('billing.usage')}</th>
                  <th scope="col">{t('bookings.instrument')}</th>
                  <th scope="col">{t('bookings.when')}</th>
                  <th scope="col" className="num">{t('usage.hours')}</th>
                  <th scope="col">{t('common.actions')}</th>
                </tr>
              </thead>
              <tbody>
                {usage.data.items.map((u) => (
                  <tr key={u.id}>
                    <td>{u.code}</td>
                    <td>{names[u.instrumentId] ?? '…'}</td>
                    <td>{dateTime(u.start)}</td>
                    <td className="num">{hours((Date.parse(u.end) - Date.parse(u.start)) / 60_000)}</td>
                    <td>
                      <button type="button" className="small" onClick={() => setRating(u)}>
                        {t('feedback.rate')}
                      </button>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {usage.data.items.length === 0 && <p>{t('common.none')}</p>}
          <Pager page={page} pageSize={PAGE_SIZE} total={usage.data.total} onPage={setPage} />
        </>
      )}
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
