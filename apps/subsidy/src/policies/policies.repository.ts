import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import type { Actor, PolicyView } from '@yixiang/contracts';
import { AuditTrail } from '@yixiang/common';
import { UUID_PATTERN } from '@yixiang/domain';

/** A row of subsidy.policy as SELECT reads it, with whether a published run used it. */
interface PolicyRow { id: string; code: string; version: number; document: Record<string, unknown> | string; created_at: Date | string; used: boolean }
const SELECT = `select p.id, p.code, p.version, p.document, p.created_at,
  exists (select 1 from subsidy.run r where r.policy_id = p.id and r.status = 'published') as used from subsidy.policy p`;

function policyView(r: PolicyRow): PolicyView {
  const document = typeof r.document === 'string' ? (JSON.parse(r.document) as Record<string, unknown>) : r.document;
  return {
    id: r.id, code: r.code, version: r.version, document, region: typeof document.region === 'string' ? document.region : null,
    createdAt: new Date(r.created_at).toISOString(), usedByPublishedRun: r.used,
  };
}

/**
 * The SQL of subsidy.policy: versions are only ever added (the next version of a code is
 * numbered in the insert itself), and the database refuses any change to one a published run used.
 */
@Injectable()
export class PoliciesRepository {
  constructor(
    private readonly em: EntityManager,
    private readonly audit: AuditTrail,
  ) {}

  private get conn() {
    return this.em.getConnection();
  }

  /** Adds the next version of the document's code, with its audit entry (before: the code's latest version so far). */
  async insertVersion(policy: { id: string; code: string; document: unknown; createdBy: string }, actor: Actor | null): Promise<void> {
    await this.em.fork().transactional(async (em) => {
      const [previous] = await em.execute<PolicyRow[]>(`${SELECT} where p.code = ? order by p.version desc limit 1`, [policy.code]);
      await em.execute(
        `insert into subsidy.policy (id, code, version, document, created_by)
         values (?, ?, (select coalesce(max(version), 0) + 1 from subsidy.policy where code = ?), ?, ?)`,
        [policy.id, policy.code, policy.code, JSON.stringify(policy.document), policy.createdBy]);
      const [added] = await em.execute<PolicyRow[]>(`${SELECT} where p.id = ?`, [policy.id]);
      await this.audit.append(em, {
        actor, action: 'policy.create', objectType: 'policy', objectId: policy.code, before: previous ? policyView(previous) : null, after: policyView(added),
      });
    });
  }

  /** A version, or undefined (an id that is not a UUID names no policy). */
  async find(id: string): Promise<PolicyView | undefined> {
    if (!UUID_PATTERN.test(id)) return undefined;
    const [row] = await this.conn.execute<PolicyRow[]>(`${SELECT} where p.id = ?`, [id]);
    return row ? policyView(row) : undefined;
  }

  /** A version's document alone, as stored (what a run starts from). */
  async document(id: string): Promise<unknown> {
    const [policy] = await this.conn.execute<{ id: string; document: unknown }[]>(`select id, document from subsidy.policy where id = ?`, [id]);
    if (!policy) return undefined;
    return typeof policy.document === 'string' ? JSON.parse(policy.document) : policy.document;
  }

  /** The region of the latest version of `code` (null: platform-wide); undefined when the code has no version. */
  async latestRegion(code: string): Promise<string | null | undefined> {
    const [latest] = await this.conn.execute<{ region: string | null }[]>(
      `select document->>'region' as region from subsidy.policy where code = ? order by version desc limit 1`, [code]);
    return latest ? latest.region : undefined;
  }

  /** Whether the latest version of `code` is this very document; undefined when the code has no version. */
  async latestIsSame(code: string, document: unknown): Promise<boolean | undefined> {
    const [latest] = await this.conn.execute<{ same: boolean }[]>(
      `select document = ?::jsonb as same from subsidy.policy where code = ? order by version desc limit 1`, [JSON.stringify(document), code]);
    return latest?.same;
  }

  /** A page of versions by code and version, and how many there are in all. */
  async page(limit: number, offset: number): Promise<{ items: PolicyView[]; total: number }> {
    const [rows, [{ total }]] = await Promise.all([
      this.conn.execute<PolicyRow[]>(`${SELECT} order by p.code, p.version limit ? offset ?`, [limit, offset]),
      this.conn.execute<{ total: string }[]>(`select count(*) as total from subsidy.policy`),
    ]);
    return { items: rows.map(policyView), total: Number(total) };
  }
}
