import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { Actor, StoredInstitutionResultView, SubsidyRunView } from '@yixiang/contracts';
import { AuditTrail, boundQuery } from '@yixiang/common';
import { evaluationRow, InstitutionInTwoRuns, InstitutionResult, StoredInstrumentResult, UUID_PATTERN } from '@yixiang/domain';
import { parseJson, toJson } from './stored-json';

/** Results are written in parts of this many institutions: one statement's parameters stay small. */
const RESULT_BATCH = 500;

/** A row of subsidy.run with its policy's code, as RUN_COLUMNS selects it. */
interface RunRow {
  id: string; policy_id: string; policy_code: string; year: number; region: string | null; simulation: boolean; base_run_id: string | null;
  status: SubsidyRunView['status']; input_hash: string | null; job_id: string | null; institutions: number;
  /** bigint as text: the driver would give a string anyway, and text says so. */
  total_fen: string | null; created_at: Date | string; published_at: Date | string | null; error: string | null;
}
const RUN_COLUMNS = `r.id, r.policy_id, p.code as policy_code, r.year, r.region, r.simulation, r.base_run_id, r.status, r.input_hash, r.job_id,
  r.institutions, r.total_fen::text as total_fen, r.created_at, r.published_at, r.error`;

function runView(r: RunRow): SubsidyRunView {
  return {
    id: r.id, policyId: r.policy_id, policyCode: r.policy_code, year: r.year, region: r.region, simulation: r.simulation, baseRunId: r.base_run_id,
    status: r.status, inputHash: r.input_hash, jobId: r.job_id, institutions: r.institutions, totalFen: r.total_fen === null ? null : Number(r.total_fen),
    createdAt: new Date(r.created_at).toISOString(), publishedAt: r.published_at ? new Date(r.published_at).toISOString() : null, error: r.error,
  };
}

/** A new run, before its job has computed anything. */
export interface NewRun {
  id: string; policyId: string; document: unknown; year: number; region: string | null; simulation: boolean; baseRunId: string | null; jobId: string; createdBy: string;
}

/** What the job reads of its run before computing. */
export interface RunToCompute { policyDocument: unknown; year: number; region: string | null; status: SubsidyRunView['status'] }

/** The instruments of a run's frozen inputs, as far as the results need them (id ↔ code). */
export interface FrozenInstrument { id: string; code: string }

/**
 * The SQL of the subsidy run aggregate: the run, its frozen inputs and its institution and
 * instrument results. Published runs are immutable by trigger, so writes here may fail with
 * P0001, and a run that simulations refer to with 23503: the service says what those mean.
 */
@Injectable()
export class RunsRepository {
  constructor(
    private readonly em: EntityManager,
    private readonly audit: AuditTrail,
  ) {}

  private get conn() {
    return this.em.getConnection();
  }

  async insert(run: NewRun): Promise<void> {
    await this.conn.execute(
      `insert into subsidy.run (id, policy_id, policy_document, year, region, simulation, base_run_id, status, job_id, created_by) values (?, ?, ?, ?, ?, ?, ?, 'pending', ?, ?)`,
      [run.id, run.policyId, JSON.stringify(run.document), run.year, run.region, run.simulation, run.baseRunId, run.jobId, run.createdBy]);
  }

  /** A run with its policy's code, or undefined (an id that is not a UUID names no run). */
  async find(id: string): Promise<SubsidyRunView | undefined> {
    if (!UUID_PATTERN.test(id)) return undefined;
    const [row] = await this.conn.execute<RunRow[]>(`select ${RUN_COLUMNS} from subsidy.run r join subsidy.policy p on p.id = r.policy_id where r.id = ?`, [id]);
    return row ? runView(row) : undefined;
  }

  /** The newest 500 runs, or only the published ones. */
  /** A page of the runs, newest first; only published ones when that is all the reader may see. */
  async page(publishedOnly: boolean, limit: number, offset: number, alsoRegion: string | null = null): Promise<{ items: SubsidyRunView[]; total: number }> {
    // `alsoRegion`: a regional bureau officer also sees its own region's unpublished runs (issue 16).
    const where = !publishedOnly ? '' : alsoRegion ? "where (r.status = 'published' or r.region = ?)" : "where r.status = 'published'";
    const params = publishedOnly && alsoRegion ? [alsoRegion] : [];
    const [rows, [{ total }]] = await Promise.all([
      this.conn.execute<RunRow[]>(`select ${RUN_COLUMNS} from subsidy.run r join subsidy.policy p on p.id = r.policy_id ${where} order by r.created_at desc limit ? offset ?`, [...params, limit, offset]),
      this.conn.execute<{ total: string }[]>(`select count(*) as total from subsidy.run r ${where}`, params),
    ]);
    return { items: rows.map(runView), total: Number(total) };
  }

