import { EntityManager } from '@mikro-orm/postgresql';
import { InjectQueue } from '@nestjs/bullmq';
import { Injectable } from '@nestjs/common';
import { Queue } from 'bullmq';
import { createHash, randomUUID } from 'node:crypto';
import { Actor, CreateSubsidyRunDto, DEFAULT_JOB_OPTIONS, EXPLANATION_LANGUAGES, ExplanationLanguage, JobNames, jobIdFor, Page, PageQuery, pageWindow, Queues, SubsidyRunView } from '@yixiang/contracts';
import { authorize, boundQuery, can, currentCorrelationId, fail, pgCode, requireActor, QUEUE_ADD_DEADLINE_MS, withinDeadline } from '@yixiang/common';
import { EVALUATION_COLUMNS, EVALUATION_INSTRUMENT_COLUMNS, evaluationRow, formatHours, InstitutionResult, parsePolicy, runSubsidy } from '@yixiang/domain';
import { explain } from './explanation';
import { InputsClient, RunInputs } from './inputs.client';
import { RunRecords } from './run-records';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const RUN_COLUMNS = `r.id, r.policy_id, p.code as policy_code, r.year, r.region, r.simulation, r.base_run_id, r.status, r.input_hash, r.job_id,
  r.institutions, r.total_fen::text as total_fen, r.created_at, r.published_at, r.error`;

export interface RunJobData { runId: string; actor: Actor; correlationId?: string }

/** JSON with bigints as strings: what results and frozen inputs are stored and hashed as. */
const toJson = (value: unknown) => JSON.stringify(value, (_, v) => (typeof v === 'bigint' ? v.toString() : v));

function runView(r: Record<string, any>): SubsidyRunView {
  return {
    id: r.id, policyId: r.policy_id, policyCode: r.policy_code, year: r.year, region: r.region, simulation: r.simulation, baseRunId: r.base_run_id,
    status: r.status, inputHash: r.input_hash, jobId: r.job_id, institutions: r.institutions, totalFen: r.total_fen === null ? null : Number(r.total_fen),
    createdAt: new Date(r.created_at).toISOString(), publishedAt: r.published_at ? new Date(r.published_at).toISOString() : null, error: r.error,
  };
}

/**
 * Subsidy runs: a policy and a year (and a region), computed by a BullMQ job that reads and
 * freezes its inputs, stores every institution's and instrument's figures, and leaves the run a
 * draft. Publishing makes it immutable (the database enforces it); a simulation changes policy
 * parameters, is compared with a base run, and can never be published.
 */
@Injectable()
export class RunsService {
  constructor(
    private readonly em: EntityManager,
    private readonly inputs: InputsClient,
    @InjectQueue(Queues.subsidyRun) private readonly queue: Queue<RunJobData>,
    private readonly records: RunRecords,
  ) {}

  async create(actor: Actor | null, dto: CreateSubsidyRunDto): Promise<{ runId: string; jobId: string }> {
    const a = authorize(actor, 'subsidy-run.write', {});
    const [policy] = await this.em.getConnection().execute<{ id: string; document: unknown }[]>(`select id, document from subsidy.policy where id = ?`, [dto.policyId]);
    if (!policy) fail('VALIDATION_FAILED', `unknown policy ${dto.policyId}`, { fields: [{ field: 'policyId', reason: 'no such policy' }] });
    const base = typeof policy.document === 'string' ? JSON.parse(policy.document) : policy.document;
    if (dto.overrides && !dto.simulation) fail('VALIDATION_FAILED', 'overrides make a what-if run: set simulation to true', { fields: [{ field: 'overrides', reason: 'only with simulation' }] });
    const document = { ...base, ...(dto.overrides ?? {}) };
    const parsed = parsePolicy(document);
    if ('problems' in parsed) fail('VALIDATION_FAILED', `the overrides make an invalid policy: ${parsed.problems.map((p) => `${p.field}: ${p.reason}`).join('; ')}`, { fields: parsed.problems.map((p) => ({ field: `overrides.${p.field}`, reason: p.reason })) });
    if (dto.baseRunId) await this.load(dto.baseRunId);
    const id = randomUUID();
    const jobId = jobIdFor(Queues.subsidyRun, randomUUID());
    await this.em.getConnection().execute(
      `insert into subsidy.run (id, policy_id, policy_document, year, region, simulation, base_run_id, status, job_id, created_by) values (?, ?, ?, ?, ?, ?, ?, 'pending', ?, ?)`,
      [id, dto.policyId, JSON.stringify(document), dto.year, dto.region ?? null, Boolean(dto.simulation), dto.baseRunId ?? null, jobId, a.userId]);
    const job = await withinDeadline(this.queue.add(JobNames.runSubsidy, { runId: id, actor: a, correlationId: currentCorrelationId() }, { ...DEFAULT_JOB_OPTIONS, jobId }), QUEUE_ADD_DEADLINE_MS, 'redis', 'queueing the job');
    await this.records.write(job, 'waiting');
    return { runId: id, jobId };
  }

