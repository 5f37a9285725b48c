import { OptionalProps, Entity, PrimaryKey, Property, BigIntType } from '@mikro-orm/core';
import { randomUUID } from 'node:crypto';
import type { BookingRules, ServiceMode, SharingStatus, WeeklyOpeningDto } from '@yixiang/contracts';
import { nameInitials } from '@yixiang/domain';

@Entity({ tableName: 'instrument' })
export class Instrument {
  [OptionalProps]?: 'createdAt' | 'updatedAt' | 'timezone' | 'weeklyHours' | 'specialised' | 'sharingStatus' | 'onlineBooking' | 'serviceModes' | 'model' | 'manufacturer' | 'countryOfOrigin' | 'purchaseDate' | 'retiredOn' | 'location' | 'specifications' | 'mainFunctions' | 'nameInitials';
  @PrimaryKey({ type: 'uuid' }) id: string = randomUUID();
  @Property({ type: 'text', unique: true }) code!: string;
  @Property({ type: 'uuid' }) institutionId!: string;
  @Property({ type: 'text' }) name!: string;
  /**
   * Pinyin initials of the name, for search (Migration20261203100000_name_initials): worked out
   * whenever the row is written, so that no path that goes through the entity can leave them stale.
   */
  @Property({ type: 'text', nullable: true, onCreate: (i: Instrument) => nameInitials(i.name), onUpdate: (i: Instrument) => nameInitials(i.name) })
  nameInitials: string | null = null;
  @Property({ type: 'text', nullable: true }) model: string | null = null;
  @Property({ type: 'text', nullable: true }) manufacturer: string | null = null;
  @Property({ type: 'text', nullable: true }) countryOfOrigin: string | null = null;
  @Property({ type: 'text' }) categoryCode!: string;
  @Property({ type: new BigIntType('number') }) originalValueFen!: number;
  @Property({ type: 'date', nullable: true }) purchaseDate: string | null = null;
  @Property({ type: 'boolean' }) specialised = false;
  @Property({ type: 'text' }) sharingStatus: SharingStatus = 'open';
  @Property({ type: 'boolean' }) onlineBooking = false;
  @Property({ type: 'date', nullable: true }) retiredOn: string | null = null;
  @Property({ type: 'text', nullable: true }) location: string | null = null;
  @Property({ type: 'text', nullable: true }) specifications: string | null = null;
  @Property({ type: 'text', nullable: true }) mainFunctions: string | null = null;
  @Property({ type: 'text[]' }) serviceModes: ServiceMode[] = ['self'];
  @Property({ type: 'json' }) bookingRules!: BookingRules;
  @Property({ type: 'text' }) timezone = 'Asia/Shanghai';
  @Property({ type: 'json' }) weeklyHours: WeeklyOpeningDto[] = [];
  @Property({ type: 'Date' }) createdAt: Date = new Date();
  @Property({ type: 'Date', onUpdate: () => new Date() }) updatedAt: Date = new Date();
}
