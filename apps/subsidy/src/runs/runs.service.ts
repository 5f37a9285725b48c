import { InjectQueue } from '@nestjs/bullmq';
import { Injectable } from '@nestjs/common';
import { createHash, randomUUID } from 'node:crypto';
import { Actor, CreateSubsidyRunDto, DEFAULT_JOB_OPTIONS, EXPLANATION_LANGUAGES, ExplanationLanguage, jobIdFor, JobNames, JobQueue, Page, PageQuery, pageWindow, Queues, RunComparisonView, RunResultsReply, SubsidyRunView } from '@yixiang/contracts';
import { authorize, can, currentCorrelationId, fail, pgCode, requireActor, QUEUE_ADD_DEADLINE_MS, withinDeadline } from '@yixiang/common';
import { compareRuns, EVALUATION_COLUMNS, EVALUATION_INSTRUMENT_COLUMNS, EVALUATION_INSTRUMENTS_SHEET, EVALUATION_SHEET, evaluationInstrumentRow, GRADE_LABELS, labelOf, parsePolicy, runRegionOf, runSubsidy, SheetInput, SheetSpec, said, noSuch } from '@yixiang/domain';
import { PoliciesRepository } from '../policies/policies.repository';
import { explain } from './explanation';
import { InputsClient, RunInputs } from './inputs.client';
import { RunRecords } from './run-records';
import { RunsRepository } from './runs.repository';
import { toJson } from './stored-json';


/**
 * Subsidy runs: a policy and a year (and a region), computed by a BullMQ job that reads and
 * freezes its inputs, stores every institution's and instrument's figures, and leaves the run a
 * draft. Publishing makes it immutable (the database enforces it); a simulation changes policy
 * parameters, is compared with a base run, and can never be published.
 */
@Injectable()
export class RunsService {
  constructor(
    private readonly runs: RunsRepository,
    private readonly policies: PoliciesRepository,
    private readonly inputs: InputsClient,
    @InjectQueue(Queues.subsidyRun) private readonly queue: JobQueue<typeof Queues.subsidyRun>,
    private readonly records: RunRecords,
  ) {}

  async create(actor: Actor | null, dto: CreateSubsidyRunDto): Promise<{ runId: string; jobId: string }> {
    const a = requireActor(actor);
    const base = await this.policies.document(dto.policyId);
    if (base === undefined) {
      authorize(a, 'subsidy-run.write', { region: dto.region ?? a.region });
      fail('VALIDATION_FAILED', said(`政策 ${dto.policyId} 不存在`, `unknown policy ${dto.policyId}`), { fields: [{ field: 'policyId', reason: said('没有这个政策', 'no such policy') }] });
    }
    // Issue 16: the run's region (a regional officer's defaults to its own) must be the officer's, and so must the policy.
    const policyRegion = policyRegionOf(base);
    const { region, problem } = runRegionOf(dto.region, policyRegion, a.role === 'bureau' ? a.region : null);
    authorize(a, 'subsidy-run.write', { region });
    authorize(a, 'policy.use', { region: policyRegion });
    if (problem) fail('RULE_VIOLATION', problem, { rules: [{ rule: 'policy-region', message: problem }] });
    if (dto.overrides && !dto.simulation) fail('VALIDATION_FAILED', said('假设调整只用于模拟测算：请将“是否模拟测算”设为是', 'overrides make a what-if run: set simulation to true'), { fields: [{ field: 'overrides', reason: said('仅用于模拟测算', 'only with simulation') }] });
    const document = { ...base, ...(dto.overrides ?? {}) };
    const parsed = parsePolicy(document);
    if ('problems' in parsed) fail('VALIDATION_FAILED', said(`假设调整后的政策有误：${parsed.problems.map((p) => p.reason.zh).join('；')}`, `the overrides make an invalid policy: ${parsed.problems.map((p) => `${p.field}: ${p.reason.en}`).join('; ')}`), { fields: parsed.problems.map((p) => ({ field: `overrides.${p.field}`, reason: p.reason })) });
    if (dto.baseRunId) authorize(a, 'subsidy-run.read', { region: (await this.load(dto.baseRunId)).region }, noSuch('测算', 'run', dto.baseRunId));
    const id = randomUUID();
    const jobId = jobIdFor(Queues.subsidyRun, randomUUID());
    await this.runs.insert({ id, policyId: dto.policyId, document, year: dto.year, region, simulation: Boolean(dto.simulation), baseRunId: dto.baseRunId ?? null, jobId, createdBy: a.userId });
    const job = await withinDeadline(this.queue.add(JobNames.runSubsidy, { runId: id, actor: a, region, correlationId: currentCorrelationId() }, { ...DEFAULT_JOB_OPTIONS, jobId }), QUEUE_ADD_DEADLINE_MS, 'redis', 'queueing the job');
    await this.records.write(job, 'waiting');
    return { runId: id, jobId };
  }

