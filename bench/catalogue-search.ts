import { generateCatalogueBundle, zipBundle } from './generator/catalogue';
import { INSTRUMENTS_BY_CATEGORY, MAKERS, REGIONS } from './generator/vocabulary';
import { importBundle, startBenchStack } from './support/bench-stack';
import { closedLoop, formatLoad, LoadResult, send } from './support/load';
import { cpuSnapshot, formatCpuPerRequest } from './support/cpu';
import { useWrk, wrkClosedLoop } from './support/wrk';

/**
 * bench/catalogue-search: N instruments (default 100,000) imported through the gateway, then
 * text and filter searches at 16 concurrent clients through the gateway → NATS → catalogue →
 * PostgreSQL. Prints the import time and p50/p95/p99 latency and requests/s. Target p95 ≤ 30 ms.
 *
 * The queries are drawn from a wide space (every instrument word and maker, every category,
 * region, mode, price and the first pages) so that most of them miss the catalogue's result
 * cache: the figures are those of the database path, not of a cache serving one hot query.
 */
const TEXTS = [
  ...new Set(Object.values(INSTRUMENTS_BY_CATEGORY).flatMap((names) => names.flatMap((n) => [n, n.slice(-2), n.slice(0, 3)]))),
  ...MAKERS.flatMap(([, en]) => [en.toLowerCase()]),
];
const CATEGORIES = Object.keys(INSTRUMENTS_BY_CATEGORY);
const MODES = ['self', 'assisted', 'sample'];

function pick<T>(items: readonly T[], n: number): T {
  return items[n % items.length];
}

/** The i-th filter query of client c: a deterministic walk over the filter space. */
function filterQuery(c: number, i: number): string {
  const n = c * 7919 + i * 104729;
  const parts: string[] = [];
  const category = pick(CATEGORIES, n);
  switch (n % 6) {
    case 0: parts.push(`category=${category.slice(0, 2)}`, `region=${pick(REGIONS, n >> 3)[0]}`); break;
    case 1: parts.push(`category=${category}`); break;
    case 2: parts.push(`region=${pick(REGIONS, n >> 2)[0]}`, `mode=${pick(MODES, n >> 5)}`); break;
    case 3: parts.push(`mode=${pick(MODES, n >> 4)}`, `maxPriceFen=${10000 * (1 + ((n >> 3) % 30))}`); break;
    case 4: parts.push(`category=${category}`, 'onlineBooking=true'); break;
    default: parts.push(`category=${category.slice(0, 2)}`, `maxPriceFen=${20000 * (1 + ((n >> 4) % 20))}`);
  }
  parts.push(`page=${1 + ((n >> 6) % 5)}`);
  return parts.join('&');
}

async function instrumentCount(baseUrl: string, headers: Record<string, string>): Promise<number> {
  const res = await fetch(`${baseUrl}/api/v1/instruments?pageSize=1`, { headers });
  return res.status === 200 ? ((await res.json()) as { total: number }).total : 0;
}

async function main(): Promise<void> {
  const instruments = Number(process.env.INSTRUMENTS ?? 100000);
  const clients = Number(process.env.CLIENTS ?? 16);
  const seconds = Number(process.env.SECONDS ?? 15);
  const wrk = useWrk();
  console.log(`catalogue-search: ${instruments} instruments, ${clients} clients, ${seconds} s per scenario, load from ${wrk ? 'wrk' : 'a Node.js client'}`);
  const { stack, bureau, reused } = await startBenchStack('search', { catalogueReplicas: Number(process.env.REPLICAS ?? 1) });
  try {
    const headers = { authorization: `Bearer ${bureau}` };
    const present = reused ? await instrumentCount(stack.gatewayUrl, headers) : 0;
    if (present >= instruments) console.log(`reusing ${present} instruments in ${process.env.BENCH_DATABASE}`);
    else {
      let t0 = performance.now();
      const { files } = generateCatalogueBundle({ instruments, seed: 7 });
      const zip = zipBundle(files);
      console.log(`generated the bundle in ${((performance.now() - t0) / 1000).toFixed(1)} s (${(zip.length / 1e6).toFixed(1)} MB zipped)`);
      t0 = performance.now();
      const job = await importBundle(stack.gatewayUrl, bureau, zip, (p) => process.stdout.write(`  import progress ${p}%\n`));
      if (job.state !== 'completed') throw new Error(`import failed: ${JSON.stringify(job.error).slice(0, 1000)}`);
      console.log(`imported in ${((performance.now() - t0) / 1000).toFixed(1)} s: ${JSON.stringify(job.result)}`);
      const peaks = stack.processes.filter((p) => p.name.startsWith('catalogue')).map((p) => `${p.name} ${p.peakResidentMiB()} MiB`);
      console.log(`peak resident memory during the import: ${peaks.join(', ')}`);
    }

    const get = async (query: string) => (await send(`${stack.gatewayUrl}/api/v1/instruments?${query}`, 'GET', headers)).status === 200;
    const text = (c: number, i: number) => `q=${encodeURIComponent(pick(TEXTS, c * 31 + i * 17))}`;
    const scenarios: [string, (c: number, i: number) => string][] = [
      ['text search', text],
      ['filter search', filterQuery],
      ['text + filter search', (c, i) => `${text(c, i)}&${filterQuery(i, c)}`],
    ];
    console.log(`query space: ${TEXTS.length} texts, ${CATEGORIES.length} categories, ${REGIONS.length} regions`);
    await closedLoop(clients, 2, (c, i) => get(`q=${encodeURIComponent(pick(TEXTS, i))}&page=9`)); // warm-up: connections, JIT
    const results: [string, LoadResult, string][] = [];
    for (const [name, query] of scenarios) {
      const before = cpuSnapshot(stack);
      const result = wrk
        ? await wrkClosedLoop({
            origin: stack.gatewayUrl, clients, seconds,
            // Each client's walk over the query space, long enough for a fast run, as with the Node.js client.
            perClient: Array.from({ length: clients }, (_, c) => ({
              auth: headers.authorization,
              queries: Array.from({ length: Math.ceil((seconds * 6000) / clients) }, (_, i) => query(c, i)),
            })),
            lua: `
              function request_of(j, own)
                return wrk.format("GET", "/api/v1/instruments?" .. own.queries[(j % #own.queries) + 1], { ["authorization"] = own.auth })
              end`,
          })
        : await closedLoop(clients, seconds, (c, i) => get(query(c, i)));
      results.push([name, result, formatCpuPerRequest(before, cpuSnapshot(stack), result.requests)]);
    }
    console.log('');
    for (const [name, r, cpu] of results) console.log(`${formatLoad(name, r)}\n  ${cpu}`);
    const worst = Math.max(...results.map(([, r]) => r.p95));
    console.log(`\ntarget p95 ≤ 30 ms: ${worst <= 30 ? 'met' : 'NOT met'} (worst p95 ${worst.toFixed(1)} ms)`);
    const memory = await stack.memory();
    console.log(`resident memory: ${memory.map(([name, mib]) => `${name} ${mib} MiB`).join(', ')}`);
  } finally {
    await stack.stop();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
