import { useState, type FormEvent } from 'react';
import { AUDIT_OBJECT_TYPES, AUDITED_SERVICES } from '@yixiang/domain/audit/trail';
import { api, call } from '../api/client';
import type { components } from '../api/schema';
import { changedFields } from '../audit-diff';
import { PagedTable } from '../components/DataTable';
import { ChoiceField, ErrorNotice, Field, PageTitle } from '../components/ui';
import { beijing, dateTime } from '../format';
import { useAction, usePagedLoad } from '../hooks';
import { useI18n, type MessageKey } from '../i18n';
import { zh } from '../i18n/zh';

type Entry = components['schemas']['AuditEntryView'];
type Verified = components['schemas']['AuditVerifyView'];
type ObjectType = (typeof AUDIT_OBJECT_TYPES)[number];
type Service = (typeof AUDITED_SERVICES)[number];

interface Filters {
  objectType: ObjectType | '';
  objectId: string;
  actorId: string;
  service: Service | '';
  /** datetime-local values, Beijing wall-clock time. */
  from: string;
  to: string;
}
const NO_FILTERS: Filters = { objectType: '', objectId: '', actorId: '', service: '', from: '', to: '' };
/** Changed fields shown in a row; the rest are counted, and the whole entry is one click away. */
const SHOWN_CHANGES = 6;

/** A datetime-local value (Beijing time) as the instant the API takes. */
const instant = (local: string) => (local ? beijing(local.slice(0, 10), local.slice(11, 16)) : undefined);

/**
 * The audit trail (GET /audit, issue 20) for auditors and the bureau: who changed what, newest first,
 * with what each change did field by field, filtered by object, person, service and time; and the
 * check of every hash chain (GET /audit/verify), which names the first broken link of each.
 */
export function AuditPage() {
  const { t } = useI18n();
  const [form, setForm] = useState<Filters>(NO_FILTERS);
  const [asked, setAsked] = useState<Filters>(NO_FILTERS);
  const entries = usePagedLoad((page, pageSize) => call(api.GET('/api/v1/audit', {
    params: {
      query: {
        page, pageSize, objectType: asked.objectType || undefined, objectId: asked.objectId.trim() || undefined, actorId: asked.actorId.trim() || undefined,
        service: asked.service || undefined, from: instant(asked.from), to: instant(asked.to),
      },
    },
  })), [asked]);
  const verify = useAction();
  const [verified, setVerified] = useState<Verified | null>(null);
  const check = async () => {
    setVerified(null);
    const result = await verify.run(() => call(api.GET('/api/v1/audit/verify')));
    if (result) setVerified(result);
  };
  const filter = (event: FormEvent) => {
    event.preventDefault();
    setAsked({ ...form });
  };
  const serviceName = (s: string) => t(`audit.service.${s}` as MessageKey);
  // An action, object type or role the page has no name for (a newer service's) is shown as it is stored.
  const label = (prefix: string, value: string) => {
    const key = `${prefix}.${value}`;
    return key in zh ? t(key as MessageKey) : value;
  };
  return (
    <>
      <PageTitle
        actions={(
          <button type="button" className="primary small" onClick={check} disabled={verify.busy} title={t('audit.verifyHint')}>
            {verify.busy ? t('common.working') : t('audit.verify')}
          </button>
        )}
      >
        {t('audit.title')}
      </PageTitle>
      <p className="muted">{t('audit.intro')}</p>
      <ErrorNotice error={verify.error} />
      {verified && <VerifyResult verified={verified} serviceName={serviceName} />}
      <form className="card" onSubmit={filter} aria-labelledby="audit-filters">
        <h2 id="audit-filters">{t('audit.filters')}</h2>
        <div className="row">
          <ChoiceField label={t('audit.objectType')} value={form.objectType} values={AUDIT_OBJECT_TYPES} prefix="audit.type" any={t('common.any')}
            onChange={(objectType) => setForm({ ...form, objectType })} />
          <Field label={t('audit.objectId')}>{(id) => <input id={id} value={form.objectId} maxLength={100} onChange={(e) => setForm({ ...form, objectId: e.target.value })} />}</Field>
          <Field label={t('audit.actor')}>{(id) => <input id={id} value={form.actorId} maxLength={36} onChange={(e) => setForm({ ...form, actorId: e.target.value })} />}</Field>
          <ChoiceField label={t('audit.service')} value={form.service} values={AUDITED_SERVICES} prefix="audit.service" any={t('common.any')}
            onChange={(service) => setForm({ ...form, service })} />
          <Field label={t('audit.from')}>{(id) => <input id={id} type="datetime-local" value={form.from} onChange={(e) => setForm({ ...form, from: e.target.value })} />}</Field>
          <Field label={t('audit.to')}>{(id) => <input id={id} type="datetime-local" value={form.to} onChange={(e) => setForm({ ...form, to: e.target.value })} />}</Field>
        </div>
        <div className="row">
          <button type="submit" className="primary">{t('audit.filter')}</button>
          <button type="button" onClick={() => { setForm(NO_FILTERS); setAsked(NO_FILTERS); }}>{t('audit.reset')}</button>
        </div>
      </form>
      <section className="card" aria-labelledby="audit-entries">
        <h2 id="audit-entries">{t('audit.entries')}</h2>
        <PagedTable<Entry>
          list={entries}
          label={t('audit.entries')}
          rowKey={(e) => `${e.service}-${e.sequence}`}
          columns={[
            { label: t('audit.at'), nowrap: true, sortBy: (e) => e.at, cell: (e) => dateTime(e.at) },
            { label: t('audit.service'), nowrap: true, cell: (e) => `${serviceName(e.service)} #${e.sequence}` },
            { label: t('audit.who'), cell: (e) => (e.actorId ? <>{label('role', e.actorRole ?? '')}<br /><code className="muted">{e.actorId}</code></> : t('audit.system')) },
            { label: t('audit.action'), cell: (e) => label('audit.action', e.action) },
            { label: t('audit.object'), cell: (e) => <>{label('audit.type', e.objectType)}<br /><code className="muted">{e.objectId}</code></> },
            { label: t('audit.changes'), cell: (e) => <Changes entry={e} /> },
          ]}
        />
      </section>
    </>
  );
}

