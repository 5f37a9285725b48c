import { createConnection, createServer, Server, Socket } from 'node:net';

/**
 * One address for the database, in front of whichever server is primary, as Kubernetes' Service
 * of CloudNativePG (`<cluster>-rw`) is: the platform keeps its one URL through a failover.
 * `repoint()` sends new connections to the new primary and drops the old ones, as the Service's
 * endpoints changing does (a connection to the dead primary would otherwise hang, not fail).
 */
export class TcpForwarder {
  private server: Server | null = null;
  private readonly open = new Set<Socket>();
  port = 0;

  constructor(private target: { host: string; port: number }) {}

  async start(host = '127.0.0.1'): Promise<void> {
    this.server = createServer((client) => {
      const upstream = createConnection(this.target);
      const pair = [client, upstream];
      for (const s of pair) {
        this.open.add(s);
        s.on('error', () => pair.forEach((x) => x.destroy()));
        s.on('close', () => {
          this.open.delete(s);
          pair.forEach((x) => x.destroy());
        });
      }
      client.pipe(upstream);
      upstream.pipe(client);
    });
    await new Promise<void>((resolve, reject) => {
      this.server!.once('error', reject);
      this.server!.listen(0, host, () => resolve());
    });
    const address = this.server.address();
    this.port = typeof address === 'object' && address ? address.port : 0;
  }

  /** New connections go to `target`; every connection through the old one is cut (a reset). */
  repoint(target: { host: string; port: number }): void {
    this.target = target;
    for (const s of this.open) s.resetAndDestroy();
    this.open.clear();
  }

  async stop(): Promise<void> {
    for (const s of this.open) s.destroy();
    this.open.clear();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
    this.server = null;
  }
}
