import { useState } from 'react';
import { api, call, download, forExcel } from '../api/client';
import { BarChart } from '../components/charts';
import { DataTable } from '../components/DataTable';
import { ErrorNotice, Field, Loading, PageTitle } from '../components/ui';
import { dateTime, yuan } from '../format';
import { useAction, useLoad } from '../hooks';
import { useI18n } from '../i18n';
import { useInstitutionNames } from '../names';
import { useUser } from '../session';

/** A voucher programme's ledger: issued / drawn / claimed / paid / expired, per voucher, with CSV and Excel exports. */
export function VoucherLedgerPage() {
  const { t } = useI18n();
  const user = useUser();
  // A regional officer's ledgers are its own region's programmes; joint officers and auditors see all.
  const programmes = useLoad(
    () => call(api.GET('/api/v1/voucher-programmes', { params: { query: { pageSize: 200, ...(user.region ? { region: user.region } : {}) } } })),
    [user.region],
  );
  const [chosen, setChosen] = useState('');
  const id = chosen || programmes.data?.items[0]?.id || '';
  const ledger = useLoad(
    () => (id ? call(api.GET('/api/v1/voucher-programmes/{id}/ledger', { params: { path: { id } } })) : Promise.resolve(undefined)),
    [id],
  );
  const names = useInstitutionNames((ledger.data?.vouchers ?? []).map((v) => v.holderInstitutionId));
  const action = useAction();
  const l = ledger.data;
  const exportFile = (ext: 'csv' | 'xlsx') => l && action.run(() => download(forExcel(`/api/v1/voucher-programmes/${l.programmeId}/ledger.${ext}`, ext), `ledger-${l.programmeCode}.${ext}`));
  return (
    <>
      <PageTitle actions={l && (
        <>
          <button type="button" onClick={() => exportFile('csv')}>{t('common.exportCsv')}</button>
          <button type="button" onClick={() => exportFile('xlsx')}>{t('common.exportXlsx')}</button>
        </>
      )}>{t('ledger.title')}</PageTitle>
      <p className="muted">{t('ledger.intro')}</p>
      <div className="card row">
        <Field label={t('ledger.programme')}>
          {(fieldId) => (
            <select id={fieldId} value={id} onChange={(e) => setChosen(e.target.value)}>
              {(programmes.data?.items ?? []).map((p) => <option key={p.id} value={p.id}>{p.name}（{p.code}，{p.issuingRegion}）</option>)}
            </select>
          )}
        </Field>
      </div>
      <ErrorNotice error={programmes.error ?? ledger.error ?? action.error} />
      <Loading when={programmes.loading || ledger.loading} />
      {l && (
        <>
          <section className="card">
            <p className="muted">{t('ledger.asOf', { at: dateTime(l.at) })} · {t('ledger.budget')} ¥{yuan(l.budgetFen)}</p>
            <p className="kpis">
              {(['issued', 'drawn', 'claimed', 'paid', 'expired'] as const).map((k) => (
                <span key={k}><strong>¥{yuan(l[`${k}Fen`])}</strong> {t(`ledger.${k}`)}</span>
              ))}
            </p>
            <BarChart
              title={t('ledger.title')}
              unit={t('ledger.yuan')}
              bars={(['issued', 'drawn', 'claimed', 'paid', 'expired'] as const).map((k) => ({ label: t(`ledger.${k}`), value: Number(BigInt(l[`${k}Fen`]) / 100n) }))}
            />
          </section>
          <h2>{t('ledger.vouchers')}</h2>
          <DataTable
            items={l.vouchers}
            label={t('ledger.vouchers')}
            rowKey={(v) => v.voucherId}
            columns={[
              { label: t('manage.code'), nowrap: true, sortBy: (v) => v.code, cell: (v) => v.code },
              { label: t('vouchers.holder'), sortBy: (v) => names[v.holderInstitutionId], cell: (v) => names[v.holderInstitutionId] ?? '…' },
              { label: t('ledger.validTo'), nowrap: true, sortBy: (v) => (v.validTo ? new Date(v.validTo) : null), cell: (v) => (v.validTo ? dateTime(v.validTo) : '—') },
              { label: t('ledger.issued'), numeric: true, sortBy: (v) => BigInt(v.issuedFen), cell: (v) => yuan(v.issuedFen) },
              { label: t('ledger.drawn'), numeric: true, sortBy: (v) => BigInt(v.drawnFen), cell: (v) => yuan(v.drawnFen) },
              { label: t('ledger.claimed'), numeric: true, sortBy: (v) => BigInt(v.claimedFen), cell: (v) => yuan(v.claimedFen) },
              { label: t('ledger.paid'), numeric: true, sortBy: (v) => BigInt(v.paidFen), cell: (v) => yuan(v.paidFen) },
              { label: t('ledger.expired'), numeric: true, sortBy: (v) => BigInt(v.expiredFen), cell: (v) => yuan(v.expiredFen) },
              { label: t('ledger.balance'), numeric: true, sortBy: (v) => BigInt(v.balanceFen), cell: (v) => yuan(v.balanceFen) },
            ]}
          />
        </>
      )}
    </>
  );
}
