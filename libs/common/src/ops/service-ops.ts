import type { INestApplicationContext } from '@nestjs/common';
import { DiscoveryService, ModulesContainer } from '@nestjs/core';
import { MikroORM } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { WorkerHost } from '@nestjs/bullmq';
import { Queue } from 'bullmq';
import { checkPostgres, checkSchema } from '../health/checks';
import { loadConfig } from '../config/config';
import { OpsConfig, serveOps } from './ops-server';
import { Check, checkNatsConnection, within } from './readiness';
import type { PoolView } from './service-metrics';
import { ServiceMetrics } from './service-metrics';

/** The knex pool under MikroORM's connection (tarn: numUsed, numFree, numPendingAcquires, max). */
function knexPool(orm: MikroORM): PoolView | undefined {
  const connection = orm.em.getConnection() as unknown as { getKnex?: () => { client?: { pool?: PoolView } } };
  return connection.getKnex?.().client?.pool;
}

/** Every instance of the app's providers, wherever they were registered (queues are factories of BullModule). */
function instances(app: INestApplicationContext): unknown[] {
  return new DiscoveryService(app.get(ModulesContainer)).getProviders().map((w) => w.instance as unknown).filter((i) => i !== null && i !== undefined);
}

/**
 * Wires a started service into its metrics and readiness: the ORM's pool, every BullMQ queue
 * (depth at scrape time, Redis for readiness) and worker (completed, failed, durations) the app
 * has, found among its providers so no service lists them twice; then serves the operations port
 * when OPS_PORT is set. Called after the app is initialised (workers exist from onModuleInit).
 */
export async function attachOps(app: INestApplicationContext, metrics: ServiceMetrics, nats: () => { isClosed(): boolean; flush(): Promise<void> } | null): Promise<void> {
  const ready: Record<string, Check> = { nats: () => checkNatsConnection(nats()) };
  const orm = app.get(MikroORM, { strict: false });
  if (orm) {
    const em = orm.em as unknown as EntityManager;
    metrics.watchPool(() => knexPool(orm));
    ready.postgres = () => checkPostgres(em);
    ready.schema = () => checkSchema(em);
  }
  const found = instances(app);
  const queues = found.filter((i): i is Queue => i instanceof Queue);
  for (const queue of queues) metrics.watchQueue(queue);
  for (const host of found.filter((i): i is WorkerHost => i instanceof WorkerHost)) {
    try {
      metrics.watchWorker(host.worker);
    } catch {
      // A processor whose worker was not created (autorun off, or a test): nothing to count.
    }
  }
  // Every queue of a service lives on the one Redis of REDIS_URL.
  if (queues.length > 0) ready.redis = () => within(2000, async () => ((await queues[0].client) as unknown as { ping(): Promise<string> }).ping());
  const config = loadConfig(OpsConfig);
  if (config.OPS_PORT) await serveOps({ OPS_PORT: config.OPS_PORT, HOST: config.HOST }, { metrics, ready });
}
