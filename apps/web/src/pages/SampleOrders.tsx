import type { SampleOrderView } from '@yixiang/contracts';
import { can } from '@yixiang/domain/permissions/rules';
import { SAMPLE_HAZARDS, type SampleHazard, type SampleOrderState } from '@yixiang/domain/samples/sample-orders';
import { useState, type FormEvent, type ReactNode } from 'react';
import { api, call, download } from '../api/client';
import { useAsk } from '../components/AskDialog';
import { PagedTable } from '../components/DataTable';
import { Badge, ErrorNotice, Field, FormEnd, PageTitle, Success } from '../components/ui';
import { dateTime, duration } from '../format';
import { useAction, useForm, useLoad, usePagedLoad, type PagedList } from '../hooks';
import { useI18n, type MessageKey } from '../i18n';
import { useInstitutionNames } from '../names';
import { actorOf, useUser } from '../session';

const TONE: Record<SampleOrderState, 'neutral' | 'good' | 'bad' | 'warn' | 'info'> = {
  submitted: 'warn', accepted: 'info', rejected: 'bad', received: 'info', testing: 'info', report_issued: 'good', completed: 'good', cancelled: 'neutral',
};
/** The steps of the status timeline, in order, as the order's view stamps them. */
const STEPS = ['submittedAt', 'acceptedAt', 'rejectedAt', 'receivedAt', 'testingAt', 'reportIssuedAt', 'completedAt', 'cancelledAt'] as const;

function StateBadge({ state }: { state: SampleOrderState }) {
  const { t } = useI18n();
  return <Badge tone={TONE[state]}>{t(`so.state.${state}` as MessageKey)}</Badge>;
}

/** The order's steps that happened, each with its instant in Beijing time: the status timeline. */
function Timeline({ order }: { order: SampleOrderView }) {
  const { t } = useI18n();
  return (
    <section className="card" aria-label={`${t('so.timeline')} ${order.code}`}>
      <h2>{`${t('so.timeline')}：${order.code}（${order.instrumentName}）`}</h2>
      <ol className="timeline">
        {STEPS.filter((s) => order[s]).map((s) => (
          <li key={s}><strong>{t(`so.step.${s}` as MessageKey)}</strong> {dateTime(order[s])}</li>
        ))}
      </ol>
      {order.reason && <p>{`${t('so.reason')}：${order.reason}`}</p>}
      <p>{`${t('so.requestedTests')}：${order.requestedTests}`}</p>
    </section>
  );
}

function saveReport(order: SampleOrderView) {
  return download(`/api/v1/sample-orders/${order.id}/report`, order.report?.fileName ?? `${order.code}.pdf`);
}