  async toCompute(runId: string): Promise<RunToCompute | undefined> {
    const [run] = await this.conn.execute<{ policy_document: unknown; year: number; region: string | null; status: SubsidyRunView['status'] }[]>(
      `select policy_document, year, region, status from subsidy.run where id = ?`, [runId]);
    return run ? { policyDocument: parseJson(run.policy_document), year: run.year, region: run.region, status: run.status } : undefined;
  }

  /** The policy document the run was created with (its overrides applied). */
  async policyDocument(runId: string): Promise<unknown> {
    const [row] = await this.conn.execute<{ policy_document: unknown }[]>(`select policy_document from subsidy.run where id = ?`, [runId]);
    return parseJson(row.policy_document);
  }

  async markComputing(runId: string): Promise<void> {
    await this.conn.execute(`update subsidy.run set status = 'computing', error = null where id = ?`, [runId]);
  }

  /** Failed, with the message; never a published run, and never failing itself (the job's own error is what counts). */
  async markFailed(runId: string, message: string): Promise<void> {
    await this.conn.execute(`update subsidy.run set status = 'failed', error = ? where id = ? and status <> 'published'`, [message.slice(0, 2000), runId]).catch(() => undefined);
  }

  /**
   * Only a draft becomes published, with its audit entry in the same transaction; returns nothing,
   * the caller reads the run again.
   */
  async publish(id: string, actor: Actor | null): Promise<void> {
    await this.em.fork().transactional(async (em) => {
      const [before] = await em.execute<RunRow[]>(`select ${RUN_COLUMNS} from subsidy.run r join subsidy.policy p on p.id = r.policy_id where r.id = ? for update of r`, [id]);
      const published = await em.execute<{ id: string }[]>(`update subsidy.run set status = 'published', published_at = now() where id = ? and status = 'draft' returning id`, [id]);
      if (!before || published.length === 0) return;
      const [after] = await em.execute<RunRow[]>(`select ${RUN_COLUMNS} from subsidy.run r join subsidy.policy p on p.id = r.policy_id where r.id = ?`, [id]);
      await this.audit.append(em, { actor, action: 'subsidy-run.publish', objectType: 'subsidy-run', objectId: id, before: runView(before), after: runView(after) });
    });
  }

  /** Deletes a run (the trigger refuses a published one) with its audit entry. */
  async delete(id: string, actor: Actor | null): Promise<void> {
    await this.em.fork().transactional(async (em) => {
      const [before] = await em.execute<RunRow[]>(`select ${RUN_COLUMNS} from subsidy.run r join subsidy.policy p on p.id = r.policy_id where r.id = ? for update of r`, [id]);
      await em.execute(`delete from subsidy.run where id = ?`, [id]);
      if (before) await this.audit.append(em, { actor, action: 'subsidy-run.delete', objectType: 'subsidy-run', objectId: id, before: runView(before), after: null });
    });
  }

  /**
   * A computed run's results in one transaction: the frozen inputs, every institution's and
   * instrument's result (rewritten, so computing again gives the same rows) and the run a draft.
   */
  async storeResults(runId: string, computed: { frozenInputs: string; inputHash: string; results: InstitutionResult[]; totalFen: bigint }): Promise<void> {
    const { frozenInputs, inputHash, results, totalFen } = computed;
    await this.em.fork().transactional(async (em) => {
      await em.execute(`delete from subsidy.institution_result where run_id = ?`, [runId]);
      await em.execute(`delete from subsidy.instrument_result where run_id = ?`, [runId]);
      await boundQuery(em, `insert into subsidy.run_input (run_id, inputs) values (?, ?::jsonb) on conflict (run_id) do update set inputs = excluded.inputs`, [runId, frozenInputs]);
      for (let i = 0; i < results.length; i += RESULT_BATCH) {
        const part = results.slice(i, i + RESULT_BATCH);
        await boundQuery(em, `insert into subsidy.institution_result (run_id, institution_code, result, subsidy_fen) select ?, t.code, t.result::jsonb, t.fen from jsonb_to_recordset(?::jsonb) as t(code text, result text, fen bigint)`,
          [runId, toJson(part.map((r) => ({ code: r.institutionCode, result: toJson(storedInstitution(r)), fen: r.subsidyFen.toString() })))]);
        const instruments = part.flatMap((r) => r.instruments);
        if (instruments.length) {
          await boundQuery(em, `insert into subsidy.instrument_result (run_id, instrument_code, institution_code, result) select ?, t.code, t.inst, t.result::jsonb from jsonb_to_recordset(?::jsonb) as t(code text, inst text, result text)`,
            [runId, toJson(instruments.map((x) => ({ code: x.instrumentCode, inst: x.institutionCode, result: toJson(x) })))]);
        }
      }
      await em.execute(`update subsidy.run set status = 'draft', input_hash = ?, institutions = ?, total_fen = ? where id = ?`, [inputHash, results.length, totalFen.toString(), runId]);
    });
  }

