import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { SqlFilter } from '@yixiang/common';
import type { FundAccountBalance } from '@yixiang/domain';
import { toDate } from '../shared/booking.rows';

export interface GroupRow {
  id: string;
  institution_id: string;
  name: string;
  pi_user_id: string;
  created_at: Date;
  members: { userId: string; role: 'pi' | 'member'; addedAt: string }[];
}

export interface FundAccountRow {
  id: string;
  group_id: string;
  institution_id: string;
  code: string;
  name: string;
  /** bigints as text, as pg gives them. */
  budget_fen: string | null;
  held_fen: string;
  charged_fen: string;
  state: 'active' | 'frozen';
  valid_from: Date;
  valid_to: Date | null;
  created_at: Date;
  pi_approval_above_fen: string | null;
}

const GROUP_SELECT = `select g.id, g.institution_id, g.name, g.pi_user_id, g.created_at,
    coalesce((select json_agg(json_build_object('userId', m.user_id, 'role', m.role, 'addedAt', m.added_at) order by m.role desc, m.added_at, m.user_id)
      from booking.research_group_member m where m.group_id = g.id), '[]'::json) as members
  from booking.research_group g`;

const ACCOUNT_COLUMNS = 'id, group_id, institution_id, code, name, budget_fen, held_fen, charged_fen, state, valid_from, valid_to, created_at, pi_approval_above_fen';

function asGroup(r: GroupRow): GroupRow {
  r.created_at = toDate(r.created_at);
  // json_build_object writes timestamptz without the Z that the API's instants carry.
  r.members = r.members.map((m) => ({ ...m, addedAt: new Date(m.addedAt).toISOString() }));
  return r;
}

function asAccount(r: FundAccountRow): FundAccountRow {
  r.valid_from = toDate(r.valid_from);
  r.valid_to = r.valid_to ? toDate(r.valid_to) : null;
  r.created_at = toDate(r.created_at);
  return r;
}

/** The account as the pure rules read it (libs/domain billing/fund-accounts). */
export function balanceOf(r: FundAccountRow): FundAccountBalance {
  return {
    budgetFen: r.budget_fen === null ? null : BigInt(r.budget_fen), heldFen: BigInt(r.held_fen), chargedFen: BigInt(r.charged_fen),
    state: r.state, validFrom: r.valid_from, validTo: r.valid_to,
  };
}

/** The SQL of research groups, their members and fund accounts (booking schema, issue 18). */
@Injectable()
export class ResearchGroupsRepository {
  constructor(private readonly em: EntityManager) {}

  async insertGroup(em: EntityManager, g: { id: string; institutionId: string; name: string; piUserId: string }): Promise<void> {
    await em.execute(`insert into booking.research_group (id, institution_id, name, pi_user_id) values (?, ?, ?, ?)`, [g.id, g.institutionId, g.name, g.piUserId]);
    await em.execute(`insert into booking.research_group_member (group_id, user_id, role) values (?, ?, 'pi')`, [g.id, g.piUserId]);
  }

  async group(id: string): Promise<GroupRow | null> {
    const [row] = await this.em.getConnection().execute<GroupRow[]>(`${GROUP_SELECT} where g.id = ?`, [id]);
    return row ? asGroup(row) : null;
  }

  async groups(filter: SqlFilter, pageSize: number, offset: number): Promise<{ rows: GroupRow[]; total: number }> {
    const conn = this.em.getConnection();
    const [rows, [{ total }]] = await Promise.all([
      conn.execute<GroupRow[]>(`${GROUP_SELECT} where ${filter.sql} order by g.created_at, g.id limit ? offset ?`, [...filter.params, pageSize, offset]),
      conn.execute<{ total: string }[]>(`select count(*) as total from booking.research_group g where ${filter.sql}`, filter.params),
    ]);
    return { rows: rows.map(asGroup), total: Number(total) };
  }

  /** Adds a member; false when they already were one. */
  async addMember(groupId: string, userId: string): Promise<boolean> {
    const added = await this.em.getConnection().execute<{ user_id: string }[]>(
      `insert into booking.research_group_member (group_id, user_id, role) values (?, ?, 'member') on conflict do nothing returning user_id`, [groupId, userId]);
    return added.length > 0;
  }

