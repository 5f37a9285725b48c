import { spawn, ChildProcess } from 'node:child_process';
import { createWriteStream, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { connect } from 'nats';
import { waitFor } from '../../../deploy/local/stack/ports';
import type { TestHost } from './test-hosts';

export const NATS_CLIENT_PORT = 4222;
const NATS_ROUTE_PORT = 6222;

/**
 * One nats-server of a three-node cluster on one test host: JetStream on, a store of its own (kept
 * across a kill, as a server's disk would be), routes to every other host. Pings every second and
 * three missed make a route or client dead: with the default (two minutes) a cut host would hold
 * its queue-group interest, and the requests routed to it, for minutes.
 */
export class ClusterNode {
  private child: ChildProcess | null = null;
  readonly url: string;
  private readonly config: string;

  constructor(readonly host: TestHost, peers: TestHost[], private readonly dir: string) {
    this.url = `nats://${host.address}:${NATS_CLIENT_PORT}`;
    mkdirSync(join(dir, 'store'), { recursive: true });
    this.config = join(dir, 'nats.conf');
    const routes = peers.filter((p) => p !== host).map((p) => `"nats://${p.address}:${NATS_ROUTE_PORT}"`);
    writeFileSync(this.config, [
      `server_name: "h${host.index}"`,
      `listen: "${host.address}:${NATS_CLIENT_PORT}"`,
      'ping_interval: "1s"',
      'ping_max: 3',
      `jetstream { store_dir: "${join(dir, 'store')}" }`,
      `cluster { name: "yx3h", listen: "${host.address}:${NATS_ROUTE_PORT}", routes: [${routes.join(', ')}] }`,
      '',
    ].join('\n'));
  }

  get running(): boolean {
    return this.child !== null && this.child.exitCode === null && this.child.signalCode === null;
  }

  start(logDir: string): void {
    const log = createWriteStream(join(logDir, `nats-h${this.host.index}.log`), { flags: 'a' });
    const command = [...this.host.wrap, 'nats-server', '-c', this.config];
    this.child = spawn(command[0], command.slice(1), { stdio: ['ignore', 'pipe', 'pipe'] });
    this.child.stdout?.pipe(log);
    this.child.stderr?.pipe(log);
  }

  async waitReady(): Promise<void> {
    await waitFor(`nats-server h${this.host.index}`, async () => {
      if (!this.running) throw new Error('nats-server exited');
      const nc = await connect({ servers: this.url, timeout: 500, reconnect: false });
      await nc.close();
      return true;
    }, 20000);
  }

  async kill(signal: NodeJS.Signals = 'SIGKILL'): Promise<void> {
    const child = this.child;
    if (!child || !this.running) return;
    const exited = new Promise((r) => child.once('exit', r));
    child.kill(signal);
    await Promise.race([exited, new Promise((r) => setTimeout(r, 5000).unref())]);
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGKILL');
      await exited;
    }
    this.child = null;
  }
}

export class NatsCluster {
  readonly nodes: ClusterNode[];

  constructor(hosts: TestHost[], dir: string, private readonly logDir: string) {
    this.nodes = hosts.map((h) => new ClusterNode(h, hosts, join(dir, `nats-h${h.index}`)));
  }

  /** Every server, its host's own first: how the services of one host are told where NATS is. */
  urlsFor(host: TestHost): string {
    const own = this.nodes.find((n) => n.host === host);
    return [own, ...this.nodes.filter((n) => n !== own)].map((n) => n?.url).join(',');
  }

  async start(): Promise<void> {
    mkdirSync(this.logDir, { recursive: true });
    for (const node of this.nodes) node.start(this.logDir);
    await Promise.all(this.nodes.map((n) => n.waitReady()));
  }

  async stop(): Promise<void> {
    await Promise.all(this.nodes.map((n) => n.kill('SIGTERM')));
  }
}
