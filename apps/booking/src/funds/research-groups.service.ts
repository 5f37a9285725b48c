import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import {
  Actor, AddGroupMemberDto, CreateFundAccountDto, CreateResearchGroupDto, FundAccountView, Page, pageWindow, ResearchGroupQuery, ResearchGroupView, UpdateFundAccountDto,
} from '@yixiang/contracts';
import { authorize, fail, pgCode, PG_UNIQUE_VIOLATION, requireActor, SqlFilter } from '@yixiang/common';
import { availableFen, noSuch, parseDateOrInstant, said, UUID_PATTERN, type ResearchGroupObject } from '@yixiang/domain';
import { CatalogueClient } from '../shared/catalogue.client';
import { balanceOf, FundAccountRow, GroupRow, ResearchGroupsRepository } from './research-groups.repository';
import { AuditTrail } from '@yixiang/common';

export function groupView(g: GroupRow, names: ReadonlyMap<string, string> = new Map()): ResearchGroupView {
  return {
    id: g.id, institutionId: g.institution_id, name: g.name, piUserId: g.pi_user_id,
    members: g.members.map((m) => ({ ...m, name: names.get(m.userId) ?? null })), createdAt: g.created_at.toISOString(),
  };
}

/** What the audit trail keeps of a fund account: what the finance office decides, not the holds that move with every booking. */
function auditedAccount(r: FundAccountRow): Record<string, unknown> {
  return {
    code: r.code, name: r.name, groupId: r.group_id, budgetFen: r.budget_fen === null ? null : String(r.budget_fen), state: r.state, validFrom: r.valid_from, validTo: r.valid_to,
    piApprovalAboveFen: r.pi_approval_above_fen === null ? null : String(r.pi_approval_above_fen),
  };
}

export function fundAccountView(r: FundAccountRow): FundAccountView {
  const left = availableFen(balanceOf(r));
  return {
    id: r.id, groupId: r.group_id, institutionId: r.institution_id, code: r.code, name: r.name, budgetFen: r.budget_fen === null ? null : Number(r.budget_fen),
    heldFen: Number(r.held_fen), chargedFen: Number(r.charged_fen), availableFen: left === null ? null : Number(left),
    piApprovalAboveFen: r.pi_approval_above_fen === null ? null : Number(r.pi_approval_above_fen), state: r.state,
    validFrom: r.valid_from.toISOString(), validTo: r.valid_to ? r.valid_to.toISOString() : null, createdAt: r.created_at.toISOString(),
  };
}

/** The group as the permission rules read it. */
export function groupObject(g: GroupRow): ResearchGroupObject {
  return { institutionId: g.institution_id, piUserId: g.pi_user_id, memberUserIds: g.members.map((m) => m.userId) };
}

const NO_GROUP = (id: string) => noSuch('课题组', 'research group', id);
const NO_ACCOUNT = (id: string) => noSuch('经费卡', 'fund account', id);

/** A date (00:00 Beijing) or instant from a validated DTO field. */
function instant(text: string): Date {
  const parsed = parseDateOrInstant(text);
  if (typeof parsed === 'string') fail('VALIDATION_FAILED', said('日期格式不正确', parsed));
  return parsed;
}

function refuseValidity(from: Date, to: Date | null): void {
  if (to !== null && to <= from) {
    fail('VALIDATION_FAILED', said('有效期的结束须晚于开始', 'validTo must be after validFrom'), { fields: [{ field: 'validTo', reason: said('须晚于开始日期', 'must be after validFrom') }] });
  }
}

/**
 * Research groups (课题组) and their fund accounts (经费卡), issue 18. The booking service keeps
 * them because a hold on an account is taken in the transaction that approves a booking.
 */
@Injectable()
export class ResearchGroupsService {
  constructor(
    private readonly em: EntityManager,
    private readonly repository: ResearchGroupsRepository,
    private readonly catalogue: CatalogueClient,
    private readonly audit: AuditTrail,
  ) {}

