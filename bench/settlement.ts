import { Client } from 'pg';
import { generateCatalogueBundle, zipBundle } from './generator/catalogue';
import { followJob, importBundle, startBenchStack } from './support/bench-stack';

/**
 * bench/settlement: a year of usage — 1,000,000 records over 2,000 instruments by default — settled
 * by one POST /settlements of its last month (which settles every earlier month first). The
 * catalogue comes in through the gateway as an exchange bundle; the usage records are written
 * straight into the billing schema (what is measured is settlement, not import). Prints records/s
 * and the billing worker's peak resident memory. Targets: ≥ 20,000 records/s, peak RSS ≤ 512 MiB.
 */
async function main(): Promise<void> {
  const instruments = Number(process.env.INSTRUMENTS ?? 2000);
  const records = Number(process.env.RECORDS ?? 1_000_000);
  const perInstrument = Math.ceil(records / instruments);
  console.log(`settlement: ${records} usage records over ${instruments} instruments`);
  const { stack, bureau } = await startBenchStack('settlement');
  const db = new Client({ connectionString: stack.databaseUrl });
  try {
    const { files } = generateCatalogueBundle({ instruments, seed: 11 });
    const job = await importBundle(stack.gatewayUrl, bureau, zipBundle(files), () => undefined);
    if (job.state !== 'completed') throw new Error(`catalogue import failed: ${JSON.stringify(job.error).slice(0, 500)}`);
    await db.connect();
    let t0 = performance.now();
    // One record every 17 hours per instrument through 2025, 2 hours long, by users of other institutions and of the owner.
    await db.query(`
      with people as (select array_agg(id order by code) as ids, array_agg(institution_id order by code) as insts from catalogue.app_user where institution_id is not null),
           machines as (select i.id, i.institution_id, row_number() over (order by i.code) as n,
                          (select r.service_mode from catalogue.rate_card r where r.instrument_id = i.id order by r.code limit 1) as mode
                        from catalogue.instrument i order by i.code limit $1)
      insert into billing.usage_record (id, code, instrument_id, provider_institution_id, user_id, user_institution_id, service_mode, service_category,
        start_at, end_at, samples, status, source, source_ref)
      select gen_random_uuid(), 'UB-' || m.n || '-' || g, m.id, m.institution_id, p.ids[1 + (m.n * 7 + g) % cardinality(p.ids)],
        p.insts[1 + (m.n * 7 + g) % cardinality(p.ids)], coalesce(m.mode, 'assisted'), case when g % 10 = 0 then 'testing' else 'research' end,
        timestamptz '2025-01-01 00:00+08' + g * interval '17 hours', timestamptz '2025-01-01 02:00+08' + g * interval '17 hours',
        case when m.mode = 'sample' then 1 + g % 4 end, 'completed', 'import', 'UB-' || m.n || '-' || g
      from machines m cross join people p cross join generate_series(0, $2 - 1) as g`, [instruments, perInstrument]);
    await db.query('analyze billing.usage_record');
    const { rows: [{ n }] } = await db.query(`select count(*)::int as n from billing.usage_record`);
    console.log(`wrote ${n} usage records in ${((performance.now() - t0) / 1000).toFixed(1)} s`);

    const billing = stack.processes.find((p) => p.name.startsWith('billing')) as NonNullable<(typeof stack.processes)[number]>;
    const before = billing.peakResidentMiB();
    t0 = performance.now();
    const started = await fetch(`${stack.gatewayUrl}/api/v1/settlements`, {
      method: 'POST', headers: { authorization: `Bearer ${bureau}`, 'content-type': 'application/json' }, body: JSON.stringify({ period: '2025-12' }),
    });
    const { jobId } = (await started.json()) as { jobId: string };
    const result = await followJob<{ periods: { records: number; charged: number; unbilled: number; statements: number }[] }>(stack.gatewayUrl, bureau, jobId, (p) => {
      if (p % 10 === 0) process.stdout.write(`  progress ${p}%\n`);
    });
    const seconds = (performance.now() - t0) / 1000;
    if (result.state !== 'completed') throw new Error(`settlement failed: ${JSON.stringify(result.error).slice(0, 500)}`);
    const periods = result.result?.periods ?? [];
    const total = periods.reduce((s, p) => s + p.records, 0);
    console.log('');
    console.log(`settled ${total} records in ${periods.length} months in ${seconds.toFixed(1)} s: ${Math.round(total / seconds)} records/s`);
    console.log(`charged ${periods.reduce((s, p) => s + p.charged, 0)}, unbilled ${periods.reduce((s, p) => s + p.unbilled, 0)}, statements ${periods.reduce((s, p) => s + p.statements, 0)}`);
    console.log(`billing worker peak resident memory: ${billing.peakResidentMiB()} MiB (before settlement ${before} MiB)`);
    console.log(`targets: ≥ 20,000 records/s ${total / seconds >= 20000 ? 'met' : 'NOT met'}; peak RSS ≤ 512 MiB ${(billing.peakResidentMiB() ?? 0) <= 512 ? 'met' : 'NOT met'}`);
  } finally {
    await db.end().catch(() => undefined);
    await stack.stop();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