  /** The job's work: read and freeze the inputs, evaluate, store the results; running it again rewrites the same rows. */
  async compute(runId: string, progress: (percent: number) => Promise<void>): Promise<{ institutions: number; totalFen: string; inputHash: string }> {
    const run = await this.runs.toCompute(runId);
    if (!run) fail('NOT_FOUND', noSuch('测算', 'run', runId));
    if (run.status === 'published') fail('IMMUTABLE', said('已发布的测算不会重新计算', 'a published run is never computed again'));
    await this.runs.markComputing(runId);
    const parsed = parsePolicy(run.policyDocument);
    if (!('policy' in parsed)) fail('VALIDATION_FAILED', said('该测算的政策无效', 'the run’s policy is not valid'));
    const inputs = await this.inputs.read(run.year, parsed.policy, (f) => progress(Math.round(f * 100)));
    const frozen = this.freeze(inputs);
    const inputHash = createHash('sha256').update(frozen).digest('hex');
    const results = runSubsidy({ policy: parsed.policy, year: run.year, region: run.region, institutions: inputs.institutions, instruments: inputs.instruments, usage: inputs.usage });
    await progress(80);
    const total = results.reduce((s, r) => s + r.subsidyFen, 0n);
    await this.runs.storeResults(runId, { frozenInputs: frozen, inputHash, results, totalFen: total });
    await progress(100);
    return { institutions: results.length, totalFen: total.toString(), inputHash };
  }

  async markFailed(runId: string, message: string): Promise<void> {
    await this.runs.markFailed(runId, message);
  }

  async list(actor: Actor | null, query: PageQuery = {}): Promise<Page<SubsidyRunView>> {
    // Published runs are what an institution admin may see of the list; the bureau and auditors see
    // all (a regional officer: every published run and the unpublished ones of its region).
    const a = authorize(actor, 'subsidy-result.read', { published: true, region: null });
    const own = !can(a, 'subsidy-result.read', { published: false, region: null });
    const region = own && a.role === 'bureau' ? a.region : null;
    const { page, pageSize, offset } = pageWindow(query);
    return { ...(await this.runs.page(own, pageSize, offset, region)), page, pageSize };
  }

  async get(actor: Actor | null, id: string): Promise<SubsidyRunView> {
    requireActor(actor);
    const run = await this.load(id);
    authorize(actor, 'subsidy-result.read', { published: run.status === 'published', region: run.region }, noSuch('测算', 'run', id));
    return run;
  }