  async create(actor: Actor | null, dto: CreateResearchGroupDto): Promise<ResearchGroupView> {
    const a = requireActor(actor);
    const institutionId = dto.institutionId ?? a.institutionId;
    if (!institutionId) fail('VALIDATION_FAILED', said('请指定课题组所属单位（institutionId）', 'give the group’s institutionId'), { fields: [{ field: 'institutionId', reason: said('必填', 'required') }] });
    authorize(a, 'research-group.create', { institutionId });
    const pi = await this.catalogue.affiliation({ userId: dto.piUserId, email: dto.piEmail });
    if (pi.institutionId !== institutionId) {
      fail('RULE_VIOLATION', said('课题组负责人（PI）须为本单位的用户', 'the PI must be a user of the group’s institution'), { rules: [{ rule: 'pi-of-institution', message: said('PI 不属于该单位', 'the PI is not of this institution') }] });
    }
    const id = randomUUID();
    try {
      await this.em.transactional((em) => this.repository.insertGroup(em, { id, institutionId, name: dto.name.trim(), piUserId: pi.userId }));
    } catch (error) {
      if (pgCode(error) === PG_UNIQUE_VIOLATION) fail('DUPLICATE', said(`本单位已有课题组「${dto.name}」`, `the institution already has a group named ${dto.name}`), { fields: [{ field: 'name', reason: said('名称已被占用', 'already taken') }] });
      throw error;
    }
    return this.view(await this.loadGroup(id));
  }

  /** The bureau and auditors all groups; an admin their institution's; everyone else the groups they belong to. */
  async list(actor: Actor | null, query: ResearchGroupQuery): Promise<Page<ResearchGroupView>> {
    const a = requireActor(actor);
    const { page, pageSize, offset } = pageWindow(query);
    const filter = new SqlFilter();
    if (a.role === 'institution_admin') filter.and('g.institution_id = ?', a.institutionId);
    else if (a.role !== 'bureau' && a.role !== 'auditor') filter.and('exists (select 1 from booking.research_group_member m where m.group_id = g.id and m.user_id = ?)', a.userId);
    if (query.institutionId) filter.and('g.institution_id = ?', query.institutionId);
    const { rows, total } = await this.repository.groups(filter, pageSize, offset);
    const names = await this.names(rows.flatMap((g) => g.members.map((m) => m.userId)));
    return { items: rows.map((g) => groupView(g, names)), total, page, pageSize };
  }

  async get(actor: Actor | null, id: string): Promise<ResearchGroupView> {
    return this.view(await this.readable(actor, id));
  }

  async addMember(actor: Actor | null, id: string, dto: AddGroupMemberDto): Promise<ResearchGroupView> {
    const group = await this.readable(actor, id);
    authorize(actor, 'research-group.members', groupObject(group));
    const user = await this.catalogue.affiliation({ userId: dto.userId, email: dto.userEmail });
    if (user.institutionId !== group.institution_id) {
      fail('RULE_VIOLATION', said('课题组成员须为课题组所属单位的用户', 'members must be users of the group’s institution'), { rules: [{ rule: 'member-of-institution', message: said('该用户不属于课题组所属单位', 'the user is not of the group’s institution') }] });
    }
    // Adding someone who already belongs is no change: the answer is the group as it is.
    await this.repository.addMember(id, user.userId);
    return this.view(await this.loadGroup(id));
  }

  async removeMember(actor: Actor | null, id: string, userId: string): Promise<ResearchGroupView> {
    const group = await this.readable(actor, id);
    authorize(actor, 'research-group.members', groupObject(group));
    if (userId.toLowerCase() === group.pi_user_id) {
      fail('RULE_VIOLATION', said('不能移除课题组负责人（PI）', 'the PI cannot be removed from the group'), { rules: [{ rule: 'pi-stays', message: said('PI 不能被移除', 'the PI stays') }] });
    }
    if (!UUID_PATTERN.test(userId) || !(await this.repository.removeMember(id, userId.toLowerCase()))) fail('NOT_FOUND', said(`用户 ${userId} 不是该课题组的成员`, `user ${userId} is not a member of the group`));
    return this.view(await this.loadGroup(id));
  }

