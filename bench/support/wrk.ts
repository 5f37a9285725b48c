import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { LoadResult } from './load';

/**
 * Closed-loop HTTP load from wrk (Debian's package): one connection per client, each sending its
 * next request when the last one has answered, as `closedLoop` does. The benchmarks share the
 * machine's two cores with everything they measure; wrk spends a few microseconds of CPU per
 * request where a Node.js client spends a fifth of a millisecond, so nearly all of the machine goes
 * to the system under test. LOAD_CLIENT=node keeps the Node.js client instead.
 */
export interface WrkPlan {
  /** The server's origin, e.g. http://127.0.0.1:3000. */
  origin: string;
  clients: number;
  seconds: number;
  /**
   * wrk threads (default 2, one per core): a thread keeps clients/threads connections, and its
   * i-th request is request j = ⌊i / k⌋ of its (i mod k)-th client, so every client's requests
   * stay distinct whichever of the thread's connections sends them.
   */
  threads?: number;
  /**
   * Lua source defining `request_of(j, own)`: a client's j-th request (j from 0) as `wrk.format(...)`;
   * `own` is that client's entry of `perClient`, loaded only by the thread that serves the client.
   */
  lua: string;
  /** What each client needs to build its requests (JSON-like values, turned into Lua tables). */
  perClient: unknown[];
}

export function useWrk(): boolean {
  if (process.env.LOAD_CLIENT === 'node') return false;
  if (spawnSync('wrk', ['--version']).error === undefined) return true;
  if (process.getuid?.() === 0) {
    console.log('  installing wrk (apt-get install wrk) for the load; LOAD_CLIENT=node uses the Node.js client instead');
    const install = spawnSync('bash', ['-c', 'apt-get install -y wrk >/dev/null 2>&1 || (apt-get update >/dev/null 2>&1 && apt-get install -y wrk >/dev/null 2>&1)']);
    if (install.status === 0) return true;
  }
  console.log('  wrk is not installed (apt-get install wrk): measuring with the Node.js client, which takes more of the CPU');
  return false;
}

/** A JSON-like value as a Lua literal. */
export function luaLiteral(value: unknown): string {
  if (value === null || value === undefined) return 'nil';
  if (typeof value === 'string') return `"${[...Buffer.from(value, 'utf8')].map((b) => (b >= 0x20 && b < 0x7f && b !== 0x22 && b !== 0x5c ? String.fromCharCode(b) : `\\${String(b).padStart(3, '0')}`)).join('')}"`;
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new Error(`no Lua literal for ${value}`);
    return String(value);
  }
  if (typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) return `{${value.map(luaLiteral).join(',')}}`;
  if (typeof value === 'object') {
    return `{${Object.entries(value as Record<string, unknown>).map(([k, v]) => `[${luaLiteral(k)}]=${luaLiteral(v)}`).join(',')}}`;
  }
  throw new Error(`no Lua literal for a ${typeof value}`);
}

const RESULT = 'WRK_RESULT';

function script(dir: string, lua: string, clients: number, threads: number): string {
  return `
local mine = {}
local i = 0
local next_thread = 0
function setup(thread)
  thread:set("thread_index", next_thread)
  next_thread = next_thread + 1
end
function init(args)
  for c = thread_index, ${clients - 1}, ${threads} do
    table.insert(mine, dofile(${luaLiteral(dir)} .. "/client-" .. c .. ".lua"))
  end
end
${lua}
function request()
  local k = #mine
  local r = request_of(math.floor(i / k), mine[(i % k) + 1])
  i = i + 1
  return r
end
function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("${RESULT} %d %d %d %d %.0f %.0f %.0f %.0f\\n", summary.requests, summary.duration,
    e.connect + e.read + e.write + e.timeout, e.status,
    latency:percentile(50), latency:percentile(95), latency:percentile(99), latency.max))
end
`;
}

/** Runs the plan and reads wrk's figures (latencies in microseconds) into a LoadResult. */
export async function wrkClosedLoop(plan: WrkPlan): Promise<LoadResult> {
  const dir = mkdtempSync(join(tmpdir(), 'yx-wrk-'));
  try {
    plan.perClient.forEach((own, c) => writeFileSync(join(dir, `client-${c}.lua`), `return ${luaLiteral(own)}\n`));
    const threads = Math.min(plan.threads ?? 2, plan.clients);
    writeFileSync(join(dir, 'load.lua'), script(dir, plan.lua, plan.clients, threads));
    const args = ['-t', String(threads), '-c', String(plan.clients), '-d', `${plan.seconds}s`, '--timeout', '10s', '-s', join(dir, 'load.lua'), `${plan.origin}/`];
    const output = await new Promise<string>((resolve, reject) => {
      const child = spawn('wrk', args, { stdio: ['ignore', 'pipe', 'pipe'] });
      let out = '';
      child.stdout.on('data', (d: Buffer) => (out += d.toString('utf8')));
      child.stderr.on('data', (d: Buffer) => (out += d.toString('utf8')));
      child.on('error', reject);
      child.on('close', (code) => (code === 0 ? resolve(out) : reject(new Error(`wrk exited with ${code}: ${out}`))));
    });
    const line = output.split('\n').find((l) => l.startsWith(RESULT));
    if (!line) throw new Error(`wrk printed no result:\n${output}`);
    const [requests, durationUs, socketErrors, statusErrors, p50, p95, p99, max] = line.slice(RESULT.length).trim().split(/\s+/).map(Number);
    const seconds = durationUs / 1e6;
    const ms = (us: number) => us / 1000;
    return {
      requests, errors: socketErrors + statusErrors, seconds, perSecond: requests / seconds,
      p50: ms(p50), p95: ms(p95), p99: ms(p99), max: ms(max),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
