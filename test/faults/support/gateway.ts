import { randomBytes } from 'node:crypto';

/** An answer of the gateway as a fault test keeps it: the body parsed when it is JSON, else its text. */
export interface GatewayAnswer { status: number; body: any; headers: Headers }

/**
 * One request to a gateway at `base`: `/health…` as is, anything else under /api/v1; 30 s at
 * most, so a request swallowed by the fault fails the test's loop instead of hanging it.
 */
export async function gatewayCall(base: string, method: string, path: string, token?: string, body?: unknown, headers: Record<string, string> = {}): Promise<GatewayAnswer> {
  const h: Record<string, string> = { ...headers };
  if (token) h.authorization = `Bearer ${token}`;
  if (body !== undefined) h['content-type'] = 'application/json';
  const url = path.startsWith('/health') ? path : `/api/v1${path}`;
  const response = await fetch(`${base}${url}`, { method, headers: h, body: body === undefined ? undefined : JSON.stringify(body), signal: AbortSignal.timeout(30000) });
  const text = await response.text();
  let parsed: unknown = text;
  try {
    parsed = text ? JSON.parse(text) : undefined;
  } catch {
    // not JSON: kept as text (fastify's own pages would show here)
  }
  return { status: response.status, body: parsed, headers: response.headers };
}

/** A bearer token for the account, or the test fails saying why. */
export async function gatewayLogin(base: string, email: string, password: string): Promise<string> {
  const res = await gatewayCall(base, 'POST', '/auth/login', undefined, { email, password });
  if (res.status !== 200) throw new Error(`login ${email} → ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.accessToken as string;
}

/** A code no other run of the test uses. */
export const uniqueCode = (prefix: string): string => `${prefix}-${randomBytes(4).toString('hex').toUpperCase()}`;

/** What a client saw of one request under load. */
export interface Outcome {
  status: number;
  ms: number;
  at: number;
  code?: string;
  retryAfter?: string | null;
  body?: unknown;
  kind: 'read' | 'book';
}

/** How many answers of each status (and error code): what the test prints and asserts on. */
export const countBy = (outcomes: Outcome[]): Record<string, number> => outcomes.reduce<Record<string, number>>((acc, o) => {
  const key = `${o.status}${o.code ? ` ${o.code}` : ''}`;
  acc[key] = (acc[key] ?? 0) + 1;
  return acc;
}, {});