/** 送样检测: the requester's form, their orders with each one's progress, report download, confirmation and withdrawal. */
export function SampleOrdersPage() {
  const { t } = useI18n();
  const instruments = useLoad(() => call(api.GET('/api/v1/instruments', { params: { query: { mode: 'sample', pageSize: 100 } } })), []);
  const orders = usePagedLoad((page, pageSize) => call(api.GET('/api/v1/sample-orders', { params: { query: { page, pageSize, scope: 'mine' } } })), []);
  const { form, set, setForm, saved, action, submit } = useForm({ instrumentId: '', sampleCount: '1', names: '', hazardNotes: '', requestedTests: '', delivery: 'by-hand', trackingNumber: '' });
  const [hazards, setHazards] = useState<SampleHazard[]>([]);
  const [shown, setShown] = useState<SampleOrderView | null>(null);
  const step = useAction();
  const [dialog, ask] = useAsk();
  const send = submit(
    () => call(api.POST('/api/v1/sample-orders', { body: {
      instrumentId: form.instrumentId, sampleCount: Number(form.sampleCount), sampleNames: form.names.split('\n').map((n) => n.trim()).filter(Boolean),
      hazards, ...(form.hazardNotes.trim() ? { hazardNotes: form.hazardNotes.trim() } : {}), requestedTests: form.requestedTests.trim(),
      delivery: form.delivery as 'by-hand' | 'courier', ...(form.delivery === 'courier' ? { trackingNumber: form.trackingNumber.trim() } : {}),
    } })),
    (o) => {
      orders.loaded.reload();
      setShown(o);
      setForm((f) => ({ ...f, names: '', requestedTests: '', trackingNumber: '' }));
      return t('so.submitted', { code: o.code });
    },
  );
  const act = async (o: SampleOrderView, action: 'complete' | 'cancel') => {
    let reason: string | null = null;
    if (action === 'cancel') {
      reason = await ask({ title: t('so.cancelTitle'), label: t('so.cancelPrompt'), maxLength: 500, confirm: t('so.cancel'), danger: true });
      if (reason === null) return;
    }
    const result = await step.run(() => call(api.POST('/api/v1/sample-orders/{id}/{action}', { params: { path: { id: o.id, action } }, body: reason ? { reason } : {} })));
    if (result) setShown(result);
    orders.loaded.reload();
  };
  const toggle = (h: SampleHazard) => (event: FormEvent<HTMLInputElement>) => {
    const on = event.currentTarget.checked;
    setHazards((list) => (on ? [...list, h] : list.filter((x) => x !== h)));
  };
  return (
    <>
      <PageTitle>{t('so.title')}</PageTitle>
      <p>{t('so.intro')}</p>
      <section className="card">
        <h2>{t('so.new')}</h2>
        <ErrorNotice error={instruments.error} />
        <form onSubmit={send}>
          <div className="grid-3">
            <Field label={t('so.instrument')}>
              {(id) => (
                <select id={id} required value={form.instrumentId} onChange={set('instrumentId')}>
                  <option value="">{t('so.chooseInstrument')}</option>
                  {(instruments.data?.items ?? []).map((i) => <option key={i.id} value={i.id}>{`${i.name}（${i.code}）`}</option>)}
                </select>
              )}
            </Field>
            <Field label={t('so.sampleCount')}>{(id) => <input id={id} type="number" min={1} max={1000} required value={form.sampleCount} onChange={set('sampleCount')} />}</Field>
            <Field label={t('so.delivery')}>
              {(id) => (
                <select id={id} value={form.delivery} onChange={set('delivery')}>
                  <option value="by-hand">{t('so.delivery.by-hand')}</option>
                  <option value="courier">{t('so.delivery.courier')}</option>
                </select>
              )}
            </Field>
            {form.delivery === 'courier' && (
              <Field label={t('so.trackingNumber')}>{(id) => <input id={id} required pattern="[A-Za-z0-9-]{4,40}" value={form.trackingNumber} onChange={set('trackingNumber')} />}</Field>
            )}
            <Field label={t('so.sampleNames')}>{(id) => <textarea id={id} required rows={3} value={form.names} onChange={set('names')} />}</Field>
            <Field label={t('so.requestedTests')}>{(id) => <textarea id={id} required rows={3} maxLength={2000} value={form.requestedTests} onChange={set('requestedTests')} />}</Field>
          </div>
          <fieldset className="checks">
            <legend>{t('so.hazards')}</legend>
            {SAMPLE_HAZARDS.map((h) => (
              <label key={h}><input type="checkbox" checked={hazards.includes(h)} onChange={toggle(h)} /> {t(`so.hazard.${h}` as MessageKey)}</label>
            ))}
          </fieldset>
          {hazards.length > 0 && <Field label={t('so.hazardNotes')}>{(id) => <input id={id} maxLength={500} value={form.hazardNotes} onChange={set('hazardNotes')} />}</Field>}
          <FormEnd error={action.error} done={saved} busy={action.busy} submit={t('so.submit')} />
        </form>
      </section>
      {shown && <Timeline order={shown} />}
      <h2>{t('so.mine')}</h2>
      <ErrorNotice error={step.error} />
      <OrderTable
        list={orders}
        label={t('so.mine')}
        actions={(o) => (
          <div className="actions">
            <button type="button" onClick={() => setShown(o)}>{t('so.show')}</button>
            {o.report && <button type="button" disabled={step.busy} onClick={() => step.run(() => saveReport(o))}>{t('so.download')}</button>}
            {o.state === 'report_issued' && <button type="button" className="primary" disabled={step.busy} onClick={() => act(o, 'complete')}>{t('so.complete')}</button>}
            {(o.state === 'submitted' || o.state === 'accepted') && <button type="button" disabled={step.busy} onClick={() => act(o, 'cancel')}>{t('so.cancel')}</button>}
          </div>
        )}
      />
      {dialog}
    </>
  );
}

function OrderTable({ list, label, actions, requester }: { list: PagedList<SampleOrderView>; label: string; actions: (o: SampleOrderView) => ReactNode; requester?: boolean }) {
  const { t } = useI18n();
  const names = useInstitutionNames(requester ? (list.loaded.data?.items ?? []).map((o) => o.userInstitutionId) : []);
  return (
    <PagedTable
      list={list}
      label={label}
      rowKey={(o) => o.id}
      rowProps={(o) => ({ 'data-order': o.code })}
      columns={[
        { label: t('so.code'), nowrap: true, cell: (o) => o.code },
        { label: t('so.instrument'), cell: (o) => o.instrumentName },
        !!requester && { label: t('so.requester'), cell: (o) => names[o.userInstitutionId] ?? '…' },
        { label: t('so.samples'), numeric: true, cell: (o) => o.sampleCount },
        { label: t('so.hazards'), cell: (o) => (o.hazards.length ? o.hazards.map((h) => t(`so.hazard.${h}` as MessageKey)).join('、') : t('so.noHazard')) },
        { label: t('so.delivery'), cell: (o) => (o.delivery === 'courier' ? `${t('so.delivery.courier')} ${o.trackingNumber ?? ''}` : t('so.delivery.by-hand')) },
        { label: t('so.state'), cell: (o) => <StateBadge state={o.state} /> },
        { label: t('so.submittedAt'), nowrap: true, cell: (o) => dateTime(o.submittedAt) },
        { label: t('common.actions'), cell: actions },
      ]}
    />
  );
}

