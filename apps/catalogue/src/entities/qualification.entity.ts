import { OptionalProps, Entity, PrimaryKey, Property, Unique } from '@mikro-orm/core';
import { randomUUID } from 'node:crypto';

@Entity({ tableName: 'qualification' })
@Unique({ properties: ['userId', 'instrumentId'] })
export class Qualification {
  [OptionalProps]?: 'createdAt' | 'grantedBy';
  @PrimaryKey({ type: 'uuid' }) id: string = randomUUID();
  @Property({ type: 'uuid' }) userId!: string;
  @Property({ type: 'uuid' }) instrumentId!: string;
  @Property({ type: 'Date' }) validTo!: Date;
  @Property({ type: 'uuid', nullable: true }) grantedBy: string | null = null;
  @Property({ type: 'Date' }) createdAt: Date = new Date();
}
