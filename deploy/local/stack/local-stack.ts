import { join } from 'node:path';
import { databaseUrl, dropDatabase, ensureDatabase } from './postgres';
import { NatsServer, startNatsServer } from './nats';
import { freePort, waitFor } from './ports';
import { migrateAll } from './migrate';
import { REPO_ROOT, SERVICE_SCRIPTS, ServiceProcess } from './processes';
import { randomSecret } from './secret';

export interface LocalStackOptions {
  /** Own database of this run (created, migrated; dropped on stop when `dropDatabaseOnStop`). */
  database: string;
  /** Separates this run's BullMQ keys from any other on the same Redis. */
  bullmqPrefix: string;
  /** Use this NATS; without it a private nats-server is started on a free port. */
  natsUrl?: string;
  gatewayPort?: number;
  catalogueReplicas?: number;
  bookingReplicas?: number;
  notificationReplicas?: number;
  logDir?: string;
  dropDatabaseOnStop?: boolean;
  env?: Record<string, string>;
  postgresUrl?: string;
  redisUrl?: string;
  log?: (line: string) => void;
  /**
   * Signs the gateway's tokens. `npm run platform` passes the installation's (.runtime/jwt-secret);
   * without one (tests, benchmarks) the stack makes its own for this run, so no fixed value exists.
   */
  jwtSecret?: string;
}

/** The whole platform as processes on this machine: used by `npm run platform` and the test suite. */
export class LocalStack {
  readonly processes: ServiceProcess[] = [];
  nats: NatsServer | null = null;
  natsUrl = '';
  gatewayUrl = '';
  databaseUrl = '';
  /** Each service process's operations endpoints (/health/live, /health/ready, /metrics), by process name. */
  readonly opsUrls: Record<string, string> = {};
  readonly jwtSecret: string;

  constructor(private readonly options: LocalStackOptions) {
    this.jwtSecret = options.env?.JWT_SECRET ?? options.jwtSecret ?? randomSecret();
  }

  get env(): Record<string, string> {
    return {
      DATABASE_URL: this.databaseUrl,
      REDIS_URL: this.options.redisUrl ?? process.env.REDIS_URL ?? 'redis://127.0.0.1:6379',
      NATS_URL: this.natsUrl,
      BULLMQ_PREFIX: this.options.bullmqPrefix,
      JWT_SECRET: this.jwtSecret,
      ...(this.options.env ?? {}),
    };
  }

  async start(): Promise<void> {
    const log = this.options.log ?? (() => undefined);
    const server = this.options.postgresUrl ?? process.env.POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
    this.databaseUrl = databaseUrl(server, this.options.database);
    if (await ensureDatabase(server, this.options.database)) log(`postgres: created database ${this.options.database}`);
    await migrateAll(this.databaseUrl, log);
    if (this.options.natsUrl) this.natsUrl = this.options.natsUrl;
    else {
      this.nats = await startNatsServer();
      this.natsUrl = this.nats.url;
    }
    const port = this.options.gatewayPort ?? (await freePort());
    this.gatewayUrl = `http://127.0.0.1:${port}`;
    const logDir = this.options.logDir ?? join(REPO_ROOT, '.runtime', 'logs');
    for (let i = 1; i <= (this.options.catalogueReplicas ?? 1); i++) {
      this.processes.push(new ServiceProcess(`catalogue-${i}`, SERVICE_SCRIPTS.catalogue, await this.withOpsPort(`catalogue-${i}`), logDir));
    }
    for (let i = 1; i <= (this.options.bookingReplicas ?? 1); i++) {
      this.processes.push(new ServiceProcess(`booking-${i}`, SERVICE_SCRIPTS.booking, await this.withOpsPort(`booking-${i}`), logDir));
    }
    this.processes.push(new ServiceProcess('billing-1', SERVICE_SCRIPTS.billing, await this.withOpsPort('billing-1'), logDir));
    this.processes.push(new ServiceProcess('subsidy-1', SERVICE_SCRIPTS.subsidy, await this.withOpsPort('subsidy-1'), logDir));
    for (let i = 1; i <= (this.options.notificationReplicas ?? 1); i++) {
      this.processes.push(new ServiceProcess(`notification-${i}`, SERVICE_SCRIPTS.notification, await this.withOpsPort(`notification-${i}`), logDir));
    }
    this.processes.push(new ServiceProcess('gateway', SERVICE_SCRIPTS.gateway, { ...this.env, PORT: String(port) }, logDir));
    for (const p of this.processes) p.start();
    await this.waitHealthy();
    log(`gateway: ${this.gatewayUrl} (logs in ${logDir})`);
  }

  /** The service's environment with a free OPS_PORT of its own (/health/live, /health/ready, /metrics). */
  private async withOpsPort(name: string): Promise<Record<string, string>> {
    const port = await freePort();
    this.opsUrls[name] = `http://127.0.0.1:${port}`;
    return { ...this.env, OPS_PORT: String(port) };
  }

  async waitHealthy(timeoutMs = 60000): Promise<void> {
    await waitFor('the platform (GET /health)', async () => {
      const dead = this.processes.find((p) => !p.running);
      if (dead) throw new Error(`${dead.name} exited; see its log`);
      const response = await fetch(`${this.gatewayUrl}/health`);
      return response.status === 200 ? true : undefined;
    }, timeoutMs, 300);
  }

  /** Resident memory of every service process, in MiB. */
  async memory(): Promise<[string, number][]> {
    return this.processes.flatMap((p) => {
      const mib = p.residentMiB();
      return mib === undefined ? [] : [[p.name, mib] as [string, number]];
    });
  }

  async stop(): Promise<void> {
    await Promise.all(this.processes.map((p) => p.stop()));
    await this.nats?.stop();
    if (this.options.dropDatabaseOnStop) await dropDatabase(this.options.postgresUrl ?? process.env.POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres', this.options.database);
  }
}
