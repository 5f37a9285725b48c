import { spawn, ChildProcess } from 'node:child_process';
import { createWriteStream, mkdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

export const REPO_ROOT = resolve(__dirname, '../../..').replace(/\/dist$/, '');

/** A service process started from the compiled tree, its output in a log file. */
export class ServiceProcess {
  private child: ChildProcess | null = null;
  private stopping = false;
  /** How many times the process was started again after dying on its own. */
  restarts = 0;

  constructor(
    readonly name: string,
    private readonly script: string,
    private readonly env: Record<string, string>,
    private readonly logDir: string,
    /** A command the process runs under: `['ip', 'netns', 'exec', 'h1']` puts it on a test host. */
    private readonly wrap: string[] = [],
  ) {}

  get pid(): number | undefined {
    return this.child?.pid;
  }

  /** Resident set size in MiB (Linux), or undefined when not running. */
  residentMiB(): number | undefined {
    return this.status('VmRSS');
  }

  /** The most resident memory the process has had so far, in MiB (Linux). */
  peakResidentMiB(): number | undefined {
    return this.status('VmHWM');
  }

  private status(field: 'VmRSS' | 'VmHWM'): number | undefined {
    if (!this.running || !this.pid) return undefined;
    const status = readFileSync(`/proc/${this.pid}/status`, 'utf8');
    const kib = new RegExp(`${field}:\\s+(\\d+) kB`).exec(status)?.[1];
    return kib ? Math.round(Number(kib) / 1024) : undefined;
  }

  get running(): boolean {
    return this.child !== null && this.child.exitCode === null && this.child.signalCode === null;
  }

  start(): void {
    mkdirSync(this.logDir, { recursive: true });
    const log = createWriteStream(join(this.logDir, `${this.name}.log`), { flags: 'a' });
    // A log that cannot be written must not throw in the test or bench that started the service.
    log.on('error', () => undefined);
    // SERVICE_CPU_PROFILE_DIR=<dir>: each service writes a V8 CPU profile there when it stops (for benchmarks).
    const profile = process.env.SERVICE_CPU_PROFILE_DIR ? ['--cpu-prof', `--cpu-prof-dir=${process.env.SERVICE_CPU_PROFILE_DIR}`, `--cpu-prof-name=${this.name}.cpuprofile`] : [];
    // SERVICE_NODE_ARGS="--trace-gc …": flags for every service's node that NODE_OPTIONS does not take.
    const nodeArgs = (process.env.SERVICE_NODE_ARGS ?? '').split(/\s+/).filter(Boolean);
    const command = [...this.wrap, process.execPath, ...profile, ...nodeArgs, '-r', 'tsconfig-paths/register', join(REPO_ROOT, 'dist', this.script)];
    this.child = spawn(command[0], command.slice(1), {
      cwd: REPO_ROOT,
      env: { ...process.env, ...this.env, TS_NODE_BASEURL: join(REPO_ROOT, 'dist'), TS_NODE_PROJECT: join(REPO_ROOT, 'tsconfig.json') },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.child.stdout?.pipe(log);
    this.child.stderr?.pipe(log);
    const startedAt = Date.now();
    const child = this.child;
    // Like a process supervisor (or Kubernetes): a service that dies after running a while is
    // started again; one that dies at once (bad configuration) is not, so the error shows.
    child.once('exit', (code, signal) => {
      if (this.stopping || this.child !== child || Date.now() - startedAt < 3000 || this.restarts >= 20) return;
      // The child's stdout may have ended the log already ('exit' can come after the pipes close).
      const line = `\n[stack] ${this.name} exited (${signal ?? `code ${code}`}); starting it again\n`;
      if (log.writableEnded) process.stderr.write(line.trimStart()); else log.write(line);
      this.restarts++;
      setTimeout(() => {
        if (!this.stopping) this.start();
      }, 300).unref();
    });
  }

  /** SIGTERM, then SIGKILL if it will not go: a test never leaves a process behind. */
  async stop(signal: NodeJS.Signals = 'SIGTERM', graceMs = 8000): Promise<void> {
    this.stopping = true;
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((r) => child.once('exit', r));
    child.kill(signal);
    await Promise.race([exited, new Promise((r) => setTimeout(r, graceMs).unref())]);
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGKILL');
      await exited;
    }
  }
}

export const SERVICE_SCRIPTS = {
  gateway: 'apps/gateway/src/main.js',
  catalogue: 'apps/catalogue/src/main.js',
  booking: 'apps/booking/src/main.js',
  billing: 'apps/billing/src/main.js',
  subsidy: 'apps/subsidy/src/main.js',
  notification: 'apps/notification/src/main.js',
} as const;
