import { spawnSync } from 'node:child_process';

/**
 * Test hosts as Linux network namespaces on one bridge in the root namespace: each host has a veth
 * pair (its end `eth0`, the root end on the bridge) and an address 10.77.0.<n>; the root namespace
 * is 10.77.0.254, so the test itself is the client network in front of the hosts. Cutting a host
 * sets its bridge end down: the host is alive but no packet reaches it, as with a pulled cable.
 *
 * Names carry the test's pid after a fixed prefix, so a run that crashed (SIGKILL, a lost CI
 * runner) is recognised by the next one — its pid is gone — and its namespaces and bridge removed.
 */
const PREFIX = 'yx3h';
export const SUBNET = '10.77.0';

function run(args: string[], allowFailure = false): string {
  const result = spawnSync(args[0], args.slice(1), { encoding: 'utf8' });
  if (result.status !== 0 && !allowFailure) throw new Error(`${args.join(' ')} failed: ${result.stderr || result.stdout}`);
  return result.stdout ?? '';
}

/** Why this machine cannot build test hosts, or undefined when it can (root and iproute2 with netns). */
export function testHostsUnavailable(): string | undefined {
  if (process.getuid?.() !== 0) return 'needs root (network namespaces); CI runs the fault suite as root';
  const probe = spawnSync('ip', ['netns', 'list'], { encoding: 'utf8' });
  if (probe.error || probe.status !== 0) return `\`ip netns\` is unavailable: ${probe.error?.message ?? probe.stderr}`;
  return undefined;
}

function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Kills what still runs in a namespace, then deletes it. */
function deleteNamespace(name: string): void {
  const pids = run(['ip', 'netns', 'pids', name], true).split(/\s+/).filter(Boolean).map(Number);
  for (const pid of pids) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // Already gone.
    }
  }
  run(['ip', 'netns', 'delete', name], true);
}

/** Removes the namespaces and links of earlier runs whose process is gone. */
export function removeStaleTestHosts(): string[] {
  const removed: string[] = [];
  const stale = (name: string) => {
    const m = new RegExp(`^${PREFIX}(\\d+)`).exec(name);
    return m !== null && Number(m[1]) !== process.pid && !pidAlive(Number(m[1]));
  };
  for (const line of run(['ip', 'netns', 'list'], true).split('\n')) {
    const name = line.split(' ')[0];
    if (name && stale(name)) {
      deleteNamespace(name);
      removed.push(name);
    }
  }
  for (const line of run(['ip', '-o', 'link', 'show'], true).split('\n')) {
    const name = /^\d+:\s+([^:@\s]+)/.exec(line)?.[1];
    if (name && stale(name)) {
      run(['ip', 'link', 'delete', name], true);
      removed.push(name);
    }
  }
  return removed;
}

export interface TestHost {
  /** 1-based. */
  index: number;
  namespace: string;
  address: string;
  /** The command prefix that runs a program on this host. */
  wrap: string[];
}

export class TestHosts {
  readonly hosts: TestHost[] = [];
  private readonly bridge = `${PREFIX}${process.pid}br`;
  private built = false;

  constructor(private readonly count: number) {}

  private rootEnd(index: number): string {
    return `${PREFIX}${process.pid}v${index}`;
  }

  create(): TestHost[] {
    removeStaleTestHosts();
    this.built = true;
    run(['ip', 'link', 'add', this.bridge, 'type', 'bridge']);
    run(['ip', 'addr', 'add', `${SUBNET}.254/24`, 'dev', this.bridge]);
    run(['ip', 'link', 'set', this.bridge, 'up']);
    for (let index = 1; index <= this.count; index++) {
      const namespace = `${PREFIX}${process.pid}h${index}`;
      const address = `${SUBNET}.${index}`;
      const wrap = ['ip', 'netns', 'exec', namespace];
      run(['ip', 'netns', 'add', namespace]);
      run(['ip', 'link', 'add', this.rootEnd(index), 'type', 'veth', 'peer', 'name', 'eth0', 'netns', namespace]);
      run(['ip', 'link', 'set', this.rootEnd(index), 'master', this.bridge]);
      run(['ip', 'link', 'set', this.rootEnd(index), 'up']);
      run([...wrap, 'ip', 'addr', 'add', `${address}/24`, 'dev', 'eth0']);
      run([...wrap, 'ip', 'link', 'set', 'eth0', 'up']);
      run([...wrap, 'ip', 'link', 'set', 'lo', 'up']);
      this.hosts.push({ index, namespace, address, wrap });
    }
    return this.hosts;
  }

  /** The host's cable pulled: nothing in or out until `restore`. */
  cut(index: number): void {
    run(['ip', 'link', 'set', this.rootEnd(index), 'down']);
  }

  restore(index: number): void {
    run(['ip', 'link', 'set', this.rootEnd(index), 'up']);
  }

  /** Deletes every namespace (killing what still runs there) and the bridge; safe to call twice. */
  destroy(): void {
    if (!this.built) return;
    for (const host of this.hosts) deleteNamespace(host.namespace);
    run(['ip', 'link', 'delete', this.bridge], true);
    this.hosts.length = 0;
    this.built = false;
  }
}