  /** Every institution's stored result, or only `institutionCode`'s, in code-point order of the code. */
  async institutionResults(runId: string, institutionCode?: string): Promise<StoredInstitutionResultView[]> {
    const filter = institutionCode ? ' and institution_code = ?' : '';
    const rows = await this.conn.execute<{ result: unknown }[]>(`select result from subsidy.institution_result where run_id = ?${filter} order by institution_code collate "C"`,
      institutionCode ? [runId, institutionCode] : [runId]);
    return rows.map((r) => parseJson(r.result) as StoredInstitutionResultView);
  }

  async institutionResult(runId: string, institutionCode: string): Promise<StoredInstitutionResultView | undefined> {
    const [row] = await this.conn.execute<{ result: unknown }[]>(`select result from subsidy.institution_result where run_id = ? and institution_code = ?`, [runId, institutionCode]);
    return row ? (parseJson(row.result) as StoredInstitutionResultView) : undefined;
  }

  /** The stored instrument results of a run, or of one institution in it, in code-point order of the instrument code. */
  async instrumentResults(runId: string, institutionCode?: string): Promise<StoredInstrumentResult[]> {
    const filter = institutionCode ? ' and institution_code = ?' : '';
    const rows = await this.conn.execute<{ result: unknown }[]>(`select result from subsidy.instrument_result where run_id = ?${filter} order by instrument_code collate "C"`,
      institutionCode ? [runId, institutionCode] : [runId]);
    return rows.map((r) => parseJson(r.result) as StoredInstrumentResult);
  }

  /** The instruments of the run's frozen inputs (none before it is computed). */
  async frozenInstruments(runId: string): Promise<FrozenInstrument[]> {
    const [input] = await this.conn.execute<{ inputs: unknown }[]>(`select inputs from subsidy.run_input where run_id = ?`, [runId]);
    const frozen = parseJson(input?.inputs) as { instruments?: FrozenInstrument[] } | null | undefined;
    return frozen?.instruments ?? [];
  }

  /** The institutions of the run's frozen inputs (id ↔ code; none before it is computed). */
  async frozenInstitutions(runId: string): Promise<FrozenInstrument[]> {
    const [input] = await this.conn.execute<{ inputs: unknown }[]>(`select inputs from subsidy.run_input where run_id = ?`, [runId]);
    const frozen = parseJson(input?.inputs) as { institutions?: FrozenInstrument[] } | null | undefined;
    return (frozen?.institutions ?? []).map((i) => ({ id: i.id, code: i.code }));
  }

  /** An institution's code in a run, from the id or code given (the run's frozen inputs know both). */
  async institutionCode(runId: string, ref: string): Promise<string | undefined> {
    const [row] = await this.conn.execute<{ code: string }[]>(
      `select e->>'code' as code from subsidy.run_input, jsonb_array_elements(inputs->'institutions') e where run_id = ? and (e->>'id' = ? or e->>'code' = ?)`, [runId, ref, ref]);
    return row?.code;
  }

  /** Every institution of either run (a full join: either side may be missing) with its subsidy and grade in each, in code-point order. */
  async compare(runId: string, baseId: string): Promise<InstitutionInTwoRuns[]> {
    const rows = await this.conn.execute<{ code: string; this_fen: string | null; base_fen: string | null; this_grade: string | null; base_grade: string | null }[]>(
      `select coalesce(t.institution_code, b.institution_code) as code, t.subsidy_fen::text as this_fen, b.subsidy_fen::text as base_fen,
         t.result->>'grade' as this_grade, b.result->>'grade' as base_grade
       from (select * from subsidy.institution_result where run_id = ?) t full join (select * from subsidy.institution_result where run_id = ?) b
         on b.institution_code = t.institution_code order by coalesce(t.institution_code, b.institution_code) collate "C"`, [runId, baseId]);
    return rows.map((r) => ({ code: r.code, runFen: r.this_fen, baseFen: r.base_fen, runGrade: r.this_grade, baseGrade: r.base_grade }));
  }
}

/** An institution's result as stored: every figure but its instruments (stored apart), and its evaluation.csv line. */
function storedInstitution(r: InstitutionResult): Record<string, unknown> {
  const { instruments, ...rest } = r;
  void instruments;
  return { ...rest, row: evaluationRow(r) };
}
