import { Client } from 'pg';
import { generateCatalogueBundle, zipBundle } from './generator/catalogue';
import { followJob, importBundle, startBenchStack } from './support/bench-stack';

/**
 * bench/subsidy: 3,000 institutions, 100,000 instruments and 5,000,000 usage records of 2025 (with
 * their charges and some ratings), evaluated by one subsidy run under the reference policy. The
 * catalogue comes in through the gateway as an exchange bundle; usage, charges and ratings are
 * written straight into the billing schema (what is measured is the run). Prints the run's wall time
 * and the peak resident memory of the subsidy, billing and catalogue processes.
 * Targets: ≤ 60 s, peak RSS ≤ 1 GiB.
 */
const REFERENCE_POLICY = {
  code: 'reference-2025', eligibleValueFen: 50000000, benchmarkHours: { general: 1600, specialised: 800 }, targetExternalShare: '0.30', minRatings: 5,
  targetExternalInstitutions: 10, gradeBands: { excellent: 90, good: 75, pass: 60 }, excellentQuota: null, eligibleGrades: ['excellent', 'good', 'pass'],
  minExternalHours: 100, rateBps: 2000, gradeFactorPct: { excellent: 120, good: 100, pass: 60, poor: 0 }, perInstrumentCapFen: 5000000, perInstitutionCapFen: 500000000,
  excludedCategories: ['statutory-certification', 'law-enforcement', 'commercial-inspection', 'commercial-filming', 'medical-service'], budgetFen: 3000000000,
};

async function main(): Promise<void> {
  const institutions = Number(process.env.INSTITUTIONS ?? 3000);
  const instruments = Number(process.env.INSTRUMENTS ?? 100000);
  const records = Number(process.env.RECORDS ?? 5_000_000);
  const perInstrument = Math.ceil(records / instruments);
  console.log(`subsidy: ${institutions} institutions, ${instruments} instruments, ${records} usage records`);
  const { stack, bureau, reused } = await startBenchStack('subsidy');
  const db = new Client({ connectionString: stack.databaseUrl });
  try {
    await db.connect();
    const present = reused ? (await db.query(`select count(*)::int as n from billing.usage_record`)).rows[0].n : 0;
    let t0 = performance.now();
    if (present >= records) console.log(`reusing ${present} usage records in ${process.env.BENCH_DATABASE}`);
    else await load();
    async function load(): Promise<void> {
    const { files } = generateCatalogueBundle({ instruments, institutions, seed: 5 });
    const job = await importBundle(stack.gatewayUrl, bureau, zipBundle(files), () => undefined);
    if (job.state !== 'completed') throw new Error(`catalogue import failed: ${JSON.stringify(job.error).slice(0, 500)}`);
    console.log(`imported the catalogue in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
    t0 = performance.now();
    // Every instrument used every 7 days or so through 2025, a day at a time, by a rotating set of users.
    await db.query(`
      with people as (select array_agg(id order by code) as ids, array_agg(institution_id order by code) as insts from catalogue.app_user where institution_id is not null),
           machines as (select i.id, i.institution_id, row_number() over (order by i.code) as n from catalogue.instrument i)
      insert into billing.usage_record (id, code, instrument_id, provider_institution_id, user_id, user_institution_id, service_mode, service_category,
        start_at, end_at, status, source, source_ref)
      select gen_random_uuid(), 'US-' || m.n || '-' || g, m.id, m.institution_id, p.ids[1 + (m.n * 13 + g * 7) % cardinality(p.ids)],
        p.insts[1 + (m.n * 13 + g * 7) % cardinality(p.ids)], 'assisted', case when g % 9 = 0 then 'commercial-inspection' when g % 4 = 0 then 'testing' else 'research' end,
        timestamptz '2025-01-01 09:00+08' + g * interval '173 hours', timestamptz '2025-01-02 09:00+08' + g * interval '173 hours', 'completed', 'import', 'US-' || m.n || '-' || g
      from machines m cross join people p cross join generate_series(0, $1 - 1) as g`, [perInstrument]);
    await db.query(`insert into billing.charge (usage_record_id, period, provider_institution_id, payer_institution_id, rate_code, external, billed_units, amount_fen, voucher_fen, payable_fen)
      select u.id, to_char(u.start_at at time zone 'Asia/Shanghai', 'YYYY-MM'), u.provider_institution_id, u.user_institution_id, 'RC-BENCH',
        u.user_institution_id <> u.provider_institution_id, '24.00', 720000, 0, 720000 from billing.usage_record u`);
    await db.query(`insert into billing.feedback (id, code, usage_record_id, rating) select gen_random_uuid(), 'FB-' || u.code, u.id, 3 + (abs(hashtext(u.code)) % 3)
      from billing.usage_record u where abs(hashtext(u.code)) % 10 = 0`);
    await db.query('analyze');
    const { rows: [{ n }] } = await db.query(`select count(*)::int as n from billing.usage_record`);
    console.log(`wrote ${n} usage records with charges and ratings in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
    }

    const headers = { authorization: `Bearer ${bureau}`, 'content-type': 'application/json' };
    const policy = await (await fetch(`${stack.gatewayUrl}/api/v1/policies`, { method: 'POST', headers, body: JSON.stringify(REFERENCE_POLICY) })).json() as { id: string };
    const peaks = () => stack.processes.filter((p) => /^(subsidy|billing|catalogue)/.test(p.name)).map((p) => [p.name, p.peakResidentMiB() ?? 0] as const);
    const before = peaks();
    t0 = performance.now();
    const started = await (await fetch(`${stack.gatewayUrl}/api/v1/subsidy-runs`, { method: 'POST', headers, body: JSON.stringify({ policyId: policy.id, year: 2025 }) })).json() as { runId: string; jobId: string };
    const state = await followJob<{ institutions: number; totalFen: string }>(stack.gatewayUrl, bureau, started.jobId, (p) =>
      process.stdout.write(`  progress ${p}% at ${((performance.now() - t0) / 1000).toFixed(1)} s\n`));
    const seconds = (performance.now() - t0) / 1000;
    if (state.state !== 'completed') throw new Error(`run failed: ${JSON.stringify(state.error).slice(0, 500)}`);
    const after = peaks();
    console.log('');
    console.log(`subsidy run: ${state.result?.institutions} institutions evaluated, ${state.result?.totalFen} fen allocated, in ${seconds.toFixed(1)} s`);
    console.log(`peak resident memory: ${after.map(([name, mib], i) => `${name} ${mib} MiB (before the run ${before[i][1]})`).join(', ')}`);
    const subsidyPeak = after.find(([name]) => name.startsWith('subsidy'))?.[1] ?? 0;
    console.log(`targets: ≤ 60 s ${seconds <= 60 ? 'met' : 'NOT met'}; peak RSS ≤ 1 GiB ${subsidyPeak <= 1024 ? 'met' : 'NOT met'}`);
  } finally {
    await db.end().catch(() => undefined);
    await stack.stop();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
