import type { BookingView, TerminalRegisteredView, TerminalSessionView, TerminalView } from '@yixiang/contracts';
import { useState, type FormEvent } from 'react';
import { api, call } from '../api/client';
import { useAsk } from '../components/AskDialog';
import { Badge, ErrorNotice, Field, Loading, PageTitle, Pager, Success } from '../components/ui';
import { dateTime } from '../format';
import { useAction, usePagedLoad } from '../hooks';
import { useI18n } from '../i18n';
import { useInstrumentNames } from '../names';
import { useUser } from '../session';

/**
 * Instrument terminals (issue 20) for an institution's staff: the admin registers one (its
 * credential shown once) and revokes it; operators confirm or reject the unbooked uses terminals
 * recorded, and record the no-shows of bookings a terminal saw no use of.
 */
export function TerminalsPage() {
  const { t } = useI18n();
  const user = useUser();
  const admin = user.role === 'institution_admin';
  const terminals = usePagedLoad((page, pageSize) => call(api.GET('/api/v1/terminals', { params: { query: { page, pageSize } } })), []);
  const pending = usePagedLoad((page, pageSize) => call(api.GET('/api/v1/terminal-sessions', { params: { query: { page, pageSize, status: 'pending' } } })), []);
  const noShows = usePagedLoad((page, pageSize) => call(api.GET('/api/v1/terminal-sessions/no-show-candidates', { params: { query: { page, pageSize } } })), []);
  const names = useInstrumentNames([
    ...(terminals.loaded.data?.items ?? []).map((x) => x.instrumentId), ...(pending.loaded.data?.items ?? []).map((x) => x.instrumentId),
    ...(noShows.loaded.data?.items ?? []).map((x) => x.instrumentId),
  ]);
  const action = useAction();
  const [done, setDone] = useState<string | null>(null);
  const [registered, setRegistered] = useState<TerminalRegisteredView | null>(null);
  const [dialog, ask] = useAsk();

  const after = (what: string | undefined) => {
    if (what) setDone(t('terminals.done', { what }));
    terminals.loaded.reload();
    pending.loaded.reload();
    noShows.loaded.reload();
  };
  const revoke = async (terminal: TerminalView) => {
    if ((await ask({ title: t('terminals.revokeTitle', { name: terminal.name }), message: t('terminals.revokeMessage'), confirm: t('terminals.revoke'), danger: true })) === null) return;
    const result = await action.run(() => call(api.POST('/api/v1/terminals/{id}/revoke', { params: { path: { id: terminal.id } } })));
    after(result && `${result.name} · ${t('terminals.revoked')}`);
  };
  const confirm = async (session: TerminalSessionView) => {
    const email = await ask({ title: t('terminals.confirmTitle'), message: `${dateTime(session.start)} – ${session.end ? dateTime(session.end).slice(11) : ''}`, label: t('terminals.confirmWho'), required: true, maxLength: 200, confirm: t('terminals.confirm') });
    if (email === null) return;
    const result = await action.run(() => call(api.POST('/api/v1/terminal-sessions/{id}/confirm', { params: { path: { id: session.id } }, body: { userEmail: email } })));
    after(result && t('terminals.confirm'));
  };
  const reject = async (session: TerminalSessionView) => {
    const reason = await ask({ title: t('terminals.rejectTitle'), label: t('terminals.rejectReason'), required: true, maxLength: 500, confirm: t('terminals.reject'), danger: true });
    if (reason === null) return;
    const result = await action.run(() => call(api.POST('/api/v1/terminal-sessions/{id}/reject', { params: { path: { id: session.id } }, body: { reason } })));
    after(result && t('terminals.reject'));
  };
  const noShow = async (booking: BookingView) => {
    const result = await action.run(() => call(api.POST('/api/v1/bookings/{id}/{action}', { params: { path: { id: booking.id, action: 'no-show' } }, body: {} })));
    after(result && `${result.code} · ${t('terminals.recordNoShow')}`);
  };

  return (
    <>
      <PageTitle>{t('terminals.title')}</PageTitle>
      {done && <Success>{done}</Success>}
      <ErrorNotice error={action.error} />
      {admin && <RegisterForm busy={action.busy} onRegister={(body) => action.run(() => call(api.POST('/api/v1/terminals', { body }))).then((r) => { if (r) setRegistered(r); after(r && r.name); })} />}
      {registered && (
        <div className="notice notice-warn" role="status">
          {t('terminals.credential')} <code className="feed-url" data-credential>{registered.credential}</code>
        </div>
      )}

      <section className="card" aria-labelledby="terminals-list">
        <h2 id="terminals-list">{t('terminals.list')}</h2>
        <ErrorNotice error={terminals.loaded.error} />
        <Loading when={terminals.loaded.loading && !terminals.loaded.data} />
        {terminals.loaded.data && terminals.loaded.data.items.length === 0 && <p>{t('terminals.none')}</p>}
        {terminals.loaded.data && terminals.loaded.data.items.length > 0 && (
          <div className="table-scroll">
            <table>
              <thead>
                <tr>
                  <th scope="col">{t('terminals.name')}</th>
                  <th scope="col">{t('terminals.instrumentOf')}</th>
                  <th scope="col">{t('terminals.created')}</th>
                  <th scope="col">{t('terminals.lastSeen')}</th>
                  <th scope="col">{t('terminals.state')}</th>
                  {admin && <th scope="col">{t('common.actions')}</th>}
                </tr>
              </thead>
              <tbody>
                {terminals.loaded.data.items.map((x) => (
                  <tr key={x.id} data-terminal={x.name}>
                    <td>{x.name}</td>
                    <td>{names[x.instrumentId] ?? '…'}</td>
                    <td className="nowrap">{dateTime(x.createdAt)}</td>
                    <td className="nowrap">{x.lastSeenAt ? dateTime(x.lastSeenAt) : '—'}</td>
                    <td>{x.revokedAt ? <Badge tone="bad">{t('terminals.revoked')}</Badge> : <Badge tone="good">{t('terminals.live')}</Badge>}</td>
                    {admin && <td>{!x.revokedAt && <button type="button" disabled={action.busy} onClick={() => revoke(x)}>{t('terminals.revoke')}</button>}</td>}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        {terminals.loaded.data && <Pager page={terminals.page} pageSize={terminals.pageSize} total={terminals.loaded.data.total} onPage={terminals.onPage} />}
      </section>

      <section className="card" aria-labelledby="terminals-pending">
        <h2 id="terminals-pending">{t('terminals.pending')}</h2>
        <ErrorNotice error={pending.loaded.error} />
        {pending.loaded.data && pending.loaded.data.items.length === 0 && <p>{t('terminals.pendingNone')}</p>}
        <ul className="cards">
          {(pending.loaded.data?.items ?? []).map((s) => (
            <li key={s.id} className="card" data-session={s.id}>
              <h3>{names[s.instrumentId] ?? '…'} {s.late && <Badge tone="warn">{t('terminals.late')}</Badge>}</h3>
              <p>{t('terminals.session')}：{dateTime(s.start)} – {s.end ? dateTime(s.end).slice(11) : '…'}</p>
              <div className="actions">
                <button type="button" className="primary" disabled={action.busy} onClick={() => confirm(s)}>{t('terminals.confirm')}</button>
                <button type="button" disabled={action.busy} onClick={() => reject(s)}>{t('terminals.reject')}</button>
              </div>
            </li>
          ))}
        </ul>
        {pending.loaded.data && <Pager page={pending.page} pageSize={pending.pageSize} total={pending.loaded.data.total} onPage={pending.onPage} />}
      </section>

      <section className="card" aria-labelledby="terminals-no-shows">
        <h2 id="terminals-no-shows">{t('terminals.noShows')}</h2>
        <ErrorNotice error={noShows.loaded.error} />
        {noShows.loaded.data && noShows.loaded.data.items.length === 0 && <p>{t('terminals.noShowsNone')}</p>}
        <ul className="cards">
          {(noShows.loaded.data?.items ?? []).map((b) => (
            <li key={b.id} className="card" data-booking={b.code}>
              <h3>{b.code}</h3>
              <p>{names[b.instrumentId] ?? '…'}</p>
              <p>{dateTime(b.start)} – {dateTime(b.end).slice(11)}</p>
              <div className="actions">
                <button type="button" disabled={action.busy} onClick={() => noShow(b)}>{t('terminals.recordNoShow')}</button>
              </div>
            </li>
          ))}
        </ul>
        {noShows.loaded.data && <Pager page={noShows.page} pageSize={noShows.pageSize} total={noShows.loaded.data.total} onPage={noShows.onPage} />}
      </section>
      {dialog}
    </>
  );
}

function RegisterForm({ busy, onRegister }: { busy: boolean; onRegister(body: { instrumentId: string; name: string }): void }) {
  const { t } = useI18n();
  const [instrumentId, setInstrumentId] = useState('');
  const [name, setName] = useState('');
  const submit = (event: FormEvent) => {
    event.preventDefault();
    onRegister({ instrumentId: instrumentId.trim(), name: name.trim() });
  };
  return (
    <form className="card row" onSubmit={submit} aria-label={t('terminals.register')}>
      <Field label={t('terminals.instrument')}>{(id) => <input id={id} required value={instrumentId} onChange={(e) => setInstrumentId(e.target.value)} />}</Field>
      <Field label={t('terminals.name')}>{(id) => <input id={id} required maxLength={200} value={name} onChange={(e) => setName(e.target.value)} />}</Field>
      <button type="submit" className="primary" disabled={busy}>{t('terminals.register')}</button>
    </form>
  );
}
