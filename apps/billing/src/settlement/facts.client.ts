import { Inject, Injectable } from '@nestjs/common';
import { ClientProxy } from '@nestjs/microservices';
import { BillingFacts, CatalogueSubjects, NationalInstrumentFacts, ResolvedCodes } from '@yixiang/contracts';
import type { Contact } from '@yixiang/domain';
import { InstitutionRegions, NATS_CLIENT, relay, ServiceClient } from '@yixiang/common';
import { BillingConfig } from '../config';

/** Ids per request: keeps every NATS message well under its size limit. */
const CHUNK = 1000;

/** Catalogue facts in bulk: rate cards and codes for settlement, exports and imports. */
@Injectable()
export class FactsClient {
  private readonly client: ServiceClient;
  /** Institutions' regions, for regional bureau officers' permissions and lists (issue 16). */
  readonly regions: InstitutionRegions;

  constructor(@Inject(NATS_CLIENT) proxy: ClientProxy, config: BillingConfig) {
    this.client = new ServiceClient(proxy, 'catalogue', config.NATS_TIMEOUT_MS);
    this.regions = new InstitutionRegions(this.client);
  }

  async facts(instrumentIds: string[], institutionIds: string[]): Promise<BillingFacts> {
    const out: BillingFacts = { instruments: [], institutions: [], rateCards: [] };
    const n = Math.max(Math.ceil(instrumentIds.length / CHUNK), Math.ceil(institutionIds.length / CHUNK), 1);
    for (let i = 0; i < n; i++) {
      const part = await relay(this.client, CatalogueSubjects.billingFacts, {
        instrumentIds: instrumentIds.slice(i * CHUNK, (i + 1) * CHUNK), institutionIds: institutionIds.slice(i * CHUNK, (i + 1) * CHUNK),
      });
      out.instruments.push(...part.instruments);
      out.institutions.push(...part.institutions);
      out.rateCards.push(...part.rateCards);
    }
    return out;
  }

  /** An institution and its instruments as the national records need them (issue 20). */
  nationalInstruments(institutionId: string): Promise<NationalInstrumentFacts> {
    return relay(this.client, CatalogueSubjects.nationalInstruments, { institutionId });
  }

  /** Users' names (and institutions), 500 at a time: what the catalogue answers per request. */
  async contacts(userIds: string[]): Promise<Contact[]> {
    const out: Contact[] = [];
    for (let i = 0; i < userIds.length; i += 500) out.push(...await relay(this.client, CatalogueSubjects.userContacts, { userIds: userIds.slice(i, i + 500) }));
    return out;
  }

  async resolve(codes: { instruments: string[]; users: string[]; institutions: string[] }): Promise<ResolvedCodes> {
    const out: ResolvedCodes = { instruments: {}, users: {}, institutions: {} };
    const n = Math.max(...[codes.instruments, codes.users, codes.institutions].map((l) => Math.ceil(l.length / CHUNK)), 1);
    for (let i = 0; i < n; i++) {
      const part = await relay(this.client, CatalogueSubjects.codesResolve, {
        instruments: codes.instruments.slice(i * CHUNK, (i + 1) * CHUNK), users: codes.users.slice(i * CHUNK, (i + 1) * CHUNK),
        institutions: codes.institutions.slice(i * CHUNK, (i + 1) * CHUNK),
      });
      Object.assign(out.instruments, part.instruments);
      Object.assign(out.users, part.users);
      Object.assign(out.institutions, part.institutions);
    }
    return out;
  }
}
