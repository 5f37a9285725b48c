/**
 * PostgreSQL connections a deployment can open, counted where they are limited: every service
 * replica's pool goes through PgBouncer in session mode (one server connection per client), and the
 * poolers' server pools must leave PostgreSQL a reserve (superuser, replication, the migration Job).
 * The 112-connection default against max_connections 100 is what this guards.
 */
export interface ServicePool {
  service: string;
  /** The most replicas it can have: the HPA's maxReplicas, else the Deployment's replicas. */
  maxReplicas: number;
  poolMax: number;
}

export interface PoolBudget {
  services: ServicePool[];
  poolerInstances: number;
  poolerDefaultPoolSize: number;
  maxConnections: number;
  /** Connections kept free on the server: superuser_reserved_connections, replicas, migrations, psql. */
  reserve: number;
}

export function poolBudgetProblems(b: PoolBudget): string[] {
  const clients = b.services.reduce((sum, s) => sum + s.maxReplicas * s.poolMax, 0);
  const poolerServerSide = b.poolerInstances * b.poolerDefaultPoolSize;
  const problems: string[] = [];
  // Against one pooler instance, not all: the Service balances connections, not evenly, and a
  // pooler pod being replaced leaves every client on the other.
  if (clients > b.poolerDefaultPoolSize) {
    const detail = b.services.map((s) => `${s.service} ${s.maxReplicas}×${s.poolMax}`).join(' + ');
    problems.push(`服务连接池合计 ${clients}（${detail}）超过一个 PgBouncer 实例的 ${b.poolerDefaultPoolSize}`);
  }
  if (poolerServerSide > b.maxConnections - b.reserve) {
    problems.push(`PgBouncer 服务端连接 ${poolerServerSide} 超过 PostgreSQL max_connections ${b.maxConnections} 减去保留 ${b.reserve}`);
  }
  return problems;
}