  /** Removes a member (never the PI); false when they were not one. */
  async removeMember(groupId: string, userId: string): Promise<boolean> {
    const removed = await this.em.getConnection().execute<{ user_id: string }[]>(
      `delete from booking.research_group_member where group_id = ? and user_id = ? and role = 'member' returning user_id`, [groupId, userId]);
    return removed.length > 0;
  }

  async insertAccount(em: EntityManager, a: {
    id: string; groupId: string; institutionId: string; code: string; name: string; budgetFen: bigint | null; validFrom: Date; validTo: Date | null; piApprovalAboveFen: bigint | null;
  }): Promise<FundAccountRow> {
    const [row] = await em.execute<FundAccountRow[]>(
      `insert into booking.fund_account (id, group_id, institution_id, code, name, budget_fen, valid_from, valid_to, pi_approval_above_fen) values (?, ?, ?, ?, ?, ?, ?, ?, ?) returning ${ACCOUNT_COLUMNS}`,
      [a.id, a.groupId, a.institutionId, a.code, a.name, a.budgetFen === null ? null : a.budgetFen.toString(), a.validFrom, a.validTo,
        a.piApprovalAboveFen === null ? null : a.piApprovalAboveFen.toString()]);
    return asAccount(row);
  }

  async accounts(groupId: string): Promise<FundAccountRow[]> {
    return (await this.em.getConnection().execute<FundAccountRow[]>(`select ${ACCOUNT_COLUMNS} from booking.fund_account where group_id = ? order by code`, [groupId])).map(asAccount);
  }

  /** One account (read in `em`'s transaction if given: under its lock, the state a change starts from). */
  async account(id: string, em?: EntityManager): Promise<FundAccountRow | null> {
    const [row] = await (em ?? this.em.getConnection()).execute<FundAccountRow[]>(`select ${ACCOUNT_COLUMNS} from booking.fund_account where id = ?`, [id]);
    return row ? asAccount(row) : null;
  }

  /**
   * The account locked in the caller's transaction: whoever holds on it next waits here, then
   * reads the holds this transaction commits. The one place a budget is decided under concurrency.
   * `for no key update`, not `for update`: a booking's insert names the account by foreign key,
   * which takes a key-share lock on its row; `for update` would conflict with the key-share of
   * every other booking being inserted on the account, and two of them would deadlock.
   */
  async lockAccount(em: EntityManager, id: string): Promise<FundAccountRow | null> {
    const [row] = await em.execute<FundAccountRow[]>(`select ${ACCOUNT_COLUMNS} from booking.fund_account where id = ? for no key update`, [id]);
    return row ? asAccount(row) : null;
  }

  /** A change of state, budget, name or validity, under the account's lock (a hold being taken finishes first). */
  async updateAccount(em: EntityManager, id: string, change: { state?: string; budgetFen?: bigint | null; name?: string; validTo?: Date | null; piApprovalAboveFen?: bigint | null }): Promise<FundAccountRow> {
    const sets: string[] = [];
    const params: unknown[] = [];
    if (change.state !== undefined) { sets.push('state = ?'); params.push(change.state); }
    if (change.budgetFen !== undefined) { sets.push('budget_fen = ?'); params.push(change.budgetFen === null ? null : change.budgetFen.toString()); }
    if (change.name !== undefined) { sets.push('name = ?'); params.push(change.name); }
    if (change.validTo !== undefined) { sets.push('valid_to = ?'); params.push(change.validTo); }
    if (change.piApprovalAboveFen !== undefined) { sets.push('pi_approval_above_fen = ?'); params.push(change.piApprovalAboveFen === null ? null : change.piApprovalAboveFen.toString()); }
    if (!sets.length) return (await this.lockAccount(em, id)) as FundAccountRow;
    const [row] = await em.execute<FundAccountRow[]>(`update booking.fund_account set ${sets.join(', ')} where id = ? returning ${ACCOUNT_COLUMNS}`, [...params, id]);
    return asAccount(row);
  }
}
