import { readFileSync } from 'node:fs';
import { RUNTIME_FILE, TestEnv } from './paths';

export function testEnv(): TestEnv {
  return JSON.parse(readFileSync(RUNTIME_FILE, 'utf8')) as TestEnv;
}

export interface ApiResponse<T = any> {
  status: number;
  body: T;
  headers: Headers;
}

/** A thin HTTP client for the public API: what a real client sends, nothing more. */
export async function api<T = any>(method: string, path: string, opts: { token?: string; body?: unknown; headers?: Record<string, string>; raw?: RequestInit['body'] } = {}): Promise<ApiResponse<T>> {
  const headers: Record<string, string> = { ...(opts.headers ?? {}) };
  if (opts.token) headers.authorization = `Bearer ${opts.token}`;
  let body: RequestInit['body'] = opts.raw;
  if (opts.body !== undefined) {
    headers['content-type'] = 'application/json';
    body = JSON.stringify(opts.body);
  }
  const url = path.startsWith('/health') || path.startsWith('/metrics') || path.startsWith('/api/') ? path : `/api/v1${path}`;
  const response = await fetch(`${testEnv().gatewayUrl}${url}`, { method, headers, body });
  const text = await response.text();
  let parsed: unknown = text;
  try {
    parsed = text ? JSON.parse(text) : undefined;
  } catch {
    // Not JSON (metrics, calendars): the text itself.
  }
  return { status: response.status, body: parsed as T, headers: response.headers };
}

export async function login(email: string, password: string): Promise<string> {
  const res = await api('POST', '/auth/login', { body: { email, password } });
  if (res.status !== 200) throw new Error(`login ${email} → ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.accessToken as string;
}

export async function bureauToken(): Promise<string> {
  const env = testEnv();
  return login(env.bootstrapEmail, env.bootstrapPassword);
}

export function expectError(res: ApiResponse, status: number, code?: string): void {
  if (res.status !== status || (code && res.body?.error?.code !== code)) {
    throw new Error(`expected ${status}${code ? ` ${code}` : ''}, got ${res.status} ${JSON.stringify(res.body)}`);
  }
}
