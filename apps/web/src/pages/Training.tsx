import type { TrainingRequestView, TrainingState } from '@yixiang/contracts';
import { TRAINING_STATES } from '@yixiang/domain';
import { can } from '@yixiang/domain/permissions/rules';
import { useState, type FormEvent } from 'react';
import { api, call } from '../api/client';
import { useAsk } from '../components/AskDialog';
import { Badge, ChoiceField, ErrorNotice, Field, Loading, PageTitle, Pager, Success } from '../components/ui';
import { addDays, beijing, dateTime, localDate } from '../format';
import { useAction, usePagedLoad } from '../hooks';
import { useI18n, type MessageKey } from '../i18n';
import { useInstitutionNames, useInstrumentNames } from '../names';
import { actorOf, useUser } from '../session';

const TONE: Record<TrainingState, 'neutral' | 'good' | 'warn' | 'bad' | 'info'> = {
  requested: 'info', scheduled: 'warn', passed: 'good', failed: 'bad', declined: 'bad', cancelled: 'neutral',
};

/**
 * Training requests (issue 18): the trainee's own, and for an institution's staff the queue of its
 * instruments — schedule a session, then record the pass (the qualification) or the fail.
 */
export function TrainingPage() {
  const { t } = useI18n();
  const user = useUser();
  const [status, setStatus] = useState<TrainingState | ''>('');
  const list = usePagedLoad((page, pageSize) => call(api.GET('/api/v1/training-requests', { params: { query: { page, pageSize, ...(status ? { status } : {}) } } })), [status]);
  const requests = list.loaded;
  const names = useInstrumentNames((requests.data?.items ?? []).map((r) => r.instrumentId));
  const institutions = useInstitutionNames((requests.data?.items ?? []).map((r) => r.userInstitutionId));
  const action = useAction();
  const [done, setDone] = useState<string | null>(null);
  const [dialog, ask] = useAsk();

  const finish = (result: TrainingRequestView | undefined) => {
    if (result) setDone(t('training.done', { instrument: names[result.instrumentId] ?? result.instrumentCode, status: t(`training.state.${result.status}` as MessageKey) }));
    requests.reload();
  };
  const decline = async (r: TrainingRequestView) => {
    const reason = await ask({ title: t('training.declineTitle'), label: t('training.declineReason'), required: true, maxLength: 1000, confirm: t('training.decline'), danger: true });
    if (reason === null) return;
    finish(await action.run(() => call(api.POST('/api/v1/training-requests/{id}/decline', { params: { path: { id: r.id } }, body: { reason } }))));
  };
  const fail = async (r: TrainingRequestView) => {
    const remark = await ask({ title: t('training.failTitle'), label: t('training.failRemark'), maxLength: 1000, confirm: t('training.fail'), danger: true });
    if (remark === null) return;
    finish(await action.run(() => call(api.POST('/api/v1/training-requests/{id}/outcome', { params: { path: { id: r.id } }, body: { passed: false, ...(remark ? { remark } : {}) } }))));
  };
  const withdraw = async (r: TrainingRequestView) => {
    finish(await action.run(() => call(api.POST('/api/v1/training-requests/{id}/cancel', { params: { path: { id: r.id } } }))));
  };

  return (
    <>
      <PageTitle>{t('training.title')}</PageTitle>
      <ChoiceField<TrainingState> label={t('training.status')} value={status} values={TRAINING_STATES} onChange={setStatus} prefix="training.state" any={t('common.any')} />
      {done && <Success>{done}</Success>}
      <ErrorNotice error={action.error ?? requests.error} />
      <Loading when={requests.loading && !requests.data} />
      {requests.data && (
        <>
          <ul className="cards">
            {requests.data.items.map((r) => {
              const staff = can(actorOf(user), 'booking.manage', { providerInstitutionId: r.providerInstitutionId, userId: r.userId });
              return (
                <li key={r.id} className="card" data-training={r.id}>
                  <h2>
                    {names[r.instrumentId] ?? r.instrumentCode} <Badge tone={TONE[r.status]}>{t(`training.state.${r.status}` as MessageKey)}</Badge>
                  </h2>
                  <p className="muted">{r.instrumentCode}</p>
                  {staff && <p>{t('training.traineeOf')}：{institutions[r.userInstitutionId] ?? '…'}</p>}
                  {r.note && <p>{t('training.note')}：{r.note}</p>}
                  {r.sessionStart && r.sessionEnd && <p>{t('training.session')}：{dateTime(r.sessionStart)} – {dateTime(r.sessionEnd).slice(11)}</p>}
                  {r.qualificationValidTo && <p>{t('training.validTo')}：{localDate(r.qualificationValidTo)}</p>}
                  {r.remark && <p className="muted">{t('training.remark')}：{r.remark}</p>}
                  <div className="actions">
                    {staff && r.status === 'requested' && <ScheduleForm request={r} busy={action.busy} onSchedule={(body) => action.run(() => call(api.POST('/api/v1/training-requests/{id}/schedule', { params: { path: { id: r.id } }, body }))).then(finish)} />}
                    {staff && r.status === 'requested' && <button type="button" disabled={action.busy} onClick={() => decline(r)}>{t('training.decline')}</button>}
                    {staff && r.status === 'scheduled' && <PassForm busy={action.busy} onPass={(validTo) => action.run(() => call(api.POST('/api/v1/training-requests/{id}/outcome', { params: { path: { id: r.id } }, body: { passed: true, validTo } }))).then(finish)} />}
                    {staff && r.status === 'scheduled' && <button type="button" disabled={action.busy} onClick={() => fail(r)}>{t('training.fail')}</button>}
                    {r.userId === user.id && r.status === 'requested' && <button type="button" disabled={action.busy} onClick={() => withdraw(r)}>{t('training.cancel')}</button>}
                  </div>
                </li>
              );
            })}
          </ul>
          {requests.data.items.length === 0 && <p>{t('training.none')}</p>}
          <Pager page={list.page} pageSize={list.pageSize} total={requests.data.total} onPage={list.onPage} />
        </>
      )}
      {dialog}
    </>
  );
}

