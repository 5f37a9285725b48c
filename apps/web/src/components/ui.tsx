import { useId, type ReactNode } from 'react';
import type { ApiFailure } from '../api/client';
import { dateTime } from '../format';
import { useI18n, type MessageKey } from '../i18n';

/** An API error as people read it: the message, each bad field, and for a conflict the interval. */
export function ErrorNotice({ error }: { error: ApiFailure | null }) {
  const { t } = useI18n();
  if (!error) return null;
  const conflict = error.code === 'BOOKING_CONFLICT';
  // A booking conflict names the interval it collides with: say it in the reader's language and time.
  const taken = conflict ? (error.details.conflict as { kind: string; start: string; end: string } | null) : null;
  const message = taken
    ? t(taken.kind === 'blackout' ? 'error.takenByBlackout' : 'error.takenByBooking', { from: dateTime(taken.start), to: dateTime(taken.end) })
    : error.message;
  return (
    <div role="alert" className={`notice ${conflict ? 'notice-conflict' : 'notice-error'}`} data-code={error.code}>
      <strong>{conflict ? t('error.conflict') : error.status === 403 ? t('error.forbidden') : t('error.title')}</strong>
      {/* The server writes the message and each field's reason in the UI's language (Accept-Language,
          client.ts), the field named by its label: a list of reasons says it all, without the message
          that repeats them or the API's property names. */}
      {error.fieldErrors.length === 0 && <span> {message}</span>}
      {error.fieldErrors.length > 0 && (
        <ul>
          {error.fieldErrors.map((f) => (
            <li key={`${f.field}:${f.reason}`} data-field={f.field}>
              {f.reason}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

export function Success({ children }: { children: ReactNode }) {
  return (
    <div role="status" className="notice notice-ok">
      {children}
    </div>
  );
}

export function Loading({ when }: { when: boolean }) {
  const { t } = useI18n();
  return when ? (
    <p className="muted" aria-live="polite">
      {t('common.loading')}
    </p>
  ) : null;
}

/** A labelled form control; the label is tied to the control for screen readers. */
export function Field({ label, hint, children }: { label: string; hint?: string; children: (id: string) => ReactNode }) {
  const id = useId();
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      {children(id)}
      {hint && <small className="muted">{hint}</small>}
    </div>
  );
}

export function Pager({ page, pageSize, total, onPage }: { page: number; pageSize: number; total: number; onPage(page: number): void }) {
  const { t } = useI18n();
  const pages = Math.max(1, Math.ceil(total / pageSize));
  return (
    <nav className="pager" aria-label={t('common.pages')}>
      <button type="button" disabled={page <= 1} onClick={() => onPage(page - 1)}>
        ‹ {t('common.previous')}
      </button>
      <span>{t('common.pageOf', { page, pages, total })}</span>
      <button type="button" disabled={page >= pages} onClick={() => onPage(page + 1)}>
        {t('common.next')} ›
      </button>
    </nav>
  );
}

/**
 * A job's progress. A failed job (`failed`: its reason, possibly '') is not left at the percentage it
 * stopped at: the bar fills red and says 失败 and why (issue 21).
 */
export function ProgressBar({ value, label, failed }: { value: number; label: string; failed?: string | null }) {
  const { t } = useI18n();
  const percent = Math.max(0, Math.min(100, Math.round(value)));
  const failure = failed === undefined || failed === null ? null : failed ? t('job.failedBecause', { reason: failed }) : t('job.failedBar');
  return (
    <div
      className={`progress${failure ? ' failed' : ''}`}
      role="progressbar"
      aria-label={label}
      aria-valuemin={0}
      aria-valuemax={100}
      aria-valuenow={percent}
      aria-valuetext={failure ?? `${percent}%`}
      data-state={failure ? 'failed' : undefined}
      title={failure ?? undefined}
    >
      <div className="progress-fill" style={{ width: failure ? '100%' : `${percent}%` }} />
      <span>{failure ?? `${percent}%`}</span>
    </div>
  );
}

/** The reason a job failed, for its progress bar; undefined while it has not. */
export function failureOf(job: { state: string; error?: { message?: string } | null } | null): string | undefined {
  return job?.state === 'failed' ? (job.error?.message ?? '') : undefined;
}

export function PageTitle({ children, actions }: { children: ReactNode; actions?: ReactNode }) {
  return (
    <header className="page-title">
      <h1>{children}</h1>
      {actions && <div className="actions">{actions}</div>}
    </header>
  );
}

export function Badge({ tone = 'neutral', children }: { tone?: 'neutral' | 'good' | 'warn' | 'bad' | 'info'; children: ReactNode }) {
  return <span className={`badge badge-${tone}`}>{children}</span>;
}

/** A labelled choice among fixed values, each shown by its message (e.g. `mode.self`). */
export function ChoiceField<V extends string>({ label, value, values, onChange, prefix, any }: {
  label: string;
  value: V | '';
  values: readonly V[];
  onChange(value: V): void;
  /** The message key prefix of the values' names, e.g. 'mode'. */
  prefix: string;
  /** The label of an empty choice ("any"), if one is allowed. */
  any?: string;
}) {
  const { t } = useI18n();
  return (
    <Field label={label}>
      {(id) => (
        <select id={id} value={value} onChange={(e) => onChange(e.target.value as V)}>
          {any !== undefined && <option value="">{any}</option>}
          {values.map((v) => (
            <option key={v} value={v}>
              {t(`${prefix}.${v}` as MessageKey)}
            </option>
          ))}
        </select>
      )}
    </Field>
  );
}

/** The end of a form: what went wrong, what was done, and the button that submits it. */
export function FormEnd({ error, done, busy, submit }: { error: ApiFailure | null; done?: string | null; busy: boolean; submit: string }) {
  return (
    <>
      <ErrorNotice error={error} />
      {done && <Success>{done}</Success>}
      <button type="submit" className="primary" disabled={busy}>
        {submit}
      </button>
    </>
  );
}
