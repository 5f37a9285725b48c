import { Injectable } from '@nestjs/common';
import { BillingFacts, NationalInstrumentFacts, ResolvedCodes, SubsidyFacts } from '@yixiang/contracts';
import { UUID_PATTERN } from '@yixiang/domain';
import { BillingFactsRepository } from './billing-facts.repository';

const ids = (list: unknown): string[] => (Array.isArray(list) ? list.filter((x): x is string => typeof x === 'string' && UUID_PATTERN.test(x)) : []);
const codes = (list: unknown): string[] => (Array.isArray(list) ? list.filter((x): x is string => typeof x === 'string' && x.length <= 64) : []);

/** Catalogue facts for the billing service, asked in bulk over NATS (billing never reads these tables). */
@Injectable()
export class BillingFactsService {
  constructor(private readonly repository: BillingFactsRepository) {}

  async facts(instrumentIds: unknown, institutionIds: unknown): Promise<BillingFacts> {
    const instruments = ids(instrumentIds);
    const [rows, rateCards] = await Promise.all([this.repository.instruments(instruments), this.repository.rateCards(instruments)]);
    const institutionSet = new Set([...ids(institutionIds), ...rows.map((r) => r.institutionId)]);
    const institutions = await this.repository.institutions([...institutionSet]);
    return { instruments: rows, institutions, rateCards };
  }

  /**
   * What a subsidy run reads of the catalogue: every institution (users come from anywhere) and a
   * page of instruments (by code, after `after`) with their rate-card validities.
   */
  async subsidyFacts(after: string | null, limit: number): Promise<SubsidyFacts> {
    const institutions = after === null ? await this.repository.allInstitutions() : [];
    const instruments = await this.repository.instrumentFacts(after ?? '', Math.min(Math.max(limit, 1), 20000));
    return { institutions, instruments };
  }

  /** An institution and its instruments for the national records (issue 20); no institution: null and none. */
  async nationalInstruments(institutionId: unknown): Promise<NationalInstrumentFacts> {
    if (typeof institutionId !== 'string' || !UUID_PATTERN.test(institutionId)) return { institution: null, instruments: [] };
    const [institution] = await this.repository.institutions([institutionId]);
    if (!institution) return { institution: null, instruments: [] };
    return {
      institution: { id: institution.id, code: institution.code, name: institution.name ?? institution.code, region: institution.region ?? null },
      instruments: await this.repository.nationalInstruments(institutionId),
    };
  }

  resolve(instrumentCodes: unknown, userCodes: unknown, institutionCodes: unknown): Promise<ResolvedCodes> {
    return this.repository.resolve({ instruments: codes(instrumentCodes), users: codes(userCodes), institutions: codes(institutionCodes) });
  }
}
