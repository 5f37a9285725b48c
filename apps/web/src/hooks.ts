import { useCallback, useEffect, useRef, useState, type FormEvent } from 'react';
import type { JobStatus, Page } from '@yixiang/contracts';
import { api, ApiFailure, call } from './api/client';

export interface Loaded<T> {
  data: T | undefined;
  error: ApiFailure | null;
  loading: boolean;
  reload(): void;
}

/** Loads whenever `deps` change; a late answer to an older request is dropped. */
export function useLoad<T>(load: () => Promise<T>, deps: unknown[]): Loaded<T> {
  const [state, setState] = useState<{ data?: T; error: ApiFailure | null; loading: boolean }>({ error: null, loading: true });
  const [generation, setGeneration] = useState(0);
  useEffect(() => {
    let current = true;
    setState((s) => ({ ...s, loading: true }));
    load().then(
      (data) => current && setState({ data, error: null, loading: false }),
      (error: unknown) => current && setState({ error: asFailure(error), loading: false }),
    );
    return () => {
      current = false;
    };
    // `load` is a new closure on every render; the caller's `deps` say when it means something new.
  }, [...deps, generation]);
  const reload = useCallback(() => setGeneration((g) => g + 1), []);
  return { data: state.data, error: state.error, loading: state.loading, reload };
}

export function asFailure(error: unknown): ApiFailure {
  return error instanceof ApiFailure ? error : new ApiFailure(0, 'CLIENT', error instanceof Error ? error.message : String(error));
}

/** Runs an action, keeping its error and whether it is under way. */
export function useAction() {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiFailure | null>(null);
  const run = useCallback(async <T>(action: () => Promise<T>): Promise<T | undefined> => {
    setBusy(true);
    setError(null);
    try {
      return await action();
    } catch (e) {
      setError(asFailure(e));
      return undefined;
    } finally {
      setBusy(false);
    }
  }, []);
  return { busy, error, run, clear: () => setError(null) };
}

/** A job as GET /jobs/:id answers it: its error already in the UI's language (Accept-Language). */
export type JobReply = Omit<JobStatus, 'error'> & { error?: { code: string; message: string; details?: Record<string, unknown> } };

/** Follows a background job (import, settlement) until it completes or fails. */
export function useJob(jobId: string | null, onDone?: (job: JobReply) => void): JobReply | null {
  const [job, setJob] = useState<JobReply | null>(null);
  const done = useRef(onDone);
  done.current = onDone;
  useEffect(() => {
    setJob(null);
    if (!jobId) return;
    let stopped = false;
    const poll = async () => {
      try {
        const status = await call(api.GET('/api/v1/jobs/{id}', { params: { path: { id: jobId } } }));
        if (stopped) return;
        setJob(status as JobReply);
        if (status.state === 'completed' || status.state === 'failed') {
          done.current?.(status as JobReply);
          return;
        }
      } catch {
        // A blip (gateway restarting): try again.
      }
      if (!stopped) setTimeout(poll, 500);
    };
    void poll();
    return () => {
      stopped = true;
    };
  }, [jobId]);
  return job;
}

export interface PagedList<T> {
  loaded: Loaded<Page<T>>;
  page: number;
  pageSize: number;
  onPage(page: number): void;
}

/** A paged list from the API: starts at page 1, and again whenever `deps` (its filters) change. */
export function usePagedLoad<T>(load: (page: number, pageSize: number) => Promise<Page<T>>, deps: unknown[], pageSize = 20): PagedList<T> {
  const [state, setState] = useState({ page: 1, key: JSON.stringify(deps) });
  const key = JSON.stringify(deps);
  const page = state.key === key ? state.page : 1;
  const loaded = useLoad(() => load(page, pageSize), [key, page]);
  const onPage = useCallback((next: number) => setState({ page: next, key }), [key]);
  return { loaded, page, pageSize, onPage };
}

/**
 * A form's fields, its submission and what came of it: `set(name)` updates a field from an input,
 * `submit(send, done)` sends, keeps the error, and shows `done(result)`'s message when it worked.
 */
export function useForm<F extends object>(initial: F) {
  const [form, setForm] = useState(initial);
  const [saved, setSaved] = useState<string | null>(null);
  const action = useAction();
  const set = (name: keyof F) => (event: { target: { value: string } }) => setForm((f) => ({ ...f, [name]: event.target.value }));
  const submit =
    <T>(send: () => Promise<T>, done: (result: T) => string) =>
    async (event: FormEvent) => {
      event.preventDefault();
      setSaved(null);
      const result = await action.run(send);
      if (result !== undefined) setSaved(done(result));
    };
  return { form, setForm, set, saved, action, submit };
}