  /** The job's work: read and freeze the inputs, evaluate, store the results; running it again rewrites the same rows. */
  async compute(runId: string, progress: (percent: number) => Promise<void>): Promise<{ institutions: number; totalFen: string; inputHash: string }> {
    const [run] = await this.em.getConnection().execute<{ policy_document: unknown; year: number; region: string | null; status: string }[]>(
      `select policy_document, year, region, status from subsidy.run where id = ?`, [runId]);
    if (!run) fail('NOT_FOUND', `run ${runId} does not exist`);
    if (run.status === 'published') fail('IMMUTABLE', 'a published run is never computed again');
    await this.em.getConnection().execute(`update subsidy.run set status = 'computing', error = null where id = ?`, [runId]);
    const parsed = parsePolicy(typeof run.policy_document === 'string' ? JSON.parse(run.policy_document) : run.policy_document);
    if (!('policy' in parsed)) fail('VALIDATION_FAILED', 'the run’s policy is not valid');
    const inputs = await this.inputs.read(run.year, parsed.policy, (f) => progress(Math.round(f * 100)));
    const frozen = this.freeze(inputs);
    const inputHash = createHash('sha256').update(frozen).digest('hex');
    const results = runSubsidy({ policy: parsed.policy, year: run.year, region: run.region, institutions: inputs.institutions, instruments: inputs.instruments, usage: inputs.usage });
    await progress(80);
    const total = results.reduce((s, r) => s + r.subsidyFen, 0n);
    await this.em.fork().transactional(async (em) => {
      await em.execute(`delete from subsidy.institution_result where run_id = ?`, [runId]);
      await em.execute(`delete from subsidy.instrument_result where run_id = ?`, [runId]);
      await boundQuery(em, `insert into subsidy.run_input (run_id, inputs) values (?, ?::jsonb) on conflict (run_id) do update set inputs = excluded.inputs`, [runId, frozen]);
      for (let i = 0; i < results.length; i += 500) {
        const part = results.slice(i, i + 500);
        await boundQuery(em, `insert into subsidy.institution_result (run_id, institution_code, result, subsidy_fen) select ?, t.code, t.result::jsonb, t.fen from jsonb_to_recordset(?::jsonb) as t(code text, result text, fen bigint)`,
          [runId, toJson(part.map((r) => ({ code: r.institutionCode, result: toJson(this.stored(r)), fen: r.subsidyFen.toString() })))]);
        const instruments = part.flatMap((r) => r.instruments);
        if (instruments.length) {
          await boundQuery(em, `insert into subsidy.instrument_result (run_id, instrument_code, institution_code, result) select ?, t.code, t.inst, t.result::jsonb from jsonb_to_recordset(?::jsonb) as t(code text, inst text, result text)`,
            [runId, toJson(instruments.map((x) => ({ code: x.instrumentCode, inst: x.institutionCode, result: toJson(x) })))]);
        }
      }
      await em.execute(`update subsidy.run set status = 'draft', input_hash = ?, institutions = ?, total_fen = ? where id = ?`, [inputHash, results.length, total.toString(), runId]);
    });
    await progress(100);
    return { institutions: results.length, totalFen: total.toString(), inputHash };
  }

  async markFailed(runId: string, message: string): Promise<void> {
    await this.em.getConnection().execute(`update subsidy.run set status = 'failed', error = ? where id = ? and status <> 'published'`, [message.slice(0, 2000), runId]).catch(() => undefined);
  }

  async list(actor: Actor | null, query: PageQuery = {}): Promise<Page<SubsidyRunView>> {
    // Published runs are what an institution admin may see of the list; the bureau and auditors see all.
    const a = authorize(actor, 'subsidy-result.read', { published: true });
    const own = !can(a, 'subsidy-result.read', { published: false });
    const { page, pageSize, offset } = pageWindow(query);
    const where = own ? "where r.status = 'published'" : '';
    const rows = await this.em.getConnection().execute<Record<string, any>[]>(
      `select ${RUN_COLUMNS} from subsidy.run r join subsidy.policy p on p.id = r.policy_id ${where} order by r.created_at desc limit ? offset ?`, [pageSize, offset]);
    const [{ total }] = await this.em.getConnection().execute<{ total: string }[]>(`select count(*) as total from subsidy.run r ${where}`);
    return { items: rows.map(runView), total: Number(total), page, pageSize };
  }

