import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { Actor, BookingContext, DEFAULT_BOOKING_RULES, InstrumentSearchQuery } from '@yixiang/contracts';
import { fail, requireActor } from '@yixiang/common';
import { searchWhere } from '../search';
import { Contact, UUID_PATTERN, CODE_PATTERN } from '@yixiang/domain';

interface ContextRow {
  id: string; code: string; name: string; institution_id: string; institution_name: string; institution_region: string | null; sharing_status: BookingContext['sharingStatus'];
  retired_on: string | null; online_booking: boolean; service_modes: BookingContext['serviceModes']; timezone: string;
  weekly_hours: BookingContext['weekly']; booking_rules: BookingContext['bookingRules'];
}

const CONTEXT_COLUMNS = `i.id, i.code, i.name, i.institution_id, ins.name as institution_name, ins.region as institution_region, i.sharing_status, i.retired_on::text as retired_on,
  i.online_booking, i.service_modes, i.timezone, i.weekly_hours, i.booking_rules`;

function context(row: ContextRow): BookingContext {
  return {
    instrumentId: row.id, code: row.code, name: row.name, institutionId: row.institution_id, institutionName: row.institution_name, institutionRegion: row.institution_region ?? null,
    sharingStatus: row.sharing_status, retiredOn: row.retired_on, onlineBooking: row.online_booking, serviceModes: row.service_modes,
    timezone: row.timezone, weekly: row.weekly_hours, bookingRules: { ...DEFAULT_BOOKING_RULES, ...row.booking_rules },
  };
}

/**
 * The booking service asks the catalogue, over NATS, for what it needs to check a booking at the
 * moment it checks it, rather than keeping a copy fed by events: rules, opening hours and
 * qualifications then never lag behind an administrator's change, and the catalogue stays the one
 * owner of those facts. The price is one request per booking, which the booking bench measures.
 */
@Injectable()
export class BookingContextService {
  constructor(private readonly em: EntityManager) {}

  async context(ref: string): Promise<BookingContext> {
    const byId = UUID_PATTERN.test(ref);
    if (!byId && !CODE_PATTERN.test(ref)) fail('NOT_FOUND', `instrument ${ref} does not exist`);
    const [row] = await this.em.getConnection().execute<ContextRow[]>(
      `select ${CONTEXT_COLUMNS} from catalogue.instrument i join catalogue.institution ins on ins.id = i.institution_id
       where ${byId ? 'i.id = ?' : 'i.code = ?'}`, [byId ? ref.toLowerCase() : ref]);
    if (!row) fail('NOT_FOUND', `instrument ${ref} does not exist`);
    return context(row);
  }

  /** Open, bookable instruments matching a catalogue search, for the earliest-slot search. */
  async candidates(actor: Actor | null, query: InstrumentSearchQuery, limit: number): Promise<BookingContext[]> {
    const a = requireActor(actor);
    const { clauses, params } = searchWhere(a, query);
    clauses.push(`i.sharing_status = 'open'`, `i.online_booking`, `(i.retired_on is null or i.retired_on > current_date)`);
    const rows = await this.em.getConnection().execute<ContextRow[]>(
      `select ${CONTEXT_COLUMNS} from catalogue.instrument i join catalogue.institution ins on ins.id = i.institution_id
       where i.id in (select i.id from catalogue.instrument_search i where ${clauses.join(' and ')} order by i.code limit ?)
       order by i.code`, [...params, limit]);
    return rows.map(context);
  }

  /** A user's institution, for services that record what a user did (manual usage entry). */
  async affiliation(ref: { userId?: string; email?: string }): Promise<{ userId: string; institutionId: string }> {
    const byId = Boolean(ref.userId && UUID_PATTERN.test(ref.userId));
    if (!byId && !ref.email) fail('VALIDATION_FAILED', 'give userId or userEmail', { fields: [{ field: 'userId', reason: 'userId or userEmail is required' }] });
    const [row] = await this.em.getConnection().execute<{ id: string; institution_id: string | null }[]>(
      `select id, institution_id from catalogue.app_user where ${byId ? 'id = ?' : 'lower(email) = lower(?)'}`, [byId ? ref.userId : ref.email]);
    if (!row || !row.institution_id) {
      fail('VALIDATION_FAILED', `no researcher or staff member ${ref.userId ?? ref.email}`, { fields: [{ field: byId ? 'userId' : 'userEmail', reason: 'no such user with an institution' }] });
    }
    return { userId: row.id, institutionId: row.institution_id };
  }

  /**
   * Users by id, or the staff (operators and admins) of an institution, with what a notification
   * needs: the address to write to, the role and whether the account is active. At most 500.
   */
  async contacts(userIds: unknown, institutionId: unknown): Promise<Contact[]> {
    const ids = Array.isArray(userIds) ? userIds.filter((id): id is string => typeof id === 'string' && UUID_PATTERN.test(id)).slice(0, 500) : [];
    const institution = typeof institutionId === 'string' && UUID_PATTERN.test(institutionId) ? institutionId : null;
    if (ids.length === 0 && !institution) return [];
    const rows = await this.em.getConnection().execute<{ id: string; email: string | null; name: string; role: string; institution_id: string | null; active: boolean }[]>(
      ids.length > 0
        ? `select id, email, name, role, institution_id, active from catalogue.app_user where id = any(?::uuid[]) order by id`
        : `select id, email, name, role, institution_id, active from catalogue.app_user
           where institution_id = ? and role in ('operator', 'institution_admin') order by id limit 500`,
      [ids.length > 0 ? `{${ids.join(',')}}` : institution]);
    return rows.map((r) => ({ id: r.id, email: r.email, name: r.name, role: r.role, institutionId: r.institution_id, active: r.active }));
  }

  async qualified(userId: string, instrumentId: string, at: string): Promise<{ qualified: boolean; validTo: string | null }> {
    if (!UUID_PATTERN.test(userId) || !UUID_PATTERN.test(instrumentId)) return { qualified: false, validTo: null };
    const [row] = await this.em.getConnection().execute<{ valid_to: Date | string }[]>(
      `select valid_to from catalogue.qualification where user_id = ? and instrument_id = ?`, [userId, instrumentId]);
    const validTo = row ? new Date(row.valid_to) : null;
    return { qualified: Boolean(validTo && validTo > new Date(at)), validTo: validTo ? validTo.toISOString() : null };
  }
}
