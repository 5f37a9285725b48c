import { Inject, Injectable } from '@nestjs/common';
import { ClientProxy } from '@nestjs/microservices';
import {
  Actor, AnySubject, BillingFacts, BookingContext, CatalogueSubjects, GrantQualificationDto, InstrumentSearchQuery, PayloadOf, QualificationCheckReply, QualificationView,
  ReplyOf, UserAffiliation,
} from '@yixiang/contracts';
import { InstitutionRegions, relay, ServiceClient, trimOldest } from '@yixiang/common';
import { BookingConfig } from '../config';

import { NATS_CLIENT } from '@yixiang/common';

/** How long an instrument's booking context is reused: an administrator's change of rules or hours applies within this. */
const CONTEXT_TTL_MS = 5000;

/**
 * The booking service's questions to the catalogue (see the catalogue's BookingContextService for
 * why it asks). Contexts are kept for a few seconds: a busy instrument's bookings then cost one
 * catalogue request per few seconds rather than one each. Nothing that keeps bookings apart depends
 * on it — that is the database's exclusion constraint; qualifications are always asked afresh.
 */
@Injectable()
export class CatalogueClient {
  private readonly client: ServiceClient;
  private readonly contexts = new Map<string, { context: Promise<BookingContext>; expires: number }>();

  /** Institutions' regions, for regional bureau officers' permissions and lists (issue 16). */
  readonly regions: InstitutionRegions;

  constructor(@Inject(NATS_CLIENT) proxy: ClientProxy, config: BookingConfig) {
    this.client = new ServiceClient(proxy, 'catalogue', config.NATS_TIMEOUT_MS);
    this.regions = new InstitutionRegions(this.client);
  }

  context(instrument: string): Promise<BookingContext> {
    const key = instrument.toLowerCase();
    const now = Date.now();
    const kept = this.contexts.get(key);
    if (kept && kept.expires > now) return kept.context;
    const context = this.call(CatalogueSubjects.instrumentBookingContext, { id: instrument });
    this.contexts.set(key, { context, expires: now + CONTEXT_TTL_MS });
    context.catch(() => this.contexts.delete(key));
    trimOldest(this.contexts, 10000);
    return context;
  }

  candidates(actor: Actor, query: InstrumentSearchQuery, limit: number): Promise<BookingContext[]> {
    return this.call(CatalogueSubjects.instrumentBookingCandidates, { actor, data: query, limit });
  }

  qualified(userId: string, instrumentId: string, at: Date): Promise<QualificationCheckReply> {
    return this.call(CatalogueSubjects.qualificationCheck, { userId, instrumentId, at: at.toISOString() });
  }

  /** A passed training's qualification, granted as the operator who recorded it (the catalogue checks they may). */
  grantQualification(actor: Actor, data: GrantQualificationDto): Promise<QualificationView> {
    return this.call(CatalogueSubjects.qualificationGrant, { actor, data });
  }

  /** A user by id or email, and their institution (a VALIDATION_FAILED naming the field when there is none): a fund account's members, a terminal's confirmed unbooked use. */
  affiliation(ref: { userId?: string; email?: string }): Promise<UserAffiliation> {
    return this.call(CatalogueSubjects.userAffiliation, ref);
  }

  /** Users' names by id (at most 500): how a research group's page names its members. */
  async names(userIds: readonly string[]): Promise<Map<string, string>> {
    if (!userIds.length) return new Map();
    const contacts = await this.call(CatalogueSubjects.userContacts, { userIds: [...new Set(userIds)].slice(0, 500) });
    return new Map(contacts.map((c) => [c.id, c.name]));
  }

  /** The instrument's rate cards, as settlement prices with them: what a booking's hold is estimated from. */
  async rateCards(instrumentId: string): Promise<BillingFacts['rateCards']> {
    return (await this.call(CatalogueSubjects.billingFacts, { instrumentIds: [instrumentId], institutionIds: [] })).rateCards;
  }

  private call<S extends AnySubject>(subject: S, payload: PayloadOf<S>): Promise<ReplyOf<S>> {
    return relay(this.client, subject, payload);
  }
}