  async get(actor: Actor | null, id: string): Promise<SubsidyRunView> {
    requireActor(actor);
    const run = await this.load(id);
    authorize(actor, 'subsidy-result.read', { published: run.status === 'published' }, `run ${id} does not exist`);
    return run;
  }

  /**
   * Results of a run; with `institution`, every number of that institution's result with the
   * figures and the rule behind it, and the usage records behind each instrument's hours.
   * Institution admins read only their own institution's result of a published run.
   */
  async results(actor: Actor | null, id: string, institution?: string, language: ExplanationLanguage = 'zh'): Promise<unknown> {
    const a = requireActor(actor);
    if (!EXPLANATION_LANGUAGES.includes(language)) {
      fail('VALIDATION_FAILED', `lang must be one of ${EXPLANATION_LANGUAGES.join(', ')}`, { fields: [{ field: 'lang', reason: `lang must be one of ${EXPLANATION_LANGUAGES.join(', ')}` }] });
    }
    const run = await this.get(a, id);
    const ref = a.role === 'institution_admin' ? a.institutionId ?? undefined : institution;
    const code = ref ? ((await this.institutionCode(id, ref)) ?? (a.role === 'institution_admin' ? undefined : ref)) : undefined;
    if (a.role === 'institution_admin' && !code) fail('FORBIDDEN', 'your institution has no result in this run');
    const conn = this.em.getConnection();
    if (!code) {
      const rows = await conn.execute<{ result: unknown }[]>(`select result from subsidy.institution_result where run_id = ? order by institution_code collate "C"`, [id]);
      return { run, items: rows.map((r) => parseJson(r.result)) };
    }
    const [row] = await conn.execute<{ result: unknown }[]>(`select result from subsidy.institution_result where run_id = ? and institution_code = ?`, [id, code]);
    if (!row) fail('NOT_FOUND', `institution ${code} has no result in run ${id}`);
    const result = parseJson(row.result) as Record<string, any>;
    const instruments = (await conn.execute<{ result: unknown }[]>(`select result from subsidy.instrument_result where run_id = ? and institution_code = ? order by instrument_code collate "C"`, [id, code]))
      .map((r) => parseJson(r.result) as Record<string, any>);
    const [input] = await conn.execute<{ inputs: unknown }[]>(`select inputs from subsidy.run_input where run_id = ?`, [id]);
    const frozen = parseJson(input?.inputs) as { instruments?: { id: string; code: string }[] } | null;
    const ids = new Map((frozen?.instruments ?? []).map((i) => [i.code, i.id]));
    const policy = parsePolicy(parseJson((await conn.execute<{ policy_document: unknown }[]>(`select policy_document from subsidy.run where id = ?`, [id]))[0].policy_document));
    const p = 'policy' in policy ? policy.policy : null;
    for (const i of instruments) {
      const instrumentId = ids.get(i.instrumentCode);
      i.records = instrumentId ? await this.inputs.recordsOf(run.year, instrumentId) : [];
    }
    return { run, result, explanation: p ? explain(result, instruments, p, language) : null, instruments };
  }

  async publish(actor: Actor | null, id: string): Promise<SubsidyRunView> {
    authorize(actor, 'subsidy-run.write', {});
    const run = await this.load(id);
    if (run.simulation) fail('RULE_VIOLATION', 'a simulation is never published; run the policy itself', { rules: [{ rule: 'simulation', message: 'simulations are not publishable' }] });
    if (run.status !== 'draft') fail('ILLEGAL_TRANSITION', `run is ${run.status}; only a draft is published`, { status: run.status });
    await this.em.getConnection().execute(`update subsidy.run set status = 'published', published_at = now() where id = ? and status = 'draft'`, [id]);
    return this.load(id);
  }

  async remove(actor: Actor | null, id: string): Promise<{ deleted: true }> {
    authorize(actor, 'subsidy-run.write', {});
    await this.load(id);
    try {
      await this.em.getConnection().execute(`delete from subsidy.run where id = ?`, [id]);
    } catch (error) {
      if (pgCode(error) === 'P0001') fail('IMMUTABLE', 'a published run can be neither changed nor deleted');
      if (pgCode(error) === '23503') fail('CONFLICT', 'simulations refer to this run; delete them first');
      throw error;
    }
    return { deleted: true };
  }

