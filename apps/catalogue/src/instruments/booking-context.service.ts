import { Injectable } from '@nestjs/common';
import { Actor, BookingContext, InstrumentSearchQuery } from '@yixiang/contracts';
import { fail, requireActor } from '@yixiang/common';
import { searchWhere } from '../search';
import { Contact, UUID_PATTERN, CODE_PATTERN, said, noSuch } from '@yixiang/domain';
import { QualificationsRepository } from '../qualifications/qualifications.repository';
import { UsersRepository } from '../users/users.repository';
import { InstrumentsRepository } from './instruments.repository';

/**
 * The booking service asks the catalogue, over NATS, for what it needs to check a booking at the
 * moment it checks it, rather than keeping a copy fed by events: rules, opening hours and
 * qualifications then never lag behind an administrator's change, and the catalogue stays the one
 * owner of those facts. The price is one request per booking, which the booking bench measures.
 */
@Injectable()
export class BookingContextService {
  constructor(
    private readonly instruments: InstrumentsRepository,
    private readonly users: UsersRepository,
    private readonly qualifications: QualificationsRepository,
  ) {}

  async context(ref: string): Promise<BookingContext> {
    const byId = UUID_PATTERN.test(ref);
    if (!byId && !CODE_PATTERN.test(ref)) fail('NOT_FOUND', noSuch('仪器', 'instrument', ref));
    const context = await this.instruments.context(byId ? { id: ref.toLowerCase() } : { code: ref });
    if (!context) fail('NOT_FOUND', noSuch('仪器', 'instrument', ref));
    return context;
  }

  /** Open, bookable instruments matching a catalogue search, for the earliest-slot search. */
  async candidates(actor: Actor | null, query: InstrumentSearchQuery, limit: number): Promise<BookingContext[]> {
    const a = requireActor(actor);
    return this.instruments.bookableContexts(searchWhere(a, query), limit);
  }

  /** A user's institution, for services that record what a user did (manual usage entry). */
  async affiliation(ref: { userId?: string; email?: string }): Promise<{ userId: string; institutionId: string }> {
    const byId = Boolean(ref.userId && UUID_PATTERN.test(ref.userId));
    if (!byId && !ref.email) fail('VALIDATION_FAILED', said('请指定用户（userId 或 userEmail）', 'give userId or userEmail'), { fields: [{ field: 'userId', reason: said('须给出用户', 'userId or userEmail is required') }] });
    const user = await this.users.affiliation(byId ? { id: ref.userId as string } : { email: ref.email as string });
    if (!user || !user.institutionId) {
      fail('VALIDATION_FAILED', said(`没有科研人员或工作人员 ${ref.userId ?? ref.email}`, `no researcher or staff member ${ref.userId ?? ref.email}`), { fields: [{ field: byId ? 'userId' : 'userEmail', reason: 'no such user with an institution' }] });
    }
    return { userId: user.id, institutionId: user.institutionId };
  }

  /**
   * Users by id, or the staff (operators and admins) of an institution, with what a notification
   * needs: the address to write to, the role and whether the account is active. At most 500.
   */
  async contacts(userIds: unknown, institutionId: unknown): Promise<Contact[]> {
    const ids = Array.isArray(userIds) ? userIds.filter((id): id is string => typeof id === 'string' && UUID_PATTERN.test(id)).slice(0, 500) : [];
    const institution = typeof institutionId === 'string' && UUID_PATTERN.test(institutionId) ? institutionId : null;
    if (ids.length > 0) return this.users.contactsById(ids);
    return institution ? this.users.staffOf(institution) : [];
  }

  async qualified(userId: string, instrumentId: string, at: string): Promise<{ qualified: boolean; validTo: string | null }> {
    if (!UUID_PATTERN.test(userId) || !UUID_PATTERN.test(instrumentId)) return { qualified: false, validTo: null };
    const validTo = await this.qualifications.validTo(userId, instrumentId);
    return { qualified: Boolean(validTo && validTo > new Date(at)), validTo: validTo ? validTo.toISOString() : null };
  }
}
