import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { load, loadAll } from 'js-yaml';
import { poolBudgetProblems, ServicePool } from './pool-budget';

/**
 * The Kubernetes manifests as an operator applies them: every core document passes kubernetes-models'
 * schema validators, the operator and chart documents carry the fields the deployment relies on,
 * every container is locked down, probed about itself only and sized, and the database pools fit.
 */
type Doc = {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; annotations?: Record<string, string> };
  spec?: any;
  data?: Record<string, string>;
  stringData?: Record<string, string>;
};

const here = __dirname;
const root = join(here, '../..');
const files = readdirSync(here).filter((f) => /^\d\d-.*\.yaml$/.test(f));
const docs = files.flatMap((f) => (loadAll(readFileSync(join(here, f), 'utf8')) as Doc[]).filter(Boolean));
const byKind = (kind: string) => docs.filter((d) => d.kind === kind);
const one = (kind: string, name: string) => {
  const found = docs.find((d) => d.kind === kind && d.metadata.name === name);
  if (!found) throw new Error(`${kind}/${name} missing`);
  return found;
};
const CORE_GROUPS = /^(v1|apps\/v1|batch\/v1|policy\/v1|autoscaling\/v2|networking\.k8s\.io\/v1)$/;

describe('deploy/k8s manifests', () => {
  it('are listed in the kustomization', () => {
    const kustomization = load(readFileSync(join(here, 'kustomization.yaml'), 'utf8')) as { resources: string[] };
    expect([...kustomization.resources].sort()).toEqual([...files].sort());
  });

  it('validate against the Kubernetes schemas (kubernetes-models)', () => {
    const core = docs.filter((d) => CORE_GROUPS.test(d.apiVersion));
    expect(core.length).toBeGreaterThan(15);
    const out = execFileSync(process.execPath, [join(here, 'validate-manifests.mjs')], { input: JSON.stringify(core), cwd: root });
    expect(JSON.parse(out.toString())).toEqual([]);
    // Nothing else slips past unvalidated: the rest are the CloudNativePG documents checked below.
    for (const d of docs.filter((x) => !CORE_GROUPS.test(x.apiVersion))) expect(d.apiVersion).toBe('postgresql.cnpg.io/v1');
  });

  it('are checked by a validator that refuses a wrong document (a Deployment with replicas "two")', () => {
    const deployment = docs.find((d) => d.kind === 'Deployment')!;
    const wrong = { ...deployment, spec: { ...deployment.spec, replicas: 'two' } };
    const out = execFileSync(process.execPath, [join(here, 'validate-manifests.mjs')], { input: JSON.stringify([wrong]), cwd: root });
    expect(JSON.parse(out.toString())).toEqual([expect.objectContaining({ error: expect.stringMatching(/replicas/) })]);
  });

  it('run PostgreSQL as a CloudNativePG cluster with replicas, a pooler and backups to object storage', () => {
    const cluster = one('Cluster', 'yixiang-db');
    expect(cluster.spec.instances).toBeGreaterThanOrEqual(3);
    expect(cluster.spec.bootstrap.initdb.postInitApplicationSQL.join(';')).toMatch(/btree_gist/);
    expect(cluster.spec.backup.barmanObjectStore.destinationPath).toMatch(/^s3:\/\//);
    const pooler = one('Pooler', 'yixiang-db-pooler');
    expect(pooler.spec).toMatchObject({ cluster: { name: 'yixiang-db' }, type: 'rw', pgbouncer: { poolMode: 'session' } });
    expect(one('ScheduledBackup', 'yixiang-db-daily').spec.cluster.name).toBe('yixiang-db');
    // The services reach the database through the pooler's Service (named after the Pooler).
    expect(one('Secret', 'yixiang-secrets').stringData!.DATABASE_URL).toMatch(/@yixiang-db-pooler\.yixiang-data:5432\//);
  });

  it('run Redis with AOF and noeviction on a volume', () => {
    const conf = one('ConfigMap', 'redis-config').data!['redis.conf'];
    expect(conf).toMatch(/^appendonly yes$/m);
    expect(conf).toMatch(/^maxmemory-policy noeviction$/m);
    const redis = one('StatefulSet', 'redis');
    expect(redis.spec.volumeClaimTemplates[0].metadata.name).toBe('data');
  });

  it('configure the official NATS chart for a cluster of three with JetStream on disk, and streams of three', () => {
    // The fields of the official chart's values this deployment relies on.
    type NatsValues = { config: { cluster: unknown; jetstream: { enabled: boolean; fileStore: { pvc: { enabled: boolean } } } } };
    const values = load(readFileSync(join(here, 'helm/nats-values.yaml'), 'utf8')) as NatsValues;
    expect(values.config.cluster).toEqual({ enabled: true, replicas: 3 });
    expect(values.config.jetstream.enabled).toBe(true);
    expect(values.config.jetstream.fileStore.pvc.enabled).toBe(true);
    expect(one('ConfigMap', 'yixiang-config').data!.JETSTREAM_REPLICAS).toBe('3');
  });

  it('lock down, size and probe every container, each about itself only', () => {
    const workloads = [...byKind('Deployment'), ...byKind('StatefulSet'), ...byKind('Job')];
    for (const w of workloads) {
      const pod = w.spec.template.spec;
      const ref = `${w.kind}/${w.metadata.name}`;
      expect([ref, pod.securityContext.runAsNonRoot, pod.securityContext.seccompProfile?.type]).toEqual([ref, true, 'RuntimeDefault']);
      for (const c of pod.containers) {
        expect([ref, c.securityContext]).toMatchObject([
          ref,
          { allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ['ALL'] } },
        ]);
        expect([ref, c.resources.requests.cpu, c.resources.requests.memory, c.resources.limits.memory].every(Boolean)).toBe(true);
        if (w.kind !== 'Job') expect([ref, Boolean(c.readinessProbe && c.livenessProbe)]).toEqual([ref, true]);
      }
    }
    for (const d of byKind('Deployment')) {
      const c = d.spec.template.spec.containers[0];
      // /health/ready of a service checks its own database, schema and NATS; the old /health was the
      // whole platform's, so one crash-looping subsidy pod took every gateway out of service.
      expect([d.metadata.name, c.readinessProbe.httpGet.path, c.livenessProbe.httpGet.path]).toEqual([
        d.metadata.name,
        '/health/ready',
        '/health/live',
      ]);
      const port = d.metadata.name === 'gateway' ? 'http' : 'ops';
      expect([d.metadata.name, c.readinessProbe.httpGet.port]).toEqual([d.metadata.name, port]);
      if (d.metadata.name !== 'gateway') expect(d.spec.template.metadata.annotations['prometheus.io/port']).toBe('9464');
    }
    expect(one('ConfigMap', 'yixiang-config').data!.OPS_PORT).toBe('9464');
  });

  it('keep replicated services available through node drains and scale the gateway and booking', () => {
    for (const d of byKind('Deployment').filter((x) => x.spec.replicas > 1)) {
      const pdb = one('PodDisruptionBudget', d.metadata.name);
      expect(pdb.spec.selector.matchLabels).toEqual(d.spec.selector.matchLabels);
    }
    for (const name of ['gateway', 'booking']) {
      const hpa = one('HorizontalPodAutoscaler', name);
      expect(hpa.spec.scaleTargetRef).toEqual({ apiVersion: 'apps/v1', kind: 'Deployment', name });
      expect(hpa.spec.maxReplicas).toBeGreaterThan(hpa.spec.minReplicas);
    }
  });

  it('serve the Ingress over TLS from cert-manager', () => {
    const ingress = one('Ingress', 'yixiang');
    expect(ingress.metadata.annotations!['cert-manager.io/cluster-issuer']).toBeTruthy();
    expect(ingress.spec.tls[0].hosts).toEqual(ingress.spec.rules.map((r: { host: string }) => r.host));
  });

  it('give the migration Job of each release its own name', () => {
    const [job] = byKind('Job');
    const image = job.spec.template.spec.containers[0].image as string;
    const version = image.split(':').pop()!;
    expect(job.metadata.name).toBe(`yixiang-migrate-${version}`);
    for (const d of byKind('Deployment')) expect(d.spec.template.spec.containers[0].image).toBe(image);
  });

  it('fit every pool, at the most replicas the autoscalers allow, under PgBouncer and PostgreSQL', () => {
    const pooler = one('Pooler', 'yixiang-db-pooler');
    const params = one('Cluster', 'yixiang-db').spec.postgresql.parameters;
    const services = byKind('Deployment')
      .map((d): ServicePool | null => {
        const pool = (d.spec.template.spec.containers[0].env ?? []).find((e: { name: string }) => e.name === 'DB_POOL_MAX');
        if (d.metadata.name === 'gateway') return null; // no database connection of its own
        expect([d.metadata.name, Boolean(pool)]).toEqual([d.metadata.name, true]);
        const hpa = docs.find((x) => x.kind === 'HorizontalPodAutoscaler' && x.spec.scaleTargetRef.name === d.metadata.name);
        return { service: d.metadata.name, maxReplicas: hpa ? hpa.spec.maxReplicas : d.spec.replicas, poolMax: Number(pool.value) };
      })
      .filter((s): s is ServicePool => s !== null);
    expect(services.map((s) => s.service).sort()).toEqual(['billing', 'booking', 'catalogue', 'notification', 'subsidy']);
    const problems = poolBudgetProblems({
      services,
      poolerInstances: pooler.spec.instances,
      poolerDefaultPoolSize: Number(pooler.spec.pgbouncer.parameters.default_pool_size),
      maxConnections: Number(params.max_connections),
      // superuser slots, the two streaming replicas' WAL senders, the migration Job and an operator's psql
      reserve: Number(params.superuser_reserved_connections) + 2 + 1 + 2,
    });
    expect(problems).toEqual([]);
  });
});

describe('the pool arithmetic', () => {
  it('refuses the old defaults: 112 connections against PostgreSQL 100', () => {
    const old = [
      { service: 'catalogue', maxReplicas: 2, poolMax: 10 },
      { service: 'booking', maxReplicas: 2, poolMax: 16 },
      { service: 'billing', maxReplicas: 2, poolMax: 20 },
      { service: 'subsidy', maxReplicas: 1, poolMax: 20 },
    ];
    // Without a pooler the server is the pool: one "instance" of max_connections.
    const problems = poolBudgetProblems({ services: old, poolerInstances: 1, poolerDefaultPoolSize: 100, maxConnections: 100, reserve: 3 });
    expect(problems).toHaveLength(2);
    expect(problems[0]).toMatch(/112/);
  });
});

describe('deploy/docker-compose.yml', () => {
  const file = join(here, '../docker-compose.yml');
  it('parses, and `docker compose config` accepts it where the plugin exists', () => {
    const compose = load(readFileSync(file, 'utf8')) as { services: Record<string, any> };
    expect(Object.keys(compose.services)).toEqual(
      expect.arrayContaining(['postgres', 'redis', 'nats', 'gateway', 'catalogue', 'booking', 'billing', 'subsidy', 'notification']),
    );
    const redisCommand = [compose.services.redis.command].flat().join(' ');
    expect(redisCommand).toMatch(/--appendonly yes/);
    expect(redisCommand).toMatch(/--maxmemory-policy noeviction/);
    if (spawnSync('docker', ['compose', 'version']).status === 0) {
      execFileSync('docker', ['compose', '-f', file, 'config', '--quiet']);
    } else {
      console.log('docker compose is not installed here: `docker compose config` skipped (the file was parsed and checked)');
    }
  });
});

describe('deploy/Dockerfile', () => {
  const dockerfile = readFileSync(join(here, '../Dockerfile'), 'utf8');
  it('copies only paths that exist', () => {
    // COPY lines of the build stage (not --from=build, which copies the stage's own output).
    const sources = dockerfile
      .split('\n')
      .filter((l) => /^COPY\s/.test(l) && !/--from=/.test(l))
      .flatMap((l) =>
        l
          .replace(/^COPY\s+/, '')
          .trim()
          .split(/\s+/)
          .slice(0, -1),
      );
    expect(sources.length).toBeGreaterThan(5);
    expect(sources.filter((p) => !existsSync(join(root, p)))).toEqual([]);
  });

  it('builds with the nest-cli.json that names every app and lib', () => {
    const cli = JSON.parse(readFileSync(join(root, 'nest-cli.json'), 'utf8')) as {
      monorepo: boolean;
      compilerOptions: { builder: string; tsConfigPath: string };
      projects: Record<string, { type: string; root: string }>;
    };
    expect(cli.monorepo).toBe(true);
    // One build configuration: nest build uses tsc with the tsconfig.json that scripts and CI use.
    expect(cli.compilerOptions).toMatchObject({ builder: 'tsc', tsConfigPath: 'tsconfig.json' });
    // Every Nest app (apps/web is the Vite-built web application, not a Nest project) and every lib.
    const dirs = (d: string, isProject: (dir: string) => boolean) =>
      readdirSync(join(root, d), { withFileTypes: true })
        .filter((e) => e.isDirectory() && isProject(join(root, d, e.name)))
        .map((e) => `${d}/${e.name}`);
    const expected = [...dirs('apps', (a) => existsSync(join(a, 'src/main.ts'))), ...dirs('libs', () => true)].sort();
    expect(
      Object.values(cli.projects)
        .map((p) => p.root)
        .sort(),
    ).toEqual(expected);
    expect(dockerfile).toMatch(/RUN npm run build/);
    // The build is tsc over tsconfig.json, after the check of the transport adapter's library versions.
    expect(JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).scripts.build).toBe('node scripts/check-transport-versions.js && tsc -p tsconfig.json');
  });
});
