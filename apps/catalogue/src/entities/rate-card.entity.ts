import { OptionalProps, Entity, PrimaryKey, Property, BigIntType } from '@mikro-orm/core';
import { randomUUID } from 'node:crypto';
import type { RateUnit, ServiceMode } from '@yixiang/contracts';

/** No two cards of one instrument and service mode overlap in validity: an exclusion constraint says so. */
@Entity({ tableName: 'rate_card' })
export class RateCard {
  [OptionalProps]?: 'incrementMinutes' | 'minimumChargeFen' | 'validTo';
  @PrimaryKey({ type: 'uuid' }) id: string = randomUUID();
  @Property({ type: 'text', unique: true }) code!: string;
  @Property({ type: 'uuid' }) instrumentId!: string;
  @Property({ type: 'text' }) serviceMode!: ServiceMode;
  @Property({ type: 'text' }) unit!: RateUnit;
  @Property({ type: new BigIntType('number') }) internalPriceFen!: number;
  @Property({ type: new BigIntType('number') }) externalPriceFen!: number;
  @Property({ type: 'integer', nullable: true }) incrementMinutes: number | null = null;
  @Property({ type: new BigIntType('number') }) minimumChargeFen = 0;
  @Property({ type: 'Date' }) validFrom!: Date;
  @Property({ type: 'Date', nullable: true }) validTo: Date | null = null;
}
