import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { Actor, Page, PageQuery, pageWindow, PolicyImportCheckReply, PolicyImportCounts, PolicyView } from '@yixiang/contracts';
import { authorize, fail, requireActor } from '@yixiang/common';
import { parsePolicy, said, noSuch } from '@yixiang/domain';
import { PoliciesRepository } from './policies.repository';


/**
 * Policies are versioned documents: posting a document with a code already known adds its next
 * version, and no version is ever edited — the one a published run used stays as it was (the
 * database refuses any change to it).
 */
@Injectable()
export class PoliciesService {
  constructor(private readonly policies: PoliciesRepository) {}

  async create(actor: Actor | null, document: unknown): Promise<PolicyView> {
    const a = requireActor(actor);
    const parsed = parsePolicy(document);
    if ('problems' in parsed) {
      authorize(a, 'policy.write', { region: a.region });
      fail('VALIDATION_FAILED', said(`政策文件有误：${parsed.problems.map((p) => p.reason.zh).join('；')}`, `the policy is not valid: ${parsed.problems.map((p) => `${p.field}: ${p.reason.en}`).join('; ')}`), { fields: parsed.problems });
    }
    // The new version's region, and the region of the code's versions so far: both must be the officer's.
    authorize(a, 'policy.write', { region: parsed.policy.region });
    const before = await this.policies.latestRegion(parsed.policy.code);
    if (before !== undefined && before !== parsed.policy.region) authorize(a, 'policy.write', { region: before });
    const id = randomUUID();
    await this.policies.insertVersion({ id, code: parsed.policy.code, document, createdBy: a.userId }, a);
    return this.get(a, id);
  }

  /** policy.json of a bundle: every bad field as a cell of the import report. */
  checkImport(text: string): PolicyImportCheckReply {
    let document: unknown;
    try {
      document = JSON.parse(text);
    } catch (error) {
      return { errors: [{ file: 'policy.json', line: 0, column: '', reason: said(`不是有效的 JSON（${error instanceof Error ? error.message : String(error)}）`, `not valid JSON: ${error instanceof Error ? error.message : String(error)}`) }] };
    }
    const parsed = parsePolicy(document);
    return { errors: 'problems' in parsed ? parsed.problems.map((p) => ({ file: 'policy.json', line: 0, column: p.field, reason: p.reason })) : [] };
  }

  /** Imports policy.json: a new version of its code unless the latest version is the same document (so a re-import adds nothing). */
  async importPolicy(actor: Actor | null, text: string): Promise<PolicyImportCounts> {
    const a = requireActor(actor);
    const document = JSON.parse(text) as { code: string; region?: string | null };
    authorize(a, 'policy.write', { region: typeof document.region === 'string' ? document.region : null });
    const same = await this.policies.latestIsSame(document.code, document);
    if (same) return { inserted: 0, updated: 0, unchanged: 1 };
    await this.create(actor, document);
    const known = same !== undefined;
    return { inserted: known ? 0 : 1, updated: known ? 1 : 0, unchanged: 0 };
  }

  async list(actor: Actor | null, query: PageQuery): Promise<Page<PolicyView>> {
    authorize(actor, 'policy.read', {});
    const { page, pageSize, offset } = pageWindow(query);
    const { items, total } = await this.policies.page(pageSize, offset);
    return { items, total, page, pageSize };
  }

  async get(actor: Actor | null, id: string): Promise<PolicyView> {
    authorize(actor, 'policy.read', {});
    return (await this.policies.find(id)) ?? fail('NOT_FOUND', noSuch('政策', 'policy', id));
  }
}
