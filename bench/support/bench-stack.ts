import { LocalStack } from '../../deploy/local/stack/local-stack';

/**
 * A private platform for a benchmark: its own database, BullMQ prefix and nats-server; all removed
 * after. With BENCH_DATABASE=<name> the database is kept and reused by the next run (to iterate on
 * one part without re-importing the data set each time).
 */
export async function startBenchStack(name: string, opts: { catalogueReplicas?: number; bookingReplicas?: number; env?: Record<string, string> } = {}): Promise<{ stack: LocalStack; bureau: string; reused: boolean }> {
  const run = `${name}_${Date.now().toString(36)}`;
  const reuse = process.env.BENCH_DATABASE;
  const password = 'bench-officer-password';
  const stack = new LocalStack({
    database: (reuse ?? `yixiang_bench_${run}`).toLowerCase().replace(/[^a-z0-9_]/g, '_'),
    bullmqPrefix: `yxbench-${run}`,
    catalogueReplicas: opts.catalogueReplicas ?? 1,
    bookingReplicas: opts.bookingReplicas ?? 1,
    dropDatabaseOnStop: !reuse,
    logDir: `.runtime/bench-logs/${run}`,
    env: { BOOTSTRAP_ADMIN_EMAIL: 'bureau@bench.local', BOOTSTRAP_ADMIN_PASSWORD: password, LOG_LEVEL: process.env.BENCH_LOG_LEVEL ?? 'warn', ...(opts.env ?? {}) },
    log: (line) => console.log(`  ${line}`),
  });
  await stack.start();
  const res = await fetch(`${stack.gatewayUrl}/api/v1/auth/login`, {
    method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: 'bureau@bench.local', password }),
  });
  const { accessToken } = (await res.json()) as { accessToken: string };
  return { stack, bureau: accessToken, reused: Boolean(reuse) };
}

/** Uploads a zipped bundle and follows the job to its end, printing progress as it goes. */
export async function importBundle(baseUrl: string, token: string, zip: Uint8Array, onProgress: (p: number) => void): Promise<{ state: string; result?: unknown; error?: unknown }> {
  const form = new FormData();
  form.append('bundle', new Blob([zip], { type: 'application/zip' }), 'bundle.zip');
  const started = await fetch(`${baseUrl}/api/v1/imports`, { method: 'POST', headers: { authorization: `Bearer ${token}` }, body: form });
  const { jobId } = (await started.json()) as { jobId: string };
  return followJob(baseUrl, token, jobId, onProgress);
}

export interface BenchJob<R> {
  state: string;
  progress: number;
  result?: R;
  error?: unknown;
}

/** Polls GET /jobs/:id until the job completes or fails, telling each new progress value. */
export async function followJob<R = unknown>(baseUrl: string, token: string, jobId: string, onProgress: (p: number) => void): Promise<BenchJob<R>> {
  let last = -1;
  for (;;) {
    const job = (await (await fetch(`${baseUrl}/api/v1/jobs/${jobId}`, { headers: { authorization: `Bearer ${token}` } })).json()) as BenchJob<R>;
    if (job.progress !== last) onProgress((last = job.progress));
    if (job.state === 'completed' || job.state === 'failed') return job;
    await new Promise((r) => setTimeout(r, 250));
  }
}
