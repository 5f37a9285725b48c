import { spawn, spawnSync, ChildProcess } from 'node:child_process';
import { appendFileSync, chmodSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, waitFor } from './ports';

/**
 * Private instances of the stores, for tests that stop, kill or restart one (a database outage,
 * a Redis restart, a host of a cluster): the machine's own PostgreSQL and Redis serve every other
 * run and must never be touched. Each instance lives in a throw-away folder; `wrap` runs the server
 * under another command (`['ip', 'netns', 'exec', 'host-a']` puts it on a test host).
 */
export interface EngineOptions {
  host?: string;
  port?: number;
  wrap?: string[];
  /** Kept across stop/start when given (a restart keeps the data); made and removed otherwise. */
  dataDir?: string;
  /** PostgreSQL only: also trust clients of this network (`10.77.0.0/24`), for a server on a test host. */
  trustNetwork?: string;
  /** PostgreSQL only: more server settings (`['-c', 'synchronous_standby_names=*']`), after the defaults. */
  extraArgs?: string[];
}

function spawnWrapped(wrap: string[] | undefined, command: string, args: string[], asUser?: string): ChildProcess {
  const inner = asUser ? ['runuser', '-u', asUser, '--', command, ...args] : [command, ...args];
  const full = [...(wrap ?? []), ...inner];
  return spawn(full[0], full.slice(1), { stdio: 'ignore' });
}

