import { EntityManager } from '@mikro-orm/postgresql';
import { Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { ClientProxy } from '@nestjs/microservices';
import * as argon2 from 'argon2';
import type { NatsConnection } from 'nats';
import {
  Actor, AuthenticateReply, CatalogueSubjects, ChangePasswordDto, CreateUserDto, INSTITUTION_ROLES, LoginDto, Page, Role, SessionsRevokedReply,
  UpdateUserDto, UserQuery, UserSessionReply, UserSessionsRevokedEvent, UserView, pageWindow,
} from '@yixiang/contracts';
import { AuditTrail, authorize, can, escapeLike, fail, NATS_CLIENT, PG_UNIQUE_VIOLATION, pgCode, pgConstraint, requireActor } from '@yixiang/common';
import { fieldLabel, noSuch, passwordProblem, passwordProblemReason, passwordProblemSaid, said, UUID_PATTERN } from '@yixiang/domain';
import { CatalogueConfig } from '../config';
import { Institution, User } from '../entities';
import { generateCode } from '../shared/codes';
import { userView } from '../shared/views';
import { UsersRepository } from './users.repository';

/** A hash to verify against when the email is unknown, so both answers take the same time. */
const DUMMY_HASH = argon2.hash('not-a-real-password-0000');

/** Refuses a password that breaks the policy (libs/domain), naming the field that carries it. */
export function assertPasswordAllowed(password: string, email: string | null, field: string): void {
  const problem = passwordProblem(password, email);
  if (problem) fail('VALIDATION_FAILED', said(`${fieldLabel(field).zh}${passwordProblemSaid(problem).zh}`, `${field} ${passwordProblemReason(problem)}`), { fields: [{ field, reason: said(`${fieldLabel(field).zh}${passwordProblemSaid(problem).zh}`, passwordProblemReason(problem)) }] });
}

@Injectable()
export class UsersService implements OnApplicationBootstrap {
  private readonly logger = new Logger(UsersService.name);

  constructor(
    private readonly em: EntityManager,
    private readonly users: UsersRepository,
    private readonly config: CatalogueConfig,
    @Inject(NATS_CLIENT) private readonly nats: ClientProxy,
    private readonly audit: AuditTrail,
  ) {}

  /** Every replica tries; the unique email index lets exactly one insert win. */
  async onApplicationBootstrap(): Promise<void> {
    // The same policy as every other password: a weak bootstrap password is the bureau's account.
    const problem = passwordProblem(this.config.BOOTSTRAP_ADMIN_PASSWORD, this.config.BOOTSTRAP_ADMIN_EMAIL);
    if (problem) throw new Error(`invalid configuration:\n  BOOTSTRAP_ADMIN_PASSWORD: ${passwordProblemReason(problem)}`);
    const hash = await argon2.hash(this.config.BOOTSTRAP_ADMIN_PASSWORD);
    if (await this.users.createBootstrapAdmin(this.config.BOOTSTRAP_ADMIN_EMAIL.toLowerCase(), hash)) this.logger.log(`created the bootstrap bureau account ${this.config.BOOTSTRAP_ADMIN_EMAIL}`);
  }

  async create(actor: Actor | null, dto: CreateUserDto): Promise<UserView> {
    const a = requireActor(actor);
    const institution = await this.institutionOf(dto);
    if (INSTITUTION_ROLES.includes(dto.role) && !institution) {
      fail('VALIDATION_FAILED', said(`${roleZh(dto.role)}须属于某个单位：请填写单位编号`, `a ${dto.role} belongs to an institution: give institutionCode`), { fields: [{ field: 'institutionCode', reason: said(`${roleZh(dto.role)}必须填写`, `required for role ${dto.role}`) }] });
    }
    if (!INSTITUTION_ROLES.includes(dto.role) && institution) {
      fail('VALIDATION_FAILED', said(`${roleZh(dto.role)}不属于任何单位`, `a ${dto.role} belongs to no institution`), { fields: [{ field: 'institutionCode', reason: said(`${roleZh(dto.role)}须留空`, `must be empty for role ${dto.role}`) }] });
    }
    if (dto.region !== undefined && dto.role !== 'bureau') {
      fail('VALIDATION_FAILED', said(`只有科技局人员有地区；${roleZh(dto.role)}的地区即其单位的地区`, `only a bureau officer has a region; a ${dto.role} belongs to its institution's`), { fields: [{ field: 'region', reason: said(`${roleZh(dto.role)}须留空`, `must be empty for role ${dto.role}`) }] });
    }
    const region = dto.role === 'bureau' ? dto.region ?? null : null;
    authorize(a, 'user.create', { institutionId: institution?.id ?? null, role: dto.role, region: dto.role === 'bureau' ? region : institution?.region ?? null });
    assertPasswordAllowed(dto.password, dto.email, 'password');
    const user = this.em.create(User, {
      code: dto.code ?? generateCode('U'), email: dto.email.toLowerCase(), name: dto.name.trim(), role: dto.role,
      institutionId: institution?.id ?? null, region, passwordHash: await argon2.hash(dto.password),
    });
    try {
      // The account and its audit entry (its role and institution, never its password) commit together.
      await this.em.transactional(async (tx) => {
        await tx.flush();
        await this.audit.append(tx, { actor: a, action: 'user.create', objectType: 'user', objectId: user.id, before: null, after: userView(user, institution?.code ?? null) });
      });
    } catch (error) {
      if (pgCode(error) === PG_UNIQUE_VIOLATION) {
        const field = pgConstraint(error)?.includes('email') ? 'email' : 'code';
        if (field === 'email' && !(await this.mayKnowAccount(a, dto.email))) {
          // Emails are unique over the platform, so a refusal cannot be avoided; it says no more
          // than that: not where the account is, nor its role (an admin of one institution must
          // not learn who works at another).
          fail('DUPLICATE', said('该电子邮箱不能用于新账号；如此人已有账号，请联系科技局将其转到您的单位', 'this email cannot be used for a new account; if the person already has one, ask the bureau to move it to your institution'),
            { fields: [{ field: 'email', reason: said('不能用于新账号', 'cannot be used for a new account') }] });
        }
        fail('DUPLICATE', said(`已有相同${fieldLabel(field).zh}的用户`, `a user with this ${field} already exists`), { fields: [{ field, reason: said(`${fieldLabel(field).zh}已被占用`, `${field} is already taken`) }] });
      }
      throw error;
    }
    return userView(user, institution?.code ?? null);
  }

  /** Whether the account of an email is one the actor may see anyway (the bureau; their own institution's). */
  private async mayKnowAccount(actor: Actor, email: string): Promise<boolean> {
    if ((actor.role === 'bureau' && actor.region === null) || actor.role === 'auditor') return true;
    const account = await this.users.accountByEmail(email);
    // A regional officer (issue 16): the accounts it may read ('user.read').
    if (actor.role === 'bureau') return Boolean(account && can(actor, 'user.read', { userId: '', ...account }));
    return Boolean(account?.institutionId && account.institutionId === actor.institutionId);
  }

  /**
   * A change to a user. Bureau: anyone, anything. Institution admin: users of their own institution,
   * within it (roles researcher, institution_admin, operator). Role, institution, password or
   * `active` changes end the user's tokens (the database bumps `token_version`).
   */
  async update(actor: Actor | null, id: string, dto: UpdateUserDto): Promise<UserView> {
    const a = requireActor(actor);
    const user = await this.em.findOne(User, { id });
    if (!user) fail('NOT_FOUND', noSuch('用户', 'user', id));
    authorize(a, 'user.update', await this.accountOf(user));
    const before = user.tokenVersion;
    const viewBefore = userView(user, await this.institutionCode(user.institutionId));
    const moving = dto.institutionCode !== undefined || dto.institutionId !== undefined;
    const role: Role = dto.role ?? user.role;
    let institution: Institution | null = moving ? await this.institutionOf(dto) : null;
    let institutionId = moving ? institution?.id ?? null : user.institutionId;
    // Promoted to the bureau or made an auditor: such users belong to no institution.
    if (!moving && dto.role && !INSTITUTION_ROLES.includes(role)) institutionId = null;
    if (INSTITUTION_ROLES.includes(role) && !institutionId) {
      fail('VALIDATION_FAILED', said(`${roleZh(role)}须属于某个单位：请填写单位编号`, `a ${role} belongs to an institution: give institutionCode`), { fields: [{ field: 'institutionCode', reason: said(`${roleZh(role)}必须填写`, `required for role ${role}`) }] });
    }
    if (!INSTITUTION_ROLES.includes(role) && institutionId) {
      fail('VALIDATION_FAILED', said(`${roleZh(role)}不属于任何单位`, `a ${role} belongs to no institution`), { fields: [{ field: 'institutionCode', reason: said(`${roleZh(role)}须留空`, `must be empty for role ${role}`) }] });
    }
    if (dto.region !== undefined && dto.region !== null && role !== 'bureau') {
      fail('VALIDATION_FAILED', said(`只有科技局人员有地区；${roleZh(role)}的地区即其单位的地区`, `only a bureau officer has a region; a ${role} belongs to its institution's`), { fields: [{ field: 'region', reason: said(`${roleZh(role)}须留空`, `must be empty for role ${role}`) }] });
    }
    // A bureau officer keeps its region unless told otherwise; no other role has one.
    const region = role !== 'bureau' ? null : dto.region !== undefined ? dto.region : user.region;
    institution ??= institutionId ? await this.em.findOne(Institution, { id: institutionId }) : null;
    // Where the user ends up must be the actor's to manage too.
    const after = { userId: user.id, institutionId, role, region: role === 'bureau' ? region : institution?.region ?? null };
    if (a.role === 'institution_admin' && !can(a, 'user.update', after)) {
      fail('FORBIDDEN', said('单位管理员不能把用户转到其他单位，请联系科技局', 'an institution admin cannot move users to another institution; ask the bureau'), { fields: [{ field: moving ? (dto.institutionId ? 'institutionId' : 'institutionCode') : 'role', reason: said('超出您单位的范围', 'outside your institution') }] });
    }
    if (a.role === 'bureau') authorize(a, 'user.update', after);
    if (dto.active === false && user.id === a.userId) {
      fail('VALIDATION_FAILED', said('不能停用自己的账号', 'you cannot deactivate your own account'), { fields: [{ field: 'active', reason: said('不能用于自己的账号', 'not for your own account') }] });
    }
    if (dto.password !== undefined) {
      assertPasswordAllowed(dto.password, user.email, 'password');
      user.passwordHash = await argon2.hash(dto.password);
    }
    if (dto.name !== undefined) user.name = dto.name.trim();
    if (dto.active !== undefined) user.active = dto.active;
    user.role = role;
    user.institutionId = institutionId;
    user.region = region;
    const code = institution?.code ?? null;
    await this.em.transactional(async (tx) => {
      await tx.flush();
      // A password is recorded as changed, never as itself (nor its hash).
      const after = { ...userView(user, code), ...(dto.password !== undefined ? { passwordChanged: true } : {}) };
      await this.audit.append(tx, { actor: a, action: 'user.update', objectType: 'user', objectId: user.id, before: viewBefore, after });
    });
    const version = await this.users.tokenVersion(user.id);
    user.tokenVersion = version;
    if (version !== before) await this.announceRevoked(user.id, version);
    institution ??= institutionId ? await this.em.findOne(Institution, { id: institutionId }) : null;
    return userView(user, institution?.code ?? null);
  }

  /** The signed-in user's own password: the current one proves it is them; every old token ends. */
  async changePassword(actor: Actor | null, dto: ChangePasswordDto): Promise<AuthenticateReply> {
    const a = requireActor(actor);
    const user = await this.em.findOne(User, { id: a.userId });
    if (!user?.passwordHash || !(await argon2.verify(user.passwordHash, dto.currentPassword))) {
      fail('VALIDATION_FAILED', said('当前密码不正确', 'currentPassword is wrong'), { fields: [{ field: 'currentPassword', reason: said('与您的密码不符', 'does not match your password') }] });
    }
    assertPasswordAllowed(dto.newPassword, user.email, 'newPassword');
    user.passwordHash = await argon2.hash(dto.newPassword);
    await this.em.flush();
    user.tokenVersion = await this.users.tokenVersion(user.id);
    await this.announceRevoked(user.id, user.tokenVersion);
    return { user: userView(user, await this.institutionCode(user.institutionId)), tokenVersion: user.tokenVersion };
  }

  /** An admin's "revoke all sessions" of a user (bureau: anyone; institution admin: own institution's). */
  async revokeSessions(actor: Actor | null, id: string): Promise<SessionsRevokedReply> {
    const a = requireActor(actor);
    const user = await this.em.findOne(User, { id });
    if (!user) fail('NOT_FOUND', noSuch('用户', 'user', id));
    authorize(a, 'user.update', await this.accountOf(user));
    return this.endTokens(id);
  }

  /**
   * Sign-out: ends the actor's tokens by bumping their version — the ones on other devices too.
   * One mechanism for sign-out, revocation and account changes; no list of revoked tokens to keep
   * until they expire, and nothing on the gateway's hot path but the cached map hit.
   */
  logout(actor: Actor | null): Promise<SessionsRevokedReply> {
    return this.endTokens(requireActor(actor).userId);
  }

  private async endTokens(id: string): Promise<SessionsRevokedReply> {
    const tokenVersion = await this.users.bumpTokenVersion(id);
    if (tokenVersion === null) fail('NOT_FOUND', noSuch('用户', 'user', id));
    await this.announceRevoked(id, tokenVersion);
    return { userId: id, tokenVersion };
  }

  /** The gateway's question on (a cache miss of) every request: who is this token's user now? */
  async session(userId: string): Promise<UserSessionReply> {
    const session = UUID_PATTERN.test(userId) ? await this.users.session(userId) : null;
    return session ?? { active: false, role: 'researcher', institutionId: null, region: null, tokenVersion: -1 };
  }

  /**
   * Tells every gateway at once (core NATS; the gateways' short session cache is the backstop if
   * one misses it). Flushed before the reply goes out, so the gateway that asked has dropped its
   * cached session by the time it answers the client.
   */
  private async announceRevoked(userId: string, tokenVersion: number): Promise<void> {
    try {
      const connection = (await this.nats.connect()) as NatsConnection;
      connection.publish(CatalogueSubjects.userSessionsRevoked, JSON.stringify({ userId, tokenVersion } satisfies UserSessionsRevokedEvent));
      await connection.flush();
    } catch (error) {
      this.logger.warn(`could not announce the revoked sessions of ${userId} (gateways converge within seconds): ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  async authenticate(dto: LoginDto): Promise<AuthenticateReply> {
    const user = await this.em.findOne(User, { email: dto.email.toLowerCase() });
    const ok = user?.passwordHash
      ? await argon2.verify(user.passwordHash, dto.password)
      : (await argon2.verify(await DUMMY_HASH, dto.password), false);
    if (!user || !ok) fail('UNAUTHENTICATED', said('电子邮箱或密码不正确', 'the email or the password is wrong'));
    // Said only to someone who knows the password: they learn nothing about anyone else.
    if (!user.active) fail('UNAUTHENTICATED', said('该账号已停用，请联系单位管理员或科技局', 'this account is deactivated; ask your institution admin or the bureau'));
    return { user: userView(user, await this.institutionCode(user.institutionId)), tokenVersion: user.tokenVersion };
  }

  async get(actor: Actor | null, id: string): Promise<UserView> {
    const a = requireActor(actor);
    const user = await this.em.findOne(User, { id });
    if (!user) fail('NOT_FOUND', noSuch('用户', 'user', id));
    authorize(a, 'user.read', await this.accountOf(user));
    return userView(user, await this.institutionCode(user.institutionId));
  }

  async list(actor: Actor | null, query: UserQuery): Promise<Page<UserView>> {
    const a = requireActor(actor);
    const { page, pageSize, offset } = pageWindow(query);
    const where: Record<string, unknown> = {};
    const and: Record<string, unknown>[] = [];
    if (a.role === 'bureau' && a.region !== null) {
      // A regional officer (issue 16), as 'user.read': its region's institutions' accounts and the bureau's and auditors'.
      const ids = (await this.em.find(Institution, { region: a.region }, { fields: ['id'] })).map((i) => i.id);
      and.push({ $or: [{ institutionId: { $in: ids } }, { role: { $in: ['bureau', 'auditor'] } }, { id: a.userId }] });
      if (query.institutionId) where.institutionId = query.institutionId;
    } else if (a.role === 'bureau' || a.role === 'auditor') {
      if (query.institutionId) where.institutionId = query.institutionId;
    } else if (a.role === 'institution_admin' || a.role === 'operator') {
      where.institutionId = a.institutionId;
    } else {
      where.id = a.userId;
    }
    if (query.role) where.role = query.role;
    if (query.q) and.push({ $or: [{ name: { $ilike: `%${escapeLike(query.q)}%` } }, { email: { $ilike: `%${escapeLike(query.q)}%` } }] });
    if (and.length) where.$and = and;
    const [users, total] = await this.em.findAndCount(User, where, { orderBy: { code: 'asc' }, limit: pageSize, offset });
    const ids = [...new Set(users.map((u) => u.institutionId).filter((x): x is string => !!x))];
    const institutions = ids.length ? await this.em.find(Institution, { id: { $in: ids } }) : [];
    const codes = new Map(institutions.map((i) => [i.id, i.code]));
    return { items: users.map((u) => userView(u, u.institutionId ? codes.get(u.institutionId) ?? null : null)), total, page, pageSize };
  }

  private async institutionOf(dto: { institutionCode?: string; institutionId?: string }): Promise<Institution | null> {
    if (!dto.institutionCode && !dto.institutionId) return null;
    const institution = await this.em.findOne(Institution, dto.institutionId ? { id: dto.institutionId } : { code: dto.institutionCode });
    if (!institution) {
      const field = dto.institutionId ? 'institutionId' : 'institutionCode';
      fail('VALIDATION_FAILED', said(`单位 ${dto.institutionId ?? dto.institutionCode} 不存在`, `unknown institution ${dto.institutionId ?? dto.institutionCode}`), { fields: [{ field, reason: said('没有这个单位', 'no such institution') }] });
    }
    return institution;
  }

  /** The account as the permission rules see it: a bureau officer's own region, else its institution's. */
  private async accountOf(user: User): Promise<{ userId: string; institutionId: string | null; role: Role; region: string | null }> {
    const region = user.role === 'bureau' ? user.region
      : user.institutionId ? (await this.em.findOne(Institution, { id: user.institutionId }))?.region ?? null : null;
    return { userId: user.id, institutionId: user.institutionId, role: user.role, region };
  }

  private async institutionCode(id: string | null): Promise<string | null> {
    if (!id) return null;
    return (await this.em.findOne(Institution, { id }))?.code ?? null;
  }
}

/** A role as the user pages name it. */
const roleZh = (role: string): string => ({ researcher: '科研人员', operator: '仪器操作员', institution_admin: '单位管理员', bureau: '科技局', auditor: '审计' } as Record<string, string>)[role] ?? role;