  /**
   * Results of a run; with `institution`, every number of that institution's result with the
   * figures and the rule behind it, and the usage records behind each instrument's hours.
   * Institution admins read only their own institution's result of a published run.
   */
  async results(actor: Actor | null, id: string, institution?: string, language: ExplanationLanguage = 'zh'): Promise<RunResultsReply> {
    const a = requireActor(actor);
    if (!EXPLANATION_LANGUAGES.includes(language)) {
      fail('VALIDATION_FAILED', said(`语言必须是以下之一：${EXPLANATION_LANGUAGES.join('、')}`, `lang must be one of ${EXPLANATION_LANGUAGES.join(', ')}`), { fields: [{ field: 'lang', reason: said(`语言必须是以下之一：${EXPLANATION_LANGUAGES.join('、')}`, `lang must be one of ${EXPLANATION_LANGUAGES.join(', ')}`) }] });
    }
    const run = await this.get(a, id);
    const ref = a.role === 'institution_admin' ? a.institutionId ?? undefined : institution;
    const code = ref ? ((await this.runs.institutionCode(id, ref)) ?? (a.role === 'institution_admin' ? undefined : ref)) : undefined;
    if (a.role === 'institution_admin' && !code) fail('FORBIDDEN', said('您的单位在该测算中没有结果', 'your institution has no result in this run'));
    if (!code) return { run, items: await this.runs.institutionResults(id) };
    const result = (await this.runs.institutionResult(id, code)) ?? fail('NOT_FOUND', said(`单位 ${code} 在测算 ${id} 中没有结果`, `institution ${code} has no result in run ${id}`));
    const stored = await this.runs.instrumentResults(id, code);
    const ids = new Map((await this.runs.frozenInstruments(id)).map((i) => [i.code, i.id]));
    const policy = parsePolicy(await this.runs.policyDocument(id));
    const p = 'policy' in policy ? policy.policy : null;
    const instruments = [];
    for (const i of stored) {
      const instrumentId = ids.get(i.instrumentCode);
      instruments.push({ ...i, records: instrumentId ? await this.inputs.recordsOf(run.year, instrumentId) : [] });
    }
    return { run, result, explanation: p ? explain(result, instruments, p, language) : null, instruments };
  }

  async publish(actor: Actor | null, id: string): Promise<SubsidyRunView> {
    const run = await this.load(id);
    authorize(actor, 'subsidy-run.write', { region: run.region });
    if (run.simulation) fail('RULE_VIOLATION', said('模拟测算不能发布，请按政策本身测算', 'a simulation is never published; run the policy itself'), { rules: [{ rule: 'simulation', message: said('模拟测算不能发布', 'simulations are not publishable') }] });
    if (run.status !== 'draft') fail('ILLEGAL_TRANSITION', said(`测算当前状态为 ${run.status}，只有草稿可以发布`, `run is ${run.status}; only a draft is published`), { status: run.status });
    await this.runs.publish(id, actor);
    return this.load(id);
  }

  async remove(actor: Actor | null, id: string): Promise<{ deleted: true }> {
    authorize(actor, 'subsidy-run.write', { region: (await this.load(id)).region });
    try {
      await this.runs.delete(id, actor);
    } catch (error) {
      if (pgCode(error) === 'P0001') fail('IMMUTABLE', said('已发布的测算不能修改或删除', 'a published run can be neither changed nor deleted'));
      if (pgCode(error) === '23503') fail('CONFLICT', said('有模拟测算引用该测算，请先删除它们', 'simulations refer to this run; delete them first'));
      throw error;
    }
    return { deleted: true };
  }

  /** A run beside another (a simulation beside its base): who gains and who loses, and by how much. */
  async compare(actor: Actor | null, id: string, baseId?: string): Promise<RunComparisonView> {
    // The role first (a regional officer's own region passes it); then the runs' regions.
    const a = authorize(actor, 'subsidy-run.read', { region: requireActor(actor).region }, noSuch('测算', 'run', id));
    const run = await this.load(id);
    authorize(a, 'subsidy-run.read', { region: run.region }, noSuch('测算', 'run', id));
    const base = await this.load(baseId ?? run.baseRunId ?? fail('VALIDATION_FAILED', said('请指定用于比较的测算（base）', 'say which run to compare with (base)'), { fields: [{ field: 'base', reason: said('必须填写', 'required') }] }));
    authorize(a, 'subsidy-run.read', { region: base.region }, noSuch('测算', 'run', base.id));
    return { run, base, ...compareRuns(await this.runs.compare(id, base.id)) };
  }

