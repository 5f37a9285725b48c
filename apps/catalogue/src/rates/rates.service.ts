import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { Actor, FieldError, RateCardDto, RateCardView } from '@yixiang/contracts';
import { AuditTrail, authorize, fail, requireActor, PG_EXCLUSION_VIOLATION, PG_UNIQUE_VIOLATION, pgCode, retryOnDeadlock, validationMessage } from '@yixiang/common';
import { overlappingCards, parseDateOrInstant, RateCardWindow, said } from '@yixiang/domain';
import { RateCard } from '../entities';
import { InstrumentsService } from '../instruments/instruments.service';
import { SearchCache } from '../search';
import { rateCardView } from '../shared/views';

@Injectable()
export class RatesService {
  constructor(
    private readonly em: EntityManager,
    private readonly instruments: InstrumentsService,
    private readonly cache: SearchCache,
    private readonly audit: AuditTrail,
  ) {}

  async list(actor: Actor | null, instrumentRef: string): Promise<RateCardView[]> {
    const instrument = await this.instruments.findVisible(requireActor(actor), instrumentRef);
    const cards = await this.em.find(RateCard, { instrumentId: instrument.id }, { orderBy: { serviceMode: 'asc', validFrom: 'asc' } });
    return cards.map((c) => rateCardView(c, instrument.code));
  }

  /**
   * Replaces the instrument's whole set of rate cards (PUT semantics), upserting by code. The
   * overlap check here names the offending cards; the deferred exclusion constraint guards the
   * same rule against concurrent writers at commit.
   */
  async replace(actor: Actor | null, instrumentRef: string, cards: RateCardDto[]): Promise<RateCardView[]> {
    const a = requireActor(actor);
    const instrument = await this.instruments.find(instrumentRef);
    authorize(a, 'rate.write', { institutionId: instrument.institutionId });
    const windows = this.validate(cards);
    const overlaps = overlappingCards(windows);
    if (overlaps.length) {
      fail('RATE_CARD_OVERLAP', said(`价目卡 ${overlaps.map(([x, y]) => `${x.code} 与 ${y.code}`).join('、')} 属于同一服务方式，有效期重叠`, `rate cards ${overlaps.map(([x, y]) => `${x.code} and ${y.code}`).join(', ')} overlap in validity for the same service mode`), { overlaps: overlaps.map(([x, y]) => [x.code, y.code]) });
    }
    const foreign = await this.em.find(RateCard, { code: { $in: cards.map((c) => c.code) }, instrumentId: { $ne: instrument.id } });
    if (foreign.length) {
      fail('DUPLICATE', said(`价目卡编号 ${foreign.map((c) => c.code).join('、')} 属于其他仪器`, `rate card code ${foreign.map((c) => c.code).join(', ')} belongs to another instrument`), {
        fields: foreign.map((c) => ({ field: 'code', reason: said(`${c.code} 已被其他仪器使用`, `${c.code} is taken by another instrument`) })),
      });
    }
    try {
      // The whole replacement again if it lost a deadlock on the validity exclusion constraint (see retryOnDeadlock).
      await retryOnDeadlock(() => this.em.transactional(async (em) => {
        const orderBy = { serviceMode: 'asc', validFrom: 'asc', code: 'asc' } as const;
        const before = (await em.find(RateCard, { instrumentId: instrument.id }, { orderBy })).map((c) => rateCardView(c, instrument.code));
        await em.nativeDelete(RateCard, { instrumentId: instrument.id, code: { $nin: cards.map((c) => c.code) } });
        const existing = new Map((await em.find(RateCard, { instrumentId: instrument.id })).map((c) => [c.code, c]));
        for (const [i, dto] of cards.entries()) {
          const values = {
            instrumentId: instrument.id, serviceMode: dto.serviceMode, unit: dto.unit, internalPriceFen: dto.internalPriceFen,
            externalPriceFen: dto.externalPriceFen, incrementMinutes: dto.unit === 'hour' ? dto.incrementMinutes ?? null : null,
            minimumChargeFen: dto.minimumChargeFen ?? 0, validFrom: new Date(windows[i].from),
            validTo: Number.isFinite(windows[i].to) ? new Date(windows[i].to) : null,
          };
          const card = existing.get(dto.code);
          if (card) em.assign(card, values);
          else em.create(RateCard, { code: dto.code, ...values });
        }
        await em.flush();
        const after = (await em.find(RateCard, { instrumentId: instrument.id }, { orderBy, refresh: true })).map((c) => rateCardView(c, instrument.code));
        await this.audit.append(em, { actor: a, action: 'rate-cards.replace', objectType: 'rate-cards', objectId: instrument.id, before, after });
      }));
    } catch (error) {
      if (pgCode(error) === PG_EXCLUSION_VIOLATION) {
        fail('RATE_CARD_OVERLAP', said('同一服务方式的价目卡有效期重叠（同时有另一处修改已保存）', 'rate cards of one service mode overlap in validity (another change was saved at the same time)'));
      }
      if (pgCode(error) === PG_UNIQUE_VIOLATION) fail('DUPLICATE', said('价目卡编号已被占用', 'a rate card code is already taken'));
      throw error;
    }
    this.em.clear();
    await this.cache.bump();
    return this.list(a, instrument.id);
  }

  private validate(cards: RateCardDto[]): RateCardWindow[] {
    const bad: FieldError[] = [];
    const seen = new Set<string>();
    const windows = cards.map((card, i) => {
      const at = (field: string) => `cards[${i}].${field}`;
      if (seen.has(card.code)) bad.push({ field: at('code'), reason: `code ${card.code} appears twice` });
      seen.add(card.code);
      if (card.unit === 'hour' && !card.incrementMinutes) bad.push({ field: at('incrementMinutes'), reason: 'an hourly card needs incrementMinutes' });
      if (card.serviceMode === 'sample' && card.unit !== 'sample') bad.push({ field: at('unit'), reason: 'sample submission is priced per sample' });
      const from = parseDateOrInstant(card.validFrom);
      const to = card.validTo ? parseDateOrInstant(card.validTo) : null;
      if (typeof from === 'string') bad.push({ field: at('validFrom'), reason: from });
      if (typeof to === 'string') bad.push({ field: at('validTo'), reason: to });
      const fromMs = from instanceof Date ? from.getTime() : 0;
      const toMs = to instanceof Date ? to.getTime() : Number.POSITIVE_INFINITY;
      if (toMs <= fromMs) bad.push({ field: at('validTo'), reason: 'validTo must be after validFrom' });
      return { code: card.code, serviceMode: card.serviceMode, from: fromMs, to: toMs };
    });
    if (bad.length) fail('VALIDATION_FAILED', validationMessage(bad), { fields: bad });
    return windows;
  }
}


