import type { Page, VoucherView } from '@yixiang/contracts';
import { useState, type FormEvent } from 'react';
import { api, call } from '../api/client';
import { ErrorNotice, Field, Loading, PageTitle, Pager, Success } from '../components/ui';
import { dateTime, parseYuan, yuan } from '../format';
import { useAction, useLoad } from '../hooks';
import { useI18n } from '../i18n';
import { useInstitutionNames } from '../names';
import { useUser } from '../session';

const PAGE_SIZE = 20;

/** Innovation vouchers (创新券): issued by the bureau, drawn down by settlement. */
export function VouchersPage() {
  const { t } = useI18n();
  const user = useUser();
  const [page, setPage] = useState(1);
  const vouchers = useLoad(() => call<Page<VoucherView>>(api.GET('/api/v1/vouchers', { params: { query: { page, pageSize: PAGE_SIZE } } })), [page]);
  const names = useInstitutionNames((vouchers.data?.items ?? []).map((v) => v.holderInstitutionId));
  return (
    <>
      <PageTitle>{t('vouchers.title')}</PageTitle>
      {user.role === 'bureau' && <IssueVoucher onSaved={vouchers.reload} />}
      <ErrorNotice error={vouchers.error} />
      <Loading when={vouchers.loading && !vouchers.data} />
      {vouchers.data && (
        <>
          <div className="table-scroll">
            <table>
              <thead>
                <tr>
                  <th scope="col">{t('manage.code')}</th>
                  <th scope="col">{t('vouchers.holder')}</th>
                  <th scope="col" className="num">{t('vouchers.face')}</th>
                  <th scope="col" className="num">{t('vouchers.cover')}</th>
                  <th scope="col" className="num">{t('vouchers.cap')}</th>
                  <th scope="col">{t('rate.validity')}</th>
                  <th scope="col" className="num">{t('vouchers.drawn')}</th>
                  <th scope="col" className="num">{t('vouchers.balance')}</th>
                </tr>
              </thead>
              <tbody>
                {vouchers.data.items.map((v) => (
                  <tr key={v.id}>
                    <td>{v.code}</td>
                    <td>{names[v.holderInstitutionId] ?? '…'}</td>
                    <td className="num">{yuan(v.faceValueFen)}</td>
                    <td className="num">{yuan(v.coverBps)}%</td>
                    <td className="num">{v.perUseCapFen === null ? '—' : yuan(v.perUseCapFen)}</td>
                    <td>
                      {dateTime(v.validFrom)} – {v.validTo ? dateTime(v.validTo) : '…'}
                    </td>
                    <td className="num">{yuan(v.drawnFen)}</td>
                    <td className="num">{yuan(v.balanceFen)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <Pager page={page} pageSize={PAGE_SIZE} total={vouchers.data.total} onPage={setPage} />
        </>
      )}
    </>
  );
}

function IssueVoucher({ onSaved }: { onSaved(): void }) {
  const { t } = useI18n();
  const [form, setForm] = useState({ code: '', holder: '', face: '', coverPercent: '50', cap: '', validFrom: '', validTo: '' });
  const [saved, setSaved] = useState<string | null>(null);
  const action = useAction();
  const set = (k: keyof typeof form) => (e: { target: { value: string } }) => setForm({ ...form, [k]: e.target.value });
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setSaved(null);
    // Percent with up to two decimals → basis points, by the same exact parsing as money.
    const coverBps = parseYuan(form.coverPercent) ?? -1;
    const voucher = await action.run(() =>
      call<VoucherView>(
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
    );
    if (voucher) {
      setSaved(t('vouchers.saved', { code: voucher.code }));
      onSaved();
    }
  };
  return (
    <details className="card">
      <summary>{t('vouchers.issue')}</summary>
      <form onSubmit={submit}>
        <div className="grid-3">
          <Field label={t('manage.code')}>{(id) => <input id={id} required value={form.code} onChange={set('code')} placeholder="CV-2026-0001" />}</Field>
          <Field label={t('vouchers.holderCode')}>{(id) => <input id={id} required value={form.holder} onChange={set('holder')} />}</Field>
          <Field label={t('vouchers.faceYuan')}>{(id) => <input id={id} required inputMode="decimal" value={form.face} onChange={set('face')} />}</Field>
          <Field label={t('vouchers.coverPercent')}>{(id) => <input id={id} required inputMode="decimal" value={form.coverPercent} onChange={set('coverPercent')} />}</Field>
          <Field label={t('vouchers.capYuan')}>{(id) => <input id={id} inputMode="decimal" value={form.cap} onChange={set('cap')} />}</Field>
          <Field label={t('rate.from')}>{(id) => <input id={id} type="date" required value={form.validFrom} onChange={set('validFrom')} />}</Field>
          <Field label={t('rate.to')}>{(id) => <input id={id} type="date" value={form.validTo} onChange={set('validTo')} />}</Field>
        </div>
        <ErrorNotice error={action.error} />
        {saved && <Success>{saved}</Success>}
        <button type="submit" className="primary" disabled={action.busy}>
          {t('vouchers.issue')}
        </button>
      </form>
    </details>
  );
}
