import { useCallback, useEffect, useId, useRef, useState, type FormEvent, type ReactNode } from 'react';
import { useI18n } from '../i18n';

/** What to ask: a title, and a field (a reason, an amount) or none for a plain confirmation. */
export interface Question {
  title: string;
  /** A sentence under the title (what will happen). */
  message?: string;
  /** The field's label; without one the dialog only asks to confirm. */
  label?: string;
  initial?: string;
  /** The field must not be blank. */
  required?: boolean;
  maxLength?: number;
  /** A multi-line reason, or a one-line value (an amount). */
  multiline?: boolean;
  /** A further check of the value: the message to show, or null when it is fine. */
  check?(value: string): string | null;
  confirm: string;
  /** The confirming button in red (cancel, reject: they cannot be undone). */
  danger?: boolean;
}

interface Pending extends Question {
  resolve(answer: string | null): void;
}

/**
 * A modal dialog in place of the browser's prompt() and confirm() (issue 21): a `<dialog>` opened
 * with showModal(), so the page behind is inert (focus stays inside) and Esc closes it; a labelled
 * field with its own validation message; Chinese first like the rest of the page.
 *
 * `ask(question)` resolves to the trimmed value (or '' for a confirmation), or null when closed.
 */
export function useAsk(): [ReactNode, (question: Question) => Promise<string | null>] {
  const [pending, setPending] = useState<Pending | null>(null);
  const ask = useCallback((question: Question) => new Promise<string | null>((resolve) => setPending({ ...question, resolve })), []);
  const answer = useCallback((value: string | null) => {
    setPending((current) => {
      current?.resolve(value);
      return null;
    });
  }, []);
  return [pending ? <AskDialog key={pending.title} question={pending} onAnswer={answer} /> : null, ask];
}

function AskDialog({ question, onAnswer }: { question: Question; onAnswer(value: string | null): void }) {
  const { t } = useI18n();
  const ref = useRef<HTMLDialogElement>(null);
  const field = useRef<HTMLInputElement & HTMLTextAreaElement>(null);
  const [value, setValue] = useState(question.initial ?? '');
  const [problem, setProblem] = useState<string | null>(null);
  const titleId = useId();
  const fieldId = useId();
  const problemId = useId();

  useEffect(() => {
    const dialog = ref.current;
    if (dialog && !dialog.open) dialog.showModal();
    // The field first (what the dialog asks for); a confirmation starts on its 返回 button (showModal's own choice).
    field.current?.focus();
    return () => dialog?.close();
  }, []);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const given = value.trim();
    const found = question.label === undefined ? null
      : question.required && !given ? t('ask.required', { field: question.label })
        : question.maxLength !== undefined && given.length > question.maxLength ? t('ask.tooLong', { field: question.label, n: question.maxLength })
          : question.check?.(given) ?? null;
    setProblem(found);
    if (!found) onAnswer(given);
  };

  return (
    // Esc fires `cancel`: the dialog closes and the question is answered with nothing.
    <dialog ref={ref} className="ask-dialog" aria-labelledby={titleId} onCancel={(e) => { e.preventDefault(); onAnswer(null); }}>
      <form method="dialog" onSubmit={submit} noValidate>
        <h2 id={titleId}>{question.title}</h2>
        {question.message && <p>{question.message}</p>}
        {question.label !== undefined && (
          <div className="field">
            <label htmlFor={fieldId}>{question.label}</label>
            {question.multiline === false ? (
              <input ref={field} id={fieldId} value={value} inputMode="decimal" aria-invalid={problem !== null} aria-describedby={problem ? problemId : undefined} onChange={(e) => setValue(e.target.value)} />
            ) : (
              <textarea ref={field} id={fieldId} rows={3} value={value} aria-invalid={problem !== null} aria-describedby={problem ? problemId : undefined} onChange={(e) => setValue(e.target.value)} />
            )}
            {problem && (
              <small id={problemId} role="alert" className="ask-problem">
                {problem}
              </small>
            )}
          </div>
        )}
        <div className="actions">
          <button type="button" onClick={() => onAnswer(null)}>
            {t('ask.back')}
          </button>
          <button type="submit" className={question.danger ? 'danger' : 'primary'}>
            {question.confirm}
          </button>
        </div>
      </form>
    </dialog>
  );
}
