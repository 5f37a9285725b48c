import { OptionalProps, Entity, PrimaryKey, Property } from '@mikro-orm/core';
import { randomUUID } from 'node:crypto';
import type { Role } from '@yixiang/contracts';

/** `app_user`: `user` is a reserved word in PostgreSQL. */
@Entity({ tableName: 'app_user' })
export class User {
  [OptionalProps]?: 'createdAt' | 'updatedAt' | 'institutionId' | 'passwordHash' | 'email';
  @PrimaryKey({ type: 'uuid' }) id: string = randomUUID();
  @Property({ type: 'text', unique: true }) code!: string;
  @Property({ type: 'uuid', nullable: true }) institutionId: string | null = null;
  /** Users imported from a bundle may have none (exchange.md leaves it optional). */
  @Property({ type: 'text', nullable: true }) email: string | null = null;
  @Property({ type: 'text' }) name!: string;
  @Property({ type: 'text' }) role!: Role;
  /** Null for users imported from a bundle: they cannot log in until an admin sets a password. */
  @Property({ type: 'text', nullable: true, hidden: true }) passwordHash: string | null = null;
  @Property({ type: 'Date' }) createdAt: Date = new Date();
  @Property({ type: 'Date', onUpdate: () => new Date() }) updatedAt: Date = new Date();
}
