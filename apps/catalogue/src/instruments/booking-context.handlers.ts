import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import { Actor, CatalogueSubjects, InstrumentSearchQuery } from '@yixiang/contracts';
import { Handles } from '@yixiang/common';
import { BillingFactsService } from './billing-facts.service';
import { BookingContextService } from './booking-context.service';

/** Internal requests of the booking and billing services; the gateway never routes a client here. */
@Controller()
export class BookingContextHandlers {
  constructor(
    private readonly contexts: BookingContextService,
    private readonly facts: BillingFactsService,
  ) {}

  @Handles(CatalogueSubjects.instrumentBookingContext)
  context(@Payload('id') id: string) {
    return this.contexts.context(id);
  }

  @Handles(CatalogueSubjects.instrumentBookingCandidates)
  candidates(@Payload('actor') actor: Actor | null, @Payload('data') data: InstrumentSearchQuery, @Payload('limit') limit: number) {
    return this.contexts.candidates(actor, data, Math.min(Math.max(Number(limit) || 100, 1), 500));
  }

  @Handles(CatalogueSubjects.billingFacts)
  billingFacts(@Payload('instrumentIds') instrumentIds: unknown, @Payload('institutionIds') institutionIds: unknown) {
    return this.facts.facts(instrumentIds, institutionIds);
  }

  @Handles(CatalogueSubjects.subsidyFacts)
  subsidyFacts(@Payload('after') after: string | null, @Payload('limit') limit: number) {
    return this.facts.subsidyFacts(typeof after === 'string' ? after : null, Number(limit) || 5000);
  }

  @Handles(CatalogueSubjects.nationalInstruments)
  nationalInstruments(@Payload('institutionId') institutionId: unknown) {
    return this.facts.nationalInstruments(institutionId);
  }

  @Handles(CatalogueSubjects.codesResolve)
  resolve(@Payload('instruments') instruments: unknown, @Payload('users') users: unknown, @Payload('institutions') institutions: unknown) {
    return this.facts.resolve(instruments, users, institutions);
  }

  @Handles(CatalogueSubjects.userAffiliation)
  affiliation(@Payload('userId') userId?: string, @Payload('email') email?: string) {
    return this.contexts.affiliation({ userId, email });
  }

  @Handles(CatalogueSubjects.userContacts)
  contacts(@Payload('userIds') userIds: unknown, @Payload('institutionId') institutionId: unknown) {
    return this.contexts.contacts(userIds, institutionId);
  }

  @Handles(CatalogueSubjects.qualificationCheck)
  qualified(@Payload('userId') userId: string, @Payload('instrumentId') instrumentId: string, @Payload('at') at: string) {
    return this.contexts.qualified(userId, instrumentId, at);
  }
}
