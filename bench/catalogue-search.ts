import { generateCatalogueBundle, zipBundle } from './generator/catalogue';
import { importBundle, startBenchStack } from './support/bench-stack';
import { closedLoop, formatLoad } from './support/load';

/**
 * bench/catalogue-search: N instruments (default 100,000) imported through the gateway, then
 * text and filter searches at 16 concurrent clients through the gateway → NATS → catalogue →
 * PostgreSQL. Prints the import time and p50/p95/p99 latency and requests/s. Target p95 ≤ 30 ms.
 */
async function main(): Promise<void> {
  const instruments = Number(process.env.INSTRUMENTS ?? 100000);
  const clients = Number(process.env.CLIENTS ?? 16);
  const seconds = Number(process.env.SECONDS ?? 15);
  console.log(`catalogue-search: ${instruments} instruments, ${clients} clients, ${seconds} s per scenario`);
  const { stack, bureau } = await startBenchStack('search', { catalogueReplicas: Number(process.env.REPLICAS ?? 1) });
  try {
    let t0 = performance.now();
    const { files } = generateCatalogueBundle({ instruments, seed: 7 });
    const zip = zipBundle(files);
    console.log(`generated the bundle in ${((performance.now() - t0) / 1000).toFixed(1)} s (${(zip.length / 1e6).toFixed(1)} MB zipped)`);
    t0 = performance.now();
    const job = await importBundle(stack.gatewayUrl, bureau, zip, (p) => process.stdout.write(`  import progress ${p}%\n`));
    if (job.state !== 'completed') throw new Error(`import failed: ${JSON.stringify(job.error).slice(0, 1000)}`);
    console.log(`imported in ${((performance.now() - t0) / 1000).toFixed(1)} s: ${JSON.stringify(job.result)}`);

    const headers = { authorization: `Bearer ${bureau}` };
    const get = async (query: string) => {
      const res = await fetch(`${stack.gatewayUrl}/api/v1/instruments?${query}`, { headers });
      await res.arrayBuffer();
      return res.status === 200;
    };
    const texts = ['电镜', '质谱', '色谱仪', '光谱', '核磁共振', '显微镜', 'bruker', 'thermo', 'x射线', '热分析', '扫描电子', 'agilent'];
    const filters = ['category=01', 'category=0102&region=CQ', 'region=SC&mode=sample', 'mode=assisted&maxPriceFen=50000', 'category=0104&onlineBooking=true', 'sharingStatus=open&category=02', 'region=CQ&pageSize=20&page=3', 'category=0101&maxPriceFen=100000'];
    await closedLoop(clients, 3, (c, i) => get(`q=${encodeURIComponent(texts[(c + i) % texts.length])}`)); // warm-up
    const text = await closedLoop(clients, seconds, (c, i) => get(`q=${encodeURIComponent(texts[(c + i) % texts.length])}`));
    const filter = await closedLoop(clients, seconds, (c, i) => get(filters[(c + i) % filters.length]));
    const mixed = await closedLoop(clients, seconds, (c, i) => get(`q=${encodeURIComponent(texts[i % texts.length])}&${filters[c % filters.length]}`));
    console.log('');
    console.log(formatLoad('text search', text));
    console.log(formatLoad('filter search', filter));
    console.log(formatLoad('text + filter search', mixed));
    const worst = Math.max(text.p95, filter.p95, mixed.p95);
    console.log(`\ntarget p95 ≤ 30 ms: ${worst <= 30 ? 'met' : 'NOT met'} (worst p95 ${worst.toFixed(1)} ms)`);
  } finally {
    await stack.stop();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