  async createAccount(actor: Actor | null, groupId: string, dto: CreateFundAccountDto): Promise<FundAccountView> {
    const group = await this.readable(actor, groupId);
    authorize(actor, 'fund-account.write', { institutionId: group.institution_id });
    const validFrom = instant(dto.validFrom);
    const validTo = dto.validTo === undefined ? null : instant(dto.validTo);
    refuseValidity(validFrom, validTo);
    try {
      return fundAccountView(await this.em.transactional(async (em) => {
        const row = await this.repository.insertAccount(em, {
          id: randomUUID(), groupId, institutionId: group.institution_id, code: dto.code, name: dto.name.trim(),
          budgetFen: dto.budgetFen === undefined ? null : BigInt(dto.budgetFen), validFrom, validTo,
          piApprovalAboveFen: dto.piApprovalAboveFen === undefined ? null : BigInt(dto.piApprovalAboveFen),
        });
        await this.audit.append(em, { actor, action: 'fund-account.open', objectType: 'fund-account', objectId: row.id, before: null, after: auditedAccount(row) });
        return row;
      }));
    } catch (error) {
      if (pgCode(error) === PG_UNIQUE_VIOLATION) fail('DUPLICATE', said(`本单位已有经费卡 ${dto.code}`, `the institution already has fund account ${dto.code}`), { fields: [{ field: 'code', reason: said('编号已被占用', 'already taken') }] });
      throw error;
    }
  }

  async listAccounts(actor: Actor | null, groupId: string): Promise<FundAccountView[]> {
    await this.readable(actor, groupId);
    return (await this.repository.accounts(groupId)).map(fundAccountView);
  }

  /**
   * Freeze or unfreeze, change the budget, name or end of validity. A lower budget does not undo
   * holds already taken: it refuses the next ones until the account is back within it.
   */
  async updateAccount(actor: Actor | null, id: string, dto: UpdateFundAccountDto): Promise<FundAccountView> {
    const a = requireActor(actor);
    if (!UUID_PATTERN.test(id)) fail('NOT_FOUND', noSuch('经费卡', 'fund account', id));
    const account = await this.repository.account(id.toLowerCase());
    if (!account) fail('NOT_FOUND', noSuch('经费卡', 'fund account', id));
    const group = await this.readable(a, account.group_id, NO_ACCOUNT(id));
    // The approval threshold alone is the PI's to change too; anything else is the finance office's.
    const onlyThreshold = Object.entries(dto).every(([field, value]) => value === undefined || field === 'piApprovalAboveFen');
    if (onlyThreshold && dto.piApprovalAboveFen !== undefined) authorize(a, 'fund-account.approval-rule', groupObject(group));
    else authorize(a, 'fund-account.write', { institutionId: account.institution_id });
    const validTo = dto.validTo === undefined ? undefined : dto.validTo === null ? null : instant(dto.validTo);
    if (validTo !== undefined) refuseValidity(account.valid_from, validTo);
    const row = await this.em.transactional(async (em) => {
      await this.repository.lockAccount(em, account.id);
      const before = await this.repository.account(account.id, em);
      const changed = await this.repository.updateAccount(em, account.id, {
        state: dto.state, name: dto.name?.trim(), validTo, budgetFen: dto.budgetFen === undefined ? undefined : dto.budgetFen === null ? null : BigInt(dto.budgetFen),
        piApprovalAboveFen: dto.piApprovalAboveFen === undefined ? undefined : dto.piApprovalAboveFen === null ? null : BigInt(dto.piApprovalAboveFen),
      });
      await this.audit.append(em, { actor: a, action: 'fund-account.change', objectType: 'fund-account', objectId: account.id, before: auditedAccount(before ?? account), after: auditedAccount(changed) });
      return changed;
    });
    return fundAccountView(row);
  }

  private async view(group: GroupRow): Promise<ResearchGroupView> {
    return groupView(group, await this.names(group.members.map((m) => m.userId)));
  }

  /** Members' names from the catalogue; without it the group still answers, its members by id. */
  private names(userIds: string[]): Promise<Map<string, string>> {
    return this.catalogue.names(userIds).catch(() => new Map<string, string>());
  }

  /** The group if the caller may see it; another institution's or a stranger's group does not exist for them. */
  async readable(actor: Actor | null, id: string, notFound = NO_GROUP(id)): Promise<GroupRow> {
    const a = requireActor(actor);
    if (!UUID_PATTERN.test(id)) fail('NOT_FOUND', notFound);
    const group = await this.repository.group(id.toLowerCase());
    if (!group) fail('NOT_FOUND', notFound);
    authorize(a, 'research-group.read', groupObject(group), notFound);
    return group;
  }

  async loadGroup(id: string): Promise<GroupRow> {
    const group = await this.repository.group(id);
    if (!group) fail('NOT_FOUND', noSuch('课题组', 'research group', id));
    return group;
  }
}
