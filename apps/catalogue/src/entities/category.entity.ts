import { OptionalProps, Entity, PrimaryKey, Property } from '@mikro-orm/core';

/** The national instrument classification; loaded by a migration from categories.csv. */
@Entity({ tableName: 'category' })
export class Category {
  [OptionalProps]?: 'parentCode' | 'nameEn';
  @PrimaryKey({ type: 'text' }) code!: string;
  @Property({ type: 'text', nullable: true }) parentCode: string | null = null;
  @Property({ type: 'text' }) nameZh!: string;
  @Property({ type: 'text', nullable: true }) nameEn: string | null = null;
}
