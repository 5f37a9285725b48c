import { Inject, Injectable } from '@nestjs/common';
import { ClientProxy } from '@nestjs/microservices';
import { BillingSubjects, CatalogueSubjects } from '@yixiang/contracts';
import { relay, ServiceClient } from '@yixiang/common';
import { EvalInstitution, EvalInstrument, UsageGroup } from '@yixiang/domain';

export const NATS_CLIENT = 'NATS_CLIENT';
const PAGE = 5000;
const TIMEOUT_MS = 120000;

/** Everything a run reads, as the catalogue and billing state it now: the run freezes it. */
export interface RunInputs {
  institutions: (EvalInstitution & { id: string })[];
  instruments: (EvalInstrument & { id: string })[];
  usage: UsageGroup[];
}

interface InstrumentFact {
  id: string; code: string; institutionCode: string; originalValueFen: string; purchaseDate: string | null; retiredOn: string | null;
  specialised: boolean; sharingStatus: 'open' | 'internal' | 'suspended'; onlineBooking: boolean; rateCards: { validFrom: string; validTo: string | null }[];
}

/** Reads a run's inputs from the catalogue and billing over NATS, page by page (no service reads another's tables). */
@Injectable()
export class InputsClient {
  private readonly catalogue: ServiceClient;
  private readonly billing: ServiceClient;

  constructor(@Inject(NATS_CLIENT) proxy: ClientProxy) {
    this.catalogue = new ServiceClient(proxy, 'catalogue', TIMEOUT_MS);
    this.billing = new ServiceClient(proxy, 'billing', TIMEOUT_MS);
  }

  async read(year: number, progress: (fraction: number) => Promise<void>): Promise<RunInputs> {
    const inputs: RunInputs = { institutions: [], instruments: [], usage: [] };
    const instrumentCode = new Map<string, string>();
    for (let after: string | null = null; ;) {
      const page: { institutions: (EvalInstitution & { id: string })[]; instruments: InstrumentFact[] } =
        await relay(this.catalogue, CatalogueSubjects.subsidyFacts, { after, limit: PAGE });
      if (after === null) inputs.institutions = page.institutions;
      for (const i of page.instruments) {
        instrumentCode.set(i.id, i.code);
        inputs.instruments.push({
          id: i.id, code: i.code, institutionCode: i.institutionCode, originalValueFen: BigInt(i.originalValueFen), purchaseDate: i.purchaseDate,
          retiredOn: i.retiredOn, specialised: i.specialised, sharingStatus: i.sharingStatus, onlineBooking: i.onlineBooking,
          rateCards: i.rateCards.map((c) => ({ validFrom: new Date(c.validFrom), validTo: c.validTo ? new Date(c.validTo) : null })),
        });
      }
      if (page.instruments.length < PAGE) break;
      after = page.instruments[page.instruments.length - 1].code;
    }
    await progress(0.3);
    const institutionCode = new Map(inputs.institutions.map((i) => [i.id, i.code]));
    for (let after: [string, string, string] | null = null; ;) {
      const page: { instrumentId: string; userInstitutionId: string; serviceCategory: string; minutes: string; amountFen: string; ratingCount: number; ratingSum: number }[] =
        await relay(this.billing, BillingSubjects.usageGroups, { year, after, limit: PAGE * 4 });
      for (const g of page) {
        inputs.usage.push({
          instrumentCode: instrumentCode.get(g.instrumentId) ?? g.instrumentId, userInstitutionCode: institutionCode.get(g.userInstitutionId) ?? g.userInstitutionId,
          serviceCategory: g.serviceCategory, minutes: BigInt(g.minutes), amountFen: BigInt(g.amountFen), ratingCount: g.ratingCount, ratingSum: g.ratingSum,
        });
      }
      if (page.length < PAGE * 4) break;
      const last = page[page.length - 1];
      after = [last.instrumentId, last.userInstitutionId, last.serviceCategory];
    }
    await progress(0.6);
    return inputs;
  }

  recordsOf(year: number, instrumentId: string): Promise<Record<string, unknown>[]> {
    return relay(this.billing, BillingSubjects.usageRecordsOf, { year, instrumentId });
  }
}
