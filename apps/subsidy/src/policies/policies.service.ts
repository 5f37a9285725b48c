import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { Actor, Page, PageQuery, pageWindow, PolicyImportCheckReply, PolicyImportCounts, PolicyView } from '@yixiang/contracts';
import { authorize, fail } from '@yixiang/common';
import { parsePolicy } from '@yixiang/domain';


const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const SELECT = `select p.id, p.code, p.version, p.document, p.created_at,
  exists (select 1 from subsidy.run r where r.policy_id = p.id and r.status = 'published') as used from subsidy.policy p`;
const view = (r: Record<string, any>): PolicyView => ({
  id: r.id, code: r.code, version: r.version, document: typeof r.document === 'string' ? JSON.parse(r.document) : r.document,
  createdAt: new Date(r.created_at).toISOString(), usedByPublishedRun: r.used,
});

/**
 * Policies are versioned documents: posting a document with a code already known adds its next
 * version, and no version is ever edited — the one a published run used stays as it was (the
 * database refuses any change to it).
 */
@Injectable()
export class PoliciesService {
  constructor(private readonly em: EntityManager) {}

  async create(actor: Actor | null, document: unknown): Promise<PolicyView> {
    const a = authorize(actor, 'policy.write', {});
    const parsed = parsePolicy(document);
    if ('problems' in parsed) {
      fail('VALIDATION_FAILED', `the policy is not valid: ${parsed.problems.map((p) => `${p.field}: ${p.reason}`).join('; ')}`, { fields: parsed.problems });
    }
    const id = randomUUID();
    await this.em.getConnection().execute(
      `insert into subsidy.policy (id, code, version, document, created_by)
       values (?, ?, (select coalesce(max(version), 0) + 1 from subsidy.policy where code = ?), ?, ?)`,
      [id, parsed.policy.code, parsed.policy.code, JSON.stringify(document), a.userId]);
    return this.get(a, id);
  }

  /** policy.json of a bundle: every bad field as a cell of the import report. */
  checkImport(text: string): PolicyImportCheckReply {
    let document: unknown;
    try {
      document = JSON.parse(text);
    } catch (error) {
      return { errors: [{ file: 'policy.json', line: 0, column: '', reason: `not valid JSON: ${error instanceof Error ? error.message : String(error)}` }] };
    }
    const parsed = parsePolicy(document);
    return { errors: 'problems' in parsed ? parsed.problems.map((p) => ({ file: 'policy.json', line: 0, column: p.field, reason: p.reason })) : [] };
  }

  /** Imports policy.json: a new version of its code unless the latest version is the same document (so a re-import adds nothing). */
  async importPolicy(actor: Actor | null, text: string): Promise<PolicyImportCounts> {
    authorize(actor, 'policy.write', {});
    const document = JSON.parse(text) as { code: string };
    const [latest] = await this.em.getConnection().execute<{ same: boolean }[]>(
      `select document = ?::jsonb as same from subsidy.policy where code = ? order by version desc limit 1`, [JSON.stringify(document), document.code]);
    if (latest?.same) return { inserted: 0, updated: 0, unchanged: 1 };
    await this.create(actor, document);
    return { inserted: latest ? 0 : 1, updated: latest ? 1 : 0, unchanged: 0 };
  }

  async list(actor: Actor | null, query: PageQuery): Promise<Page<PolicyView>> {
    authorize(actor, 'policy.read', {});
    const { page, pageSize, offset } = pageWindow(query);
    const conn = this.em.getConnection();
    const [rows, [{ total }]] = await Promise.all([
      conn.execute<Record<string, any>[]>(`${SELECT} order by p.code, p.version limit ? offset ?`, [pageSize, offset]),
      conn.execute<{ total: string }[]>(`select count(*) as total from subsidy.policy`),
    ]);
    return { items: rows.map(view), total: Number(total), page, pageSize };
  }

  async get(actor: Actor | null, id: string): Promise<PolicyView> {
    authorize(actor, 'policy.read', {});
    if (!UUID.test(id)) fail('NOT_FOUND', `policy ${id} does not exist`);
    const [row] = await this.em.getConnection().execute<Record<string, any>[]>(`${SELECT} where p.id = ?`, [id]);
    if (!row) fail('NOT_FOUND', `policy ${id} does not exist`);
    return view(row);
  }
}
