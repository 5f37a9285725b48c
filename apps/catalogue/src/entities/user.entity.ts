import { OptionalProps, Entity, PrimaryKey, Property } from '@mikro-orm/core';
import { randomUUID } from 'node:crypto';
import type { Role } from '@yixiang/contracts';

/** `app_user`: `user` is a reserved word in PostgreSQL. */
@Entity({ tableName: 'app_user' })
export class User {
  [OptionalProps]?: 'createdAt' | 'updatedAt' | 'institutionId' | 'passwordHash' | 'email' | 'tokenVersion' | 'active' | 'region';
  @PrimaryKey({ type: 'uuid' }) id: string = randomUUID();
  @Property({ type: 'text', unique: true }) code!: string;
  @Property({ type: 'uuid', nullable: true }) institutionId: string | null = null;
  /** A bureau officer's region (null: a joint officer); null for every other role (a check constraint). */
  @Property({ type: 'text', nullable: true }) region: string | null = null;
  /** Users imported from a bundle may have none (exchange.md leaves it optional). */
  @Property({ type: 'text', nullable: true }) email: string | null = null;
  @Property({ type: 'text' }) name!: string;
  @Property({ type: 'text' }) role!: Role;
  /** Null for users imported from a bundle: they cannot log in until an admin sets a password. */
  @Property({ type: 'text', nullable: true, hidden: true }) passwordHash: string | null = null;
  /**
   * Tokens carry it as `ver`; one with another version is refused. The database bumps it when the
   * role, institution, password or `active` change (Migration20261202100000_user_sessions).
   */
  @Property({ type: 'integer' }) tokenVersion: number = 1;
  /** A deactivated user cannot sign in, and their tokens are refused. */
  @Property({ type: 'boolean' }) active: boolean = true;
  @Property({ type: 'Date' }) createdAt: Date = new Date();
  @Property({ type: 'Date', onUpdate: () => new Date() }) updatedAt: Date = new Date();
}
