import { useState } from 'react';
import { api, call } from '../api/client';
import { PagedTable } from '../components/DataTable';
import { Badge, ErrorNotice, PageTitle } from '../components/ui';
import { dateTime } from '../format';
import { useAction, useLoad, usePagedLoad } from '../hooks';
import { useI18n, type MessageKey } from '../i18n';

/** The signed-in user's inbox (issue 19): newest first, unread marked, and their channels per kind. */
export function NotificationsPage({ onChange }: { onChange?(): void }) {
  const { t } = useI18n();
  const [unreadOnly, setUnreadOnly] = useState(false);
  const list = usePagedLoad(
    (page, pageSize) => call(api.GET('/api/v1/notifications', { params: { query: { page, pageSize, ...(unreadOnly ? { unread: true } : {}) } } })),
    [unreadOnly],
  );
  const action = useAction();
  const changed = () => {
    list.loaded.reload();
    onChange?.();
  };
  const readAll = () => action.run(() => call(api.POST('/api/v1/notifications/read-all', {}))).then(changed);
  const markRead = (id: string) => action.run(() => call(api.POST('/api/v1/notifications/{id}/read', { params: { path: { id } } }))).then(changed);
  return (
    <>
      <PageTitle actions={<button type="button" onClick={readAll} disabled={action.busy}>{t('notify.readAll')}</button>}>{t('notify.title')}</PageTitle>
      <ErrorNotice error={action.error} />
      <label className="inline">
        <input type="checkbox" checked={unreadOnly} onChange={(e) => setUnreadOnly(e.target.checked)} /> {t('notify.unreadOnly')}
      </label>
      <PagedTable
        list={list}
        label={t('notify.title')}
        rowKey={(n) => n.id}
        rowProps={(n) => ({ 'data-unread': n.readAt ? 'false' : 'true' })}
        columns={[
          { label: t('notify.when'), cell: (n) => dateTime(n.createdAt) },
          {
            label: t('notify.subject'),
            cell: (n) => (
              <div className="notification">
                <strong>{n.readAt ? null : <Badge tone="info">{t('notify.unread')}</Badge>} {n.title}</strong>
                <div className="muted pre-line">{n.body.split('\n')[0]}</div>
              </div>
            ),
          },
          { label: t('notify.email'), cell: (n) => <Badge tone={n.email === 'failed' ? 'bad' : n.email === 'delivered' ? 'good' : 'neutral'}>{t(`notify.email.${n.email}` as MessageKey)}</Badge> },
          {
            label: t('common.actions'),
            cell: (n) => (
              <span className="actions">
                <a href={new URL(n.link, window.location.origin).pathname + new URL(n.link, window.location.origin).search}>{t('notify.open')}</a>
                {!n.readAt && <button type="button" className="link" onClick={() => markRead(n.id)}>{t('notify.markRead')}</button>}
              </span>
            ),
          },
        ]}
      />
      <Preferences />
    </>
  );
}

function Preferences() {
  const { t } = useI18n();
  const prefs = useLoad(() => call(api.GET('/api/v1/notification-preferences', {})), []);
  const action = useAction();
  const toggle = (kind: string, email: boolean) =>
    action.run(() => call(api.PUT('/api/v1/notification-preferences', { body: { preferences: [{ kind: kind as never, email }] } }))).then(prefs.reload);
  return (
    <section className="card" aria-labelledby="prefs-title">
      <h2 id="prefs-title">{t('notify.prefs')}</h2>
      <p className="muted">{t('notify.prefsHint')}</p>
      <ErrorNotice error={prefs.error ?? action.error} />
      <ul className="plain">
        {(prefs.data?.items ?? []).map((p) => (
          <li key={p.kind}>
            <label>
              <input type="checkbox" checked={p.email} disabled={action.busy} onChange={(e) => toggle(p.kind, e.target.checked)} /> {t(`notify.kind.${p.kind}` as MessageKey)} · {t('notify.byEmail')}
            </label>
          </li>
        ))}
      </ul>
    </section>
  );
}
