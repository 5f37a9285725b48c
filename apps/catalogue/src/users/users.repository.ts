import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import type { Role, UserSessionReply } from '@yixiang/contracts';
import type { Contact } from '@yixiang/domain';

/** What the gateway's session check reads of a user. */
interface SessionRow { role: Role; institution_id: string | null; region: string | null; token_version: number; active: boolean }

/** An account as the read rule sees it: its institution, its role, and its region (a bureau officer's own, else its institution's). */
interface AccountRow { institution_id: string | null; role: Role; region: string | null }

/** A user as a notification needs it. */
interface ContactRow { id: string; email: string | null; name: string; role: string; institution_id: string | null; active: boolean }

export interface Account { institutionId: string | null; role: Role; region: string | null }

const sessionOf = (r: SessionRow): UserSessionReply => ({ active: r.active, role: r.role, institutionId: r.institution_id, region: r.region, tokenVersion: r.token_version });
const accountOf = (r: AccountRow): Account => ({ institutionId: r.institution_id, role: r.role, region: r.region });
const contactOf = (r: ContactRow): Contact => ({ id: r.id, email: r.email, name: r.name, role: r.role, institutionId: r.institution_id, active: r.active });

/**
 * The SQL of the user aggregate (catalogue.app_user) that MikroORM's unit of work does not cover:
 * the bootstrap account, token versions, and the reads other services ask for. The entity itself is
 * read and written through MikroORM by UsersService. Every statement runs on its own connection.
 */
@Injectable()
export class UsersRepository {
  constructor(private readonly em: EntityManager) {}

  /** The bootstrap bureau account, unless any account has its email (the unique index lets one replica win); whether this call made it. */
  async createBootstrapAdmin(email: string, passwordHash: string): Promise<boolean> {
    const rows = await this.em.getConnection().execute(
      `insert into catalogue.app_user (id, code, email, name, role, password_hash)
       values (gen_random_uuid(), 'BUREAU-ADMIN', ?, '科技局管理员', 'bureau', ?)
       on conflict do nothing returning id`,
      [email, passwordHash],
    );
    return rows.length > 0;
  }

  /** The account of an email (any case), if there is one. */
  async accountByEmail(email: string): Promise<Account | null> {
    const [row] = await this.em.getConnection().execute<AccountRow[]>(
      `select u.institution_id, u.role, coalesce(u.region, i.region) as region from catalogue.app_user u
       left join catalogue.institution i on i.id = u.institution_id where lower(u.email) = lower(?)`, [email]);
    return row ? accountOf(row) : null;
  }

  /** Ends every token of a user by bumping its version; the new version, or null when there is no such user. */
  async bumpTokenVersion(id: string): Promise<number | null> {
    const [row] = await this.em.getConnection().execute<{ token_version: number }[]>(
      `update catalogue.app_user set token_version = token_version + 1 where id = ? returning token_version`, [id]);
    return row ? row.token_version : null;
  }

  /** The token version the database holds now (its triggers bump it on role, institution, password or `active` changes). */
  async tokenVersion(id: string): Promise<number> {
    const [row] = await this.em.getConnection().execute<{ token_version: number }[]>(`select token_version from catalogue.app_user where id = ?`, [id]);
    return row.token_version;
  }

  /** Who a token's user is now; null when there is no such user. */
  async session(userId: string): Promise<UserSessionReply | null> {
    const [row] = await this.em.getConnection().execute<SessionRow[]>(
      `select role, institution_id, region, token_version, active from catalogue.app_user where id = ?`, [userId]);
    return row ? sessionOf(row) : null;
  }

  /** A user by id or by email (any case), with its institution. */
  async affiliation(ref: { id: string } | { email: string }): Promise<{ id: string; institutionId: string | null } | null> {
    const byId = 'id' in ref;
    const [row] = await this.em.getConnection().execute<{ id: string; institution_id: string | null }[]>(
      `select id, institution_id from catalogue.app_user where ${byId ? 'id = ?' : 'lower(email) = lower(?)'}`, [byId ? ref.id : ref.email]);
    return row ? { id: row.id, institutionId: row.institution_id } : null;
  }

  /** Users by id, in id order. */
  async contactsById(ids: string[]): Promise<Contact[]> {
    return this.contacts(`select id, email, name, role, institution_id, active from catalogue.app_user where id = any(?::uuid[]) order by id`, `{${ids.join(',')}}`);
  }

  /** An institution's staff (operators and admins), in id order, at most 500. */
  async staffOf(institutionId: string): Promise<Contact[]> {
    return this.contacts(`select id, email, name, role, institution_id, active from catalogue.app_user
           where institution_id = ? and role in ('operator', 'institution_admin') order by id limit 500`, institutionId);
  }

  private async contacts(sql: string, param: string): Promise<Contact[]> {
    return (await this.em.getConnection().execute<ContactRow[]>(sql, [param])).map(contactOf);
  }
}