  async load(id: string): Promise<SubsidyRunView> {
    return (await this.runs.find(id)) ?? fail('NOT_FOUND', noSuch('测算', 'run', id));
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

  /** evaluation.csv or evaluation-instruments.csv of a run, sorted as exchange.md says. */
  async exportRows(actor: Actor | null, id: string, kind: 'evaluation' | 'evaluation-instruments'): Promise<{ header: readonly string[]; rows: string[][] }> {
    const a = requireActor(actor);
    await this.get(a, id);
    const own = a.role === 'institution_admin' ? await this.runs.institutionCode(id, a.institutionId as string) : undefined;
    if (a.role === 'institution_admin' && !own) return { header: kind === 'evaluation' ? EVALUATION_COLUMNS : EVALUATION_INSTRUMENT_COLUMNS, rows: [] };
    if (kind === 'evaluation') return { header: EVALUATION_COLUMNS, rows: (await this.runs.institutionResults(id, own)).map((r) => r.row) };
    return { header: EVALUATION_INSTRUMENT_COLUMNS, rows: (await this.runs.instrumentResults(id, own)).map(evaluationInstrumentRow) };
  }

  /** The spreadsheet of evaluation.xlsx or evaluation-instruments.xlsx: the same rows as the CSV, names beside codes, hours and yuan as numbers, grades in Chinese. */
  async exportSheet(actor: Actor | null, id: string, kind: 'evaluation' | 'evaluation-instruments'): Promise<{ spec: SheetSpec; rows: SheetInput[][] }> {
    const a = requireActor(actor);
    await this.get(a, id);
    const spec = kind === 'evaluation' ? EVALUATION_SHEET : EVALUATION_INSTRUMENTS_SHEET;
    const own = a.role === 'institution_admin' ? await this.runs.institutionCode(id, a.institutionId as string) : undefined;
    if (a.role === 'institution_admin' && !own) return { spec, rows: [] };
    // Names are the catalogue's today (a run freezes codes, not names): one request for the ids the frozen inputs give.
    const [institutions, instruments] = await Promise.all([this.runs.frozenInstitutions(id), this.runs.frozenInstruments(id)]);
    const institutionId = new Map(institutions.map((i) => [i.code, i.id]));
    const instrumentId = new Map(instruments.map((i) => [i.code, i.id]));
    if (kind === 'evaluation') {
      const results = await this.runs.institutionResults(id, own);
      const names = await this.inputs.names([], results.map((r) => institutionId.get(r.institutionCode)).filter((x): x is string => !!x));
      return {
        spec,
        rows: results.map((r) => {
          const i = r.indicators;
          return [r.institutionCode, names.get(institutionId.get(r.institutionCode) ?? '') ?? '', r.eligibleInstruments, r.effectiveMinutes, r.externalMinutes,
            i.openRate, i.onlineRate, i.utilisation, i.activeShare, i.externalShare, i.satisfaction, i.externalReach, r.total, labelOf(GRADE_LABELS, r.grade),
            r.incomeBaseFen, r.subsidyBeforeBudgetFen, r.subsidyFen];
        }),
      };
    }
    const results = await this.runs.instrumentResults(id, own);
    const names = await this.inputs.names(
      results.map((r) => instrumentId.get(r.instrumentCode)).filter((x): x is string => !!x),
      [...new Set(results.map((r) => institutionId.get(r.institutionCode)).filter((x): x is string => !!x))],
    );
    return {
      spec,
      rows: results.map((r) => [r.instrumentCode, names.get(instrumentId.get(r.instrumentCode) ?? '') ?? '', r.institutionCode,
        names.get(institutionId.get(r.institutionCode) ?? '') ?? '', String(r.effectiveMinutes), String(r.externalMinutes), String(r.incomeBaseFen), String(r.rawFen), String(r.cappedFen)]),
    };
  }
}

/** A stored policy document's region (issue 16; null: platform-wide, or no region written). */
function policyRegionOf(document: unknown): string | null {
  const region = (document as { region?: unknown } | null)?.region;
  return typeof region === 'string' ? region : null;
}