async function stopChild(child: ChildProcess | null, signal: NodeJS.Signals, graceMs: number): Promise<void> {
  if (!child || child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  child.kill(signal);
  await Promise.race([exited, new Promise((r) => setTimeout(r, graceMs).unref())]);
  if (child.exitCode === null && child.signalCode === null) {
    child.kill('SIGKILL');
    await exited;
  }
}

/** Debian's PostgreSQL binaries (the newest installed major version). */
export function postgresBinDir(): string {
  const root = '/usr/lib/postgresql';
  const versions = existsSync(root) ? readdirSync(root).filter((v) => /^\d+$/.test(v)).sort((a, b) => Number(b) - Number(a)) : [];
  if (!versions.length) throw new Error('PostgreSQL server binaries not found under /usr/lib/postgresql; run deploy/local/ensure-services.sh');
  return join(root, versions[0], 'bin');
}

/**
 * A PostgreSQL cluster of its own (initdb, trust auth, `postgres` superuser). PostgreSQL refuses to
 * run as root, so as root the server runs as the `postgres` system user.
 */
export class PostgresServer {
  private child: ChildProcess | null = null;
  private ownsDir = false;
  host = '127.0.0.1';
  port = 0;
  dataDir = '';

  constructor(private readonly options: EngineOptions = {}) {}

  get url(): string {
    return `postgres://postgres@${this.host}:${this.port}/postgres`;
  }

  get pid(): number | undefined {
    return this.child?.pid;
  }

  private get user(): string | undefined {
    return process.getuid?.() === 0 ? 'postgres' : undefined;
  }

  async start(): Promise<void> {
    const bin = postgresBinDir();
    this.host = this.options.host ?? '127.0.0.1';
    if (!this.port) this.port = this.options.port ?? (await freePort());
    if (!this.dataDir) {
      this.ownsDir = !this.options.dataDir;
      this.dataDir = this.options.dataDir ?? mkdtempSync(join(tmpdir(), 'yixiang-pg-'));
      chmodSync(this.dataDir, 0o700);
      if (this.user) spawnSync('chown', ['-R', this.user, this.dataDir]);
      if (!existsSync(join(this.dataDir, 'PG_VERSION'))) {
        const args = ['-D', this.dataDir, '-U', 'postgres', '--auth=trust', '--encoding=UTF8', '--locale=C', '--no-sync'];
        const init = spawnSync(this.user ? 'runuser' : join(bin, 'initdb'), this.user ? ['-u', this.user, '--', join(bin, 'initdb'), ...args] : args, { encoding: 'utf8' });
        if (init.status !== 0) throw new Error(`initdb failed: ${init.stderr || init.stdout}`);
      }
      const hba = join(this.dataDir, 'pg_hba.conf');
      const line = `host all all ${this.options.trustNetwork} trust`;
      if (this.options.trustNetwork && !readFileSync(hba, 'utf8').includes(line)) appendFileSync(hba, `${line}\n`);
    }
    const args = ['-D', this.dataDir, '-h', this.host, '-p', String(this.port), '-k', this.dataDir, '-c', 'fsync=off', '-c', 'max_connections=200', ...(this.options.extraArgs ?? [])];
    this.child = spawnWrapped(this.options.wrap, join(bin, 'postgres'), args, this.user);
    await waitFor(`postgres on ${this.host}:${this.port}`, async () => {
      if (this.child?.exitCode !== null) throw new Error('postgres exited');
      const ready = spawnSync(join(bin, 'pg_isready'), ['-h', this.host, '-p', String(this.port), '-U', 'postgres'], { encoding: 'utf8' });
      return ready.status === 0 ? true : undefined;
    }, 30000, 100);
  }

  /** A fast shutdown (connections cut, data kept): an outage until `start()` again, on the same port. */
  async stop(): Promise<void> {
    await this.signalPostmaster('SIGINT', 10000);
    await stopChild(this.child, 'SIGINT', 10000);
    this.child = null;
  }

  async kill(): Promise<void> {
    await this.signalPostmaster('SIGKILL', 0);
    await stopChild(this.child, 'SIGKILL', 0);
    this.child = null;
  }

  /**
   * The signal goes to the postmaster itself (its pid from postmaster.pid): as root the child is
   * `runuser`, which does not pass SIGINT on, and killing it left PostgreSQL running, orphaned.
   */
  private async signalPostmaster(signal: NodeJS.Signals, graceMs: number): Promise<void> {
    const pidFile = join(this.dataDir, 'postmaster.pid');
    if (!this.child || !this.dataDir || !existsSync(pidFile)) return;
    const pid = Number(readFileSync(pidFile, 'utf8').split('\n')[0]);
    if (!Number.isInteger(pid) || pid <= 0) return;
    const alive = () => {
      try {
        process.kill(pid, 0);
        return true;
      } catch {
        return false;
      }
    };
    try {
      process.kill(pid, signal);
    } catch {
      return;
    }
    const deadline = Date.now() + graceMs;
    while (alive() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    if (alive()) process.kill(pid, 'SIGKILL');
  }

  async destroy(): Promise<void> {
    await this.stop();
    if (this.ownsDir) rmSync(this.dataDir, { recursive: true, force: true });
  }

  /**
   * A streaming standby of a running `primary`: `pg_basebackup -R` (the copy, and the settings
   * that make it follow the primary) into a folder of its own; `start()` it, then `promote()` it
   * when the primary is gone. Runs as the `postgres` user when root, as the server does.
   */
  static standbyOf(primary: PostgresServer, options: EngineOptions = {}): PostgresServer {
    const bin = postgresBinDir();
    const dir = mkdtempSync(join(tmpdir(), 'yixiang-pg-standby-'));
    chmodSync(dir, 0o700);
    const standby = new PostgresServer(options);
    if (standby.user) spawnSync('chown', ['-R', standby.user, dir]);
    const args = ['-D', dir, '-h', primary.host, '-p', String(primary.port), '-U', 'postgres', '-R', '-X', 'stream', '--checkpoint=fast', '--no-sync'];
    const copy = spawnSync(standby.user ? 'runuser' : join(bin, 'pg_basebackup'), standby.user ? ['-u', standby.user, '--', join(bin, 'pg_basebackup'), ...args] : args, { encoding: 'utf8' });
    if (copy.status !== 0) throw new Error(`pg_basebackup failed: ${copy.stderr || copy.stdout}`);
    standby.dataDir = dir;
    standby.ownsDir = true;
    return standby;
  }

  /** A standby made primary (`pg_ctl promote`, waiting until it takes writes). */
  promote(): void {
    const bin = postgresBinDir();
    const args = ['promote', '-D', this.dataDir, '-w', '-t', '30'];
    const done = spawnSync(this.user ? 'runuser' : join(bin, 'pg_ctl'), this.user ? ['-u', this.user, '--', join(bin, 'pg_ctl'), ...args] : args, { encoding: 'utf8' });
    if (done.status !== 0) throw new Error(`pg_ctl promote failed: ${done.stderr || done.stdout}`);
  }
}

/**
 * A Redis of its own. `appendonly` as the platform runs it (BullMQ's jobs survive a restart, and
 * `noeviction` so Redis never drops a job key to make room); without it, as the machine's Redis
 * (nothing on disk: a restart loses every key).
 */
export class RedisServer {
  private child: ChildProcess | null = null;
  private ownsDir = false;
  host = '127.0.0.1';
  port = 0;
  dataDir = '';

  constructor(private readonly options: EngineOptions & { appendonly?: boolean } = {}) {}

  get url(): string {
    return `redis://${this.host}:${this.port}`;
  }

  get pid(): number | undefined {
    return this.child?.pid;
  }

  async start(): Promise<void> {
    this.host = this.options.host ?? '127.0.0.1';
    if (!this.port) this.port = this.options.port ?? (await freePort());
    if (!this.dataDir) {
      this.ownsDir = !this.options.dataDir;
      this.dataDir = this.options.dataDir ?? mkdtempSync(join(tmpdir(), 'yixiang-redis-'));
    }
    const persistence = this.options.appendonly === false
      ? ['--save', '', '--appendonly', 'no']
      : ['--save', '', '--appendonly', 'yes', '--appendfsync', 'everysec'];
    // Protected mode refuses every client but loopback: a Redis on a test host serves the other hosts.
    const open = this.host === '127.0.0.1' ? [] : ['--protected-mode', 'no'];
    const args = ['--bind', this.host, '--port', String(this.port), '--dir', this.dataDir, '--maxmemory-policy', 'noeviction', ...persistence, ...open];
    this.child = spawnWrapped(this.options.wrap, 'redis-server', args);
    await waitFor(`redis on ${this.host}:${this.port}`, async () => {
      if (this.child?.exitCode !== null) throw new Error('redis-server exited');
      const ping = spawnSync('redis-cli', ['-h', this.host, '-p', String(this.port), 'ping'], { encoding: 'utf8' });
      return ping.stdout.trim() === 'PONG' ? true : undefined;
    }, 15000, 100);
  }

  /** SIGTERM: Redis writes its append-only file out and exits; `start()` brings the same keys back. */
  async stop(): Promise<void> {
    await stopChild(this.child, 'SIGTERM', 10000);
    this.child = null;
  }

  async kill(): Promise<void> {
    await stopChild(this.child, 'SIGKILL', 0);
    this.child = null;
  }

  async restart(): Promise<void> {
    await this.stop();
    await this.start();
  }

  async destroy(): Promise<void> {
    await this.stop();
    if (this.ownsDir) rmSync(this.dataDir, { recursive: true, force: true });
  }
}
