import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { waitFor } from './ports';
import { REPO_ROOT } from './processes';

const PLATFORM_REDIS_PORT = Number(process.env.PLATFORM_REDIS_PORT ?? 6380);

function cli(host: string, port: number, ...args: string[]): string | null {
  const r = spawnSync('redis-cli', ['-h', host, '-p', String(port), '--no-raw', ...args], { encoding: 'utf8', timeout: 5000 });
  return r.status === 0 ? r.stdout : null;
}

function config(host: string, port: number, key: string): string | null {
  const out = cli(host, port, 'CONFIG', 'GET', key);
  const lines = out?.trim().split('\n') ?? [];
  return lines.length >= 2 ? lines[1].replace(/^\d+\)\s*/, '').replace(/^"|"$/g, '') : null;
}

/**
 * The Redis `npm run platform` runs on. BullMQ needs one that keeps its keys (`appendonly yes`) and never
 * evicts them (`maxmemory-policy noeviction`). REDIS_URL in the environment wins; otherwise the machine's
 * Redis on 6379 when it is so configured; otherwise the platform's own redis-server on PLATFORM_REDIS_PORT
 * (6380), its data and pidfile under .runtime/redis, started once and reused by later runs (it outlives
 * the platform, like the nats-server of ensure-services.sh, so that its data is the point of it).
 */
export async function platformRedisUrl(log: (line: string) => void): Promise<string> {
  if (process.env.REDIS_URL) return process.env.REDIS_URL;
  if (config('127.0.0.1', 6379, 'appendonly') === 'yes' && config('127.0.0.1', 6379, 'maxmemory-policy') === 'noeviction') return 'redis://127.0.0.1:6379';
  const dir = join(REPO_ROOT, '.runtime', 'redis');
  const pidfile = join(dir, `redis-${PLATFORM_REDIS_PORT}.pid`);
  const url = `redis://127.0.0.1:${PLATFORM_REDIS_PORT}`;
  if (cli('127.0.0.1', PLATFORM_REDIS_PORT, 'PING')?.trim() === 'PONG') {
    if (config('127.0.0.1', PLATFORM_REDIS_PORT, 'appendonly') !== 'yes') throw new Error(`a Redis on port ${PLATFORM_REDIS_PORT} keeps nothing (appendonly no) and is not the platform's; stop it or set PLATFORM_REDIS_PORT`);
    log(`redis: the platform's own, on ${url} (AOF, data in ${dir})`);
    return url;
  }
  if (existsSync(pidfile)) {
    const pid = Number(readFileSync(pidfile, 'utf8').trim());
    let alive = false;
    try {
      process.kill(pid, 0);
      alive = true;
    } catch {
      // A pidfile left by a Redis that is gone: started again below.
    }
    if (alive) throw new Error(`the platform's Redis (pid ${pid}, ${pidfile}) runs but does not answer on port ${PLATFORM_REDIS_PORT}; stop it (kill ${pid}) and start again`);
  }
  log(`redis: the machine's Redis keeps nothing (appendonly no); starting the platform's own on ${url} (appendonly yes, maxmemory-policy noeviction, data in ${dir})`);
  mkdirSync(dir, { recursive: true });
  const started = spawnSync('redis-server', ['--bind', '127.0.0.1', '--port', String(PLATFORM_REDIS_PORT), '--dir', dir, '--daemonize', 'yes', '--pidfile', pidfile,
    '--logfile', join(dir, `redis-${PLATFORM_REDIS_PORT}.log`), '--appendonly', 'yes', '--appendfsync', 'everysec', '--save', '', '--maxmemory-policy', 'noeviction'], { encoding: 'utf8' });
  if (started.status !== 0) throw new Error(`redis-server did not start: ${started.stderr || started.stdout}`);
  await waitFor(`redis on ${url}`, async () => (cli('127.0.0.1', PLATFORM_REDIS_PORT, 'PING')?.trim() === 'PONG' ? true : undefined), 15000, 100);
  return url;
}