const QUEUE_STATES: SampleOrderState[] = ['submitted', 'accepted', 'received', 'testing', 'report_issued', 'completed', 'rejected', 'cancelled'];

/** 送样受理: the operator's queue of orders on the institution's instruments, each with the lab's next step. */
export function SampleQueuePage() {
  const { t, language } = useI18n();
  const [state, setState] = useState<SampleOrderState>('submitted');
  const queue = usePagedLoad((page, pageSize) => call(api.GET('/api/v1/sample-orders', { params: { query: { page, pageSize, scope: 'queue', state } } })), [state]);
  const step = useAction();
  const [done, setDone] = useState<string | null>(null);
  const [shown, setShown] = useState<SampleOrderView | null>(null);
  const [dialog, ask] = useAsk();
  const user = useUser();
  const turnaroundOf = shown?.instrumentId;
  const turnaround = useLoad(() => (turnaroundOf ? call(api.GET('/api/v1/instruments/{id}/sample-turnaround', { params: { path: { id: turnaroundOf } } })) : Promise.resolve(null)), [turnaroundOf]);
  // The sample-order.manage rule the booking service applies: a requester who is also staff elsewhere is not offered the lab's steps.
  const mayManage = (o: SampleOrderView) => can(actorOf(user), 'sample-order.manage', { providerInstitutionId: o.providerInstitutionId, userId: o.userId });
  const after = (o: SampleOrderView | undefined) => {
    if (o) {
      setDone(t('so.done', { code: o.code, state: t(`so.state.${o.state}` as MessageKey) }));
      setShown(o);
    }
    queue.loaded.reload();
  };
  const move = async (o: SampleOrderView, action: 'accept' | 'reject' | 'receive' | 'start-testing' | 'complete') => {
    let reason: string | null = null;
    if (action === 'reject') {
      reason = await ask({ title: t('so.rejectTitle'), label: t('so.rejectPrompt'), required: true, maxLength: 500, confirm: t('so.reject'), danger: true });
      if (reason === null) return;
    }
    after(await step.run(() => call(api.POST('/api/v1/sample-orders/{id}/{action}', { params: { path: { id: o.id, action } }, body: reason ? { reason } : {} }))));
  };
  const upload = (o: SampleOrderView) => async (event: FormEvent<HTMLInputElement>) => {
    const file = event.currentTarget.files?.[0];
    if (!file) return;
    const body = new FormData();
    body.append('report', file, file.name);
    event.currentTarget.value = '';
    // Multipart, as the import page sends its bundle: the typed body names the field, the serializer sends the form.
    after(await step.run(() => call(api.POST('/api/v1/sample-orders/{id}/report', { params: { path: { id: o.id } }, body: { report: file as unknown as string }, bodySerializer: () => body }))));
  };
  return (
    <>
      <PageTitle>{t('so.queue')}</PageTitle>
      <p>{t('so.queueIntro')}</p>
      <Field label={t('so.filter')}>
        {(id) => (
          <select id={id} value={state} onChange={(e) => setState(e.target.value as SampleOrderState)}>
            {QUEUE_STATES.map((s) => <option key={s} value={s}>{t(`so.state.${s}` as MessageKey)}</option>)}
          </select>
        )}
      </Field>
      {done && <Success>{done}</Success>}
      <ErrorNotice error={step.error} />
      <OrderTable
        list={queue}
        label={t('so.queue')}
        requester
        actions={(o) => (
          <div className="actions">
            <button type="button" onClick={() => setShown(o)}>{t('so.show')}</button>
            {mayManage(o) && o.state === 'submitted' && <button type="button" className="primary" disabled={step.busy} onClick={() => move(o, 'accept')}>{t('so.accept')}</button>}
            {mayManage(o) && o.state === 'submitted' && <button type="button" disabled={step.busy} onClick={() => move(o, 'reject')}>{t('so.reject')}</button>}
            {mayManage(o) && o.state === 'accepted' && <button type="button" className="primary" disabled={step.busy} onClick={() => move(o, 'receive')}>{t('so.receive')}</button>}
            {mayManage(o) && o.state === 'received' && <button type="button" className="primary" disabled={step.busy} onClick={() => move(o, 'start-testing')}>{t('so.startTesting')}</button>}
            {mayManage(o) && o.state === 'testing' && (
              <label className="check">{t('so.upload')} <input type="file" aria-label={`${t('so.reportFile')} ${o.code}`} disabled={step.busy} onChange={upload(o)} /></label>
            )}
            {o.report && <button type="button" disabled={step.busy} onClick={() => step.run(() => saveReport(o))}>{t('so.download')}</button>}
          </div>
        )}
      />
      {shown && <Timeline order={shown} />}
      {shown && turnaround.data && (
        <p>{turnaround.data.medianMinutes === null ? t('so.noTurnaround') : t('so.turnaround', { time: duration(turnaround.data.medianMinutes, language), n: turnaround.data.orders })}</p>
      )}
      {dialog}
    </>
  );
}
