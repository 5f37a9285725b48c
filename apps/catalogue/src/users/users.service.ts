import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import * as argon2 from 'argon2';
import { Actor, AuthenticateReply, CreateUserDto, INSTITUTION_ROLES, LoginDto, Page, UserQuery, UserView, pageWindow } from '@yixiang/contracts';
import { canReadInstitution, fail, requireActor, PG_UNIQUE_VIOLATION, pgCode, pgConstraint } from '@yixiang/common';
import { CatalogueConfig } from '../config';
import { Institution, User } from '../entities';
import { generateCode } from '../shared/codes';
import { userView } from '../shared/views';
import { escapeLike } from '../institutions/institutions.service';
import { MikroORM } from '@mikro-orm/postgresql';

/** A hash to verify against when the email is unknown, so both answers take the same time. */
const DUMMY_HASH = argon2.hash('not-a-real-password-0000');

@Injectable()
export class UsersService implements OnApplicationBootstrap {
  private readonly logger = new Logger(UsersService.name);

  constructor(
    private readonly em: EntityManager,
    private readonly orm: MikroORM,
    private readonly config: CatalogueConfig,
  ) {}

  /** Every replica tries; the unique email index lets exactly one insert win. */
  async onApplicationBootstrap(): Promise<void> {
    const em = this.orm.em.fork();
    const hash = await argon2.hash(this.config.BOOTSTRAP_ADMIN_PASSWORD);
    const rows = await em.getConnection().execute(
      `insert into catalogue.app_user (id, code, email, name, role, password_hash)
       values (gen_random_uuid(), 'BUREAU-ADMIN', ?, '科技局管理员', 'bureau', ?)
       on conflict do nothing returning id`,
      [this.config.BOOTSTRAP_ADMIN_EMAIL.toLowerCase(), hash],
    );
    if (rows.length) this.logger.log(`created the bootstrap bureau account ${this.config.BOOTSTRAP_ADMIN_EMAIL}`);
  }

  async create(actor: Actor | null, dto: CreateUserDto): Promise<UserView> {
    const a = requireActor(actor);
    const institution = await this.institutionOf(dto);
    if (INSTITUTION_ROLES.includes(dto.role) && !institution) {
      fail('VALIDATION_FAILED', `a ${dto.role} belongs to an institution: give institutionCode`, { fields: [{ field: 'institutionCode', reason: `required for role ${dto.role}` }] });
    }
    if (!INSTITUTION_ROLES.includes(dto.role) && institution) {
      fail('VALIDATION_FAILED', `a ${dto.role} belongs to no institution`, { fields: [{ field: 'institutionCode', reason: `must be empty for role ${dto.role}` }] });
    }
    if (a.role === 'institution_admin') {
      if (!institution || institution.id !== a.institutionId) fail('FORBIDDEN', 'an institution admin creates users of their own institution only');
    } else if (a.role !== 'bureau') {
      fail('FORBIDDEN', 'only the bureau or an institution admin may create users');
    }
    const user = this.em.create(User, {
      code: dto.code ?? generateCode('U'), email: dto.email.toLowerCase(), name: dto.name.trim(), role: dto.role,
      institutionId: institution?.id ?? null, passwordHash: await argon2.hash(dto.password),
    });
    try {
      await this.em.flush();
    } catch (error) {
      if (pgCode(error) === PG_UNIQUE_VIOLATION) {
        const field = pgConstraint(error)?.includes('email') ? 'email' : 'code';
        fail('DUPLICATE', `a user with this ${field} already exists`, { fields: [{ field, reason: `${field} is already taken` }] });
      }
      throw error;
    }
    return userView(user, institution?.code ?? null);
  }

  async authenticate(dto: LoginDto): Promise<AuthenticateReply> {
    const user = await this.em.findOne(User, { email: dto.email.toLowerCase() });
    const ok = user?.passwordHash
      ? await argon2.verify(user.passwordHash, dto.password)
      : (await argon2.verify(await DUMMY_HASH, dto.password), false);
    if (!user || !ok) fail('UNAUTHENTICATED', 'the email or the password is wrong');
    return { user: userView(user, await this.institutionCode(user.institutionId)) };
  }

  async get(actor: Actor | null, id: string): Promise<UserView> {
    const a = requireActor(actor);
    const user = await this.em.findOne(User, { id });
    if (!user) fail('NOT_FOUND', `user ${id} does not exist`);
    const allowed = a.userId === user.id || (user.institutionId ? canReadInstitution(a, user.institutionId) && a.role !== 'researcher' : a.role === 'bureau' || a.role === 'auditor');
    if (!allowed) fail('FORBIDDEN', 'you may not see this user');
    return userView(user, await this.institutionCode(user.institutionId));
  }

  async list(actor: Actor | null, query: UserQuery): Promise<Page<UserView>> {
    const a = requireActor(actor);
    const { page, pageSize, offset } = pageWindow(query);
    const where: Record<string, unknown> = {};
    if (a.role === 'bureau' || a.role === 'auditor') {
      if (query.institutionId) where.institutionId = query.institutionId;
    } else if (a.role === 'institution_admin' || a.role === 'operator') {
      where.institutionId = a.institutionId;
    } else {
      where.id = a.userId;
    }
    if (query.role) where.role = query.role;
    if (query.q) where.$or = [{ name: { $ilike: `%${escapeLike(query.q)}%` } }, { email: { $ilike: `%${escapeLike(query.q)}%` } }];
    const [users, total] = await this.em.findAndCount(User, where, { orderBy: { code: 'asc' }, limit: pageSize, offset });
    const ids = [...new Set(users.map((u) => u.institutionId).filter((x): x is string => !!x))];
    const institutions = ids.length ? await this.em.find(Institution, { id: { $in: ids } }) : [];
    const codes = new Map(institutions.map((i) => [i.id, i.code]));
    return { items: users.map((u) => userView(u, u.institutionId ? codes.get(u.institutionId) ?? null : null)), total, page, pageSize };
  }

  private async institutionOf(dto: CreateUserDto): Promise<Institution | null> {
    if (!dto.institutionCode && !dto.institutionId) return null;
    const institution = await this.em.findOne(Institution, dto.institutionId ? { id: dto.institutionId } : { code: dto.institutionCode });
    if (!institution) {
      const field = dto.institutionId ? 'institutionId' : 'institutionCode';
      fail('VALIDATION_FAILED', `unknown institution ${dto.institutionId ?? dto.institutionCode}`, { fields: [{ field, reason: 'no such institution' }] });
    }
    return institution;
  }

  private async institutionCode(id: string | null): Promise<string | null> {
    if (!id) return null;
    return (await this.em.findOne(Institution, { id }))?.code ?? null;
  }
}