  /** A run beside another (a simulation beside its base): who gains and who loses, and by how much. */
  async compare(actor: Actor | null, id: string, baseId?: string): Promise<unknown> {
    authorize(actor, 'subsidy-run.read', {});
    const run = await this.load(id);
    const base = await this.load(baseId ?? run.baseRunId ?? fail('VALIDATION_FAILED', 'say which run to compare with (base)', { fields: [{ field: 'base', reason: 'required' }] }));
    const rows = await this.em.getConnection().execute<{ code: string; this_fen: string | null; base_fen: string | null; this_grade: string | null; base_grade: string | null }[]>(
      `select coalesce(t.institution_code, b.institution_code) as code, t.subsidy_fen::text as this_fen, b.subsidy_fen::text as base_fen,
         t.result->>'grade' as this_grade, b.result->>'grade' as base_grade
       from (select * from subsidy.institution_result where run_id = ?) t full join (select * from subsidy.institution_result where run_id = ?) b
         on b.institution_code = t.institution_code order by coalesce(t.institution_code, b.institution_code) collate "C"`, [id, base.id]);
    const items = rows.map((r) => {
      const now = Number(r.this_fen ?? 0);
      const before = Number(r.base_fen ?? 0);
      return { institutionCode: r.code, baseFen: before, runFen: now, deltaFen: now - before, baseGrade: r.base_grade, runGrade: r.this_grade };
    });
    return { run, base, items, gainers: items.filter((i) => i.deltaFen > 0).length, losers: items.filter((i) => i.deltaFen < 0).length };
  }

  async load(id: string): Promise<SubsidyRunView> {
    if (!UUID.test(id)) fail('NOT_FOUND', `run ${id} does not exist`);
    const [row] = await this.em.getConnection().execute<Record<string, any>[]>(`select ${RUN_COLUMNS} from subsidy.run r join subsidy.policy p on p.id = r.policy_id where r.id = ?`, [id]);
    if (!row) fail('NOT_FOUND', `run ${id} does not exist`);
    return runView(row);
  }

  /** The inputs as one canonical text: the same data gives the same text, hence the same hash. */
  private freeze(inputs: RunInputs): string {
    const byCode = <T extends { code: string }>(list: T[]) => [...list].sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));
    const sorted = <T>(m: Map<string, T>) => [...m.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    const usage = {
      instruments: sorted(inputs.usage.instruments),
      institutions: sorted(inputs.usage.institutions).map(([code, f]) => [code, { ratingCount: f.ratingCount, ratingSum: f.ratingSum, partners: [...f.partners].sort() }]),
    };
    return toJson({ institutions: byCode(inputs.institutions), instruments: byCode(inputs.instruments), usage });
  }

  /** An institution's result as stored: every figure, and its evaluation.csv row. */
  private stored(r: InstitutionResult): Record<string, unknown> {
    const { instruments, ...rest } = r;
    void instruments;
    return { ...rest, row: evaluationRow(r) };
  }

  /** An institution's code in a run, from the id or code given (the run's frozen inputs know both). */
  async institutionCode(runId: string, ref: string): Promise<string | undefined> {
    const [row] = await this.em.getConnection().execute<{ code: string }[]>(
      `select e->>'code' as code from subsidy.run_input, jsonb_array_elements(inputs->'institutions') e where run_id = ? and (e->>'id' = ? or e->>'code' = ?)`, [runId, ref, ref]);
    return row?.code;
  }

  /** evaluation.csv or evaluation-instruments.csv of a run, sorted as exchange.md says. */
  async exportRows(actor: Actor | null, id: string, kind: 'evaluation' | 'evaluation-instruments'): Promise<{ header: readonly string[]; rows: string[][] }> {
    const a = requireActor(actor);
    await this.get(a, id);
    const own = a.role === 'institution_admin' ? await this.institutionCode(id, a.institutionId as string) : undefined;
    if (a.role === 'institution_admin' && !own) return { header: kind === 'evaluation' ? EVALUATION_COLUMNS : EVALUATION_INSTRUMENT_COLUMNS, rows: [] };
    const conn = this.em.getConnection();
    const filter = own ? ' and institution_code = ?' : '';
    const params = own ? [id, own] : [id];
    if (kind === 'evaluation') {
      const rows = await conn.execute<{ result: unknown }[]>(`select result from subsidy.institution_result where run_id = ?${filter} order by institution_code collate "C"`, params);
      return { header: EVALUATION_COLUMNS, rows: rows.map((r) => (parseJson(r.result) as { row: string[] }).row) };
    }
    const rows = await conn.execute<{ result: unknown }[]>(`select result from subsidy.instrument_result where run_id = ?${filter} order by instrument_code collate "C"`, params);
    return { header: EVALUATION_INSTRUMENT_COLUMNS, rows: rows.map((r) => instrumentRow(parseJson(r.result) as Record<string, string>)) };
  }
}

const parseJson = (v: unknown) => (typeof v === 'string' ? JSON.parse(v) : v);
const instrumentRow = (x: Record<string, string>) => [x.instrumentCode, x.institutionCode, formatHours(BigInt(x.effectiveMinutes)), formatHours(BigInt(x.externalMinutes)), x.incomeBaseFen, x.rawFen, x.cappedFen];
