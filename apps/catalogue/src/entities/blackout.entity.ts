import { OptionalProps, Entity, PrimaryKey, Property } from '@mikro-orm/core';
import { randomUUID } from 'node:crypto';

@Entity({ tableName: 'blackout' })
export class Blackout {
  [OptionalProps]?: 'createdAt' | 'createdBy';
  @PrimaryKey({ type: 'uuid' }) id: string = randomUUID();
  @Property({ type: 'uuid' }) instrumentId!: string;
  @Property({ type: 'Date' }) startsAt!: Date;
  @Property({ type: 'Date' }) endsAt!: Date;
  @Property({ type: 'text' }) reason!: string;
  @Property({ type: 'uuid', nullable: true }) createdBy: string | null = null;
  @Property({ type: 'Date' }) createdAt: Date = new Date();
}
