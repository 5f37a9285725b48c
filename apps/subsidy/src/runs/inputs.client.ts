import { Inject, Injectable } from '@nestjs/common';
import { ClientProxy } from '@nestjs/microservices';
import { BillingSubjects, CatalogueSubjects, SubsidyFacts, UsageRecordDetail } from '@yixiang/contracts';
import { relay, ServiceClient } from '@yixiang/common';
import { EvalInstitution, EvalInstrument, Policy, UsageFigures, UsageReducer } from '@yixiang/domain';
import type Redis from 'ioredis';
import { randomUUID } from 'node:crypto';
import { SubsidyConfig } from '../config';
import { usageGroupsOfChunk } from './usage-groups.reader';

/** Ids per names request: keeps every NATS message well under its size limit (as billing's facts client). */
const NAMES_CHUNK = 1000;

export const SUBSIDY_REDIS = Symbol('SUBSIDY_REDIS');

import { NATS_CLIENT } from '@yixiang/common';
/** Instruments per catalogue page: a reply stays well under NATS’s 1 MB message limit. */
const PAGE = 1000;
const TIMEOUT_MS = 120000;

/** Everything a run reads, as the catalogue and billing state it now: the run freezes it. */
export interface RunInputs {
  institutions: (EvalInstitution & { id: string })[];
  instruments: (EvalInstrument & { id: string })[];
  usage: UsageFigures;
}

/** Reads a run's inputs from the catalogue and billing over NATS, page by page (no service reads another's tables). */
@Injectable()
export class InputsClient {
  private readonly catalogue: ServiceClient;
  private readonly billing: ServiceClient;

  constructor(
    @Inject(NATS_CLIENT) proxy: ClientProxy,
    @Inject(SUBSIDY_REDIS) private readonly redis: Redis,
    private readonly config: SubsidyConfig,
  ) {
    this.catalogue = new ServiceClient(proxy, 'catalogue', TIMEOUT_MS);
    this.billing = new ServiceClient(proxy, 'billing', TIMEOUT_MS);
  }

  async read(year: number, policy: Policy, progress: (fraction: number) => Promise<void>): Promise<RunInputs> {
    const inputs: RunInputs = { institutions: [], instruments: [], usage: { instruments: new Map(), institutions: new Map() } };
    // Billing sums the year while the catalogue pages come in: the two do not depend on each other.
    const listKey = `${this.config.BULLMQ_PREFIX}:usage-groups:${randomUUID()}`;
    let billingFailure: unknown = null;
    const summed = relay(this.billing, BillingSubjects.usageGroups, { year, listKey });
    summed.catch((error: unknown) => (billingFailure = error ?? new Error('billing failed')));
    const instrumentCode = new Map<string, string>();
    for (let after: string | null = null; ;) {
      const page: SubsidyFacts = await relay(this.catalogue, CatalogueSubjects.subsidyFacts, { after, limit: PAGE });
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
    const reducer = new UsageReducer(inputs.institutions, inputs.instruments, policy, year);
    // Chunks are reduced as billing writes them; an empty chunk is the end. A blocking pop needs a
    // connection of its own.
    const reader = this.redis.duplicate();
    try {
      for (let read = 0; ;) {
        const popped = await reader.blpop(listKey, 1);
        if (popped === null) {
          if (billingFailure) throw billingFailure;
          continue;
        }
        const text = popped[1];
        if (text === '') break;
        for (const group of usageGroupsOfChunk(text, instrumentCode, institutionCode)) reducer.add(group);
        read++;
        // Progress from 30 % to 60 % as chunks come; their number is known only at the end.
        await progress(0.3 + 0.3 * (1 - 1 / (1 + read / 10)));
      }
      await summed;
    } finally {
      reader.disconnect();
      await this.redis.del(listKey);
    }
    inputs.usage = reducer.figures;
    await progress(0.6);
    return inputs;
  }

  /** The catalogue's current names of institutions and instruments by id (the spreadsheet exports' names beside codes). */
  async names(instrumentIds: string[], institutionIds: string[]): Promise<Map<string, string>> {
    const names = new Map<string, string>();
    const n = Math.max(Math.ceil(instrumentIds.length / NAMES_CHUNK), Math.ceil(institutionIds.length / NAMES_CHUNK), 1);
    for (let i = 0; i < n; i++) {
      const part = await relay(this.catalogue, CatalogueSubjects.billingFacts, {
        instrumentIds: instrumentIds.slice(i * NAMES_CHUNK, (i + 1) * NAMES_CHUNK), institutionIds: institutionIds.slice(i * NAMES_CHUNK, (i + 1) * NAMES_CHUNK),
      });
      for (const x of [...part.instruments, ...part.institutions]) if (x.name) names.set(x.id, x.name);
    }
    return names;
  }

  recordsOf(year: number, instrumentId: string): Promise<UsageRecordDetail[]> {
    return relay(this.billing, BillingSubjects.usageRecordsOf, { year, instrumentId });
  }
}
