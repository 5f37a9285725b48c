// The API client: generated from the gateway's OpenAPI document (schema.d.ts, `npm run web:api`),
// so every path, parameter, request body and reply body is checked against the real API at compile
// time: `call()` returns the reply typed from the document, never a type the caller asserts.
import createClient, { type Middleware } from 'openapi-fetch';
import type { paths } from './schema';

let token: string | null = null;
let onUnauthorised: () => void = () => undefined;
/** The UI's language: the server answers errors (and import reports) in it (issue 21). */
let language: 'zh' | 'en' = 'zh';

export function setToken(next: string | null): void {
  token = next;
}

/** Called by the I18nProvider whenever the UI's language is set, before any request of that render. */
export function setRequestLanguage(next: 'zh' | 'en'): void {
  language = next;
}

/** The Accept-Language header for the UI's language: Chinese (the server's default) or English. */
export function acceptLanguage(): string {
  return language === 'en' ? 'en' : 'zh-CN,zh;q=0.9';
}

/** What to do when the server says the session is over (401): sign out. */
export function whenUnauthorised(handler: () => void): void {
  onUnauthorised = handler;
}

const auth: Middleware = {
  onRequest({ request }) {
    if (token) request.headers.set('authorization', `Bearer ${token}`);
    request.headers.set('accept-language', acceptLanguage());
    return request;
  },
  onResponse({ response }) {
    if (response.status === 401 && token) onUnauthorised();
    return response;
  },
};

export const api = createClient<paths>({ baseUrl: '' });
api.use(auth);

/** An error reply of the API ({ error: { code, message, details } }), or a network failure. */
export class ApiFailure extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
  }

  /** The bad fields a 400 names, as `field: reason`. */
  get fieldErrors(): { field: string; reason: string }[] {
    const fields = this.details.fields;
    return Array.isArray(fields) ? (fields as { field: string; reason: string }[]) : [];
  }
}

/** What openapi-fetch answers: the body of a 2xx typed from the document, or an error. */
interface Reply<T> {
  data?: T;
  error?: unknown;
  response: Response;
}

/** Awaits a client call and returns its body, typed from the OpenAPI document (schema.d.ts), or throws an ApiFailure. */
export async function call<T>(request: Promise<Reply<T>>): Promise<T> {
  let reply: Reply<T>;
  try {
    reply = await request;
  } catch (error) {
    throw new ApiFailure(0, 'NETWORK', error instanceof Error ? error.message : String(error));
  }
  // Every operation read through call() has a body (204s are not read: sign-out), so an ok reply carries one.
  if (reply.response.ok && reply.data !== undefined) return reply.data;
  if (reply.response.ok) throw new ApiFailure(reply.response.status, 'EMPTY_REPLY', 'the reply has no body');
  const body = (reply.error ?? {}) as { error?: { code?: string; message?: string; details?: Record<string, unknown> } };
  throw new ApiFailure(
    reply.response.status,
    body.error?.code ?? `HTTP_${reply.response.status}`,
    body.error?.message ?? reply.response.statusText,
    body.error?.details ?? {},
  );
}

/**
 * An export's path for a person's download: a CSV gets `excel=1` (a byte-order mark and CRLF, so Excel on
 * a Chinese Windows machine shows the Chinese); .xlsx and the exchange-format files are left as they are.
 */
export function forExcel(path: string, ext: 'csv' | 'xlsx'): string {
  return ext === 'csv' ? `${path}${path.includes('?') ? '&' : '?'}excel=1` : path;
}

/** A file from the API (exports, calendars) fetched with the session's token and saved by the browser. */
export async function download(path: string, filename: string): Promise<void> {
  const response = await fetch(path, { headers: { 'accept-language': acceptLanguage(), ...(token ? { authorization: `Bearer ${token}` } : {}) } });
  // A download bypasses the client's middleware: an ended session ends here too.
  if (response.status === 401 && token) onUnauthorised();
  if (!response.ok) {
    const body = (await response.json().catch(() => ({}))) as { error?: { code?: string; message?: string } };
    throw new ApiFailure(response.status, body.error?.code ?? `HTTP_${response.status}`, body.error?.message ?? response.statusText);
  }
  const url = URL.createObjectURL(await response.blob());
  const link = document.createElement('a');
  link.href = url;
  link.download = filename;
  link.click();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
