import type { CheckResult } from '../health/checks';

export type Check = () => Promise<CheckResult>;

export interface Readiness {
  ok: boolean;
  /** The checks that failed, by name (empty when ready). */
  failing: string[];
  checks: Record<string, CheckResult>;
}

/**
 * Readiness from a process's own checks only. Each check is its own dependency (its database, its
 * broker connection), never another service: a probe that asks other services takes every
 * replica out of service when one of them crash-loops. A check that throws counts as failed.
 */
export async function readiness(checks: Record<string, Check>): Promise<Readiness> {
  const entries = await Promise.all(Object.entries(checks).map(async ([name, check]) => {
    const result = await check().catch((error: unknown): CheckResult => ({ ok: false, error: error instanceof Error ? error.message : String(error) }));
    return [name, result] as const;
  }));
  const failing = entries.filter(([, r]) => !r.ok).map(([name]) => name);
  return { ok: failing.length === 0, failing, checks: Object.fromEntries(entries) };
}

/** Within `timeoutMs` or failed: a probe must answer before the kubelet gives up on it. */
export async function within(timeoutMs: number, fn: () => Promise<unknown>): Promise<CheckResult> {
  const started = Date.now();
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([fn(), new Promise((_, reject) => (timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs)))]);
    return { ok: true, ms: Date.now() - started };
  } catch (error) {
    return { ok: false, error: error instanceof Error ? error.message : String(error), ms: Date.now() - started };
  } finally {
    clearTimeout(timer);
  }
}

/** A NATS connection is up when it is open and a round trip to its server returns. */
export function checkNatsConnection(connection: { isClosed(): boolean; flush(): Promise<void> } | null | undefined, timeoutMs = 1500): Promise<CheckResult> {
  if (!connection) return Promise.resolve({ ok: false, error: '未连接 NATS / not connected to NATS' });
  if (connection.isClosed()) return Promise.resolve({ ok: false, error: 'NATS 连接已关闭 / the NATS connection is closed' });
  return within(timeoutMs, () => connection.flush());
}
