import { OptionalProps, Entity, PrimaryKey, Property } from '@mikro-orm/core';
import { randomUUID } from 'node:crypto';
import type { ContactDto, InstitutionKind } from '@yixiang/contracts';

@Entity({ tableName: 'institution' })
export class Institution {
  [OptionalProps]?: 'createdAt' | 'updatedAt' | 'contacts' | 'creditCode' | 'groupCode' | 'region';
  @PrimaryKey({ type: 'uuid' }) id: string = randomUUID();
  @Property({ type: 'text', unique: true }) code!: string;
  @Property({ type: 'text' }) name!: string;
  @Property({ type: 'text' }) kind!: InstitutionKind;
  @Property({ type: 'text', nullable: true }) region: string | null = null;
  @Property({ type: 'text', nullable: true }) creditCode: string | null = null;
  @Property({ type: 'text', nullable: true }) groupCode: string | null = null;
  @Property({ type: 'json' }) contacts: ContactDto[] = [];
  @Property({ type: 'Date' }) createdAt: Date = new Date();
  @Property({ type: 'Date', onUpdate: () => new Date() }) updatedAt: Date = new Date();
}
