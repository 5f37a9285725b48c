import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { api, bureauToken, testEnv } from './support/api';

const opsUrls = () => testEnv().opsUrls ?? {};

async function scrape(url: string): Promise<string> {
  const res = await fetch(`${url}/metrics`);
  expect(res.status).toBe(200);
  return res.text();
}

describe('metrics and readiness of every service', () => {
  it('serves /health/ready 200 on every service process and on the gateway', async () => {
    const urls = opsUrls();
    expect(Object.keys(urls).sort()).toEqual(['billing-1', 'booking-1', 'booking-2', 'catalogue-1', 'catalogue-2', 'notification-1', 'subsidy-1']);
    for (const [name, url] of Object.entries(urls)) {
      const res = await fetch(`${url}/health/ready`);
      const body = await res.json() as { checks: Record<string, { ok: boolean }> };
      expect({ name, status: res.status }).toEqual({ name, status: 200 });
      expect(body.checks.schema.ok).toBe(true);
      expect((await fetch(`${url}/health/live`)).status).toBe(200);
    }
    expect((await api('GET', '/health/ready')).status).toBe(200);
    expect((await api('GET', '/health/live')).status).toBe(200);
  });

  it('shows each family with its labels, and handling counts move with traffic', async () => {
    const urls = opsUrls();
    const token = await bureauToken();
    const before = await Promise.all(['catalogue-1', 'catalogue-2'].map((n) => scrape(urls[n])));
    // Requests the gateway sends the catalogue (whichever subjects they take), summed over both replicas.
    const count = (texts: string[]) => texts.reduce((sum, t) => sum + t.split('\n').filter((l) => l.startsWith('yixiang_nats_handling_duration_seconds_count{') && !l.includes('health')).reduce((s, l) => s + Number(l.slice(l.lastIndexOf(' ') + 1)), 0), 0);
    for (let i = 0; i < 4; i++) expect((await api('GET', `/instruments?pageSize=5&page=${i + 1}`, { token })).status).toBe(200);
    const after = await Promise.all(['catalogue-1', 'catalogue-2'].map((n) => scrape(urls[n])));
    expect(count(after)).toBeGreaterThanOrEqual(count(before) + 4);

    const booking = await scrape(urls['booking-1']);
    expect(booking).toMatch(/^yixiang_outbox_backlog\{service="booking"\} \d+/m);
    expect(booking).toMatch(/^yixiang_db_pool_connections\{state="in_use",service="booking"\} \d+/m);
    expect(booking).toMatch(/^yixiang_db_pool_waiting\{service="booking"\} \d+/m);
    const billing = await scrape(urls['billing-1']);
    expect(billing).toMatch(/^yixiang_jetstream_consumer_pending\{stream="YIXIANG_EVENTS",consumer="billing-usage",service="billing"\} \d+/m);
    expect(billing).toMatch(/^yixiang_queue_jobs\{queue="billing-settlement",state="waiting",service="billing"\} \d+/m);
    expect(billing).toMatch(/^yixiang_jobs_completed_total\{queue="billing-settlement",service="billing"\} \d+/m);
    expect(after[0]).toMatch(/^yixiang_search_index_rebuilds_total\{service="catalogue"\} \d+/m);
    expect(after[0]).toMatch(/^process_resident_memory_bytes\{service="catalogue"\} \d+/m);
    const subsidy = await scrape(urls['subsidy-1']);
    expect(subsidy).toMatch(/^yixiang_jobs_failed_total\{queue="subsidy-run",service="subsidy"\} \d+/m);
  });

  it('queries in the Grafana dashboard only metrics some service exposes', async () => {
    const dashboard = JSON.parse(readFileSync(join(__dirname, '..', 'deploy', 'grafana', 'yixiang-dashboard.json'), 'utf8')) as { panels: { targets: { expr: string }[] }[] };
    const texts = [...await Promise.all(Object.values(opsUrls()).map(scrape)), String((await api<string>('GET', '/metrics')).body)];
    const exposed = new Set(texts.join('\n').split('\n').filter((l) => l.startsWith('# TYPE ')).flatMap((l) => {
      const [, , name, type] = l.split(' ');
      return type === 'histogram' ? [`${name}_bucket`, `${name}_sum`, `${name}_count`] : [name];
    }));
    const queried = dashboard.panels.flatMap((p) => p.targets.flatMap((t) => t.expr.match(/\b(yixiang_\w+|process_\w+|nodejs_\w+)/g) ?? []));
    expect(queried.length).toBeGreaterThan(10);
    expect(queried.filter((m) => !exposed.has(m))).toEqual([]);
  });
});