/** The session, in Beijing time: a day and two clock times. */
function ScheduleForm({ request, busy, onSchedule }: { request: TrainingRequestView; busy: boolean; onSchedule(body: { start: string; end: string }): void }) {
  const { t } = useI18n();
  const [day, setDay] = useState(addDays(localDate(new Date()), 1));
  const [start, setStart] = useState('09:00');
  const [end, setEnd] = useState('11:00');
  const submit = (event: FormEvent) => {
    event.preventDefault();
    onSchedule({ start: beijing(day, start), end: beijing(day, end) });
  };
  return (
    <form className="row" onSubmit={submit} aria-label={`${t('training.schedule')} ${request.instrumentCode}`}>
      <Field label={t('training.date')}>{(id) => <input id={id} type="date" required value={day} onChange={(e) => setDay(e.target.value)} />}</Field>
      <Field label={t('training.start')}>{(id) => <input id={id} type="time" required value={start} onChange={(e) => setStart(e.target.value)} />}</Field>
      <Field label={t('training.end')}>{(id) => <input id={id} type="time" required value={end} onChange={(e) => setEnd(e.target.value)} />}</Field>
      <button type="submit" className="primary" disabled={busy}>{t('training.schedule')}</button>
    </form>
  );
}

/** A pass: the qualification's end, a year from today unless the operator says otherwise. */
function PassForm({ busy, onPass }: { busy: boolean; onPass(validTo: string): void }) {
  const { t } = useI18n();
  const [validTo, setValidTo] = useState(addDays(localDate(new Date()), 365));
  const submit = (event: FormEvent) => {
    event.preventDefault();
    onPass(beijing(validTo, '00:00'));
  };
  return (
    <form className="row" onSubmit={submit}>
      <Field label={t('training.validTo')} hint={t('training.passHint')}>{(id) => <input id={id} type="date" required value={validTo} onChange={(e) => setValidTo(e.target.value)} />}</Field>
      <button type="submit" className="primary" disabled={busy}>{t('training.pass')}</button>
    </form>
  );
}
