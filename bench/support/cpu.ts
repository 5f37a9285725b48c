import { readdirSync, readFileSync } from 'node:fs';
import { LocalStack } from '../../deploy/local/stack/local-stack';

/** Clock ticks per second of /proc/<pid>/stat (USER_HZ: 100 on every Linux this runs on). */
const TICKS_PER_SECOND = 100;

function processCpuMs(pid: number): number {
  try {
    // Fields after the parenthesised command name; utime and stime are the 12th and 13th of them.
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / TICKS_PER_SECOND;
  } catch {
    return 0; // the process has gone
  }
}

/** cutime + cstime of this process: the CPU of its children that have ended and been waited for. */
function waitedChildrenCpuMs(): number {
  const stat = readFileSync('/proc/self/stat', 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return ((Number(fields[13]) + Number(fields[14])) * 1000) / TICKS_PER_SECOND;
}

/** Every PostgreSQL server process on the machine (backends, WAL writer, checkpointer…). */
function postgresCpuMs(): number {
  let total = 0;
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (readFileSync(`/proc/${entry}/comm`, 'utf8').trim() === 'postgres') total += processCpuMs(Number(entry));
    } catch {
      // gone between listing and reading
    }
  }
  return total;
}

export type CpuSnapshot = Map<string, number>;

/** CPU time used so far by each part of a benchmark: the stack's services, its nats-server, PostgreSQL and the load generator. */
export function cpuSnapshot(stack: LocalStack): CpuSnapshot {
  const snapshot: CpuSnapshot = new Map();
  for (const p of stack.processes) if (p.pid) snapshot.set(p.name, processCpuMs(p.pid));
  if (stack.nats?.pid) snapshot.set('nats-server', processCpuMs(stack.nats.pid));
  snapshot.set('postgres', postgresCpuMs());
  // The benchmark's own CPU, and that of the load generators it has run and waited for (wrk).
  const own = process.cpuUsage();
  snapshot.set('load generator', (own.user + own.system) / 1000 + waitedChildrenCpuMs());
  return snapshot;
}

/**
 * CPU milliseconds each part spent per request between two snapshots: where a request's cost goes
 * when the machine's cores, not waiting, are the limit. PostgreSQL's share counts every postgres
 * process, so keep the machine otherwise quiet.
 */
export function formatCpuPerRequest(before: CpuSnapshot, after: CpuSnapshot, requests: number): string {
  const parts = [...after].map(([name, ms]) => [name, (ms - (before.get(name) ?? 0)) / requests] as const).filter(([, ms]) => ms >= 0.005);
  const total = parts.reduce((sum, [, ms]) => sum + ms, 0);
  return `CPU per request: ${parts.map(([name, ms]) => `${name} ${ms.toFixed(2)} ms`).join(', ')}; total ${total.toFixed(2)} ms`;
}