function Changes({ entry }: { entry: Entry }) {
  const { t } = useI18n();
  const changed = changedFields(entry.before, entry.after);
  return (
    <>
      {changed.length === 0 ? (
        <span className="muted">{t('audit.unchanged')}</span>
      ) : (
        <ul className="audit-changes">
          {changed.slice(0, SHOWN_CHANGES).map((c) => (
            <li key={c.path}>
              <code>{c.path}</code>：<del>{c.before}</del> → <ins>{c.after}</ins>
            </li>
          ))}
          {changed.length > SHOWN_CHANGES && <li className="muted">{t('audit.more', { n: changed.length - SHOWN_CHANGES })}</li>}
        </ul>
      )}
      <details>
        <summary>{t('audit.raw')}</summary>
        <dl className="audit-raw">
          <dt>{t('audit.before')}</dt><dd><pre>{JSON.stringify(entry.before, null, 2)}</pre></dd>
          <dt>{t('audit.after')}</dt><dd><pre>{JSON.stringify(entry.after, null, 2)}</pre></dd>
          <dt>{t('audit.correlation')}</dt><dd><code>{entry.correlationId ?? '—'}</code></dd>
          <dt>{t('audit.prevHash')}</dt><dd><code>{entry.prevHash}</code></dd>
          <dt>{t('audit.hash')}</dt><dd><code>{entry.hash}</code></dd>
        </dl>
      </details>
    </>
  );
}

function VerifyResult({ verified, serviceName }: { verified: Verified; serviceName(s: string): string }) {
  const { t } = useI18n();
  const checkedAt = <p className="muted">{t('audit.checkedAt', { at: dateTime(verified.checkedAt) })}</p>;
  if (verified.intact) {
    const chains = verified.chains.map((c) => t('audit.chainCount', { service: serviceName(c.service), entries: c.entries })).join('，');
    return (
      <section className="notice notice-ok" role="status">
        <p>{t('audit.intact', { entries: verified.entries, chains })}</p>
        {checkedAt}
      </section>
    );
  }
  return (
    <section className="notice notice-error" role="alert">
      <p><strong>{t('audit.brokenTitle')}</strong></p>
      <ul>
        {verified.chains.map((c) => (
          <li key={c.service}>
            {c.broken
              ? t('audit.broken', { service: serviceName(c.service), sequence: c.broken.sequence, problem: t(`audit.problem.${c.broken.problem}` as MessageKey) })
              : t('audit.chainIntact', { service: serviceName(c.service), entries: c.entries })}
          </li>
        ))}
      </ul>
      {checkedAt}
    </section>
  );
}
