import { CatalogueClient } from '../shared/catalogue.client';
import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import {
  Actor, Events, LiftSuspensionDto, NoShowPolicyDto, NoShowPolicyView, Page, pageWindow, SuspensionQuery, SuspensionView,
} from '@yixiang/contracts';
import { authorize, fail, requireActor, SqlFilter } from '@yixiang/common';
import { UUID_PATTERN, said, noSuch } from '@yixiang/domain';
import { BEIJING, DEFAULT_NO_SHOW_POLICY, NoShowPolicy, suspensionDue, suspensionHolds, suspensionMessage } from '@yixiang/domain/booking';
import { writeOutbox } from '../outbox/outbox.writer';
import type { BookingRow } from '../shared/booking.rows';
import { PolicyRepository, SuspensionRow } from './policy.repository';

const DAY_MS = 86_400_000;

function view(r: SuspensionRow, now = new Date()): SuspensionView {
  return {
    id: r.id, userId: r.user_id, institutionId: r.institution_id, from: r.starts_at.toISOString(), until: r.ends_at.toISOString(), noShows: r.no_shows,
    reason: r.reason, active: suspensionHolds({ from: r.starts_at, until: r.ends_at, liftedAt: r.lifted_at }, now), liftedAt: r.lifted_at?.toISOString() ?? null,
    liftedBy: r.lifted_by, liftReason: r.lift_reason, createdAt: r.created_at.toISOString(),
  };
}

/**
 * Institutions' no-show policies and the suspensions they start: K no-shows within D days suspend
 * the user's booking of that institution's instruments for S days (defaults 3 / 90 / 30). The
 * decision is taken in the no-show's own transaction under a per-user-and-institution lock, so two
 * no-shows recorded at once (two sweeps, a sweep and an operator) start one suspension, not two.
 */
@Injectable()
export class SuspensionsService {
  constructor(
    private readonly em: EntityManager,
    private readonly repository: PolicyRepository,
    private readonly catalogue: CatalogueClient,
  ) {}

  /** The institution's region: a regional bureau officer manages only its own region's suspensions and policies. */
  private async regionOf(institutionId: string): Promise<string | null> {
    return (await this.catalogue.regions.of([institutionId])).get(institutionId) ?? null;
  }

  async policyOf(em: EntityManager | null, institutionId: string): Promise<NoShowPolicy> {
    return (await this.repository.policy(em, institutionId)) ?? DEFAULT_NO_SHOW_POLICY;
  }

  /** After a no-show is recorded, in its transaction: starts a suspension (and writes its event) when it is the Kth. */
  async afterNoShow(em: EntityManager, booking: BookingRow, now: Date): Promise<SuspensionRow | null> {
    const institutionId = booking.provider_institution_id;
    await this.repository.lockUserAtInstitution(em, booking.user_id, institutionId);
    const policy = await this.policyOf(em, institutionId);
    const since = new Date(now.getTime() - policy.windowDays * DAY_MS);
    const [noShows, countSince] = [await this.repository.noShowStarts(em, booking.user_id, institutionId, since), await this.repository.lastSuspensionStart(em, booking.user_id, institutionId)];
    const due = suspensionDue({ noShows, now, policy, countSince });
    if (!due) return null;
    const reason = `${policy.windowDays} 天内爽约 ${due.count} 次（上限 ${policy.noShowLimit} 次）; ${due.count} no-shows within ${policy.windowDays} days`;
    const row = await this.repository.insertSuspension(em, {
      id: randomUUID(), user_id: booking.user_id, user_institution_id: booking.user_institution_id, institution_id: institutionId,
      starts_at: due.from, ends_at: due.until, no_shows: due.count, reason,
    });
    await writeOutbox(em, Events.suspensionStarted, {
      eventId: randomUUID(), occurredAt: now.toISOString(), suspensionId: row.id, userId: row.user_id, institutionId, from: due.from.toISOString(),
      until: due.until.toISOString(), noShows: due.count, reason,
    });
    return row;
  }

  /** Refuses a booking of the institution's instruments while the user is suspended there: 422 BOOKING_SUSPENDED naming the dates. */
  async refuseIfSuspended(userId: string, institutionId: string, now = new Date()): Promise<void> {
    const s = await this.repository.inForce(userId, institutionId, now);
    if (!s) return;
    fail('BOOKING_SUSPENDED', suspensionMessage({ from: s.starts_at, until: s.ends_at, reason: s.reason }), {
      suspension: { id: s.id, from: s.starts_at.toISOString(), until: s.ends_at.toISOString(), timeZone: BEIJING, reason: s.reason },
    });
  }

  /** Researchers their own; staff their institution's; the bureau and auditors all. */
  async list(actor: Actor | null, query: SuspensionQuery): Promise<Page<SuspensionView>> {
    const a = requireActor(actor);
    const { page, pageSize, offset } = pageWindow(query);
    const filter = new SqlFilter();
    if (a.role === 'researcher') filter.and('user_id = ?', a.userId);
    else if (a.role !== 'bureau' && a.role !== 'auditor') filter.and('institution_id = ?', a.institutionId);
    if (query.userId) filter.and('user_id = ?', query.userId);
    if (query.active) filter.and('lifted_at is null and starts_at <= now() and ends_at > now()');
    const { rows, total } = await this.repository.listSuspensions(filter, pageSize, offset);
    return { items: rows.map((r) => view(r)), total, page, pageSize };
  }

  async lift(actor: Actor | null, id: string, dto: LiftSuspensionDto): Promise<SuspensionView> {
    const a = requireActor(actor);
    const found = UUID_PATTERN.test(id) ? await this.repository.findSuspension(id) : null;
    if (!found) fail('NOT_FOUND', noSuch('预约暂停', 'suspension', id));
    authorize(a, 'suspension.read', { institutionId: found.institution_id, userId: found.user_id }, noSuch('预约暂停', 'suspension', id));
    authorize(a, 'suspension.lift', { institutionId: found.institution_id, region: await this.regionOf(found.institution_id) });
    const lifted = await this.repository.lift(found.id, a.userId, dto.reason.trim());
    if (!lifted) fail('ILLEGAL_TRANSITION', said(`预约暂停 ${id} 已经解除`, `suspension ${id} was already lifted`), { liftedAt: found.lifted_at?.toISOString() ?? null });
    return view(lifted);
  }

  async getPolicy(actor: Actor | null, institutionId: string): Promise<NoShowPolicyView> {
    requireActor(actor);
    if (!UUID_PATTERN.test(institutionId)) fail('NOT_FOUND', noSuch('单位', 'institution', institutionId));
    const custom = await this.repository.policy(null, institutionId);
    return { institutionId, ...(custom ?? DEFAULT_NO_SHOW_POLICY), custom: custom !== null };
  }

  async putPolicy(actor: Actor | null, institutionId: string, dto: NoShowPolicyDto): Promise<NoShowPolicyView> {
    const a = requireActor(actor);
    if (!UUID_PATTERN.test(institutionId)) fail('NOT_FOUND', noSuch('单位', 'institution', institutionId));
    authorize(a, 'no-show-policy.write', { institutionId, region: await this.regionOf(institutionId) });
    await this.repository.putPolicy(institutionId, { noShowLimit: dto.noShowLimit, windowDays: dto.windowDays, suspensionDays: dto.suspensionDays }, a.userId);
    return this.getPolicy(a, institutionId);
  }
}
